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

/// Renders rows as an aligned table at full width: first column left-aligned, the
/// rest right.
pub fn render_rows(rows: &[Vec<String>]) -> String {
    render_rows_left(rows, 1)
}

/// Renders rows as an aligned table at full width: the first `left` columns
/// left-aligned (names), the rest right (numbers).
pub fn render_rows_left(rows: &[Vec<String>], left: usize) -> String {
    render_fit(rows, left, None)
}

/// Renders rows (the first is the header) as an aligned table: the first `left`
/// columns left-aligned, the rest right, two spaces between columns and a line of `-`
/// under the header. With a `width`, a table wider than it is narrowed column by
/// column, each step taking the narrowing that costs the fewest extra lines for the
/// columns it frees: cells wrap at spaces and after a hyphen or slash in a word
/// (`tiered-fifo @` over `plus-one-senior`, `1.90%` over `±0.32`). A table that cannot
/// fit so is printed in parts, one under the other, each with the name columns and as
/// many of the others as fit; words are split only when a single column is wider than
/// the width. With `None`, every cell stays on one line.
///
/// comfy-table (a maintained table crate) lays the cells out, multi-line cells
/// included; where to wrap is chosen here, as its own even split of the width breaks
/// names and numbers mid-word.
pub fn render_fit(rows: &[Vec<String>], left: usize, width: Option<usize>) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let Some(limit) = width else {
        return layout(rows, left);
    };
    let column = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i).map(String::as_str))
    };
    let mut w: Vec<usize> = (0..cols)
        .map(|i| column(i).map(|c| c.chars().count()).max().unwrap_or(0))
        .collect();
    let words: Vec<usize> = (0..cols)
        .map(|i| {
            column(i)
                .map(|c| {
                    pieces(c)
                        .iter()
                        .map(|p| p.1.chars().count())
                        .max()
                        .unwrap_or(0)
                })
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * w.len().saturating_sub(1);
    let left = left.min(cols);
    if total(&words) > limit && cols > left + 1 {
        return in_parts(rows, left, limit, &words);
    }
    // Lines the table takes, a word split counting as many lines: the last resort.
    let lines = |w: &[usize]| -> usize {
        rows.iter()
            .map(|r| {
                let (mut tallest, mut splits) = (1, 0);
                for (i, c) in r.iter().enumerate() {
                    let (cell, split) = wrap_cell_counted(c, w[i]);
                    tallest = tallest.max(cell.len());
                    splits += split;
                }
                tallest + SPLIT_COST * splits
            })
            .sum()
    };
    // Narrowing without splitting words first; splitting only if that cannot fit.
    for floor in [&words[..], &vec![1; cols][..]] {
        while total(&w) > limit {
            let excess = total(&w) - limit;
            let now = lines(&w);
            // The narrowing with the most columns freed (up to the excess) per extra line.
            let mut best: Option<(f64, usize, usize)> = None;
            for i in 0..cols {
                // Narrower than the excess frees nothing more (the widest of equals wins).
                let lowest = w[i].saturating_sub(excess).max(floor[i]).max(1);
                for c in (lowest..w[i]).rev() {
                    let mut t = w.clone();
                    t[i] = c;
                    let extra = lines(&t).saturating_sub(now) as f64;
                    let freed = (w[i] - c).min(excess) as f64;
                    let score = freed / (extra + 0.25);
                    if best.is_none_or(|(s, _, _)| score > s) {
                        best = Some((score, i, c));
                    }
                }
            }
            let Some((_, i, c)) = best else { break };
            w[i] = c;
        }
    }
    let wrapped: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| wrap_cell(c, w[i]).join("\n"))
                .collect()
        })
        .collect();
    layout(&wrapped, left)
}

