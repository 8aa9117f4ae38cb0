//! Reading a `check` baseline (a `summary.json`) and refusing one that cannot support
//! the paired test: replications outside what a scenario may ask for, per-replication
//! values missing, cut or inconsistent with their count, or a watched metric with
//! fewer than two values to pair. A damaged baseline must never turn a regression into
//! "passed".

use std::path::Path;

use anyhow::{Context, bail};

use crate::metrics::summary::Summary;
use crate::model::Watch;

/// The most replications a baseline may claim: the bound validation puts on
/// `run.replications`.
pub const MAX_BASELINE_REPLICATIONS: u32 = 100_000;

/// Reads and checks the baseline at `path` for `watches`.
pub fn read(path: &Path, watches: &[Watch]) -> anyhow::Result<Summary> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the baseline {}: create it with `escalsim check SCENARIO --baseline {} --update-baseline`",
            path.display(),
            path.display()
        )
    })?;
    let summary: Summary = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a summary.json written by escalsim (corrupt or another format)",
            path.display()
        )
    })?;
    if let Err(problem) = check(&summary, watches) {
        bail!(
            "{}: the baseline cannot support a paired test: {problem}; recreate it with `escalsim check SCENARIO --baseline {} --update-baseline`",
            path.display(),
            path.display()
        );
    }
    Ok(summary)
}

/// The first reason `b` cannot be paired with a new run for `watches`.
pub fn check(b: &Summary, watches: &[Watch]) -> Result<(), String> {
    let reps = b.run.replications;
    if !(2..=MAX_BASELINE_REPLICATIONS).contains(&reps) {
        return Err(format!(
            "run.replications is {reps}, expected 2 to {MAX_BASELINE_REPLICATIONS}"
        ));
    }
    for c in &b.candidates {
        for m in &c.metrics {
            let len = m.per_replication.len();
            if len != reps as usize {
                return Err(format!(
                    "candidate \"{}\", metric `{}`: {len} per-replication values, expected {reps}",
                    c.name, m.name
                ));
            }
            let defined = m.per_replication.iter().filter(|v| v.is_finite()).count();
            if defined as u64 != m.n {
                return Err(format!(
                    "candidate \"{}\", metric `{}`: {defined} defined per-replication values, but n = {}",
                    c.name, m.name, m.n
                ));
            }
            if defined < 2 && watches.iter().any(|w| w.metric == m.name) {
                return Err(format!(
                    "candidate \"{}\", watched metric `{}`: {defined} defined per-replication value(s), at least 2 are needed",
                    c.name, m.name
                ));
            }
        }
    }
    Ok(())
}
