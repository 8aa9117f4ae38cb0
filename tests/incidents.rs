//! Outages as faults: the tickets of an outage burst cannot be resolved before its fix
//! lands, and in incident mode the incident tier acknowledges and links them instead
//! of working each one. Checked ticket by ticket against hand-computed times.
//!
//! The desk has enough agents that nobody queues, and constant work, so each
//! ticket's resolution time is known from its arrival alone:
//! - without incident mode, `max(arrival + work, fix)`;
//! - in incident mode, a linked ticket (bypassed while its outage is live) is
//!   resolved at `max(arrival + ack, fix)`, every other ticket as above.

use std::collections::HashMap;

use escalsim::engine;
use escalsim::model::time::MINUTE_MS;
use escalsim::policy;
use escalsim::tickets::Ticket;
use escalsim::tickets::outages::burst_ends;
use escalsim::tickets::synthetic::synthetic;

use crate::support::scenario_from;

/// T1 (40 agents, 10 minutes a ticket) and an incident tier INC (40 agents, 30
/// minutes a ticket unless it only acknowledges); one outage burst from 10:00 for
/// `outage` (a duration or a fix time), 120 extra tickets an hour of category
/// `outage`; the base stream is 6 `general` tickets an hour.
fn desk(outage: &str, incident: &str) -> String {
    format!(
        r#"
name = "outage-desk"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 2
warmup_days = 0
replications = 3
seed = 11

[tiers.T1]
role = "frontline"
owner = "lead"
agents = 40
handle_minutes = {{ dist = "constant", value = 10 }}
cost_per_agent_hour = 1

[tiers.INC]
role = "incident desk"
owner = "incident manager"
agents = 40
handle_minutes = {{ dist = "constant", value = 30 }}
cost_per_agent_hour = 1

[escalation]
path = ["T1", "INC"]

[segments.all]
share = 1

[categories.general]
share = 0.9
needs = {{ T1 = 1 }}

[categories.outage]
share = 0.1
needs = {{ T1 = 1 }}

[severity]
medium = 1

{sla}

[arrivals]
per_hour = 6

[[arrivals.bursts]]
name = "api outage"
start = 2026-01-05T10:00:00
{outage}
extra_per_hour = 120
categories = {{ outage = 1.0 }}

[policies.fifo]
kind = "tiered"

{incident}
"#,
        sla = crate::support::sla_all(30.0, 8.0)
    )
}

const INCIDENT: &str = r#"
[policies.incident]
kind = "tiered"
incident_mode = true

[incident]
categories = ["outage"]
window_minutes = 10
threshold = 5
clear_below = 1
bypass_to = "INC"
ack_minutes = 2
"#;

/// Runs policy `policy` of `text` on replication `rep` with a trace: the tickets and
/// each ticket's resolution time.
fn resolutions(
    text: &str,
    policy_index: usize,
    rep: u32,
) -> (
    escalsim::metrics::RunMetrics,
    Vec<Ticket>,
    HashMap<u64, i64>,
    HashMap<u64, &'static str>,
) {
    let loaded = scenario_from(text);
    let s = &loaded.scenario;
    let tickets: Vec<Ticket> = synthetic(s, rep).collect();
    let mut pol = policy::build(s, &s.policies[policy_index], rep);
    let (m, trace) = engine::run_traced(
        s,
        &s.staffing_models[0],
        pol.as_mut(),
        tickets.iter().cloned(),
    )
    .unwrap_or_else(|e| panic!("run failed: {e}"));
    let mut resolved = HashMap::new();
    let mut first = HashMap::new();
    for row in &trace {
        first.entry(row.ticket).or_insert(row.event);
        if row.event == "resolve" {
            resolved.insert(row.ticket, row.time);
        }
    }
    (m, tickets, resolved, first)
}

const OUTAGE_60: &str = "outage = true\nduration_minutes = 60";

#[test]
fn outage_tickets_resolve_no_earlier_than_the_fix() {
    let text = desk(OUTAGE_60, "");
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let fix = s.arrivals.bursts[0].end;
    assert_eq!(fix, s.arrivals.bursts[0].start + 60 * MINUTE_MS);
    let (m, tickets, resolved, _) = resolutions(&text, 0, 0);
    assert!(m.conserves());
    let work = 10 * MINUTE_MS;
    let (mut linked, mut waits, mut wait_ms) = (0u64, 0u64, 0i64);
    for t in &tickets {
        let natural = t.arrival + work;
        let expected = if t.burst == Some(0) {
            assert_eq!(t.work.fix_at, fix, "ticket {} carries its fix", t.id);
            assert!(t.arrival < fix, "no complaint arrives after the fix");
            linked += 1;
            if natural < fix {
                waits += 1;
                wait_ms += fix - natural;
            }
            natural.max(fix)
        } else {
            assert_eq!(t.work.fix_at, 0);
            natural
        };
        if expected < s.run.horizon_ms {
            assert_eq!(resolved.get(&t.id), Some(&expected), "ticket {}", t.id);
        }
    }
    assert!(
        linked > 80,
        "the burst brings about 120 tickets, got {linked}"
    );
    assert!(waits > 60);
    assert_eq!(m.loops.outage_tickets, linked);
    assert_eq!(m.loops.fix_waits, waits);
    let hours = wait_ms as f64 / 3_600_000.0;
    assert!((m.loops.fix_wait_hours - hours).abs() < 1e-9);
    // The wait for the fix is time on hold: the status parts still add up to TTR.
    let st = &m.loops.statuses;
    let parts = st.new_ms + st.open_ms + st.pending_ms + st.on_hold_ms;
    assert!((st.on_hold_ms - wait_ms as f64).abs() < 1e-6);
    let ttr_sum: f64 = tickets
        .iter()
        .filter_map(|t| resolved.get(&t.id).map(|r| (r - t.arrival) as f64))
        .sum();
    assert!((parts - ttr_sum).abs() < 1e-3, "{parts} vs {ttr_sum}");
}

