//! End-to-end tests of the escalation sections: a full `sop` policy with `[ai]`,
//! `[feedback]` and `[incident]` parsed to exact model values, defaults when the
//! sections are absent, each kind of bad input with its path and fix, and the
//! shadowed-rule warning. Scenarios are only validated here, never run.

use super::*;
use crate::model::sop::{
    Action, Cmp, Condition, DecisionPoint, Field, PriorityChange, Route, Rule, Trigger, TriggerTime,
};
use crate::model::time::{HOUR_MS, MINUTE_MS};
use crate::model::{CategoryId, Dist, PolicyKind, RoleId, SegmentId, Severity, TierId};

/// Three tiers (T2 without an owner), two segments, three categories with keywords
/// (`down` is shared), SLA update intervals. Tests append sections to it.
const BASE: &str = r#"
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
const FULL: &str = r#"
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

fn with(extra: &str) -> String {
    format!("{BASE}{extra}")
}

fn ok(text: &str) -> Loaded {
    match from_str(text, "esc.toml") {
        Ok(l) => l,
        Err(e) => panic!("expected a valid scenario, got:\n{e}"),
    }
}

fn errors(text: &str) -> Vec<Problem> {
    match from_str(text, "esc.toml") {
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("expected validation problems, got:\n{e}"),
        Ok(l) => panic!("expected errors, got a scenario with {:#?}", l.warnings),
    }
}

fn at<'a>(list: &'a [Problem], path: &str) -> &'a Problem {
    match list.iter().find(|p| p.path == path) {
        Some(p) => p,
        None => panic!(
            "no problem at {path}; got {:#?}",
            list.iter().map(|p| &p.path).collect::<Vec<_>>()
        ),
    }
}

/// `FULL` with the first line equal to `old` replaced by `new`.
fn full_edit(old: &str, new: &str) -> String {
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
    assert_eq!(sop.discipline, crate::model::Discipline::SlaRisk);
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
    assert_eq!(ai_policy.discipline, crate::model::Discipline::AiScore);
    assert_eq!(ai_policy.risk_scale_ms, crate::model::DEFAULT_RISK_SCALE_MS);
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
    let d = crate::model::AiModel::default();
    assert_eq!(
        (s.ai.tier_accuracy, s.ai.keyword_recall),
        (d.tier_accuracy, d.keyword_recall)
    );
    assert_eq!(s.ai.weights, crate::model::ScoreWeights::default());
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

#[test]
fn unknown_condition_key_names_the_path_the_known_keys_and_the_closest() {
    let list = errors(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"a\"\nwhen = { severity = [\"high\"] }\npriority = 1\n\
         [[policies.sop.rules]]\nname = \"b\"\nwhen = { segment = [\"enterprise\"] }\npriority = 2\n\
         [[policies.sop.rules]]\nname = \"c\"\nwhen = { sentiment_blow = -0.3 }\npriority = 1\n",
    ));
    let p = at(&list, "policies.sop.rules[2].when.sentiment_blow");
    assert!(
        p.message.starts_with(
            "unknown condition `sentiment_blow` (known: `severity`, `severity_at_least`, `segment`"
        ) && p
            .message
            .contains("`<field>_min` (>=) or `<field>_below` (<)")
            && p.message.contains("`sla_remaining_minutes`"),
        "{}",
        p.message
    );
    assert_eq!(p.fix, "did you mean `sentiment_below`?");
    assert_eq!(list.len(), 1, "{list:#?}");
}

#[test]
fn unknown_tiers_in_actions_are_errors_with_suggestions() {
    let text = full_edit("route = \"T3\"", "route = \"T4\"")
        .replacen("escalate_to = \"T2\"", "escalate_to = \"t2\"", 1)
        .replacen("bypass_to = \"T3\"", "bypass_to = \"Engineering\"", 1)
        .replacen("route = \"predicted\"", "route = \"predicte\"", 1);
    let list = errors(&text);
    let route = at(&list, "policies.sop.rules[0].route");
    assert_eq!(
        route.message,
        "unknown tier `T4` (known: `T1`, `T2`, `T3`, or \"predicted\" for the AI's predicted tier)"
    );
    assert_eq!(route.fix, "use one of `T1`, `T2`, `T3`, `predicted`");
    assert_eq!(
        at(&list, "policies.sop.rules[1].route").fix,
        "did you mean `predicted`?"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0].escalate_to").fix,
        "did you mean `T2`?"
    );
    let bypass = at(&list, "incident.bypass_to");
    assert_eq!(
        bypass.message,
        "unknown tier `Engineering` (known: `T1`, `T2`, `T3`)"
    );
    assert_eq!(list.len(), 4, "{list:#?}");
}