/// A table too wide to fit even with every cell wrapped at its words, as several
/// tables one under the other: each repeats the name columns and takes as many of the
/// other columns, in order, as fit (`words`: each column's longest word).
fn in_parts(rows: &[Vec<String>], left: usize, limit: usize, words: &[usize]) -> String {
    let names: usize = words[..left].iter().map(|w| w + 2).sum();
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut used = names;
    for (i, word) in words.iter().enumerate().skip(left) {
        let need = word + 2;
        match parts.last_mut() {
            Some(p) if used + need <= limit + 2 => {
                p.push(i);
                used += need;
            }
            _ => {
                parts.push(vec![i]);
                used = names + need;
            }
        }
    }
    // The same number of parts, the columns shared out evenly when that fits too, so
    // that no part is squeezed while another has room.
    let others: Vec<usize> = (left..words.len()).collect();
    let per = others.len().div_ceil(parts.len().max(1)).max(1);
    let even: Vec<Vec<usize>> = others.chunks(per).map(<[usize]>::to_vec).collect();
    let fits = |p: &Vec<usize>| names + p.iter().map(|&i| words[i] + 2).sum::<usize>() <= limit + 2;
    if even.len() == parts.len() && even.iter().all(fits) {
        parts = even;
    }
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let sub: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                (0..left)
                    .chain(part.iter().copied())
                    .map(|i| r.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        out.push_str(&render_fit(&sub, left, Some(limit)));
    }
    out
}

/// The pieces a cell may break into, each with whether a space preceded it: split at
/// spaces and after a `-` or `/` that follows a letter.
fn pieces(cell: &str) -> Vec<(bool, String)> {
    let mut pieces: Vec<(bool, String)> = Vec::new();
    for (k, word) in cell.split(' ').enumerate() {
        let mut cur = String::new();
        let mut prev: Option<char> = None;
        let mut first = true;
        for ch in word.chars() {
            cur.push(ch);
            if matches!(ch, '-' | '/') && prev.is_some_and(char::is_alphabetic) {
                pieces.push((first && k > 0, std::mem::take(&mut cur)));
                first = false;
            }
            prev = Some(ch);
        }
        if !cur.is_empty() || first {
            pieces.push((first && k > 0, cur));
        }
    }
    pieces
}

/// What splitting a word inside a cell costs, in lines of table.
const SPLIT_COST: usize = 40;

/// `cell` in lines of at most `width` characters: broken at spaces and after a `-`
/// or `/` that follows a letter; a piece longer than the line is split.
fn wrap_cell(cell: &str, width: usize) -> Vec<String> {
    wrap_cell_counted(cell, width).0
}

