//! `escalsim validate FILE [--deny warnings] [--max-branches N]`: report every
//! problem of a scenario file at once, then lint its escalation SOP (see
//! docs/lints.md). A scenario with `[replay]` also has its ticket file read through its
//! mapping, as `run` would: header, mapped columns and every row.

use anyhow::Context;

use super::{Outcome, load_scenario, replay_input};
use crate::cli::{DenyArg, ValidateArgs};
use crate::lint::{self, Options};
use crate::scenario::render;

/// Prints the scenario's problems and lint findings; an invalid scenario is an error
/// (exit 2), and with `--deny warnings` any warning fails the check (exit 1).
pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let loaded = load_scenario(&args.scenario, true)?;
    let s = &loaded.scenario;
    // Validation's warnings and the lint findings, each problem once.
    let problems = lint::check(
        &loaded,
        &Options {
            max_branches: args.max_branches,
        },
    );
    // The replay log, read as `run` reads it: a wrong header, mapping or row is an
    // error here, not after the scenario was declared valid.
    if let Some(replay) = &s.replay {
        let source = replay_input::load(s, None, true).with_context(|| {
            format!(
                "{}: its [replay] log cannot be replayed",
                args.scenario.display()
            )
        })?;
        if let Some(r) = source.replay() {
            let line = format!(
                "{}: replay {}: {}",
                args.scenario.display(),
                replay.tickets.display(),
                r.summary.describe()
            );
            println!("{}", crate::terminal::escape(&line));
            for note in r.summary.notes() {
                let line = format!(
                    "{}: replay {}: {note}",
                    args.scenario.display(),
                    replay.tickets.display()
                );
                println!("{}", crate::terminal::escape(&line));
            }
        }
    }
    let source_name = args.scenario.display().to_string();
    for p in &problems {
        eprintln!("{}", crate::terminal::escape(&render(&source_name, p)));
    }
    let findings = problems.iter().filter(|p| p.code.is_some()).count();
    let warnings = problems.len() - findings;
    let line = format!(
        "{}: valid scenario \"{}\": {} tiers, {} segments, {} categories, {} candidates ({} policies × {} staffing models), {} warning(s), {} SOP lint finding(s)",
        args.scenario.display(),
        s.name,
        s.tiers.len(),
        s.segments.len(),
        s.categories.len(),
        s.candidates().len(),
        s.policies.len(),
        s.staffing_models.len(),
        warnings,
        findings
    );
    println!("{}", crate::terminal::escape(&line));
    let warnings = problems.len();
    if args.deny == Some(DenyArg::Warnings) && warnings > 0 {
        eprintln!(
            "{}: --deny warnings: {warnings} warning(s) found; fix them or drop --deny",
            args.scenario.display()
        );
        return Ok(Outcome::CheckFailed);
    }
    Ok(Outcome::Ok)
}