#[test]
fn in_incident_mode_linked_tickets_are_acknowledged_and_resolved_at_the_fix() {
    let text = desk(OUTAGE_60, INCIDENT);
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let fix = s.arrivals.bursts[0].end;
    let (m, tickets, resolved, first) = resolutions(&text, 1, 0);
    assert!(m.conserves());
    let (mut acked, mut at_fix) = (0u64, 0u64);
    for t in &tickets {
        let bypassed = first.get(&t.id) == Some(&"bypass");
        let expected = if bypassed && t.burst == Some(0) {
            acked += 1;
            let done = t.arrival + 2 * MINUTE_MS;
            if done <= fix {
                at_fix += 1;
            }
            done.max(fix)
        } else if bypassed {
            // A base-stream ticket of the watched category: worked in full at INC.
            t.arrival + 30 * MINUTE_MS
        } else {
            (t.arrival + 10 * MINUTE_MS).max(if t.burst == Some(0) { fix } else { 0 })
        };
        if expected < s.run.horizon_ms {
            assert_eq!(resolved.get(&t.id), Some(&expected), "ticket {}", t.id);
        }
    }
    assert!(m.loops.incidents >= 1);
    assert!(acked > 60, "most of the burst is linked, got {acked}");
    assert_eq!(m.loops.incident_acks, acked);
    assert!(at_fix > 50, "mass resolution at the fix, got {at_fix}");
}

#[test]
fn a_constant_fix_time_equals_the_same_duration() {
    let fixed = desk(OUTAGE_60, INCIDENT);
    let drawn = desk(
        "fix_minutes = { dist = \"constant\", value = 60 }",
        INCIDENT,
    );
    for policy_index in [0, 1] {
        for rep in 0..2 {
            let (a, ..) = resolutions(&fixed, policy_index, rep);
            let (b, ..) = resolutions(&drawn, policy_index, rep);
            let json = |m| serde_json::to_string(&m).expect("metrics serialise");
            assert_eq!(json(a), json(b), "policy {policy_index}, replication {rep}");
        }
    }
}

#[test]
fn drawn_fix_times_follow_their_distribution_and_end_the_complaints() {
    let text = desk(
        "fix_minutes = { dist = \"exponential\", mean = 90 }",
        INCIDENT,
    );
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let start = s.arrivals.bursts[0].start;
    // The nominal end is the mean.
    assert_eq!(s.arrivals.bursts[0].end, start + 90 * MINUTE_MS);
    let n = 4000;
    let minutes: Vec<f64> = (0..n)
        .map(|rep| (burst_ends(s, rep)[0] - start) as f64 / MINUTE_MS as f64)
        .collect();
    let mean = minutes.iter().sum::<f64>() / n as f64;
    // Exponential: sd = mean, so the standard error is 90 / sqrt(n).
    let se = 90.0 / (n as f64).sqrt();
    assert!((mean - 90.0).abs() < 4.0 * se, "mean fix {mean} min");
    assert_ne!(burst_ends(s, 0), burst_ends(s, 1));
    for rep in 0..3 {
        let end = burst_ends(s, rep)[0];
        let tickets: Vec<Ticket> = synthetic(s, rep).collect();
        let burst: Vec<&Ticket> = tickets.iter().filter(|t| t.burst == Some(0)).collect();
        assert!(
            burst
                .iter()
                .all(|t| t.arrival < end && t.work.fix_at == end)
        );
        // Every candidate sees the same fix: both policies' tickets resolve after it.
        for p in [0, 1] {
            let (_, tickets, resolved, _) = resolutions(&text, p, rep);
            for t in tickets.iter().filter(|t| t.burst == Some(0)) {
                if let Some(&r) = resolved.get(&t.id) {
                    assert!(
                        r >= end,
                        "ticket {} resolved at {r} before the fix {end}",
                        t.id
                    );
                }
            }
        }
    }
}

#[test]
fn fix_time_and_duration_are_exclusive() {
    let both = desk(
        "duration_minutes = 60\nfix_minutes = { dist = \"constant\", value = 60 }",
        "",
    );
    let err = escalsim::scenario::from_str(&both, "both.toml").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("arrivals.bursts[0].fix_minutes") && text.contains("not both"),
        "{text}"
    );
    let not_outage = desk(
        "outage = false\nfix_minutes = { dist = \"constant\", value = 60 }",
        "",
    );
    let err = escalsim::scenario::from_str(&not_outage, "x.toml").unwrap_err();
    assert!(
        err.to_string().contains("only an outage has a fix"),
        "{err}"
    );
    let neither = desk("outage = true", "");
    let err = escalsim::scenario::from_str(&neither, "y.toml").unwrap_err();
    assert!(err.to_string().contains("duration_minutes"), "{err}");
}
