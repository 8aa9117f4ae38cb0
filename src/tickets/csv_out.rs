//! Ticket CSV export: one row per ticket in the native ticket schema (documented in
//! `docs/tickets.md`), which historical replay reads back.
//!
//! Columns, in order: `id`, `arrival`, `severity`, `segment`, `category`,
//! `account_value`, `needed_tier`, `sentiment`, `burst`, then for every tier in scenario
//! order `handle_minutes.<Tier>`, `triage_minutes.<Tier>`, `handoff_minutes.<Tier>`,
//! then `patience_minutes` (empty = infinite) and `order_value`. Columns added later
//! go at the end, so existing positions never move.
//!
//! Formatting is deterministic and locale-free:
//! - `arrival` is the wall-clock time of [`Clock::datetime`](crate::model::Clock::datetime)
//!   as `YYYY-MM-DDTHH:MM:SS.mmm` (no time zone);
//! - durations are minutes written from the integer ms with integer arithmetic, at most
//!   5 decimals and no trailing zeros (`7.5`, `0.00002`, `12`): rounding
//!   `minutes × 60000` to the nearest integer gives back the exact ms, because 5
//!   decimals are within 0.3 ms;
//! - `account_value`, `sentiment` and `order_value` use Rust's shortest round-trip
//!   formatting, so they parse back to the identical `f64`/`f32`;
//! - names (severity, segment, category, tier, burst) are the scenario's names, with a
//!   `'` in front of one a spreadsheet would evaluate ([`crate::csv_cell`]); replay
//!   drops it again.

use std::fmt::Write as _;
use std::io;

use super::Ticket;
use crate::csv_cell::cell;
use crate::model::Scenario;

/// Milliseconds in one minute.
const MINUTE_MS_U32: u32 = 60_000;

/// Writes `tickets` as CSV (header first) to `out` and returns the number of rows
/// written (header excluded). A ticket whose ids are out of range for `scenario` is an
/// error naming the ticket.
pub fn write_tickets<W: io::Write>(
    scenario: &Scenario,
    tickets: impl Iterator<Item = Ticket>,
    out: W,
) -> Result<u64, csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(header(scenario))?;
    let mut field = String::with_capacity(32);
    let mut rows = 0u64;
    for t in tickets {
        write_row(scenario, &t, &mut w, &mut field)?;
        rows += 1;
    }
    w.flush()?;
    Ok(rows)
}

/// The header row for `scenario`.
pub fn header(scenario: &Scenario) -> Vec<String> {
    let mut h: Vec<String> = [
        "id",
        "arrival",
        "severity",
        "segment",
        "category",
        "account_value",
        "needed_tier",
        "sentiment",
        "burst",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for tier in &scenario.tiers {
        h.push(format!("handle_minutes.{}", tier.name));
        h.push(format!("triage_minutes.{}", tier.name));
        h.push(format!("handoff_minutes.{}", tier.name));
    }
    h.push("patience_minutes".to_string());
    h.push("order_value".to_string());
    h
}

/// Appends `ms` as minutes: the whole minutes, then up to 5 decimals (rounded half up,
/// trailing zeros dropped). Exact to the ms when read back with rounding.
pub fn push_minutes(out: &mut String, ms: u32) {
    let whole = ms / MINUTE_MS_U32;
    let rem = u64::from(ms % MINUTE_MS_U32);
    // rem / 60000 minutes = rem × 5/3 hundred-thousandths; round half up.
    let mut frac = (rem * 10 + 3) / 6;
    let _ = write!(out, "{whole}");
    if frac > 0 {
        let mut digits = 5;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, ".{frac:0digits$}");
    }
}

fn out_of_range(t: &Ticket, what: &str, index: usize) -> csv::Error {
    csv::Error::from(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "ticket {}: {what} index {index} is not in the scenario; \
             tickets must come from the same scenario",
            t.id
        ),
    ))
}

/// The name of `items[index]`, or an error naming the ticket.
fn name_of<'s, T>(
    t: &Ticket,
    what: &str,
    items: &'s [T],
    index: usize,
    name: impl Fn(&'s T) -> &'s String,
) -> Result<&'s str, csv::Error> {
    items
        .get(index)
        .map(|x| name(x).as_str())
        .ok_or_else(|| out_of_range(t, what, index))
}

