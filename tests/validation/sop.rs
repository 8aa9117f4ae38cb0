//! End-to-end tests of the escalation sections: a full `sop` policy with `[ai]`,
//! `[feedback]` and `[incident]` parsed to exact model values, and defaults when the
//! sections are absent; the scenario fixtures shared with `tests_sop_errors`.
//! Scenarios are only validated here, never run.

use escalsim::model::sop::{
    Action, Cmp, Condition, DecisionPoint, Field, PriorityChange, Route, Rule, Trigger, TriggerTime,
};
use escalsim::model::time::{HOUR_MS, MINUTE_MS};
use escalsim::model::{CategoryId, Dist, PolicyKind, RoleId, SegmentId, Severity, TierId};
use escalsim::scenario::*;

/// Three tiers (T2 without an owner), two segments, three categories with keywords
/// (`down` is shared), SLA update intervals. Tests append sections to it.
pub(super) const BASE: &str = r#"
name = "esc"
[run]
start = 2026-01-05T00:00:00
horizon_days = 7
replications = 1
seed = 1
[tiers.T1]
owner = "support team lead"
agents = 3
handle_minutes = { dist = "exponential", mean = 5 }
[tiers.T2]
agents = 2
handle_minutes = { dist = "exponential", mean = 15 }
[tiers.T3]
owner = "engineering manager"
agents = 1
handle_minutes = { dist = "exponential", mean = 40 }
[segments.enterprise]
share = 0.2
[segments.consumer]
share = 0.8
[categories.billing]
share = 0.5
needs = { T1 = 0.8, T2 = 0.2 }
keywords = ["refund", "invoice"]
order_value = { dist = "lognormal", mean = 120, cv = 1.0 }
[categories.outage]
share = 0.2
needs = { T3 = 1 }
keywords = ["outage", "down", "500"]
[categories.howto]
share = 0.3
needs = { T1 = 1 }
keywords = ["how do i", "down", "refund"]
[severity]
high = 0.2
medium = 0.8
[sla.critical]
first_response_minutes = 15
resolution_hours = 4
update_interval_minutes = 30
[sla.high]
first_response_minutes = 30
resolution_hours = 8
update_interval_hours = 2
[sla.medium]
first_response_hours = 2
resolution_hours = 24
[sla.low]
first_response_hours = 4
resolution_hours = 48
[arrivals]
per_hour = 10
"#;

/// A complete, valid escalation setup.
pub(super) const FULL: &str = r#"
[policies.sop]
kind = "sop"
discipline = "sla-risk"
risk_scale_minutes = 90
status_updates = true
incident_mode = true

[[policies.sop.rules]]
name = "outage straight to engineering"
when = { keywords_any = ["outage", "down"], sentiment_below = -0.3 }
route = "T3"
priority = 1
alert = ["engineering manager", "head of support"]
alert_owner = true

[[policies.sop.rules]]
name = "repeat reopens"
on = "escalation"
when = { reopens_min = 2, segment = ["enterprise"], severity_at_least = "high" }
route = "predicted"
raise_priority = 2
review = true

[[policies.sop.triggers]]
name = "enterprise SLA at risk"
sla_remaining_below_minutes = 30
when = { segment = ["enterprise"] }
escalate_to = "T2"
raise_priority = 1
alert = ["support manager"]

[[policies.sop.triggers]]
name = "long wait"
waited_over_minutes = 60
alert_owner = true

[policies.assist]
kind = "ai"
discipline = "ai-score"

[ai]
tier_accuracy = 0.8
sentiment_noise_sd = 0.2
keyword_recall = 0.9
[ai.weights]
severity = 0.5
keywords = 0.3
risk_keywords = ["outage", "500"]
[ai.review]
role = "support manager"
below_confidence = 0.6
delay_minutes = { dist = "constant", value = 10 }
work_minutes = 2
catch_rate = 0.7

[feedback]
followup_probability = 0.3
reopen_probability = { default = 0.05, outage = 0.1 }

