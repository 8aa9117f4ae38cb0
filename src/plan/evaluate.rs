//! Evaluating a staffing plan by simulation: run the chosen policy under the plan for
//! the scenario's replications (same seeds every time: common random numbers), then
//! judge the SLAs block by block and overall.
//!
//! Two tests, both on the lower end of the 95 % confidence interval (across
//! replications) of the attainment (share of tickets meeting their SLA target):
//!
//! - **per block of the week**: the tickets *arriving* in that block, all severities
//!   pooled (each against its own target), for first response and for resolution;
//! - **over the run**: each severity separately, and (with more than one segment)
//!   each customer segment separately, for first response and resolution.
//!
//! A test with fewer than [`MIN_OUTCOMES`] outcomes over all replications is not
//! judged (too few tickets to say).

use crate::experiment::{self, ExperimentError, Options};
use crate::metrics::RunMetrics;
use crate::metrics::stats::MeanCi;
use crate::model::{Scenario, SegmentId, Severity, Staffing, StaffingModel};
use crate::tickets::TicketSource;

use super::blocks::Blocks;

/// Outcomes below which a block × severity × SLA is not judged.
pub const MIN_OUTCOMES: u64 = 30;

/// Which SLA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaKind {
    /// Time to first response.
    FirstResponse,
    /// Time to resolution.
    Resolution,
}

impl SlaKind {
    /// Name for reports.
    pub fn name(self) -> &'static str {
        match self {
            SlaKind::FirstResponse => "first response",
            SlaKind::Resolution => "resolution",
        }
    }
}

/// Whose tickets an attainment counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One severity (for a block: all severities pooled, and this is the block's most
    /// often breached severity, for information).
    Severity(Severity),
    /// One customer segment, all severities pooled.
    Segment(SegmentId),
}

impl Scope {
    /// Name for reports: `high`, or `segment enterprise`.
    pub fn label(self, scenario: &Scenario) -> String {
        match self {
            Scope::Severity(s) => s.to_string(),
            Scope::Segment(g) => format!(
                "segment {}",
                scenario
                    .segments
                    .get(g.index())
                    .map_or("?", |x| x.name.as_str())
            ),
        }
    }
}

/// Attainment (share of tickets meeting the SLA) with its 95 % interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Attainment {
    /// Whose tickets.
    pub scope: Scope,
    /// Which SLA.
    pub kind: SlaKind,
    /// Mean attainment across replications.
    pub mean: f64,
    /// Lower end of the 95 % interval.
    pub ci_low: f64,
    /// Upper end of the 95 % interval.
    pub ci_high: f64,
    /// Outcomes over all replications.
    pub outcomes: u64,
}

/// One block of the week under a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockResult {
    /// The lower of the block's first-response and resolution attainments (all
    /// severities pooled; its scope is then the block's most frequent breached
    /// severity, for information), `None` when nothing could be judged.
    pub worst: Option<Attainment>,
    /// Mean tickets waiting per tier during the block.
    pub mean_queue: Vec<f64>,
    /// Mean busy agents per tier during the block.
    pub busy: Vec<f64>,
}

/// The result of simulating a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Per block of the week.
    pub blocks: Vec<BlockResult>,
    /// Over the whole run, per severity × SLA and (with more than one segment) per
    /// segment × SLA, those with outcomes only.
    pub overall: Vec<Attainment>,
}

impl Evaluation {
    /// Blocks whose worst attainment bound is below `attainment`.
    pub fn failing_blocks(&self, attainment: f64) -> Vec<usize> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.worst.as_ref().is_some_and(|w| w.ci_low < attainment))
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether every block and every overall SLA meets `attainment`.
    pub fn meets(&self, attainment: f64) -> bool {
        self.failing_blocks(attainment).is_empty()
            && self.overall.iter().all(|a| a.ci_low >= attainment)
    }

    /// The overall attainments, then the blocks' worst ones, whose bound is below
    /// `attainment` (block index with the latter).
    pub fn failing(&self, attainment: f64) -> Vec<(Option<usize>, &Attainment)> {
        let overall = self
            .overall
            .iter()
            .filter(|a| a.ci_low < attainment)
            .map(|a| (None, a));
        let blocks = self.blocks.iter().enumerate().filter_map(|(b, r)| {
            r.worst
                .as_ref()
                .filter(|w| w.ci_low < attainment)
                .map(|w| (Some(b), w))
        });
        overall.chain(blocks).collect()
    }
}

/// Summarises per-replication `(met, breached)` counts into an attainment.
fn attainment(scope: Scope, kind: SlaKind, per_rep: &[(u64, u64)]) -> Option<Attainment> {
    let outcomes: u64 = per_rep.iter().map(|(m, b)| m + b).sum();
    if outcomes < MIN_OUTCOMES {
        return None;
    }
    let rates: Vec<f64> = per_rep
        .iter()
        .map(|&(m, b)| {
            if m + b == 0 {
                f64::NAN
            } else {
                m as f64 / (m + b) as f64
            }
        })
        .collect();
    let ci = MeanCi::of(&rates);
    let hw = if ci.half_width.is_finite() {
        ci.half_width
    } else {
        1.0
    };
    Some(Attainment {
        scope,
        kind,
        mean: ci.mean,
        ci_low: (ci.mean - hw).max(0.0),
        ci_high: (ci.mean + hw).min(1.0),
        outcomes,
    })
}

