//! Comparisons against a baseline candidate: the difference of every headline metric
//! with a confidence interval, marked significant or not after a Bonferroni adjustment
//! over the candidates compared, a ranking, and the cost / breach-rate Pareto front.
//!
//! Within one run every candidate in replication *r* saw the same tickets (common
//! random numbers), so differences are **paired** by replication: `d_r = x_r − b_r`,
//! `d̄ ± t(1 − α/2, n − 1) · s_d / √n`. Runs that are not pairable (different
//! scenarios, seeds or replication counts) use **Welch**'s unpaired interval instead.

use serde::{Deserialize, Serialize};

use super::catalog::{self, COST, RESOLUTION_BREACH_RATE};
use super::stats::MeanCi;
use super::summary::CandidateSummary;
use super::tdist::{t_quantile, two_sided_p};

/// The headline metrics compared, in display order.
pub const HEADLINE: [&str; 13] = [
    catalog::RESOLUTION_BREACH_RATE,
    catalog::RESOLUTION_BREACH_LATE_RATE,
    catalog::RESOLUTION_BREACH_ABANDONED_RATE,
    catalog::FIRST_RESPONSE_BREACH_RATE,
    catalog::SERVICE_LEVEL_OFFERED,
    catalog::TTR_MEAN_HOURS,
    catalog::TTR_P50_HOURS,
    catalog::TTR_P90_HOURS,
    catalog::TTR_P99_HOURS,
    catalog::FIRST_RESPONSE_MEAN_MINUTES,
    catalog::ABANDON_RATE,
    catalog::ESCALATIONS_PER_TICKET,
    catalog::COST,
];

/// Relative cost difference below which two candidates count as equally costly on
/// the Pareto front (0.1 %).
pub const COST_TOLERANCE: f64 = 0.001;

/// Family-wise confidence level of the comparisons.
pub const CONFIDENCE: f64 = 0.95;

/// Why a comparison cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// `--baseline` names no candidate.
    #[error("--baseline: no candidate named \"{name}\"{hint} (known: {known})")]
    UnknownBaseline {
        /// The name given.
        name: String,
        /// `; did you mean "…"?` with the closest candidate name, or empty.
        hint: String,
        /// Candidate names, quoted and comma-separated.
        known: String,
    },
    /// Nothing to compare.
    #[error("no candidates to compare")]
    Empty,
}

/// How differences were estimated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Paired by replication (common random numbers), Student t.
    Paired,
    /// Unpaired, Welch's t with Welch–Satterthwaite degrees of freedom.
    Welch,
}

/// One metric's difference, candidate − baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// Metric name.
    pub metric: String,
    /// Baseline mean.
    pub baseline_mean: f64,
    /// Candidate mean.
    pub candidate_mean: f64,
    /// Mean difference, candidate − baseline (same unit as the metric).
    pub mean: f64,
    /// Lower end of the unadjusted 95 % interval.
    pub ci_low: f64,
    /// Upper end of the unadjusted 95 % interval.
    pub ci_high: f64,
    /// Lower end of the Bonferroni-adjusted interval.
    pub adjusted_ci_low: f64,
    /// Upper end of the Bonferroni-adjusted interval.
    pub adjusted_ci_high: f64,
    /// Degrees of freedom (Welch's may be fractional).
    pub df: f64,
    /// Pairs (paired) or replications of the smaller side (Welch) used.
    pub n: u64,
    /// Two-sided p-value, unadjusted.
    pub p_value: f64,
    /// Whether the adjusted interval excludes 0 (p · m < 1 − confidence).
    pub significant: bool,
}

/// One candidate against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CandidateComparison {
    /// Candidate name.
    pub candidate: String,
    /// One entry per headline metric the candidate has.
    pub differences: Vec<Difference>,
}

/// A place in the ranking.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rank {
    /// 1 = best.
    pub rank: usize,
    /// Candidate name.
    pub candidate: String,
    /// Mean resolution breach rate (fraction).
    pub resolution_breach_rate: f64,
    /// Mean cost.
    pub cost: f64,
}

/// A candidate on the cost / resolution-breach plane.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParetoPoint {
    /// Candidate name.
    pub candidate: String,
    /// Policy name.
    pub policy: String,
    /// Staffing model name.
    pub staffing: String,
    /// Mean cost.
    pub cost: f64,
    /// Mean resolution breach rate (fraction) and its 95 % interval.
    pub breach: f64,
    /// Lower end of the breach rate's interval.
    pub breach_low: f64,
    /// Upper end of the breach rate's interval.
    pub breach_high: f64,
    /// No other candidate is at most as costly (within [`COST_TOLERANCE`]) and at most
    /// as breach-prone, and strictly better in one. Bounds are never on the front and
    /// push nothing off it.
    pub on_front: bool,
    /// A bound (`oracle`, `random`), drawn for reference.
    pub bound: bool,
}