/// [`wrap_cell`] and how many times a piece had to be split.
fn wrap_cell_counted(cell: &str, width: usize) -> (Vec<String>, usize) {
    let width = width.max(1);
    if cell.chars().count() <= width {
        return (vec![cell.to_string()], 0);
    }
    let mut splits = 0;
    let pieces = pieces(cell);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for (spaced, piece) in pieces {
        let mut piece = piece;
        loop {
            let len = line.chars().count();
            let sep = usize::from(spaced && len > 0);
            if len + sep + piece.chars().count() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&piece);
                break;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // Longer than a whole line: split it.
            splits += 1;
            let head: String = piece.chars().take(width).collect();
            piece = piece.chars().skip(width).collect();
            out.push(head);
            if piece.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    (out, splits)
}

/// comfy-table's layout of `rows`, every cell keeping its lines.
fn layout(rows: &[Vec<String>], left: usize) -> String {
    use comfy_table::{CellAlignment, ContentArrangement, LineStyle, TableStyle};
    let Some((header, body)) = rows.split_first() else {
        return String::new();
    };
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut t = comfy_table::Table::new();
    t.load_style(TableStyle::new().header_separator(LineStyle::none().fill('-')));
    t.set_header(header.clone());
    for r in body {
        t.add_row(r.clone());
    }
    t.set_content_arrangement(ContentArrangement::Disabled);
    for (i, c) in t.column_iter_mut().enumerate() {
        let pad = match (i == 0, i + 1 == cols) {
            (true, true) => (0, 0),
            (true, false) => (0, 1),
            (false, true) => (1, 0),
            (false, false) => (1, 1),
        };
        c.set_padding(pad);
        c.set_cell_alignment(if i < left {
            CellAlignment::Left
        } else {
            CellAlignment::Right
        });
    }
    let mut out = String::new();
    for line in t.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl Table {
    /// The headline, per-tier and escalation tables as text, at full width.
    pub fn text(summary: &Summary) -> String {
        Table::text_fit(summary, None)
    }

    /// The headline, per-tier and escalation tables as text, fit to `width` columns
    /// (`None`: full width; see [`render_fit`]).
    pub fn text_fit(summary: &Summary, width: Option<usize>) -> String {
        let r = &summary.run;
        let title = format!(
            "{} — {} replications × {:.0} h (warm-up {:.0} h), seed {}; mean ±95% CI half-width",
            r.scenario, r.replications, r.horizon_hours, r.warmup_hours, r.seed
        );
        let mut out = crate::terminal::wrap(&title, width, 2);
        out.push('\n');
        if !r.first_response.is_empty() {
            let line = format!("first response = {}", r.first_response);
            out.push_str(&crate::terminal::wrap(&line, width, 2));
            out.push('\n');
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
        out.push_str(&render_fit(&rows, 1, width));

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
            out.push_str(&render_fit(&rows, 1, width));
        }
        for t in super::escalation::tables(summary) {
            out.push('\n');
            out.push_str(&crate::terminal::wrap(t.caption, width, 2));
            out.push('\n');
            out.push_str(&render_fit(&t.rows, t.name_columns, width));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_wrap_at_spaces_hyphens_and_slashes_not_minus_signs() {
        assert_eq!(
            wrap_cell("tiered-fifo @ plus-one-senior", 15),
            ["tiered-fifo @", "plus-one-senior"]
        );
        assert_eq!(
            wrap_cell("escalations/ticket", 12),
            ["escalations/", "ticket"]
        );
        assert_eq!(
            wrap_cell("[-0.27 pt, -0.13 pt]", 10),
            ["[-0.27 pt,", "-0.13 pt]"]
        );
        assert_eq!(wrap_cell("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap_cell("short", 9), ["short"]);
    }

    #[test]
    fn tables_fit_the_width_and_keep_every_character() {
        let rows: Vec<Vec<String>> = vec![
            [
                "candidate",
                "first-response breach",
                "escalations/ticket",
                "cost",
            ]
            .map(String::from)
            .to_vec(),
            [
                "tiered-severity @ plus-one-senior",
                "0.10% ±0.07",
                "0.384 ±0.003",
                "249965 ±4",
            ]
            .map(String::from)
            .to_vec(),
        ];
        let full = render_fit(&rows, 1, None);
        assert_eq!(full.lines().count(), 3);
        assert!(
            full.lines()
                .next()
                .unwrap_or_default()
                .starts_with("candidate  ")
        );
        for width in [20, 40, 60] {
            let fit = render_fit(&rows, 1, Some(width));
            assert!(
                fit.lines().all(|l| l.chars().count() <= width),
                "{width}:\n{fit}"
            );
            // Nothing lost: the same characters as at full width (wrapping moves
            // them, padding and the rule aside); a table in parts repeats the names.
            let chars = |s: &str| {
                let mut v: Vec<char> = s
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect();
                v.sort_unstable();
                v
            };
            let parts: Vec<&str> = fit.split("\n\n").collect();
            if parts.len() == 1 {
                assert_eq!(chars(&fit), chars(&full), "{width}:\n{fit}");
            } else {
                assert!(parts.iter().all(|p| p.starts_with("candidate")), "{fit}");
                for cell in &rows[1][1..] {
                    let want = chars(cell);
                    assert!(
                        parts.iter().any(|p| {
                            let have = chars(p);
                            want.iter().all(|c| have.contains(c))
                        }),
                        "{cell} lost:\n{fit}"
                    );
                }
            }
        }
    }
}
