//! The regression gate of `escalsim check`: compare a new run against a baseline run
//! made with the same seeds, metric by watched metric, with paired differences.
//!
//! For each watched metric and candidate, the per-replication differences
//! `d_r = new_r − baseline_r` (replication r of both runs saw the same tickets, so the
//! pairing removes most of the noise) give a mean and a 95 % Student-t interval. A
//! watch with `max_increase = m` **fails** when the whole interval lies above `m`
//! (the metric rose by more than `m` with 95 % confidence); `max_decrease = m` fails
//! when the whole interval lies below `−m`. A change inside the tolerance, or one the
//! data cannot distinguish from it, passes.

use super::compare::{half_width, paired};
use super::summary::{CandidateSummary, Summary};
use crate::model::Watch;

/// The outcome of one watched metric for one candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// Candidate name.
    pub candidate: String,
    /// Metric name.
    pub metric: String,
    /// Baseline mean.
    pub baseline: f64,
    /// New mean.
    pub new: f64,
    /// Mean paired difference (new − baseline).
    pub diff: f64,
    /// Lower end of its 95 % interval.
    pub ci_low: f64,
    /// Upper end of its 95 % interval.
    pub ci_high: f64,
    /// The tolerance, as text (`+0.01` or `−0.5`).
    pub tolerance: String,
    /// Whether the metric regressed beyond its tolerance with 95 % confidence.
    pub failed: bool,
}

/// Why the gate could not judge.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum GateError {
    /// The runs cannot be paired.
    #[error("{0}")]
    Mismatch(String),
    /// A watch names something the runs do not have.
    #[error("{0}")]
    Unknown(String),
}

fn candidates_for<'a>(summary: &'a Summary, watch: &Watch) -> Vec<&'a CandidateSummary> {
    summary
        .candidates
        .iter()
        .filter(|c| {
            watch.candidates.is_empty()
                || watch
                    .candidates
                    .iter()
                    .any(|n| n == &c.name || n == &c.policy)
        })
        .collect()
}

/// Judges every watch. The runs must have the same seed and replications.
pub fn judge(
    baseline: &Summary,
    new: &Summary,
    watches: &[Watch],
) -> Result<Vec<Verdict>, GateError> {
    if baseline.run.seed != new.run.seed || baseline.run.replications != new.run.replications {
        return Err(GateError::Mismatch(format!(
            "the baseline used seed {} with {} replications but this run used seed {} with {}: they cannot be paired (re-run with the baseline's seed and replications)",
            baseline.run.seed, baseline.run.replications, new.run.seed, new.run.replications
        )));
    }
    let mut out = Vec::new();
    for (i, watch) in watches.iter().enumerate() {
        let chosen = candidates_for(new, watch);
        if chosen.is_empty() {
            let known: Vec<&str> = new.candidates.iter().map(|c| c.name.as_str()).collect();
            return Err(GateError::Unknown(format!(
                "check.watch[{i}]: no candidate named {:?} (candidates: {})",
                watch.candidates,
                known.join(", ")
            )));
        }
        for c in chosen {
            let Some(b) = baseline.candidates.iter().find(|b| b.name == c.name) else {
                return Err(GateError::Unknown(format!(
                    "candidate \"{}\" is not in the baseline (a new or renamed candidate): accept the change with --update-baseline",
                    c.name
                )));
            };
            let (Some(nm), Some(bm)) = (c.metric(&watch.metric), b.metric(&watch.metric)) else {
                let known: Vec<&str> = c.metrics.iter().map(|m| m.name.as_str()).take(12).collect();
                return Err(GateError::Unknown(format!(
                    "check.watch[{i}].metric: unknown metric `{}` for candidate \"{}\" (e.g. {}, …; see docs/metrics.md)",
                    watch.metric,
                    c.name,
                    known.join(", ")
                )));
            };
            let e = paired(&bm.per_replication, &nm.per_replication);
            let hw = half_width(&e, 0.95);
            // Without an interval (fewer than 2 pairs) nothing can be shown with confidence.
            let hw = if hw.is_finite() { hw } else { f64::INFINITY };
            let (lo, hi) = (e.mean - hw, e.mean + hw);
            let (failed, tolerance) = match (watch.max_increase, watch.max_decrease) {
                (Some(m), _) => (lo > m, format!("+{m}")),
                (None, Some(m)) => (hi < -m, format!("−{m}")),
                (None, None) => (false, "none".into()),
            };
            out.push(Verdict {
                candidate: c.name.clone(),
                metric: watch.metric.clone(),
                baseline: bm.mean,
                new: nm.mean,
                diff: e.mean,
                ci_low: lo,
                ci_high: hi,
                tolerance,
                failed,
            });
        }
    }
    Ok(out)
}
