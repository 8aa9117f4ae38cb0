//! `escalsim fit SCENARIO`: estimate scenario inputs and the resolving-tier
//! recommender from the scenario's replayed log, print a summary and write the
//! scenario fragment atomically (default `reports/<scenario>/fit.toml`), with the
//! group transfer matrix beside it (`fit.transfers.csv`).

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::cli::FitArgs;
use crate::fit::{self, fragment::fit_fragment, summary};
use crate::report::write_atomic;

use super::{Outcome, load_scenario, replay_input};

/// Fits the log and writes the fragment.
pub fn run(args: FitArgs) -> anyhow::Result<Outcome> {
    if !(args.holdout > 0.0 && args.holdout < 1.0) {
        bail!(
            "--holdout must be a fraction between 0 and 1 (exclusive), got {}; e.g. --holdout 0.3",
            args.holdout
        );
    }
    let loaded = load_scenario(&args.scenario, args.quiet)?;
    let scenario = &loaded.scenario;
    let source = replay_input::load(scenario, args.skip_bad_rows.as_deref(), args.quiet)?;
    let Some(replay) = source.replay() else {
        bail!(
            "{}: fitting needs a log: add a [replay] table with tickets = \"…\" (see docs/replay.md)",
            args.scenario.display()
        );
    };
    let tickets: Vec<_> = source.tickets(scenario, 0).collect();
    let described = replay_input::check_after(&source, scenario)?;
    let fitted = fit::fit(scenario, &tickets, args.holdout)
        .with_context(|| format!("fitting {}", args.scenario.display()))?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("reports")
            .join(&scenario.name)
            .join("fit.toml")
    });
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let text = fit_fragment(scenario, &fitted, &described)?;
    write_atomic(&out, text.as_bytes()).with_context(|| format!("writing {}", out.display()))?;
    let csv_path = out.with_extension("transfers.csv");
    let names: Vec<String> = replay
        .summary
        .groups
        .iter()
        .map(|(n, _)| n.clone())
        .collect();
    let csv = fit::groups::csv_bytes(scenario, &fit::groups::count(&tickets), &names)
        .with_context(|| format!("writing {}", csv_path.display()))?;
    write_atomic(&csv_path, &csv).with_context(|| format!("writing {}", csv_path.display()))?;
    if !args.quiet {
        let head = format!(
            "{} — fitted from {} tickets ({} with a recorded path)\n",
            scenario.name, fitted.tickets, fitted.with_path
        );
        println!("{}", crate::terminal::escape(&head));
        for part in [
            summary::arrivals(&fitted),
            summary::sojourns(scenario, &fitted),
            summary::transfers(scenario, &fitted),
            summary::resolving(scenario, &fitted),
            summary::recommender(scenario, &fitted),
        ] {
            println!("{}", crate::terminal::escape(&part));
        }
        println!(
            "wrote the scenario fragment to {} and the group transfers to {}",
            out.display(),
            csv_path.display()
        );
    }
    Ok(Outcome::Ok)
}
