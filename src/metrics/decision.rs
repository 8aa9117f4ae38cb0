//! The decision summary: which candidate to pick and why. With `[targets]`, the
//! recommended candidate is the cheapest that meets every target (each judged on its
//! mean); candidates whose cost differs from it by less than the noise (the 95 %
//! interval of the difference includes 0) are ties, of which the one with the lowest
//! resolution breach rate is chosen. Without targets, the lowest resolution breach
//! rate wins, differences inside the noise are ties, and the cheapest tie is chosen.
//! Bounds (`oracle`, `random`) are never recommended or ranked.
//!
//! Besides the pick: what it buys against the baseline (paired differences with
//! intervals), which customer segments gain or lose, and which tiers run near
//! saturation under it.

use serde::Serialize;

use super::catalog::{self, COST, RESOLUTION_BREACH_RATE};
use super::compare::{self, Difference, Method};
use super::summary::{CandidateSummary, Summary, TargetInfo};

/// Mean utilisation from which a tier counts as near saturation.
pub const NEAR_SATURATION: f64 = 0.85;
/// Utilisation of a time-series bin from which the tier counts as saturated in it.
pub const PEAK_SATURATION: f64 = 0.95;
/// Share of bins (after the warm-up) saturated from which a tier counts as near
/// saturation even when its mean is lower (saturated in its peaks).
pub const PEAK_SHARE: f64 = 0.10;

/// Metrics of "what it buys".
const BUYS: [&str; 5] = [
    catalog::RESOLUTION_BREACH_RATE,
    catalog::FIRST_RESPONSE_BREACH_RATE,
    catalog::TTR_MEAN_HOURS,
    catalog::ABANDON_RATE,
    catalog::COST,
];

/// One target judged for one candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetCheck {
    /// The target.
    pub metric: String,
    /// Its limit.
    pub limit: f64,
    /// At most (`true`) or at least.
    pub at_most: bool,
    /// The candidate's mean (NaN when it has no such metric).
    pub mean: f64,
    /// Lower end of the mean's 95 % interval.
    pub ci_low: f64,
    /// Upper end.
    pub ci_high: f64,
    /// The mean meets the limit.
    pub meets: bool,
    /// The whole interval meets it (not only the mean).
    pub clearly: bool,
    /// Missed on the mean, but the interval includes the limit: a miss within the
    /// noise.
    pub close_miss: bool,
}

/// One candidate's standing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standing {
    /// Candidate name.
    pub candidate: String,
    /// A bound, not a real option.
    pub bound: bool,
    /// Every target judged (empty without targets).
    pub targets: Vec<TargetCheck>,
    /// Every target met (true without targets).
    pub meets: bool,
    /// Mean cost.
    pub cost: f64,
    /// Mean resolution breach rate.
    pub breach: f64,
}

/// A segment's resolution breach rate under the baseline and the recommendation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SegmentChange {
    /// Segment name.
    pub segment: String,
    /// Under the baseline.
    pub baseline: f64,
    /// Under the recommended candidate.
    pub recommended: f64,
}

/// A tier near saturation under the recommended candidate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Saturated {
    /// Tier name.
    pub tier: String,
    /// Mean utilisation.
    pub utilisation: f64,
    /// Share of its time-series bins after the warm-up at [`PEAK_SATURATION`] or more
    /// (NaN without a series).
    pub saturated_share: f64,
}

/// The decision summary of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The recommended candidate, if any candidate qualifies.
    pub recommended: Option<String>,
    /// How it was chosen, in words.
    pub rule: String,
    /// Candidates tied with it (differences inside the noise), not chosen.
    pub ties: Vec<String>,
    /// Every candidate's standing, in summary order.
    pub standings: Vec<Standing>,
    /// The baseline.
    pub baseline: String,
    /// How differences were estimated (paired by replication, or Welch's).
    pub method: Method,
    /// Candidates cheaper than the recommendation that miss a target only within the
    /// noise (worth more replications before deciding).
    pub close_cheaper: Vec<String>,
    /// Recommended − baseline for the key metrics (empty when it is the baseline).
    pub buys: Vec<Difference>,
    /// Resolution breach rate per segment, baseline and recommended.
    pub segments: Vec<SegmentChange>,
    /// Tiers at or above [`NEAR_SATURATION`] under the recommendation.
    pub saturated: Vec<Saturated>,
}

