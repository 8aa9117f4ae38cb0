//! Unit tests of the lints: a small scenario from TOML, changed by hand per lint (SOP
//! rules are given as model values), each lint firing on its defect and silent
//! without it.

use super::{Code, Options, lint};
use crate::diagram::tests::BASE;
use crate::model::ai::Review;
use crate::model::sop::{Action, Cmp, Condition, DecisionPoint, Field, Route, Rule, Sop};
use crate::model::{
    CategoryId, Discipline, Dist, PolicyKind, PolicySpec, RoleId, Scenario, SegmentId, Severity,
    TierId,
};

fn scenario(text: &str) -> Scenario {
    match crate::scenario::from_str(text, "lint.toml") {
        Ok(l) => l.scenario,
        Err(e) => panic!("test scenario invalid:\n{e}"),
    }
}

fn base() -> Scenario {
    scenario(BASE)
}

fn codes(s: &Scenario) -> Vec<(Code, String)> {
    lint(s, &Options::default())
        .into_iter()
        .filter_map(|f| Some((Code::from_code(f.code?)?, f.path)))
        .collect()
}

fn only(s: &Scenario, code: Code) -> Vec<String> {
    lint(s, &Options::default())
        .into_iter()
        .filter(|f| f.code == Some(code.code()))
        .map(|f| f.path)
        .collect()
}

fn rule(name: &str, on: DecisionPoint, when: Vec<Condition>, route: Option<Route>) -> Rule {
    Rule {
        name: name.into(),
        on,
        when,
        action: Action {
            route,
            ..Action::default()
        },
    }
}

fn with_sop(s: &mut Scenario, rules: Vec<Rule>) {
    s.policies.push(PolicySpec::new(
        "sop",
        PolicyKind::Sop(Box::new(Sop {
            rules,
            triggers: Vec::new(),
        })),
        Discipline::Fifo,
    ));
}

#[test]
fn the_base_scenario_is_clean() {
    assert_eq!(codes(&base()), []);
}

#[test]
fn codes_are_stable_and_documented() {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(
        codes,
        [
            "SOP001", "SOP002", "SOP003", "SOP004", "SOP005", "SOP006", "SOP007", "SOP008",
            "SOP009", "SOP010", "SOP011", "SOP012"
        ]
    );
    let doc = include_str!("../../docs/lints.md");
    for c in Code::ALL {
        assert!(
            doc.contains(&format!("## {} `{}`", c.code(), c.name())),
            "{} missing from docs/lints.md",
            c.code()
        );
        assert!(doc.contains(c.explanation()), "{}", c.code());
    }
}

#[test]
fn sop001_tier_without_owner() {
    let s = scenario(&BASE.replace("owner = \"support manager\"\n", ""));
    assert_eq!(only(&s, Code::TierWithoutOwner), ["tiers.T2.owner"]);
}

#[test]
fn sop002_status_updates_without_an_interval() {
    let mut s = base();
    s.policies[0].status_updates = true;
    // High has none, but critical has one and medium/low have none: only a gap counts.
    assert_eq!(only(&s, Code::MissingUpdateTarget), Vec::<String>::new());
    s.sla.by_severity[2].update_interval_ms = Some(3_600_000);
    assert_eq!(only(&s, Code::MissingUpdateTarget), ["sla.high"]);
    s.sla.by_severity[0].update_interval_ms = None;
    assert_eq!(
        only(&s, Code::MissingUpdateTarget),
        ["sla.critical", "sla.high"]
    );
    s.policies[0].status_updates = false;
    assert_eq!(only(&s, Code::MissingUpdateTarget), Vec::<String>::new());
}

#[test]
fn sop003_unreachable_tiers() {
    let text = BASE.replace(
        "[escalation]",
        "[tiers.Specialists]\nowner = \"specialist lead\"\nagents = 1\nhandle_minutes = { dist = \"exponential\", mean = 60 }\n[escalation]",
    );
    let mut s = scenario(&text);
    assert_eq!(only(&s, Code::UnreachableTier), ["tiers.Specialists"]);
    let specialists = TierId(3);
    with_sop(
        &mut s,
        vec![rule(
            "reopened twice to specialists",
            DecisionPoint::Arrival,
            vec![Condition::Compare(Field::Reopens, Cmp::AtLeast, 2.0)],
            Some(Route::Tier(specialists)),
        )],
    );
    assert_eq!(only(&s, Code::UnreachableTier), Vec::<String>::new());
    // On the path but beyond every need.
    let s = scenario(&BASE.replace(
        "needs = { T1 = 0.6, T2 = 0.3, T3 = 0.1 }",
        "needs = { T1 = 0.6, T2 = 0.4 }",
    ));
    assert_eq!(only(&s, Code::UnreachableTier), ["tiers.T3"]);
}

