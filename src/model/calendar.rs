//! Working calendars: when a clock runs. A calendar is either always open (24×7) or a
//! set of weekly open intervals (business hours). SLA clocks and staffing use them;
//! [`Calendar::add_working`] turns "4 business hours after arrival" into a simulation
//! time.

use super::time::{Clock, SimTime, WEEK_MS};

/// Index of a calendar in [`Scenario::calendars`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarId(pub u16);

/// A named working calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    /// Name used in the scenario file.
    pub name: String,
    /// Open intervals within the week, in milliseconds since Monday 00:00, sorted,
    /// non-overlapping and non-adjacent; `None` means open all the time (24×7).
    pub weekly_open_ms: Option<Vec<(SimTime, SimTime)>>,
}

impl Calendar {
    /// A calendar that is always open.
    pub fn always(name: impl Into<String>) -> Calendar {
        Calendar {
            name: name.into(),
            weekly_open_ms: None,
        }
    }

    /// A weekly calendar from open intervals (ms since Monday 00:00, each `start < end
    /// <= WEEK_MS`); intervals are sorted and merged. Returns `None` when no time is
    /// open at all.
    pub fn weekly(
        name: impl Into<String>,
        mut intervals: Vec<(SimTime, SimTime)>,
    ) -> Option<Calendar> {
        intervals.retain(|(s, e)| s < e);
        intervals.sort_unstable();
        let mut merged: Vec<(SimTime, SimTime)> = Vec::with_capacity(intervals.len());
        for (s, e) in intervals {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        if merged.is_empty() {
            return None;
        }
        let name = name.into();
        if merged.len() == 1 && merged[0] == (0, WEEK_MS) {
            return Some(Calendar::always(name));
        }
        Some(Calendar {
            name,
            weekly_open_ms: Some(merged),
        })
    }

    /// Open milliseconds per week.
    pub fn open_ms_per_week(&self) -> SimTime {
        match &self.weekly_open_ms {
            None => WEEK_MS,
            Some(iv) => iv.iter().map(|(s, e)| e - s).sum(),
        }
    }

    /// Whether the calendar is open at simulation time `t`.
    pub fn is_open(&self, clock: &Clock, t: SimTime) -> bool {
        match &self.weekly_open_ms {
            None => true,
            Some(iv) => {
                let w = clock.week_ms(t);
                iv.iter().any(|&(s, e)| s <= w && w < e)
            }
        }
    }

    /// The simulation time at which `duration_ms` of open time has elapsed after `t`.
    /// With a 24×7 calendar this is `t + duration_ms`. A zero duration returns `t`.
    pub fn add_working(&self, clock: &Clock, t: SimTime, duration_ms: SimTime) -> SimTime {
        let iv = match &self.weekly_open_ms {
            None => return t + duration_ms,
            Some(iv) => iv,
        };
        if duration_ms <= 0 {
            return t;
        }
        let per_week = self.open_ms_per_week();
        let mut remaining = duration_ms;
        let mut now = t;
        // Skip whole weeks first: each full week supplies `per_week` open time.
        let full_weeks = (remaining - 1) / per_week;
        now += full_weeks * WEEK_MS;
        remaining -= full_weeks * per_week;
        // Walk the intervals from `now`'s position in its week (at most two laps).
        let mut week_start = now - clock.week_ms(now);
        loop {
            for &(s, e) in iv {
                let (s, e) = (week_start + s, week_start + e);
                if e <= now {
                    continue;
                }
                let from = now.max(s);
                let available = e - from;
                if available >= remaining {
                    return from + remaining;
                }
                remaining -= available;
                now = e;
            }
            week_start += WEEK_MS;
            now = now.max(week_start);
        }
    }

    /// Open milliseconds between `a` and `b` (`a <= b`).
    pub fn working_between(&self, clock: &Clock, a: SimTime, b: SimTime) -> SimTime {
        if b <= a {
            return 0;
        }
        let iv = match &self.weekly_open_ms {
            None => return b - a,
            Some(iv) => iv,
        };
        let per_week = self.open_ms_per_week();
        let full_weeks = (b - a) / WEEK_MS;
        let mut total = full_weeks * per_week;
        let a = a + full_weeks * WEEK_MS;
        let mut week_start = a - clock.week_ms(a);
        while week_start < b {
            for &(s, e) in iv {
                let (s, e) = (week_start + s, week_start + e);
                let lo = s.max(a);
                let hi = e.min(b);
                if hi > lo {
                    total += hi - lo;
                }
            }
            week_start += WEEK_MS;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{DAY_MS, HOUR_MS};
    use chrono::NaiveDate;

    fn monday_clock() -> Clock {
        // 2026-01-05 is a Monday.
        Clock::new(
            NaiveDate::from_ymd_opt(2026, 1, 5)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
    }

    fn business_hours() -> Calendar {
        // Mon–Fri 09:00–17:00.
        let iv = (0..5)
            .map(|d| (d * DAY_MS + 9 * HOUR_MS, d * DAY_MS + 17 * HOUR_MS))
            .collect();
        Calendar::weekly("business", iv).unwrap()
    }

    #[test]
    fn always_open_adds_plainly() {
        let c = Calendar::always("24x7");
        assert_eq!(c.add_working(&monday_clock(), 5, 100), 105);
    }

    #[test]
    fn business_hours_roll_over_nights_and_weekends() {
        let c = business_hours();
        let clock = monday_clock();
        // Monday 16:00 + 2 business hours = Tuesday 10:00.
        let t = 16 * HOUR_MS;
        assert_eq!(c.add_working(&clock, t, 2 * HOUR_MS), DAY_MS + 10 * HOUR_MS);
        // Friday 16:00 + 2h = next Monday 10:00.
        let fri = 4 * DAY_MS + 16 * HOUR_MS;
        assert_eq!(
            c.add_working(&clock, fri, 2 * HOUR_MS),
            7 * DAY_MS + 10 * HOUR_MS
        );
        // Saturday 12:00 + 1h = Monday 10:00.
        let sat = 5 * DAY_MS + 12 * HOUR_MS;
        assert_eq!(
            c.add_working(&clock, sat, HOUR_MS),
            7 * DAY_MS + 10 * HOUR_MS
        );
        // Exactly one working week (40 h) from Monday 09:00 ends Friday 17:00.
        assert_eq!(
            c.add_working(&clock, 9 * HOUR_MS, 40 * HOUR_MS),
            4 * DAY_MS + 17 * HOUR_MS
        );
        // 41 h from Monday 09:00 = next Monday 10:00.
        assert_eq!(
            c.add_working(&clock, 9 * HOUR_MS, 41 * HOUR_MS),
            7 * DAY_MS + 10 * HOUR_MS
        );
    }

    #[test]
    fn working_between_inverts_add_working() {
        let c = business_hours();
        let clock = monday_clock();
        for start in [
            0,
            3 * HOUR_MS,
            10 * HOUR_MS,
            5 * DAY_MS + HOUR_MS,
            11 * DAY_MS + 13 * HOUR_MS,
        ] {
            for dur in [1, HOUR_MS, 8 * HOUR_MS, 39 * HOUR_MS, 100 * HOUR_MS] {
                let end = c.add_working(&clock, start, dur);
                assert_eq!(
                    c.working_between(&clock, start, end),
                    dur,
                    "start {start} dur {dur}"
                );
            }
        }
    }

    #[test]
    fn is_open_follows_the_week() {
        let c = business_hours();
        let clock = monday_clock();
        assert!(!c.is_open(&clock, 8 * HOUR_MS));
        assert!(c.is_open(&clock, 9 * HOUR_MS));
        assert!(!c.is_open(&clock, 17 * HOUR_MS));
        assert!(!c.is_open(&clock, 5 * DAY_MS + 10 * HOUR_MS));
        assert!(c.is_open(&clock, 7 * DAY_MS + 10 * HOUR_MS));
    }
}
