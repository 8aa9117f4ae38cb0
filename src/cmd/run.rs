//! `escalsim run SCENARIO`: every candidate × replication, a comparison table on
//! stdout with the differences against the baseline and advice, and the reports
//! (report.md, report.html, summary.json, comparison.json, summary.csv, charts/) in
//! the output folder.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::RunArgs;
use crate::experiment::{self, Options};
use crate::metrics::compare::Method;
use crate::report::analysis::terminal_text;
use crate::report::publish::{analyse, publish};
use crate::report::table::Table;
use crate::tickets::synthetic;

use super::{Outcome, load_scenario, replay_input};

/// Runs the experiment and writes its reports.
pub fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    let mut loaded = load_scenario(&args.scenario, args.quiet)?;
    if let Some(r) = args.replications {
        if r == 0 {
            bail!("--replications must be at least 1, got 0");
        }
        loaded.scenario.run.replications = r;
    }
    if let Some(seed) = args.seed {
        loaded.scenario.run.seed = seed;
    }
    let threads = match args.threads {
        Some(0) => bail!("--threads must be at least 1, got 0"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let scenario = &loaded.scenario;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name));

    let jobs = (scenario.candidates().len() * scenario.run.replications as usize) as u64;
    let bar = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(jobs);
        bar.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} runs")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let replay = replay_input::load(scenario, args.skip_bad_rows.as_deref(), args.quiet)?;
    let options = Options { threads };
    let runs = match &replay {
        None => experiment::run_all(
            scenario,
            &options,
            |rep| synthetic::synthetic(scenario, rep),
            &|| bar.inc(1),
        ),
        Some(r) => experiment::run_all(scenario, &options, |rep| r.tickets(scenario, rep), &|| {
            bar.inc(1)
        }),
    }
    .with_context(|| format!("running {}", args.scenario.display()))?;
    bar.finish_and_clear();
    let source = replay_input::check_after(replay.as_ref(), scenario)?;

    let summary = experiment::summarise(scenario, &runs, &loaded.source_hash, &source);
    let mut analysis = analyse(
        &summary,
        args.baseline.as_deref(),
        Method::Paired,
        None,
        Vec::new(),
    )?;
    let written = publish(
        &out_dir,
        &summary,
        &mut analysis,
        &super::formats(&args.format),
    )
    .with_context(|| format!("writing the report to {}", out_dir.display()))?;
    if !args.quiet {
        let mut text = Table::text(&summary);
        text.push_str(&terminal_text(&analysis));
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing the comparison table")?;
        for c in &summary.candidates {
            if !c.conservation.holds {
                eprintln!("warning: candidate {}: conservation failed", c.name);
            }
        }
        for p in written {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(Outcome::Ok)
}
