//! `escalsim compare A/summary.json B/summary.json ...`: read saved runs, combine their
//! candidates, and write the same tables, charts and reports as `run`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::CompareArgs;
use crate::metrics::combine::combine;
use crate::metrics::summary::Summary;
use crate::report::analysis::{terminal_decision, terminal_text};
use crate::report::publish::{analyse, publish};
use crate::report::table::Table;

use super::Outcome;

/// A run's label: its folder's name, or the file stem.
fn label(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .or_else(|| path.file_stem())
        .map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
}

/// Compares the saved runs.
pub fn run(args: CompareArgs) -> anyhow::Result<Outcome> {
    let mut runs: Vec<(String, Summary)> = Vec::new();
    for path in &args.summaries {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: not an escalsim summary.json", path.display()))?;
        if let Some((at, x)) = super::summary_input::first_out_of_range(&value) {
            bail!(
                "{}: `{}` is {x:e}, beyond the ±{:e} any escalsim summary holds: the file was edited or damaged; rerun the scenario to get it back",
                path.display(),
                at,
                super::summary_input::MAX_MAGNITUDE
            );
        }
        let summary: Summary = serde_json::from_value(value)
            .with_context(|| format!("{}: not an escalsim summary.json", path.display()))?;
        let mut l = label(path);
        if runs.iter().any(|(x, _)| *x == l) {
            l = format!("{l} ({})", runs.len() + 1);
        }
        runs.push((l, summary));
    }
    let sources: Vec<String> = args
        .summaries
        .iter()
        .zip(&runs)
        .map(|(p, (l, s))| {
            format!(
                "{l}: {} (scenario {}, seed {}, {} replications)",
                p.display(),
                s.run.scenario,
                s.run.seed,
                s.run.replications
            )
        })
        .collect();
    let Some(combined) = combine(runs) else {
        bail!("no summaries given");
    };
    if combined.summary.candidates.is_empty() {
        bail!("the summaries hold no candidates");
    }
    let summary = &combined.summary;
    let mut analysis = analyse(
        summary,
        args.baseline.as_deref(),
        combined.method,
        combined.note.clone(),
        sources,
    )?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join("compare"));
    let written = publish(
        &out_dir,
        summary,
        &mut analysis,
        &super::formats(&args.format),
    )
    .with_context(|| format!("writing the report to {}", out_dir.display()))?;
    if !args.quiet {
        let width = crate::terminal::width(args.wide);
        let table = Table::text_fit(summary, width);
        // The decision first, under the title lines.
        let (title, rest) = table.split_once("\n\n").unwrap_or((&table, ""));
        let decision = terminal_decision(&analysis, width);
        let mut text = if decision.is_empty() {
            table.clone()
        } else {
            format!("{title}\n\n{decision}\n{rest}")
        };
        text.push_str(&terminal_text(&analysis, width));
        std::io::stdout()
            .lock()
            .write_all(crate::terminal::escape(&text).as_bytes())
            .context("writing the comparison table")?;
        for p in written {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(Outcome::Ok)
}
