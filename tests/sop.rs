//! Each SOP trigger and action, feedback loop and incident-mode step on a tiny
//! scenario whose outcome is worked out by hand in each test's comment.
//!
//! Three tiers with one agent each and constant times: T1 handles in 10 min (triage
//! 5), T2 in 20 (triage 5), T3 in 30; no hand-off delay. T1 resolves needs T1, T2
//! resolves T1–T2, T3 everything. SLA (every severity): first response 30 min,
//! resolution 60 min, updates every 20 min. Horizon 10 h, no warm-up.

use escalsim::engine::{self, TraceRow};
use escalsim::metrics::RunMetrics;
use escalsim::model::sop::{
    Action, Cmp, Condition, DecisionPoint, Field, PriorityChange, Route, Rule, Sop, Trigger,
    TriggerTime,
};
use escalsim::model::{
    Burst, CategoryId, Dist, Incident, PolicyKind, Review, RoleId, Scenario, SegmentId, Severity,
    Staffing, TierId,
};
use escalsim::policy;
use escalsim::tickets::{AiEstimate, Ticket, Work};

use crate::support::scenario_from;

const MIN: i64 = 60_000;

const SCENARIO: &str = r#"
name = "sop-hand"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 0.4166666666666667
warmup_days = 0
replications = 1
seed = 7

[tiers.T1]
role = "frontline"
owner = "lead"
agents = 1
handle_minutes = { dist = "constant", value = 10 }
triage_minutes = { dist = "constant", value = 5 }
cost_per_agent_hour = 60

[tiers.T2]
role = "senior"
owner = "manager"
agents = 1
handle_minutes = { dist = "constant", value = 20 }
triage_minutes = { dist = "constant", value = 5 }
cost_per_agent_hour = 90

[tiers.T3]
role = "engineer"
owner = "eng lead"
agents = 1
handle_minutes = { dist = "constant", value = 30 }
cost_per_agent_hour = 120

[escalation]
path = ["T1", "T2", "T3"]

[segments.all]
share = 1
account_value = { dist = "constant", value = 100 }

[categories.general]
share = 0.5
needs = { T1 = 1 }
keywords = ["invoice"]
sentiment = { mean = 0, sd = 0 }

[categories.outage]
share = 0.5
needs = { T3 = 1 }
keywords = ["outage"]
sentiment = { mean = 0, sd = 0 }

[severity]
medium = 1

[sla.critical]
first_response_minutes = 30
resolution_minutes = 60
update_interval_minutes = 20
[sla.high]
first_response_minutes = 30
resolution_minutes = 60
update_interval_minutes = 20
[sla.medium]
first_response_minutes = 30
resolution_minutes = 60
update_interval_minutes = 20
[sla.low]
first_response_minutes = 30
resolution_minutes = 60
update_interval_minutes = 20

[arrivals]
per_hour = 1
"#;

/// Roles: the tiers' owners, then two more.
const DUTY_MANAGER: RoleId = RoleId(3);
const REGIONAL_MANAGER: RoleId = RoleId(4);

/// The scenario with `kind` as its only policy (FIFO queues).
fn scenario(kind: PolicyKind) -> Scenario {
    let mut s = scenario_from(SCENARIO).scenario;
    s.roles = [
        "lead",
        "manager",
        "eng lead",
        "duty manager",
        "regional manager",
    ]
    .map(String::from)
    .to_vec();
    for (i, t) in s.tiers.iter_mut().enumerate() {
        t.owner_role = RoleId(i as u16);
    }
    s.keywords = vec!["invoice".into(), "outage".into()];
    s.policies[0].kind = kind;
    s
}

fn sop(rules: Vec<Rule>, triggers: Vec<Trigger>) -> PolicyKind {
    PolicyKind::Sop(Box::new(Sop { rules, triggers }))
}

fn rule(name: &str, on: DecisionPoint, when: Vec<Condition>, action: Action) -> Rule {
    Rule {
        name: name.into(),
        on,
        when,
        action,
    }
}

