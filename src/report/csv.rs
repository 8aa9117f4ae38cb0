//! `summary.csv`: tidy, one row per candidate × metric with the mean and its 95 %
//! confidence interval. Undefined values are empty cells; names that a spreadsheet
//! would evaluate are guarded ([`crate::csv_cell`]).

use super::{Exporter, ReportError, fmt_number};
use crate::csv_cell::cell;
use crate::metrics::summary::Summary;

/// Tidy CSV.
pub struct Csv;

impl Exporter for Csv {
    fn file_name(&self) -> &'static str {
        "summary.csv"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let err = |e: csv::Error| ReportError::Render {
            format: "csv",
            message: e.to_string(),
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "candidate",
            "policy",
            "staffing",
            "metric",
            "mean",
            "ci_low",
            "ci_high",
            "sd",
            "n",
        ])
        .map_err(err)?;
        for c in &summary.candidates {
            for m in &c.metrics {
                w.write_record([
                    &*cell(&c.name),
                    &*cell(&c.policy),
                    &*cell(&c.staffing),
                    &*cell(&m.name),
                    &fmt_number(m.mean),
                    &fmt_number(m.ci_low),
                    &fmt_number(m.ci_high),
                    &fmt_number(m.sd),
                    &m.n.to_string(),
                ])
                .map_err(err)?;
            }
        }
        w.into_inner().map_err(|e| ReportError::Render {
            format: "csv",
            message: e.to_string(),
        })
    }
}
