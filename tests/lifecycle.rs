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

{sla}

[arrivals]
per_hour = 10

[policies.fifo]
kind = "tiered"
"#,
        sla = crate::support::sla_all(5.0, 8.0)
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

// ---------------------------------------------------------------------------------
// Touches and customer waits: a Jackson network with feedback
// ---------------------------------------------------------------------------------

/// Erlang C: `(P(wait), mean wait in minutes)` of an M/M/c queue, rates per hour.
fn erlang_c(lambda: f64, mu: f64, c: u32) -> (f64, f64) {
    let a = lambda / mu;
    let rho = a / f64::from(c);
    assert!(rho < 1.0, "Erlang C needs rho < 1, got {rho}");
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let p_wait = b / (1.0 - rho * (1.0 - b));
    (p_wait, p_wait / (f64::from(c) * mu - lambda) * 60.0)
}

/// `(mean, standard error)` of a metric over replications.
fn mean_se(summary: &escalsim::metrics::summary::CandidateSummary, metric: &str) -> (f64, f64) {
    let m = summary
        .metric(metric)
        .unwrap_or_else(|| panic!("no metric {metric}"));
    let v: Vec<f64> = m
        .per_replication
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// One tier of `c` agents; each touch is exponential with mean 60 / `mu` minutes; after
/// each touch another follows with probability `q`, after an exponential customer
/// wait of mean `wait_min` minutes (customers always reply). The tier and the waits
/// form a Jackson network (an M/M/c node with feedback through an infinite-server
/// node), so per visit the tier is M/M/c at the total rate `λ / (1 − q)`, a ticket
/// makes `V = 1 / (1 − q)` visits, and its time in system is
/// `V (W_q + 1/μ) + (V − 1) × wait_min`.
fn touch_desk(lambda: f64, mu: f64, c: u32, q: f64, wait_min: f64) -> String {
    format!(
        r#"
name = "touches-jackson"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 120
warmup_days = 2
replications = 20
seed = 4242

[tiers.T1]
agents = {c}
handle_minutes = {{ dist = "exponential", mean = {touch} }}

[tiers.T1.touches]
more_probability = {q}
max_touches = 50
reply_delay_minutes = {{ dist = "exponential", mean = {wait_min} }}

[escalation]
path = ["T1"]

[segments.all]
share = 1

[categories.general]
share = 1
needs = {{ T1 = 1 }}

[severity]
medium = 1

{sla}

[arrivals]
per_hour = {lambda}

[policies.fifo]
kind = "tiered"
"#,
        sla = crate::support::sla_all(60.0, 1000.0),
        touch = 60.0 / mu
    )
}

#[test]
fn touches_with_customer_waits_match_the_jackson_network() {
    use escalsim::experiment::{self, Options};
    for (lambda, mu, c, q, wait) in [(10.0, 6.0, 4, 0.4, 120.0), (4.0, 3.0, 2, 0.25, 30.0)] {
        let text = touch_desk(lambda, mu, c, q, wait);
        let loaded = scenario_from(&text);
        let s = &loaded.scenario;
        let runs = experiment::run_all(s, &Options { threads: 2 }, |r| synthetic(s, r), &|| {})
            .unwrap_or_else(|e| panic!("run failed: {e}"));
        let summary = experiment::summarise(s, &runs, "t", "synthetic");
        let cand = &summary.candidates[0];
        assert!(cand.conservation.holds);
        let visits = 1.0 / (1.0 - q);
        let total = lambda * visits;
        let (p_wait, wq) = erlang_c(total, mu, c);
        let sojourn_h = (visits * (wq + 60.0 / mu) + (visits - 1.0) * wait) / 60.0;
        let per_ticket = |m: &str| {
            let (h, _) = mean_se(cand, m);
            let (a, _) = mean_se(cand, "arrived");
            h / a
        };
        let mut report = String::new();
        let mut worst: f64 = 0.0;
        for (metric, exact) in [
            ("tier.T1.utilisation", total / (f64::from(c) * mu)),
            ("tier.T1.p_wait", p_wait),
            ("tier.T1.wait_mean_minutes", wq),
            ("ttr_mean_hours", sojourn_h),
        ] {
            let (mean, se) = mean_se(cand, metric);
            let z = (mean - exact) / se;
            worst = worst.max(z.abs());
            report.push_str(&format!(
                "{metric}: {mean:.5} vs exact {exact:.5} (z {z:+.2})\n"
            ));
        }
        // Visits per ticket: every touch is a visit (handled), and the waits between
        // them are V − 1 per ticket.
        let v = per_ticket("tier.T1.handled");
        report.push_str(&format!("visits per ticket {v:.4} vs {visits:.4}\n"));
        let w = per_ticket("waits_customer");
        report.push_str(&format!("waits per ticket {w:.4} vs {:.4}\n", visits - 1.0));
        // Where the time went: the four statuses add up to the time to resolution, and
        // the pending part is the V − 1 waits.
        let parts: f64 = [
            "status_new_hours",
            "status_open_hours",
            "status_pending_hours",
            "status_on_hold_hours",
        ]
        .iter()
        .map(|m| mean_se(cand, m).0)
        .sum();
        let (ttr, _) = mean_se(cand, "ttr_mean_hours");
        report.push_str(&format!("status parts {parts:.6} h vs TTR {ttr:.6} h\n"));
        assert!((parts - ttr).abs() < 1e-9 * ttr, "{report}");
        let (pending, se) = mean_se(cand, "status_pending_hours");
        let exact_pending = (visits - 1.0) * wait / 60.0;
        assert!(
            (pending - exact_pending).abs() < 4.0 * se,
            "pending {pending} vs {exact_pending}"
        );
        println!("touches λ={lambda} μ={mu} c={c} q={q}:\n{report}");
        assert!(worst < 3.3, "{report}");
        assert!((v / visits - 1.0).abs() < 0.01, "{report}");
        assert!((w / (visits - 1.0) - 1.0).abs() < 0.02, "{report}");
    }
}

// ---------------------------------------------------------------------------------
// SLA clocks that pause, by hand
// ---------------------------------------------------------------------------------

/// One agent on duty around the clock; every touch takes 30 minutes; a ticket gets
/// exactly two touches (`max_touches = 2`, `more_probability` just below 1), with a
/// 20-hour wait between them on the customer or (with `third_party_share = 1`) a third
/// party. The resolution SLA is 2 business hours (Mon–Fri 09:00–17:00) and pauses while
/// the ticket waits on the customer.
fn pause_desk(touches_extra: &str) -> String {
    format!(
        r#"
name = "sla-pause"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 5
warmup_days = 0
replications = 1
seed = 3

[calendars.business]
days = ["mon", "tue", "wed", "thu", "fri"]
open = "09:00"
close = "17:00"

[tiers.T1]
agents = 1
handle_minutes = {{ dist = "constant", value = 30 }}

[tiers.T1.touches]
more_probability = 0.9999999
max_touches = 2
reply_delay_minutes = {{ dist = "constant", value = 1200 }}
third_party_delay_minutes = {{ dist = "constant", value = 1200 }}
{touches_extra}

[escalation]
path = ["T1"]

[segments.all]
share = 1

[categories.general]
share = 1
needs = {{ T1 = 1 }}

[severity]
medium = 1

[sla.critical]
first_response_minutes = 60
resolution_hours = 2
[sla.high]
first_response_minutes = 60
resolution_hours = 2
[sla.medium]
first_response_minutes = 60
resolution_hours = 2
calendar = "business"
pause_on = ["customer"]
[sla.low]
first_response_minutes = 60
resolution_hours = 2

[arrivals]
per_hour = 1

[policies.fifo]
kind = "tiered"
"#
    )
}

/// One medium ticket arriving Monday 16:00.
fn monday_ticket() -> escalsim::tickets::Ticket {
    use escalsim::model::{CategoryId, SegmentId, Severity, TierId};
    let mut work = escalsim::tickets::Work::zero();
    work.handle_ms[0] = 30 * 60_000;
    escalsim::tickets::Ticket {
        id: 0,
        arrival: 16 * 3_600_000,
        severity: Severity::Medium,
        segment: SegmentId(0),
        category: CategoryId(0),
        account_value: 0.0,
        needed_tier: TierId(0),
        sentiment: 0.0,
        order_value: 0.0,
        mentions: 0,
        ai: escalsim::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
        noise_key: 11,
        burst: None,
        recorded: None,
        work,
    }
}

fn run_one(text: &str) -> escalsim::metrics::RunMetrics {
    let loaded = scenario_from(text);
    let s = &loaded.scenario;
    let mut pol = policy::build(s, &s.policies[0], 0);
    engine::run(
        s,
        &s.staffing_models[0],
        pol.as_mut(),
        std::iter::once(monday_ticket()),
    )
    .unwrap_or_else(|e| panic!("run failed: {e}"))
}

#[test]
fn sla_clocks_pause_while_the_ticket_waits_on_the_customer() {
    // Arrives Mon 16:00: deadline Tue 10:00 (1 business hour Monday, 1 on Tuesday).
    // Touch 1 16:00–16:30, then waits on the customer until Tue 12:30 with the clock
    // paused: 1.5 business hours were left at 16:30, so the deadline moves to Tue 14:00.
    // Touch 2 12:30–13:00 resolves it on time, 21 hours after arrival.
    let m = run_one(&pause_desk(""));
    assert_eq!((m.arrived, m.resolved), (1, 1));
    assert_eq!(m.outcomes.resolved_on_time, 1, "{:?}", m.outcomes);
    assert_eq!(m.ttr.mean_ms, 21.0 * 3_600_000.0);
    assert_eq!(m.tiers[0].touches, 1);
    assert_eq!(m.tiers[0].handled, 2);
    assert_eq!(m.loops.waits_customer, 1);
    assert_eq!(m.loops.wait_hours, 20.0);
    // Its 21 hours by status: new 0 (an agent started at once), open 1 h (two touches),
    // pending on the customer 20 h.
    let st = &m.loops.statuses;
    let h = 3_600_000.0;
    assert_eq!(
        (
            st.resolutions,
            st.new_ms,
            st.open_ms,
            st.pending_ms,
            st.on_hold_ms
        ),
        (1, 0.0, h, 20.0 * h, 0.0)
    );
    // The status names work as well as the wait names.
    let m =
        run_one(&pause_desk("").replace("pause_on = [\"customer\"]", "pause_on = [\"pending\"]"));
    assert_eq!(m.outcomes.resolved_on_time, 1, "{:?}", m.outcomes);

    // The same wait on a third party does not pause this SLA: resolved at Tue 13:00,
    // past the unmoved deadline Tue 10:00.
    let m = run_one(&pause_desk("third_party_share = 1"));
    assert_eq!(m.outcomes.resolved_late, 1, "{:?}", m.outcomes);
    assert_eq!(m.loops.waits_third_party, 1);
    assert_eq!(m.loops.statuses.on_hold_ms, 20.0 * h);
    assert_eq!(m.loops.statuses.pending_ms, 0.0);
    // Unless the SLA pauses on hold too.
    let m = run_one(
        &pause_desk("third_party_share = 1")
            .replace("pause_on = [\"customer\"]", "pause_on = [\"on_hold\"]"),
    );
    assert_eq!(m.outcomes.resolved_on_time, 1, "{:?}", m.outcomes);

    // A customer who never replies: closed automatically 48 hours after the first
    // touch (Wed 16:30), on time because the clock stood still meanwhile.
    let m = run_one(&pause_desk(
        "reply_probability = 0\nauto_resolve_after_hours = 48",
    ));
    assert_eq!(m.loops.auto_resolved, 1);
    assert_eq!(m.outcomes.resolved_on_time, 1, "{:?}", m.outcomes);
    assert_eq!(m.ttr.mean_ms, 48.5 * 3_600_000.0);
    assert_eq!(m.tiers[0].handled, 1);
    assert_eq!(
        (m.loops.statuses.open_ms, m.loops.statuses.pending_ms),
        (0.5 * h, 48.0 * h)
    );
}

// ---------------------------------------------------------------------------------
// Replies that go back to the same agent, by hand
// ---------------------------------------------------------------------------------

/// Two agents; every touch takes 60 minutes. Tickets of category `two` get exactly two
/// touches with a 30-minute customer wait between them; tickets of `one` get one.
fn owner_desk(touches_extra: &str) -> String {
    format!(
        r#"
name = "same-agent"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 1
warmup_days = 0
replications = 1
seed = 3

[tiers.T1]
agents = 2
handle_minutes = {{ dist = "constant", value = 60 }}

[tiers.T1.touches]
more_probability = 0
more_probability_by_category = {{ two = 0.9999999 }}
max_touches = 2
reply_delay_minutes = {{ dist = "constant", value = 30 }}
{touches_extra}

[escalation]
path = ["T1"]

[segments.all]
share = 1

[categories.one]
share = 0.5
needs = {{ T1 = 1 }}
[categories.two]
share = 0.5
needs = {{ T1 = 1 }}

[severity]
medium = 1

{sla}

[arrivals]
per_hour = 1

[policies.fifo]
kind = "tiered"
"#,
        sla = crate::support::sla_all(600.0, 24.0)
    )
}

/// A medium ticket of category `category` arriving `minute` minutes into the run.
fn desk_ticket(id: u64, minute: i64, category: u16) -> escalsim::tickets::Ticket {
    use escalsim::model::CategoryId;
    let mut t = monday_ticket();
    t.id = id;
    t.arrival = minute * 60_000;
    t.category = CategoryId(category);
    t.work.handle_ms[0] = 60 * 60_000;
    t.noise_key = 100 + id;
    t
}

fn run_tickets(
    text: &str,
    tickets: Vec<escalsim::tickets::Ticket>,
) -> escalsim::metrics::RunMetrics {
    let loaded = scenario_from(text);
    let s = &loaded.scenario;
    let mut pol = policy::build(s, &s.policies[0], 0);
    engine::run(s, &s.staffing_models[0], pol.as_mut(), tickets.into_iter())
        .unwrap_or_else(|e| panic!("run failed: {e}"))
}

#[test]
fn a_reply_waits_for_the_agent_who_touched_it_last() {
    // A (two touches) at 0 is taken by one agent (call it P) until 60; D at 10 by the
    // other (Q) until 70. B at 65 finds only P free: P works B 65–125. A's customer
    // replies at 90, while P is busy and Q is free.
    let tickets = || {
        vec![
            desk_ticket(0, 0, 1),
            desk_ticket(1, 10, 0),
            desk_ticket(2, 65, 0),
        ]
    };
    let minutes = |m: f64| m * 60_000.0;

    // Any agent: Q takes the reply at 90; A is resolved at 150.
    let m = run_tickets(&owner_desk(""), tickets());
    assert_eq!((m.resolved, m.tiers[0].handled), (3, 4));
    assert_eq!(m.ttr.mean_ms, minutes((150.0 + 60.0 + 60.0) / 3.0));
    assert_eq!(m.loops.owner_replies, 0);

    // Held for P for up to an hour: P takes it when B is done at 125; A at 185.
    let m = run_tickets(&owner_desk("same_agent_wait_minutes = 60"), tickets());
    assert_eq!(m.ttr.mean_ms, minutes((185.0 + 60.0 + 60.0) / 3.0));
    assert_eq!(
        (
            m.loops.owner_replies,
            m.loops.owner_kept,
            m.loops.owner_passed
        ),
        (1, 1, 0)
    );
    // It waited 35 minutes at the tier, like any queued ticket.
    assert_eq!(m.tiers[0].handled, 4);

    // Held for 20 minutes only: passed to the tier at 110, Q takes it; A at 170.
    let m = run_tickets(&owner_desk("same_agent_wait_minutes = 20"), tickets());
    assert_eq!(m.ttr.mean_ms, minutes((170.0 + 60.0 + 60.0) / 3.0));
    assert_eq!(
        (
            m.loops.owner_replies,
            m.loops.owner_kept,
            m.loops.owner_passed
        ),
        (1, 0, 1)
    );

    // Zero minutes: the owner only if free, which P is not: the same as any agent.
    let m = run_tickets(&owner_desk("same_agent_wait_minutes = 0"), tickets());
    assert_eq!(m.ttr.mean_ms, minutes(90.0));
    assert_eq!((m.loops.owner_kept, m.loops.owner_passed), (0, 1));

    // One agent, on duty 00:00–01:00 and from 02:00: A's first touch ends at 60 as the
    // agent goes off shift; the reply at 90 waits for them, and they take it when they
    // are back at 120 (done 180), as with any agent; not after the 4-hour wait.
    let shifts = owner_desk("same_agent_wait_minutes = 240").replace(
        "agents = 2",
        r#"shifts = [
  { days = ["mon"], start = "00:00", end = "01:00", agents = 1 },
  { days = ["mon"], start = "02:00", end = "24:00", agents = 1 },
]"#,
    );
    let m = run_tickets(&shifts, vec![desk_ticket(0, 0, 1)]);
    assert_eq!(m.ttr.mean_ms, minutes(180.0));
    assert_eq!((m.loops.owner_kept, m.loops.owner_passed), (1, 0));

    // B arrives at 100 instead: P is free at 90 and takes its reply at once.
    let later = vec![
        desk_ticket(0, 0, 1),
        desk_ticket(1, 10, 0),
        desk_ticket(2, 100, 0),
    ];
    let m = run_tickets(&owner_desk("same_agent_wait_minutes = 60"), later);
    assert_eq!(m.ttr.mean_ms, minutes((150.0 + 60.0 + 60.0) / 3.0));
    assert_eq!((m.loops.owner_kept, m.loops.owner_passed), (1, 0));
}

