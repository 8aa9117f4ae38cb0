//! #14 items 2–4: an event log's statuses and assignees split each stay into queue
//! wait, active and pending time; its people give an as-logged staffing; and the
//! calibration on people estimates work content on one window, predicts the next and
//! can fail.
//!
//! The logs here are made by hand: a tiny case with known spans, and a small desk
//! simulated in this file (six people on duty around the clock, first come first
//! served, two-part tickets, half of them waiting on the customer between the parts)
//! whose true work content is known.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

use escalsim::tickets::replay::{self, LoadOptions};

use crate::support::{escalsim, sla_all, stdout, tempdir, write};

const HOUR_MS: i64 = 3_600_000;

fn scenario(extra: &str) -> String {
    format!(
        r#"
name = "people-test"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 70
warmup_days = 0
replications = 1
seed = 3
[tiers.T1]
role = "desk"
owner = "lead"
agents = 6
handle_minutes = {{ dist = "exponential", mean = 60 }}
cost_per_agent_hour = 1
[escalation]
path = ["T1"]
[segments.all]
share = 1
account_value = {{ dist = "constant", value = 0 }}
[categories.general]
share = 1
needs = {{ T1 = 1 }}
[severity]
medium = 1
{}
[arrivals]
per_hour = 4
[staffing.as-scheduled]
[staffing.half]
T1 = {{ agents = 3 }}
[policies.fifo]
kind = "tiered"
discipline = "fifo"
[replay]
tickets = "log.csv"
mapping = "mapping.toml"
{extra}
"#,
        sla_all(60.0, 48.0)
    )
}

const MAPPING: &str = r#"
format = "event-log"
missing = ["?"]
[columns]
id = "number"
arrival = "opened_at"
event_time = "updated_at"
group = "group"
status = "state"
agent = "assigned_to"
resolved = "resolved_at"
[statuses]
customer = ["Awaiting User Info"]
third_party = ["Awaiting Vendor*"]
[defaults]
severity = "medium"
segment = "all"
category = "general"
[groups]
"Desk" = "T1"
"#;

const HEADER: &str = "number,opened_at,updated_at,state,group,assigned_to,resolved_at\n";

fn load(dir: &Path, log: &str) -> (escalsim::model::Scenario, replay::Replay) {
    write(dir, "log.csv", log);
    write(dir, "mapping.toml", MAPPING);
    let path = write(dir, "s.toml", &scenario(""));
    let s = escalsim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    let src = s.replay.clone().unwrap_or_else(|| panic!("no [replay]"));
    let r = replay::load(&s, &src, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    (s, r)
}

/// One ticket with known spans: opened 09:00, assigned to Ann at 09:30, waiting on the
/// customer 10:00–14:00, on a vendor 14:30–15:00, resolved 16:00. One stay of 7 h:
/// pending 4 h (customer) + 0.5 h (third party), active 2.5 h, of which 1 h before
/// the first pending span and 0.5 h before Ann was assigned.
#[test]
fn statuses_and_assignees_split_a_stay() {
    let d = tempdir();
    let log = format!(
        "{HEADER}\
INC1,2026-01-05T09:00:00,2026-01-05T09:00:00,New,Desk,?,?
INC1,2026-01-05T09:00:00,2026-01-05T09:30:00,Active,Desk,Ann,?
INC1,2026-01-05T09:00:00,2026-01-05T10:00:00,Awaiting User Info,Desk,Ann,?
INC1,2026-01-05T09:00:00,2026-01-05T14:00:00,Active,Desk,Ann,?
INC1,2026-01-05T09:00:00,2026-01-05T14:30:00,Awaiting Vendor reply,Desk,Ann,?
INC1,2026-01-05T09:00:00,2026-01-05T15:00:00,Active,Desk,Ann,?
INC1,2026-01-05T09:00:00,2026-01-05T16:00:00,Resolved,Desk,Ann,2026-01-05T16:00:00
"
    );
    let (s, r) = load(d.path(), &log);
    let t: Vec<_> = r.tickets(&s, 0).collect();
    let step = t[0].recorded.as_ref().map(|r| r.steps[0]).expect("a stay");
    assert_eq!(step.ms, 7 * HOUR_MS);
    assert_eq!(step.pending_ms, 4 * HOUR_MS + HOUR_MS / 2);
    assert!(!step.third_party, "mostly on the customer");
    assert_eq!(step.active_ms(), 5 * HOUR_MS / 2);
    assert_eq!(step.lead_ms, HOUR_MS);
    assert_eq!(step.queue_ms, HOUR_MS / 2);
    // Ann is seen at work in the hours 9, 10, 14, 15 and 16 of Monday.
    let h = r.summary.headcount.as_ref().expect("a headcount");
    let hours: Vec<i64> = h.by_hour.keys().copied().collect();
    assert_eq!(hours, vec![9, 10, 14, 15, 16]);
    assert_eq!(h.people, vec![1]);
    // Replayed along its path it takes its 7 hours; the agent is free while it waits.
    let cal = escalsim::calibrate::calibrate(&s, &t, 0.0).unwrap_or_else(|e| panic!("{e}"));
    let ttr = cal
        .rows
        .iter()
        .find(|r| r.name == "TTR mean h")
        .expect("TTR");
    assert_eq!((ttr.simulated, ttr.recorded), (7.0, 7.0));
    let visits = cal
        .rows
        .iter()
        .find(|r| r.name == "visits T1")
        .expect("visits");
    assert_eq!((visits.simulated, visits.recorded), (1.0, 1.0));
}

/// A mapping's `[statuses]` need a status column, and statuses and assignees need an
/// event log.
#[test]
fn statuses_and_agents_are_checked_in_the_mapping() {
    let d = tempdir();
    write(d.path(), "log.csv", HEADER);
    let bad = MAPPING
        .replace("format = \"event-log\"\n", "")
        .replace("status = \"state\"\n", "");
    write(d.path(), "mapping.toml", &bad);
    let path = write(d.path(), "s.toml", &scenario(""));
    let s = escalsim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    let src = s.replay.clone().unwrap_or_else(|| panic!("no [replay]"));
    let e = match replay::load(&s, &src, &LoadOptions::default()) {
        Ok(_) => panic!("expected mapping problems"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("statuses: no status column to match"), "{e}");
    assert!(
        e.contains("columns.agent: a ticket's statuses and assignees change"),
        "{e}"
    );
    assert!(
        e.contains("statuses: statuses change over a ticket's updates"),
        "{e}"
    );
}

/// A small deterministic generator (SplitMix64) for the hand-made desk.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn exp_ms(&mut self, mean_ms: f64) -> i64 {
        (-mean_ms * (1.0 - self.unit()).ln()).round() as i64
    }
}

