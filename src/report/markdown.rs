//! `report.md`: the report's [outline](super::outline) as GitHub-flavoured Markdown:
//! run identity, decision, headline table, differences against the baseline (key
//! metrics, then every metric), ranking, advice, tier load, escalation loops, links to
//! the charts under `charts/` and the routing diagram of each policy (Mermaid). Every
//! name from the scenario or data is escaped.

use super::analysis::Analysis;
use super::outline::{Block, Span, outline};
use super::{Exporter, ReportError};
use crate::metrics::summary::Summary;

/// Markdown report.
pub struct Markdown<'a>(pub &'a Analysis);

/// Escapes text for a Markdown table cell or paragraph (no HTML, no table breaks, no
/// emphasis or links).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown table from rows (the first is the header).
pub fn table(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        out.push('|');
        for c in r {
            out.push(' ');
            out.push_str(&escape(c));
            out.push_str(" |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            for (j, _) in r.iter().enumerate() {
                out.push_str(if j == 0 { "---|" } else { "--:|" });
            }
            out.push('\n');
        }
    }
    out
}

fn spans(list: &[Span]) -> String {
    list.iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            // Code spans hold no backticks of their own (names are escaped).
            Span::Code(c) => format!("`{}`", c.replace('`', "'")),
        })
        .collect()
}

/// One block, followed by a blank line.
fn block(out: &mut String, b: &Block<'_>) {
    match b {
        Block::Meta(s) | Block::Paragraph(s) => {
            out.push_str(&spans(s));
            out.push_str("\n\n");
        }
        Block::List { items, .. } => {
            for l in items {
                out.push_str(&format!("- {}\n", escape(l)));
            }
            out.push('\n');
        }
        Block::Table(rows) => {
            out.push_str(&table(rows));
            out.push('\n');
        }
        Block::Subheading(t) => out.push_str(&format!("### {}\n\n", escape(t))),
        Block::Folded { summary, blocks } => {
            out.push_str(&format!("### {}\n\n", escape(summary)));
            for b in blocks {
                block(out, b);
            }
        }
        Block::Chart(c) => out.push_str(&format!(
            "### {}\n\n![{}](charts/{}.svg)\n\n",
            escape(&c.title),
            escape(&c.title),
            c.stem
        )),
        // Mermaid labels carry no backticks, so the fence holds; GitHub draws it.
        Block::Diagram(d) => out.push_str(&format!("```mermaid\n{}```\n\n", d.mermaid)),
    }
}

impl Exporter for Markdown<'_> {
    fn file_name(&self) -> &'static str {
        "report.md"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let o = outline(summary, self.0);
        let mut s = format!("# {}\n\n", escape(&o.title));
        for b in &o.preamble {
            block(&mut s, b);
        }
        for section in &o.sections {
            s.push_str(&format!("## {}\n\n", escape(section.title)));
            for b in &section.blocks {
                block(&mut s, b);
            }
        }
        Ok(s.into_bytes())
    }
}
