#!/usr/bin/env bash
# Minimises fuzz/corpus/TARGET to the inputs that reach new edges (hit-count variants are
# dropped, which keeps the corpus small), keeping the named seed-* and regression-* files.
#   fuzz/cmin.sh TARGET
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/cmin.sh TARGET}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-../target/fuzz}
cargo +nightly fuzz build -s none -a "$target"
merged=$(mktemp -d)
TMPDIR=${TMPDIR:-/tmp} "$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/$target" \
  -merge=1 -use_counters=0 "$merged" "corpus/$target" 2>/dev/null
python3 - "corpus/$target" "$merged" <<'PY'
import hashlib, os, shutil, sys
old, new = sys.argv[1], sys.argv[2]
for name in os.listdir(old):
    if name.startswith(("seed-", "regression-")):
        data = open(os.path.join(old, name), "rb").read()
        duplicate = os.path.join(new, hashlib.sha1(data).hexdigest())
        if os.path.exists(duplicate):
            os.remove(duplicate)
        shutil.copy(os.path.join(old, name), os.path.join(new, name))
shutil.rmtree(old)
shutil.copytree(new, old)
shutil.rmtree(new)
files = os.listdir(old)
print(f"{old}: {len(files)} files, {sum(os.path.getsize(os.path.join(old, f)) for f in files)} bytes")
PY