/// The desk: Poisson arrivals at 4 an hour for 63 days; six people around the clock,
/// first come first served; a ticket is two parts of exponential work (mean 30 min
/// each: 1 h of work, 4 erlangs on 6 people); half the tickets wait on the customer
/// for an exponential 6 h between the parts and then queue again. Each ticket's rows:
/// opened (New, nobody), each pick-up (Active, the person), the wait (Awaiting User
/// Info, the person), the reply (Active, nobody: back in the queue), the resolution.
fn desk_log(days: i64) -> String {
    const PEOPLE: usize = 6;
    let horizon = days * 24 * HOUR_MS;
    let mut rng = Rng(7);
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Ev {
        Arrive(usize),
        PartEnd(usize, usize, u8),
        Reply(usize),
    }
    struct T {
        arrival: i64,
        parts: [i64; 2],
        pending: Option<i64>,
        rows: Vec<(i64, &'static str, Option<usize>)>,
        resolved: Option<i64>,
    }
    let mut tickets: Vec<T> = Vec::new();
    let mut heap: BinaryHeap<Reverse<(i64, u64, Ev)>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut at = 0i64;
    loop {
        at += rng.exp_ms(HOUR_MS as f64 / 4.0);
        if at >= horizon {
            break;
        }
        let parts = [
            rng.exp_ms(HOUR_MS as f64 / 2.0),
            rng.exp_ms(HOUR_MS as f64 / 2.0),
        ];
        let pending = (rng.unit() < 0.5).then(|| rng.exp_ms(6.0 * HOUR_MS as f64));
        heap.push(Reverse((at, seq, Ev::Arrive(tickets.len()))));
        seq += 1;
        tickets.push(T {
            arrival: at,
            parts,
            pending,
            rows: Vec::new(),
            resolved: None,
        });
    }
    let mut free: Vec<usize> = (0..PEOPLE).rev().collect();
    let mut queue: VecDeque<(usize, u8)> = VecDeque::new();
    while let Some(Reverse((now, _, ev))) = heap.pop() {
        match ev {
            Ev::Arrive(i) => {
                tickets[i].rows.push((now, "New", None));
                queue.push_back((i, 0));
            }
            Ev::Reply(i) => {
                tickets[i].rows.push((now, "Active", None));
                queue.push_back((i, 1));
            }
            Ev::PartEnd(i, p, part) => {
                free.push(p);
                let t = &mut tickets[i];
                match (part, t.pending) {
                    (0, Some(wait)) => {
                        t.rows.push((now, "Awaiting User Info", Some(p)));
                        heap.push(Reverse((now + wait, seq, Ev::Reply(i))));
                        seq += 1;
                    }
                    _ => {
                        t.rows.push((now, "Resolved", Some(p)));
                        t.resolved = Some(now);
                    }
                }
            }
        }
        while !free.is_empty() && !queue.is_empty() {
            let (Some(p), Some((i, part))) = (free.pop(), queue.pop_front()) else {
                break;
            };
            let t = &mut tickets[i];
            t.rows.push((now, "Active", Some(p)));
            // Without a wait both parts are one pick-up.
            let work = match (part, t.pending) {
                (0, None) => t.parts[0] + t.parts[1],
                (0, Some(_)) => t.parts[0],
                _ => t.parts[1],
            };
            heap.push(Reverse((now + work, seq, Ev::PartEnd(i, p, part))));
            seq += 1;
        }
    }
    let ts = |ms: i64| {
        let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .expect("a date");
        (start + chrono::Duration::milliseconds(ms))
            .format("%Y-%m-%dT%H:%M:%S%.3f")
            .to_string()
    };
    let mut out = String::from(HEADER);
    for (i, t) in tickets.iter().enumerate() {
        let resolved = t.resolved.map_or("?".to_string(), ts);
        for &(time, state, who) in &t.rows {
            let who = who.map_or("?".to_string(), |p| format!("Person {p}"));
            let _ = writeln!(
                out,
                "INC{i},{},{},{state},Desk,{who},{resolved}",
                ts(t.arrival),
                ts(time)
            );
        }
    }
    out
}

fn value(out: &str, line_start: &str, column: usize) -> f64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(line_start))
        .unwrap_or_else(|| panic!("no line `{line_start}` in\n{out}"));
    line.split_whitespace()
        .nth(column)
        .and_then(|x| x.trim_end_matches('%').parse().ok())
        .unwrap_or_else(|| panic!("no number in column {column} of `{line}`"))
}