fn mean(c: &CandidateSummary, metric: &str) -> f64 {
    c.metric(metric).map_or(f64::NAN, |m| m.mean)
}

fn check(c: &CandidateSummary, t: &TargetInfo) -> TargetCheck {
    let m = c.metric(&t.metric);
    let (mean, lo, hi) = m.map_or((f64::NAN, f64::NAN, f64::NAN), |m| {
        (m.mean, m.ci_low, m.ci_high)
    });
    let ok = |x: f64| {
        x.is_finite()
            && if t.at_most {
                x <= t.limit
            } else {
                x >= t.limit
            }
    };
    let bound = if t.at_most { hi } else { lo };
    TargetCheck {
        metric: t.metric.clone(),
        limit: t.limit,
        at_most: t.at_most,
        mean,
        ci_low: lo,
        ci_high: hi,
        meets: ok(mean),
        // A zero-width interval (one replication) reads as its mean.
        clearly: ok(mean) && (ok(bound) || !bound.is_finite()),
        close_miss: !ok(mean) && mean.is_finite() && lo <= t.limit && t.limit <= hi,
    }
}

/// Whether `a` and `b` differ on `metric` by more than the noise (95 % interval of
/// the difference excludes 0).
fn differ(a: &CandidateSummary, b: &CandidateSummary, metric: &str, method: Method) -> bool {
    let (Some(x), Some(y)) = (a.metric(metric), b.metric(metric)) else {
        return false;
    };
    let e = match method {
        Method::Paired => compare::paired(&x.per_replication, &y.per_replication),
        Method::Welch => compare::welch(&x.per_replication, &y.per_replication),
    };
    let hw = compare::half_width(&e, compare::CONFIDENCE);
    if !e.mean.is_finite() {
        return false;
    }
    if !hw.is_finite() {
        return e.mean != 0.0;
    }
    e.mean - hw > 0.0 || e.mean + hw < 0.0
}

fn key(x: f64) -> f64 {
    if x.is_finite() { x } else { f64::INFINITY }
}

