//! Flowcharts of every policy kind on a small scenario: what each shows (rules in
//! order with yes/no exits, AI and review gates, alerts, triggers, incident bypass,
//! status updates) and that awkward names stay inside their labels.

use super::{Format, Line, Shape, flowchart, render};
use crate::model::ai::Review;
use crate::model::sop::{
    Action, Cmp, Condition, DecisionPoint, Field, PriorityChange, Route, Rule, Sop, Trigger,
    TriggerTime,
};
use crate::model::time::MINUTE_MS;
use crate::model::{
    CategoryId, Discipline, Dist, Incident, PolicyKind, PolicySpec, RoleId, Scenario, SegmentId,
    Severity, TierId,
};

/// Three tiers on the path, two segments, one category needing every tier.
pub(crate) const BASE: &str = r#"
name = "lint-base"
[run]
start = 2026-01-05T00:00:00
horizon_days = 7
replications = 2
seed = 1
[tiers.T1]
role = "frontline agent"
owner = "support team lead"
agents = 4
handle_minutes = { dist = "exponential", mean = 8 }
[tiers.T2]
role = "senior agent"
owner = "support manager"
agents = 2
handle_minutes = { dist = "exponential", mean = 20 }
[tiers.T3]
role = "engineer"
owner = "engineering manager"
agents = 2
handle_minutes = { dist = "exponential", mean = 40 }
[escalation]
path = ["T1", "T2", "T3"]
[segments.enterprise]
share = 0.2
account_value = { dist = "constant", value = 50000 }
[segments.consumer]
share = 0.8
account_value = { dist = "constant", value = 100 }
[categories.general]
share = 1
needs = { T1 = 0.6, T2 = 0.3, T3 = 0.1 }
[severity]
critical = 0.05
high = 0.15
medium = 0.5
low = 0.3
[sla.critical]
first_response_minutes = 15
resolution_hours = 4
update_interval_minutes = 30
[sla.high]
first_response_minutes = 30
resolution_hours = 8
[sla.medium]
first_response_hours = 4
resolution_hours = 24
[sla.low]
first_response_hours = 8
resolution_hours = 48
[arrivals]
per_hour = 10
[policies.tiered]
kind = "tiered"
discipline = "fifo"
"#;

fn base() -> Scenario {
    match crate::scenario::from_str(BASE, "diagram.toml") {
        Ok(l) => l.scenario,
        Err(e) => panic!("test scenario invalid:\n{e}"),
    }
}

