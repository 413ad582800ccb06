#!/usr/bin/env bash
# Real-browser test of the report site: builds the sample report with $ESGBOOK (CI passes the
# binary `cargo test` built; else a release build) into a temporary folder (a copy of book.toml,
# content/ and data/, so the work tree's book/ is never touched), then drives Debian's chromium
# with playwright-core (tests/browser/site.test.mjs): index
# link to section, English and Chinese search, screenshots into target/screenshots/, and
# axe-core on the cover, a section and each index page.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

# fonts-noto-cjk: without it Chinese text renders as boxes in the screenshots.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser test: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${ESGBOOK:-}" ]; then
  cargo build --release --quiet
  ESGBOOK="${CARGO_TARGET_DIR:-$repo/target}/release/esgbook"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$repo/book.toml" "$work/"
cp -R "$repo/content" "$work/content"
cp -R "$repo/data" "$work/data"
"$ESGBOOK" build "$work"
# The review build of the same report, into a second folder (build-dir is relative to it).
mkdir "$work/review"
cp "$repo/book.toml" "$work/review/"
cp -R "$repo/content" "$work/review/content"
cp -R "$repo/data" "$work/review/data"
"$ESGBOOK" build --review "$work/review"

mkdir -p "$repo/target/screenshots"
SITE_DIR="$work/book" REVIEW_DIR="$work/review/book" SCREENSHOTS="$repo/target/screenshots" CHROMIUM=/usr/bin/chromium \
  node --test --test-reporter=spec "$here/site.test.mjs"
