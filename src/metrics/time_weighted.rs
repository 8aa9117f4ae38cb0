//! Time-weighted averages of piecewise-constant signals (queue length, busy agents,
//! agents on duty): the integral of the signal over time, and its maximum.

use crate::model::SimTime;

/// The running integral of a piecewise-constant signal.
#[derive(Clone, Debug, Default)]
pub struct TimeWeighted {
    start: SimTime,
    last_t: SimTime,
    value: u32,
    area: f64,
    max: u32,
}

impl TimeWeighted {
    /// Sets the signal to `value` from time `t` on (`t` non-decreasing).
    #[inline]
    pub fn set(&mut self, t: SimTime, value: u32) {
        self.area += f64::from(self.value) * (t - self.last_t) as f64;
        self.last_t = t;
        self.value = value;
        if value > self.max {
            self.max = value;
        }
    }

    /// Forgets the history before `t` (warm-up deletion), keeping the current value.
    pub fn restart(&mut self, t: SimTime) {
        self.start = t;
        self.last_t = t;
        self.area = 0.0;
        self.max = self.value;
    }

    /// The integral up to `t`, in value × ms.
    pub fn area_until(&self, t: SimTime) -> f64 {
        self.area + f64::from(self.value) * (t - self.last_t) as f64
    }

    /// The time-average over `[start, t)`; 0 for an empty window.
    pub fn mean_until(&self, t: SimTime) -> f64 {
        let span = (t - self.start) as f64;
        if span > 0.0 {
            self.area_until(t) / span
        } else {
            0.0
        }
    }

    /// The largest value since the last restart.
    pub fn max(&self) -> u32 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_a_step_signal() {
        let mut tw = TimeWeighted::default();
        tw.set(0, 2);
        tw.set(10, 4);
        tw.set(15, 0);
        // 2×10 + 4×5 + 0×5 over 20.
        assert_eq!(tw.area_until(20), 40.0);
        assert_eq!(tw.mean_until(20), 2.0);
        assert_eq!(tw.max(), 4);
        tw.restart(20);
        tw.set(30, 1);
        assert_eq!(tw.mean_until(40), 0.5);
        assert_eq!(tw.max(), 1);
    }
}
