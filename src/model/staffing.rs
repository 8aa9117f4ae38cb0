//! Staffing: how many agents a tier has at each moment of the week. A constant head
//! count or a weekly schedule of shifts is flattened into a step function over the
//! week, which the engine turns into staffing-change events.
//!
//! A tier in a region, or with dated shifts or a dated override, also has a
//! [`Roster`]: its shifts in the region's local time with their `from`/`until` dates
//! and the holidays that close it. The engine's changes then come from the roster,
//! day by day in local time, converted to the run's UTC clock across DST; the weekly
//! step function stays the week with every shift on (for warnings and plans).

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::time::{Clock, DAY_MS, SimTime, WEEK_MS};
use super::{Scenario, TierId};

/// A named staffing model: per-tier overrides of the scenario's staffing.
#[derive(Clone, Debug)]
pub struct StaffingModel {
    /// Name (e.g. `baseline`, `plus-two-seniors`).
    pub name: String,
    /// `overrides[tier]`: the staffing to use instead of the tier's own.
    pub overrides: Vec<Option<Staffing>>,
}

impl StaffingModel {
    /// The staffing of `tier` under this model.
    pub fn staffing_for<'a>(&'a self, scenario: &'a Scenario, tier: TierId) -> &'a Staffing {
        self.overrides
            .get(tier.index())
            .and_then(Option::as_ref)
            .unwrap_or(&scenario.tiers[tier.index()].staffing)
    }
}

/// Agents on duty as a weekly step function.
#[derive(Clone, Debug, PartialEq)]
pub struct Staffing {
    /// `(ms since Monday 00:00, agents from then on)`, sorted by time, starting at 0,
    /// with no two consecutive steps having the same head count.
    pub steps: Vec<(SimTime, u32)>,
    /// The dated roster in local time, when the staffing has a region or dates; the
    /// engine's changes then come from it. `None`: the weekly steps on the run clock.
    pub roster: Option<Arc<Roster>>,
}

/// A dated roster: shifts in a time zone's local time, each on the days between its
/// dates, none on the closed days.
#[derive(Clone, Debug, PartialEq)]
pub struct Roster {
    /// Time zone of the shifts' times and dates (UTC outside a region).
    pub zone: Tz,
    /// The shifts, each with its dates.
    pub shifts: Vec<DatedShift>,
    /// Local dates with no agents at all (the region's holidays), sorted.
    pub closed: Vec<NaiveDate>,
}

/// A shift on the local days from `from` to `until` (both inclusive; open-ended
/// when `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct DatedShift {
    /// The weekly shift.
    pub shift: Shift,
    /// First local date it applies, if limited.
    pub from: Option<NaiveDate>,
    /// Last local date it applies (inclusive), if limited.
    pub until: Option<NaiveDate>,
}