#[test]
fn unknown_keywords_are_errors_naming_the_vocabulary() {
    let text = full_edit(
        "keywords_any = [\"outage\", \"down\"]",
        "keywords_any = [\"outage\", \"dwn\"]",
    )
    .replacen(
        "risk_keywords = [\"outage\", \"500\"]",
        "risk_keywords = [\"fraud\"]",
        1,
    );
    let list = errors(&text);
    let k = at(&list, "policies.sop.rules[0].when.keywords_any[1]");
    assert!(
        k.message
            .starts_with("unknown keyword `dwn` (known: `refund`"),
        "{}",
        k.message
    );
    assert_eq!(k.fix, "did you mean `down`?");
    let r = at(&list, "ai.weights.risk_keywords[0]");
    assert!(
        r.fix.contains("keywords = [\"fraud\"] in a category"),
        "{}",
        r.fix
    );
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn priority_and_raise_priority_together_are_refused() {
    let list = errors(&full_edit(
        "priority = 1\n",
        "priority = 1\nraise_priority = 1\n",
    ));
    let p = at(&list, "policies.sop.rules[0]");
    assert_eq!(
        p.message,
        "give `priority` (set the level) or `raise_priority` (raise by levels), not both"
    );
    let list = errors(&full_edit("priority = 1\n", "priority = 6\n"));
    assert_eq!(
        at(&list, "policies.sop.rules[0].priority").message,
        "must be a whole number from 1 to 5, got 6"
    );
    let list = errors(&full_edit("raise_priority = 2", "raise_priority = 0"));
    assert!(
        at(&list, "policies.sop.rules[1].raise_priority")
            .message
            .contains("from 1 to 4")
    );
}

#[test]
fn triggers_need_exactly_one_time() {
    let both = full_edit(
        "waited_over_minutes = 60",
        "waited_over_minutes = 60\nsla_remaining_below_minutes = 10",
    );
    let list = errors(&both);
    assert_eq!(
        at(&list, "policies.sop.triggers[1]").message,
        "give `sla_remaining_below_minutes` or `waited_over_minutes`, not both"
    );
    let neither = full_edit("waited_over_minutes = 60\n", "");
    let list = errors(&neither);
    let p = at(
        &list,
        "policies.sop.triggers[1].sla_remaining_below_minutes",
    );
    assert!(
        p.message.starts_with("missing when the trigger fires"),
        "{}",
        p.message
    );
    let negative = full_edit("waited_over_minutes = 60", "waited_over_minutes = -5");
    assert!(
        errors(&negative)
            .iter()
            .any(|p| p.path == "policies.sop.triggers[1].waited_over_minutes")
    );
}

#[test]
fn rules_and_triggers_only_on_sop_policies() {
    let list = errors(&with(
        "[policies.fifo]\nkind = \"tiered\"\n\
         [[policies.fifo.rules]]\nname = \"a\"\nroute = \"T2\"\n\
         [[policies.fifo.triggers]]\nname = \"b\"\nwaited_over_minutes = 5\nalert_owner = true\n",
    ));
    let p = at(&list, "policies.fifo.rules");
    assert_eq!(
        p.message,
        "rules are only used by kind = \"sop\" policies, but this policy's kind is `tiered`"
    );
    assert_eq!(p.fix, "set kind = \"sop\", or remove the rules");
    at(&list, "policies.fifo.triggers");
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn rules_must_do_something_with_unique_names_and_configured_review() {
    let text = with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"same\"\nwhen = { category = [\"billing\"] }\nreview = true\n\
         [[policies.sop.rules]]\nname = \"idle\"\nalert = []\nalert_owner = false\n\
         [[policies.sop.triggers]]\nname = \"same\"\nwaited_over_minutes = 5\n",
    );
    let list = errors(&text);
    assert!(
        at(&list, "policies.sop.rules[0].review")
            .message
            .contains("no [ai.review]")
    );
    assert_eq!(
        at(&list, "policies.sop.rules[1]").message,
        "rule `idle` does nothing"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0]").message,
        "trigger `same` does nothing"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0].name").message,
        "name `same` is already used by rules[0]"
    );
    assert_eq!(list.len(), 4, "{list:#?}");
}

