//! The reader self-check behind `escalsim calibrate`: replay the recorded routing of a
//! log (every ticket follows its recorded path with its recorded sojourn times, policy
//! `recorded`) under staffing estimated from the log, and compare the simulation with
//! the log. It is a round trip of the reader, the path diffing, the time mapping and
//! the engine, not a calibration of a model: the figures agree by construction when
//! those are right, whatever the staffing or the tier mapping.
//!
//! **Staffing estimate**: per tier, the peak number of tickets the log shows with the
//! tier's groups at once (a sweep over stay starts and ends). Sojourns in a ticketing
//! log include the time a ticket waits in a group's queue or on the customer, so each
//! recorded ticket-in-group occupies one "agent" slot for its whole stay; with the
//! peak concurrency no simulated ticket waits, and the replay must reproduce the
//! recorded times. A mismatch then points at the reader, the path diffing, the time
//! mapping or the engine, which is what calibration checks.
//!
//! **Compared**: resolved tickets and TTR quantiles, both over the tickets whose
//! resolution the log records inside the run window (recorded: resolution − arrival;
//! simulated: the same ticket's first resolution in the replay, from the run's decision
//! trace), visits per tier (every stay), and the SLA-met rate (simulated: resolution
//! within the scenario's SLA target, over every ticket; recorded: the log's own flag).
//! Tickets the log never resolves end after their last stay in the replay and are
//! counted apart ([`Calibration::unresolved`]), never as resolved.

pub mod people;

use std::collections::BTreeMap;

use crate::engine::{self, EngineError};
use crate::model::time::HOUR_MS;
use crate::model::{
    Discipline, PolicyKind, PolicySpec, Scenario, SimTime, Staffing, StaffingModel,
};
use crate::policy;
use crate::tickets::Ticket;

/// One compared figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// What it is (`TTR p50 h`, `visits L2`, `SLA met`).
    pub name: String,
    /// From the simulation.
    pub simulated: f64,
    /// From the log.
    pub recorded: f64,
    /// Relative difference (absolute difference for rates), compared with the tolerance.
    pub difference: f64,
    /// Whether the difference is within the tolerance.
    pub within: bool,
}

/// The calibration result.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    /// Estimated agents per tier (peak concurrency), in tier order.
    pub agents: Vec<(String, u32)>,
    /// Compared figures.
    pub rows: Vec<Row>,
    /// Tickets replayed (with a recorded path).
    pub tickets: u64,
    /// Of those, tickets the log never resolves (it ends at their last update): the
    /// replay ends them after their last stay; left out of the resolved count and TTR.
    pub unresolved: u64,
}

impl Row {
    /// A figure compared relatively (absolutely when the recorded value is 0).
    pub fn relative(name: String, simulated: f64, recorded: f64, tolerance: f64) -> Row {
        let difference = relative(simulated, recorded);
        Row {
            name,
            simulated,
            recorded,
            difference,
            within: difference <= tolerance,
        }
    }

    /// A rate compared by its absolute difference (points).
    pub fn rate(name: String, simulated: f64, recorded: f64, tolerance: f64) -> Row {
        let difference = (simulated - recorded).abs();
        Row {
            name,
            simulated,
            recorded,
            difference,
            within: difference <= tolerance,
        }
    }
}

/// `|simulated − recorded| / |recorded|`, or the absolute difference when recorded is 0.
pub(crate) fn relative(simulated: f64, recorded: f64) -> f64 {
    if recorded == 0.0 {
        (simulated - recorded).abs()
    } else {
        (simulated - recorded).abs() / recorded.abs()
    }
}

impl Calibration {
    /// Whether every figure is within the tolerance.
    pub fn within(&self) -> bool {
        self.rows.iter().all(|r| r.within)
    }
}

