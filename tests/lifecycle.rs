//! The ticket's lifecycle beyond one block of work: customers who abandon and come
//! back (retrials), checked against exact answers.
//!
//! - Retrial draws: with one agent held by the first ticket for the whole run, every
//!   later attempt abandons, so each ticket retries a truncated-geometric number of
//!   times: `E[R] = p + p² + … + p^k` for retrial probability `p` and at most `k`
//!   retrials, `E[R²] = Σ_j (2j − 1) p^j`.
//! - Every customer is counted once: retrials change no arrival count, and the same
//!   tickets reach every candidate (common random numbers).
//! - `tests/golden.rs` follows one retried ticket by hand.

use escalsim::engine;
use escalsim::policy;
use escalsim::tickets::synthetic::synthetic;

use crate::support::scenario_from;

/// One agent, busy for a million minutes with the first ticket; customers wait one
/// minute and retry after one minute with probability `p`, at most `k` times.
fn blocked_desk(p: f64, k: u32) -> String {
    format!(
        r#"
name = "retrial-blocked"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 30
warmup_days = 0
replications = 1
seed = 77

[tiers.T1]
role = "frontline"
owner = "lead"
agents = 1
handle_minutes = {{ dist = "constant", value = 1000000 }}
cost_per_agent_hour = 1

[escalation]
path = ["T1"]

[segments.all]
share = 1
patience_minutes = {{ dist = "constant", value = 1 }}
retrial_probability = {p}
retrial_delay_minutes = {{ dist = "constant", value = 1 }}
max_retrials = {k}

[categories.general]
share = 1
needs = {{ T1 = 1 }}

[severity]
medium = 1

[sla.critical]
first_response_minutes = 5
resolution_hours = 8
[sla.high]
first_response_minutes = 5
resolution_hours = 8
[sla.medium]
first_response_minutes = 5
resolution_hours = 8
[sla.low]
first_response_minutes = 5
resolution_hours = 8

[arrivals]
per_hour = 10

[policies.fifo]
kind = "tiered"
"#
    )
}

fn run(text: &str) -> escalsim::metrics::RunMetrics {
    let loaded = scenario_from(text);
    let s = &loaded.scenario;
    let mut pol = policy::build(s, &s.policies[0], 0);
    engine::run(s, &s.staffing_models[0], pol.as_mut(), synthetic(s, 0))
        .unwrap_or_else(|e| panic!("run failed: {e}"))
}

#[test]
fn retrials_follow_the_truncated_geometric_law() {
    for (p, k) in [(0.6, 3), (0.9, 5), (0.3, 1)] {
        let m = run(&blocked_desk(p, k));
        assert!(m.conserves());
        // Everyone but the first ticket gives up for good in the end (those still
        // between attempts at the horizon are open).
        assert_eq!(m.resolved, 0);
        assert!(m.abandoned + m.open_at_horizon + 1 >= m.arrived);
        let n = m.arrived as f64;
        let mean: f64 = (1..=k).map(|j| p.powi(j as i32)).sum();
        let second: f64 = (1..=k).map(|j| (2 * j - 1) as f64 * p.powi(j as i32)).sum();
        let se = ((second - mean * mean) / n).sqrt();
        let got = m.loops.retrials as f64 / n;
        let z = (got - mean) / se;
        assert!(
            z.abs() < 3.3,
            "p = {p}, k = {k}: {got} retrials per ticket, expected {mean} (se {se:.4}, z {z:.2})"
        );
        // Each attempt is an offered contact: tickets + retrials contacts, none answered
        // but the first.
        let sl = &m.service_level;
        assert_eq!(sl.answered(), 1);
        assert!(sl.offered() >= m.arrived + m.loops.retrials - 2);
    }
}

#[test]
fn retrials_keep_every_customer_once_and_the_same_tickets() {
    let without = run(&blocked_desk(0.0, 3));
    let with = run(&blocked_desk(0.9, 5));
    // The same stream arrives whatever the customers do afterwards.
    assert_eq!(without.arrived, with.arrived);
    assert_eq!(without.all_arrived, with.all_arrived);
    assert_eq!(without.loops.retrials, 0);
    assert!(with.loops.retrials > with.arrived);
    // Probability 0 is the same run as no retrial fields at all.
    let plain = blocked_desk(0.0, 3)
        .replace("retrial_probability = 0\n", "")
        .replace(
            "retrial_delay_minutes = { dist = \"constant\", value = 1 }\n",
            "",
        )
        .replace("max_retrials = 3\n", "");
    assert!(!plain.contains("retrial_") && !plain.contains("max_retrials"));
    // Compared as text: NaN fields (rates over nothing) are never `==` themselves.
    let (a, b) = (format!("{:?}", run(&plain)), format!("{without:?}"));
    let at = a.bytes().zip(b.bytes()).position(|(x, y)| x != y);
    assert!(
        a == b,
        "probability 0 differs from no retrials at byte {at:?}: {:?} vs {:?}",
        at.map(|i| &a[i.saturating_sub(80)..(i + 80).min(a.len())]),
        at.map(|i| &b[i.saturating_sub(80)..(i + 80).min(b.len())])
    );
}
