#!/usr/bin/env bash
# `opsplan analyze L.opsplan --json > /dev/null` against a vectorised pandas implementation of the
# same cost roll-up, BOM explosion and capacity load (issue 17 part 3), both as whole processes,
# run in turn (A B A B ...) so that both see the same machine; prints each run and the ratio of
# the medians (pandas / opsplan; the target is at least 10).
#
# Usage: benches/analyze_vs_pandas.sh PANDAS_BASELINE.py [RUNS]
#   PANDAS_BASELINE.py  the pandas/numpy baseline script (`--time -n 1`: parse, compute and
#                       JSON out once, as one process); needs `pip install pandas numpy`
#   RUNS                pairs of runs (default 7)
# Environment: OPSPLAN (default target/release/opsplan; build it with `cargo build --release`),
#              WORK (default a new temp folder; holds L.opsplan, L.json and L.nonull.json).
#
# The baseline reads the plan JSON with plain `float()`/`int()` and does not accept the JSON
# nulls of optional fields (`periods_per_year`, `lot_size`, ...), which mean "the default" in a
# plan; the script therefore reads a copy of the JSON with every null field left out, which
# means the same plan (DESIGN.md §3: a missing optional field is its default).
set -euo pipefail

baseline=${1:?usage: $0 PANDAS_BASELINE.py [RUNS]}
runs=${2:-7}
opsplan=${OPSPLAN:-target/release/opsplan}
work=${WORK:-$(mktemp -d)}

[ -x "$opsplan" ] || { echo "no $opsplan: cargo build --release first" >&2; exit 1; }
[ -f "$work/L.opsplan" ] || "$opsplan" generate --items 20000 --resources 1000 --periods 52 \
    --seed 1 -o "$work/L.opsplan"
[ -f "$work/L.json" ] || "$opsplan" export "$work/L.opsplan" -o "$work/L.json"
[ -f "$work/L.nonull.json" ] || python3 - "$work/L.json" "$work/L.nonull.json" <<'EOF'
import json, sys
def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value
with open(sys.argv[1], encoding="utf-8") as f:
    plan = json.load(f)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(strip(plan), f)
EOF

# The baseline's numpy must not pick up tuning variables meant for another processor.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

# Wall seconds of one whole process, its output thrown away.
wall() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}

# One warm-up run of each (file cache, Python's bytecode cache), not counted.
wall "$opsplan" analyze "$work/L.opsplan" --json > /dev/null
wall python3 "$baseline" "$work/L.nonull.json" --time -n 1 > /dev/null

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %12s %12s %8s\n' run opsplan_s pandas_s ratio
a_times=() b_times=()
for run in $(seq 1 "$runs"); do
    a=$(wall "$opsplan" analyze "$work/L.opsplan" --json)
    b=$(wall python3 "$baseline" "$work/L.nonull.json" --time -n 1)
    a_times+=("$a") b_times+=("$b")
    printf '%-4s %12.3f %12.3f %8.2f\n' "$run" "$a" "$b" "$(echo "$b / $a" | bc -l)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
a_med=$(median "${a_times[@]}")
b_med=$(median "${b_times[@]}")
printf 'median %10.3f %12.3f %8.2f  (pandas / opsplan; target >= 10)\n' \
    "$a_med" "$b_med" "$(echo "$b_med / $a_med" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
