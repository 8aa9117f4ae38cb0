//! Time series of piecewise-constant signals, as time-weighted means over fixed bins
//! from time 0 to the horizon (warm-up included, so that warm-up can be judged).
//! Used for queue length and busy agents over time per tier.

use crate::model::SimTime;
use crate::model::time::HOUR_MS;

/// Most bins a series holds; longer horizons get wider bins.
pub const MAX_BINS: i64 = 1500;

/// The bin width for a horizon: one hour, or a whole number of hours chosen so that
/// there are at most [`MAX_BINS`] bins.
pub fn bin_width_ms(horizon: SimTime) -> SimTime {
    let hours = (horizon + HOUR_MS - 1) / HOUR_MS;
    let per_bin_hours = ((hours + MAX_BINS - 1) / MAX_BINS).max(1);
    per_bin_hours * HOUR_MS
}

/// The binned integral of one signal.
#[derive(Clone, Debug)]
pub struct SeriesRecorder {
    bin_ms: SimTime,
    horizon: SimTime,
    /// Integral of the signal over each bin, value × ms.
    area: Vec<f64>,
    last_t: SimTime,
    value: u32,
}

impl SeriesRecorder {
    /// An all-zero series over `[0, horizon)` with bins of `bin_ms`.
    pub fn new(horizon: SimTime, bin_ms: SimTime) -> SeriesRecorder {
        let bin_ms = bin_ms.max(1);
        let bins = ((horizon.max(1) + bin_ms - 1) / bin_ms) as usize;
        SeriesRecorder {
            bin_ms,
            horizon,
            area: vec![0.0; bins],
            last_t: 0,
            value: 0,
        }
    }

    /// Adds the current value's area over `[last_t, t)`.
    #[inline]
    fn advance(&mut self, t: SimTime) {
        let t = t.min(self.horizon);
        if t <= self.last_t {
            return;
        }
        if self.value != 0 {
            let v = f64::from(self.value);
            let mut from = self.last_t;
            while from < t {
                let bin = (from / self.bin_ms) as usize;
                let end = ((bin as SimTime + 1) * self.bin_ms).min(t);
                if let Some(a) = self.area.get_mut(bin) {
                    *a += v * (end - from) as f64;
                }
                from = end;
            }
        }
        self.last_t = t;
    }

    /// Sets the signal to `value` from `t` on (`t` non-decreasing).
    #[inline]
    pub fn set(&mut self, t: SimTime, value: u32) {
        if value != self.value {
            self.advance(t);
            self.value = value;
        }
    }

    /// The time-weighted mean of each bin up to the horizon (the last bin may be
    /// shorter than the others).
    pub fn finish(mut self) -> Vec<f64> {
        self.advance(self.horizon);
        let (bin_ms, horizon) = (self.bin_ms, self.horizon);
        self.area
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let start = i as SimTime * bin_ms;
                let len = (horizon.min(start + bin_ms) - start).max(1);
                a / len as f64
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_hold_time_weighted_means() {
        let mut s = SeriesRecorder::new(30, 10);
        s.set(0, 2);
        s.set(5, 4); // bin 0: 2×5 + 4×5 = 30 → 3
        s.set(25, 0); // bin 1: 4; bin 2: 4×5 = 20 → 2
        assert_eq!(s.finish(), vec![3.0, 4.0, 2.0]);
    }

    #[test]
    fn bin_width_grows_with_the_horizon() {
        assert_eq!(bin_width_ms(24 * HOUR_MS), HOUR_MS);
        assert_eq!(bin_width_ms(1500 * HOUR_MS), HOUR_MS);
        assert_eq!(bin_width_ms(1501 * HOUR_MS), 2 * HOUR_MS);
        assert_eq!(bin_width_ms(8760 * HOUR_MS), 6 * HOUR_MS);
    }
}
