//! Touches and waits: a tier with `[tiers.<t>.touches]` works the tickets it resolves
//! in several agent touches. After a touch the ticket may need another; it then waits
//! on the customer or a third party while the agent takes other work, and comes back
//! to the tier's queue when the wait ends. A customer who never replies has the ticket
//! resolved automatically. Waits that the ticket's SLA pauses on move its resolution
//! deadline by the working time they took, and restart its SLA timers.
//!
//! Every draw is keyed by the ticket, its life, the tier and the touch number, so
//! candidates keep common random numbers.

use super::in_flight::{InFlight, Stage};
use super::loops::{stream, unit};
use super::{EngineError, Event, Sim};
use crate::model::time::{HOUR_MS, minutes_to_ms};
use crate::model::{Scenario, SimTime};

const DRAW_TOUCH_TIME: u64 = 19;
const DRAW_TOUCH_MORE: u64 = 20;
const DRAW_WAIT_KIND: u64 = 21;
const DRAW_REPLY: u64 = 22;
const DRAW_WAIT_DELAY: u64 = 23;

/// What ends a wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WaitEnd {
    /// The customer replies after the delay.
    Customer,
    /// The third party answers after the delay.
    ThirdParty,
    /// The customer never replies: the ticket is resolved after the auto-resolve time.
    NoReply,
    /// The ticket's work is done but the outage behind it is not fixed: it is resolved
    /// when the fix lands (on hold meanwhile; the SLA clock runs).
    Fix,
}

impl WaitEnd {
    fn code(self) -> u8 {
        match self {
            WaitEnd::Customer => 0,
            WaitEnd::ThirdParty => 1,
            WaitEnd::NoReply => 2,
            WaitEnd::Fix => 3,
        }
    }

    fn from_code(c: u8) -> WaitEnd {
        match c {
            1 => WaitEnd::ThirdParty,
            2 => WaitEnd::NoReply,
            3 => WaitEnd::Fix,
            _ => WaitEnd::Customer,
        }
    }
}

/// A wait about to start: how it ends and after how long, ms.
#[derive(Clone, Copy, Debug)]
pub(super) struct Wait {
    end: WaitEnd,
    ms: SimTime,
}

/// The draw index of touch `touch` of `item` at tier `t` in its current life.
fn index(item: &InFlight, t: usize, touch: u8) -> u64 {
    u64::from(item.reopens) << 16 | (t as u64) << 8 | u64::from(touch)
}

fn minutes_ms(minutes: f64) -> SimTime {
    minutes_to_ms(minutes.max(0.0))
}

/// The work of touch `item.touches` (the second or a later one) at tier `t`, ms: the
/// tier's handle time for the ticket's category. Cold: kept out of the one-touch path.
#[cold]
#[inline(never)]
pub(super) fn touch_ms(scenario: &Scenario, item: &InFlight, t: usize) -> u32 {
    let tier = &scenario.tiers[t];
    let mut rng = stream(
        item.ticket.noise_key,
        DRAW_TOUCH_TIME,
        index(item, t, item.touches),
    );
    crate::tickets::minutes_to_ms_u32(tier.handle_for(item.ticket.category).sample(&mut rng))
}

/// Whether the touch `item` just had at tier `t` (which resolves it) is followed by
/// a wait, and which.
#[inline]
pub(super) fn next_wait(scenario: &Scenario, item: &InFlight, t: usize) -> Option<Wait> {
    match &scenario.tiers[t].touches {
        None => None,
        Some(tc) => draw_wait(tc, item, t),
    }
}

/// Under the `recorded` policy: the wait after the first touch of a recorded stay
/// with pending time (its whole pending time, on whoever it mostly waited on), so the
/// agent is free while the ticket waits, as in the log; `None` after the second touch
/// and for stays without pending time.
#[cold]
#[inline(never)]
pub(super) fn recorded_wait(item: &InFlight) -> Option<Wait> {
    let step = item
        .ticket
        .recorded
        .as_ref()?
        .steps
        .get(usize::from(item.hops))?;
    (step.pending_ms > 0 && item.touches == 0).then_some(Wait {
        end: if step.third_party {
            WaitEnd::ThirdParty
        } else {
            WaitEnd::Customer
        },
        ms: step.pending_ms,
    })
}

