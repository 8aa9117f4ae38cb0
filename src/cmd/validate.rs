//! `escalsim validate FILE [--deny warnings] [--max-branches N]`: report every
//! problem of a scenario file at once, then lint its escalation SOP (see
//! docs/lints.md). A scenario with `[replay]` also has its ticket file read through its
//! mapping, as `run` would: header, mapped columns and every row.
//!
//! With `--format json` the same findings are one JSON document on stdout
//! ([`Report`]): every validation problem and lint finding with its level, code (lints
//! only), TOML path, line and column, message and fix, with the same exit codes.

use anyhow::{Context, bail};
use serde::Serialize;

use super::{Outcome, load_scenario, replay_input};
use crate::cli::{DenyArg, ValidateArgs, ValidateFormatArg};
use crate::lint::{self, Options};
use crate::scenario::{self, Level, ScenarioError, render};

/// `validate --format json`'s document.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Always `escalsim-validate`.
    pub format: &'static str,
    /// Version of this document's layout.
    pub format_version: u32,
    /// The scenario file, as given.
    pub file: String,
    /// Whether the scenario is valid (no errors; warnings allowed).
    pub valid: bool,
    /// The scenario's name, when it parsed.
    pub scenario: Option<String>,
    /// Errors, then warnings and lint findings, in the order the text output shows.
    pub problems: Vec<JsonProblem>,
    /// What the replayed log holds, when the scenario has `[replay]`.
    pub notes: Vec<String>,
}

/// One problem of a [`Report`].
#[derive(Debug, Serialize)]
pub struct JsonProblem {
    /// `error` or `warning`.
    pub level: &'static str,
    /// Lint code (`SOP001` …) for SOP lint findings, else null.
    pub code: Option<String>,
    /// TOML path of the offending value (`tiers.T2.handle_minutes.mean`); empty for a
    /// syntax error.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it (may be empty).
    pub fix: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
}

impl JsonProblem {
    fn of(p: &scenario::Problem) -> JsonProblem {
        JsonProblem {
            level: p.level.name(),
            code: p.code.map(str::to_string),
            path: p.path.clone(),
            message: p.message.clone(),
            fix: p.fix.clone(),
            line: p.location.map(|l| l.line),
            column: p.location.map(|l| l.column),
        }
    }

    fn error(path: &str, message: String) -> JsonProblem {
        JsonProblem {
            level: Level::Error.name(),
            code: None,
            path: path.to_string(),
            message,
            fix: String::new(),
            line: None,
            column: None,
        }
    }
}

/// Prints the report; an invalid scenario is an error (exit 2).
fn emit(report: &Report) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(report).context("serialising the report")?;
    text.push('\n');
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .context("writing the report")?;
    if !report.valid {
        let errors = report
            .problems
            .iter()
            .filter(|p| p.level == "error")
            .count();
        bail!(
            "{}: invalid scenario ({errors} error{})",
            report.file,
            if errors == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// `validate --format json`.
fn run_json(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let file = args.scenario.display().to_string();
    let mut report = Report {
        format: "escalsim-validate",
        format_version: 1,
        file: file.clone(),
        valid: false,
        scenario: None,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let loaded = match scenario::load(&args.scenario) {
        Ok(l) => l,
        Err(ScenarioError::Invalid { problems, .. }) => {
            report.problems = problems.iter().map(JsonProblem::of).collect();
            emit(&report)?;
            return Ok(Outcome::Ok);
        }
        Err(ScenarioError::Parse {
            line,
            column,
            message,
            ..
        }) => {
            report.problems.push(JsonProblem {
                line: Some(line),
                column: Some(column),
                ..JsonProblem::error("", message)
            });
            emit(&report)?;
            return Ok(Outcome::Ok);
        }
        Err(e) => {
            report.problems.push(JsonProblem::error("", e.to_string()));
            emit(&report)?;
            return Ok(Outcome::Ok);
        }
    };
    let s = &loaded.scenario;
    report.scenario = Some(s.name.clone());
    // Validation's warnings and the lint findings, each problem once.
    let problems = lint::check(
        &loaded,
        &Options {
            max_branches: args.max_branches,
        },
    );
    if let Some(replay) = &s.replay {
        match replay_input::load(s, None, true) {
            Ok(source) => {
                if let Some(r) = source.replay() {
                    report.notes.push(format!(
                        "replay {}: {}",
                        replay.tickets.display(),
                        r.summary.describe()
                    ));
                    report.notes.extend(r.summary.notes());
                }
            }
            Err(e) => {
                report.problems.push(JsonProblem::error(
                    "replay.tickets",
                    format!("its [replay] log cannot be replayed: {e:#}"),
                ));
                emit(&report)?;
                return Ok(Outcome::Ok);
            }
        }
    }
    report.problems.extend(problems.iter().map(JsonProblem::of));
    report.valid = true;
    let warnings = report.problems.len();
    emit(&report)?;
    Ok(if args.deny == Some(DenyArg::Warnings) && warnings > 0 {
        Outcome::CheckFailed
    } else {
        Outcome::Ok
    })
}

/// Prints the scenario's problems and lint findings; an invalid scenario is an error
/// (exit 2), and with `--deny warnings` any warning fails the check (exit 1).
pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    if args.format == ValidateFormatArg::Json {
        return run_json(&args);
    }
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
    let how = if s.pairings.is_some() {
        "paired from"
    } else {
        ""
    };
    let line = format!(
        "{}: valid scenario \"{}\": {} tiers, {} segments, {} categories, {} candidates ({}{}{} policies {} {} staffing models), {} warning(s), {} SOP lint finding(s)",
        args.scenario.display(),
        s.name,
        s.tiers.len(),
        s.segments.len(),
        s.categories.len(),
        s.candidates().len(),
        how,
        if how.is_empty() { "" } else { " " },
        s.policies.len(),
        if how.is_empty() { "×" } else { "and" },
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