#[test]
fn a_rule_after_an_unconditional_rule_warns() {
    let l = ok(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"everyone\"\npriority = 3\n\
         [[policies.sop.rules]]\nname = \"escalations\"\non = \"escalation\"\nroute = \"T3\"\n\
         [[policies.sop.rules]]\nname = \"vip\"\nwhen = { segment = [\"enterprise\"] }\npriority = 1\n",
    ));
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    let w = &l.warnings[0];
    assert_eq!(w.level, Level::Warning);
    assert_eq!(w.path, "policies.sop.rules[2]");
    assert_eq!(
        w.message,
        "rule `vip` can never fire: the earlier rule `everyone` (rules[0]) at the same decision point (arrival) has no conditions, so it matches every ticket, and the first matching rule fires"
    );
    assert_eq!(
        w.fix,
        "move `vip` above `everyone`, narrow the conditions of `everyone`, or remove `vip`"
    );
}

#[test]
fn rules_with_identical_or_looser_earlier_conditions_warn() {
    let l = ok(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"angry\"\nwhen = { sentiment_below = -0.5, severity = [\"high\"] }\npriority = 1\n\
         [[policies.sop.rules]]\nname = \"angry again\"\nwhen = { severity = [\"high\"], sentiment_below = -0.5 }\nroute = \"T2\"\n\
         [[policies.sop.rules]]\nname = \"furious\"\nwhen = { sentiment_below = -0.8, severity_at_least = \"high\", reopens_min = 1 }\nroute = \"T3\"\n",
    ));
    let found: Vec<(&str, &str)> = l
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "policies.sop.rules[1]");
    assert!(
        found[0]
            .1
            .contains("`angry again` can never fire: the earlier rule `angry` (rules[0])")
            && found[0].1.contains("has the same conditions"),
        "{}",
        found[0].1
    );
    // `furious` allows critical tickets, which `angry` (severity high only) does not
    // match, so it is not shadowed.
}

#[test]
fn feedback_incident_and_ai_values_are_checked() {
    let text = full_edit("tier_accuracy = 0.8", "tier_accuracy = 0")
        .replacen("below_confidence = 0.6\n", "", 1)
        .replacen("outage = 0.1", "outtage = 0.1, howto = 1.5", 1)
        .replacen("threshold = 10", "threshold = 10\nclear_below = 11", 1)
        .replacen(
            "[ai.weights]\n",
            "[ai.weights]\naccount_value_scale = 0\n",
            1,
        );
    let list = errors(&text);
    assert!(
        at(&list, "ai.tier_accuracy")
            .message
            .contains("greater than 0")
    );
    assert!(
        at(&list, "ai.review")
            .message
            .starts_with("no decision is ever reviewed")
    );
    assert_eq!(
        at(&list, "feedback.reopen_probability.outtage").fix,
        "did you mean `outage`?"
    );
    at(&list, "feedback.reopen_probability.howto");
    assert_eq!(
        at(&list, "incident.clear_below").message,
        "must be at most the threshold (10), got 11"
    );
    at(&list, "ai.weights.account_value_scale");
    assert_eq!(list.len(), 6, "{list:#?}");

    let no_incident = with(&FULL[..FULL.find("[incident]").unwrap_or(FULL.len())]);
    let list = errors(&no_incident);
    assert!(
        at(&list, "policies.sop.incident_mode")
            .message
            .contains("no [incident]")
    );
}

#[test]
fn loops_without_effect_warn() {
    let text = with(
        &FULL
            .replacen("incident_mode = true\n", "", 1)
            .replacen(
                "discipline = \"ai-score\"",
                "discipline = \"fifo\"\nrisk_scale_minutes = 30\nstatus_updates = true",
                1,
            )
            .replacen("[feedback]", "[feedback]\nmax_reopens = 0", 1),
    );
    let l = ok(&text);
    let paths: Vec<&str> = l.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "feedback.max_reopens",
            "policies.assist.risk_scale_minutes",
            "incident",
        ]
    );
}