/// Runs every replication of the scenario `text` on `threads` threads and summarises
/// its first candidate.
fn first_candidate(text: &str, threads: usize) -> escalsim::metrics::summary::CandidateSummary {
    use escalsim::experiment::{self, Options};
    let loaded = scenario_from(text);
    let s = &loaded.scenario;
    let runs = experiment::run_all(s, &Options { threads }, |r| synthetic(s, r), &|| {})
        .unwrap_or_else(|e| panic!("run failed: {e}"));
    experiment::summarise(s, &runs, "t", "synthetic").candidates[0].clone()
}

/// Agents are alike, so a reply that goes to its owner only when the owner is free
/// (`same_agent_wait_minutes = 0`) changes nothing but the owner counts; holding
/// replies for busy owners makes tickets wait longer, and every customer is still
/// counted once.
#[test]
fn holding_replies_for_their_owner_costs_waiting_and_loses_nobody() {
    let summary = |text: &str| first_candidate(text, 2);
    let base = touch_desk(10.0, 6.0, 4, 0.4, 120.0);
    let with = |wait: u32| {
        base.replace(
            "max_touches = 50",
            &format!("max_touches = 50\nsame_agent_wait_minutes = {wait}"),
        )
    };
    let any = summary(&base);
    let free_only = summary(&with(0));
    for m in &any.metrics {
        if m.name.starts_with("owner_") {
            continue;
        }
        let other = free_only.metric(&m.name).expect("same metrics");
        let same = m
            .per_replication
            .iter()
            .zip(&other.per_replication)
            .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()));
        assert!(
            same,
            "{} differs: {:?} vs {:?}",
            m.name, m.per_replication, other.per_replication
        );
    }
    let (replies, _) = mean_se(&free_only, "owner_replies");
    let (kept, _) = mean_se(&free_only, "owner_kept");
    let (passed, _) = mean_se(&free_only, "owner_passed");
    assert!(replies > 0.0 && kept > 0.0 && passed > 0.0);
    // With 4 agents at 69 % busy, the owner is free for most replies.
    assert!(kept / replies > 0.2, "kept {kept} of {replies}");

    let sticky = summary(&with(600));
    assert!(sticky.conservation.holds);
    let (kept, _) = mean_se(&sticky, "owner_kept");
    let (passed, _) = mean_se(&sticky, "owner_passed");
    let (replies, _) = mean_se(&sticky, "owner_replies");
    assert!(
        kept + passed <= replies + 1e-9 && kept / replies > 0.9,
        "{kept} {passed} {replies}"
    );
    let (w_any, se_any) = mean_se(&any, "tier.T1.wait_mean_minutes");
    let (w_sticky, se_sticky) = mean_se(&sticky, "tier.T1.wait_mean_minutes");
    assert!(
        w_sticky - w_any > 3.0 * (se_any * se_any + se_sticky * se_sticky).sqrt(),
        "waiting for the owner should cost: {w_any} vs {w_sticky}"
    );
    let (a1, _) = mean_se(&any, "arrived");
    let (a2, _) = mean_se(&sticky, "arrived");
    assert_eq!(a1, a2, "the same tickets reach both");
}

