//! Checks for single values shared by every table: required fields, numbers, counts,
//! durations with a unit in their name, times of day, weekdays and date-times. Each
//! check reports its problem at the value's path and returns `None` when the value is
//! unusable, so callers can carry on and report everything at once.

use chrono::{NaiveDate, NaiveDateTime};

use super::problem::{Problems, join, num};
use super::suggest::closest;
use crate::model::time::{DAY_MS, HOUR_MS, MINUTE_MS, SimTime, minutes_to_ms};

/// The longest duration any field may give, days (keeps every time far from `i64`
/// overflow).
pub(crate) const MAX_DURATION_DAYS: f64 = 36_500.0;

/// Weekday names as written in scenario files, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const WEEKDAYS_LONG: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The value of a required field, or a "missing" error at `path`.
pub(crate) fn required<'a, T>(
    problems: &mut Problems,
    path: &str,
    value: &'a Option<T>,
    fix: &str,
) -> Option<&'a T> {
    if value.is_none() {
        problems.error(path, "missing required field", fix);
    }
    value.as_ref()
}

/// A finite number > 0.
pub(crate) fn positive(problems: &mut Problems, path: &str, v: f64, fix: &str) -> Option<f64> {
    if v.is_finite() && v > 0.0 {
        Some(v)
    } else {
        problems.error(path, format!("must be a finite number > 0, got {v}"), fix);
        None
    }
}

/// A finite number >= 0.
pub(crate) fn non_negative(problems: &mut Problems, path: &str, v: f64, fix: &str) -> Option<f64> {
    if v.is_finite() && v >= 0.0 {
        Some(v)
    } else {
        problems.error(path, format!("must be a finite number >= 0, got {v}"), fix);
        None
    }
}

/// A whole number in `min..=max`.
pub(crate) fn count(
    problems: &mut Problems,
    path: &str,
    v: i64,
    min: u32,
    max: u32,
    fix: &str,
) -> Option<u32> {
    match u32::try_from(v) {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            problems.error(
                path,
                format!("must be a whole number from {min} to {max}, got {v}"),
                fix,
            );
            None
        }
    }
}

/// A duration given as `<stem>_minutes` or `<stem>_hours` (exactly one when
/// `required`, at most one otherwise) in the table at `table`, converted to ms.
/// `Some(None)`: absent and optional; `None`: an error was reported.
pub(crate) fn duration(
    problems: &mut Problems,
    table: &str,
    stem: &str,
    minutes: Option<f64>,
    hours: Option<f64>,
    required: bool,
    fix: &str,
) -> Option<Option<SimTime>> {
    let (field, value, unit_ms) = match (minutes, hours) {
        (Some(_), Some(_)) => {
            problems.error(
                table,
                format!("give `{stem}_minutes` or `{stem}_hours`, not both"),
                format!("remove one of them; {fix}"),
            );
            return None;
        }
        (None, None) if required => {
            problems.error(
                join(table, &format!("{stem}_minutes")),
                format!("missing required field (give `{stem}_minutes` or `{stem}_hours`)"),
                fix,
            );
            return None;
        }
        (None, None) => return Some(None),
        (Some(m), None) => (format!("{stem}_minutes"), m, MINUTE_MS),
        (None, Some(h)) => (format!("{stem}_hours"), h, HOUR_MS),
    };
    duration_value(problems, &join(table, &field), value, unit_ms, fix).map(Some)
}

/// A duration > 0 (and at most [`MAX_DURATION_DAYS`]) in units of `unit_ms`, as ms.
pub(crate) fn duration_value(
    problems: &mut Problems,
    path: &str,
    value: f64,
    unit_ms: SimTime,
    fix: &str,
) -> Option<SimTime> {
    let v = positive(problems, path, value, fix)?;
    let ms = v * unit_ms as f64;
    if ms > MAX_DURATION_DAYS * DAY_MS as f64 {
        problems.error(
            path,
            format!("must be at most {MAX_DURATION_DAYS} days, got {v}"),
            fix,
        );
        return None;
    }
    let ms = minutes_to_ms(v * (unit_ms as f64 / MINUTE_MS as f64));
    if ms == 0 {
        problems.error(
            path,
            format!("must be at least 1 millisecond, got {v}"),
            fix,
        );
        return None;
    }
    Some(ms)
}

