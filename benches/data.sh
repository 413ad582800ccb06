#!/usr/bin/env bash
# benches/data.sh [RUNS]: the key performance data speed targets (issue 11), with the release
# binary. Prints the median of RUNS (default 7) timed runs of
#   1. `check` of a report whose data/ holds 20,000 rows across 500 metrics
#      (target: data load + checks under 100 ms on 2 cores; ESGBOOK_TIMINGS shows that
#      stage alone),
#   2. `build` of the 500-section synthetic report (benches/gen.py) without and with that
#      data and one {{#kpi}} directive per section (target: within 10 %).
set -euo pipefail
runs=${1:-7}
here=$(cd "$(dirname "$0")" && pwd)
bin=${ESGBOOK:-$here/../target/release/esgbook}
[ -x "$bin" ] || (cd "$here/.." && cargo build --release -q)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'EOF'
import os, sys
root = sys.argv[1]
# 500 metrics: 100 totals with a breakdown by region (4 members), sums and ratios among them.
os.makedirs(f"{root}/data", exist_ok=True)
lines = ["revenue: {label: Revenue, unit: HK$ million}"]
rows = ["metric,period,region,value,unit,note"]
periods = [str(y) for y in range(2025, 2015, -1)]
for y in periods:
    rows.append(f"revenue,{y},,\"4,826\",,")
for m in range(499):
    kind = m % 5
    if kind == 4:
        lines.append(f"m{m}: {{label: Intensity {m}, unit: t/HK$ million, ratio: [m{m-1}, revenue]}}")
    else:
        lines.append(f"m{m}: {{label: Metric {m}, unit: tonnes, dimensions: [region]}}")
    for y in periods:
        if kind == 4:
            continue
        rows.append(f"m{m},{y},,4000,,")
        for r in range(4):
            rows.append(f"m{m},{y},R{r},1000,,")
    if kind == 4:
        for y in periods:
            rows.append(f"m{m},{y},,0.83,,")
open(f"{root}/data/metrics.yaml", "w").write("\n".join(lines) + "\n")
open(f"{root}/data/values.csv", "w").write("\n".join(rows) + "\n")
print(f"{len(rows) - 1} rows, {len(lines)} metrics", file=sys.stderr)
EOF

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }

# 1. check with only data (one section showing one table).
mkdir -p "$work/d/content"
cp -r "$work/data" "$work/d/"
printf '[book]\ntitle = "Data"\n[esg]\nhkex = "hkex-esg-2025"\nperiod-end = 2025-12-31\n' > "$work/d/book.toml"
printf -- '- [KPI](kpi.md)\n' > "$work/d/content/SUMMARY.md"
printf '# KPI\n\n{{#kpi m0 by region}}\n' > "$work/d/content/kpi.md"
stage=$(ESGBOOK_TIMINGS=1 "$bin" check "$work/d" 2>&1 >/dev/null | grep -o 'load and check data.*' || true)
echo "data stage: ${stage:-"(no timing line; set ESGBOOK_TIMINGS)"}"
for _ in $(seq "$runs"); do time_ms "$bin" check "$work/d"; done | median | sed 's/^/check, 20,000 rows: median ms /'

# 2. build of the 500-section report without and with data, the two alternating (so that
# the machine's drift falls on both alike).
python3 "$here/gen.py" --sections 500 --out "$work/s" >/dev/null 2>&1 || { echo "benches/gen.py failed"; exit 1; }
cp -r "$work/s/esgbook" "$work/with"
cp -r "$work/data" "$work/with/"
find "$work/with/content" -name '*.md' ! -name SUMMARY.md | while read -r f; do
  printf '\n{{#kpi m0 m1 by region}}\n' >> "$f"
done
"$bin" build "$work/s/esgbook" >/dev/null 2>&1; "$bin" build "$work/with" >/dev/null 2>&1  # warm-up
: > "$work/without.ms"; : > "$work/with.ms"
for _ in $(seq "$runs"); do
  time_ms "$bin" build "$work/s/esgbook" >> "$work/without.ms"
  time_ms "$bin" build "$work/with" >> "$work/with.ms"
done
without=$(median < "$work/without.ms"); with=$(median < "$work/with.ms")
echo "build, 500 sections, no data: median ms $without"
echo "build, 500 sections, with data: median ms $with"
awk -v a="$without" -v b="$with" 'BEGIN { printf "with data / without: %.3f (target <= 1.10)\n", b / a }'
