//! The headcount a log shows: from the rows in which a person holds a ticket of a
//! group (an event log's `agent` column), how many distinct people each tier had at
//! work in each hour, and from that an "as logged" weekly staffing in people.
//!
//! A person counts in an hour when at least one row of that hour shows them holding a
//! ticket (as its assignee) of one of the tier's groups. A person seen in groups of
//! several tiers in one hour counts once, in the tier with most of their rows that hour
//! (ties to the earlier tier), so no one is counted twice. A person present but
//! writing no update in an hour is not seen: the count is a lower bound of the people
//! at work, and the weekly template averages it over the weeks of a window.

use std::collections::{BTreeMap, HashMap};

use super::event_log::Presence;
use crate::model::time::{Clock, HOUR_MS};
use crate::model::{SimTime, Staffing, TierId};

/// People at work per tier and hour, as the log shows them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Headcount {
    /// Hour (from the simulation's start, negative before it) → people per tier.
    pub by_hour: BTreeMap<i64, Vec<u32>>,
    /// Distinct people seen per tier over the whole log.
    pub people: Vec<u32>,
    /// `(person, hour)` → the tier the person worked for in that hour.
    seen: BTreeMap<(u32, i64), u16>,
}

/// Hours in a week.
const WEEK_HOURS: usize = 168;

impl Headcount {
    /// Counts `presence` with groups placed in `tiers` (`tiers[group]`).
    pub fn from_presence(presence: &Presence, tiers: &[TierId], n_tiers: usize) -> Headcount {
        // (person, hour) → rows per tier.
        let mut per: HashMap<(u32, i64), Vec<u32>> = HashMap::new();
        for (&(g, person, hour), &rows) in &presence.rows {
            let Some(t) = tiers.get(usize::from(g)) else {
                continue;
            };
            let v = per
                .entry((person, hour))
                .or_insert_with(|| vec![0; n_tiers]);
            if let Some(c) = v.get_mut(t.index()) {
                *c += rows;
            }
        }
        let mut by_hour: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
        let mut people: Vec<std::collections::HashSet<u32>> = vec![Default::default(); n_tiers];
        let mut seen = BTreeMap::new();
        for ((person, hour), rows) in per {
            let t = main(&rows);
            by_hour.entry(hour).or_insert_with(|| vec![0; n_tiers])[t] += 1;
            people[t].insert(person);
            seen.insert((person, hour), t as u16);
        }
        Headcount {
            by_hour,
            people: people.iter().map(|s| s.len() as u32).collect(),
            seen,
        }
    }

    /// Whether the log showed anyone.
    pub fn is_empty(&self) -> bool {
        self.by_hour.is_empty()
    }

    /// The as-logged weekly staffing of every tier over the simulation time
    /// `[from, to)` (ms): the week is cut into blocks of `block_hours` (a divisor of 24)
    /// from the scenario clock's Monday 00:00; a person is at work in a block when the
    /// log shows them in any of its hours (for the tier of most of those hours, ties to
    /// the earlier tier); each weekly block gets the mean over the window's occurrences
    /// of that block of the people at work, rounded to the nearest whole person (halves
    /// up).
    pub fn weekly(
        &self,
        clock: &Clock,
        n_tiers: usize,
        from: SimTime,
        to: SimTime,
        block_hours: usize,
    ) -> Vec<Staffing> {
        let block = block_hours.clamp(1, 24) as i64;
        let per_week = WEEK_HOURS as i64 / block;
        let (h0, h1) = (from.div_euclid(HOUR_MS), to.div_euclid(HOUR_MS));
        // The clock's week hour of simulation hour 0, to align blocks with Monday.
        let shift = clock.week_ms(0) / HOUR_MS;
        let abs_block = |h: i64| (h + shift).div_euclid(block);
        // (person, absolute block) → hours per tier.
        let mut hours: BTreeMap<(u32, i64), Vec<u32>> = BTreeMap::new();
        for (&(person, hour), &t) in &self.seen {
            if hour < h0 || hour >= h1 {
                continue;
            }
            let v = hours
                .entry((person, abs_block(hour)))
                .or_insert_with(|| vec![0; n_tiers]);
            if let Some(c) = v.get_mut(usize::from(t)) {
                *c += 1;
            }
        }
        let mut sum = vec![vec![0u64; per_week as usize]; n_tiers];
        for ((_, b), v) in &hours {
            sum[main(v)][b.rem_euclid(per_week) as usize] += 1;
        }
        // Occurrences of each weekly block in the window (whole blocks only, at least
        // the partial one when the window is shorter).
        let mut occurrences = vec![0u64; per_week as usize];
        let (b0, b1) = (abs_block(h0), abs_block(h1 - 1));
        for b in b0..=b1 {
            occurrences[b.rem_euclid(per_week) as usize] += 1;
        }
        (0..n_tiers)
            .map(|t| {
                let mut steps: Vec<(SimTime, u32)> = Vec::new();
                for b in 0..per_week as usize {
                    let n = occurrences[b];
                    let agents = if n == 0 {
                        0
                    } else {
                        ((sum[t][b] as f64 / n as f64) + 0.5).floor() as u32
                    };
                    if steps.last().is_none_or(|&(_, a)| a != agents) {
                        steps.push((b as SimTime * block * HOUR_MS, agents));
                    }
                }
                Staffing {
                    steps,
                    roster: None,
                }
            })
            .collect()
    }
}

