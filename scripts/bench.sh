#!/usr/bin/env bash
# Reproduces the numbers in README "Performance": the benchmarks in benches/, and wf-tui
# inspect against jless (installed here if missing: Debian's xcb headers, then cargo install).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -srm)"
cargo build --release --quiet
echo "== cargo bench --bench table"
cargo bench --quiet --bench table
echo "== cargo bench --bench inspector"
cargo bench --quiet --bench inspector

JLESS="${JLESS:-$(command -v jless || true)}"
if [ -z "$JLESS" ]; then
  echo "== installing jless (for the comparison)"
  if command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq libxcb-render0-dev libxcb-shape0-dev libxcb-xfixes0-dev >/dev/null
  fi
  cargo install --quiet jless --root target/peers
  JLESS=target/peers/bin/jless
fi
echo "== wf-tui inspect vs jless ($JLESS)"
python3 scripts/compare_jless.py target/release/wf-tui "$JLESS" "${MB:-20}" "${RUNS:-5}"