/// Every comparison of a summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Baseline candidate name.
    pub baseline: String,
    /// How differences were estimated.
    pub method: Method,
    /// Candidates compared with the baseline (the Bonferroni divisor m).
    pub comparisons: u64,
    /// Confidence level of each adjusted interval: 1 − 0.05 / m.
    pub adjusted_level: f64,
    /// One entry per non-baseline candidate, in summary order.
    pub candidates: Vec<CandidateComparison>,
    /// Best first: by resolution breach rate, ties by cost, then name; bounds
    /// (`oracle`, `random`) left out.
    pub ranking: Vec<Rank>,
    /// Every candidate with its place relative to the Pareto front.
    pub pareto: Vec<ParetoPoint>,
}

/// The baseline's index: the candidate named `name`, or the first.
pub fn find_baseline(
    candidates: &[CandidateSummary],
    name: Option<&str>,
) -> Result<usize, CompareError> {
    if candidates.is_empty() {
        return Err(CompareError::Empty);
    }
    let Some(name) = name else { return Ok(0) };
    let names: Vec<&str> = candidates.iter().map(|c| c.name.as_str()).collect();
    baseline_index(name, &names)
}

/// The position of the baseline `name` among candidate `names`, or an error naming
/// the closest one. `run` calls it before simulating, so a typo costs nothing.
pub fn baseline_index(name: &str, names: &[&str]) -> Result<usize, CompareError> {
    names
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| CompareError::UnknownBaseline {
            name: name.to_string(),
            hint: did_you_mean(name, names),
            known: names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// `; did you mean "NAME"?` with the known name closest to `given`, or empty when none
/// is close.
pub fn did_you_mean(given: &str, known: &[&str]) -> String {
    crate::scenario::closest(given, known.iter().copied())
        .map_or_else(String::new, |n| format!("; did you mean \"{n}\"?"))
}

/// A difference's estimate: mean, standard error, degrees of freedom, n.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// Mean difference.
    pub mean: f64,
    /// Standard error of the mean difference.
    pub se: f64,
    /// Degrees of freedom.
    pub df: f64,
    /// Pairs or smaller sample size.
    pub n: u64,
}

/// Paired estimate over the replications where both values are finite.
pub fn paired(baseline: &[f64], candidate: &[f64]) -> Estimate {
    let d: Vec<f64> = baseline
        .iter()
        .zip(candidate)
        .filter(|(b, c)| b.is_finite() && c.is_finite())
        .map(|(b, c)| c - b)
        .collect();
    let m = MeanCi::of(&d);
    Estimate {
        mean: m.mean,
        se: m.sd / (m.n as f64).sqrt(),
        df: m.n as f64 - 1.0,
        n: m.n,
    }
}

/// Welch's unpaired estimate.
pub fn welch(baseline: &[f64], candidate: &[f64]) -> Estimate {
    let (b, c) = (MeanCi::of(baseline), MeanCi::of(candidate));
    let (vb, vc) = (b.sd * b.sd / b.n as f64, c.sd * c.sd / c.n as f64);
    let se2 = vb + vc;
    let df = if se2 > 0.0 {
        se2 * se2 / (vb * vb / (b.n as f64 - 1.0) + vc * vc / (c.n as f64 - 1.0))
    } else {
        (b.n + c.n) as f64 - 2.0
    };
    Estimate {
        mean: c.mean - b.mean,
        se: se2.sqrt(),
        df,
        n: b.n.min(c.n),
    }
}

/// Half-width of a two-sided interval at `level` (NaN when it cannot be computed).
pub fn half_width(e: &Estimate, level: f64) -> f64 {
    if e.n < 2 || e.df.is_nan() || e.df <= 0.0 || !e.se.is_finite() {
        return f64::NAN;
    }
    if e.se == 0.0 {
        return 0.0;
    }
    t_quantile(1.0 - (1.0 - level) / 2.0, e.df) * e.se
}

fn difference(metric: &str, b: &[f64], c: &[f64], method: Method, m: u64) -> Difference {
    let e = match method {
        Method::Paired => paired(b, c),
        Method::Welch => welch(b, c),
    };
    let adjusted_level = 1.0 - (1.0 - CONFIDENCE) / m.max(1) as f64;
    let (hw, ahw) = (half_width(&e, CONFIDENCE), half_width(&e, adjusted_level));
    let p_value = if e.n < 2 || e.df.is_nan() || e.df <= 0.0 {
        f64::NAN
    } else if e.se == 0.0 {
        if e.mean == 0.0 { 1.0 } else { 0.0 }
    } else {
        two_sided_p(e.mean / e.se, e.df)
    };
    Difference {
        metric: metric.to_string(),
        baseline_mean: MeanCi::of(b).mean,
        candidate_mean: MeanCi::of(c).mean,
        mean: e.mean,
        ci_low: e.mean - hw,
        ci_high: e.mean + hw,
        adjusted_ci_low: e.mean - ahw,
        adjusted_ci_high: e.mean + ahw,
        df: e.df,
        n: e.n,
        p_value,
        significant: ahw.is_finite() && (e.mean - ahw > 0.0 || e.mean + ahw < 0.0),
    }
}

fn mean_of(c: &CandidateSummary, metric: &str) -> f64 {
    c.metric(metric).map_or(f64::NAN, |m| m.mean)
}

/// Compares every candidate with `candidates[baseline]`, paired or not.
pub fn compare(candidates: &[CandidateSummary], baseline: usize, method: Method) -> Comparison {
    let m = candidates.len().saturating_sub(1) as u64;
    let base = &candidates[baseline.min(candidates.len().saturating_sub(1))];
    let compared = candidates
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != baseline)
        .map(|(_, c)| CandidateComparison {
            candidate: c.name.clone(),
            differences: HEADLINE
                .iter()
                .filter_map(|name| {
                    let (b, x) = (base.metric(name)?, c.metric(name)?);
                    Some(difference(
                        name,
                        &b.per_replication,
                        &x.per_replication,
                        method,
                        m,
                    ))
                })
                .collect(),
        })
        .collect();
    Comparison {
        baseline: base.name.clone(),
        method,
        comparisons: m,
        adjusted_level: 1.0 - (1.0 - CONFIDENCE) / m.max(1) as f64,
        candidates: compared,
        ranking: ranking(candidates),
        pareto: pareto(candidates),
    }
}