/// A time of day, `"HH:MM"` (or `"HH:MM:SS"`, or a TOML local time), as ms since
/// midnight. `"24:00"` is accepted only when `end_of_day` is true.
pub(crate) fn time_of_day(
    problems: &mut Problems,
    path: &str,
    value: &toml::Value,
    end_of_day: bool,
) -> Option<SimTime> {
    let fix = if end_of_day {
        "write the time as \"HH:MM\" on a 24-hour clock, e.g. \"17:00\" (\"24:00\" is midnight at the end of the day)"
    } else {
        "write the time as \"HH:MM\" on a 24-hour clock, e.g. \"09:00\""
    };
    let parsed = match value {
        toml::Value::String(s) => parse_hms(s),
        toml::Value::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => dt.time.map(|t| {
            (
                u32::from(t.hour),
                u32::from(t.minute),
                u32::from(t.second),
                t.nanosecond / 1_000_000,
            )
        }),
        _ => None,
    };
    let Some((h, m, s, ms)) = parsed else {
        problems.error(
            path,
            format!("must be a time of day \"HH:MM\", got {value}"),
            fix,
        );
        return None;
    };
    let total = (((h as SimTime * 60 + m as SimTime) * 60) + s as SimTime) * 1000 + ms as SimTime;
    let valid = m < 60 && s < 60 && (h < 24 || (end_of_day && total == DAY_MS));
    if !valid {
        let message = if h == 24 && total == DAY_MS {
            "\"24:00\" is only allowed as an end or closing time".to_string()
        } else {
            format!("is not a valid time of day: {value}")
        };
        problems.error(path, message, fix);
        return None;
    }
    Some(total)
}

/// Parses `H:MM`, `HH:MM` or `HH:MM:SS` into (hours, minutes, seconds, ms).
fn parse_hms(s: &str) -> Option<(u32, u32, u32, u32)> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let field = |p: &str, max_len: usize| -> Option<u32> {
        if p.is_empty() || p.len() > max_len || !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    match parts.as_slice() {
        [h, m] if m.len() == 2 => Some((field(h, 2)?, field(m, 2)?, 0, 0)),
        [h, m, s] if m.len() == 2 && s.len() == 2 => {
            Some((field(h, 2)?, field(m, 2)?, field(s, 2)?, 0))
        }
        _ => None,
    }
}

