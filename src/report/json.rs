//! `summary.json`: the whole summary (run identity, every metric of every candidate
//! with its per-replication values). Undefined values (NaN) are written as `null`.

use super::{Exporter, ReportError};
use crate::metrics::summary::Summary;

/// Pretty-printed JSON.
pub struct Json;

impl Exporter for Json {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let mut bytes = serde_json::to_vec_pretty(summary).map_err(|e| ReportError::Render {
            format: "json",
            message: e.to_string(),
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
