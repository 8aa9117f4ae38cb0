//! `report.html`: one self-contained page (inline CSS and SVG charts, no external
//! assets or scripts) with the same content as `report.md`; routing diagrams appear as
//! their Mermaid and DOT source. Every string from the scenario or the data is
//! HTML-escaped; the charts' SVG is escaped by the SVG backend.

use super::analysis::{
    Analysis, PolicyDiagram, difference_rows, headline_rows, method_text, ranking_rows,
    saturation_rows,
};
use super::escalation::capitalised;
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
figcaption{font-weight:bold;margin-bottom:.5em}.meta{color:#555}";

/// The "Escalation loops" section: the escalation tables of the terminal (empty when
/// the summary has no loop metrics).
fn escalation_section(summary: &Summary) -> String {
    let tables = super::escalation::tables(summary);
    if tables.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<h2>Escalation loops</h2>\n<p>Means over replications of measured tickets (see docs/metrics.md).</p>\n",
    );
    for t in tables {
        s.push_str(&format!("<p>{}.</p>\n", escape(&capitalised(t.caption))));
        s.push_str(&table(&t.rows));
    }
    s
}

impl Exporter for Html<'_> {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let a = self.0;
        let r = &summary.run;
        let title = format!("{} — escalsim report", r.scenario);
        let mut s = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape(&title),
            escape(&title)
        );
        s.push_str(&format!(
            "<p class=\"meta\">{} replications × {:.0} h (warm-up {:.0} h), seed {}, tickets: {}, scenario SHA-256 <code>{}</code>, escalsim {}.</p>\n",
            r.replications,
            r.horizon_hours,
            r.warmup_hours,
            r.seed,
            escape(&r.tickets),
            escape(&r.scenario_sha256.chars().take(12).collect::<String>()),
            escape(&r.escalsim_version)
        ));
        if !a.sources.is_empty() {
            s.push_str("<p>Compared runs:</p>\n<ul>\n");
            for src in &a.sources {
                s.push_str(&format!("<li>{}</li>\n", escape(src)));
            }
            s.push_str("</ul>\n");
        }
        let decision = super::decision::lines(&a.decision);
        if !decision.is_empty() {
            s.push_str("<h2>Decision</h2>\n<ul class=\"decision\">\n");
            for l in decision {
                s.push_str(&format!("<li>{}</li>\n", escape(&l)));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("<h2>Headline metrics</h2>\n<p>Mean over replications ± half-width of the 95 % confidence interval.");
        if !summary.run.first_response.is_empty() {
            s.push_str(&format!(
                " First response = {}.",
                escape(&summary.run.first_response)
            ));
        }
        s.push_str("</p>\n");
        s.push_str(&table(&headline_rows(summary)));
        if !a.comparison.candidates.is_empty() {
            s.push_str("<h2>Differences against the baseline</h2>\n");
            s.push_str(&format!(
                "<p>{}</p>\n",
                escape(&method_text(&a.comparison, a.pairing_note.as_deref()))
            ));
            s.push_str(&table(&difference_rows(&a.comparison, None)));
        }
        s.push_str("<h2>Ranking</h2>\n<p>By resolution breach rate, ties by cost; bounds (oracle, random) left out.</p>\n");
        s.push_str(&table(&ranking_rows(&a.comparison)));
        s.push_str("<h2>Advice</h2>\n");
        let lines = a.advice.lines();
        if lines.is_empty() {
            s.push_str("<p>Nothing to flag: precision targets met, warm-up long enough, every tier stable.</p>\n");
        } else {
            s.push_str("<ul>\n");
            for l in lines {
                s.push_str(&format!("<li>{}</li>\n", escape(&l)));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("<h2>Tier load</h2>\n");
        s.push_str(&table(&saturation_rows(&a.advice)));
        s.push_str(&escalation_section(summary));
        if !a.charts.is_empty() {
            s.push_str("<h2>Charts</h2>\n");
            for c in &a.charts {
                s.push_str(&format!(
                    "<figure id=\"{}\">\n<figcaption>{}</figcaption>\n{}\n</figure>\n",
                    escape(&c.stem),
                    escape(&c.title),
                    c.svg
                ));
            }
        }
        s.push_str(&diagrams(&a.diagrams));
        s.push_str("</body>\n</html>\n");
        Ok(s.into_bytes())
    }
}

/// The routing diagram of each policy: its Mermaid and DOT source in collapsible
/// blocks (the page loads no script, so nothing draws them here; paste them into a
/// Mermaid or Graphviz viewer). Empty without diagrams.
fn diagrams(list: &[PolicyDiagram]) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<h2>Routing diagrams</h2>\n<p>Each compared policy as a flowchart, in Mermaid and Graphviz DOT source (<code>escalsim diagram SCENARIO --policy NAME</code> writes them; report.md shows the Mermaid drawn on GitHub).</p>\n",
    );
    for d in list {
        s.push_str(&format!(
            "<h3>{}</h3>\n<details>\n<summary>Mermaid</summary>\n<pre class=\"mermaid\">{}</pre>\n</details>\n<details>\n<summary>Graphviz DOT</summary>\n<pre class=\"dot\">{}</pre>\n</details>\n",
            escape(&d.policy),
            escape(&d.mermaid),
            escape(&d.dot)
        ));
    }
    s
}
