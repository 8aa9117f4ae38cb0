//! A tiny scenario with constant times and hand-made tickets, whose every number is
//! computed by hand in the comments below.
//!
//! T1 (1 agent): handle 10 min, triage 5 min, hand-off 2 min. T2 (1 agent): handle
//! 30 min. SLA: first response 5 min, resolution 30 min, 24×7. Horizon 120 min.
//!
//! | id | arrives | needs | what happens |
//! |----|---------|-------|--------------|
//! | 0  | 0       | T1    | starts 0, resolved 10 (TTR 10) |
//! | 1  | 1       | T2    | waits until 10 (FR late), triage to 15, hand-off to 17, T2 17–47 (TTR 46, late) |
//! | 2  | 2       | T1    | waits until 15 (FR late), resolved 25 (TTR 23) |
//! | 3  | 3       | T1    | patience 5: abandons at 8 (FR deadline 8 not yet passed: no FR outcome) |
//! | 4  | 100     | T2    | starts 100, triage to 105, T2 107–137: open at the horizon (deadline 130 ahead) |

use escalsim::engine;
use escalsim::model::{CategoryId, SegmentId, Severity, TierId};
use escalsim::policy;
use escalsim::tickets::{Ticket, Work};

use crate::support::scenario_from;

const SCENARIO: &str = r#"
name = "golden"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 0.08333333333333333
warmup_days = 0
replications = 1
seed = 1

[tiers.T1]
role = "frontline"
owner = "lead"
agents = 1
handle_minutes = { dist = "constant", value = 10 }
triage_minutes = { dist = "constant", value = 5 }
handoff_minutes = { dist = "constant", value = 2 }
cost_per_agent_hour = 60
pickup_target_minutes = 5

[tiers.T2]
role = "senior"
owner = "manager"
agents = 1
handle_minutes = { dist = "constant", value = 30 }
cost_per_agent_hour = 90

[escalation]
path = ["T1", "T2"]

[segments.all]
share = 1
account_value = { dist = "constant", value = 100 }

[categories.general]
share = 1
needs = { T1 = 0.5, T2 = 0.5 }
sentiment = { mean = 0, sd = 0 }

[severity]
critical = 0
high = 0
medium = 1
low = 0

[sla]
short_abandon_seconds = 360

[sla.critical]
first_response_minutes = 5
resolution_minutes = 30
[sla.high]
first_response_minutes = 5
resolution_minutes = 30
[sla.medium]
first_response_minutes = 5
resolution_minutes = 30
[sla.low]
first_response_minutes = 5
resolution_minutes = 30

[arrivals]
per_hour = 1
"#;

fn ticket(id: u64, arrival_min: i64, needs: u16, patience_min: Option<u32>) -> Ticket {
    let mut work = Work::zero();
    let min = 60_000u32;
    work.handle_ms[0] = 10 * min;
    work.triage_ms[0] = 5 * min;
    work.handoff_ms[0] = 2 * min;
    work.handle_ms[1] = 30 * min;
    work.triage_ms[1] = 30 * min;
    work.patience_ms = patience_min.map(|p| p * min);
    Ticket {
        id,
        arrival: arrival_min * 60_000,
        severity: Severity::Medium,
        segment: SegmentId(0),
        category: CategoryId(0),
        account_value: 100.0,
        needed_tier: TierId(needs),
        sentiment: 0.0,
        order_value: 0.0,
        mentions: 0,
        ai: escalsim::tickets::AiEstimate::exact(escalsim::model::TierId(0), 0.0, 0),
        noise_key: 0,
        burst: None,
        recorded: None,
        work,
    }
}

/// Runs the scenario's first candidate on the five tickets of the table above.
fn run_five(s: &escalsim::model::Scenario) -> escalsim::metrics::RunMetrics {
    let tickets = vec![
        ticket(0, 0, 0, None),
        ticket(1, 1, 1, None),
        ticket(2, 2, 0, None),
        ticket(3, 3, 0, Some(5)),
        ticket(4, 100, 1, None),
    ];
    let mut pol = policy::build(s, &s.policies[0], 0);
    engine::run(s, &s.staffing_models[0], pol.as_mut(), tickets.into_iter())
        .unwrap_or_else(|e| panic!("golden run failed: {e}"))
}

