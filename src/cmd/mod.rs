//! Subcommands: glue between parsed arguments and the library, one file each.

pub mod generate;
pub mod run;
pub mod validate;

use std::path::Path;

use anyhow::Context;

use crate::cli::{Cli, Command};
use crate::scenario::{self, Loaded};

/// What a command concluded, mapped by `main` to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done (exit 0).
    Ok,
    /// A check or gate failed (exit 1).
    CheckFailed,
}

/// Runs the command the user asked for.
pub fn dispatch(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Generate(args) => generate::run(args),
    }
}

/// Loads and validates a scenario, printing its warnings to stderr.
pub fn load_scenario(path: &Path, quiet: bool) -> anyhow::Result<Loaded> {
    let loaded = scenario::load(path).with_context(|| "cannot use this scenario".to_string())?;
    if !quiet {
        for w in &loaded.warnings {
            eprintln!("{}: {w}", path.display());
        }
    }
    Ok(loaded)
}