/// The base scenario with roles, an AI review, an incident detector and an SOP policy
/// using every feature.
pub(crate) fn rich() -> Scenario {
    let mut s = base();
    s.roles = [
        "support team lead",
        "support manager",
        "engineering manager",
        "regional \"ops\" manager",
    ]
    .map(String::from)
    .to_vec();
    s.keywords = vec!["outage".into(), "down".into()];
    s.ai.tier_accuracy = 0.85;
    s.ai.review = Some(Review {
        role: RoleId(1),
        severity_at_least: Some(Severity::Critical),
        below_confidence: Some(0.6),
        delay_minutes: Dist::Constant { value: 10.0 },
        work_minutes: 4.0,
        tier: None,
        catch_rate: 0.9,
    });
    s.incident = Some(Incident {
        categories: vec![CategoryId(0)],
        window_ms: 30 * MINUTE_MS,
        threshold: 20,
        clear_below: 5,
        bypass_to: TierId(2),
        alert: vec![RoleId(3)],
        notice_after_ms: 15 * MINUTE_MS,
        notice_suppression: 0.4,
        ack_ms: None,
    });
    s.feedback.max_reopens = 2;
    let rules = vec![
        Rule {
            name: "outage <b> & \"down\" #1".into(),
            on: DecisionPoint::Arrival,
            when: vec![
                Condition::KeywordsAny(0b11),
                Condition::Compare(Field::Sentiment, Cmp::Below, -0.3),
            ],
            action: Action {
                route: Some(Route::Tier(TierId(2))),
                priority: Some(PriorityChange::Set(1)),
                alert: vec![RoleId(2)],
                alert_owner: true,
                review: false,
            },
        },
        Rule {
            name: "confident AI for urgent tickets".into(),
            on: DecisionPoint::Arrival,
            when: vec![
                Condition::SeverityAtLeast(Severity::High),
                Condition::Compare(Field::AiConfidence, Cmp::AtLeast, 0.8),
            ],
            action: Action {
                route: Some(Route::Predicted),
                review: true,
                ..Action::default()
            },
        },
        Rule {
            name: "bounced twice to engineering".into(),
            on: DecisionPoint::Escalation,
            when: vec![Condition::Compare(Field::Bounces, Cmp::AtLeast, 2.0)],
            action: Action {
                route: Some(Route::Tier(TierId(2))),
                alert_owner: true,
                ..Action::default()
            },
        },
    ];
    let triggers = vec![Trigger {
        name: "enterprise SLA at risk".into(),
        when: TriggerTime::SlaRemainingBelow(30 * MINUTE_MS),
        also: vec![Condition::SegmentIn(vec![SegmentId(0)])],
        escalate_to: Some(TierId(1)),
        priority: Some(PriorityChange::Raise(1)),
        alert: vec![RoleId(1)],
        alert_owner: false,
    }];
    let mut p = PolicySpec::new(
        "sop-v2",
        PolicyKind::Sop(Box::new(Sop { rules, triggers })),
        Discipline::SlaRisk,
    );
    p.status_updates = true;
    p.incident_mode = true;
    s.policies.push(p);
    for (name, kind) in [
        ("ai", PolicyKind::Ai),
        ("oracle", PolicyKind::Oracle),
        ("random", PolicyKind::Random),
        ("recorded", PolicyKind::Recorded),
    ] {
        s.policies
            .push(PolicySpec::new(name, kind, Discipline::Fifo));
    }
    s
}

fn labels(c: &super::Flowchart) -> Vec<String> {
    c.nodes.iter().map(|n| n.lines.join(" / ")).collect()
}

fn edge(c: &super::Flowchart, from: &str, to: &str, label: &str) -> bool {
    let find = |prefix: &str| {
        c.nodes
            .iter()
            .position(|n| n.lines.join(" / ").starts_with(prefix))
    };
    match (find(from), find(to)) {
        (Some(a), Some(b)) => c
            .edges
            .iter()
            .any(|e| e.from == a && e.to == b && e.label == label),
        _ => false,
    }
}

#[test]
fn tiered_climbs_the_path_with_owners_and_slas() {
    let s = base();
    let c = flowchart(&s, &s.policies[0]);
    assert_eq!(c.title, "tiered — tiered policy, fifo queues");
    let l = labels(&c);
    assert_eq!(
        l[1],
        "T1 · frontline agent / owner: support team lead / SLA first response / resolution: / critical 15 min / 4 h · high 30 min / 8 h / medium 4 h / 24 h · low 8 h / 48 h"
    );
    assert!(edge(&c, "Ticket arrives", "T1", ""));
    assert!(edge(&c, "T1", "T2", "cannot resolve: escalate"));
    assert!(edge(&c, "T2", "T3", "cannot resolve: escalate"));
    assert!(edge(&c, "T3", "Resolved", "resolves"));
    // T3 resolves every need: nothing above it.
    assert_eq!(c.edges.len(), 6);
}