/// Best first by mean resolution breach rate (undefined last), ties by cost, then
/// name. Bounds are not options and are left out.
pub fn ranking(candidates: &[CandidateSummary]) -> Vec<Rank> {
    let key = |x: f64| if x.is_nan() { f64::INFINITY } else { x };
    let mut rows: Vec<Rank> = candidates
        .iter()
        .filter(|c| !c.bound)
        .map(|c| Rank {
            rank: 0,
            candidate: c.name.clone(),
            resolution_breach_rate: mean_of(c, RESOLUTION_BREACH_RATE),
            cost: mean_of(c, COST),
        })
        .collect();
    rows.sort_by(|a, b| {
        key(a.resolution_breach_rate)
            .total_cmp(&key(b.resolution_breach_rate))
            .then(key(a.cost).total_cmp(&key(b.cost)))
            .then_with(|| a.candidate.cmp(&b.candidate))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}

/// Every candidate on the cost / resolution-breach plane, with its Pareto status.
pub fn pareto(candidates: &[CandidateSummary]) -> Vec<ParetoPoint> {
    let mut points: Vec<ParetoPoint> = candidates
        .iter()
        .map(|c| {
            let b = c.metric(RESOLUTION_BREACH_RATE);
            ParetoPoint {
                candidate: c.name.clone(),
                policy: c.policy.clone(),
                staffing: c.staffing.clone(),
                cost: mean_of(c, COST),
                breach: b.map_or(f64::NAN, |m| m.mean),
                breach_low: b.map_or(f64::NAN, |m| m.ci_low),
                breach_high: b.map_or(f64::NAN, |m| m.ci_high),
                on_front: false,
                bound: c.bound,
            }
        })
        .collect();
    let front: Vec<bool> = points
        .iter()
        .map(|p| {
            !p.bound
                && p.cost.is_finite()
                && p.breach.is_finite()
                && !points.iter().filter(|q| !q.bound).any(|q| {
                    // Costs within 0.1 % of each other count as equal.
                    let tol = COST_TOLERANCE * q.cost.abs().max(p.cost.abs());
                    q.cost <= p.cost + tol
                        && q.breach <= p.breach
                        && (q.cost < p.cost - tol || q.breach < p.breach)
                })
        })
        .collect();
    for (p, f) in points.iter_mut().zip(front) {
        p.on_front = f;
    }
    points
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