/// A ticket of `category` (0 general, 1 outage) needing `need` (0-based tier),
/// arriving at `at` minutes, with constant work from the scenario (T1 10/5, T2 20/5,
/// T3 30) and a perfect AI estimate.
fn ticket(id: u64, at: i64, category: u16, need: u16) -> Ticket {
    let mut work = Work::zero();
    work.handle_ms[..3].copy_from_slice(&[10 * 60_000, 20 * 60_000, 30 * 60_000]);
    work.triage_ms[..3].copy_from_slice(&[5 * 60_000, 5 * 60_000, 30 * 60_000]);
    let mentions = 1 << category;
    Ticket {
        id,
        arrival: at * MIN,
        severity: Severity::Medium,
        segment: SegmentId(0),
        category: CategoryId(category),
        account_value: 100.0,
        needed_tier: TierId(need),
        sentiment: 0.0,
        order_value: 0.0,
        mentions,
        ai: AiEstimate::exact(TierId(need), 0.0, mentions),
        noise_key: id,
        burst: None,
        work,
        recorded: None,
    }
}

fn run(s: &Scenario, tickets: Vec<Ticket>) -> (RunMetrics, Vec<TraceRow>) {
    let mut pol = policy::build(s, &s.policies[0], 0);
    engine::run_traced(s, &s.staffing_models[0], pol.as_mut(), tickets.into_iter())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn metric(s: &Scenario, m: &RunMetrics, name: &str) -> f64 {
    m.scalars(s)
        .into_iter()
        .find(|x| x.name == name)
        .unwrap_or_else(|| panic!("no metric {name}"))
        .value
}

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
}

/// Minutes at which `ticket` had trace event `event`.
fn times(trace: &[TraceRow], ticket: u64, event: &str) -> Vec<i64> {
    trace
        .iter()
        .filter(|r| r.ticket == ticket && r.event == event)
        .map(|r| r.time / MIN)
        .collect()
}

#[test]
fn keyword_rule_routes_straight_to_engineering_and_alerts() {
    // Ticket 0 (outage, needs T3) at 0: the rule sends it to T3, resolved at 30.
    // Ticket 1 (general) at 60 is not an outage: T1, resolved at 70.
    // Under `tiered`, ticket 0 would triage at T1 (0–5) and T2 (5–10), then T3 10–40.
    let rules = vec![rule(
        "outage to engineering",
        DecisionPoint::Arrival,
        vec![Condition::KeywordsAny(0b10)],
        Action {
            route: Some(Route::Tier(TierId(2))),
            alert: vec![DUTY_MANAGER],
            alert_owner: true,
            ..Action::default()
        },
    )];
    let s = scenario(sop(rules, vec![]));
    let (m, trace) = run(&s, vec![ticket(0, 0, 1, 2), ticket(1, 60, 0, 0)]);
    close(metric(&s, &m, "ttr_mean_hours"), 20.0 / 60.0, "mean TTR");
    close(
        metric(&s, &m, "rule.outage to engineering.fired"),
        1.0,
        "fired",
    );
    close(
        metric(&s, &m, "alerts.role.duty manager"),
        1.0,
        "duty manager",
    );
    close(metric(&s, &m, "alerts.role.eng lead"), 1.0, "owner of T3");
    close(metric(&s, &m, "alerts.role.lead"), 0.0, "owner of T1");
    close(metric(&s, &m, "misroutes"), 0.0, "misroutes");
    close(metric(&s, &m, "tier.T1.handled"), 1.0, "T1 handled");
    close(
        metric(&s, &m, "category.outage.ttr_mean_hours"),
        0.5,
        "outage TTR",
    );
    close(
        metric(&s, &m, "category.general.ttr_mean_hours"),
        10.0 / 60.0,
        "general TTR",
    );
    close(
        metric(&s, &m, "category.outage.resolved_late_share"),
        0.0,
        "on time",
    );
    let row = trace.iter().find(|r| r.ticket == 0 && r.event == "arrive");
    assert_eq!(row.map(|r| (r.tier, r.rule)), Some((Some(2), Some(0))));

    let tiered = scenario(PolicyKind::Tiered);
    let (m, _) = run(&tiered, vec![ticket(0, 0, 1, 2), ticket(1, 60, 0, 0)]);
    close(
        metric(&tiered, &m, "ttr_mean_hours"),
        25.0 / 60.0,
        "tiered mean TTR",
    );
}