fn write_row<W: io::Write>(
    scenario: &Scenario,
    t: &Ticket,
    w: &mut csv::Writer<W>,
    f: &mut String,
) -> Result<(), csv::Error> {
    let segment = name_of(t, "segment", &scenario.segments, t.segment.index(), |x| {
        &x.name
    })?;
    let category = name_of(
        t,
        "category",
        &scenario.categories,
        t.category.index(),
        |x| &x.name,
    )?;
    let needed = name_of(t, "tier", &scenario.tiers, t.needed_tier.index(), |x| {
        &x.name
    })?;
    let burst = match t.burst {
        None => "",
        Some(k) => name_of(t, "burst", &scenario.arrivals.bursts, usize::from(k), |x| {
            &x.name
        })?,
    };

    f.clear();
    let _ = write!(f, "{}", t.id);
    w.write_field(f.as_str())?;
    f.clear();
    let _ = write!(
        f,
        "{}",
        scenario
            .clock
            .datetime(t.arrival)
            .format("%Y-%m-%dT%H:%M:%S%.3f")
    );
    w.write_field(f.as_str())?;
    w.write_field(t.severity.name())?;
    w.write_field(&*cell(segment))?;
    w.write_field(&*cell(category))?;
    f.clear();
    let _ = write!(f, "{}", t.account_value);
    w.write_field(f.as_str())?;
    w.write_field(&*cell(needed))?;
    f.clear();
    let _ = write!(f, "{}", t.sentiment);
    w.write_field(f.as_str())?;
    w.write_field(&*cell(burst))?;
    let work = &t.work;
    let per_tier = work
        .handle_ms
        .iter()
        .zip(&work.triage_ms)
        .zip(&work.handoff_ms)
        .take(scenario.tiers.len());
    for ((&handle, &triage), &handoff) in per_tier {
        for ms in [handle, triage, handoff] {
            f.clear();
            push_minutes(f, ms);
            w.write_field(f.as_str())?;
        }
    }
    f.clear();
    if let Some(ms) = t.work.patience_ms {
        push_minutes(f, ms);
    }
    w.write_field(f.as_str())?;
    f.clear();
    let _ = write!(f, "{}", t.order_value);
    w.write_field(f.as_str())?;
    w.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CategoryId;
    use crate::model::test_scenario::scenario;
    use crate::model::{Burst, Dist, SegmentId, SentimentDist, Severity, TierId};
    use crate::tickets::{Work, minutes_to_ms_u32, synthetic::synthetic};

    fn to_string(s: &Scenario, tickets: Vec<Ticket>) -> (u64, String) {
        let mut buf = Vec::new();
        let rows = write_tickets(s, tickets.into_iter(), &mut buf).unwrap();
        (rows, String::from_utf8(buf).unwrap())
    }

    fn work(handle: [u32; 2], triage: [u32; 2], handoff: [u32; 2], patience: Option<u32>) -> Work {
        let mut w = Work::zero();
        w.handle_ms[..2].copy_from_slice(&handle);
        w.triage_ms[..2].copy_from_slice(&triage);
        w.handoff_ms[..2].copy_from_slice(&handoff);
        w.patience_ms = patience;
        w
    }

    #[test]
    fn header_and_rows_match_a_hand_written_file() {
        let mut s = scenario(&["T1", "Eng"]);
        s.arrivals.bursts = vec![Burst {
            name: "outage".into(),
            start: 0,
            end: 1,
            outage: false,
            fix_minutes: None,
            extra_per_hour: 1.0,
            categories: None,
            severity_shares: None,
        }];
        let tickets = vec![
            Ticket {
                id: 0,
                arrival: 90_061_001, // 1 day, 1 h, 1 min, 1.001 s
                severity: Severity::High,
                segment: SegmentId(0),
                category: CategoryId(0),
                account_value: 1200.5,
                needed_tier: TierId(1),
                sentiment: -0.25,
                order_value: 89.95,
                mentions: 0,
                ai: crate::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
                noise_key: 0,
                burst: Some(0),
                work: work([450_000, 1], [135_000, 1], [30_000, 0], Some(1_800_000)),
                recorded: None,
            },
            Ticket {
                id: 1,
                arrival: 0,
                severity: Severity::Low,
                segment: SegmentId(0),
                category: CategoryId(0),
                account_value: 0.0,
                needed_tier: TierId(0),
                sentiment: 0.0,
                order_value: 0.0,
                mentions: 0,
                ai: crate::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
                noise_key: 0,
                burst: None,
                work: work([59_999, 3_600_001], [59_999, 3_600_001], [0, 0], None),
                recorded: None,
            },
        ];
        let (rows, text) = to_string(&s, tickets);
        let expected = "\
id,arrival,severity,segment,category,account_value,needed_tier,sentiment,burst,\
handle_minutes.T1,triage_minutes.T1,handoff_minutes.T1,\
handle_minutes.Eng,triage_minutes.Eng,handoff_minutes.Eng,patience_minutes,order_value
0,2026-01-06T01:01:01.001,high,standard,general,1200.5,Eng,-0.25,outage,\
7.5,2.25,0.5,0.00002,0.00002,0,30,89.95
1,2026-01-05T00:00:00.000,low,standard,general,0,T1,0,,\
0.99998,0.99998,0,60.00002,60.00002,0,,0
";
        assert_eq!(text, expected);
        assert_eq!(rows, 2);
    }

    #[test]
    fn minutes_round_trip_to_the_exact_ms() {
        let check = |ms: u32| {
            let mut s = String::new();
            push_minutes(&mut s, ms);
            let minutes: f64 = s.parse().unwrap();
            assert_eq!(minutes_to_ms_u32(minutes), ms, "{ms} ms written as {s}");
            assert!(
                !s.ends_with('0') || !s.contains('.'),
                "trailing zero in {s}"
            );
        };
        (0..=1_200_000).for_each(check);
        for base in [3_600_000u32, 86_400_000, 1_000_000_000, u32::MAX - 200_000] {
            (base..=base + 200_000).for_each(check);
        }
        check(u32::MAX);
    }

    #[test]
    fn synthetic_tickets_round_trip_through_the_file() {
        let mut s = scenario(&["T1", "T2", "T3"]);
        s.run.horizon_ms = 2 * 86_400_000;
        s.categories[0].sentiment = SentimentDist {
            mean: -0.2,
            sd: 0.6,
        };
        s.segments[0].account_value = Dist::lognormal_mean_cv(5000.0, 1.0).unwrap();
        s.segments[0].patience_minutes = Some(Dist::exponential(20.0).unwrap());
        s.tiers[0].triage_minutes = Some(Dist::exponential(2.0).unwrap());
        s.tiers[1].handoff_minutes = Some(Dist::uniform(0.0, 5.0).unwrap());
        s.categories[0].order_value = Some(Dist::lognormal_mean_cv(150.0, 0.7).unwrap());
        let tickets: Vec<Ticket> = synthetic(&s, 0).collect();
        let (rows, text) = to_string(&s, tickets.clone());
        assert_eq!(rows, tickets.len() as u64);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let head = reader.headers().unwrap().clone();
        assert_eq!(head.len(), 9 + 3 * 3 + 2);
        assert_eq!(head.get(head.len() - 1), Some("order_value"));
        let col = |name: &str| head.iter().position(|h| h == name).unwrap();
        let ms = |f: &str| minutes_to_ms_u32(f.parse::<f64>().unwrap());
        let mut n = 0;
        for (rec, t) in reader.records().zip(&tickets) {
            let rec = rec.unwrap();
            assert_eq!(rec[col("id")].parse::<u64>().unwrap(), t.id);
            let at = chrono::NaiveDateTime::parse_from_str(
                &rec[col("arrival")],
                "%Y-%m-%dT%H:%M:%S%.3f",
            )
            .unwrap();
            assert_eq!(s.clock.sim_time(at), t.arrival);
            assert_eq!(&rec[col("severity")], t.severity.name());
            assert_eq!(
                rec[col("account_value")].parse::<f64>().unwrap(),
                t.account_value
            );
            assert_eq!(rec[col("sentiment")].parse::<f32>().unwrap(), t.sentiment);
            assert_eq!(
                &rec[col("needed_tier")],
                s.tiers[t.needed_tier.index()].name
            );
            for (i, tier) in s.tiers.iter().enumerate() {
                let w = &t.work;
                assert_eq!(
                    ms(&rec[col(&format!("handle_minutes.{}", tier.name))]),
                    w.handle_ms[i]
                );
                assert_eq!(
                    ms(&rec[col(&format!("triage_minutes.{}", tier.name))]),
                    w.triage_ms[i]
                );
                assert_eq!(
                    ms(&rec[col(&format!("handoff_minutes.{}", tier.name))]),
                    w.handoff_ms[i]
                );
            }
            assert_eq!(Some(ms(&rec[col("patience_minutes")])), t.work.patience_ms);
            assert_eq!(
                rec[col("order_value")].parse::<f64>().unwrap(),
                t.order_value
            );
            assert!(t.order_value > 0.0);
            n += 1;
        }
        assert_eq!(n, tickets.len());
        assert!(n > 2000);
    }

    #[test]
    fn a_ticket_from_another_scenario_is_an_error_naming_it() {
        let s = scenario(&["T1"]);
        let t = Ticket {
            id: 7,
            arrival: 0,
            severity: Severity::Low,
            segment: SegmentId(3),
            category: CategoryId(0),
            account_value: 0.0,
            needed_tier: TierId(0),
            sentiment: 0.0,
            order_value: 0.0,
            mentions: 0,
            ai: crate::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
            noise_key: 0,
            burst: None,
            work: Work::zero(),
            recorded: None,
        };
        let err = write_tickets(&s, std::iter::once(t), Vec::new()).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("ticket 7") && msg.contains("segment index 3"),
            "{msg}"
        );
    }
}
