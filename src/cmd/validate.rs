//! `escalsim validate FILE`: report every problem of a scenario file at once.

use super::{Outcome, load_scenario};
use crate::cli::ValidateArgs;

/// Prints the scenario's problems; an invalid scenario is an error (exit 2).
pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let loaded = load_scenario(&args.scenario, false)?;
    let s = &loaded.scenario;
    println!(
        "{}: valid scenario \"{}\": {} tiers, {} segments, {} categories, {} candidates ({} policies × {} staffing models), {} warning(s)",
        args.scenario.display(),
        s.name,
        s.tiers.len(),
        s.segments.len(),
        s.categories.len(),
        s.candidates().len(),
        s.policies.len(),
        s.staffing_models.len(),
        loaded.warnings.len()
    );
    Ok(Outcome::Ok)
}