#[test]
fn a_rule_to_the_wrong_tier_is_a_misroute() {
    // Ticket 0 (general, needs T1) matches a rule that sends everything to T2: T2
    // can resolve it (20 min) but T1 was the right tier.
    let rules = vec![rule(
        "everything to seniors",
        DecisionPoint::Arrival,
        vec![],
        Action {
            route: Some(Route::Tier(TierId(1))),
            ..Action::default()
        },
    )];
    let s = scenario(sop(rules, vec![]));
    let (m, _) = run(&s, vec![ticket(0, 0, 0, 0)]);
    close(metric(&s, &m, "misroutes"), 1.0, "misroutes");
    close(metric(&s, &m, "ttr_mean_hours"), 20.0 / 60.0, "TTR");
}

#[test]
fn priority_rule_jumps_the_queue() {
    // T1 has one agent. Tickets at 0, 1, 2 min; ticket 2 is critical and a rule sets
    // critical tickets to priority 1. FIFO would serve 0 (0–10), 1 (10–20), 2 (20–30);
    // with the rule: 0 (0–10), 2 (10–20), 1 (20–30).
    let rules = vec![rule(
        "critical first",
        DecisionPoint::Arrival,
        vec![Condition::SeverityIn(vec![Severity::Critical])],
        Action {
            priority: Some(PriorityChange::Set(1)),
            ..Action::default()
        },
    )];
    let s = scenario(sop(rules, vec![]));
    let mut t2 = ticket(2, 2, 0, 0);
    t2.severity = Severity::Critical;
    let (m, trace) = run(&s, vec![ticket(0, 0, 0, 0), ticket(1, 1, 0, 0), t2]);
    assert_eq!(times(&trace, 2, "resolve"), vec![20]);
    assert_eq!(times(&trace, 1, "resolve"), vec![30]);
    close(metric(&s, &m, "rule.critical first.fired"), 1.0, "fired");
}

#[test]
fn sla_trigger_moves_a_waiting_ticket_to_another_tier() {
    // Ticket 0 at 0 holds T1's only agent for 50 min. Ticket 1 arrives at 1 (deadline
    // 61); the trigger fires with 45 min left, at 16, and escalates it to the idle T2,
    // which resolves it in 20 min: at 36 (TTR 35) instead of 60 without the trigger.
    let trigger = Trigger {
        name: "at risk".into(),
        when: TriggerTime::SlaRemainingBelow(45 * MIN),
        also: vec![],
        escalate_to: Some(TierId(1)),
        priority: None,
        alert: vec![],
        alert_owner: true,
    };
    let s = scenario(sop(vec![], vec![trigger]));
    let mut long = ticket(0, 0, 0, 0);
    long.work.handle_ms[0] = 50 * 60_000;
    let (m, trace) = run(&s, vec![long, ticket(1, 1, 0, 0)]);
    assert_eq!(times(&trace, 1, "trigger"), vec![16]);
    assert_eq!(times(&trace, 1, "resolve"), vec![36]);
    close(metric(&s, &m, "functional_escalations"), 1.0, "moved");
    close(
        metric(&s, &m, "rule.at risk.fired"),
        2.0,
        "fired for both tickets",
    );
    // Alerted for both tickets, each the owner of the tier it was at.
    close(metric(&s, &m, "alerts.role.lead"), 2.0, "T1 owner");
    close(metric(&s, &m, "tier.T2.handled"), 1.0, "T2 handled");
}

