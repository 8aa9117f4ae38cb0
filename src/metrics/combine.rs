//! Combining saved summaries for `escalsim compare`: candidates of every run in one
//! summary, named `<label>: <candidate>`, and whether replications can be paired or not
//! (Welch).
//!
//! Runs pair by the rule `check` uses: the same seed and replication count, so that
//! replication *r* of every run drew its tickets from the same keys. On top of that the
//! tickets must be the same: the same source and the same fingerprint of the ticket
//! stream ([`RunInfo::tickets_sha256`](super::summary::RunInfo::tickets_sha256)). An
//! edit that leaves the tickets alone (a staffing line, a policy) therefore still
//! pairs; one that changes them (arrival rates, the mix) does not. Summaries without a
//! fingerprint (written by older versions) pair only when their scenario files are
//! identical.

use super::compare::Method;
use super::summary::Summary;

/// The combined summary, how to compare it, and why pairing is not exact (if so).
#[derive(Clone, Debug, PartialEq)]
pub struct Combined {
    /// Every candidate of every run; run identity from the first.
    pub summary: Summary,
    /// Paired when every run has the same seed, replications and ticket stream.
    pub method: Method,
    /// Why the pairing is not exact, when it is not.
    pub note: Option<String>,
}

/// Combines `(label, summary)` pairs (at least one). A single run keeps its names.
pub fn combine(runs: Vec<(String, Summary)>) -> Option<Combined> {
    let first = runs.first()?.1.run.clone();
    let same_stream = |r: &super::summary::RunInfo| {
        if r.tickets_sha256.is_empty() || first.tickets_sha256.is_empty() {
            r.scenario_sha256 == first.scenario_sha256
        } else {
            r.tickets_sha256 == first.tickets_sha256
        }
    };
    let pairable = runs.iter().all(|(_, s)| {
        s.run.seed == first.seed
            && s.run.replications == first.replications
            && s.run.tickets == first.tickets
            && same_stream(&s.run)
    });
    let same_file = runs
        .iter()
        .all(|(_, s)| s.run.scenario_sha256 == first.scenario_sha256);
    let same_targets = runs.iter().all(|(_, s)| s.run.targets == first.targets);
    let single = runs.len() == 1;
    let mut summary = Summary {
        schema_version: super::summary::SCHEMA_VERSION,
        run: first,
        candidates: Vec::new(),
    };
    for (label, s) in runs {
        for mut c in s.candidates {
            if !single {
                c.name = format!("{label}: {}", c.name);
                c.policy = format!("{label}: {}", c.policy);
            }
            summary.candidates.push(c);
        }
    }
    let (method, mut note) = if pairable && same_file {
        (Method::Paired, None)
    } else if pairable {
        (
            Method::Paired,
            Some(
                "The runs' scenario files differ, but their seeds, replications and ticket streams agree: replication r of every run saw the same tickets, so differences are paired by replication."
                    .to_string(),
            ),
        )
    } else {
        (
            Method::Welch,
            Some(
                "The runs differ in seed, replication count or ticket stream, so replications do not share tickets: the pairing is not exact and unpaired (Welch) intervals are used."
                    .to_string(),
            ),
        )
    };
    if !same_targets {
        let t = "The runs' [targets] differ: the decision summary judges every candidate by the first run's.";
        note = Some(match note {
            Some(n) => format!("{n} {t}"),
            None => t.to_string(),
        });
    }
    Some(Combined {
        summary,
        method,
        note,
    })
}
