//! Scenario files: the only code that knows TOML. A file is parsed into raw serde
//! structs ([`raw`], unknown fields refused) and validated into a
//! [`crate::model::Scenario`], which is then always consistent.
//!
//! ```text
//! bytes ──► toml ──► RawScenario ──► validate (every problem at once) ──► Scenario
//!           Parse error:           Invalid: errors and warnings,
//!           file:line:column       each with its TOML path and a fix
//! ```
//!
//! [`load`] reads a file, [`from_str`] takes text. Success gives a [`Loaded`]: the
//! scenario, any warnings, and the SHA-256 of the source (for provenance in reports).
//! Failure gives a [`ScenarioError`] whose `Display` is ready to show to a user.
//! The file format is documented field by field in `docs/scenario.md`, the escalation
//! sections (rules, triggers, `[ai]`, `[feedback]`, `[incident]`) in `docs/sop.md`.

mod dists;
mod problem;
mod raw;
pub(crate) mod shadow;
mod suggest;
/// The known name closest to a misspelt one (also used for names given on the command line).
pub(crate) use suggest::closest;
mod validate;
mod validate_ai;
mod validate_arrivals;
mod validate_calendars;
mod validate_check;
mod validate_confusion;
mod validate_feedback;
mod validate_mix;
mod validate_planning;
mod validate_replay;
mod validate_routing;
mod validate_sla;
mod validate_sop;
mod validate_staffing;
mod validate_targets;
mod validate_tiers;
mod validate_touches;
mod validate_transfers;
mod validate_vocab;
mod validate_when;
mod values;
pub mod write;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_confusion;
#[cfg(test)]
mod tests_sop;
#[cfg(test)]
mod tests_sop_errors;
#[cfg(test)]
mod tests_targets;
#[cfg(test)]
mod tests_transfers;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::Scenario;
pub use problem::{Level, Problem};

/// A successfully validated scenario file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Warnings found while validating (the scenario is usable).
    pub warnings: Vec<Problem>,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub source_hash: String,
}

/// Why a scenario file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario file {}: {source}", path.display())]
    Io {
        /// The path given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not valid TOML, or a value has the wrong type, or a key is unknown.
    #[error("{source_name}:{line}:{column}: {message}")]
    Parse {
        /// File name, for messages.
        source_name: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What is wrong (the TOML parser's message).
        message: String,
    },
    /// The file parsed but failed validation.
    #[error("{}", invalid_report(source_name, problems))]
    Invalid {
        /// File name, for messages.
        source_name: String,
        /// Every problem found, errors first.
        problems: Vec<Problem>,
    },
}

fn invalid_report(source_name: &str, problems: &[Problem]) -> String {
    let mut out = String::new();
    for p in problems {
        let _ = writeln!(out, "{source_name}: {p}");
    }
    let _ = write!(out, "{source_name}: {}", problem::count_line(problems));
    out
}

/// Reads, parses and validates the scenario file at `path`.
pub fn load(path: &Path) -> Result<Loaded, ScenarioError> {
    let bytes = std::fs::read(path).map_err(|source| ScenarioError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let source_name = path.display().to_string();
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let (line, column) = line_column(&String::from_utf8_lossy(valid), valid.len());
            return Err(ScenarioError::Parse {
                source_name,
                line,
                column,
                message: "the file is not valid UTF-8 text".to_string(),
            });
        }
    };
    let mut loaded = from_str(text, &source_name)?;
    // Replay paths are relative to the scenario file.
    if let (Some(r), Some(dir)) = (&mut loaded.scenario.replay, path.parent()) {
        r.tickets = dir.join(&r.tickets);
        r.mapping = r.mapping.as_ref().map(|m| dir.join(m));
    }
    Ok(loaded)
}

/// Parses and validates scenario `text`; `source` names it in messages (a file name).
pub fn from_str(text: &str, source: &str) -> Result<Loaded, ScenarioError> {
    let raw: raw::RawScenario = toml::from_str(text).map_err(|e| parse_error(text, source, &e))?;
    let (scenario, problems) = validate::validate(&raw);
    match scenario {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: problems,
            source_hash: sha256_hex(text.as_bytes()),
        }),
        None => Err(ScenarioError::Invalid {
            source_name: source.to_string(),
            problems,
        }),
    }
}

/// Lowercase hex SHA-256 of a scenario's text, as in [`Loaded::source_hash`].
pub fn source_hash(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn parse_error(text: &str, source: &str, e: &toml::de::Error) -> ScenarioError {
    let span = e.span();
    let start = span.as_ref().map_or(0, |s| s.start);
    let (line, column) = line_column(text, start);
    let mut message = e.message().trim_end().to_string();
    // The parser does not say which key is duplicated: add it from the span.
    if message == "duplicate key" {
        if let Some(key) = span.and_then(|s| text.get(s)).filter(|k| !k.is_empty()) {
            message = format!("duplicate key `{key}`: each key may appear only once in a table");
        }
    }
    ScenarioError::Parse {
        source_name: source.to_string(),
        line,
        column,
        message,
    }
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`; offsets
/// past the end or inside a character are clamped.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}