impl DatedShift {
    /// Whether the shift applies on local date `d`.
    pub fn on(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d)
            && self.until.is_none_or(|u| d <= u)
            && self
                .shift
                .days
                .contains(&(d.weekday().num_days_from_monday() as u8))
    }

    /// The same shift restricted to the dates it shares with `[from, until]`, if any.
    pub fn within(&self, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Option<DatedShift> {
        let from = self.from.max(from);
        let until = match (self.until, until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        if let (Some(f), Some(u)) = (from, until) {
            if f > u {
                return None;
            }
        }
        Some(DatedShift {
            shift: self.shift.clone(),
            from,
            until,
        })
    }
}

impl Roster {
    /// Every head-count change in `[0, horizon)` as `(time, agents)`, in time order,
    /// starting with the head count at time 0: each local day's shifts (none on a
    /// closed day) placed by the zone's offset on that day. A local time that a DST
    /// change skips is read with the offset before the change (02:30 → 03:30); one it
    /// repeats, as its first occurrence.
    pub fn changes(&self, clock: &Clock, horizon: SimTime) -> Vec<(SimTime, u32)> {
        let utc_start = clock.datetime(0);
        let first = self.zone.from_utc_datetime(&utc_start).date_naive() - Duration::days(2);
        let last = self
            .zone
            .from_utc_datetime(&clock.datetime(horizon))
            .date_naive()
            + Duration::days(1);
        let mut deltas: Vec<(SimTime, i64)> = Vec::new();
        let mut d = first;
        while d <= last {
            if self.closed.binary_search(&d).is_err() {
                for s in self.shifts.iter().filter(|s| s.on(d)) {
                    let at = |ms: SimTime| clock.sim_time(self.utc(d, ms));
                    let a = i64::from(s.shift.agents);
                    deltas.push((at(s.shift.start_ms), a));
                    deltas.push((at(s.shift.end_ms), -a));
                }
            }
            d += Duration::days(1);
        }
        deltas.sort_unstable();
        let mut level: i64 = 0;
        let mut out: Vec<(SimTime, u32)> = vec![(0, 0)];
        let mut i = 0;
        while i < deltas.len() {
            let t = deltas[i].0;
            while i < deltas.len() && deltas[i].0 == t {
                level += deltas[i].1;
                i += 1;
            }
            if t >= horizon {
                break;
            }
            let agents = level.max(0) as u32;
            if t <= 0 {
                out[0].1 = agents;
            } else if out.last().map(|l| l.1) != Some(agents) {
                out.push((t, agents));
            }
        }
        out
    }

    /// The UTC wall clock of local date `d` at `ms` since its midnight.
    fn utc(&self, d: NaiveDate, ms: SimTime) -> NaiveDateTime {
        let local = d.and_time(chrono::NaiveTime::MIN) + Duration::milliseconds(ms);
        match self.zone.from_local_datetime(&local).earliest() {
            Some(t) => t.naive_utc(),
            None => {
                // Skipped by a DST change: read with the offset in force before it.
                let before = self
                    .zone
                    .from_local_datetime(&(local - Duration::hours(3)))
                    .earliest()
                    .map(|t| local - (t.naive_local() - t.naive_utc()));
                before.unwrap_or(local)
            }
        }
    }

    /// The week with every shift on (dates and closed days ignored), in local time.
    pub fn weekly(&self) -> Vec<(SimTime, u32)> {
        let shifts: Vec<Shift> = self.shifts.iter().map(|s| s.shift.clone()).collect();
        Staffing::from_shifts(&shifts).steps
    }
}

/// One shift of a weekly schedule: `agents` on duty on each listed weekday from
/// `start_ms` to `end_ms` (ms since midnight, `start_ms < end_ms <= 24h`).
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// Weekdays, 0 = Monday … 6 = Sunday.
    pub days: Vec<u8>,
    /// Start, ms since midnight.
    pub start_ms: SimTime,
    /// End, ms since midnight (exclusive).
    pub end_ms: SimTime,
    /// Agents on duty during the shift.
    pub agents: u32,
}

impl Staffing {
    /// The same head count all week.
    pub fn constant(agents: u32) -> Staffing {
        Staffing {
            steps: vec![(0, agents)],
            roster: None,
        }
    }

    /// Staffing from a dated roster: the engine follows the roster; the weekly steps
    /// are the week with every shift on.
    pub fn from_roster(roster: Roster) -> Staffing {
        Staffing {
            steps: roster.weekly(),
            roster: Some(Arc::new(roster)),
        }
    }

    /// The weekly steps as whole-day shifts (a step crossing midnight is split there),
    /// with the roster's dates when there is one.
    pub fn dated_shifts(&self) -> Vec<DatedShift> {
        if let Some(r) = &self.roster {
            return r.shifts.clone();
        }
        let mut out = Vec::new();
        for (i, &(t, agents)) in self.steps.iter().enumerate() {
            let end = self.steps.get(i + 1).map(|s| s.0).unwrap_or(WEEK_MS);
            let mut a = t;
            while agents > 0 && a < end {
                let day = a / DAY_MS;
                let b = end.min((day + 1) * DAY_MS);
                out.push(DatedShift {
                    shift: Shift {
                        days: vec![day as u8],
                        start_ms: a - day * DAY_MS,
                        end_ms: b - day * DAY_MS,
                        agents,
                    },
                    from: None,
                    until: None,
                });
                a = b;
            }
        }
        out
    }

    /// Sums overlapping shifts into a weekly step function.
    pub fn from_shifts(shifts: &[Shift]) -> Staffing {
        // +agents at each shift start, -agents at each end, within the week.
        let mut deltas: Vec<(SimTime, i64)> = Vec::new();
        for s in shifts {
            for &d in &s.days {
                let base = d as SimTime * super::time::DAY_MS;
                deltas.push((base + s.start_ms, s.agents as i64));
                deltas.push((base + s.end_ms, -(s.agents as i64)));
            }
        }
        deltas.sort_unstable();
        let mut steps: Vec<(SimTime, u32)> = vec![(0, 0)];
        let mut level: i64 = 0;
        let mut i = 0;
        while i < deltas.len() {
            let t = deltas[i].0;
            while i < deltas.len() && deltas[i].0 == t {
                level += deltas[i].1;
                i += 1;
            }
            if t >= WEEK_MS {
                break;
            }
            let agents = level.max(0) as u32;
            if t == 0 {
                steps[0].1 = agents;
            } else if steps.last().map(|s| s.1) != Some(agents) {
                steps.push((t, agents));
            }
        }
        Staffing {
            steps,
            roster: None,
        }
    }

