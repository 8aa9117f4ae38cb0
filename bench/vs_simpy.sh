#!/usr/bin/env bash
# Same-machine, same-moment comparison of escalsim and SimPy on the bench-3tier model.
# Needs: cargo, python3 with simpy (pip install simpy). Prints both figures and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import simpy" 2>/dev/null || { echo "install simpy first: pip install simpy" >&2; exit 2; }
esc=$(cargo bench --quiet --bench throughput 2>/dev/null | tee /dev/stderr | awk '/^one run, 1 thread, priority/ {print $(NF-1)}')
py_line=$(python3 bench/simpy_3tier.py 60)
echo "$py_line"
py=$(echo "$py_line" | sed -E 's/.*= ([0-9,]+) tickets\/s.*/\1/' | tr -d ,)
echo
awk -v e="$esc" -v p="$py" 'BEGIN { printf "escalsim %d tickets/s vs SimPy %d tickets/s: %.0fx faster (single thread, all metrics on)\n", e, p, e / p }' 