#[test]
fn keyword_and_role_limits_are_enforced() {
    let many: Vec<String> = (0..65).map(|i| format!("\"k{i}\"")).collect();
    let text = with("").replacen(
        "keywords = [\"refund\", \"invoice\"]",
        &format!("keywords = [{}]", many.join(", ")),
        1,
    );
    let list = errors(&text);
    let p = at(&list, "categories.billing.keywords[64]");
    assert!(p.message.contains("at most 64"), "{}", p.message);

    let roles: Vec<String> = (0..70).map(|i| format!("\"r{i}\"")).collect();
    let text = with(&format!(
        "[policies.sop]\nkind = \"sop\"\n[[policies.sop.rules]]\nname = \"a\"\nalert = [{}]\n",
        roles.join(", ")
    ));
    let list = errors(&text);
    // Three tier owners, so the 62nd alerted role is the 65th role.
    let p = at(&list, "policies.sop.rules[0].alert[61]");
    assert!(
        p.message.contains("at most 64 distinct roles"),
        "{}",
        p.message
    );
}

#[test]
fn every_shipped_scenario_still_validates() {
    for (name, text) in [
        (
            "support-basic",
            include_str!("../../scenarios/support-basic.toml"),
        ),
        (
            "bench-3tier",
            include_str!("../../scenarios/bench-3tier.toml"),
        ),
        (
            "peak-4tier",
            include_str!("../../scenarios/peak-4tier.toml"),
        ),
        (
            "uci-servicenow",
            include_str!("../../scenarios/uci-servicenow.toml"),
        ),
    ] {
        let l = ok(text);
        assert!(l.warnings.is_empty(), "{name}: {:#?}", l.warnings);
        let s = &l.scenario;
        assert!(
            !s.roles.is_empty() && s.roles.len() <= crate::model::MAX_ROLES,
            "{name}"
        );
        for t in &s.tiers {
            assert!(
                t.owner == s.roles[t.owner_role.index()] || t.owner.is_empty(),
                "{name}"
            );
        }
        for c in &s.categories {
            assert_eq!(c.keyword_mask.count_ones() as usize, {
                let mut k = c.keywords.clone();
                k.sort();
                k.dedup();
                k.len()
            });
        }
        assert_eq!(
            s.feedback.reopen_probability.len(),
            s.categories.len(),
            "{name}"
        );
        assert!(s.incident.is_none(), "{name}");
    }
}

#[test]
fn documented_examples_validate_together() {
    let doc = include_str!("../../docs/sop.md");
    let blocks: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(blocks.len() >= 8, "found {} toml blocks", blocks.len());
    let l = ok(&with(&blocks.concat()));
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    let s = l.scenario;
    assert!(
        matches!(&s.policies[0].kind, PolicyKind::Sop(sop) if sop.rules.len() == 1 && sop.triggers.len() == 1)
    );
    assert!(s.ai.review.is_some() && s.incident.is_some());
    assert_eq!(s.ai.weights.keywords, 0.3);
    assert_eq!(s.feedback.reopen_probability, [0.08, 0.03, 0.03]);
}

#[test]
fn never_panics_on_edited_escalation_sections() {
    let text = with(FULL);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len() - FULL.lines().count();
    for skip in start..lines.len() {
        let edited: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| *l)
            .collect();
        let _ = from_str(&edited.join("\n"), "x");
    }
    for cut in (BASE.len()..text.len()).step_by(5) {
        if let Some(prefix) = text.get(..cut) {
            let _ = from_str(prefix, "x");
        }
    }
    for (old, new) in [
        ("sentiment_below = -0.3", "sentiment_below = nan"),
        ("reopens_min = 2", "reopens_min = 1.5"),
        ("priority = 1\n", "priority = -9223372036854775808\n"),
        ("waited_over_minutes = 60", "waited_over_minutes = inf"),
        ("threshold = 10", "threshold = 9223372036854775807"),
        ("window_minutes = 30", "window_minutes = 1e300"),
        (
            "when = { segment = [\"enterprise\"] }",
            "when = { segment = [1, [2]] }",
        ),
    ] {
        assert!(
            from_str(&full_edit(old, new), "x").is_err(),
            "{new} accepted"
        );
    }
}
