//! Limits that protect the machine: before anything runs, the size of an experiment is
//! estimated from the scenario, and a run far beyond what one process can sensibly hold
//! or finish is refused with a clear error, unless the user confirms it
//! (`--allow-large`).
//!
//! - Expected tickets per run: the arrival rate integrated over the horizon (exactly,
//!   piece by piece: the mean rate is constant between hour boundaries and peak or burst
//!   edges; the daily over-dispersion factor has mean 1). If a tier is overloaded, every
//!   one of these tickets can be open at once, at about 330 bytes each.
//! - Ticket-runs: expected tickets × the jobs this process runs (its shard's share).
//! - Result memory: every run's metrics are kept until the summary is made; the per-tier
//!   time series dominate.
//!
//! Separately, the engine stops a run whose open tickets pass
//! [`crate::engine::MAX_OPEN_TICKETS`] (an overloaded system whose backlog would exhaust
//! memory) with an error naming the fullest queue.

use crate::metrics::series;
use crate::model::Scenario;
use crate::model::time::HOUR_MS;
use crate::tickets::arrivals::mean_rate_per_hour;

/// Most expected tickets in one run (one candidate × one replication).
pub const MAX_TICKETS_PER_RUN: f64 = 1e8;
/// Most expected tickets summed over the runs of one process (about 14 core-hours at
/// 2 million tickets per second).
pub const MAX_TICKET_RUNS: f64 = 1e11;
/// Most memory for the runs' results kept until the summary, bytes (4 GiB).
pub const MAX_RESULT_BYTES: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;

/// Most memory for a decision trace (`run --trace`), bytes (4 GiB): its rows and the
/// CSV text are both held before the file is written.
pub const MAX_TRACE_BYTES: f64 = 4.0 * 1024.0 * 1024.0 * 1024.0;

/// Trace rows per ticket the estimate assumes (arrival, a hand-off or two, resolution).
const TRACE_ROWS_PER_TICKET: f64 = 4.0;

/// Bytes per trace row: the row in memory (40) and its CSV line (about 90).
const TRACE_ROW_BYTES: f64 = 130.0;

/// The estimated memory for the decision trace of one replication of every candidate,
/// bytes.
pub fn trace_bytes(scenario: &Scenario) -> f64 {
    expected_tickets(scenario)
        * scenario.candidates().len() as f64
        * TRACE_ROWS_PER_TICKET
        * TRACE_ROW_BYTES
}

/// The estimated size of the runs of one process.
#[derive(Clone, Debug, PartialEq)]
pub struct Size {
    /// Expected tickets per run.
    pub tickets_per_run: f64,
    /// Jobs this process runs.
    pub jobs: usize,
    /// `tickets_per_run × jobs`.
    pub ticket_runs: f64,
    /// Memory for the kept results, bytes.
    pub result_bytes: f64,
}

/// An experiment beyond the limits.
#[derive(Debug, thiserror::Error)]
#[error(
    "this run is very large: {}; shorten run.horizon_days, lower the arrival rate or the replications, split it with --shard I/N (docs/cluster.md), or pass --allow-large if you really mean it",
    reasons.join("; ")
)]
pub struct TooLarge {
    /// Each limit exceeded, as a phrase with the figures.
    pub reasons: Vec<String>,
}

/// The expected number of arrivals over the scenario's horizon (one replication).
pub fn expected_tickets(scenario: &Scenario) -> f64 {
    let a = &scenario.arrivals;
    let horizon = scenario.run.horizon_ms;
    let edges: Vec<i64> = a
        .peaks
        .iter()
        .flat_map(|p| [p.start, p.end])
        .chain(a.bursts.iter().flat_map(|b| [b.start, b.end]))
        .collect();
    let mut total = 0.0;
    let mut t = 0;
    while t < horizon {
        let mut end = (t + HOUR_MS - scenario.clock.week_ms(t) % HOUR_MS).min(horizon);
        for &e in &edges {
            if e > t && e < end {
                end = e;
            }
        }
        let rate = mean_rate_per_hour(a, &scenario.clock, t);
        total += rate * (end - t) as f64 / HOUR_MS as f64;
        t = end;
    }
    total
}