/// The tier with most rows (or hours); ties to the earlier tier.
fn main(counts: &[u32]) -> usize {
    counts
        .iter()
        .enumerate()
        .rev()
        .max_by_key(|&(_, c)| *c)
        .map_or(0, |(t, _)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn presence(rows: &[(u16, &str, i64)]) -> Presence {
        let mut p = Presence::default();
        for &(g, who, hour) in rows {
            p.note(g, who, hour * HOUR_MS);
        }
        p
    }

    #[test]
    fn people_count_once_per_hour_in_their_main_tier() {
        // Groups 0 and 1 are tier 0, group 2 tier 1. Ann works both tier-0 groups in
        // hour 0 (counts once); Bob has two tier-1 rows and one tier-0 row in hour 0
        // (counts in tier 1); in hour 1 only Ann, in tier 1.
        let p = presence(&[
            (0, "ann", 0),
            (1, "ann", 0),
            (2, "bob", 0),
            (2, "bob", 0),
            (0, "bob", 0),
            (2, "ann", 1),
        ]);
        let tiers = [TierId(0), TierId(0), TierId(1)];
        let h = Headcount::from_presence(&p, &tiers, 2);
        assert_eq!(h.by_hour[&0], vec![1, 1]);
        assert_eq!(h.by_hour[&1], vec![0, 1]);
        assert_eq!(h.people, vec![1, 2]);
    }

    #[test]
    fn the_weekly_template_averages_the_weeks_of_the_window() {
        // A Monday-start clock; two weeks. Ann and Bob are at work on Monday 09:00 of
        // week one, Ann alone at 10:00 and in week two at 09:00; Cy only on Tuesday
        // 15:00 of week two. Hourly: Monday 09–10 has 2 then 1 → mean 1.5 → 2; 10–11
        // has 1 then 0 → 0.5 → 1. In 4-hour blocks Monday 08–12 has 2 people in week
        // one (Ann counts once) and 1 in week two → 1.5 → 2; Tuesday 12–16 has 0
        // then 1 → 1.
        let clock = Clock::new(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        );
        let p = presence(&[
            (0, "ann", 9),
            (0, "bob", 9),
            (0, "ann", 10),
            (0, "ann", 168 + 9),
            (0, "cy", 168 + 24 + 15),
        ]);
        let h = Headcount::from_presence(&p, &[TierId(0)], 1);
        let window = (0, 2 * 168 * HOUR_MS);
        let hourly = h.weekly(&clock, 1, window.0, window.1, 1);
        assert_eq!(hourly[0].agents_at_week_ms(9 * HOUR_MS), 2);
        assert_eq!(hourly[0].agents_at_week_ms(10 * HOUR_MS), 1);
        assert_eq!(hourly[0].agents_at_week_ms(11 * HOUR_MS), 0);
        let blocks = h.weekly(&clock, 1, window.0, window.1, 4);
        assert_eq!(blocks[0].agents_at_week_ms(8 * HOUR_MS), 2);
        assert_eq!(blocks[0].agents_at_week_ms(12 * HOUR_MS), 0);
        assert_eq!(blocks[0].agents_at_week_ms((24 + 12) * HOUR_MS), 1);
        // Only week two: Monday 08–12 has Ann alone.
        let late = h.weekly(&clock, 1, 168 * HOUR_MS, 2 * 168 * HOUR_MS, 4);
        assert_eq!(late[0].agents_at_week_ms(8 * HOUR_MS), 1);
    }

    #[test]
    fn blocks_follow_the_clock_when_the_run_starts_midweek() {
        // Simulation time 0 is Wednesday 06:00: hour 0 falls in Wednesday's 04–08
        // block.
        let clock = Clock::new(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 7)
                .unwrap()
                .and_hms_opt(6, 0, 0)
                .unwrap(),
        );
        let p = presence(&[(0, "ann", 0)]);
        let h = Headcount::from_presence(&p, &[TierId(0)], 1);
        let s = h.weekly(&clock, 1, 0, 168 * HOUR_MS, 4);
        assert_eq!(s[0].agents_at_week_ms((48 + 4) * HOUR_MS), 1);
        assert_eq!(s[0].agents_at_week_ms((48 + 8) * HOUR_MS), 0);
    }
}