    /// Agents on duty at `week_ms` (ms since Monday 00:00).
    pub fn agents_at_week_ms(&self, week_ms: SimTime) -> u32 {
        let i = self.steps.partition_point(|&(t, _)| t <= week_ms);
        self.steps[i.saturating_sub(1)].1
    }

    /// Agents on duty at simulation time `t`.
    pub fn agents_at(&self, clock: &Clock, t: SimTime) -> u32 {
        self.agents_at_week_ms(clock.week_ms(t))
    }

    /// The largest head count of the week.
    pub fn max_agents(&self) -> u32 {
        self.steps.iter().map(|s| s.1).max().unwrap_or(0)
    }

    /// Whether the head count never changes.
    pub fn is_constant(&self) -> bool {
        self.steps.len() == 1
    }

    /// Every head-count change in `[0, horizon)` as `(time, agents)`, in time order,
    /// starting with the head count at time 0.
    pub fn changes(&self, clock: &Clock, horizon: SimTime) -> Vec<(SimTime, u32)> {
        if let Some(r) = &self.roster {
            return r.changes(clock, horizon);
        }
        let mut out = vec![(0, self.agents_at(clock, 0))];
        if self.is_constant() {
            return out;
        }
        let week0 = -clock.start_week_offset_ms;
        let mut week_start = week0;
        while week_start < horizon {
            for &(off, agents) in &self.steps {
                let t = week_start + off;
                if t > 0 && t < horizon && out.last().map(|l| l.1) != Some(agents) {
                    out.push((t, agents));
                }
            }
            week_start += WEEK_MS;
        }
        out
    }

    /// Periods within the week with no agent on duty, as `(start, end)` ms since
    /// Monday 00:00.
    pub fn unstaffed_periods(&self) -> Vec<(SimTime, SimTime)> {
        let mut out = Vec::new();
        for (i, &(t, agents)) in self.steps.iter().enumerate() {
            if agents == 0 {
                let end = self.steps.get(i + 1).map(|s| s.0).unwrap_or(WEEK_MS);
                out.push((t, end));
            }
        }
        out
    }

    /// Agent-milliseconds on duty per week.
    pub fn agent_ms_per_week(&self) -> f64 {
        let mut total = 0.0;
        for (i, &(t, agents)) in self.steps.iter().enumerate() {
            let end = self.steps.get(i + 1).map(|s| s.0).unwrap_or(WEEK_MS);
            total += agents as f64 * (end - t) as f64;
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{DAY_MS, HOUR_MS};
    use chrono::NaiveDate;

    #[test]
    fn shifts_sum_where_they_overlap() {
        let s = Staffing::from_shifts(&[
            Shift {
                days: vec![0, 1, 2, 3, 4],
                start_ms: 8 * HOUR_MS,
                end_ms: 16 * HOUR_MS,
                agents: 5,
            },
            Shift {
                days: vec![0, 1, 2, 3, 4],
                start_ms: 12 * HOUR_MS,
                end_ms: 20 * HOUR_MS,
                agents: 3,
            },
        ]);
        assert_eq!(s.agents_at_week_ms(7 * HOUR_MS), 0);
        assert_eq!(s.agents_at_week_ms(8 * HOUR_MS), 5);
        assert_eq!(s.agents_at_week_ms(13 * HOUR_MS), 8);
        assert_eq!(s.agents_at_week_ms(16 * HOUR_MS), 3);
        assert_eq!(s.agents_at_week_ms(20 * HOUR_MS), 0);
        assert_eq!(s.agents_at_week_ms(5 * DAY_MS + 13 * HOUR_MS), 0);
        assert_eq!(s.max_agents(), 8);
        assert_eq!(
            s.agent_ms_per_week(),
            5.0 * (8 * 5 + 8 * 3) as f64 * HOUR_MS as f64
        );
    }

    #[test]
    fn changes_start_mid_week() {
        let s = Staffing::from_shifts(&[Shift {
            days: vec![0, 1, 2, 3, 4, 5, 6],
            start_ms: 9 * HOUR_MS,
            end_ms: 17 * HOUR_MS,
            agents: 2,
        }]);
        // Start on a Wednesday at 12:00 (2026-01-07).
        let clock = Clock::new(
            NaiveDate::from_ymd_opt(2026, 1, 7)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        );
        let ch = s.changes(&clock, DAY_MS);
        assert_eq!(ch, vec![(0, 2), (5 * HOUR_MS, 0), (21 * HOUR_MS, 2)]);
    }
}