#[test]
fn hand_computed_run() {
    let loaded = scenario_from(SCENARIO);
    let s = &loaded.scenario;
    assert_eq!(s.run.horizon_ms, 120 * 60_000);
    let m = run_five(s);

    assert_eq!(
        (m.arrived, m.resolved, m.abandoned, m.open_at_horizon),
        (5, 3, 1, 1)
    );
    assert!(m.conserves());
    let scalars = m.scalars(s);
    let get = |name: &str| {
        scalars
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no metric {name}"))
            .value
    };
    let close = |name: &str, want: f64| {
        let got = get(name);
        assert!((got - want).abs() < 1e-9, "{name}: got {got}, want {want}");
    };
    // FR: 0 met, 1 late, 2 late, 3 no outcome, 4 met → 2/4.
    close("first_response_breach_rate", 0.5);
    // Resolution: 0 met, 1 late, 2 met, 3 abandoned (breach), 4 no outcome → 2/4.
    close("resolution_breach_rate", 0.5);
    close("ttr_mean_hours", (10.0 + 46.0 + 23.0) / 3.0 / 60.0);
    close("abandon_rate", 0.2);
    // Outcomes of the 5 contacts: on time 0, 2; late 1; abandoned 3; open 4 (its
    // deadline still ahead). The breaches split into late + abandoned + open past
    // the deadline, over the 4 with an outcome.
    close("resolved_on_time_share", 2.0 / 5.0);
    close("resolved_late_share", 1.0 / 5.0);
    close("open_share", 1.0 / 5.0);
    close("resolution_breach_late_rate", 1.0 / 4.0);
    close("resolution_breach_abandoned_rate", 1.0 / 4.0);
    close("resolution_breach_open_rate", 0.0);
    // Service levels: answered within 5 min: 0, 4; late: 1, 2; ticket 3 abandoned
    // within the target after 5 min (a short abandon: threshold 6 min). Offered 5.
    close("service_level_offered", 2.0 / 5.0);
    close("service_level_answered", 2.0 / 4.0);
    close("service_level_short_abandons_excluded", 2.0 / (5.0 - 1.0));
    close("service_level_abandons_within_target_excluded", 2.0 / 4.0);
    assert_eq!(
        (
            m.service_level.abandoned_within,
            m.service_level.abandoned_short
        ),
        (1, 1)
    );
    close("escalations_per_ticket", 0.4);
    // T1 waits 0, 9, 13, 0 (ticket 3 abandoned, never started).
    close("tier.T1.wait_mean_minutes", 22.0 / 4.0);
    close("tier.T1.p_wait", 0.5);
    // T1's pick-up target of 5 minutes: waits 0 and 0 within, 9 and 13 after.
    close("tier.T1.pickup_breach_rate", 0.5);
    assert!(
        scalars
            .iter()
            .all(|x| x.name != "tier.T2.pickup_breach_rate")
    );
    close("tier.T2.wait_mean_minutes", 0.0);
    // Busy: T1 0–25 and 100–105; T2 17–47 and 107–120, over 120 minutes.
    close("tier.T1.utilisation", 30.0 / 120.0);
    close("tier.T2.utilisation", 43.0 / 120.0);
    // Queue at T1: 1 on [1,2), 2 on [2,3), 3 on [3,8), 2 on [8,10), 1 on [10,15).
    close("tier.T1.mean_queue", 27.0 / 120.0);
    close("tier.T1.max_queue", 3.0);
    close("tier.T1.handled", 4.0);
    close("tier.T1.resolved", 2.0);
    close("tier.T1.escalated", 2.0);
    close("tier.T2.handled", 1.0);
    // Two hours on duty at 60 and 90 per hour.
    close("cost", 2.0 * 60.0 + 2.0 * 90.0);
}