#[test]
fn sop004_escalation_cycle_without_exit() {
    let mut s = base();
    // Seniors would take what the frontline escalates, and T3 what seniors escalate:
    // sending escalations to seniors is no cycle.
    let mut to_t2 = rule(
        "enterprise escalations to seniors",
        DecisionPoint::Escalation,
        vec![Condition::SegmentIn(vec![SegmentId(0)])],
        Some(Route::Tier(TierId(1))),
    );
    with_sop(&mut s, vec![to_t2.clone()]);
    assert_eq!(only(&s, Code::EscalationCycle), Vec::<String>::new());
    // Back down to the frontline: T1 → T2 (the step up) → T1 …, and T3 tickets stay.
    s.policies.pop();
    to_t2.name = "enterprise escalations back to the frontline".into();
    to_t2.action.route = Some(Route::Tier(TierId(0)));
    with_sop(&mut s, vec![to_t2.clone()]);
    assert_eq!(only(&s, Code::EscalationCycle), ["policies.sop.rules[0]"]);
    let msg = lint(&s, &Options::default())
        .into_iter()
        .find(|f| f.code == Some(Code::EscalationCycle.code()))
        .map(|f| f.message)
        .unwrap_or_default();
    assert!(
        msg.contains("tickets needing `T3` go `T1` → `T2` (the step up"),
        "{msg}"
    );
    // An earlier rule on bounces sends bounced tickets up: an exit.
    s.policies.pop();
    let bounced = rule(
        "bounced tickets to engineering",
        DecisionPoint::Escalation,
        vec![Condition::Compare(Field::Bounces, Cmp::AtLeast, 1.0)],
        Some(Route::Tier(TierId(2))),
    );
    with_sop(&mut s, vec![bounced, to_t2.clone()]);
    assert_eq!(only(&s, Code::EscalationCycle), Vec::<String>::new());
    // A rule that stops matching as hops grow is no cycle either.
    s.policies.pop();
    let mut first_hop = to_t2;
    first_hop
        .when
        .push(Condition::Compare(Field::Hops, Cmp::Below, 2.0));
    with_sop(&mut s, vec![first_hop]);
    assert_eq!(only(&s, Code::EscalationCycle), Vec::<String>::new());
}

#[test]
fn sop005_too_many_branches() {
    let mut s = base();
    let rules = (0..13)
        .map(|i| {
            rule(
                &format!("accounts above {i}0k to seniors"),
                DecisionPoint::Arrival,
                vec![Condition::Compare(
                    Field::AccountValue,
                    Cmp::Below,
                    (i + 1) as f64 * 10_000.0,
                )],
                Some(Route::Tier(TierId(1))),
            )
        })
        .collect();
    with_sop(&mut s, rules);
    assert_eq!(only(&s, Code::TooManyBranches), ["policies.sop"]);
    let relaxed = lint(&s, &Options { max_branches: 13 });
    assert!(
        relaxed
            .iter()
            .all(|f| f.code != Some(Code::TooManyBranches.code()))
    );
}

