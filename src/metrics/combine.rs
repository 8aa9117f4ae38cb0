//! Combining saved summaries for `escalsim compare`: candidates of every run in one
//! summary, named `<label>: <candidate>`, and whether replications can be paired (same
//! scenario file, seed and replication count in every run) or not (Welch).

use super::compare::Method;
use super::summary::Summary;

/// The combined summary, how to compare it, and why pairing is not exact (if so).
#[derive(Clone, Debug, PartialEq)]
pub struct Combined {
    /// Every candidate of every run; run identity from the first.
    pub summary: Summary,
    /// Paired when every run has the same scenario hash, seed and replications.
    pub method: Method,
    /// Why the pairing is not exact, when it is not.
    pub note: Option<String>,
}

/// Combines `(label, summary)` pairs (at least one). A single run keeps its names.
pub fn combine(runs: Vec<(String, Summary)>) -> Option<Combined> {
    let first = runs.first()?.1.run.clone();
    let pairable = runs.iter().all(|(_, s)| {
        s.run.scenario_sha256 == first.scenario_sha256
            && s.run.seed == first.seed
            && s.run.replications == first.replications
    });
    let same_targets = runs.iter().all(|(_, s)| s.run.targets == first.targets);
    let single = runs.len() == 1;
    let mut summary = Summary {
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
    let (method, mut note) = if pairable {
        (Method::Paired, None)
    } else {
        (
            Method::Welch,
            Some(
                "The runs differ in scenario file, seed or replication count, so replications do not share tickets: the pairing is not exact and unpaired (Welch) intervals are used."
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