// ---------------------------------------------------------------------------------
// Closed tickets: a customer who comes back late opens a follow-up ticket
// ---------------------------------------------------------------------------------

/// Plenty of agents; every resolved ticket's problem comes back once with probability
/// 1/2, after `reopen_after`; tickets close `close_hours` after resolution. A rule routes
/// reopened tickets (`reopens_min = 1`) and counts them.
fn closing_desk(reopen_after: &str, close_hours: f64) -> String {
    format!(
        r#"
name = "closing"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 200
warmup_days = 0
replications = 1
seed = 77

[tiers.T1]
agents = 50
handle_minutes = {{ dist = "exponential", mean = 10 }}

[escalation]
path = ["T1"]

[segments.all]
share = 1

[categories.general]
share = 1
needs = {{ T1 = 1 }}

[severity]
medium = 1

{sla}

[arrivals]
per_hour = 2

[feedback]
reopen_probability = {{ default = 0.5 }}
reopen_after_hours = {reopen_after}
max_reopens = 1
close_after_hours = {close_hours}

[policies.sop]
kind = "sop"
[[policies.sop.rules]]
name = "reopened"
when = {{ reopens_min = 1 }}
route = "T1"
"#,
        sla = crate::support::sla_all(600.0, 24.0)
    )
}

#[test]
fn a_closed_ticket_cannot_reopen_and_its_customer_returns_with_a_new_one() {
    let summary = |text: &str| first_candidate(text, 1);
    let value = |c: &escalsim::metrics::summary::CandidateSummary, m: &str| mean_se(c, m).0;
    // Every problem comes back after 30 hours: closed after 24 hours, every one is a
    // follow-up ticket; closed after 48, every one a reopen. The same customers come
    // back in both (common random numbers), and only reopens fire the reopen rule.
    let late = summary(&closing_desk("{ dist = \"constant\", value = 30 }", 24.0));
    let early = summary(&closing_desk("{ dist = \"constant\", value = 30 }", 48.0));
    let back = value(&late, "returns_after_close");
    assert!(back > 1000.0, "{back}");
    assert_eq!(value(&late, "reopens"), 0.0);
    assert_eq!(value(&late, "rule.reopened.fired"), 0.0);
    assert_eq!(value(&early, "returns_after_close"), 0.0);
    assert_eq!(value(&early, "reopens"), back);
    assert_eq!(value(&early, "rule.reopened.fired"), back);
    assert_eq!(value(&late, "arrived"), value(&early, "arrived"));
    assert!(late.conservation.holds && early.conservation.holds);

    // Exponential delays of mean 24 h, closed after 24 h: a share e^-1 of the customers
    // who come back find their ticket closed.
    let c = summary(&closing_desk("{ dist = \"exponential\", mean = 24 }", 24.0));
    let (ret, reo) = (value(&c, "returns_after_close"), value(&c, "reopens"));
    let n = ret + reo;
    let share = ret / n;
    let exact = (-1.0f64).exp();
    let se = (exact * (1.0 - exact) / n).sqrt();
    assert!(
        (share - exact).abs() < 4.0 * se,
        "returns {ret} of {n}: {share:.4} vs e^-1 = {exact:.4} (se {se:.4})"
    );
}

