//! Customer-facing loops at run time: status updates at each SLA update interval (a
//! task for an agent of the ticket's current tier) or, without them, follow-up contacts
//! (a task for the frontline), at most one waiting per ticket at a time; the CSAT proxy of each resolution; and reopens, which
//! bring a resolved ticket back as a new contact.
//!
//! Every chance and delay here is drawn from the ticket's own key
//! ([`crate::tickets::Ticket::noise_key`]) and the draw's purpose and index, so every
//! candidate sees the same draws for the same ticket and no candidate's choices shift
//! another ticket's draws.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::in_flight::Stage;
use super::{EngineError, Event, Sim};
use crate::metrics::loops::csat;
use crate::model::SimTime;
use crate::seed::draw_key;
use crate::tickets::arrivals::unit_f64;
use crate::tickets::minutes_to_ms_u32;

const DRAW_FOLLOWUP: u64 = 3;
const DRAW_REOPEN: u64 = 4;
const DRAW_REOPEN_DELAY: u64 = 5;

/// A uniform draw on `[0, 1)` for (ticket key, purpose, index).
pub(super) fn unit(key: u64, purpose: u64, index: u64) -> f64 {
    unit_f64(draw_key(key, purpose, index))
}

/// A generator for (ticket key, purpose, index), for distribution samples.
pub(super) fn stream(key: u64, purpose: u64, index: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(draw_key(key, purpose, index))
}

