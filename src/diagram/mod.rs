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

pub mod dot;
pub mod mermaid;
pub mod text;

#[cfg(test)]
pub(crate) mod tests;

use crate::model::sop::{DecisionPoint, Route, Rule, Sop, Trigger, TriggerTime};
use crate::model::{Incident, PolicyKind, PolicySpec, Review, Scenario, TierId};

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

/// Builds one chart; tier and shared nodes are created on first use.
struct Builder<'a> {
    s: &'a Scenario,
    chart: Flowchart,
    /// Node of each tier, once drawn.
    tiers: Vec<Option<usize>>,
    /// "AI predicts the needed tier" (SOP `route = "predicted"`).
    predict: Option<usize>,
    /// Fan-out from a predicted need to the lowest tier on the path resolving it.
    fanout: Option<usize>,
    /// "One step up the escalation path".
    next_on_path: Option<usize>,
    /// Needs some category has (tiers, by id).
    needs: Vec<TierId>,
}

impl<'a> Builder<'a> {
    fn new(s: &'a Scenario, p: &PolicySpec) -> Builder<'a> {
        let mut needs: Vec<TierId> = s
            .categories
            .iter()
            .flat_map(|c| c.needs.iter().filter(|(_, p)| *p > 0.0).map(|(t, _)| *t))
            .collect();
        needs.sort();
        needs.dedup();
        Builder {
            s,
            chart: Flowchart {
                policy: p.name.clone(),
                title: title(p),
                nodes: Vec::new(),
                edges: Vec::new(),
            },
            tiers: vec![None; s.tiers.len()],
            predict: None,
            fanout: None,
            next_on_path: None,
            needs,
        }
    }

    fn node<S: Into<String>>(&mut self, shape: Shape, lines: impl IntoIterator<Item = S>) -> usize {
        self.chart.nodes.push(Node {
            shape,
            lines: lines.into_iter().map(Into::into).collect(),
        });
        self.chart.nodes.len() - 1
    }

    fn edge(&mut self, from: usize, to: usize, label: impl Into<String>) {
        self.link(from, to, label.into(), Line::Solid);
    }

    fn dotted(&mut self, from: usize, to: usize, label: impl Into<String>) {
        self.link(from, to, label.into(), Line::Dotted);
    }

    fn link(&mut self, from: usize, to: usize, label: String, line: Line) {
        let e = Edge {
            from,
            to,
            label,
            line,
        };
        if !self.chart.edges.contains(&e) {
            self.chart.edges.push(e);
        }
    }

    /// The node of tier `t`: name and agent role, owner, SLA targets.
    fn tier(&mut self, t: TierId) -> usize {
        if let Some(n) = self.tiers.get(t.index()).copied().flatten() {
            return n;
        }
        let s = self.s;
        let tier = &s.tiers[t.index()];
        let mut lines = vec![if tier.role.trim().is_empty() {
            tier.name.clone()
        } else {
            format!("{} · {}", tier.name, tier.role)
        }];
        lines.push(if tier.owner.trim().is_empty() {
            "owner: none".to_string()
        } else {
            format!("owner: {}", tier.owner)
        });
        lines.extend(text::sla_lines(s));
        let n = self.node(Shape::Tier, lines);
        self.tiers[t.index()] = Some(n);
        n
    }

    /// Whether tier `t` resolves every need tickets can have (it never escalates).
    fn resolves_all(&self, t: TierId) -> bool {
        let resolves = &self.s.tiers[t.index()].resolves;
        self.needs.iter().all(|n| resolves[n.index()])
    }

    /// The lowest tier on the path that resolves `need`.
    fn entry_for(&self, need: TierId) -> Option<TierId> {
        self.s
            .escalation_path
            .iter()
            .copied()
            .find(|t| self.s.tiers[t.index()].resolves[need.index()])
    }

    /// Tiers to draw: the path, then every tier a rule, trigger or the incident
    /// bypass sends tickets to.
    fn drawn_tiers(&self, sop: Option<&Sop>) -> Vec<TierId> {
        let mut out = self.s.escalation_path.clone();
        if let Some(sop) = sop {
            for r in &sop.rules {
                if let Some(Route::Tier(t)) = r.action.route {
                    out.push(t);
                }
            }
            out.extend(sop.triggers.iter().filter_map(|t| t.escalate_to));
        }
        let mut seen = vec![false; self.s.tiers.len()];
        out.retain(|t| !std::mem::replace(&mut seen[t.index()], true));
        out
    }

    /// `from` → the first tier of the escalation path.
    fn enter_path(&mut self, from: usize, label: String) {
        if let Some(&first) = self.s.escalation_path.first() {
            let t = self.tier(first);
            self.edge(from, t, label);
        }
    }

    /// Incident mode: the detector, its alerts and notice, and the bypass question.
    /// Returns the question node (its "no" exit continues the ordinary routing).
    fn incident(&mut self, start: usize, inc: &Incident) -> usize {
        let s = self.s;
        let cats = inc
            .categories
            .iter()
            .filter_map(|c| s.categories.get(c.index()).map(|c| c.name.as_str()))
            .collect::<Vec<_>>()
            .join(" or ");
        let detect = self.node(
            Shape::Timer,
            [
                "Spike detection".to_string(),
                format!(
                    "≥ {} {cats} tickets within {}",
                    inc.threshold,
                    text::duration(inc.window_ms)
                ),
                format!("incident mode ends below {}", inc.clear_below),
            ],
        );
        self.dotted(start, detect, "counts arrivals");
        let question = self.node(
            Shape::Decision,
            [
                "Incident mode on".to_string(),
                format!("and category {cats}?"),
            ],
        );
        self.edge(start, question, "");
        self.dotted(detect, question, "switches on");
        let bypass = self.tier(inc.bypass_to);
        self.edge(question, bypass, "yes: bypass the queues");
        if !inc.alert.is_empty() {
            let a = self.node(
                Shape::Alert,
                [format!("Alert: {}", text::alerted(s, &inc.alert, None))],
            );
            self.dotted(detect, a, "on detection");
        }
        let notice = self.node(
            Shape::Alert,
            [
                format!(
                    "Proactive notice to customers after {}",
                    text::duration(inc.notice_after_ms)
                ),
                format!(
                    "suppresses {} of further {cats} tickets",
                    text::percent(inc.notice_suppression)
                ),
            ],
        );
        self.dotted(detect, notice, "on detection");
        question
    }

    /// `recorded`: replayed tickets follow their recorded groups; others climb.
    fn recorded(&mut self, from: usize, label: String) {
        let q = self.node(Shape::Decision, ["Recorded group path?"]);
        self.edge(from, q, label);
        let follow = self.node(
            Shape::Step,
            ["Follow the recorded groups", "with their recorded times"],
        );
        self.edge(q, follow, "yes");
        let resolved_later = self.node(Shape::Terminal, ["Closed as recorded"]);
        self.edge(follow, resolved_later, "");
        self.enter_path(q, "no".into());
    }

    /// `oracle`: straight to the lowest tier on the path that resolves the real need.
    fn oracle(&mut self, from: usize, label: String) {
        let q = self.node(
            Shape::Decision,
            ["Which tier does it need?", "(perfect information)"],
        );
        self.edge(from, q, label);
        let needs = self.needs.clone();
        self.fan_out(q, &needs, "needs");
    }

    /// `random`: a uniform entry tier on the path.
    fn random(&mut self, from: usize, label: String) {
        let q = self.node(
            Shape::Decision,
            ["Entry tier drawn at random", "(uniform over the path)"],
        );
        self.edge(from, q, label);
        let path = self.s.escalation_path.clone();
        let share = format!("1 in {}", path.len());
        for t in path {
            let n = self.tier(t);
            self.edge(q, n, share.clone());
        }
    }

    /// Edges from `from` to the lowest path tier resolving each of `needs`, one per
    /// entry tier, labelled `{verb} T2, T3`.
    fn fan_out(&mut self, from: usize, needs: &[TierId], verb: &str) {
        let s = self.s;
        for &entry in &s.escalation_path {
            let group: Vec<String> = needs
                .iter()
                .filter(|&&n| self.entry_for(n) == Some(entry))
                .map(|&n| text::tier(s, n))
                .collect();
            if !group.is_empty() {
                let t = self.tier(entry);
                self.edge(from, t, format!("{verb} {}", group.join(", ")));
            }
        }
    }

    /// The AI's prediction node, `accuracy …` (shared by every rule that routes to
    /// the predicted tier).
    fn predict_node(&mut self) -> usize {
        self.node(
            Shape::Ai,
            [
                "AI predicts the needed tier".to_string(),
                format!("accuracy {}", text::percent(self.s.ai.tier_accuracy)),
            ],
        )
    }

    /// The shared fan-out from a predicted need to the tier that takes it.
    fn fanout(&mut self) -> usize {
        if let Some(n) = self.fanout {
            return n;
        }
        let n = self.node(
            Shape::Step,
            ["Lowest tier on the path", "that resolves the prediction"],
        );
        self.fanout = Some(n);
        let all: Vec<TierId> = (0..self.s.tiers.len()).map(|i| TierId(i as u16)).collect();
        self.fan_out(n, &all, "predicts");
        n
    }

    /// `ai`: the AI predicts, a person reviews where `[ai.review]` says so, the ticket
    /// goes to the tier that resolves the prediction.
    fn ai(&mut self, from: usize, label: String) {
        let s = self.s;
        let p = self.predict_node();
        self.edge(from, p, label);
        let fanout = self.fanout();
        let Some(r) = &s.ai.review else {
            self.edge(p, fanout, "");
            return;
        };
        let mut when = Vec::new();
        if let Some(v) = r.severity_at_least {
            when.push(format!("severity ≥ {v}"));
        }
        if let Some(c) = r.below_confidence {
            when.push(format!("AI confidence < {}", text::number(c)));
        }
        if when.is_empty() {
            when.push("never (no criterion)".into());
        }
        let q = self.node(
            Shape::Decision,
            ["Review needed?".to_string(), when.join(" or ")],
        );
        self.edge(p, q, "");
        let gate = self.node(
            Shape::Review,
            [
                reviewer(s, r),
                format!(
                    "waits ≈ {} min, catches {} of wrong tiers",
                    text::number(r.delay_minutes.mean()),
                    text::percent(r.catch_rate)
                ),
            ],
        );
        self.edge(q, gate, "yes");
        self.edge(gate, fanout, "");
        self.edge(q, fanout, "no");
    }

    /// A human-review gate of an SOP rule.
    fn review_gate(&mut self) -> usize {
        let s = self.s;
        let lines = match &s.ai.review {
            Some(r) => vec![
                reviewer(s, r),
                format!("waits ≈ {} min", text::number(r.delay_minutes.mean())),
            ],
            None => vec!["Human review".to_string()],
        };
        self.node(Shape::Review, lines)
    }

    /// "One step up the escalation path", with an edge to every tier a step above a
    /// tier that escalates.
    fn next_on_path(&mut self) -> usize {
        if let Some(n) = self.next_on_path {
            return n;
        }
        let n = self.node(Shape::Step, ["One step up the escalation path"]);
        self.next_on_path = Some(n);
        let path = self.s.escalation_path.clone();
        for w in path.windows(2) {
            if !self.resolves_all(w[0]) {
                let up = self.tier(w[1]);
                self.edge(n, up, format!("from {}", text::tier(self.s, w[0])));
            }
        }
        n
    }

    /// Drawn tiers that cannot resolve every need and have no step up (the top of the
    /// path, tiers off it): a ticket they cannot resolve and no rule moves is closed
    /// there.
    fn without_step_up(&self) -> Vec<TierId> {
        let s = self.s;
        (0..s.tiers.len())
            .map(|t| TierId(t as u16))
            .filter(|t| self.tiers[t.index()].is_some() && !self.resolves_all(*t))
            .filter(|t| {
                let k = s.escalation_path.iter().position(|p| p == t);
                k.is_none_or(|k| k + 1 == s.escalation_path.len())
            })
            .collect()
    }

    /// SOP rules of decision point `point`, in order: a diamond per rule with its
    /// action on "yes" and the next rule on "no"; the last "no" takes the default.
    fn rules(&mut self, from: usize, label: String, sop: &Sop, point: DecisionPoint) {
        let (mut prev, mut label) = (from, label);
        for r in sop.rules.iter().filter(|r| r.on == point) {
            let d = self.node(
                Shape::Decision,
                [format!("{}:", r.name), text::conditions(self.s, &r.when)],
            );
            self.edge(prev, d, label);
            self.action(d, r, point);
            prev = d;
            label = "no".into();
        }
        match point {
            DecisionPoint::Arrival => self.enter_path(prev, label),
            DecisionPoint::Escalation => {
                let n = self.next_on_path();
                self.edge(prev, n, label);
            }
        }
    }

    /// What rule `r` does once its diamond `d` says yes: priority, review, route, and
    /// alerts beside them.
    fn action(&mut self, d: usize, r: &Rule, point: DecisionPoint) {
        let s = self.s;
        let a = &r.action;
        let (mut cur, mut label) = (d, "yes");
        if let Some(pc) = a.priority {
            let n = self.node(Shape::Step, [text::priority(pc)]);
            self.edge(cur, n, label);
            (cur, label) = (n, "");
        }
        if a.review {
            let n = self.review_gate();
            self.edge(cur, n, label);
            (cur, label) = (n, "");
        }
        let target = match a.route {
            Some(Route::Tier(t)) => self.tier(t),
            Some(Route::Predicted) => match self.predict {
                Some(p) => p,
                None => {
                    let p = self.predict_node();
                    let f = self.fanout();
                    self.edge(p, f, "");
                    self.predict = Some(p);
                    p
                }
            },
            None => match point {
                DecisionPoint::Arrival => match s.escalation_path.first() {
                    Some(&t) => self.tier(t),
                    None => return,
                },
                DecisionPoint::Escalation => self.next_on_path(),
            },
        };
        self.edge(cur, target, label);
        if !a.alert.is_empty() || a.alert_owner {
            let owner = a.alert_owner.then(|| match a.route {
                Some(Route::Tier(t)) => text::owner_of(s, t),
                _ => "owner of the tier routed to".to_string(),
            });
            let n = self.node(
                Shape::Alert,
                [format!("Alert: {}", text::alerted(s, &a.alert, owner))],
            );
            self.dotted(d, n, "alert");
        }
    }

    /// Without escalation rules: each tier that cannot resolve everything escalates
    /// one step up the path; one without a step up closes what it cannot resolve.
    fn climb(&mut self, resolved: usize) {
        let s = self.s;
        for w in s.escalation_path.windows(2) {
            if !self.resolves_all(w[0]) {
                let (a, b) = (self.tier(w[0]), self.tier(w[1]));
                self.edge(a, b, "cannot resolve: escalate");
            }
        }
        for t in self.without_step_up() {
            let n = self.tier(t);
            self.edge(n, resolved, "cannot resolve: closed here");
        }
    }

    /// With escalation rules: every drawn tier that cannot resolve everything enters
    /// the escalation rules; their default is one step up the path, and a tier without
    /// one closes the ticket.
    fn escalation_rules(&mut self, sop: &Sop, resolved: usize) {
        let s = self.s;
        let drawn: Vec<TierId> = (0..s.tiers.len())
            .map(|t| TierId(t as u16))
            .filter(|t| self.tiers[t.index()].is_some() && !self.resolves_all(*t))
            .collect();
        let entry = self.node(Shape::Step, ["Escalation: the tier cannot resolve it"]);
        for t in drawn {
            let n = self.tier(t);
            self.edge(n, entry, "cannot resolve");
        }
        self.rules(entry, String::new(), sop, DecisionPoint::Escalation);
        let closing: Vec<String> = self
            .without_step_up()
            .iter()
            .map(|&t| text::tier(s, t))
            .collect();
        if !closing.is_empty() {
            let up = self.next_on_path();
            self.edge(
                up,
                resolved,
                format!("from {}: no step up, closed there", closing.join(", ")),
            );
        }
    }

    /// Timed triggers: a watcher node per trigger hanging off the start, with its
    /// escalation, priority change and alerts.
    fn triggers(&mut self, start: usize, triggers: &[Trigger]) {
        let s = self.s;
        let hub = self.node(Shape::Step, ["While a ticket waits in a queue"]);
        self.dotted(start, hub, "timed triggers");
        for tr in triggers {
            let mut when = match tr.when {
                TriggerTime::SlaRemainingBelow(ms) => {
                    format!("SLA remaining < {}", text::duration(ms))
                }
                TriggerTime::WaitedOver(ms) => {
                    format!("waited ≥ {} in one queue", text::duration(ms))
                }
            };
            if !tr.also.is_empty() {
                when = format!("{when} and {}", text::conditions(s, &tr.also));
            }
            let mut lines = vec![format!("{}:", tr.name), when];
            lines.extend(tr.priority.map(text::priority));
            let n = self.node(Shape::Timer, lines);
            self.dotted(hub, n, "");
            if let Some(t) = tr.escalate_to {
                let to = self.tier(t);
                self.edge(n, to, "escalate to");
            }
            if !tr.alert.is_empty() || tr.alert_owner {
                let owner = tr
                    .alert_owner
                    .then(|| "owner of the current tier".to_string());
                let a = self.node(
                    Shape::Alert,
                    [format!("Alert: {}", text::alerted(s, &tr.alert, owner))],
                );
                self.dotted(n, a, "alert");
            }
        }
    }

    /// Customer status updates by the owning tier at each severity's interval.
    fn status_updates(&mut self, start: usize) {
        let s = self.s;
        let every: Vec<String> = crate::model::Severity::ALL
            .iter()
            .filter_map(|&v| {
                s.sla.by_severity[v.index()]
                    .update_interval_ms
                    .map(|ms| format!("{v} {}", text::duration(ms)))
            })
            .collect();
        let mut lines = vec!["Status update to the customer".to_string()];
        lines.push(if every.is_empty() {
            "no update interval set".to_string()
        } else {
            format!("by the owning tier every {}", every.join(" · "))
        });
        if s.feedback.followup_probability > 0.0 {
            lines.push(format!(
                "late update: follow-up contact ({})",
                text::percent(s.feedback.followup_probability)
            ));
        }
        let n = self.node(Shape::Alert, lines);
        self.dotted(start, n, "while open");
    }
}