/// Estimates the size of running `jobs` jobs of `scenario`.
pub fn estimate(scenario: &Scenario, jobs: usize) -> Size {
    let tickets_per_run = expected_tickets(scenario);
    let horizon = scenario.run.horizon_ms;
    let bins = (horizon + series::bin_width_ms(horizon) - 1) / series::bin_width_ms(horizon);
    let tiers = scenario.tiers.len() as f64;
    let segments = scenario.segments.len() as f64;
    let per_run = 2048.0 + segments * 128.0 + tiers * (3.0 * 8.0 * bins as f64 + 256.0);
    // Loop metrics: about 25 fixed, one per role, per rule or trigger of the largest
    // policy, and three per category.
    let rules = scenario
        .policies
        .iter()
        .map(|p| match &p.kind {
            crate::model::PolicyKind::Sop(sop) => sop.rules.len() + sop.triggers.len(),
            _ => 0,
        })
        .max()
        .unwrap_or(0) as f64;
    let loops = 25.0 + scenario.roles.len() as f64 + rules + 3.0 * scenario.categories.len() as f64;
    let scalars_per_run = (40.0 + 2.0 * segments + 12.0 * tiers + loops) * 8.0;
    Size {
        tickets_per_run,
        jobs,
        ticket_runs: tickets_per_run * jobs as f64,
        result_bytes: (per_run + scalars_per_run) * jobs as f64,
    }
}

/// Whether `x` is at most `limit` (NaN and infinity are not).
fn within(x: f64, limit: f64) -> bool {
    x.is_finite() && x <= limit
}

/// Checks a size against the limits, naming every limit exceeded.
pub fn check(size: &Size) -> Result<(), TooLarge> {
    let mut reasons = Vec::new();
    if !within(size.tickets_per_run, MAX_TICKETS_PER_RUN) {
        reasons.push(format!(
            "{:.3e} expected tickets per run (limit {MAX_TICKETS_PER_RUN:.0e}; an overloaded tier could hold them all open, about {:.0} GB)",
            size.tickets_per_run,
            size.tickets_per_run * 330.0 / 1e9
        ));
    }
    if !within(size.ticket_runs, MAX_TICKET_RUNS) {
        reasons.push(format!(
            "{:.3e} expected tickets over {} runs (limit {MAX_TICKET_RUNS:.0e}, about {:.0} core-hours)",
            size.ticket_runs,
            size.jobs,
            size.ticket_runs / 2e6 / 3600.0
        ));
    }
    if !within(size.result_bytes, MAX_RESULT_BYTES) {
        reasons.push(format!(
            "{} runs whose results need about {:.1} GB (limit {:.1} GB)",
            size.jobs,
            size.result_bytes / 1e9,
            MAX_RESULT_BYTES / 1e9
        ));
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(TooLarge { reasons })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::DAY_MS;

    /// bench-3tier: a constant 120 tickets per hour over 365 days.
    fn scenario() -> Scenario {
        crate::scenario::from_str(include_str!("../scenarios/bench-3tier.toml"), "bench")
            .map(|l| l.scenario)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn constant_rate_integrates_to_rate_times_horizon() {
        let s = scenario();
        let n = expected_tickets(&s);
        assert!((n - 120.0 * 24.0 * 365.0).abs() < 1e-6, "{n}");
        assert!(check(&estimate(&s, 40)).is_ok());
        let mut half = s.clone();
        half.run.horizon_ms = DAY_MS / 2 + 1_800_000; // 12.5 h
        assert!((expected_tickets(&half) - 1500.0).abs() < 1e-9);
    }

    #[test]
    fn absurd_sizes_are_refused_with_figures() {
        let mut s = scenario();
        s.arrivals.base_per_hour = 1e9;
        s.run.horizon_ms = 365 * DAY_MS;
        let e = check(&estimate(&s, 4))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("expected tickets per run"), "{e}");
        assert!(e.contains("--allow-large"), "{e}");
        let small = estimate(&scenario(), 10_000_000);
        let e = check(&small)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("results need"), "{e}");
    }

    #[test]
    fn the_trace_estimate_counts_every_candidate() {
        let mut s = scenario();
        let per_ticket = TRACE_ROWS_PER_TICKET * TRACE_ROW_BYTES;
        let want = expected_tickets(&s) * 2.0 * per_ticket;
        assert!((trace_bytes(&s) - want).abs() < 1.0);
        assert!(trace_bytes(&s) < MAX_TRACE_BYTES);
        s.arrivals.base_per_hour = 1000.0;
        assert!(trace_bytes(&s) > MAX_TRACE_BYTES);
    }

    #[test]
    fn an_overloaded_run_stops_at_the_open_ticket_limit_naming_the_tier() {
        // bench-3tier with one T1 agent: 120 tickets per hour against 12 served.
        let mut s = scenario();
        s.run.horizon_ms = 30 * DAY_MS;
        s.tiers[0].staffing = crate::model::Staffing::constant(1);
        let mut pol = crate::policy::build(&s, &s.policies[0], 0);
        let tickets = crate::tickets::synthetic(&s, 0);
        let e = crate::engine::run_with_open_limit(
            &s,
            &s.staffing_models[0],
            pol.as_mut(),
            tickets,
            1000,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.contains("overloaded: 1000 tickets open"), "{e}");
        assert!(e.contains("tier T1 has"), "{e}");
    }
}