#[test]
fn waited_trigger_raises_priority_when_its_conditions_hold() {
    // T1 busy with ticket 0 (0–30). Ticket 1 (medium) at 1, ticket 2 (low) at 2. The
    // trigger fires after 5 min of waiting for low tickets only and raises them to
    // priority 1: ticket 2 is served at 30–40, ticket 1 at 40–50.
    let trigger = Trigger {
        name: "waiting low".into(),
        when: TriggerTime::WaitedOver(5 * MIN),
        also: vec![Condition::Compare(Field::WaitedMinutes, Cmp::AtLeast, 5.0)],
        escalate_to: None,
        priority: Some(PriorityChange::Set(1)),
        alert: vec![],
        alert_owner: false,
    };
    let mut s = scenario(sop(vec![], vec![trigger]));
    if let PolicyKind::Sop(sop) = &mut s.policies[0].kind {
        sop.triggers[0]
            .also
            .push(Condition::SeverityIn(vec![Severity::Low]));
    }
    let mut long = ticket(0, 0, 0, 0);
    long.work.handle_ms[0] = 30 * 60_000;
    let mut low = ticket(2, 2, 0, 0);
    low.severity = Severity::Low;
    let (m, trace) = run(&s, vec![long, ticket(1, 1, 0, 0), low]);
    assert_eq!(times(&trace, 2, "resolve"), vec![40]);
    assert_eq!(times(&trace, 1, "resolve"), vec![50]);
    close(metric(&s, &m, "rule.waiting low.fired"), 1.0, "fired once");
    close(
        metric(&s, &m, "bounces"),
        0.0,
        "re-queueing is not a bounce",
    );
}

#[test]
fn escalation_rule_back_down_counts_bounces() {
    // Ticket 0 needs T3. T1 triage 0–5 → T2 (no rule: hops 0) triage 5–10 → the rule
    // (hops ≥ 1, no bounce yet) sends it back to T1: bounce 1, triage 10–15 → default
    // next tier T2 again: bounce 2, triage 15–20 → T3 20–50.
    let rules = vec![rule(
        "back to frontline",
        DecisionPoint::Escalation,
        vec![
            Condition::Compare(Field::Hops, Cmp::AtLeast, 1.0),
            Condition::Compare(Field::Bounces, Cmp::Below, 1.0),
        ],
        Action {
            route: Some(Route::Tier(TierId(0))),
            ..Action::default()
        },
    )];
    let s = scenario(sop(rules, vec![]));
    let (m, trace) = run(&s, vec![ticket(0, 0, 1, 2)]);
    assert_eq!(times(&trace, 0, "resolve"), vec![50]);
    close(metric(&s, &m, "bounces"), 2.0, "bounces");
    close(metric(&s, &m, "rule.back to frontline.fired"), 1.0, "fired");
}

fn review(catch_rate: f64) -> Review {
    Review {
        role: DUTY_MANAGER,
        severity_at_least: None,
        below_confidence: Some(0.5),
        delay_minutes: Dist::constant(15.0).expect("valid"),
        work_minutes: 6.0,
        catch_rate,
        tier: None,
    }
}

