//! Advice a planner can act on, computed from a finished summary: how many
//! replications a target precision needs, a warm-up estimate by MSER-5 when the
//! configured warm-up looks too short, and whether each tier is stable, backlogged or
//! overloaded. The rules are documented in `docs/reports.md`.

use serde::Serialize;

use super::catalog::{self, Format};
use super::stats::t_975;
use super::summary::Summary;

/// Target half-width of a rate's 95 % interval: ±0.5 percentage points.
pub const RATE_TARGET: f64 = 0.005;
/// Target half-width of other metrics' intervals: ±10 % of the mean.
pub const RELATIVE_TARGET: f64 = 0.10;
/// Metrics checked for precision.
pub const PRECISION_METRICS: [&str; 4] = [
    catalog::RESOLUTION_BREACH_RATE,
    catalog::FIRST_RESPONSE_BREACH_RATE,
    catalog::TTR_MEAN_HOURS,
    catalog::COST,
];
/// Utilisation at or above which a tier counts as saturated.
pub const SATURATED_UTILISATION: f64 = 0.98;
/// MSER batch size.
pub const MSER_BATCH: usize = 5;
/// Most replications ever suggested.
const MAX_REPLICATIONS: u64 = 100_000;

/// Replications needed for a metric to reach its target precision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReplicationAdvice {
    /// Metric name.
    pub metric: String,
    /// The candidate needing most replications.
    pub candidate: String,
    /// Target half-width (metric unit).
    pub target_half_width: f64,
    /// Current half-width.
    pub half_width: f64,
    /// Replications now.
    pub replications: u64,
    /// Replications needed.
    pub needed: u64,
}

/// A warm-up estimate longer than the configured warm-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WarmupAdvice {
    /// Configured warm-up, hours.
    pub configured_hours: f64,
    /// Largest MSER-5 truncation point over candidates and tiers, hours.
    pub estimate_hours: f64,
    /// Where it was found (`candidate`, tier).
    pub candidate: String,
    /// Tier name.
    pub tier: String,
}

/// A tier's load state over the second half of the measurement window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierState {
    /// The queue does not grow and utilisation is below the saturation level.
    Stable,
    /// Either the queue grows or utilisation is at the saturation level.
    Backlogged,
    /// The queue grows and utilisation is at the saturation level.
    Overloaded,
}

/// One tier of one candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Saturation {
    /// Candidate name.
    pub candidate: String,
    /// Tier name.
    pub tier: String,
    /// Mean utilisation over the measurement window.
    pub utilisation: f64,
    /// Mean queue over the second half, tickets.
    pub level: f64,
    /// Least-squares queue growth across the second half, tickets.
    pub growth: f64,
    /// The verdict.
    pub state: TierState,
}

/// Everything advised about a summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    /// Metrics short of their target precision.
    pub replications: Vec<ReplicationAdvice>,
    /// Set when MSER-5 suggests a longer warm-up.
    pub warmup: Option<WarmupAdvice>,
    /// Every tier of every candidate.
    pub saturation: Vec<Saturation>,
}

/// Smallest `n ≥ 2` with `t(0.975, n − 1) · sd / √n ≤ target` (capped at 100 000).
pub fn replications_needed(sd: f64, target: f64) -> u64 {
    if sd.is_nan() || sd <= 0.0 || target.is_nan() || target <= 0.0 {
        return 2;
    }
    let ok = |n: u64| t_975(n - 1) * sd / (n as f64).sqrt() <= target;
    if ok(2) {
        return 2;
    }
    let (mut lo, mut hi) = (2, MAX_REPLICATIONS);
    if !ok(hi) {
        return hi;
    }
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        if ok(mid) { hi = mid } else { lo = mid }
    }
    hi
}

/// MSER-5 truncation point of `series`, in series bins: batch means of 5 bins, then the
/// `d ≤ k/2` minimising `Σ_{i ≥ d} (Z_i − Z̄_d)² / (k − d)²`. `None` for fewer than 4
/// batches.
pub fn mser5(series: &[f64]) -> Option<usize> {
    let batches: Vec<f64> = series
        .chunks_exact(MSER_BATCH)
        .map(|c| c.iter().sum::<f64>() / MSER_BATCH as f64)
        .collect();
    let k = batches.len();
    if k < 4 || batches.iter().any(|z| !z.is_finite()) {
        return None;
    }
    let mut best = (f64::INFINITY, 0);
    for d in 0..=k / 2 {
        let rest = &batches[d..];
        let mean = rest.iter().sum::<f64>() / rest.len() as f64;
        let sse: f64 = rest.iter().map(|z| (z - mean).powi(2)).sum();
        let stat = sse / (rest.len() as f64).powi(2);
        if stat < best.0 {
            best = (stat, d);
        }
    }
    Some(best.1 * MSER_BATCH)
}

