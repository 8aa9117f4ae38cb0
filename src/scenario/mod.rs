//! Scenario files: the only code that knows TOML. A file is parsed into a TOML
//! document with spans ([`source`]), read leniently into raw serde structs ([`raw`],
//! unknown fields refused) and validated into a [`crate::model::Scenario`], which is
//! then always consistent.
//!
//! ```text
//! bytes ──► toml ──► RawScenario ──────────► validate ──────────► Scenario
//!           Parse:    shape errors: each      meaning problems
//!           syntax    recorded, value dropped, (every one at once)
//!           error     reading goes on
//!                     └──────── Invalid: every error and warning, each with
//!                               file:line:column, its TOML path and a fix
//! ```
//!
//! [`load`] reads a file, [`from_str`] takes text. Success gives a [`Loaded`]: the
//! scenario, any warnings, and the SHA-256 of the source (for provenance in reports).
//! Failure gives a [`ScenarioError`] whose `Display` is ready to show to a user.
//! The file format is documented field by field in `docs/scenario.md`, the escalation
//! sections (rules, triggers, `[ai]`, `[feedback]`, `[incident]`) in `docs/sop.md`.

mod context;
mod dists;
mod problem;
mod raw;
pub(crate) mod shadow;
mod source;
mod suggest;
/// The known name closest to a misspelt one (also used for names given on the command line).
pub(crate) use suggest::closest;
mod validate;
mod validate_ai;
mod validate_arrivals;
mod validate_calendars;
mod validate_candidates;
mod validate_check;
mod validate_confusion;
mod validate_feedback;
mod validate_mix;
mod validate_planning;
mod validate_regions;
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

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::Scenario;
pub(crate) use problem::join;
pub use problem::{Level, Location, Problem, render};
pub(crate) use validate_sla::resolution_before_first_response_message;

/// A successfully validated scenario file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The validated scenario.
    pub scenario: Scenario,
    /// Warnings found while validating (the scenario is usable).
    pub warnings: Vec<Problem>,
    /// Lowercase hex SHA-256 of the file's bytes.
    pub source_hash: String,
    /// The file's text, to locate later problems (lints) in it.
    text: std::sync::Arc<str>,
}

impl Loaded {
    /// Gives each problem without a location the `line:column` of its TOML path in
    /// this scenario's file (see [`Problem::location`]).
    pub fn locate(&self, problems: &mut [Problem]) {
        if let Ok(doc) = source::parse(&self.text) {
            locate_all(&self.text, &doc, problems);
        }
    }
}

fn locate_all(text: &str, doc: &source::Document<'_>, problems: &mut [Problem]) {
    for p in problems.iter_mut().filter(|p| p.location.is_none()) {
        p.location = Some(source::locate(text, doc, &p.path));
    }
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
    /// The file is not valid TOML (or not UTF-8 text).
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
    /// The file is TOML but not a valid scenario: values of the wrong type, unknown
    /// keys, and every meaning problem of the rest.
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
        let _ = writeln!(out, "{}", render(source_name, p));
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
            let Location { line, column } =
                source::line_column(&String::from_utf8_lossy(valid), valid.len());
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
    let doc = source::parse(text).map_err(|e| parse_error(text, source, &e))?;
    let (raw, mut problems) = source::lenient::<raw::RawScenario>(text, &doc);
    let shape_errors = problems.len();
    let (scenario, meaning) = match &raw {
        Some(raw) => validate::validate(raw),
        None => (None, Vec::new()),
    };
    // A dropped value is reported once, as its shape error, not again as missing.
    let dropped: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
    problems.extend(
        meaning
            .into_iter()
            .filter(|p| !dropped.iter().any(|d| p.is_within(d))),
    );
    problems.sort_by_key(|p| p.level);
    locate_all(text, &doc, &mut problems);
    match scenario.filter(|_| shape_errors == 0) {
        Some(scenario) => Ok(Loaded {
            scenario,
            warnings: problems,
            source_hash: sha256_hex(text.as_bytes()),
            text: text.into(),
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
    let Location { line, column } = source::line_column(text, start);
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