impl Sim<'_> {
    /// Whether update intervals have any effect under this policy and scenario.
    pub(super) fn updates_matter(&self) -> bool {
        self.loops.status_updates || self.scenario.feedback.followup_probability > 0.0
    }

    /// Queues a task of `minutes` for an agent of `tier`, on behalf of the ticket in
    /// `slot` if any (`u32::MAX`: none), whose pending flag the start of the task
    /// clears.
    pub(super) fn task(&mut self, tier: u16, minutes: f64, slot: u32) -> Result<(), EngineError> {
        let ms = minutes_to_ms_u32(minutes);
        if ms == 0 {
            return Ok(());
        }
        let generation = self.in_flight.generation(slot);
        if let Some(item) = self.in_flight.get_mut(slot) {
            item.task_pending = true;
        }
        self.tiers[usize::from(tier)].push_task(ms, slot, generation);
        self.dispatch(tier)
    }

    /// An update interval of the ticket in `slot` has passed: the owning tier sends an
    /// update, or the customer may follow up.
    pub(super) fn update_due(
        &mut self,
        slot: u32,
        generation: u32,
        life: u8,
    ) -> Result<(), EngineError> {
        let scenario = self.scenario;
        let fb = &scenario.feedback;
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return Ok(());
        };
        if item.reopens == life && item.stage == Stage::Waiting {
            // The ball is in the customer's (or third party's) court: no update is due
            // now, but the interval keeps running.
            let target = scenario
                .sla
                .target(item.ticket.severity, item.ticket.segment);
            return self.next_update(slot, generation, life, target.update_interval_ms);
        }
        if item.reopens != life
            || !matches!(
                item.stage,
                Stage::Queued | Stage::InService | Stage::HandOff
            )
        {
            return Ok(());
        }
        let measured = item.measured;
        let tier = item.tier;
        let target = scenario
            .sla
            .target(item.ticket.severity, item.ticket.segment);
        let check = item.update_checks;
        item.update_checks = item.update_checks.saturating_add(1);
        if item.task_pending {
            // The last update (or follow-up) still waits for an agent: no second one.
        } else if self.loops.status_updates {
            item.updates = item.updates.saturating_add(1);
            if measured {
                self.counts.updates += 1;
                self.counts.update_hours += fb.update_minutes / 60.0;
            }
            self.task(tier, fb.update_minutes, slot)?;
        } else if unit(item.ticket.noise_key, DRAW_FOLLOWUP, u64::from(check))
            < fb.followup_probability
        {
            item.followups = item.followups.saturating_add(1);
            if measured {
                self.counts.followups += 1;
                self.counts.followup_hours += fb.followup_minutes / 60.0;
            }
            let frontline = scenario.escalation_path[0].0;
            self.task(frontline, fb.followup_minutes, slot)?;
        }
        self.next_update(slot, generation, life, target.update_interval_ms)
    }

    /// Schedules the next update check of life `life` of the ticket in `slot` one
    /// `interval` (ms) from now, if it has one.
    fn next_update(
        &mut self,
        slot: u32,
        generation: u32,
        life: u8,
        interval: Option<SimTime>,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        match interval.filter(|&iv| iv > 0) {
            Some(iv) => self.events.schedule(
                now + iv,
                Event::UpdateDue {
                    slot,
                    generation,
                    life,
                },
            ),
            None => Ok(()),
        }
    }

    /// The ticket in `slot` was just resolved (and counted): rate it, then either
    /// schedule its reopen or let it go.
    pub(super) fn rate_and_maybe_reopen(
        &mut self,
        slot: u32,
        breached: bool,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let fb = &self.scenario.feedback;
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        if item.measured {
            let score = csat(
                breached,
                item.hops,
                item.followups,
                item.updates,
                item.reopens,
                item.ticket.sentiment,
            );
            self.counts.csat_count += 1;
            self.counts.csat_sum += score;
            if score >= 4.0 {
                self.counts.csat_satisfied += 1;
            }
            let ttr = now - item.entered;
            let new = item
                .first_response_at
                .map_or(ttr, |at| (at - item.entered).clamp(0, ttr));
            let st = &mut self.counts.statuses;
            st.resolutions += 1;
            st.new_ms += new as f64;
            st.pending_ms += item.pending_ms as f64;
            st.on_hold_ms += item.on_hold_ms as f64;
            st.open_ms += (ttr - new - item.pending_ms - item.on_hold_ms).max(0) as f64;
            if let Some(c) = self.counts.categories.get_mut(item.ticket.category.index()) {
                c.resolved += 1;
                c.late += u64::from(breached);
                c.ttr_sum_ms += (now - item.entered) as f64;
            }
        }
        let base = fb
            .reopen_probability
            .get(item.ticket.category.index())
            .copied()
            .unwrap_or(0.0);
        let p = if item.misrouted {
            (base * fb.misroute_reopen_factor).min(1.0)
        } else {
            base
        };
        let key = item.ticket.noise_key;
        let life = u64::from(item.reopens);
        let reopens = p > 0.0 && item.reopens < fb.max_reopens && unit(key, DRAW_REOPEN, life) < p;
        if !reopens {
            self.in_flight.remove(slot);
            return Ok(());
        }
        item.stage = Stage::Dormant;
        let mut rng = stream(key, DRAW_REOPEN_DELAY, life);
        let hours = fb.reopen_after_hours.sample(&mut rng).max(0.0);
        let delay = (hours * crate::model::time::HOUR_MS as f64).round() as SimTime;
        item.returning = fb.close_after_ms.is_some_and(|close| delay > close);
        let generation = self.in_flight.generation(slot);
        self.events
            .schedule(now + delay, Event::Reopen { slot, generation })
    }

    /// The resolved ticket in `slot` reopens: it re-enters as a new contact.
    pub(super) fn reopen(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return Ok(());
        };
        if item.stage != Stage::Dormant {
            return Ok(());
        }
        if self.open >= self.max_open {
            return Err(self.overloaded(self.events.now()));
        }
        item.reopens += 1;
        item.hops = 0;
        item.bounces = 0;
        item.visited = 0;
        item.misrouted = false;
        item.updates = 0;
        item.followups = 0;
        item.update_checks = 0;
        item.task_pending = false;
        item.first_response_at = None;
        item.pending_ms = 0;
        item.on_hold_ms = 0;
        item.priority = crate::model::sop::DEFAULT_PRIORITY;
        let measured = item.measured;
        let returning = std::mem::take(&mut item.returning);
        if returning {
            item.returns += 1;
        }
        self.open += 1;
        if measured {
            if returning {
                self.counts.returns_after_close += 1;
            } else {
                self.counts.reopens += 1;
            }
        }
        self.recorder.arrival(measured);
        self.start_life(slot, generation)?;
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let decision = self.policy.arrival(&self.view(item));
        let what = if returning {
            "return after close"
        } else {
            "reopen"
        };
        self.route(slot, decision, 0, what)?;
        self.schedule_acknowledgement(slot, generation)
    }
}
