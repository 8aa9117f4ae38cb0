"""The bench-3tier model in SimPy, for a same-machine throughput comparison.

Model (as scenarios/bench-3tier.toml): Poisson arrivals 120/h at T1 (12 agents,
exponential handle mean 5 min); 30 % of tickets need T2 (11 agents, mean 15 min), 20 %
of those need T3 (7 agents, mean 45 min); T1 and T2 spend their full handle time
before escalating; 20 % of tickets are high priority, served first (non-preemptive)
at every tier. Records each ticket's time to resolution and the wait at every tier,
the minimum a fair comparison needs.

Usage: python3 bench/simpy_3tier.py [DAYS]   (prints tickets/s)
"""

import random
import sys
import time

import simpy

RATE_PER_MIN = 120 / 60
TIERS = [(12, 5.0), (11, 15.0), (7, 45.0)]


def ticket(env, tiers, rng, waits, ttrs):
    arrival = env.now
    high = rng.random() < 0.2
    u = rng.random()
    need = 0 if u < 0.7 else (1 if u < 0.94 else 2)
    for level in range(need + 1):
        agents, mean = TIERS[level]
        with tiers[level].request(priority=0 if high else 1) as req:
            queued = env.now
            yield req
            waits[level].append(env.now - queued)
            yield env.timeout(rng.expovariate(1.0 / mean))
    ttrs.append(env.now - arrival)


def source(env, tiers, rng, waits, ttrs, horizon):
    while True:
        yield env.timeout(rng.expovariate(RATE_PER_MIN))
        if env.now >= horizon:
            return
        env.process(ticket(env, tiers, rng, waits, ttrs))


def main():
    days = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    horizon = days * 24 * 60
    rng = random.Random(20260105)
    env = simpy.Environment()
    tiers = [simpy.PriorityResource(env, capacity=c) for c, _ in TIERS]
    waits = [[], [], []]
    ttrs = []
    env.process(source(env, tiers, rng, waits, ttrs, horizon))
    t0 = time.perf_counter()
    env.run(until=horizon)
    wall = time.perf_counter() - t0
    n = len(ttrs)
    print(f"simpy {simpy.__version__}: {days:.0f} days, {n} tickets resolved in {wall:.2f} s "
          f"= {n / wall:,.0f} tickets/s; mean TTR {sum(ttrs) / n:.2f} min; "
          f"mean waits {[round(sum(w) / len(w), 2) for w in waits]}")


if __name__ == "__main__":
    main()