/// The same tickets, but the customer who abandons tries again 10 minutes later
/// (`retrial_probability = 1`, constant delay; the segment has no patience, so the
/// second attempt waits as long as it takes).
///
/// Ticket 3 abandons at 8 after 5 minutes (an abandoned contact within its 5-minute
/// first-response target, and a short one: threshold 6 minutes), retries at 18 (new
/// first-response deadline 23) and waits for T1, busy with ticket 2 until 25; T1 then
/// resolves it at 35: TTR 32 minutes from its first arrival at 3, past its unchanged
/// resolution deadline 33, and its second contact is answered late.
#[test]
fn hand_computed_retrial() {
    let text = SCENARIO.replace(
        "account_value = { dist = \"constant\", value = 100 }",
        "account_value = { dist = \"constant\", value = 100 }\n\
         retrial_probability = 1\n\
         retrial_delay_minutes = { dist = \"constant\", value = 10 }",
    );
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let m = run_five(s);
    // Every customer once: the retried ticket is one arrival and one resolution.
    assert_eq!(
        (m.arrived, m.resolved, m.abandoned, m.open_at_horizon),
        (5, 4, 0, 1)
    );
    assert!(m.conserves());
    assert_eq!(m.loops.retrials, 1);
    let scalars = m.scalars(s);
    let close = |name: &str, want: f64| {
        let got = scalars
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no metric {name}"))
            .value;
        assert!((got - want).abs() < 1e-9, "{name}: got {got}, want {want}");
    };
    close("retrials_per_ticket", 1.0 / 5.0);
    // Resolutions: on time 0 (10 min), 2 (23); late 1 (46), 3 (32 > 30).
    close("resolution_breach_rate", 2.0 / 4.0);
    close("resolution_breach_late_rate", 2.0 / 4.0);
    close("resolution_breach_abandoned_rate", 0.0);
    close("ttr_mean_hours", (10.0 + 46.0 + 23.0 + 32.0) / 4.0 / 60.0);
    // Contacts: answered within 0, 4; late 1, 2 and ticket 3's second; ticket 3's
    // first abandoned within the target (short). Offered 6.
    close("first_response_breach_rate", 3.0 / 5.0);
    close("service_level_offered", 2.0 / 6.0);
    close("service_level_answered", 2.0 / 5.0);
    close("service_level_short_abandons_excluded", 2.0 / 5.0);
    close("abandon_rate", 0.0);
    // T1 busy 0–35 and 100–105; it handled tickets 0–4 (1 and 4 escalated).
    close("tier.T1.utilisation", 40.0 / 120.0);
    close("tier.T1.handled", 5.0);
}

/// The same tickets with a triage reply as the first response
/// (`sla.first_response = "triage_reply"`, 1 minute of work each, served before
/// tickets), written here by T2's agent for tickets that T1 has not started yet.
/// Tickets 0 and 4 find T1 free: its touch is the first response, no reply is written.
/// Tickets 1, 2 and 3 wait for T1 (busy with ticket 0 until 10): T2 replies 1–2, 2–3 and
/// 3–4, within their 5-minute targets; ticket 3 still abandons at 8 (answered, so no
/// service-level abandon). The rest runs as in `hand_computed_run`.
#[test]
fn hand_computed_triage_reply() {
    let text = SCENARIO.replace(
        "[sla]\nshort_abandon_seconds = 360",
        "[sla]\nshort_abandon_seconds = 360\nfirst_response = \"triage_reply\"\n\
         triage_reply_minutes = 1\ntriage_reply_tier = \"T2\"",
    );
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let m = run_five(s);
    assert_eq!(
        (m.arrived, m.resolved, m.abandoned, m.open_at_horizon),
        (5, 3, 1, 1)
    );
    let scalars = m.scalars(s);
    let close = |name: &str, want: f64| {
        let got = scalars
            .iter()
            .find(|x| x.name == name)
            .unwrap_or_else(|| panic!("no metric {name}"))
            .value;
        assert!((got - want).abs() < 1e-9, "{name}: got {got}, want {want}");
    };
    close("first_response_breach_rate", 0.0);
    close("service_level_offered", 1.0);
    close(
        "first_response_mean_minutes",
        (0.0 + 1.0 + 1.0 + 1.0 + 0.0) / 5.0,
    );
    close("abandon_rate", 0.2);
    close("resolution_breach_rate", 2.0 / 4.0);
    close("ttr_mean_hours", (10.0 + 46.0 + 23.0) / 3.0 / 60.0);
    close("tier.T1.utilisation", 30.0 / 120.0);
    // The replies are T2 work: busy 1–4, 17–47 and 107–120.
    close("tier.T2.utilisation", 46.0 / 120.0);
}

/// An automatic acknowledgement after a minute: every first response is on time and no
/// agent time is spent on it.
#[test]
fn hand_computed_auto_reply() {
    let text = SCENARIO.replace(
        "[sla]\nshort_abandon_seconds = 360",
        "[sla]\nshort_abandon_seconds = 360\nfirst_response = \"auto_reply\"\nauto_reply_minutes = 1",
    );
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let m = run_five(s);
    let scalars = m.scalars(s);
    let get = |name: &str| scalars.iter().find(|x| x.name == name).map(|x| x.value);
    // Tickets 0 and 4 are started at once (0 min, before the acknowledgement), the
    // others acknowledged after 1 minute.
    assert_eq!(get("first_response_breach_rate"), Some(0.0));
    assert_eq!(get("first_response_mean_minutes"), Some(3.0 / 5.0));
    // As without acknowledgements: T1 busy 0–25 and 100–105.
    assert_eq!(get("tier.T1.utilisation"), Some(30.0 / 120.0));
    assert_eq!(get("resolution_breach_rate"), Some(0.5));
}
