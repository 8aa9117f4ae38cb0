#!/usr/bin/env bash
# escalsim against its peers, side by side in one run (issue #20; docs/performance.md).
# Not a test and not part of CI: run by hand on an otherwise quiet machine.
#
#   bash scripts/bench-peers.sh [--rounds N] [--no-python] [--no-threads] [--no-replay]
#                               [--replay-days D] [--replay-rounds N]
#
# Needs the peer models of ../shared/peers (or ESCALSIM_PEERS=DIR): the bare Rust
# event loop `rust-limit` (built here with CARGO_TARGET_DIR outside the repository)
# and, unless --no-python, the SimPy and Ciw models through a virtualenv
# (PEERS_VENV, default /tmp/peers-venv, created from the peers' requirements.txt when
# missing; skipped with a message when the packages cannot be installed).
#
# Every figure is CPU time (user + sys, from /usr/bin/time) per ticket, also wall time;
# the tools run interleaved (A B A B ...) so that a change of machine load hits all of
# them alike, and the summary is the median over rounds of each round's ratio.
#  1. one thread: escalsim `run` of scenarios/bench-3tier.toml with one candidate
#     (`priority`: severity-first queues, as the peers serve), one replication, every
#     metric on, JSON output; the bare loop on the same number of tickets; SimPy and
#     Ciw on fewer (they are ~50x slower).
#  2. two threads: escalsim with 2 replications on 1 and on 2 threads, rust-limit
#     with 1 and 2 replications (one per thread); speed-up = tickets per wall second
#     on 2 threads / on 1.
#  3. replay: bench-3tier over --replay-days days (default 3,500: about 10 million
#     tickets) written to CSV by `escalsim generate`, then run from that CSV and from
#     the synthetic stream (one candidate, one replication, one thread): CPU per
#     ticket and peak RSS of each. The CSV lives in a temporary folder.
#
# PROFILE selects the cargo profile escalsim is built with (default: release).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

rounds=5
python=1
threads=1
replay=1
replay_days=3500
replay_rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --no-python) python=0; shift ;;
    --no-threads) threads=0; shift ;;
    --no-replay) replay=0; shift ;;
    --replay-days) replay_days=$2; shift 2 ;;
    --replay-rounds) replay_rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-peers: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

peers=${ESCALSIM_PEERS:-$repo/../shared/peers}
if [ ! -f "$peers/rust-limit/Cargo.toml" ]; then
  echo "bench-peers: no peer models at $peers (expected rust-limit/Cargo.toml there);" >&2
  echo "  set ESCALSIM_PEERS to the folder holding rust-limit/, simpy_tiers.py, ciw_tiers.py" >&2
  exit 2
fi
peers=$(cd "$peers" && pwd)
if [ ! -x /usr/bin/time ]; then
  echo "bench-peers: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 2
fi
command -v python3 > /dev/null || { echo "bench-peers: python3 is needed for the summary" >&2; exit 2; }

profile=${PROFILE:-release}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
peer_target=${TMPDIR:-/tmp}/escalsim-peers/rust-limit

echo "== building escalsim (profile $profile) and rust-limit (target $peer_target)"
cargo build --quiet --profile "$profile" --bin escalsim
case "$profile" in dev) bin=target/debug/escalsim ;; *) bin=target/$profile/escalsim ;; esac
CARGO_TARGET_DIR=$peer_target cargo build --quiet --release \
  --manifest-path "$peers/rust-limit/Cargo.toml"
limit=$peer_target/release/rust-limit

py=""
if [ "$python" = 1 ]; then
  venv=${PEERS_VENV:-/tmp/peers-venv}
  if ! "$venv/bin/python" -c "import simpy, ciw" 2> /dev/null; then
    echo "== installing SimPy and Ciw into $venv"
    if ! { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet -r "$peers/requirements.txt"; } \
      > "$tmp/pip.log" 2>&1; then
      echo "bench-peers: SimPy/Ciw could not be installed (see below); skipping them" >&2
      tail -5 "$tmp/pip.log" >&2
    fi
  fi
  if "$venv/bin/python" -c "import simpy, ciw" 2> /dev/null; then
    py=$venv/bin/python
  fi
