//! From a finished summary to the files of a report folder: the analysis (comparison
//! against the baseline and advice), the charts under `charts/`, and each chosen
//! format written atomically. Files an earlier report left that this one does not
//! rewrite (other formats, old charts) are removed first, so a folder never mixes runs.

use std::path::{Path, PathBuf};

use super::analysis::Analysis;
use super::comparison::ComparisonJson;
use super::csv::Csv;
use super::html::Html;
use super::json::Json;
use super::markdown::Markdown;
use super::{Exporter, ReportError, begin_outputs, write_outputs};
use crate::chart::{self, ChartError};
use crate::metrics::advice::advise;
use crate::metrics::compare::{CompareError, Method, compare, find_baseline};
use crate::metrics::summary::Summary;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// `report.md` (and `charts/`).
    Markdown,
    /// `report.html` (charts inline; `charts/` too).
    Html,
    /// `summary.json` and `comparison.json`.
    Json,
    /// `summary.csv`.
    Csv,
}

/// Why a report folder could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The comparison failed (e.g. an unknown baseline).
    #[error(transparent)]
    Compare(#[from] CompareError),
    /// A chart failed.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A report failed.
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Compares against the baseline (`None`: the first candidate) and advises.
pub fn analyse(
    summary: &Summary,
    baseline: Option<&str>,
    method: Method,
    pairing_note: Option<String>,
    sources: Vec<String>,
) -> Result<Analysis, CompareError> {
    let b = find_baseline(&summary.candidates, baseline)?;
    Ok(Analysis {
        comparison: compare(&summary.candidates, b, method),
        decision: crate::metrics::decision::decide(summary, b, method),
        advice: advise(summary),
        charts: Vec::new(),
        sources,
        pairing_note,
        diagrams: Vec::new(),
    })
}

/// Every file a report folder can hold, with the format that writes it.
const REPORT_FILES: [(&str, Format); 4] = [
    ("report.md", Format::Markdown),
    ("report.html", Format::Html),
    ("comparison.json", Format::Json),
    ("summary.csv", Format::Csv),
];

/// Removes what an earlier report left in `dir` that this one will not rewrite (files
/// of formats not chosen, and old charts), so the folder never mixes two runs. Only
/// names escalsim writes are removed ([`REPORT_FILES`], and `charts/<stem>.svg|png`
/// for the stems of [`chart::REPORT_CHARTS`]); anything else in the folder stays. Links
/// are removed, never followed.
fn clear_stale(dir: &Path, formats: &[Format]) -> Result<(), ReportError> {
    let charts = formats.contains(&Format::Markdown) || formats.contains(&Format::Html);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ReportError::Io { path, source }
    };
    for (name, format) in REPORT_FILES {
        let path = dir.join(name);
        if !formats.contains(&format) && std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    let path = dir.join("charts");
    if let Ok(meta) = std::fs::symlink_metadata(&path) {
        if meta.is_dir() {
            // Old chart files go even when charts are drawn again: their set depends
            // on the scenario (one per tier, per candidate …).
            for stem in chart::REPORT_CHARTS {
                for ext in ["svg", "png"] {
                    let p = path.join(format!("{stem}.{ext}"));
                    if std::fs::symlink_metadata(&p).is_ok() {
                        std::fs::remove_file(&p).map_err(io(&p))?;
                    }
                }
            }
            if !charts {
                // Only if nothing else (not ours) is left in it.
                let _ = std::fs::remove_dir(&path);
            }
        } else if !charts {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}

/// Writes the chosen formats into `dir` (charts first when Markdown or HTML is
/// chosen) and returns the paths written.
pub fn publish(
    dir: &Path,
    summary: &Summary,
    analysis: &mut Analysis,
    formats: &[Format],
) -> Result<Vec<PathBuf>, PublishError> {
    let mut written = Vec::new();
    // Before any chart: the folder no longer claims to hold a complete report.
    begin_outputs(dir)?;
    clear_stale(dir, formats)?;
    if formats.contains(&Format::Markdown) || formats.contains(&Format::Html) {
        let charts_dir = dir.join("charts");
        let inputs = chart::inputs::inputs(summary, &analysis.comparison);
        analysis.charts = chart::render_all(&inputs, &charts_dir)?;
        written.push(charts_dir);
    }
    let analysis = &*analysis;
    let (md, html, cmp) = (Markdown(analysis), Html(analysis), ComparisonJson(analysis));
    let mut exporters: Vec<&dyn Exporter> = Vec::new();
    for f in formats {
        match f {
            Format::Markdown => exporters.push(&md),
            Format::Html => exporters.push(&html),
            Format::Json => {
                exporters.push(&Json);
                exporters.push(&cmp);
            }
            Format::Csv => exporters.push(&Csv),
        }
    }
    written.extend(write_outputs(dir, summary, &exporters)?);
    Ok(written)
}
