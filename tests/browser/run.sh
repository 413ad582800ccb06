#!/usr/bin/env bash
# Real-browser test of the report site: builds the sample report with $ESGBOOK (or a release build),
# then drives Debian's chromium with playwright-core (tests/browser/site.test.mjs): index
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

# ESGBOOK: a binary already built (CI passes the one `cargo test` built); else a release build.
if [ -z "${ESGBOOK:-}" ]; then
  cargo build --release --quiet
  ESGBOOK="${CARGO_TARGET_DIR:-$repo/target}/release/esgbook"
fi
"$ESGBOOK" build "$repo"

mkdir -p "$repo/target/screenshots"
SITE_DIR="$repo/book" SCREENSHOTS="$repo/target/screenshots" CHROMIUM=/usr/bin/chromium \
  node --test --test-reporter=spec "$here/site.test.mjs"
