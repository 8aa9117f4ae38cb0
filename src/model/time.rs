//! Simulation time: integer milliseconds since the scenario's start, and the conversion
//! to wall-clock positions (weekday, minute of the week) that profiles, shifts and SLA
//! calendars need.

use chrono::{Datelike, NaiveDateTime, Timelike};

/// Simulation time in milliseconds since the scenario start. Signed so that differences
/// are plain subtractions; never negative inside a run.
pub type SimTime = i64;

/// Milliseconds in one minute.
pub const MINUTE_MS: SimTime = 60_000;
/// Milliseconds in one hour.
pub const HOUR_MS: SimTime = 60 * MINUTE_MS;
/// Milliseconds in one day.
pub const DAY_MS: SimTime = 24 * HOUR_MS;
/// Milliseconds in one week.
pub const WEEK_MS: SimTime = 7 * DAY_MS;

/// Converts minutes (possibly fractional) to whole milliseconds, rounding to nearest.
#[inline]
pub fn minutes_to_ms(minutes: f64) -> SimTime {
    (minutes * MINUTE_MS as f64).round() as SimTime
}

/// Converts milliseconds to minutes.
#[inline]
pub fn ms_to_minutes(ms: SimTime) -> f64 {
    ms as f64 / MINUTE_MS as f64
}

/// Maps simulation time to the wall clock of the scenario's start date.
#[derive(Clone, Debug, PartialEq)]
pub struct Clock {
    /// Wall-clock date and time of simulation time 0 (no time zone: local time of the
    /// support organisation).
    pub start: NaiveDateTime,
    /// Milliseconds from Monday 00:00 to `start` within its week.
    pub start_week_offset_ms: SimTime,
}

impl Clock {
    /// A clock whose time 0 is `start`.
    pub fn new(start: NaiveDateTime) -> Clock {
        let weekday = start.weekday().num_days_from_monday() as SimTime;
        let secs = start.num_seconds_from_midnight() as SimTime;
        Clock {
            start,
            start_week_offset_ms: weekday * DAY_MS + secs * 1000,
        }
    }

    /// Milliseconds since Monday 00:00 of the week containing simulation time `t`,
    /// in `0..WEEK_MS`.
    #[inline]
    pub fn week_ms(&self, t: SimTime) -> SimTime {
        (self.start_week_offset_ms + t).rem_euclid(WEEK_MS)
    }

    /// Wall-clock date and time of simulation time `t`.
    pub fn datetime(&self, t: SimTime) -> NaiveDateTime {
        self.start + chrono::Duration::milliseconds(t)
    }

    /// Simulation time of a wall-clock instant (negative if before the start).
    pub fn sim_time(&self, at: NaiveDateTime) -> SimTime {
        (at - self.start).num_milliseconds()
    }
}

/// A duration in ms as `15 min`, `4 h` or `2.5 h` (whole hours and minutes are shown
/// without decimals).
pub fn duration(ms: SimTime) -> String {
    if ms != 0 && ms % HOUR_MS == 0 {
        format!("{} h", ms / HOUR_MS)
    } else if ms % MINUTE_MS == 0 {
        format!("{} min", ms / MINUTE_MS)
    } else if ms.abs() >= DAY_MS {
        format!("{} h", number(ms as f64 / HOUR_MS as f64))
    } else {
        format!("{} min", number(ms as f64 / MINUTE_MS as f64))
    }
}

/// A number with at most 3 decimals, trailing zeros removed.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
