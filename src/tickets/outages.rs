//! When the fault behind each outage burst is fixed, in one replication.
//!
//! An outage burst (`[[arrivals.bursts]]` with `outage = true` or `fix_minutes`) is a
//! fault: complaints about it arrive from its start until its fix lands, and none of
//! its tickets can be resolved before the fix. With a fixed duration the fix lands at
//! the burst's end; with `fix_minutes` each replication draws the time from the start
//! to the fix, from the outage stream of (seed, replication) with the burst's index
//! as ChaCha stream number, so every candidate of a replication sees the same fix and
//! a burst's draw does not depend on the others. Draws are at least 1 ms and end at
//! the horizon at the latest (a fault not fixed within the run stays open).

use crate::model::{Burst, Scenario, SimTime};
use crate::seed::{self, Purpose};

/// The end of each burst of `scenario` in `replication`, ms, in burst order: the fix
/// of an outage with a drawn fix time, the declared end otherwise.
pub fn burst_ends(scenario: &Scenario, replication: u32) -> Vec<SimTime> {
    let horizon = scenario.run.horizon_ms;
    scenario
        .arrivals
        .bursts
        .iter()
        .enumerate()
        .map(|(k, b)| match &b.fix_minutes {
            None => b.end,
            Some(d) => {
                let mut rng = seed::stream(scenario.run.seed, replication, Purpose::Outage);
                rng.set_stream(k as u64);
                let ms = crate::model::time::minutes_to_ms(d.sample(&mut rng).max(0.0));
                (b.start + ms.max(1)).min(horizon.max(b.start + 1))
            }
        })
        .collect()
}

/// When the fix behind a ticket of burst `burst` lands (`ends` from [`burst_ends`]):
/// 0 when the burst is not an outage or there is no burst.
#[inline]
pub fn fix_at(bursts: &[Burst], ends: &[SimTime], burst: Option<u16>) -> SimTime {
    match burst.map(usize::from) {
        Some(k) if bursts.get(k).is_some_and(|b| b.outage) => ends.get(k).copied().unwrap_or(0),
        _ => 0,
    }
}