#[test]
fn sop006_ai_routes_critical_tickets_without_review() {
    let mut s = base();
    s.policies
        .push(PolicySpec::new("ai", PolicyKind::Ai, Discipline::Fifo));
    assert_eq!(only(&s, Code::AiCriticalWithoutReview), ["policies.ai"]);
    let review = |severity_at_least| Review {
        role: RoleId(1),
        severity_at_least,
        below_confidence: Some(0.6),
        delay_minutes: Dist::Constant { value: 10.0 },
        work_minutes: 5.0,
        tier: None,
        catch_rate: 0.8,
    };
    s.ai.review = Some(review(None));
    assert_eq!(only(&s, Code::AiCriticalWithoutReview), ["policies.ai"]);
    s.ai.review = Some(review(Some(Severity::High)));
    assert_eq!(
        only(&s, Code::AiCriticalWithoutReview),
        Vec::<String>::new()
    );

    let mut s = base();
    let predicted = rule(
        "straight to the predicted tier",
        DecisionPoint::Arrival,
        vec![Condition::Compare(Field::AiConfidence, Cmp::AtLeast, 0.8)],
        Some(Route::Predicted),
    );
    let mut low_only = predicted.clone();
    low_only.name = "low severity to the predicted tier".into();
    low_only.when = vec![Condition::SeverityIn(vec![Severity::Low])];
    let mut reviewed = predicted.clone();
    reviewed.name = "reviewed prediction".into();
    reviewed.when = vec![Condition::Compare(Field::AiScore, Cmp::AtLeast, 0.9)];
    reviewed.action.review = true;
    with_sop(&mut s, vec![predicted, low_only, reviewed]);
    assert_eq!(
        only(&s, Code::AiCriticalWithoutReview),
        ["policies.sop.rules[0]"]
    );
}

#[test]
fn sop007_resolution_shorter_than_first_response() {
    let s = scenario(&BASE.replace(
        "first_response_hours = 8\nresolution_hours = 48",
        "first_response_hours = 8\nresolution_hours = 6",
    ));
    assert_eq!(only(&s, Code::ResolutionBeforeFirstResponse), ["sla.low"]);
    let s = scenario(&format!(
        "{BASE}\n[sla.segments.enterprise.high]\nresolution_minutes = 20\n"
    ));
    assert_eq!(
        only(&s, Code::ResolutionBeforeFirstResponse),
        ["sla.segments.enterprise.high"]
    );
}

#[test]
fn sop008_looser_target_for_a_higher_severity() {
    let s = scenario(&BASE.replace(
        "first_response_minutes = 30\nresolution_hours = 8",
        "first_response_minutes = 30\nresolution_hours = 30",
    ));
    assert_eq!(only(&s, Code::LooserTargetForHigherSeverity), ["sla.high"]);
    // A segment override looser than the same segment's less urgent target.
    let s = scenario(&format!(
        "{BASE}\n[sla.segments.enterprise.critical]\nfirst_response_minutes = 45\n"
    ));
    assert_eq!(
        only(&s, Code::LooserTargetForHigherSeverity),
        ["sla.segments.enterprise.critical"]
    );
    // A tighter enterprise high makes enterprise critical (inherited) the looser one.
    let s = scenario(&format!(
        "{BASE}\n[sla.segments.enterprise.high]\nresolution_hours = 2\n"
    ));
    assert_eq!(
        only(&s, Code::LooserTargetForHigherSeverity),
        ["sla.segments.enterprise.high"]
    );
    // Business-hours targets are not compared with shorter around-the-clock ones.
    let s = scenario(&BASE.replace(
        "first_response_hours = 4\nresolution_hours = 24",
        "first_response_hours = 4\nresolution_hours = 6\ncalendar = \"office\"",
    ).replace("[tiers.T1]", "[calendars.office]\ndays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nopen = \"09:00\"\nclose = \"17:00\"\n[tiers.T1]"));
    assert_eq!(
        only(&s, Code::LooserTargetForHigherSeverity),
        Vec::<String>::new()
    );
}

#[test]
fn sop009_names_differing_only_by_case_or_punctuation() {
    let s = scenario(&BASE.replace(
        "owner = \"engineering manager\"",
        "owner = \"Support-Manager\"",
    ));
    assert_eq!(only(&s, Code::DuplicateLabels), ["tiers.T3.owner"]);
    let s = scenario(&BASE.replace("[segments.consumer]", "[segments.Enterprise]"));
    assert_eq!(only(&s, Code::DuplicateLabels), ["segments.Enterprise"]);
    let mut s = base();
    let a = rule(
        "VIP first",
        DecisionPoint::Arrival,
        vec![Condition::SegmentIn(vec![SegmentId(0)])],
        Some(Route::Tier(TierId(1))),
    );
    let mut b = a.clone();
    b.name = "vip-first".into();
    b.on = DecisionPoint::Escalation;
    with_sop(&mut s, vec![a, b]);
    assert_eq!(only(&s, Code::DuplicateLabels), ["policies.sop.rules[1]"]);
}

