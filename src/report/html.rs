//! `report.html`: one self-contained page (inline CSS and SVG charts, no external
//! assets or scripts) walking the same [outline](super::outline) as `report.md`; the
//! full difference table is folded (`<details>`), routing diagrams appear as their
//! Mermaid and DOT source. Every string from the scenario or the data is HTML-escaped;
//! the charts' SVG is escaped by the SVG backend.

use super::analysis::Analysis;
use super::outline::{Block, Span, outline};
use super::{Exporter, ReportError};
use crate::metrics::summary::Summary;

/// HTML report.
pub struct Html<'a>(pub &'a Analysis);

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An HTML table from rows (the first is the header).
pub fn table(rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table>\n");
    for (i, r) in rows.iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<{tag}>{}</{tag}>", escape(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,sans-serif;margin:2em auto;max-width:1250px;color:#222;padding:0 1em}\
table{border-collapse:collapse;margin:1em 0;font-size:14px}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\
th:first-child,td:first-child{text-align:left}th{background:#f2f2f2}\
figure{margin:2em 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}\
figcaption{font-weight:bold;margin-bottom:.5em}.meta{color:#555}\
details>summary{cursor:pointer;color:#1565c0;margin:.5em 0}";

fn spans(list: &[Span]) -> String {
    list.iter()
        .map(|s| match s {
            Span::Text(t) => escape(t),
            Span::Code(c) => format!("<code>{}</code>", escape(c)),
        })
        .collect()
}

fn block(out: &mut String, b: &Block<'_>) {
    match b {
        Block::Meta(s) => out.push_str(&format!("<p class=\"meta\">{}</p>\n", spans(s))),
        Block::Paragraph(s) => out.push_str(&format!("<p>{}</p>\n", spans(s))),
        Block::List { class, items } => {
            match class {
                Some(c) => out.push_str(&format!("<ul class=\"{}\">\n", escape(c))),
                None => out.push_str("<ul>\n"),
            }
            for l in items {
                out.push_str(&format!("<li>{}</li>\n", escape(l)));
            }
            out.push_str("</ul>\n");
        }
        Block::Table(rows) => out.push_str(&table(rows)),
        Block::Subheading(t) => out.push_str(&format!("<h3>{}</h3>\n", escape(t))),
        Block::Folded { summary, blocks } => {
            out.push_str(&format!(
                "<details>\n<summary>{}</summary>\n",
                escape(summary)
            ));
            for b in blocks {
                block(out, b);
            }
            out.push_str("</details>\n");
        }
        Block::Chart(c) => out.push_str(&format!(
            "<figure id=\"{}\">\n<figcaption>{}</figcaption>\n{}\n</figure>\n",
            escape(&c.stem),
            escape(&c.title),
            c.svg
        )),
        // The page loads no script, so nothing draws the diagrams here: their source,
        // to paste into a Mermaid or Graphviz viewer (report.md shows Mermaid drawn).
        Block::Diagram(d) => out.push_str(&format!(
            "<details>\n<summary>Mermaid</summary>\n<pre class=\"mermaid\">{}</pre>\n</details>\n<details>\n<summary>Graphviz DOT</summary>\n<pre class=\"dot\">{}</pre>\n</details>\n",
            escape(&d.mermaid),
            escape(&d.dot)
        )),
    }
}

impl Exporter for Html<'_> {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let o = outline(summary, self.0);
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape(&o.title),
            escape(&o.title)
        );
        for b in &o.preamble {
            block(&mut s, b);
        }
        for section in &o.sections {
            s.push_str(&format!("<h2>{}</h2>\n", escape(section.title)));
            for b in &section.blocks {
                block(&mut s, b);
            }
        }
        s.push_str("</body>\n</html>\n");
        Ok(s.into_bytes())
    }
}
