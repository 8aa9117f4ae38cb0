//! `escalsim validate FILE [--deny warnings] [--max-branches N]`: report every
//! problem of a scenario file at once, then lint its escalation SOP (see
//! docs/lints.md).

use super::{Outcome, load_scenario};
use crate::cli::{DenyArg, ValidateArgs};
use crate::lint::{self, Options};

/// Prints the scenario's problems and lint findings; an invalid scenario is an error
/// (exit 2), and with `--deny warnings` any warning fails the check (exit 1).
pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let loaded = load_scenario(&args.scenario, true)?;
    let s = &loaded.scenario;
    let findings = lint::lint(
        s,
        &Options {
            max_branches: args.max_branches,
        },
    );
    // A warning that a lint finding restates is shown once, with its code.
    let warnings: Vec<_> = loaded
        .warnings
        .iter()
        .filter(|w| !findings.iter().any(|f| f.restates(w)))
        .collect();
    for w in &warnings {
        eprintln!("{}: {w}", args.scenario.display());
    }
    for f in &findings {
        eprintln!("{}: {f}", args.scenario.display());
    }
    println!(
        "{}: valid scenario \"{}\": {} tiers, {} segments, {} categories, {} candidates ({} policies × {} staffing models), {} warning(s), {} SOP lint finding(s)",
        args.scenario.display(),
        s.name,
        s.tiers.len(),
        s.segments.len(),
        s.categories.len(),
        s.candidates().len(),
        s.policies.len(),
        s.staffing_models.len(),
        warnings.len(),
        findings.len()
    );
    let warnings = warnings.len() + findings.len();
    if args.deny == Some(DenyArg::Warnings) && warnings > 0 {
        eprintln!(
            "{}: --deny warnings: {warnings} warning(s) found; fix them or drop --deny",
            args.scenario.display()
        );
        return Ok(Outcome::CheckFailed);
    }
    Ok(Outcome::Ok)
}