[incident]
categories = ["outage"]
window_minutes = 30
threshold = 10
bypass_to = "T3"
alert = ["head of support", "incident commander"]
notice_after_minutes = 15
notice_suppression = 0.4
"#;

pub(super) fn with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

pub(super) fn ok(text: &str) -> Loaded {
    match from_str(text, "esc.toml") {
        Ok(l) => l,
        Err(e) => panic!("expected a valid scenario, got:\n{e}"),
    }
}

pub(super) fn errors(text: &str) -> Vec<Problem> {
    match from_str(text, "esc.toml") {
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("expected validation problems, got:\n{e}"),
        Ok(l) => panic!("expected errors, got a scenario with {:#?}", l.warnings),
    }
}

pub(super) fn at<'a>(list: &'a [Problem], path: &str) -> &'a Problem {
    match list.iter().find(|p| p.path == path) {
        Some(p) => p,
        None => panic!(
            "no problem at {path}; got {:#?}",
            list.iter().map(|p| &p.path).collect::<Vec<_>>()
        ),
    }
}

/// `FULL` with the first line equal to `old` replaced by `new`.
pub(super) fn full_edit(old: &str, new: &str) -> String {
    assert!(FULL.contains(old), "FULL has no {old:?}");
    with(&FULL.replacen(old, new, 1))
}