// ---------------------------------------------------------------------------------
// Probabilistic routing with send-backs: a Jackson network
// ---------------------------------------------------------------------------------

/// Three M/M/c tiers routed by a `transfers` policy: T1 resolves half its visits and
/// escalates the rest to T2; T2 resolves 40 %, sends 20 % back to T1 and 40 % on to
/// T3; T3 resolves 70 % and sends 30 % back to T2. Every visit draws its route and a
/// fresh exponential work time, so this is an open Jackson network: with the visit
/// rates `λ_i = λ v_i` from the traffic equations, each tier is an M/M/c queue and a
/// ticket's mean time in system is `Σ v_i (W_q,i + 1/μ_i)`.
pub fn send_back_network(lambda: f64) -> String {
    format!(
        r#"
name = "transfers-jackson"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 60
warmup_days = 2
replications = 20
seed = 9090

[tiers.T1]
agents = 3
handle_minutes = {{ dist = "exponential", mean = 10 }}
[tiers.T2]
agents = 3
handle_minutes = {{ dist = "exponential", mean = 15 }}
[tiers.T3]
agents = 2
handle_minutes = {{ dist = "exponential", mean = 30 }}

[escalation]
path = ["T1", "T2", "T3"]

[segments.all]
share = 1

[categories.general]
share = 1
needs = {{ T1 = 1 }}

[severity]
medium = 1

{sla}

[arrivals]
per_hour = {lambda}

[policies.network]
kind = "transfers"
entry = {{ T1 = 1 }}
[policies.network.transfers]
T1 = {{ resolve = 0.5, T2 = 0.5 }}
T2 = {{ resolve = 0.4, T1 = 0.2, T3 = 0.4 }}
T3 = {{ resolve = 0.7, T2 = 0.3 }}
"#,
        sla = crate::support::sla_all(600.0, 10000.0)
    )
}

