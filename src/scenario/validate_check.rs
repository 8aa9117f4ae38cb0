//! Validation of `[check]`: the metrics `escalsim check` watches and their tolerances.
//! Metric and candidate names are checked against the run's results by `check`
//! itself (they depend on tiers, segments and candidates).

use super::problem::{Problems, join};
use super::raw::RawCheck;
use crate::model::Watch;

/// The watches, or `None` if any is invalid (problems reported).
pub(crate) fn checks(ps: &mut Problems, raw: Option<&RawCheck>) -> Option<Vec<Watch>> {
    let Some(raw) = raw else {
        return Some(Vec::new());
    };
    let mut out = Vec::with_capacity(raw.watch.len());
    let mut ok = true;
    for (i, w) in raw.watch.iter().enumerate() {
        let base = format!("check.watch[{i}]");
        let metric = match w.metric.as_deref().map(str::trim) {
            Some(m) if !m.is_empty() => Some(m.to_string()),
            _ => {
                ps.error(
                    join(&base, "metric"),
                    "missing metric name",
                    "name a metric from docs/metrics.md, e.g. metric = \"resolution_breach_rate.segment.enterprise\"",
                );
                None
            }
        };
        let tolerance_ok = match (w.max_increase, w.max_decrease) {
            (None, None) | (Some(_), Some(_)) => {
                ps.error(
                    base.clone(),
                    "give exactly one of max_increase or max_decrease",
                    "max_increase = 0.01 fails the check when the metric rises by more than 0.01 (one point of a rate); use max_decrease for metrics where higher is better",
                );
                false
            }
            (Some(v), None) | (None, Some(v)) => {
                let key = if w.max_increase.is_some() {
                    "max_increase"
                } else {
                    "max_decrease"
                };
                if v.is_finite() && v >= 0.0 {
                    true
                } else {
                    ps.error(
                        join(&base, key),
                        format!("must be a finite number >= 0, got {v}"),
                        "give the largest change you accept, in the metric's unit (rates are fractions: 0.01 = one point)",
                    );
                    false
                }
            }
        };
        for (k, c) in w.candidates.iter().enumerate() {
            if c.trim().is_empty() {
                ps.error(
                    format!("{base}.candidates[{k}]"),
                    "empty candidate name",
                    "name a candidate as the run table shows it (`policy` or `policy @ staffing`), or leave candidates out to watch them all",
                );
                ok = false;
            }
        }
        match (metric, tolerance_ok) {
            (Some(metric), true) => out.push(Watch {
                metric,
                max_increase: w.max_increase,
                max_decrease: w.max_decrease,
                candidates: w.candidates.clone(),
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
