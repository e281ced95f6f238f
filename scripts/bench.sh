#!/usr/bin/env bash
# Reproduces PERFORMANCE.md: the benchmarks in benches/, then issue #23's six budgets
# (scripts/bench.py) printed as one table with the machine, each met or MISSED.
#
# Installs what the comparisons need when it is missing: jless (Debian's xcb headers, then
# `cargo install jless`), the official Python client (`pip install wavefront-api-client`) and
# tmux. Environment: RUNS (inspect runs, default 5), MB (document size, default 23),
# ONLY (budgets to check, default 1,2,3,4,5,6), MILLION (sources of budget 4's TUI run, default
# 1000000), PEERS (where jless goes, default target/peers). Budget 4 writes the million sources'
# JSON (about 360 MB) to a temporary file and takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
PEERS="${PEERS:-$TARGET/peers}"
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

apt_install() {
  command -v apt-get >/dev/null 2>&1 || { echo "install $* by hand" >&2; return 1; }
  $SUDO apt-get update -qq >/dev/null || true
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

JLESS="${JLESS:-$(command -v jless || true)}"
if [ -z "$JLESS" ] && [ -x "$PEERS/bin/jless" ]; then JLESS="$PEERS/bin/jless"; fi
if [ -z "$JLESS" ]; then
  echo "== installing jless (its clipboard crate links the xcb libraries)"
  apt_install libxcb-render0-dev libxcb-shape0-dev libxcb-xfixes0-dev || true
  cargo install --quiet --locked jless --root "$PEERS"
  JLESS="$PEERS/bin/jless"
fi
if ! python3 -c "import wavefront_api_client" 2>/dev/null; then
  echo "== installing the official Python client"
  python3 -m pip install --quiet wavefront-api-client
fi
command -v tmux >/dev/null 2>&1 || { echo "== installing tmux"; apt_install tmux; }

cargo build --release --locked --quiet
BENCH_OUT="$(mktemp)"
trap 'rm -f "$BENCH_OUT"' EXIT
echo "== cargo bench --bench table"
cargo bench --locked --quiet --bench table | tee "$BENCH_OUT"
echo "== cargo bench --bench inspector"
cargo bench --locked --quiet --bench inspector
echo "== the budgets"
python3 scripts/bench.py "$TARGET/release/wf-tui" "$JLESS" --table-bench "$BENCH_OUT" \
  --runs "${RUNS:-5}" --mb "${MB:-23}" --only "${ONLY:-1,2,3,4,5,6}" \
  --million "${MILLION:-1000000}"
