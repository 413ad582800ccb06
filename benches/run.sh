#!/usr/bin/env bash
# esgbook benchmark harness: esgbook build / esgbook check vs mdBook vs Hugo on
# the same synthetic report. See benches/README.md. Not part of cargo test or CI.
#
# Progress and install messages go to stderr; the Markdown report goes to
# stdout (so `benches/run.sh > report.md` captures just the report). Raw
# numbers are written to benches/results/<timestamp>.json.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: benches/run.sh [--sizes 500,2000,5000] [--runs 5] [--esgbook PATH] [--no-build]
                      [--tools esgbook-build,esgbook-check,mdbook,hugo,esgbook-pdf,chromium-print]
                      [--work DIR] [--seed N]

  --sizes LIST   section counts to generate (default 500,2000,5000)
  --runs N       timed runs per tool and size, after one warm-up (default 5)
  --esgbook PATH esgbook binary (also: ESGBOOK=PATH; default target/release/esgbook)
  --no-build     do not run `cargo build --release`; if the binary is missing,
                 skip esgbook (with a message) and measure the peers only
  --tools LIST   subset of esgbook-build,esgbook-check,mdbook,hugo,esgbook-pdf,
                 chromium-print (default all). esgbook-pdf is `esgbook pdf`; chromium-print
                 is headless Chromium printing the same report's print.html to PDF (the
                 route users had before `esgbook pdf`)
  --work DIR     where reports are generated and built (default target/bench-work)
  --seed N       generator seed (default 2025)

Installs what it needs, and prints each install: mdBook 0.5.4 (cargo install
--locked into target/bench-tools), Hugo, Chromium and GNU time (Debian packages).
EOF
}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/benches"
SIZES=500,2000,5000
RUNS=5
NO_BUILD=0
TOOLS=esgbook-build,esgbook-check,mdbook,hugo,esgbook-pdf,chromium-print
WORK="$ROOT/target/bench-work"
SEED=2025
ESGBOOK_SET=0
if [[ -n "${ESGBOOK:-}" ]]; then ESGBOOK_SET=1; fi
ESGBOOK=${ESGBOOK:-"$ROOT/target/release/esgbook"}
MDBOOK_VERSION=0.5.4
TOOLS_DIR="$ROOT/target/bench-tools"
CMDLINE="benches/run.sh $*"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES=$2; shift 2 ;;
    --sizes=*) SIZES=${1#*=}; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --esgbook) ESGBOOK=$2; ESGBOOK_SET=1; shift 2 ;;
    --esgbook=*) ESGBOOK=${1#*=}; ESGBOOK_SET=1; shift ;;
    --no-build) NO_BUILD=1; shift ;;
    --tools) TOOLS=$2; shift 2 ;;
    --tools=*) TOOLS=${1#*=}; shift ;;
    --work) WORK=$2; shift 2 ;;
    --work=*) WORK=${1#*=}; shift ;;
    --seed) SEED=$2; shift 2 ;;
    --seed=*) SEED=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }
[[ "$SIZES" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "run.sh: --sizes must look like 500,2000,5000" >&2; exit 2; }
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
for t in "${TOOL_LIST[@]}"; do
  case "$t" in esgbook-build|esgbook-check|mdbook|hugo|esgbook-pdf|chromium-print) ;; *) echo "run.sh: unknown tool: $t" >&2; exit 2 ;; esac