/// A list of weekday names (`mon` … `sun`, or full names, any case), as 0 = Monday …
/// 6 = Sunday, in the order given. Empty lists, unknown names and repeats are errors.
pub(crate) fn weekdays(problems: &mut Problems, path: &str, days: &[String]) -> Option<Vec<u8>> {
    if days.is_empty() {
        problems.error(
            path,
            "must list at least one weekday",
            "list weekdays such as [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
        );
        return None;
    }
    let mut out: Vec<u8> = Vec::with_capacity(days.len());
    let mut ok = true;
    for (i, d) in days.iter().enumerate() {
        let lower = d.trim().to_lowercase();
        let found = WEEKDAYS
            .iter()
            .position(|w| *w == lower)
            .or_else(|| WEEKDAYS_LONG.iter().position(|w| *w == lower));
        match found {
            Some(n) if out.contains(&(n as u8)) => {
                problems.error(
                    super::problem::index(path, i),
                    format!("lists `{}` more than once", WEEKDAYS[n]),
                    "list each weekday once",
                );
                ok = false;
            }
            Some(n) => out.push(n as u8),
            None => {
                let guess = closest(&lower, WEEKDAYS.iter().chain(WEEKDAYS_LONG.iter()).copied())
                    .and_then(|g| {
                        WEEKDAYS_LONG
                            .iter()
                            .position(|w| *w == g)
                            .map(|i| WEEKDAYS[i])
                            .or(Some(g))
                    });
                let fix = match guess {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "use mon, tue, wed, thu, fri, sat or sun".to_string(),
                };
                problems.error(
                    super::problem::index(path, i),
                    format!("unknown weekday `{d}` (expected mon, tue, wed, thu, fri, sat or sun)"),
                    fix,
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// A local date-time (TOML local date-time or local date, or a string
/// `YYYY-MM-DDTHH:MM[:SS]` / `YYYY-MM-DD`), years 1000–9999.
pub(crate) fn datetime(
    problems: &mut Problems,
    path: &str,
    value: &toml::Value,
) -> Option<NaiveDateTime> {
    let fix = "write a local date-time such as 2026-01-05T00:00:00 (no time zone)";
    let parsed = match value {
        toml::Value::Datetime(dt) => {
            if dt.offset.is_some() {
                problems.error(
                    path,
                    format!("must be a local date-time without a time zone offset, got {dt}"),
                    "drop the offset: times are local to the support organisation, e.g. 2026-01-05T00:00:00",
                );
                return None;
            }
            let date = dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            });
            match (date, dt.time) {
                (Some(date), Some(t)) => date.and_hms_nano_opt(
                    u32::from(t.hour),
                    u32::from(t.minute),
                    u32::from(t.second),
                    t.nanosecond,
                ),
                (Some(date), None) => date.and_hms_opt(0, 0, 0),
                _ => None,
            }
        }
        toml::Value::String(s) => parse_datetime_str(s.trim()),
        _ => None,
    };
    match parsed {
        Some(dt) if (1000..=9999).contains(&chrono::Datelike::year(&dt)) => Some(dt),
        Some(dt) => {
            problems.error(
                path,
                format!("year must be from 1000 to 9999, got {dt}"),
                fix,
            );
            None
        }
        None => {
            problems.error(path, format!("must be a local date-time, got {value}"), fix);
            None
        }
    }
}

/// A local date (TOML local date or a string `YYYY-MM-DD`), years 1000–9999.
pub(crate) fn date(problems: &mut Problems, path: &str, value: &toml::Value) -> Option<NaiveDate> {
    let parsed = match value {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            })
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    };
    match parsed {
        Some(d) if (1000..=9999).contains(&chrono::Datelike::year(&d)) => Some(d),
        _ => {
            problems.error(
                path,
                format!("must be a date, got {value}"),
                "write a date such as 2026-12-25 (no time of day, no time zone)",
            );
            None
        }
    }
}

fn parse_datetime_str(s: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

/// A time of day for messages: `09:30` (`09:30:15` when it has seconds).
pub(crate) fn fmt_time_of_day(ms: SimTime) -> String {
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// A position in the week for messages: `Sat 00:00` (`ms` since Monday 00:00).
pub(crate) fn fmt_week_time(ms: SimTime) -> String {
    let ms = ms.rem_euclid(7 * DAY_MS);
    let day = (ms / DAY_MS) as usize;
    let name = WEEKDAYS[day.min(6)];
    let mut chars = name.chars();
    let cap: String = chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect();
    format!("{cap} {}", fmt_time_of_day(ms % DAY_MS))
}

/// A share (probability) in `[0, 1]`.
pub(crate) fn share(problems: &mut Problems, path: &str, v: f64, fix: &str) -> Option<f64> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Some(v)
    } else {
        problems.error(path, format!("must be a share from 0 to 1, got {v}"), fix);
        None
    }
}

/// How shares that should sum to 1 read when they do not: their terms
/// (`T1 0.9 + T2 0.07`, or "none are given") and the gap (`0.03 short`, `0.1 over`).
pub(crate) fn off_by_one(terms: &[String], sum: f64) -> (String, String) {
    let detail = if terms.is_empty() {
        "none are given".to_string()
    } else {
        terms.join(" + ")
    };
    let gap = if sum < 1.0 {
        format!("{} short", num(1.0 - sum))
    } else {
        format!("{} over", num(sum - 1.0))
    };
    (detail, gap)
}

/// Checks that `shares` (`(name, share)`, each already valid) sum to 1 within 1e-6,
/// reporting at `path` what they sum to and by how much to adjust.
pub(crate) fn shares_sum_to_one(
    problems: &mut Problems,
    path: &str,
    what: &str,
    shares: &[(String, f64)],
) -> bool {
    let sum: f64 = shares.iter().map(|(_, s)| s).sum();
    if (sum - 1.0).abs() <= 1e-6 {
        return true;
    }
    let terms: Vec<String> = shares
        .iter()
        .map(|(n, s)| format!("{n} {}", num(*s)))
        .collect();
    let (detail, gap) = off_by_one(&terms, sum);
    problems.error(
        path,
        format!("{what} must sum to 1, but sum to {} ({detail})", num(sum)),
        format!("adjust them so they add up to 1 (they are {gap})"),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> toml::Value {
        toml::Value::String(v.to_string())
    }

    #[test]
    fn times_of_day_parse_and_reject() {
        let mut ps = Problems::default();
        assert_eq!(
            time_of_day(&mut ps, "a", &s("09:30"), false),
            Some(9 * HOUR_MS + 30 * MINUTE_MS)
        );
        assert_eq!(
            time_of_day(&mut ps, "a", &s("7:05:30"), false),
            Some(7 * HOUR_MS + 5 * MINUTE_MS + 30_000)
        );
        assert_eq!(time_of_day(&mut ps, "a", &s("24:00"), true), Some(DAY_MS));
        assert_eq!(ps.error_count(), 0);
        let lit: toml::Value = toml::from_str::<toml::Table>("t = 08:15:00")
            .ok()
            .and_then(|t| t.get("t").cloned())
            .unwrap_or(toml::Value::Boolean(false));
        assert_eq!(
            time_of_day(&mut ps, "a", &lit, false),
            Some(8 * HOUR_MS + 15 * MINUTE_MS)
        );
        assert_eq!(time_of_day(&mut ps, "b", &s("24:00"), false), None);
        assert_eq!(time_of_day(&mut ps, "c", &s("25:00"), true), None);
        assert_eq!(time_of_day(&mut ps, "d", &s("9am"), false), None);
        assert_eq!(time_of_day(&mut ps, "e", &s("12:60"), false), None);
        assert_eq!(
            time_of_day(&mut ps, "f", &toml::Value::Integer(9), false),
            None
        );
        let list = ps.into_sorted();
        assert_eq!(list.len(), 5);
        assert!(list[0].message.contains("only allowed as an end"));
        assert!(list[2].message.contains("\"HH:MM\""), "{}", list[2].message);
    }

    #[test]
    fn weekdays_accept_short_and_long_names_and_reject_others() {
        let mut ps = Problems::default();
        let days = |v: &[&str]| v.iter().map(|d| d.to_string()).collect::<Vec<_>>();
        assert_eq!(
            weekdays(&mut ps, "d", &days(&["Mon", "friday", "sun"])),
            Some(vec![0, 4, 6])
        );
        assert_eq!(weekdays(&mut ps, "d", &days(&["mon", "tues"])), None);
        assert_eq!(weekdays(&mut ps, "e", &days(&["mon", "mon"])), None);
        assert_eq!(weekdays(&mut ps, "f", &[]), None);
        let list = ps.into_sorted();
        assert_eq!(list[0].path, "d[1]");
        assert_eq!(list[0].fix, "did you mean `tue`?");
        assert_eq!(list[1].path, "e[1]");
        assert_eq!(list[2].path, "f");
    }

    #[test]
    fn datetimes_from_literals_and_strings() {
        let mut ps = Problems::default();
        let lit = |src: &str| {
            toml::from_str::<toml::Table>(&format!("t = {src}"))
                .ok()
                .and_then(|t| t.get("t").cloned())
                .unwrap_or(toml::Value::Boolean(false))
        };
        let want = NaiveDate::from_ymd_opt(2026, 1, 5).and_then(|d| d.and_hms_opt(9, 30, 0));
        assert_eq!(datetime(&mut ps, "a", &lit("2026-01-05T09:30:00")), want);
        assert_eq!(datetime(&mut ps, "a", &s("2026-01-05 09:30")), want);
        assert_eq!(
            datetime(&mut ps, "a", &lit("2026-01-05")),
            NaiveDate::from_ymd_opt(2026, 1, 5).and_then(|d| d.and_hms_opt(0, 0, 0))
        );
        assert_eq!(ps.error_count(), 0);
        assert_eq!(datetime(&mut ps, "b", &lit("2026-01-05T09:30:00Z")), None);
        assert_eq!(datetime(&mut ps, "c", &s("next monday")), None);
        assert_eq!(datetime(&mut ps, "d", &s("2026-02-30T00:00:00")), None);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 3);
        assert!(list[0].message.contains("time zone offset"));
    }

    #[test]
    fn durations_need_exactly_one_unit() {
        let mut ps = Problems::default();
        assert_eq!(
            duration(&mut ps, "sla.high", "resolution", None, Some(4.0), true, ""),
            Some(Some(4 * HOUR_MS))
        );
        assert_eq!(
            duration(
                &mut ps,
                "sla.high",
                "update_interval",
                None,
                None,
                false,
                ""
            ),
            Some(None)
        );
        assert_eq!(ps.error_count(), 0);
        assert_eq!(
            duration(
                &mut ps,
                "sla.high",
                "resolution",
                Some(1.0),
                Some(4.0),
                true,
                ""
            ),
            None
        );
        assert_eq!(
            duration(&mut ps, "sla.low", "resolution", None, None, true, ""),
            None
        );
        assert_eq!(
            duration(
                &mut ps,
                "sla.low",
                "first_response",
                Some(-5.0),
                None,
                true,
                ""
            ),
            None
        );
        assert_eq!(
            duration(
                &mut ps,
                "sla.low",
                "first_response",
                None,
                Some(1e12),
                true,
                ""
            ),
            None
        );
        let list = ps.into_sorted();
        assert_eq!(list[0].path, "sla.high");
        assert_eq!(list[1].path, "sla.low.resolution_minutes");
        assert_eq!(list[2].path, "sla.low.first_response_minutes");
        assert_eq!(list[2].message, "must be a finite number > 0, got -5");
        assert_eq!(list[3].path, "sla.low.first_response_hours");
    }

    #[test]
    fn share_sums_report_total_and_gap() {
        let mut ps = Problems::default();
        let ok = [
            ("a".to_string(), 0.1),
            ("b".to_string(), 0.2),
            ("c".to_string(), 0.7),
        ];
        assert!(shares_sum_to_one(&mut ps, "x", "segment shares", &ok));
        let bad = [("a".to_string(), 0.2), ("b".to_string(), 0.75)];
        assert!(!shares_sum_to_one(
            &mut ps,
            "segments",
            "segment shares",
            &bad
        ));
        let list = ps.into_sorted();
        assert_eq!(
            list[0].message,
            "segment shares must sum to 1, but sum to 0.95 (a 0.2 + b 0.75)"
        );
        assert_eq!(
            list[0].fix,
            "adjust them so they add up to 1 (they are 0.05 short)"
        );
    }
}
