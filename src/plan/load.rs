//! Offered load per tier and block of the week, measured by a pilot simulation with
//! unlimited agents (so nobody waits and busy agents equal offered load; per block of
//! the week the busiest week of the run counts, so peaks and bursts are included), and
//! the Erlang C starting point derived from it. The pilot's own SLA attainment is the
//! ceiling no staffing can beat (nobody waits for an agent), which `plan` checks first.

use crate::experiment::ExperimentError;
use crate::metrics::RunMetrics;
use crate::model::time::{HOUR_MS, WEEK_MS};
use crate::model::{Scenario, Severity, Staffing};
use crate::tickets::TicketSource;

use super::blocks::Blocks;
use super::erlang::required_agents;
use super::evaluate::simulate;

/// Agents per tier in the pilot: far beyond any realistic load.
const UNLIMITED: u32 = 100_000;

/// The unlimited-capacity pilot: every replication of `scenario` under policy
/// `policy` with [`UNLIMITED`] agents per tier (the same seeds as the plan's own
/// evaluations, so its attainment bounds theirs ticket by ticket).
pub fn pilot(
    scenario: &Scenario,
    tickets: &TicketSource,
    policy: usize,
    threads: usize,
) -> Result<Vec<RunMetrics>, ExperimentError> {
    let staffing: Vec<Staffing> = scenario
        .tiers
        .iter()
        .map(|_| Staffing::constant(UNLIMITED))
        .collect();
    simulate(scenario, tickets, policy, &staffing, threads)
}

/// `offered[tier][block]`: the mean busy agents in that block of the week, in the
/// busiest week of the pilot `runs` (after warm-up), erlangs.
pub fn offered_load(scenario: &Scenario, runs: &[RunMetrics], blocks: &Blocks) -> Vec<Vec<f64>> {
    let s = scenario;
    // Mean busy agents per (week, block), over replications and bins; the week is
    // counted from the Monday before the start. The busiest week counts.
    let offset = scenario.clock.start_week_offset_ms;
    let mut out = vec![vec![0.0_f64; blocks.count()]; scenario.tiers.len()];
    for (t, row) in out.iter_mut().enumerate() {
        let mut sums: std::collections::BTreeMap<(i64, usize), (f64, u64)> =
            std::collections::BTreeMap::new();
        for run in runs {
            let bin_ms = run.series_bin_ms;
            let Some(tier) = run.tiers.get(t) else {
                continue;
            };
            for (bin, busy) in tier.series.busy_agents.iter().enumerate() {
                let start = bin as i64 * bin_ms;
                if start < s.run.warmup_ms {
                    continue;
                }
                let week = (start + offset).div_euclid(WEEK_MS);
                let e = sums
                    .entry((week, blocks.of(&s.clock, start)))
                    .or_insert((0.0, 0));
                e.0 += busy;
                e.1 += 1;
            }
        }
        for ((_, b), (sum, n)) in sums {
            row[b] = row[b].max(sum / n.max(1) as f64);
        }
    }
    out
}

/// The fewest agents a cell may have: its offered load over the occupancy cap,
/// rounded up (fewer agents than the work in a block leave it growing a backlog
/// whatever the SLAs say; the cap keeps planned agents from being busier than the
/// planner allows).
pub fn floor(offered: &[Vec<f64>], planning: &crate::model::Planning) -> Vec<Vec<u32>> {
    offered
        .iter()
        .map(|row| row.iter().map(|&a| planning.heads_floor(a)).collect())
        .collect()
}

/// The Erlang C head count per tier and block: the entry tiers must answer
/// `attainment` of tickets within the tightest first-response target, later tiers
/// within a tenth of the tightest resolution target.
pub fn erlang_start(
    scenario: &Scenario,
    offered: &[Vec<f64>],
    blocks: &Blocks,
    attainment: f64,
) -> Vec<Vec<u32>> {
    let present: Vec<Severity> = Severity::ALL
        .into_iter()
        .filter(|s| {
            scenario.severity_shares[s.index()] > 0.0
                || scenario
                    .categories
                    .iter()
                    .any(|c| c.severity_shares.is_some_and(|x| x[s.index()] > 0.0))
        })
        .collect();
    let targets = |f: fn(&crate::model::SlaTarget) -> i64| -> f64 {
        let mut ms = i64::MAX;
        for sev in &present {
            ms = ms.min(f(&scenario.sla.by_severity[sev.index()]));
            for seg in &scenario.sla.by_segment {
                if let Some(t) = &seg[sev.index()] {
                    ms = ms.min(f(t));
                }
            }
        }
        if ms == i64::MAX {
            1.0
        } else {
            ms as f64 / HOUR_MS as f64
        }
    };
    let first_response_h = targets(|t| t.first_response_ms);
    let resolution_h = targets(|t| t.resolution_ms);
    let entry = scenario.escalation_path.first().map(|t| t.index());
    let _ = blocks;
    offered
        .iter()
        .enumerate()
        .map(|(t, loads)| {
            let tier = &scenario.tiers[t];
            let mean_h = (tier.handle_minutes.mean() / 60.0).max(1e-9);
            let mu = 1.0 / mean_h;
            let budget = if Some(t) == entry {
                first_response_h
            } else {
                resolution_h / 10.0
            };
            loads
                .iter()
                .map(|&a| {
                    let lambda = a * mu;
                    required_agents(lambda, mu, budget, attainment, UNLIMITED)
                        .unwrap_or(a.ceil() as u32 + 1)
                })
                .collect()
        })
        .collect()
}
