//! Staffing intervals: the week cut into blocks of whole hours (e.g. 42 blocks of 4 h),
//! and the mapping of simulation time and time-series bins onto them.

use crate::model::time::{HOUR_MS, WEEK_MS};
use crate::model::{Clock, SimTime};

/// The week cut into equal blocks.
#[derive(Clone, Debug, PartialEq)]
pub struct Blocks {
    /// Block length, ms (a whole number of hours dividing the week).
    pub len_ms: SimTime,
}

impl Blocks {
    /// Blocks of `hours` (must divide 168).
    pub fn new(hours: u32) -> Option<Blocks> {
        if hours == 0 || 168 % hours != 0 {
            return None;
        }
        Some(Blocks {
            len_ms: SimTime::from(hours) * HOUR_MS,
        })
    }

    /// Number of blocks in a week.
    pub fn count(&self) -> usize {
        (WEEK_MS / self.len_ms) as usize
    }

    /// The block containing simulation time `t`.
    pub fn of(&self, clock: &Clock, t: SimTime) -> usize {
        (clock.week_ms(t) / self.len_ms) as usize
    }

    /// Start of block `b`, ms since Monday 00:00.
    pub fn start_ms(&self, b: usize) -> SimTime {
        b as SimTime * self.len_ms
    }

    /// A label such as `Mon 08:00–12:00`.
    pub fn label(&self, b: usize) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        let s = self.start_ms(b);
        let e = s + self.len_ms;
        let day = (s / (24 * HOUR_MS)) as usize % 7;
        let h = |t: SimTime| (t % (24 * HOUR_MS)) / HOUR_MS;
        let end_h = if h(e) == 0 { 24 } else { h(e) };
        if self.len_ms >= 24 * HOUR_MS {
            let last = ((e - 1) / (24 * HOUR_MS)) as usize % 7;
            if last == day {
                DAYS[day].to_string()
            } else {
                format!("{}–{}", DAYS[day], DAYS[last])
            }
        } else {
            format!("{} {:02}:00–{:02}:00", DAYS[day], h(s), end_h)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_hour_blocks() {
        let b = Blocks::new(4).unwrap();
        assert_eq!(b.count(), 42);
        assert_eq!(b.label(0), "Mon 00:00–04:00");
        assert_eq!(b.label(5), "Mon 20:00–24:00");
        assert_eq!(b.label(6), "Tue 00:00–04:00");
        assert!(Blocks::new(5).is_none());
        assert_eq!(Blocks::new(168).unwrap().label(0), "Mon–Sun");
    }
}
