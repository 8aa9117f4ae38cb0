//! The flowchart builder: creates each policy's nodes and edges (tiers and shared
//! nodes on first use) for [`super::flowchart`].

use super::{Edge, Flowchart, Line, Node, Shape, reviewer, text, title};
use crate::model::sop::{DecisionPoint, Route, Rule, Sop, Trigger, TriggerTime};
use crate::model::{Incident, PolicySpec, Scenario, TierId, TransferMatrix};

/// Builds one chart; tier and shared nodes are created on first use.
pub(super) struct Builder<'a> {
    pub(super) s: &'a Scenario,
    pub(super) chart: Flowchart,
    /// Node of each tier, once drawn.
    pub(super) tiers: Vec<Option<usize>>,
    /// "AI predicts the needed tier" (SOP `route = "predicted"`).
    pub(super) predict: Option<usize>,
    /// Fan-out from a predicted need to the lowest tier on the path resolving it.
    pub(super) fanout: Option<usize>,
    /// "One step up the escalation path".
    pub(super) next_on_path: Option<usize>,
    /// Needs some category has (tiers, by id).
    pub(super) needs: Vec<TierId>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(s: &'a Scenario, p: &PolicySpec) -> Builder<'a> {
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

    pub(super) fn node<S: Into<String>>(
        &mut self,
        shape: Shape,
        lines: impl IntoIterator<Item = S>,
    ) -> usize {
        self.chart.nodes.push(Node {
            shape,
            lines: lines.into_iter().map(Into::into).collect(),
        });
        self.chart.nodes.len() - 1
    }

    pub(super) fn edge(&mut self, from: usize, to: usize, label: impl Into<String>) {
        self.link(from, to, label.into(), Line::Solid);
    }

    pub(super) fn dotted(&mut self, from: usize, to: usize, label: impl Into<String>) {
        self.link(from, to, label.into(), Line::Dotted);
    }

    pub(super) fn link(&mut self, from: usize, to: usize, label: String, line: Line) {
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
    pub(super) fn tier(&mut self, t: TierId) -> usize {
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
    pub(super) fn resolves_all(&self, t: TierId) -> bool {
        let resolves = &self.s.tiers[t.index()].resolves;
        self.needs.iter().all(|n| resolves[n.index()])
    }

    /// The lowest tier on the path that resolves `need`.
    pub(super) fn entry_for(&self, need: TierId) -> Option<TierId> {
        self.s.lowest_resolving(need)
    }

    /// Tiers to draw: the path, then every tier a rule, trigger or the incident
    /// bypass sends tickets to.
    pub(super) fn drawn_tiers(&self, sop: Option<&Sop>) -> Vec<TierId> {
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
    pub(super) fn enter_path(&mut self, from: usize, label: String) {
        if let Some(&first) = self.s.escalation_path.first() {
            let t = self.tier(first);
            self.edge(from, t, label);
        }
    }

    /// Incident mode: the detector, its alerts and notice, and the bypass question.
    /// Returns the question node (its "no" exit continues the ordinary routing).
    pub(super) fn incident(&mut self, start: usize, inc: &Incident) -> usize {
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
    pub(super) fn recorded(&mut self, from: usize, label: String) {
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
    pub(super) fn oracle(&mut self, from: usize, label: String) {
        let q = self.node(
            Shape::Decision,
            ["Which tier does it need?", "(perfect information)"],
        );
        self.edge(from, q, label);
        let needs = self.needs.clone();
        self.fan_out(q, &needs, "needs");
    }

    /// `transfers`: entry shares, then every reachable tier's outcomes (resolve,
    /// transfer onward, send back) with their probabilities.
    pub(super) fn transfers(
        &mut self,
        from: usize,
        label: String,
        m: &TransferMatrix,
        resolved: usize,
    ) {
        let q = self.node(Shape::Decision, ["Entry tier drawn", "(entry shares)"]);
        self.edge(from, q, label);
        let reachable = m.reachable();
        for (t, &p) in m.entry.iter().enumerate() {
            if p > 0.0 {
                let n = self.tier(TierId(t as u16));
                self.edge(q, n, text::percent(p));
            }
        }
        let position = |t: usize| self.s.escalation_path.iter().position(|p| p.index() == t);
        for (i, row) in m.next.iter().enumerate() {
            if !reachable[i] {
                continue;
            }
            let a = self.tier(TierId(i as u16));
            if m.resolve[i] > 0.0 {
                self.edge(
                    a,
                    resolved,
                    format!("resolves {}", text::percent(m.resolve[i])),
                );
            }
            for (j, &p) in row.iter().enumerate() {
                if p > 0.0 {
                    let verb = match (position(i), position(j)) {
                        _ if i == j => "another group",
                        (Some(x), Some(y)) if y < x => "sends back",
                        _ => "transfers",
                    };
                    let b = self.tier(TierId(j as u16));
                    self.edge(a, b, format!("{verb} {}", text::percent(p)));
                }
            }
        }
    }

    /// `random`: a uniform entry tier on the path.
    pub(super) fn random(&mut self, from: usize, label: String) {
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
    pub(super) fn fan_out(&mut self, from: usize, needs: &[TierId], verb: &str) {
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
    pub(super) fn predict_node(&mut self) -> usize {
        self.node(
            Shape::Ai,
            [
                "AI predicts the needed tier".to_string(),
                format!("accuracy {}", text::percent(self.s.ai.tier_accuracy)),
            ],
        )
    }

    /// The shared fan-out from a predicted need to the tier that takes it.
    pub(super) fn fanout(&mut self) -> usize {
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
    pub(super) fn ai(&mut self, from: usize, label: String) {
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
    pub(super) fn review_gate(&mut self) -> usize {
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
    pub(super) fn next_on_path(&mut self) -> usize {
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
    pub(super) fn without_step_up(&self) -> Vec<TierId> {
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
    pub(super) fn rules(&mut self, from: usize, label: String, sop: &Sop, point: DecisionPoint) {
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
    pub(super) fn action(&mut self, d: usize, r: &Rule, point: DecisionPoint) {
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
    pub(super) fn climb(&mut self, resolved: usize) {
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
    pub(super) fn escalation_rules(&mut self, sop: &Sop, resolved: usize) {
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
    pub(super) fn triggers(&mut self, start: usize, triggers: &[Trigger]) {
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
    pub(super) fn status_updates(&mut self, start: usize) {
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
