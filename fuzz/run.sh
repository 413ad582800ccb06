#!/usr/bin/env bash
# Builds the fuzz targets and runs one for a while. Needs a nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz --locked`).
#   fuzz/run.sh TARGET [SECONDS]      targets: front_matter summary config pipeline
# Crashes land in fuzz/artifacts/TARGET/; new inputs in fuzz/corpus/TARGET/ (minimise with
# fuzz/cmin.sh TARGET before committing them).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-600}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-../target/fuzz}
cargo +nightly fuzz build -s none -a "$target"
mkdir -p "artifacts/$target" "corpus/$target"
"$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
  -artifact_prefix="artifacts/$target/" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1
