//! Reports: one finished [`Summary`] rendered in several formats, one file per format
//! behind the [`Exporter`] trait. Exporters return bytes; [`write_outputs`] decides
//! where they go and writes each file atomically (temporary name, then rename), so a
//! half-written file is never left under its final name.

pub mod analysis;
pub mod comparison;
pub mod csv;
pub mod gate;
pub mod html;
pub mod json;
pub mod markdown;
pub mod publish;
pub mod table;

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

/// Writes `bytes` to `path` atomically: a sibling temporary file, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let io = |source| ReportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// Renders `summary` with each exporter into `dir` (created if missing) and returns
/// the paths written.
pub fn write_outputs(
    dir: &Path,
    summary: &Summary,
    exporters: &[&dyn Exporter],
) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::with_capacity(exporters.len());
    for e in exporters {
        let bytes = e.render(summary)?;
        let path = dir.join(e.file_name());
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