/// A folder holding the desk's log over `days`, its mapping and its scenario.
fn desk(days: i64) -> tempfile::TempDir {
    let d = tempdir();
    write(d.path(), "log.csv", &desk_log(days));
    write(d.path(), "mapping.toml", MAPPING);
    write(d.path(), "s.toml", &scenario(""));
    d
}

/// On a desk that is what the model says (people as logged, first come first served),
/// the calibration holds on the held-out weeks and recovers the work content: 1 h per
/// visit, six people on duty.
#[test]
fn calibration_on_people_recovers_a_desks_work_content() {
    let d = desk(63);
    let o = escalsim(d.path(), &["calibrate", "s.toml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("reader self-check passed"), "{out}");
    assert!(
        out.contains("calibration holds on the held-out window"),
        "{out}"
    );
    // tier, people, on duty, (held), visits, queue h, active h, pending h, work h, …
    let people = value(&out, "T1 ", 1);
    let on_duty = value(&out, "T1 ", 2);
    let work_h = value(&out, "T1 ", 8);
    assert_eq!(people, 6.0, "{out}");
    assert!((on_duty - 6.0).abs() <= 0.5, "{on_duty}\n{out}");
    assert!(
        (work_h - 1.0).abs() <= 0.1,
        "work per visit {work_h} h\n{out}"
    );
    // 4 tickets an hour × 1 h on 6 people: two thirds busy.
    let busy = value(&out, "T1 ", 11);
    assert!((busy - 66.7).abs() <= 5.0, "busy {busy} %\n{out}");
}

/// The same desk calibrated with a roster of three people instead of the six the log
/// shows: the fit can only keep three people out of saturation with about half the
/// true work, the held-out weeks then differ, and the calibration says so (exit 1),
/// while the reader self-check still passes.
#[test]
fn calibration_on_people_fails_with_the_wrong_headcount() {
    let d = desk(63);
    let o = escalsim(d.path(), &["calibrate", "s.toml", "--roster", "half"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("reader self-check passed"), "{out}");
    // The fit squeezes the work to about half the true 1 h to keep three people out of
    // saturation, and the held-out weeks show the model is wrong.
    assert!(
        out.contains("calibration FAILED: the held-out window differs"),
        "{out}"
    );
    let work_h = value(&out, "T1 ", 8);
    assert!(work_h < 0.8, "work per visit {work_h} h\n{out}");
    assert!(out.contains("staffing model `half`"), "{out}");
    // A roster that does not exist is an error naming the ones that do.
    let o = escalsim(d.path(), &["calibrate", "s.toml", "--roster", "halve"]);
    assert_eq!(o.status.code(), Some(2));
    let err = crate::support::stderr(&o);
    assert!(
        err.contains("--roster halve: no staffing model of that name"),
        "{err}"
    );
    assert!(err.contains("`half`"), "{err}");
}

/// A log too short for two windows of a whole week each (10 days: 7 fitted, 3 held
/// out) gets the reader self-check and a note, not a calibration built on days of the
/// week it never saw: exit 0.
#[test]
fn a_short_log_is_not_calibrated_on_people() {
    let d = desk(10);
    let o = escalsim(d.path(), &["calibrate", "s.toml"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("reader self-check passed"), "{out}");
    assert!(
        out.contains("no calibration on people: the log's dense window spans 10 day(s), split into 7 for fitting and 3 held out"),
        "{out}"
    );
}
