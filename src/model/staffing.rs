//! Staffing: how many agents a tier has at each moment of the week. A constant head
//! count or a weekly schedule of shifts is flattened into a step function over the
//! week, which the engine turns into staffing-change events.

use super::time::{Clock, SimTime, WEEK_MS};
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
        }
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
        Staffing { steps }
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