#[cold]
#[inline(never)]
fn draw_wait(tc: &crate::model::Touches, item: &InFlight, t: usize) -> Option<Wait> {
    let done = item.touches.saturating_add(1);
    if done >= tc.max_touches {
        return None;
    }
    let key = item.ticket.noise_key;
    let i = index(item, t, item.touches);
    if unit(key, DRAW_TOUCH_MORE, i) >= tc.more_for(item.ticket.category) {
        return None;
    }
    let mut rng = stream(key, DRAW_WAIT_DELAY, i);
    let wait = if unit(key, DRAW_WAIT_KIND, i) < tc.third_party_share {
        let d = tc.third_party_delay_minutes.as_ref()?;
        Wait {
            end: WaitEnd::ThirdParty,
            ms: minutes_ms(d.sample(&mut rng)),
        }
    } else if unit(key, DRAW_REPLY, i) < tc.reply_probability {
        Wait {
            end: WaitEnd::Customer,
            ms: minutes_ms(tc.reply_delay_minutes.sample(&mut rng)),
        }
    } else {
        Wait {
            end: WaitEnd::NoReply,
            ms: tc.auto_resolve_ms,
        }
    };
    Some(wait)
}

/// The wait of a ticket whose work is done until the fix of its outage lands at `fix`
/// (ms), from `now`.
pub(super) fn fix_wait(now: SimTime, fix: SimTime) -> Wait {
    Wait {
        end: WaitEnd::Fix,
        ms: fix - now,
    }
}

impl Sim<'_> {
    /// The ticket in `slot` starts waiting (its agent is already released).
    pub(super) fn start_wait(&mut self, slot: u32, wait: Wait) -> Result<(), EngineError> {
        let now = self.events.now();
        let generation = self.in_flight.generation(slot);
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        item.stage = Stage::Waiting;
        item.queued_at = now;
        if item.measured {
            match wait.end {
                WaitEnd::ThirdParty => self.counts.waits_third_party += 1,
                WaitEnd::Customer | WaitEnd::NoReply => self.counts.waits_customer += 1,
                WaitEnd::Fix => self.counts.fix_waits += 1,
            }
        }
        let what = if wait.end == WaitEnd::Fix {
            "wait for fix"
        } else {
            "wait"
        };
        self.trace_row(slot, what, None, None);
        self.events.schedule(
            now + wait.ms,
            Event::WaitEnd {
                slot,
                generation,
                outcome: wait.end.code(),
            },
        )
    }

    /// The wait of the ticket in `slot` ends: pause its SLA clock if its target says
    /// so, then resolve it (no reply) or put it back in its tier's queue.
    pub(super) fn wait_end(
        &mut self,
        slot: u32,
        generation: u32,
        outcome: u8,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let scenario = self.scenario;
        let end = WaitEnd::from_code(outcome);
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return Ok(());
        };
        if item.stage != Stage::Waiting {
            return Ok(());
        }
        let started = item.queued_at;
        let hours = (now - started) as f64 / HOUR_MS as f64;
        if end == WaitEnd::Fix {
            // Waiting for the outage's fix: on hold, the clock runs, then resolved.
            item.on_hold_ms += now - started;
            if item.measured {
                self.counts.fix_wait_hours += hours;
            }
            return self.resolve(slot, false);
        }
        if item.measured {
            self.counts.wait_hours += hours;
        }
        match end {
            WaitEnd::ThirdParty => item.on_hold_ms += now - started,
            WaitEnd::Customer | WaitEnd::NoReply | WaitEnd::Fix => item.pending_ms += now - started,
        }
        let target = scenario
            .sla
            .target(item.ticket.severity, item.ticket.segment);
        let pauses = match end {
            WaitEnd::ThirdParty => target.pause_on.third_party,
            WaitEnd::Customer | WaitEnd::NoReply | WaitEnd::Fix => target.pause_on.customer,
        };
        if pauses && started < item.resolution_deadline {
            let calendar = &scenario.calendars[target.calendar.0 as usize];
            let remaining =
                calendar.working_between(&scenario.clock, started, item.resolution_deadline);
            item.resolution_deadline = calendar.add_working(&scenario.clock, now, remaining);
            item.pauses = item.pauses.wrapping_add(1);
            let stamp = item.sla_stamp();
            let deadline = item.resolution_deadline;
            self.schedule_sla_triggers(slot, generation, stamp, deadline)?;
        }
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        if end == WaitEnd::NoReply {
            if item.measured {
                self.counts.auto_resolved += 1;
            }
            return self.resolve(slot, false);
        }
        item.touches = item.touches.saturating_add(1);
        let tier = item.tier;
        // Coming back for the next touch is not a bounce.
        item.visited &= !1u16.checked_shl(u32::from(tier)).unwrap_or(0);
        let owner = scenario.tiers[tier as usize]
            .touches
            .as_ref()
            .and_then(|tc| tc.owner_wait_ms)
            .map(|wait| (item.agent, wait));
        self.trace_row(slot, "reply", Some(tier), None);
        self.join_queue_for(slot, tier, owner)
    }
}