/// Peak concurrent stays per tier in `tickets`.
pub fn peak_concurrency(n_tiers: usize, tickets: &[Ticket]) -> Vec<u32> {
    let mut edges: Vec<Vec<(i64, i32)>> = vec![Vec::new(); n_tiers];
    for t in tickets {
        let Some(rec) = &t.recorded else { continue };
        let mut at = t.arrival;
        for s in &rec.steps {
            let end = at + s.ms;
            if let Some(e) = edges.get_mut(s.tier.index()) {
                e.push((at, 1));
                e.push((end, -1));
            }
            at = end;
        }
    }
    edges
        .into_iter()
        .map(|mut e| {
            // Ends before starts at the same instant: a hand-over frees the slot first.
            e.sort_unstable();
            let (mut cur, mut peak) = (0i32, 0i32);
            for (_, d) in e {
                cur += d;
                peak = peak.max(cur);
            }
            peak.max(1) as u32
        })
        .collect()
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

/// Replays `tickets` (sorted by arrival, with recorded paths) along their paths and
/// compares with the log. `tolerance`: relative for quantiles and volumes, absolute
/// for the SLA-met rate.
pub fn calibrate(
    scenario: &Scenario,
    tickets: &[Ticket],
    tolerance: f64,
) -> Result<Calibration, EngineError> {
    let n = scenario.tiers.len();
    let peaks = peak_concurrency(n, tickets);
    let mut sc = scenario.clone();
    sc.run.warmup_ms = 0;
    sc.policies = vec![PolicySpec::new(
        "recorded",
        PolicyKind::Recorded,
        Discipline::Fifo,
    )];
    sc.staffing_models = vec![StaffingModel {
        name: "estimated-from-log".into(),
        overrides: peaks.iter().map(|&a| Some(Staffing::constant(a))).collect(),
    }];
    let mut pol = policy::build(&sc, &sc.policies[0], 0);
    let (m, trace) = engine::run_traced(
        &sc,
        &sc.staffing_models[0],
        pol.as_mut(),
        tickets.iter().cloned(),
    )?;
    // Each ticket's first simulated resolution, ms.
    let mut resolved_at: BTreeMap<u64, SimTime> = BTreeMap::new();
    for row in trace.iter().filter(|r| r.event == "resolve") {
        resolved_at.entry(row.ticket).or_insert(row.time);
    }

    // TTR over the tickets the log resolves inside the window, both sides per ticket.
    let (mut rec_ttr, mut sim_ttr) = (Vec::new(), Vec::new());
    let mut unresolved = 0u64;
    let mut visits = vec![0u64; n];
    let (mut met, mut flagged) = (0u64, 0u64);
    let h = |ms: SimTime| ms as f64 / HOUR_MS as f64;
    for t in tickets.iter().filter(|t| t.arrival < sc.run.horizon_ms) {
        let Some(r) = &t.recorded else { continue };
        match r.resolution_ms {
            Some(ttr) if t.arrival + ttr < sc.run.horizon_ms => {
                rec_ttr.push(h(ttr));
                if let Some(&at) = resolved_at.get(&t.id) {
                    sim_ttr.push(h(at - t.arrival));
                }
            }
            Some(_) => {}
            None => unresolved += 1,
        }
        for s in &r.steps {
            visits[s.tier.index()] += 1;
        }
        if let Some(ok) = r.sla_met {
            flagged += 1;
            met += u64::from(ok);
        }
    }
    rec_ttr.sort_by(f64::total_cmp);
    sim_ttr.sort_by(f64::total_cmp);
    let mut rows = Vec::new();
    let mut rel = |name: String, simulated: f64, recorded: f64| {
        rows.push(Row::relative(name, simulated, recorded, tolerance));
    };
    rel(
        "resolved tickets".into(),
        sim_ttr.len() as f64,
        rec_ttr.len() as f64,
    );
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    rel("TTR mean h".into(), mean(&sim_ttr), mean(&rec_ttr));
    for (name, q) in [("TTR p50 h", 0.5), ("TTR p90 h", 0.9), ("TTR p99 h", 0.99)] {
        rel(name.into(), quantile(&sim_ttr, q), quantile(&rec_ttr, q));
    }
    for (i, tier) in sc.tiers.iter().enumerate() {
        rel(
            format!("visits {}", tier.name),
            // A stay with pending time is two services around one wait: one visit.
            (m.tiers[i].handled - m.tiers[i].touches) as f64,
            visits[i] as f64,
        );
    }
    if flagged > 0 {
        let sim = 1.0 - m.resolution.overall_rate();
        let recd = met as f64 / flagged as f64;
        rows.push(Row::rate("SLA met (rate)".into(), sim, recd, tolerance));
    }
    Ok(Calibration {
        agents: sc
            .tiers
            .iter()
            .zip(&peaks)
            .map(|(t, &a)| (t.name.clone(), a))
            .collect(),
        rows,
        tickets: tickets.iter().filter(|t| t.recorded.is_some()).count() as u64,
        unresolved,
    })
}