fi

# The benchmark with one candidate: bench-3tier without its `fifo` policy.
one=$tmp/bench-one.toml
awk '/^\[/ { skip = ($0 == "[policies.fifo]") } !skip' scenarios/bench-3tier.toml > "$one"

raw=$tmp/raw.tsv
printf 'series\tround\ttool\ttickets\twall\tuser\tsys\trss_kb\n' > "$raw"

# measure SERIES ROUND TOOL TICKETS|json:FILE CMD...: runs CMD under /usr/bin/time and
# appends a row; TICKETS is a number, or json:FILE to read conservation.arrived (summed
# over candidates) from the summary.json CMD writes.
measure() {
  local series=$1 round=$2 tool=$3 tickets=$4
  shift 4
  if ! /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err"; then
    echo "bench-peers: '$*' failed:" >&2
    cat "$tmp/err" "$tmp/time" >&2
    exit 2
  fi
  case "$tickets" in
    json:*) tickets=$(python3 -c 'import json, sys
print(sum(c["conservation"]["arrived"] for c in json.load(open(sys.argv[1]))["candidates"]))' "${tickets#json:}") ;;
  esac
  read -r wall user sys rss < <(tail -1 "$tmp/time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$series" "$round" "$tool" "$tickets" \
    "$wall" "$user" "$sys" "$rss" >> "$raw"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== 1. one thread, $rounds interleaved rounds"
n=""
for r in $(seq 1 "$rounds"); do
  measure single "$r" escalsim "json:$tmp/e1/summary.json" \
    "$bin" run --format json --quiet "$one" --replications 1 --threads 1 --out "$tmp/e1"
  [ -n "$n" ] || n=$(tail -1 "$raw" | cut -f4)
  measure single "$r" rust-limit "$n" "$limit" tiers "$n" "$r"
  if [ -n "$py" ]; then
    measure single "$r" simpy 100000 "$py" "$peers/simpy_tiers.py" 100000 "$r"
    measure single "$r" ciw 50000 "$py" "$peers/ciw_tiers.py" 50000 "$r"
  fi
  echo "   round $r done"
done

if [ "$threads" = 1 ]; then
  echo "== 2. two threads, $rounds interleaved rounds"
  for r in $(seq 1 "$rounds"); do
    for t in 1 2; do
      measure threads "$r" "escalsim-${t}t" "json:$tmp/e2/summary.json" \
        "$bin" run --format json --quiet "$one" --replications 2 --threads "$t" --out "$tmp/e2"
    done
    measure threads "$r" rust-limit-1t "$n" "$limit" tiers "$n" "$r" --threads 1
    measure threads "$r" rust-limit-2t "$((2 * n))" "$limit" tiers "$n" "$r" --threads 2
    echo "   round $r done"
  done
fi

if [ "$replay" = 1 ]; then
  echo "== 3. replay: $replay_days days to CSV, $replay_rounds interleaved rounds"
  sed -e "s/^horizon_days = .*/horizon_days = $replay_days/" "$one" > "$tmp/big.toml"
  "$bin" generate "$tmp/big.toml" --out "$tmp/big.csv" > /dev/null
  echo "   $(wc -l < "$tmp/big.csv") CSV lines, $(du -h "$tmp/big.csv" | cut -f1)"
  { cat "$tmp/big.toml"; printf '\n[replay]\ntickets = "big.csv"\n'; } > "$tmp/big-replay.toml"
  for r in $(seq 1 "$replay_rounds"); do
    measure replay "$r" synthetic "json:$tmp/s/summary.json" \
      "$bin" run --format json --quiet "$tmp/big.toml" --replications 1 --threads 1 --out "$tmp/s"
    measure replay "$r" replay "json:$tmp/p/summary.json" \
      "$bin" run --format json --quiet "$tmp/big-replay.toml" --replications 1 --threads 1 --out "$tmp/p"
    echo "   round $r done"
  done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "escalsim $(git describe --always --dirty 2>/dev/null || echo '?') (profile $profile)," \
  "$(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(uname -m), $(nproc) cores," \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "load average (1, 5, 15 min): before $load_before, after $load_after"
echo
python3 - "$raw" <<'PY'
import csv, statistics as st, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for r in rows:
    r["tickets"] = int(r["tickets"])
    r["cpu"] = float(r["user"]) + float(r["sys"])
    r["wall"] = float(r["wall"])
    r["rss_kb"] = int(r["rss_kb"])

def by(series, tool):
    return {r["round"]: r for r in rows if r["series"] == series and r["tool"] == tool}

def per_ticket(r, key="cpu"):
    return r[key] / r["tickets"]

def ratios(a, b, key="cpu"):
    """Per round: b's cost per ticket over a's (how many times a is cheaper)."""
    return [per_ticket(b[k], key) / per_ticket(a[k], key) for k in a if k in b]

def row(name, runs):
    rs = list(runs.values())
    cpu = st.median(per_ticket(r) for r in rs)
    wall = st.median(per_ticket(r, "wall") for r in rs)
    print(f"  {name:<14} {rs[0]['tickets']:>11,} {cpu * 1e9:>10.0f} {1 / cpu / 1e6:>10.3f}"
          f" {wall * 1e9:>10.0f} {max(r['rss_kb'] for r in rs) / 1024:>9.0f}")

def fmt(xs):
    return " ".join(f"{x:.2f}" for x in xs)

header = (f"  {'tool':<14} {'tickets':>11} {'CPU ns/t':>10} {'M t/CPU-s':>10}"
          f" {'wall ns/t':>10} {'peak MB':>9}   (medians over rounds)")
esc = by("single", "escalsim")
if esc:
    print(f"1. one thread ({len(esc)} rounds):")
    print(header)
    tools = [t for t in ("escalsim", "rust-limit", "simpy", "ciw") if by("single", t)]
    for t in tools:
        row(t, by("single", t))
    lim = by("single", "rust-limit")
    x = ratios(lim, esc)
    print(f"  escalsim / bare loop, CPU per ticket: median {st.median(x):.2f}x (rounds: {fmt(x)});"
          f" wall {st.median(ratios(lim, esc, 'wall')):.2f}x")
    for t, name in (("simpy", "SimPy"), ("ciw", "Ciw")):
        if by("single", t):
            x = ratios(esc, by("single", t))
            print(f"  {name} / escalsim, CPU per ticket: median {st.median(x):.1f}x"
                  f" (rounds: {' '.join(f'{v:.1f}' for v in x)})")
thr = {t: by("threads", t) for t in ("escalsim-1t", "escalsim-2t", "rust-limit-1t", "rust-limit-2t")}
if thr["escalsim-1t"]:
    print(f"2. two threads ({len(thr['escalsim-1t'])} rounds; speed-up = tickets per wall second"
          " on 2 threads / on 1):")
    print(header)
    for t, runs in thr.items():
        row(t, runs)
    for tool in ("escalsim", "rust-limit"):
        x = ratios(thr[f"{tool}-2t"], thr[f"{tool}-1t"], "wall")
        print(f"  {tool} speed-up: median {st.median(x):.2f}x (rounds: {fmt(x)})")
syn, rep = by("replay", "synthetic"), by("replay", "replay")
if syn:
    print(f"3. replay against the same run from the synthetic stream ({len(syn)} rounds):")
    print(header)
    row("synthetic", syn)
    row("replay (CSV)", rep)
    x = ratios(syn, rep)
    print(f"  replay / synthetic, CPU per ticket: median {st.median(x):.2f}x (rounds: {fmt(x)});"
          f" peak RSS {max(r['rss_kb'] for r in rep.values()) / max(r['rss_kb'] for r in syn.values()):.2f}x")
PY
