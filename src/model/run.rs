//! Run settings (`[run]`), metrics `escalsim check` watches (`[check]`) and the
//! replayed ticket source (`[replay]`).

use super::SimTime;

/// A metric that `escalsim check` watches for regressions against a baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// Metric name (see docs/metrics.md), e.g. `resolution_breach_rate.segment.enterprise`.
    pub metric: String,
    /// Fails when the metric rises by more than this (in the metric's unit; rates are
    /// fractions, so 0.01 is one percentage point).
    pub max_increase: Option<f64>,
    /// Fails when the metric falls by more than this (for metrics where higher is
    /// better).
    pub max_decrease: Option<f64>,
    /// Candidate names the watch applies to; empty means every candidate.
    pub candidates: Vec<String>,
}

/// Where replayed tickets come from (`[replay]`). Paths are relative to the scenario
/// file once loaded with `scenario::load`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplaySource {
    /// The ticket file (CSV, optionally `.gz` or `.zip`).
    pub tickets: std::path::PathBuf,
    /// The column-mapping file; `None` reads the native ticket schema.
    pub mapping: Option<std::path::PathBuf>,
}

/// Run settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    /// Simulated span, ms (> 0). Arrivals stop at the horizon; tickets still open then
    /// count as open.
    pub horizon_ms: SimTime,
    /// Initial span whose arrivals and time-weighted statistics are deleted, ms
    /// (`0 <= warmup_ms < horizon_ms`).
    pub warmup_ms: SimTime,
    /// Independent replications per candidate (>= 1).
    pub replications: u32,
    /// Master seed; every random stream derives from it.
    pub seed: u64,
}