/// Level and least-squares growth of the queue over the second half of the
/// measurement window `[warmup, horizon]`: bins starting at or after its midpoint,
/// regressed on their mid-times; growth = slope × the half's length.
pub fn queue_trend(
    queue: &[f64],
    bin_hours: f64,
    warmup_hours: f64,
    horizon_hours: f64,
) -> (f64, f64) {
    let start = warmup_hours + (horizon_hours - warmup_hours) / 2.0;
    let pts: Vec<(f64, f64)> = queue
        .iter()
        .enumerate()
        .map(|(i, q)| ((i as f64 + 0.5) * bin_hours, *q))
        .filter(|(t, q)| *t - 0.5 * bin_hours >= start - 1e-9 && q.is_finite())
        .collect();
    if pts.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let n = pts.len() as f64;
    let (mt, mq) = (
        pts.iter().map(|p| p.0).sum::<f64>() / n,
        pts.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let sxx: f64 = pts.iter().map(|p| (p.0 - mt).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mt) * (p.1 - mq)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (mq, slope * (horizon_hours - start))
}

/// The saturation rule: the queue grows when its growth across the second half is at
/// least 2 tickets and at least 25 % of its level there.
pub fn tier_state(utilisation: f64, level: f64, growth: f64) -> TierState {
    let growing = growth.is_finite() && growth >= 2.0 && growth >= 0.25 * level;
    let saturated = utilisation >= SATURATED_UTILISATION;
    match (growing, saturated) {
        (true, true) => TierState::Overloaded,
        (false, false) => TierState::Stable,
        _ => TierState::Backlogged,
    }
}

/// Everything advised about `summary`.
pub fn advise(summary: &Summary) -> Advice {
    let run = &summary.run;
    let mut replications = Vec::new();
    for metric in PRECISION_METRICS {
        let mut worst: Option<ReplicationAdvice> = None;
        for c in &summary.candidates {
            let Some(m) = c.metric(metric) else { continue };
            let target = if catalog::format(metric) == Format::Percent {
                RATE_TARGET
            } else {
                RELATIVE_TARGET * m.mean.abs()
            };
            if !m.mean.is_finite() || m.n < 2 || target.is_nan() || target <= 0.0 {
                continue;
            }
            let needed = replications_needed(m.sd, target);
            if needed > m.n && worst.as_ref().is_none_or(|w| needed > w.needed) {
                worst = Some(ReplicationAdvice {
                    metric: metric.to_string(),
                    candidate: c.name.clone(),
                    target_half_width: target,
                    half_width: m.half_width,
                    replications: m.n,
                    needed,
                });
            }
        }
        replications.extend(worst);
    }

    let mut warmup: Option<WarmupAdvice> = None;
    let mut saturation = Vec::new();
    for c in &summary.candidates {
        for s in &c.series {
            if let Some(bins) = mser5(&s.mean_queue) {
                let hours = bins as f64 * run.series_bin_hours;
                // MSER-5 resolves one batch: flag only a whole batch beyond the warm-up.
                let batch_hours = MSER_BATCH as f64 * run.series_bin_hours;
                let longer = hours >= run.warmup_hours + batch_hours - 1e-9;
                if longer && warmup.as_ref().is_none_or(|w| hours > w.estimate_hours) {
                    warmup = Some(WarmupAdvice {
                        configured_hours: run.warmup_hours,
                        estimate_hours: hours,
                        candidate: c.name.clone(),
                        tier: s.tier.clone(),
                    });
                }
            }
            let utilisation = c
                .metric(&format!("tier.{}.utilisation", s.tier))
                .map_or(f64::NAN, |m| m.mean);
            let (level, growth) = queue_trend(
                &s.mean_queue,
                run.series_bin_hours,
                run.warmup_hours,
                run.horizon_hours,
            );
            saturation.push(Saturation {
                candidate: c.name.clone(),
                tier: s.tier.clone(),
                utilisation,
                level,
                growth,
                state: tier_state(utilisation, level, growth),
            });
        }
    }
    Advice {
        replications,
        warmup,
        saturation,
    }
}

impl Advice {
    /// One line per piece of advice that matters (empty when all is well).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.replications {
            let (unit, scale) = if catalog::format(&r.metric) == Format::Percent {
                (" pt", 100.0)
            } else {
                ("", 1.0)
            };
            out.push(format!(
                "precision: {} is ±{:.3}{unit} at {} replications ({}); about {} replications give ±{:.3}{unit}",
                r.metric, r.half_width * scale, r.replications, r.candidate, r.needed, r.target_half_width * scale
            ));
        }
        if let Some(w) = &self.warmup {
            out.push(format!(
                "warm-up: MSER-5 on tier {}'s queue ({}) suggests about {:.0} h, but the warm-up is {:.0} h; consider a longer run.warmup_days",
                w.tier, w.candidate, w.estimate_hours, w.configured_hours
            ));
        }
        for s in &self.saturation {
            let what = match s.state {
                TierState::Stable => continue,
                TierState::Backlogged => "backlogged",
                TierState::Overloaded => "overloaded",
            };
            out.push(format!(
                "saturation: tier {} is {what} under {} (utilisation {:.1}%, queue {:.1} growing by {:.1} over the second half); add agents or lower its load",
                s.tier, s.candidate, s.utilisation * 100.0, s.level, s.growth
            ));
        }
        out
    }
}

#[cfg(test)]
#[path = "advice_tests.rs"]
mod tests;