#[test]
fn full_sop_policy_parses_to_the_model() {
    let l = ok(&with(FULL));
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    let s = l.scenario;
    assert_eq!(
        s.roles,
        [
            "support team lead",
            "T2 owner",
            "engineering manager",
            "head of support",
            "support manager",
            "incident commander",
        ]
    );
    let owners: Vec<RoleId> = s.tiers.iter().map(|t| t.owner_role).collect();
    assert_eq!(owners, [RoleId(0), RoleId(1), RoleId(2)]);
    assert_eq!(
        s.keywords,
        ["refund", "invoice", "outage", "down", "500", "how do i"]
    );
    let masks: Vec<u64> = s.categories.iter().map(|c| c.keyword_mask).collect();
    assert_eq!(masks, [0b00_0011, 0b01_1100, 0b10_1001]);
    assert!(matches!(
        s.categories[0].order_value,
        Some(Dist::LogNormal { .. })
    ));
    assert!(s.categories[1].order_value.is_none());

    let sop = &s.policies[0];
    assert_eq!(sop.discipline, escalsim::model::Discipline::SlaRisk);
    assert_eq!(sop.risk_scale_ms, 90 * MINUTE_MS);
    assert!(sop.status_updates && sop.incident_mode);
    let PolicyKind::Sop(model) = &sop.kind else {
        panic!("expected a sop policy, got {:?}", sop.kind);
    };
    assert_eq!(
        model.rules,
        [
            Rule {
                name: "outage straight to engineering".into(),
                on: DecisionPoint::Arrival,
                when: vec![
                    Condition::KeywordsAny(0b1100),
                    Condition::Compare(Field::Sentiment, Cmp::Below, -0.3),
                ],
                action: Action {
                    route: Some(Route::Tier(TierId(2))),
                    priority: Some(PriorityChange::Set(1)),
                    alert: vec![RoleId(2), RoleId(3)],
                    alert_owner: true,
                    review: false,
                },
            },
            Rule {
                name: "repeat reopens".into(),
                on: DecisionPoint::Escalation,
                when: vec![
                    Condition::Compare(Field::Reopens, Cmp::AtLeast, 2.0),
                    Condition::SegmentIn(vec![SegmentId(0)]),
                    Condition::SeverityAtLeast(Severity::High),
                ],
                action: Action {
                    route: Some(Route::Predicted),
                    priority: Some(PriorityChange::Raise(2)),
                    alert: vec![],
                    alert_owner: false,
                    review: true,
                },
            },
        ]
    );
    assert_eq!(
        model.triggers,
        [
            Trigger {
                name: "enterprise SLA at risk".into(),
                when: TriggerTime::SlaRemainingBelow(30 * MINUTE_MS),
                also: vec![Condition::SegmentIn(vec![SegmentId(0)])],
                escalate_to: Some(TierId(1)),
                priority: Some(PriorityChange::Raise(1)),
                alert: vec![RoleId(4)],
                alert_owner: false,
            },
            Trigger {
                name: "long wait".into(),
                when: TriggerTime::WaitedOver(HOUR_MS),
                also: vec![],
                escalate_to: None,
                priority: None,
                alert: vec![],
                alert_owner: true,
            },
        ]
    );
    let ai_policy = &s.policies[1];
    assert_eq!(ai_policy.kind, PolicyKind::Ai);
    assert_eq!(ai_policy.discipline, escalsim::model::Discipline::AiScore);
    assert_eq!(
        ai_policy.risk_scale_ms,
        escalsim::model::DEFAULT_RISK_SCALE_MS
    );
    assert!(!ai_policy.status_updates && !ai_policy.incident_mode);

    let ai = &s.ai;
    assert_eq!(
        (
            ai.tier_accuracy,
            ai.sentiment_noise_sd,
            ai.keyword_recall,
            ai.keyword_precision
        ),
        (0.8, 0.2, 0.9, 1.0)
    );
    let w = &ai.weights;
    // Given weights replace the defaults; the others keep theirs.
    assert_eq!(
        (w.severity, w.keywords, w.risk_keywords),
        (0.5, 0.3, 0b1_0100)
    );
    assert_eq!((w.account_value, w.sentiment, w.sla_risk), (0.2, 0.2, 0.2));
    let review = ai.review.as_ref().map(|r| {
        (
            r.role,
            r.severity_at_least,
            r.below_confidence,
            r.work_minutes,
            r.catch_rate,
        )
    });
    assert_eq!(review, Some((RoleId(4), None, Some(0.6), 2.0, 0.7)));

    let f = &s.feedback;
    assert_eq!(f.reopen_probability, [0.05, 0.1, 0.05]);
    assert_eq!(
        (f.followup_probability, f.update_minutes, f.followup_minutes),
        (0.3, 3.0, 5.0)
    );
    assert_eq!((f.misroute_reopen_factor, f.max_reopens), (2.0, 2));
    assert!(matches!(f.reopen_after_hours, Dist::Exponential { mean, .. } if mean == 24.0));

    let i = s.incident.as_ref().map(|i| {
        (
            i.categories.clone(),
            i.window_ms,
            i.threshold,
            i.clear_below,
            i.bypass_to,
            i.alert.clone(),
            i.notice_after_ms,
            i.notice_suppression,
        )
    });
    assert_eq!(
        i,
        Some((
            vec![CategoryId(1)],
            30 * MINUTE_MS,
            10,
            5,
            TierId(2),
            vec![RoleId(3), RoleId(5)],
            15 * MINUTE_MS,
            0.4
        ))
    );
}

#[test]
fn absent_sections_take_the_defaults() {
    let s = ok(BASE).scenario;
    assert_eq!(
        s.roles,
        ["support team lead", "T2 owner", "engineering manager"]
    );
    assert_eq!(s.keywords.len(), 6);
    let d = escalsim::model::AiModel::default();
    assert_eq!(
        (s.ai.tier_accuracy, s.ai.keyword_recall),
        (d.tier_accuracy, d.keyword_recall)
    );
    assert_eq!(s.ai.weights, escalsim::model::ScoreWeights::default());
    assert!(s.ai.review.is_none());
    assert_eq!(s.feedback.reopen_probability, [0.0; 3]);
    assert_eq!(
        (s.feedback.max_reopens, s.feedback.followup_probability),
        (0, 0.0)
    );
    assert!(s.incident.is_none());
    assert_eq!(s.policies.len(), 1);
    assert!(!s.policies[0].status_updates && !s.policies[0].incident_mode);
}