#[test]
fn sop_rules_are_diamonds_in_order_with_actions_gates_and_alerts() {
    let s = rich();
    let c = flowchart(&s, &s.policies[1]);
    let l = labels(&c);
    let has = |text: &str| l.iter().any(|x| x == text);
    // Incident mode first, then the rules in order.
    assert!(edge(
        &c,
        "Ticket arrives or reopens",
        "Incident mode on",
        ""
    ));
    assert!(edge(&c, "Incident mode on", "T3", "yes: bypass the queues"));
    assert!(edge(
        &c,
        "Spike detection",
        "Alert: regional \"ops\" manager",
        "on detection"
    ));
    assert!(has(
        "Proactive notice to customers after 15 min / suppresses 40 % of further general tickets"
    ));
    assert!(edge(&c, "Incident mode on", "outage <b>", "no"));
    assert!(has(
        "outage <b> & \"down\" #1: / AI detects \"outage\" or \"down\" and sentiment < -0.3"
    ));
    assert!(edge(&c, "outage <b>", "set priority 1", "yes"));
    assert!(edge(&c, "set priority 1", "T3", ""));
    assert!(edge(
        &c,
        "outage <b>",
        "Alert: engineering manager, owner of T3 (engineering manager)",
        "alert"
    ));
    assert!(edge(&c, "outage <b>", "confident AI", "no"));
    assert!(has(
        "confident AI for urgent tickets: / severity ≥ high and AI confidence ≥ 0.8"
    ));
    assert!(edge(
        &c,
        "confident AI",
        "Human review by support manager",
        "yes"
    ));
    assert!(edge(
        &c,
        "Human review by support manager",
        "AI predicts the needed tier",
        ""
    ));
    assert!(edge(
        &c,
        "AI predicts the needed tier",
        "Lowest tier on the path",
        ""
    ));
    assert!(edge(&c, "Lowest tier on the path", "T1", "predicts T1"));
    assert!(edge(&c, "Lowest tier on the path", "T3", "predicts T3"));
    assert!(edge(&c, "confident AI", "T1", "no"));
    // Escalation: every tier that cannot resolve enters the escalation rules.
    assert!(edge(
        &c,
        "T1",
        "Escalation: the tier cannot resolve it",
        "cannot resolve"
    ));
    assert!(edge(&c, "Escalation: the tier", "bounced twice", ""));
    assert!(edge(&c, "bounced twice", "T3", "yes"));
    assert!(edge(
        &c,
        "bounced twice",
        "One step up the escalation path",
        "no"
    ));
    assert!(edge(&c, "One step up", "T2", "from T1"));
    // Triggers, updates and reopens hang off the start.
    assert!(has(
        "enterprise SLA at risk: / SLA remaining < 30 min and segment enterprise / raise priority by 1"
    ));
    assert!(edge(&c, "enterprise SLA at risk", "T2", "escalate to"));
    assert!(edge(
        &c,
        "enterprise SLA at risk",
        "Alert: support manager",
        "alert"
    ));
    assert!(has(
        "Status update to the customer / by the owning tier every critical 30 min"
    ));
    assert!(edge(
        &c,
        "Resolved",
        "Ticket arrives or reopens",
        "reopens (at most 2 times)"
    ));
    let dotted = c.edges.iter().filter(|e| e.line == Line::Dotted).count();
    assert_eq!(dotted, 11);
    assert_eq!(
        c.nodes
            .iter()
            .filter(|n| n.shape == Shape::Decision)
            .count(),
        4
    );
}

#[test]
fn ai_oracle_random_and_recorded_get_simple_charts() {
    let s = rich();
    let by_name = |n: &str| {
        let p = s.policies.iter().find(|p| p.name == n);
        match p {
            Some(p) => flowchart(&s, p),
            None => panic!("no policy {n}"),
        }
    };
    let ai = by_name("ai");
    assert!(edge(
        &ai,
        "Ticket arrives",
        "AI predicts the needed tier / accuracy 85 %",
        ""
    ));
    assert!(edge(
        &ai,
        "AI predicts",
        "Review needed? / severity ≥ critical or AI confidence < 0.6",
        ""
    ));
    assert!(edge(
        &ai,
        "Review needed?",
        "Human review by support manager / waits ≈ 10 min, catches 90 % of wrong tiers",
        "yes"
    ));
    assert!(edge(&ai, "Review needed?", "Lowest tier on the path", "no"));
    // Without incident mode, no detector.
    assert!(labels(&ai).iter().all(|l| !l.starts_with("Spike")));
    let oracle = by_name("oracle");
    assert!(edge(&oracle, "Which tier does it need?", "T2", "needs T2"));
    let random = by_name("random");
    assert!(edge(&random, "Entry tier drawn at random", "T3", "1 in 3"));
    let recorded = by_name("recorded");
    assert!(edge(
        &recorded,
        "Recorded group path?",
        "Follow the recorded groups",
        "yes"
    ));
    assert!(edge(&recorded, "Recorded group path?", "T1", "no"));
}

