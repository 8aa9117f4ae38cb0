//! `[planning]`: what turns productive heads into people to roster. Shrinkage is the
//! share of paid time an agent is not available for tickets (breaks, meetings,
//! training, absence), by default and in weekly windows (a team meeting on Monday
//! mornings); the occupancy cap is the busiest a planner lets agents be on average.

use super::SimTime;
use super::time::{DAY_MS, MINUTE_MS, WEEK_MS};

/// One weekly window with its own shrinkage.
#[derive(Clone, Debug, PartialEq)]
pub struct ShrinkageWindow {
    /// Weekdays, 0 = Monday.
    pub days: Vec<u8>,
    /// Start, ms after midnight.
    pub start_ms: SimTime,
    /// End, ms after midnight (after the start).
    pub end_ms: SimTime,
    /// Shrinkage inside the window.
    pub shrinkage: f64,
}

/// Planning settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Planning {
    /// Shrinkage outside every window, on `[0, 1)`.
    pub shrinkage: f64,
    /// Highest mean utilisation a planned cell may have, on `(0, 1]` (1: no cap).
    pub occupancy_cap: f64,
    /// Windows with their own shrinkage; the first that covers a time counts.
    pub windows: Vec<ShrinkageWindow>,
}

impl Default for Planning {
    fn default() -> Planning {
        Planning {
            shrinkage: 0.0,
            occupancy_cap: 1.0,
            windows: Vec::new(),
        }
    }
}

impl Planning {
    /// Shrinkage at `week_ms` ms after Monday 00:00.
    pub fn shrinkage_at(&self, week_ms: SimTime) -> f64 {
        self.window_at(week_ms)
            .map_or(self.shrinkage, |w| self.windows[w].shrinkage)
    }

    /// The window covering `week_ms`, if any (the first that does).
    fn window_at(&self, week_ms: SimTime) -> Option<usize> {
        let t = week_ms.rem_euclid(WEEK_MS);
        let (day, of_day) = ((t / DAY_MS) as u8, t % DAY_MS);
        self.windows
            .iter()
            .position(|w| w.days.contains(&day) && w.start_ms <= of_day && of_day < w.end_ms)
    }

    /// Mean shrinkage over `[from, from + len)` of the week: minutes counted per
    /// window (so a constant shrinkage is its exact value), then weighted.
    pub fn mean_shrinkage(&self, from: SimTime, len: SimTime) -> f64 {
        let minutes = (len / MINUTE_MS).max(1);
        let mut per_window = vec![0i64; self.windows.len()];
        let mut outside = 0i64;
        for m in 0..minutes {
            match self.window_at(from + m * MINUTE_MS) {
                Some(w) => per_window[w] += 1,
                None => outside += 1,
            }
        }
        let weighted: f64 = outside as f64 * self.shrinkage
            + per_window
                .iter()
                .zip(&self.windows)
                .map(|(&n, w)| n as f64 * w.shrinkage)
                .sum::<f64>();
        weighted / minutes as f64
    }

    /// People to roster for `heads` productive agents at mean shrinkage `s`:
    /// `ceil(heads / (1 − s))`.
    pub fn people(heads: u32, s: f64) -> u32 {
        (f64::from(heads) / (1.0 - s) - 1e-9).ceil().max(0.0) as u32
    }

    /// The fewest heads for `offered` erlangs under the occupancy cap:
    /// `ceil(offered / cap)`.
    pub fn heads_floor(&self, offered: f64) -> u32 {
        ((offered / self.occupancy_cap) - 1e-6).max(0.0).ceil() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::HOUR_MS;

    #[test]
    fn shrinkage_arithmetic_by_hand() {
        let p = Planning {
            shrinkage: 0.3,
            occupancy_cap: 0.85,
            windows: vec![ShrinkageWindow {
                days: vec![0],
                start_ms: 9 * HOUR_MS,
                end_ms: 10 * HOUR_MS,
                shrinkage: 0.6,
            }],
        };
        assert_eq!(p.shrinkage_at(9 * HOUR_MS + 1), 0.6);
        assert_eq!(p.shrinkage_at(10 * HOUR_MS), 0.3);
        assert_eq!(p.shrinkage_at(DAY_MS + 9 * HOUR_MS), 0.3); // Tuesday
        // 08:00–12:00 on Monday: one hour at 0.6, three at 0.3 → 0.375.
        let s = p.mean_shrinkage(8 * HOUR_MS, 4 * HOUR_MS);
        assert!((s - 0.375).abs() < 1e-12, "{s}");
        // 10 heads at 37.5 % shrinkage: 10 / 0.625 = 16 people exactly; 11 → 17.6 → 18.
        assert_eq!(Planning::people(10, s), 16);
        assert_eq!(Planning::people(11, s), 18);
        assert_eq!(Planning::people(0, s), 0);
        // 4.0 erlangs under an 85 % cap: 4.71 → 5 heads; 3.4 erlangs → exactly 4.
        assert_eq!(p.heads_floor(4.0), 5);
        assert_eq!(p.heads_floor(3.4), 4);
        assert_eq!(Planning::default().heads_floor(4.0), 4);
    }
}
