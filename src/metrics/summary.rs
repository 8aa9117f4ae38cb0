//! Summaries across replications: for every scalar metric of every candidate, the mean
//! and a 95 % Student-t confidence interval over replications (quantiles are estimated
//! per replication and then averaged), plus conservation totals.
//!
//! A [`Summary`] is the one finished value every report format renders.

use serde::Serialize;

use super::run::RunMetrics;
use super::stats::MeanCi;
use crate::model::Scenario;

/// Mean and 95 % confidence interval of one metric across replications.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MetricSummary {
    /// Metric name with unit (see [`RunMetrics::scalars`]).
    pub name: String,
    /// Mean over replications with a defined value (NaN → `null` in JSON if none).
    pub mean: f64,
    /// Lower end of the 95 % interval.
    pub ci_low: f64,
    /// Upper end of the 95 % interval.
    pub ci_high: f64,
    /// Half-width of the 95 % interval.
    pub half_width: f64,
    /// Sample standard deviation across replications.
    pub sd: f64,
    /// Replications with a defined value.
    pub n: u64,
    /// The value of each replication, in replication order.
    pub per_replication: Vec<f64>,
}

/// Tickets accounted for across all replications of a candidate (warm-up included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Conservation {
    /// Arrived.
    pub arrived: u64,
    /// Resolved.
    pub resolved: u64,
    /// Abandoned.
    pub abandoned: u64,
    /// Still open at the horizon.
    pub open: u64,
    /// Whether arrived = resolved + abandoned + open held in every replication.
    pub holds: bool,
}

/// One candidate's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateSummary {
    /// Display name (`policy` or `policy @ staffing`).
    pub name: String,
    /// Policy name.
    pub policy: String,
    /// Staffing model name.
    pub staffing: String,
    /// Every metric, in [`RunMetrics::scalars`] order.
    pub metrics: Vec<MetricSummary>,
    /// Conservation totals.
    pub conservation: Conservation,
    /// Events processed over all replications.
    pub events: u64,
}

impl CandidateSummary {
    /// The metric with this name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics.iter().find(|m| m.name == name)
    }
}

/// Identifies what was run, so a summary can be reproduced and compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunInfo {
    /// escalsim version that produced the summary.
    pub escalsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// SHA-256 of the scenario file, hex.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per candidate.
    pub replications: u32,
    /// Horizon, hours.
    pub horizon_hours: f64,
    /// Warm-up deleted, hours.
    pub warmup_hours: f64,
    /// Where the tickets came from (e.g. `synthetic`).
    pub tickets: String,
}

/// The finished result of an experiment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// What was run.
    pub run: RunInfo,
    /// One entry per candidate, in scenario order (policies outermost).
    pub candidates: Vec<CandidateSummary>,
}

/// Summarises the replications of one candidate.
pub fn summarise_candidate(
    scenario: &Scenario,
    name: String,
    policy: String,
    staffing: String,
    runs: &[RunMetrics],
) -> CandidateSummary {
    let per_run: Vec<Vec<super::Scalar>> = runs.iter().map(|r| r.scalars(scenario)).collect();
    let names: Vec<String> = per_run
        .first()
        .map(|s| s.iter().map(|m| m.name.clone()).collect())
        .unwrap_or_default();
    let metrics = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<f64> = per_run.iter().map(|s| s[i].value).collect();
            let ci = MeanCi::of(&values);
            MetricSummary {
                name,
                mean: ci.mean,
                ci_low: ci.mean - ci.half_width,
                ci_high: ci.mean + ci.half_width,
                half_width: ci.half_width,
                sd: ci.sd,
                n: ci.n,
                per_replication: values,
            }
        })
        .collect();
    let mut conservation = Conservation {
        holds: true,
        ..Conservation::default()
    };
    let mut events = 0;
    for r in runs {
        conservation.arrived += r.all_arrived;
        conservation.resolved += r.all_resolved;
        conservation.abandoned += r.all_abandoned;
        conservation.open += r.all_open;
        conservation.holds &= r.conserves();
        events += r.events;
    }
    CandidateSummary {
        name,
        policy,
        staffing,
        metrics,
        conservation,
        events,
    }
}
