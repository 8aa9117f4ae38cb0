//! The end of every experiment, shared by `run` and `merge`: runs → summary → every
//! report file (see `report::publish`, with each policy's routing diagram) → the
//! comparison table, differences, advice and notes on the terminal.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::diagram;
use crate::experiment::{self, CandidateRuns};
use crate::metrics::compare::Method;
use crate::metrics::summary::CandidateSummary;
use crate::model::Scenario;
use crate::report::analysis::{PolicyDiagram, terminal_decision, terminal_text};
use crate::report::publish::{Format, analyse, publish};
use crate::report::table::Table;

use super::Outcome;

/// What to publish and print.
#[derive(Debug, Clone)]
pub struct Publish<'a> {
    /// Baseline candidate for the differences (default: the first).
    pub baseline: Option<&'a str>,
    /// Report formats to write.
    pub formats: Vec<Format>,
    /// Print nothing but errors.
    pub quiet: bool,
    /// Fit the terminal output to this many columns (`None`: full width, `--wide`).
    pub width: Option<usize>,
}

/// The tickets an experiment ran on: where they came from (`synthetic`, `replay …`)
/// and the fingerprint of replication 0's stream (`tickets::fingerprint`).
#[derive(Debug, Clone, Copy)]
pub struct TicketsSeen<'a> {
    /// Where the tickets came from.
    pub source: &'a str,
    /// SHA-256 of replication 0's ticket stream.
    pub sha256: &'a str,
}

/// Summarises `runs` (every candidate's runs, in scenario order) and writes the report
/// into `out_dir` in the chosen formats; unless quiet, prints the comparison table, warnings and the files
/// written. `source_hash` is the scenario file's SHA-256 and `tickets` the tickets run on.
pub fn finish(
    scenario: &Scenario,
    runs: &[CandidateRuns],
    source_hash: &str,
    tickets: &TicketsSeen<'_>,
    out_dir: &Path,
    options: &Publish<'_>,
) -> anyhow::Result<Outcome> {
    let quiet = options.quiet;
    let mut summary = experiment::summarise(scenario, runs, source_hash, tickets.source);
    summary.run.tickets_sha256 = tickets.sha256.to_string();
    let mut analysis = analyse(&summary, options.baseline, Method::Paired, None, Vec::new())?;
    analysis.diagrams = policy_diagrams(scenario);
    let written = publish(out_dir, &summary, &mut analysis, &options.formats)
        .with_context(|| format!("writing the report to {}", out_dir.display()))?;
    if !quiet {
        let table = Table::text_fit(&summary, options.width);
        // The decision first, under the title lines.
        let (title, rest) = table.split_once("\n\n").unwrap_or((&table, ""));
        let decision = terminal_decision(&analysis, options.width);
        let mut text = if decision.is_empty() {
            table.clone()
        } else {
            format!("{title}\n\n{decision}\n{rest}")
        };
        text.push_str(&terminal_text(&analysis, options.width));
        std::io::stdout()
            .lock()
            .write_all(crate::terminal::escape(&text).as_bytes())
            .context("writing the comparison table")?;
        for c in &summary.candidates {
            if !c.conservation.holds {
                eprintln!(
                    "warning: candidate {}: conservation failed",
                    crate::terminal::escape(&c.name)
                );
            }
            if let Some(note) = overload_note(scenario, c) {
                eprintln!(
                    "warning: candidate {}: {}",
                    crate::terminal::escape(&c.name),
                    crate::terminal::escape(&note)
                );
            }
        }
        for p in written {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(Outcome::Ok)
}

/// The routing diagram of every policy, for the reports.
fn policy_diagrams(scenario: &Scenario) -> Vec<PolicyDiagram> {
    scenario
        .policies
        .iter()
        .map(|p| {
            let chart = [diagram::flowchart(scenario, p)];
            PolicyDiagram {
                policy: p.name.clone(),
                mermaid: diagram::render(&chart, diagram::Format::Mermaid),
                dot: diagram::render(&chart, diagram::Format::Dot),
            }
        })
        .collect()
}

/// A note when many measured tickets are still open at the horizon (more than 5 %):
/// some tier cannot keep up, so its queue grew through the run.
fn overload_note(scenario: &Scenario, c: &CandidateSummary) -> Option<String> {
    let mean = |name: &str| c.metric(name).map(|m| m.mean).filter(|v| v.is_finite());
    let open = mean("open_at_horizon")?;
    let arrived = mean("arrived")?;
    if arrived <= 0.0 || open / arrived <= 0.05 {
        return None;
    }
    let worst = scenario
        .tiers
        .iter()
        .filter_map(|t| {
            Some((
                t.name.as_str(),
                mean(&format!("tier.{}.max_queue", t.name))?,
            ))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let tier = worst.map_or_else(String::new, |(name, q)| {
        format!("; tier {name}'s queue reached {q:.0} tickets")
    });
    Some(format!(
        "{:.0}% of the measured tickets are still open at the horizon{tier}: the system is overloaded; add agents or lower the arrivals",
        100.0 * open / arrived
    ))
}