done
if [[ "$ESGBOOK" != /* ]]; then ESGBOOK="$PWD/$ESGBOOK"; fi

say() { printf '[bench] %s\n' "$*" >&2; }
want() { local t; for t in "${TOOL_LIST[@]}"; do [[ "$t" == "$1" ]] && return 0; done; return 1; }
drop() {
  local keep=() t
  for t in "${TOOL_LIST[@]}"; do [[ "$t" == "$1" ]] || keep+=("$t"); done
  TOOL_LIST=("${keep[@]+"${keep[@]}"}")
}

SUDO=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO=(sudo); fi
APT_UPDATED=0
apt_install() {
  say "INSTALLING Debian package '$1': ${SUDO[*]+${SUDO[*]} }apt-get install -y $1"
  if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$1" >&2; then
    if [[ $APT_UPDATED -eq 0 ]]; then
      say "apt-get install failed; running apt-get update and retrying"
      "${SUDO[@]}" apt-get update >&2
      APT_UPDATED=1
      "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$1" >&2
    else
      return 1
    fi
  fi
}

# ---------------------------------------------------------------- tools
command -v python3 >/dev/null || { echo "run.sh: python3 is required" >&2; exit 1; }

if [[ ! -x /usr/bin/time ]]; then
  apt_install time
fi
TIME=/usr/bin/time
/usr/bin/time -v true 2>/dev/null || { echo "run.sh: /usr/bin/time -v does not work (need GNU time)" >&2; exit 1; }

MDBOOK=""
if want mdbook; then
  is_pinned_mdbook() { [[ -x "$1" ]] && "$1" --version 2>/dev/null | grep -Eq "(^|[ v])${MDBOOK_VERSION//./\\.}\$"; }
  for cand in "${MDBOOK_BIN:-}" "$(command -v mdbook || true)" "$TOOLS_DIR/bin/mdbook"; do
    if [[ -n "$cand" ]] && is_pinned_mdbook "$cand"; then MDBOOK=$cand; break; fi
  done
  if [[ -z "$MDBOOK" ]]; then
    say "INSTALLING mdBook $MDBOOK_VERSION (compiles from crates.io, takes a few minutes):"
    say "  cargo install mdbook --version $MDBOOK_VERSION --locked --root $TOOLS_DIR"
    cargo install mdbook --version "$MDBOOK_VERSION" --locked --root "$TOOLS_DIR" >&2
    MDBOOK="$TOOLS_DIR/bin/mdbook"
    is_pinned_mdbook "$MDBOOK" || { echo "run.sh: installed mdbook does not report $MDBOOK_VERSION" >&2; exit 1; }
  fi
  say "mdBook: $MDBOOK ($("$MDBOOK" --version))"
fi

HUGO=""
if want hugo; then
  if ! command -v hugo >/dev/null; then
    apt_install hugo
  fi
  HUGO=$(command -v hugo)
  say "Hugo: $HUGO ($("$HUGO" version))"
fi

CHROMIUM=""
if want chromium-print; then
  if [[ ! -x /usr/bin/chromium ]]; then
    apt_install chromium
  fi
  CHROMIUM=/usr/bin/chromium
  say "Chromium: $CHROMIUM ($("$CHROMIUM" --version 2>/dev/null))"
fi

if want esgbook-build || want esgbook-check || want esgbook-pdf || want chromium-print; then
  if [[ $NO_BUILD -eq 0 && $ESGBOOK_SET -eq 0 ]]; then
    say "BUILDING esgbook: cargo build --release (in $ROOT)"
    (cd "$ROOT" && cargo build --release >&2)
  fi
  if [[ ! -x "$ESGBOOK" ]]; then
    if [[ $NO_BUILD -eq 1 || $ESGBOOK_SET -eq 1 ]]; then
      say "SKIPPING esgbook build and check: no esgbook binary at $ESGBOOK"
      say "  (build it with cargo build --release, or pass --esgbook PATH / ESGBOOK=PATH)"
      drop esgbook-build; drop esgbook-check; drop esgbook-pdf; drop chromium-print
    else
      echo "run.sh: cargo build --release did not produce $ESGBOOK" >&2; exit 1
    fi
  else
    say "esgbook: $ESGBOOK ($("$ESGBOOK" --version 2>/dev/null || echo 'version unknown'))"
  fi
fi
[[ ${#TOOL_LIST[@]} -gt 0 ]] || { echo "run.sh: no tool left to measure" >&2; exit 1; }

# ---------------------------------------------------------------- measuring
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$WORK" "$BENCH/results"
RAW="$WORK/raw-$STAMP.tsv"
INFO="$WORK/info-$STAMP.tsv"
PAGES="$WORK/pages-$STAMP.tsv"
: >"$RAW"; : >"$PAGES"
{
  printf 'timestamp\t%s\n' "$STAMP"
  printf 'command\t%s\n' "$CMDLINE"
  printf 'runs\t%s\n' "$RUNS"
  if want mdbook; then printf 'version.mdbook\t%s\n' "$("$MDBOOK" --version)"; fi
  if want hugo; then printf 'version.hugo\t%s\n' "$("$HUGO" version | sed 's/^hugo v\([^ ]*\).*/Hugo \1/')"; fi
  if want chromium-print; then printf 'version.chromium\t%s\n' "$("$CHROMIUM" --version 2>/dev/null)"; fi
  if want esgbook-build || want esgbook-check || want esgbook-pdf; then
    printf 'version.esgbook\t%s\n' "$("$ESGBOOK" --version 2>/dev/null | sed 's/^esgbook //' || echo unknown)"
  else
    printf 'notes\t%s\n' "esgbook not measured (no binary at $ESGBOOK)"
  fi
} >"$INFO"

# out_dirs TOOL DIR: what a run of TOOL writes (deleted before every run).
out_dirs() {
  case "$1" in
    esgbook-build) echo "$2/esgbook/book" ;;
    esgbook-check) echo "" ;;
    mdbook) echo "$2/mdbook/book" ;;
    hugo) echo "$2/hugo/public $2/hugo/resources $2/hugo/.hugo_build.lock" ;;
    esgbook-pdf) echo "$2/esgbook.pdf" ;;
    chromium-print) echo "$2/chromium.pdf" ;;
  esac
}

