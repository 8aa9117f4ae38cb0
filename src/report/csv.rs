//! `summary.csv`: tidy, one row per candidate × metric with the mean and its 95 %
//! confidence interval, then the metric's unit and its name taken apart (the base
//! metric and its tier, severity, segment, category, role or rule; empty where the
//! name has none), from the metric table ([`crate::metrics::catalog`]). The new
//! columns come after the old ones, so readers that index columns keep working.
//! Undefined values are empty cells; names that a spreadsheet would evaluate are
//! guarded ([`crate::csv_cell`]).

use super::{Exporter, ReportError, fmt_number};
use crate::csv_cell::cell;
use crate::metrics::catalog;
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
            "unit",
            "base_metric",
            "tier",
            "severity",
            "segment",
            "category",
            "role",
            "rule",
        ])
        .map_err(err)?;
        for c in &summary.candidates {
            for m in &c.metrics {
                let p = catalog::parts(&m.name);
                let unit = catalog::lookup(&m.name).map_or("", |x| x.unit.name());
                let dim = |d: Option<&str>| cell(d.unwrap_or_default()).into_owned();
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
                    unit,
                    &*cell(p.base),
                    &dim(p.tier),
                    &dim(p.severity),
                    &dim(p.segment),
                    &dim(p.category),
                    &dim(p.role),
                    &dim(p.rule),
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
