//! Reports: one finished [`Summary`] rendered in several formats, one file per format
//! behind the [`Exporter`] trait. Exporters return bytes; [`write_outputs`] decides
//! where they go and writes each file atomically (temporary name, then rename), so a
//! half-written file is never left under its final name.
//!
//! The folder as a whole is coherent too: every report is rendered before anything is
//! written, the previous [`COMPLETE_MARKER`] (`summary.json`) is removed first and the
//! new one is written last, so a folder holding `summary.json` holds a complete report
//! from one run. File names must be plain names (no folders, no `..`): nothing is ever
//! written outside the chosen output folder.
//!
//! The decision trace ([`trace`], `run --trace FILE.csv`) is the one output that is not
//! rendered from a summary: it lists the routing steps of one replication.

pub mod analysis;
pub mod comparison;
pub mod csv;
pub mod decision;
pub mod escalation;
pub mod gate;
pub mod html;
pub mod json;
pub mod markdown;
pub mod outline;
pub mod publish;
pub mod table;
pub mod trace;

use std::path::{Path, PathBuf};

use crate::metrics::summary::Summary;

/// A report format.
pub trait Exporter {
    /// File name inside the output folder (e.g. `summary.json`).
    fn file_name(&self) -> &'static str;
    /// The report's bytes.
    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError>;
}

/// Why a report could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Serialisation failed.
    #[error("cannot render {format}: {message}")]
    Render {
        /// Format.
        format: &'static str,
        /// Why.
        message: String,
    },
    /// Writing failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically: a sibling temporary file created new (never
/// through a planted symbolic link, [`crate::out_file::fresh`]), then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let io = |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let tmp = crate::out_file::partial(path);
    let mut f = crate::out_file::fresh(&tmp).map_err(io)?;
    std::io::Write::write_all(&mut f, bytes).map_err(io)?;
    drop(f);
    // A rename replaces a symbolic link planted under the final name; it never follows it.
    std::fs::rename(&tmp, path).map_err(io)
}

/// The file written last: its presence means the folder holds a complete report.
pub const COMPLETE_MARKER: &str = "summary.json";

/// Whether `name` is a plain file name: not empty, no path separators, not `.` or
/// `..`, no control characters. Only such names are written.
pub fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
        && Path::new(name).file_name().is_some_and(|f| f == name)
}

/// Prepares `dir` for a new report: creates it if missing and removes the old
/// [`COMPLETE_MARKER`], so that a half-written report is never taken for complete.
/// Call before writing anything else into the folder (charts included).
pub fn begin_outputs(dir: &Path) -> Result<(), ReportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReportError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let marker = dir.join(COMPLETE_MARKER);
    match std::fs::remove_file(&marker) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&marker)(e)),
        _ => Ok(()),
    }
}

/// Renders `summary` with each exporter into `dir` (created if missing) and returns
/// the paths written. Everything is rendered first; the old [`COMPLETE_MARKER`] is
/// removed before the other files are written and the new one is written last.
pub fn write_outputs(
    dir: &Path,
    summary: &Summary,
    exporters: &[&dyn Exporter],
) -> Result<Vec<PathBuf>, ReportError> {
    let mut rendered = Vec::with_capacity(exporters.len());
    for e in exporters {
        let name = e.file_name();
        if !is_plain_file_name(name) {
            return Err(ReportError::Render {
                format: "report",
                message: format!("refusing to write {name:?}: not a plain file name"),
            });
        }
        rendered.push((name, e.render(summary)?));
    }
    // The marker last; the others keep their order.
    rendered.sort_by_key(|(name, _)| *name == COMPLETE_MARKER);
    begin_outputs(dir)?;
    let mut written = Vec::with_capacity(rendered.len());
    for (name, bytes) in rendered {
        let path = dir.join(name);
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Formats a float for machine-readable output: shortest round-trip form, empty for
/// NaN or infinity.
pub fn fmt_number(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::is_plain_file_name;

    #[test]
    fn only_plain_file_names_are_written() {
        for ok in ["summary.json", "chart-T1.png", "a..b", "..."] {
            assert!(is_plain_file_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "../x", "a/b", "/etc/passwd", "a\\b", "x\n"] {
            assert!(!is_plain_file_name(bad), "{bad:?}");
        }
    }
}
