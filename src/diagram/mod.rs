//! Routing diagrams: a policy of a validated scenario drawn as a flowchart, the way
//! support teams share their escalation SOP.
//!
//! This module builds a format-neutral [`Flowchart`] (nodes with a [`Shape`] and
//! plain-text lines, edges with a label); [`mermaid`] and [`dot`] write it, escaping
//! every label for their format. The chart shows, top to bottom:
//!
//! ```text
//! ticket arrives ──► [incident mode? ──yes──► bypass tier]      spike detection ┄► alerts, notice
//!        │ no
//!        ▼
//! arrival routing: SOP rules in order (diamond: "name: conditions", yes ► action, no ► next rule),
//!                  AI prediction (+ human-review gate), oracle / random / recorded entry
//!        ▼
//! tiers (owner, SLA first response / resolution per severity) ──cannot resolve──► escalation
//!        │ resolves                                 (escalation rules, else one step up the path)
//!        ▼
//! resolved ┄reopens┄► ticket arrives      timed triggers, status updates hang off "arrives"
//! ```
//!
//! Solid edges are the ticket's route; dotted edges are notifications, detectors and
//! timers that act beside it. Only tiers a ticket can be sent to are drawn.

mod build;
pub mod dot;
pub mod mermaid;
pub mod text;

use build::Builder;

#[cfg(test)]
pub(crate) mod tests;

use crate::model::sop::DecisionPoint;
use crate::model::{PolicyKind, PolicySpec, Review, Scenario};

/// What a node stands for (each format draws it with its own shape).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Where a ticket's life starts or ends.
    Terminal,
    /// A question with labelled exits (a rule's conditions, a detector's state).
    Decision,
    /// A tier: its owner and SLA targets.
    Tier,
    /// Something the SOP does to the ticket (priority change, the default route).
    Step,
    /// An AI estimate.
    Ai,
    /// A human-review gate: the ticket waits for a person's decision.
    Review,
    /// A notification: alerted roles, customer updates and notices.
    Alert,
    /// A timed trigger or detector that fires while tickets wait.
    Timer,
}

/// How an edge is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Line {
    /// The ticket moves along it.
    Solid,
    /// A side effect or a watcher (alerts, detectors, timers).
    Dotted,
}

/// A node: its shape and its label, one string per line (unescaped).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Shape.
    pub shape: Shape,
    /// Label lines.
    pub lines: Vec<String>,
}

/// An edge between two nodes (indexes into [`Flowchart::nodes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// Source node.
    pub from: usize,
    /// Target node.
    pub to: usize,
    /// Label (unescaped; empty for none).
    pub label: String,
    /// Solid or dotted.
    pub line: Line,
}

/// One policy's flowchart.
#[derive(Clone, Debug, PartialEq)]
pub struct Flowchart {
    /// The policy's name.
    pub policy: String,
    /// Title: policy, kind and queue discipline.
    pub title: String,
    /// Nodes, in drawing order.
    pub nodes: Vec<Node>,
    /// Edges, in drawing order.
    pub edges: Vec<Edge>,
}

/// A diagram format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Mermaid `flowchart` (renders in GitHub markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
}

/// Writes `charts` in `format`: one diagram with one group (Mermaid subgraph, DOT
/// cluster) per chart.
pub fn render(charts: &[Flowchart], format: Format) -> String {
    match format {
        Format::Mermaid => mermaid::write(charts),
        Format::Dot => dot::write(charts),
    }
}

/// Every policy's flowchart, in scenario order.
pub fn all(s: &Scenario) -> Vec<Flowchart> {
    s.policies.iter().map(|p| flowchart(s, p)).collect()
}

/// The flowchart of policy `p` of scenario `s`.
pub fn flowchart(s: &Scenario, p: &PolicySpec) -> Flowchart {
    let mut b = Builder::new(s, p);
    let reopens = s.feedback.max_reopens > 0;
    let start = b.node(
        Shape::Terminal,
        [if reopens {
            "Ticket arrives or reopens"
        } else {
            "Ticket arrives"
        }],
    );
    let (mut from, mut label) = (start, String::new());
    if let (true, Some(inc)) = (p.incident_mode, &s.incident) {
        from = b.incident(start, inc);
        label = "no".into();
    }
    let sop = match &p.kind {
        PolicyKind::Sop(sop) => Some(sop.as_ref()),
        _ => None,
    };
    match &p.kind {
        PolicyKind::Tiered => b.enter_path(from, label),
        PolicyKind::Recorded => b.recorded(from, label),
        PolicyKind::Oracle => b.oracle(from, label),
        PolicyKind::Random => b.random(from, label),
        PolicyKind::Ai => b.ai(from, label),
        PolicyKind::Sop(sop) => b.rules(from, label, sop, DecisionPoint::Arrival),
        PolicyKind::Transfers(m) => {
            let resolved = b.node(Shape::Terminal, ["Resolved"]);
            b.transfers(from, label, m, resolved);
            return finish(b, s, p, start, resolved, reopens);
        }
    }
    for t in b.drawn_tiers(sop) {
        b.tier(t);
    }
    let resolved = b.node(Shape::Terminal, ["Resolved"]);
    match sop {
        Some(sop) if sop.rules.iter().any(|r| r.on == DecisionPoint::Escalation) => {
            b.escalation_rules(sop, resolved);
        }
        _ => b.climb(resolved),
    }
    for t in 0..s.tiers.len() {
        if let Some(n) = b.tiers[t] {
            b.edge(n, resolved, "resolves");
        }
    }
    if let Some(sop) = sop.filter(|sop| !sop.triggers.is_empty()) {
        b.triggers(start, &sop.triggers);
    }
    finish(b, s, p, start, resolved, reopens)
}

/// The loops every flowchart shows: status updates and reopens.
fn finish(
    mut b: Builder<'_>,
    s: &Scenario,
    p: &PolicySpec,
    start: usize,
    resolved: usize,
    reopens: bool,
) -> Flowchart {
    if p.status_updates {
        b.status_updates(start);
    }
    if reopens {
        b.dotted(
            resolved,
            start,
            format!("reopens (at most {} times)", s.feedback.max_reopens),
        );
    }
    b.chart
}

/// `name — kind policy, discipline queues`.
fn title(p: &PolicySpec) -> String {
    format!(
        "{} — {} policy, {} queues",
        p.name,
        p.kind.name(),
        p.discipline.name()
    )
}

/// `Human review by <role>`, and `(work of T2's agents)` when a tier does the reviews.
fn reviewer(s: &Scenario, r: &Review) -> String {
    match r.tier {
        Some(t) => format!(
            "Human review by {} (work of {}'s agents)",
            text::role(s, r.role),
            text::tier(s, t)
        ),
        None => format!("Human review by {}", text::role(s, r.role)),
    }
}