#[test]
fn ai_review_delays_unsure_decisions_and_corrects_them() {
    // Ticket 0 needs T3 but the AI predicts T1 with confidence 0.2: the decision waits
    // 15 min for review, which corrects it: T3 15–45. Ticket 1 (needs T3, predicted
    // T3 with confidence 0.9) at 60 goes straight to T3: 60–90.
    let mut s = scenario(PolicyKind::Ai);
    s.ai.review = Some(review(1.0));
    let mut unsure = ticket(0, 0, 1, 2);
    unsure.ai.predicted_tier = TierId(0);
    unsure.ai.confidence = 0.2;
    let mut sure = ticket(1, 60, 1, 2);
    sure.ai.confidence = 0.9;
    let (m, trace) = run(&s, vec![unsure.clone(), sure.clone()]);
    assert_eq!(times(&trace, 0, "resolve"), vec![45]);
    assert_eq!(times(&trace, 1, "resolve"), vec![90]);
    close(metric(&s, &m, "reviews"), 1.0, "reviews");
    close(metric(&s, &m, "review_corrections"), 1.0, "corrections");
    close(metric(&s, &m, "review_hours"), 0.1, "review hours");
    close(
        metric(&s, &m, "misroutes"),
        0.0,
        "corrected routes are not misroutes",
    );

    // A reviewer who never catches errors: 15 min delay, then T1 triage 15–20, T2
    // triage 20–25, T3 25–55; one misroute.
    s.ai.review = Some(review(0.0));
    let (m, trace) = run(&s, vec![unsure.clone(), sure.clone()]);
    assert_eq!(times(&trace, 0, "resolve"), vec![55]);
    close(metric(&s, &m, "misroutes"), 1.0, "misroutes");
    close(
        metric(&s, &m, "tier.T2.utilisation"),
        5.0 / 600.0,
        "T2 triage only",
    );

    // Reviews done by T2's agents: the 6 min review is T2 work (0–6), on top of its
    // 5 min triage of the uncorrected ticket (20–25).
    let mut r = review(0.0);
    r.tier = Some(TierId(1));
    s.ai.review = Some(r);
    let (m, _) = run(&s, vec![unsure, sure]);
    close(
        metric(&s, &m, "tier.T2.utilisation"),
        11.0 / 600.0,
        "T2 with reviews",
    );
}

#[test]
fn reopened_ticket_re_enters_as_a_new_contact() {
    // Resolved at 10, reopens 1 h later (70) and is resolved again at 80.
    let mut s = scenario(PolicyKind::Tiered);
    s.feedback.reopen_probability = vec![1.0, 1.0];
    s.feedback.max_reopens = 1;
    s.feedback.reopen_after_hours = Dist::constant(1.0).expect("valid");
    let (m, trace) = run(&s, vec![ticket(0, 0, 0, 0)]);
    assert_eq!(times(&trace, 0, "resolve"), vec![10, 80]);
    assert_eq!(times(&trace, 0, "reopen"), vec![70]);
    assert_eq!((m.arrived, m.resolved), (2, 2));
    close(metric(&s, &m, "reopens"), 1.0, "reopens");
    close(metric(&s, &m, "reopen_rate"), 0.5, "reopen rate");
    // CSAT: first contact 4.5; the reopened one 4.5 − 1 = 3.5.
    close(metric(&s, &m, "csat_mean"), 4.0, "CSAT");
    assert!(m.conserves());
}

#[test]
fn status_updates_take_agent_time_and_their_absence_brings_follow_ups() {
    // Ticket 0 holds a T1 agent 0–50; update intervals pass at 20 and 40.
    let mut long = ticket(0, 0, 0, 0);
    long.work.handle_ms[0] = 50 * 60_000;
    // With updates (5 min each, by T1) and a second T1 agent: both run at once
    // (20–25, 40–45).
    let mut s = scenario(PolicyKind::Tiered);
    s.policies[0].status_updates = true;
    s.feedback.update_minutes = 5.0;
    s.tiers[0].staffing = Staffing::constant(2);
    let (m, _) = run(&s, vec![long.clone()]);
    close(metric(&s, &m, "updates"), 2.0, "updates");
    close(metric(&s, &m, "update_hours"), 10.0 / 60.0, "update hours");
    close(metric(&s, &m, "tier.T1.utilisation"), 60.0 / 1200.0, "T1");
    close(metric(&s, &m, "followups"), 0.0, "no follow-ups");
    // CSAT 4.5 + 0.1 × 2 updates.
    close(metric(&s, &m, "csat_mean"), 4.7, "CSAT with updates");

    // With T1's only agent busy, the update due at 20 waits until 50 (50–55) and the
    // interval at 40 adds none: one waiting update per ticket at a time.
    s.tiers[0].staffing = Staffing::constant(1);
    let (m, _) = run(&s, vec![long.clone()]);
    close(metric(&s, &m, "updates"), 1.0, "updates");
    close(metric(&s, &m, "tier.T1.utilisation"), 55.0 / 600.0, "T1");

    // Without updates, the customer follows up (4 min of T1) at 20; that contact waits
    // for the agent until 50, so the interval at 40 brings no second one.
    let mut s = scenario(PolicyKind::Tiered);
    s.feedback.followup_probability = 1.0;
    s.feedback.followup_minutes = 4.0;
    let (m, _) = run(&s, vec![long.clone()]);
    close(metric(&s, &m, "followups"), 1.0, "follow-ups");
    close(metric(&s, &m, "updates"), 0.0, "updates");
    close(metric(&s, &m, "tier.T1.utilisation"), 54.0 / 600.0, "T1");
    // CSAT 4.5 − 0.5 × 1 follow-up.
    close(metric(&s, &m, "csat_mean"), 4.0, "CSAT with a follow-up");

    // With a second agent each follow-up is answered at once: two of them.
    s.tiers[0].staffing = Staffing::constant(2);
    let (m, _) = run(&s, vec![long]);
    close(metric(&s, &m, "followups"), 2.0, "follow-ups");
    close(metric(&s, &m, "csat_mean"), 3.5, "CSAT with two follow-ups");
}

