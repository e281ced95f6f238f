#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets) for a while each: envelope and error decoding, the
# JSON inspector's index, paging, token refresh, and the decoder against the index.
# Usage: scripts/fuzz.sh [SECONDS per target, default 600]
#
# cargo-fuzz needs nightly features; on a stable toolchain RUSTC_BOOTSTRAP=1 unlocks them.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-600}"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --root target/peers
  export PATH="$PWD/target/peers/bin:$PATH"
fi
export RUSTC_BOOTSTRAP=1
for target in decode_response json_index paging token_refresh decode_vs_index; do
  echo "== $target for ${SECONDS_EACH}s"
  cargo fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -max_len=65536
done