# measure SIZE TOOL KIND RUN DIR -> appends one line to $RAW, returns 0 if ok
measure() {
  local n=$1 tool=$2 kind=$3 run=$4 dir=$5
  local tf="$WORK/time.txt" log="$WORK/last-$tool.log" cmd=() okcodes="0" d
  case "$tool" in
    esgbook-build) cmd=("$ESGBOOK" build "$dir/esgbook") ;;
    esgbook-check) cmd=("$ESGBOOK" check "$dir/esgbook"); okcodes="0 1" ;;  # 1 = coverage gaps
    mdbook) cmd=("$MDBOOK" build "$dir/mdbook") ;;
    hugo) cmd=("$HUGO" --quiet --source "$dir/hugo") ;;
    esgbook-pdf) cmd=("$ESGBOOK" pdf "$dir/esgbook" -o "$dir/esgbook.pdf") ;;
    # The print page of a site built once beforehand (print-site), as a user would print it.
    chromium-print) cmd=("$CHROMIUM" --headless --no-sandbox --disable-gpu --no-pdf-header-footer
                         "--user-data-dir=$WORK/chromium-profile" "--print-to-pdf=$dir/chromium.pdf"
                         "file://$dir/print-site/print.html") ;;
  esac
  for d in $(out_dirs "$tool" "$dir"); do rm -rf "$d"; done
  sync
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "$TIME" -v -o "$tf" "${cmd[@]}" >"$log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  local wall=$((t1 - t0))
  local rss user sys ok=0
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  user=$(awk -F': ' '/User time \(seconds\)/ {print $2}' "$tf")
  sys=$(awk -F': ' '/System time \(seconds\)/ {print $2}' "$tf")
  [[ " $okcodes " == *" $rc "* ]] && ok=1
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$n" "$tool" "$kind" "$run" "$wall" "${rss:-}" "${user:-}" "${sys:-}" "$rc" "$ok" >>"$RAW"
  local label="$kind"; [[ "$kind" == run ]] && label="run $run/$RUNS"
  if [[ $ok -eq 1 ]]; then
    say "$(printf '%6s %-14s %-10s %8.3f s %7.1f MB' "$n" "$tool" "$label" \
      "$(awk -v w="$wall" 'BEGIN{print w/1e9}')" "$(awk -v r="${rss:-0}" 'BEGIN{print r/1024}')")"
    return 0
  fi
  say "$(printf '%6s %-14s %-10s FAILED (exit %s); last lines of output:' "$n" "$tool" "$label" "$rc")"
  tail -n 20 "$log" | sed 's/^/[bench]     /' >&2
  return 1
}

for n in "${SIZE_LIST[@]}"; do
  dir="$WORK/$n"
  say "generating $n sections into $dir"
  python3 "$BENCH/gen.py" --sections "$n" --out "$dir" --seed "$SEED"
  if want chromium-print; then
    rm -rf "$dir/print-site"
    "$ESGBOOK" build "$dir/esgbook" >/dev/null 2>&1 && cp -r "$dir/esgbook/book" "$dir/print-site"
  fi
  active=()
  for tool in "${TOOL_LIST[@]}"; do
    if measure "$n" "$tool" warmup 0 "$dir"; then
      active+=("$tool")
      out=$(out_dirs "$tool" "$dir" | cut -d' ' -f1)
      if [[ -n "$out" && -d "$out" ]]; then
        printf '%s\t%s\t%s\t%s\n' "$n" "$tool" \
          "$(find "$out" -name '*.html' | wc -l)" "$(du -sb "$out" | cut -f1)" >>"$PAGES"
      fi
    else
      say "  $tool is skipped at $n sections (warm-up failed)"
    fi
  done
  k=${#active[@]}
  for ((r = 1; r <= RUNS; r++)); do
    # Alternate the tools, rotating who goes first each round.
    for ((j = 0; j < k; j++)); do
      tool=${active[$(((r - 1 + j) % k))]}
      measure "$n" "$tool" run "$r" "$dir" || true
    done
  done
done

JSON="$BENCH/results/$STAMP.json"
python3 "$BENCH/report.py" --raw "$RAW" --info "$INFO" --pages "$PAGES" --json-out "$JSON" --root "$ROOT" \
  | tee "$BENCH/results/$STAMP.md"
say "raw numbers: $JSON (Markdown: benches/results/$STAMP.md)"
