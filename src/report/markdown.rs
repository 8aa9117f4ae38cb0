//! `report.md`: the report as GitHub-flavoured Markdown: run identity, headline table,
//! differences against the baseline, ranking, advice, tier load, escalation loops,
//! links to the charts under `charts/` and the routing diagram of each policy
//! (Mermaid). Every name from the scenario or data is escaped.

use super::analysis::{
    Analysis, PolicyDiagram, difference_rows, headline_rows, method_text, ranking_rows,
    saturation_rows,
};
use super::escalation::capitalised;
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

/// The "Escalation loops" section: the escalation tables of the terminal (empty when
/// the summary has no loop metrics).
fn escalation_section(summary: &Summary) -> String {
    let tables = super::escalation::tables(summary);
    if tables.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "\n## Escalation loops\n\nMeans over replications of measured tickets (see docs/metrics.md).\n",
    );
    for t in tables {
        s.push_str(&format!("\n{}.\n\n", escape(&capitalised(t.caption))));
        s.push_str(&table(&t.rows));
    }
    s
}

impl Exporter for Markdown<'_> {
    fn file_name(&self) -> &'static str {
        "report.md"
    }

    fn render(&self, summary: &Summary) -> Result<Vec<u8>, ReportError> {
        let a = self.0;
        let r = &summary.run;
        let mut s = format!("# {} — escalsim report\n\n", escape(&r.scenario));
        s.push_str(&format!(
            "{} replications × {:.0} h (warm-up {:.0} h), seed {}, tickets: {}, scenario SHA-256 `{}`, escalsim {}.\n\n",
            r.replications,
            r.horizon_hours,
            r.warmup_hours,
            r.seed,
            escape(&r.tickets),
            escape(&r.scenario_sha256.chars().take(12).collect::<String>()),
            escape(&r.escalsim_version),
        ));
        if !a.sources.is_empty() {
            s.push_str("Compared runs:\n\n");
            for src in &a.sources {
                s.push_str(&format!("- {}\n", escape(src)));
            }
            s.push('\n');
        }
        let decision = super::decision::lines(&a.decision);
        if !decision.is_empty() {
            s.push_str("## Decision\n\n");
            for l in decision {
                s.push_str(&format!("- {}\n", escape(&l)));
            }
            s.push('\n');
        }
        s.push_str("## Headline metrics\n\nMean over replications ± half-width of the 95 % confidence interval.");
        if !summary.run.first_response.is_empty() {
            s.push_str(&format!(
                " First response = {}.",
                escape(&summary.run.first_response)
            ));
        }
        s.push_str("\n\n");
        s.push_str(&table(&headline_rows(summary)));
        if !a.comparison.candidates.is_empty() {
            s.push_str("\n## Differences against the baseline\n\n");
            s.push_str(&escape(&method_text(
                &a.comparison,
                a.pairing_note.as_deref(),
            )));
            s.push_str("\n\n");
            s.push_str(&table(&difference_rows(&a.comparison, None)));
        }
        s.push_str("\n## Ranking\n\nBy resolution breach rate, ties by cost; bounds (`oracle`, `random`) left out.\n\n");
        s.push_str(&table(&ranking_rows(&a.comparison)));
        s.push_str("\n## Advice\n\n");
        let lines = a.advice.lines();
        if lines.is_empty() {
            s.push_str(
                "Nothing to flag: precision targets met, warm-up long enough, every tier stable.\n",
            );
        }
        for l in lines {
            s.push_str(&format!("- {}\n", escape(&l)));
        }
        s.push_str("\n## Tier load\n\n");
        s.push_str(&table(&saturation_rows(&a.advice)));
        s.push_str(&escalation_section(summary));
        if !a.charts.is_empty() {
            s.push_str("\n## Charts\n\n");
            for c in &a.charts {
                s.push_str(&format!(
                    "### {}\n\n![{}](charts/{}.svg)\n\n",
                    escape(&c.title),
                    escape(&c.title),
                    c.stem
                ));
            }
        }
        if !a.diagrams.is_empty() {
            if !s.ends_with("\n\n") {
                s.push('\n');
            }
            s.push_str(&diagrams(&a.diagrams));
        }
        Ok(s.into_bytes())
    }
}

/// The routing diagram of each policy as a ```` ```mermaid ```` block (GitHub renders
/// it). Mermaid labels carry no backticks, so the fence holds.
fn diagrams(list: &[PolicyDiagram]) -> String {
    let mut s = String::from(
        "## Routing diagrams\n\nEach compared policy as a flowchart (`escalsim diagram SCENARIO --policy NAME`; `--format dot` for Graphviz).\n\n",
    );
    for d in list {
        s.push_str(&format!(
            "### {}\n\n```mermaid\n{}```\n\n",
            escape(&d.policy),
            d.mermaid
        ));
    }
    s
}
