//! The end of every experiment, shared by `run` and `merge`: runs → summary → every
//! report file → the comparison table and notes on the terminal. Add new report
//! formats to [`exporters`] (files rendered from the summary) or to [`finish`].

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::experiment::{self, CandidateRuns};
use crate::metrics::summary::CandidateSummary;
use crate::model::Scenario;
use crate::report::{self, Exporter, csv::Csv, json::Json, table::Table};

use super::Outcome;

/// The report files written into the output folder.
pub fn exporters() -> Vec<Box<dyn Exporter>> {
    vec![Box::new(Json), Box::new(Csv)]
}

/// Summarises `runs` (every candidate's runs, in scenario order) and writes the report
/// into `out_dir`; unless `quiet`, prints the comparison table, warnings and the files
/// written. `source_hash` is the scenario file's SHA-256 and `tickets` where the
/// tickets came from.
pub fn finish(
    scenario: &Scenario,
    runs: &[CandidateRuns],
    source_hash: &str,
    tickets: &str,
    out_dir: &Path,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    let summary = experiment::summarise(scenario, runs, source_hash, tickets);
    let owned = exporters();
    let exporters: Vec<&dyn Exporter> = owned.iter().map(|e| e.as_ref()).collect();
    let written = report::write_outputs(out_dir, &summary, &exporters)
        .with_context(|| format!("writing the report to {}", out_dir.display()))?;
    if !quiet {
        std::io::stdout()
            .lock()
            .write_all(Table::text(&summary).as_bytes())
            .context("writing the comparison table")?;
        for c in &summary.candidates {
            if !c.conservation.holds {
                eprintln!("warning: candidate {}: conservation failed", c.name);
            }
            if let Some(note) = overload_note(scenario, c) {
                eprintln!("warning: candidate {}: {note}", c.name);
            }
        }
        for p in written {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(Outcome::Ok)
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