#[test]
fn transfers_with_send_backs_match_the_jackson_network() {
    use escalsim::experiment::{self, Options};
    let lambda = 10.0;
    let text = send_back_network(lambda);
    let loaded = scenario_from(&text);
    let s = &loaded.scenario;
    let runs = experiment::run_all(s, &Options { threads: 2 }, |r| synthetic(s, r), &|| {})
        .unwrap_or_else(|e| panic!("run failed: {e}"));
    let summary = experiment::summarise(s, &runs, "t", "synthetic");
    let cand = &summary.candidates[0];
    assert!(cand.conservation.holds);
    // Traffic equations by hand: v1 = 1 + 0.2 v2, v2 = 0.5 v1 + 0.3 v3, v3 = 0.4 v2.
    let v2 = 0.5 / (1.0 - 0.1 - 0.12);
    let visits = [1.0 + 0.2 * v2, v2, 0.4 * v2];
    let mu = [6.0, 4.0, 2.0];
    let agents = [3, 3, 2];
    let mut sojourn_min = 0.0;
    let mut report = String::new();
    let mut worst: f64 = 0.0;
    let (arrived, _) = mean_se(cand, "arrived");
    for (i, name) in ["T1", "T2", "T3"].iter().enumerate() {
        let rate = lambda * visits[i];
        let (p_wait, wq) = erlang_c(rate, mu[i], agents[i]);
        sojourn_min += visits[i] * (wq + 60.0 / mu[i]);
        for (metric, exact) in [
            (
                format!("tier.{name}.utilisation"),
                rate / (f64::from(agents[i]) * mu[i]),
            ),
            (format!("tier.{name}.p_wait"), p_wait),
            (format!("tier.{name}.wait_mean_minutes"), wq),
        ] {
            let (mean, se) = mean_se(cand, &metric);
            let z = (mean - exact) / se;
            worst = worst.max(z.abs());
            report.push_str(&format!(
                "{metric}: {mean:.5} vs exact {exact:.5} (z {z:+.2})\n"
            ));
        }
        // Visits per ticket (each visit is one handled service).
        let (handled, _) = mean_se(cand, &format!("tier.{name}.handled"));
        let v = handled / arrived;
        report.push_str(&format!(
            "{name} visits per ticket {v:.4} vs {:.4}\n",
            visits[i]
        ));
        assert!((v / visits[i] - 1.0).abs() < 0.02, "{report}");
    }
    let (ttr, se) = mean_se(cand, "ttr_mean_hours");
    let z = (ttr - sojourn_min / 60.0) / se;
    worst = worst.max(z.abs());
    report.push_str(&format!(
        "ttr_mean_hours: {ttr:.5} vs exact {:.5} (z {z:+.2})\n",
        sojourn_min / 60.0
    ));
    // Send-backs: T2 → T1 and T3 → T2.
    let (back, _) = mean_se(cand, "send_backs");
    let want = 0.2 * visits[1] + 0.3 * visits[2];
    report.push_str(&format!(
        "send-backs per ticket {:.4} vs {want:.4}\n",
        back / arrived
    ));
    println!("transfers Jackson network:\n{report}");
    assert!((back / arrived / want - 1.0).abs() < 0.03, "{report}");
    assert!(worst < 3.3, "{report}");
}