/// Runs `staffing` (one per tier) under policy `policy` of `scenario` on the tickets of
/// `tickets`: every replication, in replication order.
pub fn simulate(
    scenario: &Scenario,
    tickets: &TicketSource,
    policy: usize,
    staffing: &[Staffing],
    threads: usize,
) -> Result<Vec<RunMetrics>, ExperimentError> {
    let mut s = scenario.clone();
    s.policies = vec![scenario.policies[policy].clone()];
    s.staffing_models = vec![StaffingModel {
        name: "plan".into(),
        overrides: staffing.iter().cloned().map(Some).collect(),
    }];
    s.pairings = None;
    let runs = experiment::run_all(&s, &Options { threads }, |r| tickets.tickets(&s, r), &|| {})?;
    Ok(runs.into_iter().next().map(|c| c.runs).unwrap_or_default())
}

/// Simulates `staffing` (one per tier) under policy `policy` of `scenario` and judges
/// it.
pub fn evaluate(
    scenario: &Scenario,
    tickets: &TicketSource,
    policy: usize,
    staffing: &[Staffing],
    blocks: &Blocks,
    threads: usize,
) -> Result<Evaluation, ExperimentError> {
    let runs = simulate(scenario, tickets, policy, staffing, threads)?;
    Ok(judge(scenario, &runs, blocks))
}

/// Judges finished runs block by block and overall.
pub fn judge(s: &Scenario, runs: &[RunMetrics], blocks: &Blocks) -> Evaluation {
    let n_blocks = blocks.count();
    let n_tiers = s.tiers.len();
    let warmup = s.run.warmup_ms;
    // counts[block][kind][severity][rep] = (met, breached)
    let reps = runs.len();
    let zeros = || -> [[Vec<(u64, u64)>; 4]; 2] {
        std::array::from_fn(|_| std::array::from_fn(|_| vec![(0u64, 0u64); reps]))
    };
    let mut counts: Vec<_> = (0..n_blocks).map(|_| zeros()).collect();
    let mut overall = zeros();
    let mut queue = vec![vec![0.0; n_tiers]; n_blocks];
    let mut busy = vec![vec![0.0; n_tiers]; n_blocks];
    let mut bins_in_block = vec![0u64; n_blocks];
    for (r, run) in runs.iter().enumerate() {
        let bin_ms = run.sla_by_arrival.bin_ms;
        for (kind, table) in [
            &run.sla_by_arrival.first_response,
            &run.sla_by_arrival.resolution,
        ]
        .into_iter()
        .enumerate()
        {
            for (bin, row) in table.iter().enumerate() {
                let b = blocks.of(&s.clock, bin as i64 * bin_ms);
                for (sev, [met, breached]) in row.iter().enumerate() {
                    let c = &mut counts[b][kind][sev][r];
                    c.0 += u64::from(*met);
                    c.1 += u64::from(*breached);
                    let o = &mut overall[kind][sev][r];
                    o.0 += u64::from(*met);
                    o.1 += u64::from(*breached);
                }
            }
        }
        let bin_ms = run.series_bin_ms;
        for (t, tier) in run.tiers.iter().enumerate() {
            for (bin, (q, bz)) in tier
                .series
                .mean_queue
                .iter()
                .zip(&tier.series.busy_agents)
                .enumerate()
            {
                let start = bin as i64 * bin_ms;
                if start < warmup {
                    continue;
                }
                let b = blocks.of(&s.clock, start);
                queue[b][t] += q;
                busy[b][t] += bz;
                if t == 0 {
                    bins_in_block[b] += 1;
                }
            }
        }
    }
    let kinds = [SlaKind::FirstResponse, SlaKind::Resolution];
    let blocks_out = (0..n_blocks)
        .map(|b| {
            let mut worst: Option<Attainment> = None;
            for (k, kind) in kinds.iter().enumerate() {
                let pooled: Vec<(u64, u64)> = (0..reps)
                    .map(|r| {
                        (0..4).fold((0, 0), |acc, sev| {
                            let c = counts[b][k][sev][r];
                            (acc.0 + c.0, acc.1 + c.1)
                        })
                    })
                    .collect();
                let most_breached = Severity::ALL
                    .into_iter()
                    .max_by_key(|sev| counts[b][k][sev.index()].iter().map(|c| c.1).sum::<u64>())
                    .unwrap_or(Severity::Medium);
                if let Some(a) = attainment(Scope::Severity(most_breached), *kind, &pooled) {
                    if worst.as_ref().is_none_or(|w| a.ci_low < w.ci_low) {
                        worst = Some(a);
                    }
                }
            }
            let n = bins_in_block[b].max(1) as f64;
            BlockResult {
                worst,
                mean_queue: queue[b].iter().map(|q| q / n).collect(),
                busy: busy[b].iter().map(|x| x / n).collect(),
            }
        })
        .collect();
    let mut overall_out = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        for sev in Severity::ALL {
            if let Some(a) = attainment(Scope::Severity(sev), *kind, &overall[k][sev.index()]) {
                overall_out.push(a);
            }
        }
    }
    // Segments: a plan that meets every severity can still fail one customer tier.
    if s.segments.len() > 1 {
        for (k, kind) in kinds.iter().enumerate() {
            for seg in 0..s.segments.len() {
                let per_rep: Vec<(u64, u64)> = runs
                    .iter()
                    .map(|run| {
                        let counts = if k == 0 {
                            &run.first_response.counts
                        } else {
                            &run.resolution.counts
                        };
                        counts.iter().fold((0, 0), |acc, row| {
                            let c = row.get(seg).copied().unwrap_or((0, 0));
                            (acc.0 + c.0, acc.1 + c.1)
                        })
                    })
                    .collect();
                let scope = Scope::Segment(SegmentId(seg as u16));
                if let Some(a) = attainment(scope, *kind, &per_rep) {
                    overall_out.push(a);
                }
            }
        }
    }
    Evaluation {
        blocks: blocks_out,
        overall: overall_out,
    }
}
