//! `[targets]`: what a planner needs a candidate to reach (e.g. resolution breach at
//! most 1 %, enterprise first response breach at most 0.5 %). Reports recommend the
//! cheapest candidate that meets every target.

/// One target on a reported metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// Metric name as in `summary.json` (`resolution_breach_rate`,
    /// `first_response_breach_rate.segment.enterprise`, `tier.T2.wait_mean_minutes`).
    pub metric: String,
    /// The limit, in the metric's unit (shares as fractions).
    pub limit: f64,
    /// `true`: the mean must be at most `limit` (lower is better); `false`: at least.
    pub at_most: bool,
}