#[test]
fn spike_detection_bypasses_to_the_incident_tier_and_suppresses_duplicates() {
    // Outage tickets at 0, 1, 2, 3, 4 min from a burst starting at 0. The window (10
    // min) reaches the threshold (3) with ticket 2: incident detected at 2 (delay 2
    // min), regional manager alerted, notice out at once; ticket 2 bypasses to T3;
    // tickets 3 and 4 are suppressed (suppression 1). Tickets 0 and 1 went through T1.
    let mut s = scenario(PolicyKind::Tiered);
    s.policies[0].incident_mode = true;
    s.incident = Some(Incident {
        categories: vec![CategoryId(1)],
        window_ms: 10 * MIN,
        threshold: 3,
        clear_below: 1,
        bypass_to: TierId(2),
        alert: vec![REGIONAL_MANAGER],
        notice_after_ms: 0,
        notice_suppression: 1.0,
        ack_ms: None,
    });
    s.arrivals.bursts.push(Burst {
        name: "network".into(),
        start: 0,
        end: 10 * MIN,
        outage: false,
        fix_minutes: None,
        extra_per_hour: 30.0,
        categories: None,
        severity_shares: None,
    });
    // Ticket 2, which tips the window, is an ordinary outage ticket (not from the
    // burst): the detection is still attributed to the burst under way.
    let tickets: Vec<Ticket> = (0..5)
        .map(|i| Ticket {
            burst: (i != 2).then_some(0),
            ..ticket(i, i as i64, 1, 2)
        })
        .collect();
    let (m, trace) = run(&s, tickets);
    assert_eq!(m.arrived, 3);
    close(metric(&s, &m, "incidents_detected"), 1.0, "incidents");
    close(metric(&s, &m, "detection_delay_minutes"), 2.0, "delay");
    close(metric(&s, &m, "tickets_bypassed"), 1.0, "bypassed");
    close(metric(&s, &m, "tickets_suppressed"), 2.0, "suppressed");
    close(metric(&s, &m, "proactive_notices"), 1.0, "notices");
    close(metric(&s, &m, "alerts.role.regional manager"), 1.0, "alert");
    let bypass = trace.iter().find(|r| r.event == "bypass");
    assert_eq!(bypass.map(|r| (r.ticket, r.tier)), Some((2, Some(2))));

    // The same tickets under a policy without incident mode: all five arrive.
    s.policies[0].incident_mode = false;
    let tickets: Vec<Ticket> = (0..5).map(|i| ticket(i, i as i64, 1, 2)).collect();
    let (m, _) = run(&s, tickets);
    assert_eq!(m.arrived, 5);
    close(metric(&s, &m, "incidents_detected"), 0.0, "no detector");
}
