//! Subcommands: glue between parsed arguments and the library, one file each.

pub mod baseline;
pub mod calibrate;
pub mod check;
pub mod compare;
pub mod completions;
pub mod diagram;
pub mod finish;
pub mod fit;
pub mod generate;
pub mod merge;
pub mod plan;
mod replay_input;
pub mod run;
mod summary_input;
pub mod sweep;
pub mod validate;

use std::path::Path;

use anyhow::bail;

use crate::cli::{Cli, Command};
use crate::scenario::{self, Level, Loaded, ScenarioError};

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
        Command::Diagram(args) => diagram::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Check(args) => check::run(args),
        Command::Sweep(args) => sweep::run(args),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Fit(args) => fit::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man => completions::man(),
    }
}

/// Loads and validates a scenario, printing its warnings to stderr. An invalid
/// scenario prints every problem (with its path and fix) to stderr and fails with a
/// one-line count.
pub fn load_scenario(path: &Path, quiet: bool) -> anyhow::Result<Loaded> {
    let loaded = match scenario::load(path) {
        Ok(l) => l,
        Err(ScenarioError::Invalid {
            source_name,
            problems,
        }) => {
            for p in &problems {
                eprintln!(
                    "{}",
                    crate::terminal::escape(&scenario::render(&source_name, p))
                );
            }
            let errors = problems.iter().filter(|p| p.level == Level::Error).count();
            bail!(
                "{source_name}: invalid scenario ({errors} error{}); fix the problems listed above",
                if errors == 1 { "" } else { "s" }
            );
        }
        Err(e) => return Err(e.into()),
    };
    if !quiet {
        let source_name = path.display().to_string();
        for w in &loaded.warnings {
            eprintln!(
                "{}",
                crate::terminal::escape(&scenario::render(&source_name, w))
            );
        }
    }
    Ok(loaded)
}

/// The library's formats for the `--format` list (all when empty).
pub fn formats(list: &[crate::cli::FormatArg]) -> Vec<crate::report::publish::Format> {
    use crate::cli::{ALL_FORMATS, FormatArg};
    use crate::report::publish::Format;
    let list = if list.is_empty() {
        &ALL_FORMATS[..]
    } else {
        list
    };
    let mut out: Vec<Format> = list
        .iter()
        .map(|f| match f {
            FormatArg::Md => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