#[test]
fn every_format_keeps_names_inside_their_labels() {
    let s = rich();
    let charts: Vec<_> = s.policies.iter().map(|p| flowchart(&s, p)).collect();
    let m = render(&charts, Format::Mermaid);
    assert!(m.contains("outage #60;b#62; #38; #34;down#34; #35;1:<br/>AI detects #34;outage#34; or #34;down#34;"), "{m}");
    assert!(m.contains("  subgraph p1[\"sop-v2 — sop policy, sla-risk queues\"]\n"));
    assert!(m.contains("p1n0 -.->|\"counts arrivals\"| p1n1"));
    // Every quote in the Mermaid source opens or closes a label.
    for line in m.lines() {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
    }
    let d = render(&charts, Format::Dot);
    assert!(d.contains(r#"label="outage <b> & \"down\" #1:\nAI detects \"outage\" or \"down\" and sentiment < -0.3"];"#), "{d}");
    assert!(d.contains("subgraph cluster_4 {"));
    assert!(d.contains("label=\"Alert: regional \\\"ops\\\" manager\"];"));
}

#[test]
fn tiers_without_a_step_up_close_what_they_cannot_resolve() {
    let text = BASE.replace(
        "[escalation]",
        "[tiers.Billing]\nowner = \"billing lead\"\nagents = 1\nresolves = [\"T1\"]\nhandle_minutes = { dist = \"exponential\", mean = 15 }\n[escalation]",
    );
    let mut s = match crate::scenario::from_str(&text, "diagram.toml") {
        Ok(l) => l.scenario,
        Err(e) => panic!("test scenario invalid:\n{e}"),
    };
    let to_billing = Rule {
        name: "enterprise to billing".into(),
        on: DecisionPoint::Arrival,
        when: vec![Condition::SegmentIn(vec![SegmentId(0)])],
        action: Action {
            route: Some(Route::Tier(TierId(3))),
            ..Action::default()
        },
    };
    let sop = |rules| {
        PolicySpec::new(
            "sop",
            PolicyKind::Sop(Box::new(Sop {
                rules,
                triggers: Vec::new(),
            })),
            Discipline::Fifo,
        )
    };
    // Arrival rules only: Billing (off the path) closes what it cannot resolve.
    let c = flowchart(&s, &sop(vec![to_billing.clone()]));
    assert!(edge(&c, "enterprise to billing", "Billing", "yes"));
    assert!(edge(
        &c,
        "Billing",
        "Resolved",
        "cannot resolve: closed here"
    ));
    assert!(edge(&c, "T1", "T2", "cannot resolve: escalate"));
    // With escalation rules, Billing enters them; their default has no step up for it.
    let back = Rule {
        name: "low severity back to the frontline".into(),
        on: DecisionPoint::Escalation,
        when: vec![Condition::SeverityIn(vec![Severity::Low])],
        action: Action {
            route: Some(Route::Tier(TierId(0))),
            ..Action::default()
        },
    };
    s.policies = vec![sop(vec![to_billing, back])];
    let c = flowchart(&s, &s.policies[0]);
    assert!(edge(
        &c,
        "Billing",
        "Escalation: the tier cannot resolve it",
        "cannot resolve"
    ));
    assert!(edge(&c, "low severity back", "T1", "yes"));
    assert!(edge(
        &c,
        "One step up the escalation path",
        "Resolved",
        "from Billing: no step up, closed there"
    ));
}
