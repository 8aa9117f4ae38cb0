//! The arrival profile of a log: `per_hour`, 24 hour-of-day and 7 day-of-week
//! multipliers, for the scenario's rate `per_hour × hour_of_day[h] × day_of_week[d]`.
//!
//! The observation window is the whole wall-clock days from the first arrival's day to
//! the last arrival's day (`days`), so every hour of the day is observed equally often.
//! With `N` arrivals, `n_h` in hour `h` and `n_d` on weekday `d`, which occurs `E_d`
//! times in the window:
//!
//! - `per_hour = N / (24 × days)` (the mean rate over the window);
//! - `hour_of_day[h] = 24 × n_h / N` (averages exactly 1 over the 24 hours);
//! - `day_of_week[d] = 7 × r_d / Σ r`, with `r_d = n_d / E_d` the mean count per
//!   occurrence of the weekday (averages exactly 1 over the 7 days).
//!
//! The product of the two averages 1 over the week's 168 hours, so the fitted model
//! expects `per_hour × 168` tickets a week. A window shorter than 7 days leaves some
//! weekday unobserved: then every `day_of_week` is 1 (`short_window`).
//!
//! `quiet_days` counts the days of the window with fewer than a quarter of the mean
//! daily arrivals; when they are half the window or more, the window probably
//! includes a sparse stretch (a log's tail) that dilutes `per_hour`, and the summary
//! says so (narrow the window with `[run] start` / `horizon_days`).

use crate::model::SimTime;
use crate::model::time::{Clock, DAY_MS, HOUR_MS};

/// The fitted profile and the counts behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrivalProfile {
    /// Arrivals counted.
    pub tickets: u64,
    /// Whole days in the observation window.
    pub days: u64,
    /// Mean arrivals per hour over the window, tickets per hour.
    pub per_hour: f64,
    /// Arrivals per hour of the day (0 = 00:00–01:00).
    pub hour_counts: [u64; 24],
    /// Arrivals per weekday, Monday first.
    pub day_counts: [u64; 7],
    /// How many times each weekday occurs in the window, Monday first.
    pub day_exposure: [u64; 7],
    /// Hour-of-day multipliers (mean 1).
    pub hour_of_day: [f64; 24],
    /// Day-of-week multipliers, Monday first (mean 1).
    pub day_of_week: [f64; 7],
    /// The window is shorter than a week: `day_of_week` is all 1.
    pub short_window: bool,
    /// Days of the window with fewer than a quarter of the mean daily arrivals.
    pub quiet_days: u64,
}

impl ArrivalProfile {
    /// Whether half the window or more is quiet days (a sparse stretch dilutes
    /// `per_hour`).
    pub fn mostly_quiet(&self) -> bool {
        self.quiet_days * 2 >= self.days
    }
}

/// Fits the profile of `arrivals` (simulation ms) on `clock`'s wall clock; `None`
/// without arrivals.
pub fn estimate(clock: &Clock, arrivals: &[SimTime]) -> Option<ArrivalProfile> {
    let wall = |t: SimTime| clock.start_week_offset_ms + t;
    let first_day = arrivals.iter().map(|&t| wall(t).div_euclid(DAY_MS)).min()?;
    let last_day = arrivals.iter().map(|&t| wall(t).div_euclid(DAY_MS)).max()?;
    let mut hour_counts = [0u64; 24];
    let mut day_counts = [0u64; 7];
    for &t in arrivals {
        let w = wall(t);
        hour_counts[(w.rem_euclid(DAY_MS) / HOUR_MS) as usize] += 1;
        day_counts[w.div_euclid(DAY_MS).rem_euclid(7) as usize] += 1;
    }
    let mut day_exposure = [0u64; 7];
    for day in first_day..=last_day {
        day_exposure[day.rem_euclid(7) as usize] += 1;
    }
    let n = arrivals.len() as f64;
    let days = (last_day - first_day + 1) as u64;
    let mut per_day = vec![0u64; days as usize];
    for &t in arrivals {
        per_day[(wall(t).div_euclid(DAY_MS) - first_day) as usize] += 1;
    }
    let quiet_days = per_day
        .iter()
        .filter(|&&c| (c as f64) < n / days as f64 / 4.0)
        .count() as u64;
    let hour_of_day = hour_counts.map(|c| 24.0 * c as f64 / n);
    let short_window = day_exposure.contains(&0);
    let mut day_of_week = [1.0; 7];
    if !short_window {
        let rates: Vec<f64> = (0..7)
            .map(|d| day_counts[d] as f64 / day_exposure[d] as f64)
            .collect();
        let total: f64 = rates.iter().sum();
        for d in 0..7 {
            day_of_week[d] = 7.0 * rates[d] / total;
        }
    }
    Some(ArrivalProfile {
        tickets: arrivals.len() as u64,
        days,
        per_hour: n / (24.0 * days as f64),
        hour_counts,
        day_counts,
        day_exposure,
        hour_of_day,
        day_of_week,
        short_window,
        quiet_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn two_weeks_by_hand() {
        // Start Monday 2026-01-05 00:00. Two weeks: 14 whole days.
        let start = NaiveDate::from_ymd_opt(2026, 1, 5)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        let clock = Clock::new(start);
        // Mon wk1 09:30 ×2, Tue wk1 10:00, Sun wk2 23:59 (day 13).
        let t = |day: i64, h: i64, m: i64| day * DAY_MS + h * HOUR_MS + m * 60_000;
        let a = [t(0, 9, 30), t(0, 9, 45), t(1, 10, 0), t(13, 23, 59)];
        let p = estimate(&clock, &a).unwrap_or_else(|| panic!("no profile"));
        assert_eq!(p.days, 14);
        assert!((p.per_hour - 4.0 / 336.0).abs() < 1e-12);
        assert_eq!(p.hour_counts[9], 2);
        assert_eq!(p.hour_counts[23], 1);
        assert!((p.hour_of_day[9] - 12.0).abs() < 1e-12); // 24 × 2 / 4
        assert_eq!(p.day_counts, [2, 1, 0, 0, 0, 0, 1]);
        assert_eq!(p.day_exposure, [2; 7]);
        // Rates per occurrence 1, 0.5, 0, 0, 0, 0, 0.5 (sum 2): multipliers 7 × r / 2.
        assert!((p.day_of_week[0] - 3.5).abs() < 1e-12);
        assert!((p.day_of_week[1] - 1.75).abs() < 1e-12);
        assert!((p.day_of_week.iter().sum::<f64>() - 7.0).abs() < 1e-12);
        assert!((p.hour_of_day.iter().sum::<f64>() - 24.0).abs() < 1e-12);
        assert!(!p.short_window);
        // Mean 4/14 a day: the 11 days without arrivals are quiet.
        assert_eq!(p.quiet_days, 11);
        assert!(p.mostly_quiet());
    }

    #[test]
    fn short_window_keeps_weekdays_flat() {
        let clock = Clock::new(chrono::NaiveDateTime::default());
        let p = estimate(&clock, &[0, HOUR_MS]).unwrap_or_else(|| panic!("no profile"));
        assert!(p.short_window);
        assert_eq!(p.day_of_week, [1.0; 7]);
        assert!(estimate(&clock, &[]).is_none());
    }
}
