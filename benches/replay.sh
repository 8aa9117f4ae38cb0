#!/usr/bin/env bash
# Replay benchmarks (see docs/performance.md, "Replay"). Not a test: run by hand.
#  1. the full UCI log (141,712 rows) read, mapped and replayed through
#     4 candidates x 10 replications;
#  2. a generated 10-million-ticket CSV streamed through one run, peak memory
#     measured with /usr/bin/time -v. The CSV lives in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/escalsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== UCI log: 4 candidates x 10 replications"
/usr/bin/time -f "wall %e s, peak RSS %M KB" \
  "$bin" run scenarios/uci-servicenow.toml --out "$tmp/uci" --quiet

echo "== 10 million generated tickets, streamed"
sed -e 's/^horizon_days = .*/horizon_days = 3500/' -e 's/^replications = .*/replications = 1/' \
  scenarios/bench-3tier.toml > "$tmp/big.toml"
/usr/bin/time -f "generate: wall %e s, peak RSS %M KB" "$bin" generate "$tmp/big.toml" --out "$tmp/big.csv"
ls -l "$tmp/big.csv"
{ cat "$tmp/big.toml"; printf '\n[replay]\ntickets = "big.csv"\n'; } > "$tmp/big-replay.toml"
/usr/bin/time -v "$bin" run "$tmp/big-replay.toml" --out "$tmp/big" --threads 1 2> "$tmp/time.txt" | head -8
grep -E "replay|Elapsed|Maximum resident" "$tmp/time.txt"