#[test]
fn sop010_unclear_names() {
    let mut s = base();
    let named = |name: &str, seg: u16| {
        rule(
            name,
            DecisionPoint::Arrival,
            vec![Condition::SegmentIn(vec![SegmentId(seg)])],
            Some(Route::Tier(TierId(1))),
        )
    };
    with_sop(
        &mut s,
        vec![
            named("rule1", 0),
            named("Rule 2", 1),
            named("r3", 0),
            named("enterprise to seniors", 1),
        ],
    );
    assert_eq!(
        only(&s, Code::UnclearLabel),
        [
            "policies.sop.rules[0]",
            "policies.sop.rules[1]",
            "policies.sop.rules[2]"
        ]
    );
    let s = scenario(&BASE.replace("owner = \"support manager\"", "owner = \"x\""));
    assert_eq!(only(&s, Code::UnclearLabel), ["tiers.T2.owner"]);
}

#[test]
fn sop011_rule_shadowed_by_an_earlier_one() {
    let mut s = base();
    let broad = rule(
        "urgent to seniors",
        DecisionPoint::Arrival,
        vec![Condition::SeverityAtLeast(Severity::High)],
        Some(Route::Tier(TierId(1))),
    );
    let narrow = rule(
        "critical enterprise to engineering",
        DecisionPoint::Arrival,
        vec![
            Condition::SegmentIn(vec![SegmentId(0)]),
            Condition::SeverityIn(vec![Severity::Critical]),
        ],
        Some(Route::Tier(TierId(2))),
    );
    let other_point = Rule {
        on: DecisionPoint::Escalation,
        name: "critical escalations to engineering".into(),
        ..narrow.clone()
    };
    let keywords = rule(
        "billing words",
        DecisionPoint::Arrival,
        vec![
            Condition::CategoryIn(vec![CategoryId(0)]),
            Condition::KeywordsAny(0b11),
        ],
        Some(Route::Tier(TierId(1))),
    );
    let keyword_subset = rule(
        "refund word",
        DecisionPoint::Arrival,
        vec![
            Condition::KeywordsAny(0b01),
            Condition::CategoryIn(vec![CategoryId(0)]),
            Condition::Compare(Field::Sentiment, Cmp::Below, -0.5),
        ],
        Some(Route::Tier(TierId(2))),
    );
    with_sop(
        &mut s,
        vec![broad, narrow, other_point, keywords, keyword_subset],
    );
    assert_eq!(
        only(&s, Code::ShadowedRule),
        ["policies.sop.rules[1]", "policies.sop.rules[4]"]
    );
    let f = lint(&s, &Options::default())
        .into_iter()
        .find(|f| f.code == Some(Code::ShadowedRule.code()))
        .map(|f| f.message)
        .unwrap_or_default();
    assert!(f.contains("earlier rule `urgent to seniors`"), "{f}");
}

#[test]
fn sop012_triggers_moving_tickets_both_ways() {
    use crate::model::sop::{Trigger, TriggerTime};
    let trigger = |name: &str, to: u16| Trigger {
        name: name.into(),
        when: TriggerTime::WaitedOver(60_000),
        also: Vec::new(),
        escalate_to: Some(TierId(to)),
        priority: None,
        alert: Vec::new(),
        alert_owner: false,
    };
    let with = |triggers: Vec<Trigger>| {
        let mut s = base();
        s.policies.push(PolicySpec::new(
            "sop",
            PolicyKind::Sop(Box::new(Sop {
                rules: Vec::new(),
                triggers,
            })),
            Discipline::Fifo,
        ));
        s
    };
    let s = with(vec![trigger("waited at T1", 1), trigger("waited at T2", 0)]);
    assert_eq!(
        only(&s, Code::TriggerPingPong),
        ["policies.sop.triggers[1]"]
    );
    // Both to the same tier, or only one mover: nothing moves back.
    let s = with(vec![trigger("waited long", 1), trigger("waited longer", 1)]);
    assert_eq!(only(&s, Code::TriggerPingPong), Vec::<String>::new());
    let s = with(vec![trigger("waited long", 1)]);
    assert_eq!(only(&s, Code::TriggerPingPong), Vec::<String>::new());
}
