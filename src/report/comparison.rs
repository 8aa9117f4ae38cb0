//! `comparison.json`: the decision summary, the differences against the baseline, the
//! ranking, the Pareto points and the advice, deterministic like `summary.json` (NaN written as `null`).

use serde::Serialize;

use super::analysis::Analysis;
use super::{Exporter, ReportError};
use crate::metrics::advice::Advice;
use crate::metrics::compare::Comparison;
use crate::metrics::decision::Decision;
use crate::metrics::summary::Summary;

/// Comparison JSON.
pub struct ComparisonJson<'a>(pub &'a Analysis);

#[derive(Serialize)]
struct Doc<'a> {
    sources: &'a [String],
    pairing_note: Option<&'a str>,
    decision: &'a Decision,
    comparison: &'a Comparison,
    advice: &'a Advice,
}

impl Exporter for ComparisonJson<'_> {
    fn file_name(&self) -> &'static str {
        "comparison.json"
    }

    fn render(&self, _summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let a = self.0;
        let doc = Doc {
            sources: &a.sources,
            pairing_note: a.pairing_note.as_deref(),
            decision: &a.decision,
            comparison: &a.comparison,
            advice: &a.advice,
        };
        let mut bytes = serde_json::to_vec_pretty(&doc).map_err(|e| ReportError::Render {
            format: "comparison json",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
