//! The comparison table printed to the terminal: candidates × headline metrics with
//! their 95 % confidence half-widths, then per-tier utilisation and waits, then the
//! escalation tables (see [`super::escalation`]).

use super::{Exporter, ReportError};
use crate::metrics::catalog::{self, Format};
use crate::metrics::summary::{CandidateSummary, Summary};

/// Plain-text tables.
pub struct Table;

/// `(column header, metric)` of the headline table. The resolution breach rate is split
/// into its three parts, which add up to it: resolved late, abandoned (never served)
/// and still open past the deadline at the horizon.
const HEADLINE: [(&str, &str); 9] = [
    ("resolution breach", catalog::RESOLUTION_BREACH_RATE),
    ("= late", catalog::RESOLUTION_BREACH_LATE_RATE),
    ("+ abandoned", catalog::RESOLUTION_BREACH_ABANDONED_RATE),
    ("+ open", catalog::RESOLUTION_BREACH_OPEN_RATE),
    ("first-response breach", catalog::FIRST_RESPONSE_BREACH_RATE),
    ("TTR mean h", catalog::TTR_MEAN_HOURS),
    ("TTR p90 h", catalog::TTR_P90_HOURS),
    ("escalations/ticket", catalog::ESCALATIONS_PER_TICKET),
    ("cost", catalog::COST),
];

fn cell(c: &CandidateSummary, metric: &str) -> String {
    let Some(m) = c.metric(metric) else {
        return "-".into();
    };
    if !m.mean.is_finite() {
        return "-".into();
    }
    let hw = if m.half_width.is_finite() {
        Some(m.half_width)
    } else {
        None
    };
    match catalog::format(metric) {
        Format::Percent => match hw {
            Some(h) => format!("{:.2}% ±{:.2}", m.mean * 100.0, h * 100.0),
            None => format!("{:.2}%", m.mean * 100.0),
        },
        Format::Decimal3 => match hw {
            Some(h) => format!("{:.3} ±{:.3}", m.mean, h),
            None => format!("{:.3}", m.mean),
        },
        Format::Whole => match hw {
            Some(h) => format!("{:.0} ±{:.0}", m.mean, h),
            None => format!("{:.0}", m.mean),
        },
    }
}

/// Renders rows as an aligned table: first column left-aligned, the rest right.
pub fn render_rows(rows: &[Vec<String>]) -> String {
    render_rows_left(rows, 1)
}

/// Renders rows as an aligned table: the first `left` columns left-aligned (names),
/// the rest right (numbers).
pub fn render_rows_left(rows: &[Vec<String>], left: usize) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut width = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            width[i] = width[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for (ri, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            let pad = width[i] - c.chars().count();
            if i > 0 {
                line.push_str("  ");
            }
            if i < left {
                line.push_str(c);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if ri == 0 {
            let total: usize = width.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    out
}

impl Table {
    /// The headline, per-tier and escalation tables as text.
    pub fn text(summary: &Summary) -> String {
        let r = &summary.run;
        let mut out = format!(
            "{} — {} replications × {:.0} h (warm-up {:.0} h), seed {}; mean ±95% CI half-width\n",
            r.scenario, r.replications, r.horizon_hours, r.warmup_hours, r.seed
        );
        if !r.first_response.is_empty() {
            out.push_str(&format!("first response = {}\n", r.first_response));
        }
        out.push('\n');
        let mut rows = vec![
            std::iter::once("candidate".to_string())
                .chain(HEADLINE.iter().map(|h| h.0.to_string()))
                .collect::<Vec<_>>(),
        ];
        for c in &summary.candidates {
            let mut row = vec![c.name.clone()];
            row.extend(HEADLINE.iter().map(|&(_, m)| cell(c, m)));
            rows.push(row);
        }
        out.push_str(&render_rows(&rows));

        // Per-tier table: utilisation and mean wait per candidate.
        let tiers: Vec<String> = summary
            .candidates
            .first()
            .map(|c| {
                c.metrics
                    .iter()
                    .filter_map(|m| {
                        m.name
                            .strip_prefix("tier.")
                            .and_then(|s| s.strip_suffix(".utilisation"))
                            .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !tiers.is_empty() {
            out.push('\n');
            let mut header = vec!["tier utilisation / mean wait min".to_string()];
            header.extend(tiers.iter().cloned());
            let mut rows = vec![header];
            for c in &summary.candidates {
                let mut row = vec![c.name.clone()];
                for t in &tiers {
                    let u = c.metric(&format!("tier.{t}.utilisation"));
                    let w = c.metric(&format!("tier.{t}.wait_mean_minutes"));
                    row.push(match (u, w) {
                        (Some(u), Some(w)) if u.mean.is_finite() => {
                            let wait = if w.mean.is_finite() {
                                format!("{:.1}", w.mean)
                            } else {
                                "-".into()
                            };
                            format!("{:.1}% / {wait}", u.mean * 100.0)
                        }
                        _ => "-".into(),
                    });
                }
                rows.push(row);
            }
            out.push_str(&render_rows(&rows));
        }
        for t in super::escalation::tables(summary) {
            out.push('\n');
            out.push_str(t.caption);
            out.push('\n');
            out.push_str(&render_rows_left(&t.rows, t.name_columns));
        }
        out
    }
}

impl Exporter for Table {
    fn file_name(&self) -> &'static str {
        "summary.txt"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        Ok(Table::text(summary).into_bytes())
    }
}