/// The decision summary for `summary` against `summary.candidates[baseline]`.
pub fn decide(summary: &Summary, baseline: usize, method: Method) -> Decision {
    let cands = &summary.candidates;
    let targets = &summary.run.targets;
    let standings: Vec<Standing> = cands
        .iter()
        .map(|c| {
            let checks: Vec<TargetCheck> = targets.iter().map(|t| check(c, t)).collect();
            Standing {
                candidate: c.name.clone(),
                bound: c.bound,
                meets: checks.iter().all(|t| t.meets),
                targets: checks,
                cost: mean(c, COST),
                breach: mean(c, RESOLUTION_BREACH_RATE),
            }
        })
        .collect();
    let real: Vec<usize> = (0..cands.len()).filter(|&i| !cands[i].bound).collect();
    let (pick, ties, rule) = if targets.is_empty() {
        // Lowest breach; ties by noise; the cheapest tie.
        let best = real
            .iter()
            .copied()
            .min_by(|&a, &b| key(standings[a].breach).total_cmp(&key(standings[b].breach)));
        match best {
            None => (
                None,
                Vec::new(),
                "no candidate other than bounds".to_string(),
            ),
            Some(best) => {
                let mut tied: Vec<usize> = real
                    .iter()
                    .copied()
                    .filter(|&i| {
                        i == best
                            || !differ(&cands[i], &cands[best], RESOLUTION_BREACH_RATE, method)
                    })
                    .collect();
                tied.sort_by(|&a, &b| {
                    key(standings[a].cost)
                        .total_cmp(&key(standings[b].cost))
                        .then(key(standings[a].breach).total_cmp(&key(standings[b].breach)))
                        .then(a.cmp(&b))
                });
                let pick = tied[0];
                (
                    Some(pick),
                    tied[1..].to_vec(),
                    "no [targets] in the scenario: the lowest resolution breach rate, candidates within the noise of it (95 % interval of the difference includes 0) counted as ties, the cheapest tie chosen".to_string(),
                )
            }
        }
    } else {
        let mut meeting: Vec<usize> = real
            .iter()
            .copied()
            .filter(|&i| standings[i].meets)
            .collect();
        meeting.sort_by(|&a, &b| {
            key(standings[a].cost)
                .total_cmp(&key(standings[b].cost))
                .then(a.cmp(&b))
        });
        match meeting.first().copied() {
            None => (
                None,
                Vec::new(),
                "no candidate meets every target (bounds excluded)".to_string(),
            ),
            Some(cheapest) => {
                let mut tied: Vec<usize> = meeting
                    .iter()
                    .copied()
                    .filter(|&i| {
                        i == cheapest || !differ(&cands[i], &cands[cheapest], COST, method)
                    })
                    .collect();
                tied.sort_by(|&a, &b| {
                    key(standings[a].breach)
                        .total_cmp(&key(standings[b].breach))
                        .then(key(standings[a].cost).total_cmp(&key(standings[b].cost)))
                        .then(a.cmp(&b))
                });
                let pick = tied[0];
                (
                    Some(pick),
                    tied[1..].to_vec(),
                    "the cheapest candidate that meets every target (on its mean), candidates whose cost is within the noise of it (95 % interval of the difference includes 0) counted as ties, the tie with the lowest resolution breach rate chosen".to_string(),
                )
            }
        }
    };
    let base = &cands[baseline.min(cands.len().saturating_sub(1))];
    let (buys, segments, saturated) = match pick {
        None => (Vec::new(), Vec::new(), Vec::new()),
        Some(p) => {
            let rec = &cands[p];
            let buys = if p == baseline {
                Vec::new()
            } else {
                compare::compare(&[base.clone(), rec.clone()], 0, method)
                    .candidates
                    .into_iter()
                    .next()
                    .map(|c| {
                        c.differences
                            .into_iter()
                            .filter(|d| BUYS.contains(&d.metric.as_str()))
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let prefix = format!("{RESOLUTION_BREACH_RATE}.segment.");
            let segments = rec
                .metrics
                .iter()
                .filter_map(|x| {
                    let seg = x.name.strip_prefix(&prefix)?;
                    Some(SegmentChange {
                        segment: seg.to_string(),
                        baseline: mean(base, &x.name),
                        recommended: x.mean,
                    })
                })
                .collect();
            let warmup_bins = if summary.run.series_bin_hours > 0.0 {
                (summary.run.warmup_hours / summary.run.series_bin_hours).ceil() as usize
            } else {
                0
            };
            let saturated = rec
                .metrics
                .iter()
                .filter_map(|x| {
                    let tier = x.name.strip_prefix("tier.")?.strip_suffix(".utilisation")?;
                    let share = rec
                        .series
                        .iter()
                        .find(|s| s.tier == tier)
                        .map_or(f64::NAN, |s| {
                            let bins: Vec<f64> = s
                                .utilisation
                                .iter()
                                .skip(warmup_bins)
                                .copied()
                                .filter(|u| u.is_finite())
                                .collect();
                            let hot = bins.iter().filter(|&&u| u >= PEAK_SATURATION).count();
                            hot as f64 / bins.len().max(1) as f64
                        });
                    (x.mean >= NEAR_SATURATION || share >= PEAK_SHARE).then(|| Saturated {
                        tier: tier.to_string(),
                        utilisation: x.mean,
                        saturated_share: share,
                    })
                })
                .collect();
            (buys, segments, saturated)
        }
    };
    let close_cheaper = match pick {
        Some(p) if !targets.is_empty() => real
            .iter()
            .copied()
            .filter(|&i| {
                let s = &standings[i];
                !s.meets
                    && s.targets.iter().all(|t| t.meets || t.close_miss)
                    && key(s.cost) < key(standings[p].cost)
            })
            .map(|i| cands[i].name.clone())
            .collect(),
        _ => Vec::new(),
    };
    Decision {
        recommended: pick.map(|p| cands[p].name.clone()),
        rule,
        ties: ties.iter().map(|&i| cands[i].name.clone()).collect(),
        standings,
        baseline: base.name.clone(),
        method,
        close_cheaper,
        buys,
        segments,
        saturated,
    }
}

#[cfg(test)]
#[path = "decision_tests.rs"]
mod tests;
