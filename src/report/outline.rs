//! The one outline of `report.md` and `report.html`: the report as a small document
//! model (a title, blocks before the first section, then sections of blocks), built
//! once from the summary and its analysis. [`super::markdown`] and [`super::html`]
//! only walk it, so both formats always hold the same sections with the same text;
//! each renderer decides only how a block looks (a folded block is a `<details>` in
//! HTML and a sub-heading in Markdown; a chart is inline SVG or a link to its file).

use super::analysis::{
    Analysis, KEY_DIFFERENCES, PolicyDiagram, difference_rows, headline_rows, method_text,
    ranking_rows, saturation_rows,
};
use super::escalation::capitalised;
use crate::chart::ChartFile;
use crate::metrics::compare::HEADLINE;
use crate::metrics::summary::Summary;

/// A piece of running text.
#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    /// Plain text.
    Text(String),
    /// A name, command or value set in code type.
    Code(String),
}

/// One block of content.
#[derive(Clone, Debug, PartialEq)]
pub enum Block<'a> {
    /// The run's identity line, set apart from the text.
    Meta(Vec<Span>),
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A bulleted list; `class` names it for styling (HTML).
    List {
        /// Styling class, if any.
        class: Option<&'static str>,
        /// One line each.
        items: Vec<String>,
    },
    /// A table: the first row is the header.
    Table(Vec<Vec<String>>),
    /// A heading below the section's.
    Subheading(String),
    /// Content that is there for those who want it: folded in HTML, under a
    /// sub-heading titled `summary` in Markdown.
    Folded {
        /// What the folded content is.
        summary: String,
        /// The content.
        blocks: Vec<Block<'a>>,
    },
    /// A chart, titled.
    Chart(&'a ChartFile),
    /// A policy's routing diagram (in its sub-section).
    Diagram(&'a PolicyDiagram),
}

/// A titled section.
#[derive(Clone, Debug, PartialEq)]
pub struct Section<'a> {
    /// Heading.
    pub title: &'static str,
    /// Content.
    pub blocks: Vec<Block<'a>>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Outline<'a> {
    /// Document title.
    pub title: String,
    /// Blocks before the first section (run identity, compared runs).
    pub preamble: Vec<Block<'a>>,
    /// The sections, in reading order; sections without content are left out.
    pub sections: Vec<Section<'a>>,
}

fn text(s: impl Into<String>) -> Span {
    Span::Text(s.into())
}

fn code(s: impl Into<String>) -> Span {
    Span::Code(s.into())
}

fn para(s: impl Into<String>) -> Block<'static> {
    Block::Paragraph(vec![text(s)])
}

/// The outline of the report on `summary` with its `analysis`.
pub fn outline<'a>(summary: &Summary, a: &'a Analysis) -> Outline<'a> {
    let r = &summary.run;
    let mut preamble = vec![Block::Meta(vec![
        text(format!(
            "{} replications × {:.0} h (warm-up {:.0} h), seed {}, tickets: {}, scenario SHA-256 ",
            r.replications, r.horizon_hours, r.warmup_hours, r.seed, r.tickets
        )),
        code(r.scenario_sha256.chars().take(12).collect::<String>()),
        text(format!(", escalsim {}.", r.escalsim_version)),
    ])];
    if !a.sources.is_empty() {
        preamble.push(para("Compared runs:"));
        preamble.push(Block::List {
            class: None,
            items: a.sources.clone(),
        });
    }
    let mut sections = Vec::new();
    let decision = super::decision::lines(&a.decision);
    if !decision.is_empty() {
        sections.push(Section {
            title: "Decision",
            blocks: vec![Block::List {
                class: Some("decision"),
                items: decision,
            }],
        });
    }
    let mut intro =
        "Mean over replications ± half-width of the 95 % confidence interval.".to_string();
    if !r.first_response.is_empty() {
        intro.push_str(&format!(" First response = {}.", r.first_response));
    }
    sections.push(Section {
        title: "Headline metrics",
        blocks: vec![para(intro), Block::Table(headline_rows(summary))],
    });
    if !a.comparison.candidates.is_empty() {
        sections.push(differences(a));
    }
    sections.push(Section {
        title: "Ranking",
        blocks: vec![
            Block::Paragraph(vec![
                text("By resolution breach rate, ties by cost; bounds ("),
                code("oracle"),
                text(", "),
                code("random"),
                text(") left out."),
            ]),
            Block::Table(ranking_rows(&a.comparison)),
        ],
    });
    let advice = a.advice.lines();
    sections.push(Section {
        title: "Advice",
        blocks: vec![if advice.is_empty() {
            para("Nothing to flag: precision targets met, warm-up long enough, every tier stable.")
        } else {
            Block::List {
                class: None,
                items: advice,
            }
        }],
    });
    sections.push(Section {
        title: "Tier load",
        blocks: vec![Block::Table(saturation_rows(&a.advice))],
    });
    let tables = super::escalation::tables(summary);
    if !tables.is_empty() {
        let mut blocks = vec![para(
            "Means over replications of measured tickets (see docs/metrics.md).",
        )];
        for t in tables {
            blocks.push(para(format!("{}.", capitalised(t.caption))));
            blocks.push(Block::Table(t.rows));
        }
        sections.push(Section {
            title: "Escalation loops",
            blocks,
        });
    }
    if !a.charts.is_empty() {
        sections.push(Section {
            title: "Charts",
            blocks: a.charts.iter().map(Block::Chart).collect(),
        });
    }
    if !a.diagrams.is_empty() {
        let mut blocks = vec![Block::Paragraph(vec![
            text("Each compared policy as a flowchart ("),
            code("escalsim diagram SCENARIO --policy NAME"),
            text("; "),
            code("--format dot"),
            text(" for Graphviz)."),
        ])];
        for d in &a.diagrams {
            blocks.push(Block::Subheading(d.policy.clone()));
            blocks.push(Block::Diagram(d));
        }
        sections.push(Section {
            title: "Routing diagrams",
            blocks,
        });
    }
    Outline {
        title: format!("{} — escalsim report", r.scenario),
        preamble,
        sections,
    }
}

/// The differences: how they were estimated, the key metrics, then every headline
/// metric (folded).
fn differences(a: &Analysis) -> Section<'_> {
    let c = &a.comparison;
    let rows = c
        .candidates
        .iter()
        .map(|x| x.differences.len())
        .sum::<usize>();
    let metrics = HEADLINE
        .iter()
        .filter(|m| {
            c.candidates
                .iter()
                .any(|x| x.differences.iter().any(|d| d.metric == **m))
        })
        .count();
    Section {
        title: "Differences against the baseline",
        blocks: vec![
            para(method_text(c, a.pairing_note.as_deref())),
            para(format!(
                "Key metrics, grouped by metric: {}.",
                KEY_DIFFERENCES.join(", ")
            )),
            Block::Table(difference_rows(c, &KEY_DIFFERENCES, false)),
            Block::Folded {
                summary: format!(
                    "All differences ({metrics} metrics, {rows} rows), with the unadjusted 95 % interval and p"
                ),
                blocks: vec![Block::Table(difference_rows(c, &HEADLINE, true))],
            },
        ],
    }
}
