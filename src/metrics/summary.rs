//! Summaries across replications: for every scalar metric of every candidate, the mean
//! and a 95 % Student-t confidence interval over replications (quantiles are estimated
//! per replication and then averaged), plus conservation totals.
//!
//! A [`Summary`] is the one finished value every report format renders.

use serde::{Deserialize, Serialize};

use super::run::RunMetrics;
use super::stats::MeanCi;
use crate::model::{PolicyKind, Scenario};

/// Mean and 95 % confidence interval of one metric across replications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricSummary {
    /// Metric name with unit (see [`RunMetrics::scalars`]).
    pub name: String,
    /// Mean over replications with a defined value (NaN → `null` in JSON if none).
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub mean: f64,
    /// Lower end of the 95 % interval.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub ci_low: f64,
    /// Upper end of the 95 % interval.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub ci_high: f64,
    /// Half-width of the 95 % interval.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub half_width: f64,
    /// Sample standard deviation across replications.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub sd: f64,
    /// Replications with a defined value.
    pub n: u64,
    /// The value of each replication, in replication order.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub per_replication: Vec<f64>,
}

impl MetricSummary {
    /// The summary of metric `name` from its per-replication `values`.
    pub fn of(name: String, values: Vec<f64>) -> MetricSummary {
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
    }
}

/// Tickets accounted for across all replications of a candidate (warm-up included).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateSummary {
    /// Display name (`policy` or `policy @ staffing`).
    pub name: String,
    /// Policy name.
    pub policy: String,
    /// Staffing model name.
    pub staffing: String,
    /// The policy is a bound (`oracle`: perfect information, `random`: none), shown
    /// for reference and never recommended or ranked.
    #[serde(default)]
    pub bound: bool,
    /// Every metric, in [`RunMetrics::scalars`] order.
    pub metrics: Vec<MetricSummary>,
    /// Conservation totals.
    pub conservation: Conservation,
    /// Events processed over all replications.
    pub events: u64,
    /// Per-tier time series, averaged over replications.
    pub series: Vec<TierSeriesSummary>,
}

/// One tier over time for one candidate: per bin of [`RunInfo::series_bin_hours`] from
/// time 0 (warm-up included), the mean over replications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierSeriesSummary {
    /// Tier name.
    pub tier: String,
    /// Time-average tickets waiting.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub mean_queue: Vec<f64>,
    /// Time-average agents on duty.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub agents: Vec<f64>,
    /// Busy agent-time / agent-time on duty in the bin (NaN → null when nobody was on
    /// duty).
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub utilisation: Vec<f64>,
}

/// A peak season or incident burst window, for shading charts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Name from the scenario.
    pub name: String,
    /// `peak` or `burst`.
    pub kind: String,
    /// Start, hours since the scenario start (clipped to the run).
    pub start_hours: f64,
    /// End, hours since the scenario start (clipped to the run).
    pub end_hours: f64,
}

impl CandidateSummary {
    /// The metric with this name.
    pub fn metric(&self, name: &str) -> Option<&MetricSummary> {
        self.metrics.iter().find(|m| m.name == name)
    }
}

/// Identifies what was run, so a summary can be reproduced and compared.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// SHA-256 of replication 0's ticket stream (see `tickets::fingerprint`): runs
    /// with the same seed, replications and fingerprint saw the same tickets and are
    /// paired by `compare`. Empty in summaries written before it existed.
    #[serde(default)]
    pub tickets_sha256: String,
    /// Width of the time-series bins, hours.
    pub series_bin_hours: f64,
    /// Peak-season and incident-burst windows.
    pub windows: Vec<Window>,
    /// What counted as the first response (`sla.first_response`), in words.
    #[serde(default)]
    pub first_response: String,
    /// The scenario's `[targets]`, which the decision summary judges candidates by.
    #[serde(default)]
    pub targets: Vec<TargetInfo>,
}

/// One `[targets]` entry as the summary records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetInfo {
    /// Metric name.
    pub metric: String,
    /// The limit, in the metric's unit.
    pub limit: f64,
    /// The mean must be at most the limit (`false`: at least).
    pub at_most: bool,
}

/// The layout version of `summary.json` ([`Summary::schema_version`]); its JSON Schema
/// is `docs/summary.schema.json`.
pub const SCHEMA_VERSION: u32 = 1;

/// The finished result of an experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Layout version, [`SCHEMA_VERSION`] when written by this escalsim (0 when read
    /// from a summary written before versions existed).
    #[serde(default)]
    pub schema_version: u32,
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
        .map(|(i, name)| MetricSummary::of(name, per_run.iter().map(|s| s[i].value).collect()))
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
    let series = scenario
        .tiers
        .iter()
        .enumerate()
        .map(|(i, tier)| series_summary(&tier.name, i, runs))
        .collect();
    let bound = scenario
        .policies
        .iter()
        .any(|p| p.name == policy && matches!(p.kind, PolicyKind::Oracle | PolicyKind::Random));
    CandidateSummary {
        name,
        policy,
        staffing,
        bound,
        metrics,
        conservation,
        events,
        series,
    }
}

/// Means over replications, bin by bin (summed in replication order).
fn series_summary(tier: &str, index: usize, runs: &[RunMetrics]) -> TierSeriesSummary {
    let bins = runs
        .iter()
        .filter_map(|r| r.tiers.get(index))
        .map(|t| t.series.mean_queue.len())
        .max()
        .unwrap_or(0);
    let n = runs.len().max(1) as f64;
    let mut queue = vec![0.0; bins];
    let mut agents = vec![0.0; bins];
    let mut busy = vec![0.0; bins];
    for r in runs {
        let Some(t) = r.tiers.get(index) else {
            continue;
        };
        for (b, v) in t.series.mean_queue.iter().enumerate() {
            queue[b] += v;
        }
        for (b, v) in t.series.agents.iter().enumerate() {
            agents[b] += v;
        }
        for (b, v) in t.series.busy_agents.iter().enumerate() {
            busy[b] += v;
        }
    }
    let utilisation = busy
        .iter()
        .zip(&agents)
        .map(|(b, a)| if *a > 0.0 { b / a } else { f64::NAN })
        .collect();
    TierSeriesSummary {
        tier: tier.to_string(),
        mean_queue: queue.into_iter().map(|q| q / n).collect(),
        agents: agents.into_iter().map(|a| a / n).collect(),
        utilisation,
    }
}
