//! A ticket's way through the engine: its life starting (deadlines, timers), arrival
//! and the incident-mode check, queueing (bounces, `waited_over` triggers), agents
//! taking tasks and tickets, service, escalation, resolution and abandonment.

use super::in_flight::{InFlight, Stage};
use super::{EngineError, Event, Sim, incident};
use crate::metrics::Who;
use crate::model::sop::TriggerTime;
use crate::model::transfers::MAX_TRANSFER_HOPS;
use crate::model::{FirstResponse, Scenario, SimTime, TierId};

/// Whether tier `t` resolves `item` at this visit (see [`work_at`]), without drawing
/// the work: what a finished service needs.
#[inline]
pub(super) fn resolves_at(
    scenario: &Scenario,
    follow_recorded: bool,
    item: &InFlight,
    t: usize,
) -> bool {
    if follow_recorded && let Some(rec) = &item.ticket.recorded {
        return usize::from(item.hops) + 1 >= rec.steps.len();
    }
    scenario.tiers[t].resolves[item.ticket.needed_tier.index()]
}

/// Whether tier `t` resolves `item` at this visit, and how long it works on it, ms.
///
/// Normally the tier resolves the ticket when its skills cover the ticket's needed
/// tier, working its handle time, and otherwise spends its triage time (see
/// [`visit_work`]; for a replayed ticket at a tier it visited in history, its recorded
/// sojourn there: [`crate::tickets::Ticket::work_ms`]). When the policy follows
/// recorded paths and the ticket has one, visit `hops` of the path decides instead:
/// the ticket spends that step's recorded time and is resolved after the last step (a
/// ticket pushed past its path's end is resolved at once); a step with recorded
/// pending time is worked in two touches around it (its active time before the first
/// pending span, then the rest; see `touches::recorded_wait`). Recorded times are
/// 64-bit: no stay is cut.
#[inline]
pub(super) fn work_at(
    scenario: &Scenario,
    follow_recorded: bool,
    item: &InFlight,
    t: usize,
) -> (bool, SimTime) {
    if follow_recorded {
        if let Some(rec) = &item.ticket.recorded {
            let hop = usize::from(item.hops);
            let last = hop + 1 >= rec.steps.len();
            return match rec.steps.get(hop) {
                // A stay with pending time: worked, pending (a wait), worked again.
                Some(step) if step.pending_ms > 0 => match item.touches {
                    0 => (false, step.lead_ms),
                    _ => (last, step.active_ms() - step.lead_ms),
                },
                Some(step) => (last, step.ms),
                None => (true, 0),
            };
        }
    }
    let resolves = scenario.tiers[t].resolves[item.ticket.needed_tier.index()];
    (resolves, visit_work(scenario, item, t, resolves))
}

/// The agent work of `item`'s current visit at tier `t`, ms, for a visit that
/// resolves it (`resolves`: the tier's handle time) or not (its triage time). The
/// first visit to a tier in the ticket's first life works the ticket's own work
/// content (drawn once and shared by every candidate, or recorded); a second or later
/// touch, a revisit (a send-back, a bounce) and any visit after a reopen draw fresh
/// work, keyed by the ticket, its life, its hand-offs and the tier.
#[inline]
pub(super) fn visit_work(
    scenario: &Scenario,
    item: &InFlight,
    t: usize,
    resolves: bool,
) -> SimTime {
    if resolves && item.touches > 0 {
        return SimTime::from(super::touches::touch_ms(scenario, item, t));
    }
    if item.revisit || item.reopens > 0 {
        return SimTime::from(fresh_work(scenario, item, t, resolves));
    }
    item.ticket.work_ms(t, resolves)
}

/// Draw purpose of a revisit's fresh work.
const DRAW_VISIT_WORK: u64 = 30;

/// The draw index of a visit: life in bits 24–31, hand-offs in 8–23, tier in 0–7,
/// so distinct visits get distinct indices below 2^32 (as `seed::draw_key` needs).
fn visit_index(reopens: u8, hops: u16, t: usize) -> u64 {
    u64::from(reopens) << 24 | u64::from(hops) << 8 | (t as u64 & 0xFF)
}

#[cold]
#[inline(never)]
fn fresh_work(scenario: &Scenario, item: &InFlight, t: usize, resolves: bool) -> u32 {
    let tier = &scenario.tiers[t];
    let handle = tier.handle_for(item.ticket.category);
    let dist = match (&tier.triage_minutes, resolves) {
        (Some(d), false) => d,
        _ => handle,
    };
    let index = visit_index(item.reopens, item.hops, t);
    let mut rng = super::loops::stream(item.ticket.noise_key, DRAW_VISIT_WORK, index);
    crate::tickets::minutes_to_ms_u32(dist.sample(&mut rng))
}

/// Draw purposes of a ticket's retrials (see `seed::draw_key`).
const DRAW_RETRIAL: u64 = 16;
const DRAW_RETRIAL_DELAY: u64 = 17;
const DRAW_RETRIAL_PATIENCE: u64 = 18;

/// When the customer of `item`, abandoning now, will try again (ms from now), or
/// `None` when they give up for good. Drawn from the ticket's own keyed stream and its
/// attempt number, so every candidate sees the same customer behaviour.
fn retrial_delay(scenario: &Scenario, item: &InFlight) -> Option<SimTime> {
    let r = scenario.segments[item.ticket.segment.index()]
        .retrial
        .as_ref()?;
    if item.retrials >= r.max_retrials {
        return None;
    }
    let key = item.ticket.noise_key;
    let attempt = u64::from(item.retrials);
    if super::loops::unit(key, DRAW_RETRIAL, attempt) >= r.probability {
        return None;
    }
    let mut rng = super::loops::stream(key, DRAW_RETRIAL_DELAY, attempt);
    let minutes = r.delay_minutes.sample(&mut rng).max(0.0);
    Some(crate::model::time::minutes_to_ms(minutes))
}

/// The patience of the customer's attempt after `item.retrials` retrials, ms (`None`:
/// the segment has no patience).
fn retrial_patience(scenario: &Scenario, item: &InFlight) -> Option<SimTime> {
    let d = scenario.segments[item.ticket.segment.index()]
        .patience_minutes
        .as_ref()?;
    let mut rng = super::loops::stream(
        item.ticket.noise_key,
        DRAW_RETRIAL_PATIENCE,
        u64::from(item.retrials),
    );
    let minutes = d.sample(&mut rng).max(0.0);
    Some(crate::model::time::minutes_to_ms(minutes))
}

impl Sim<'_> {
    /// Starts a life of the ticket in `slot` at `now` (its arrival, or its re-entry
    /// after a reopen): SLA deadlines, and the timers of that life.
    pub(super) fn start_life(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let scenario = self.scenario;
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let ticket = &item.ticket;
        let target = scenario.sla.target(ticket.severity, ticket.segment);
        let calendar = &scenario.calendars[target.calendar.0 as usize];
        let clock = &scenario.clock;
        item.first_response_deadline = calendar.add_working(clock, now, target.first_response_ms);
        item.resolution_deadline = calendar.add_working(clock, now, target.resolution_ms);
        item.entered = now;
        item.contact_at = now;
        item.retrials = 0;
        item.touches = 0;
        item.pauses = 0;
        item.trigger_moves = 0;
        item.acknowledged = false;
        item.stage = Stage::HandOff;
        let life = item.reopens;
        let stamp = item.sla_stamp();
        let deadline = item.resolution_deadline;
        let interval = target.update_interval_ms;
        self.schedule_sla_triggers(slot, generation, stamp, deadline)?;
        if let Some(iv) = interval.filter(|&iv| iv > 0 && self.updates_matter()) {
            self.events.schedule(
                now + iv,
                Event::UpdateDue {
                    slot,
                    generation,
                    life,
                },
            )?;
        }
        Ok(())
    }

    /// Schedules the `sla_remaining_below` triggers of the ticket in `slot` for its
    /// resolution `deadline`, stamped `stamp` (its life and clock pauses).
    pub(super) fn schedule_sla_triggers(
        &mut self,
        slot: u32,
        generation: u32,
        stamp: u32,
        deadline: SimTime,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        for (index, t) in self.triggers.iter().enumerate() {
            if let TriggerTime::SlaRemainingBelow(ms) = *t {
                self.events.schedule(
                    (deadline - ms).max(now),
                    Event::Trigger {
                        slot,
                        generation,
                        stamp,
                        index: index as u16,
                    },
                )?;
            }
        }
        Ok(())
    }

    /// The pending ticket in `slot` arrives: incident mode, SLA deadlines, first tier,
    /// patience.
    pub(super) fn admit(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let mut bypass = None;
        if let Some(item) = self.in_flight.get(slot) {
            if let Some(inc) = self.incident.as_mut() {
                let measured = now >= self.recorder.warmup_ms();
                match inc.on_arrival(&item.ticket, now, measured, &mut self.counts) {
                    incident::Verdict::Normal => {}
                    incident::Verdict::Bypass(tier) => bypass = Some(tier),
                    incident::Verdict::Suppressed => {
                        self.in_flight.remove(slot);
                        return Ok(());
                    }
                }
            }
        }
        if self.open >= self.max_open {
            return Err(self.overloaded(now));
        }
        self.open += 1;
        let is_measured = |arrival| self.recorder.is_measured(arrival);
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let measured = is_measured(item.ticket.arrival);
        item.measured = measured;
        let patience = item.ticket.work.patience_ms;
        self.recorder.arrival(measured);
        self.start_life(slot, generation)?;
        let acks = self
            .scenario
            .incident
            .as_ref()
            .is_some_and(|c| c.ack_ms.is_some());
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        if measured && item.ticket.work.fix_at > 0 {
            self.counts.outage_tickets += 1;
        }
        if bypass.is_some() && acks && item.ticket.work.fix_at > now {
            // The incident tier acknowledges it and links it to its outage.
            item.linked = true;
        }
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let decision = match bypass {
            Some(tier) => {
                if measured {
                    self.counts.bypassed += 1;
                }
                crate::policy::Decision::to(tier)
            }
            None => self.policy.arrival(&self.view(item)),
        };
        if let Some(p) = patience {
            self.events
                .schedule(now + SimTime::from(p), Event::Abandon { slot, generation })?;
        }
        self.route(
            slot,
            decision,
            0,
            if bypass.is_some() { "bypass" } else { "arrive" },
        )?;
        self.schedule_acknowledgement(slot, generation)
    }

    pub(super) fn overloaded(&self, now: SimTime) -> EngineError {
        let (tier, queue) = self
            .tiers
            .iter()
            .enumerate()
            .max_by_key(|(i, t)| (t.queue_len, std::cmp::Reverse(*i)))
            .map_or((0, 0), |(i, t)| (i, t.queue_len));
        EngineError::Overloaded {
            open: self.open,
            limit: self.max_open,
            at_hours: now as f64 / crate::model::time::HOUR_MS as f64,
            tier: self
                .scenario
                .tiers
                .get(tier)
                .map_or_else(String::new, |t| t.name.clone()),
            queue,
        }
    }

    pub(super) fn join_queue(&mut self, slot: u32, tier: u16) -> Result<(), EngineError> {
        self.join_queue_for(slot, tier, None)
    }

    /// Queues the ticket in `slot` at `tier`: in the tier's queue, or, for a reply
    /// (`owner = Some((agent, wait))`) at a tier that holds replies for their owner,
    /// with its owner at once if idle, else held for it for at most `wait`.
    pub(super) fn join_queue_for(
        &mut self,
        slot: u32,
        tier: u16,
        owner: Option<(u32, SimTime)>,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let seq = self.queue_seq;
        self.queue_seq += 1;
        let generation = self.in_flight.generation(slot);
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let bit = 1u16.checked_shl(u32::from(tier)).unwrap_or(0);
        item.revisit = item.visited & bit != 0;
        if item.revisit {
            item.bounces += 1;
            if item.measured {
                self.counts.bounces += 1;
            }
        }
        item.visited |= bit;
        item.visits = item.visits.wrapping_add(1);
        item.tier = tier;
        item.stage = Stage::Queued;
        item.queued_at = now;
        item.queue_seq = seq;
        item.held = false;
        let visits = item.visits;
        let measured = item.measured;
        let mut hold_for = None;
        if let Some((agent, wait)) = owner {
            let ts = &mut self.tiers[tier as usize];
            if measured {
                self.counts.owner_replies += 1;
            }
            if ts.is_idle(agent) {
                if measured {
                    self.counts.owner_kept += 1;
                }
                ts.seize_this(agent);
                self.start_service(slot, tier, agent)?;
                let ts = &self.tiers[tier as usize];
                self.recorder
                    .agents(tier as usize, now, ts.busy, ts.present());
                return Ok(());
            }
            if wait > 0 {
                item.held = true;
                ts.hold(agent, seq, slot);
                self.recorder.queue_len(tier as usize, now, ts.queue_len);
                hold_for = Some(wait);
            } else if measured {
                self.counts.owner_passed += 1;
            }
        }
        if let Some(wait) = hold_for {
            self.events.schedule(
                now + wait,
                Event::OwnerWaitOver {
                    slot,
                    generation,
                    stamp: visits,
                },
            )?;
        } else {
            self.push_queued(slot, tier);
        }
        for (index, t) in self.triggers.iter().enumerate() {
            if let TriggerTime::WaitedOver(ms) = *t {
                self.events.schedule(
                    now + ms,
                    Event::Trigger {
                        slot,
                        generation,
                        stamp: visits,
                        index: index as u16,
                    },
                )?;
            }
        }
        self.dispatch(tier)
    }

    /// Puts the queued ticket in `slot` (its `queue_seq` set) into `tier`'s queue.
    fn push_queued(&mut self, slot: u32, tier: u16) {
        let now = self.events.now();
        let Some(item) = self.in_flight.get(slot) else {
            return;
        };
        let key = self.policy.queue_key(&self.view(item), TierId(tier));
        let ts = &mut self.tiers[tier as usize];
        ts.push(key, item.queue_seq, slot);
        self.recorder.queue_len(tier as usize, now, ts.queue_len);
    }

    /// The reply of the ticket in `slot`, held for its owner since queue visit `stamp`,
    /// has waited long enough: it joins the tier's queue, in its place by arrival.
    pub(super) fn owner_wait_over(
        &mut self,
        slot: u32,
        generation: u32,
        stamp: u32,
    ) -> Result<(), EngineError> {
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return Ok(());
        };
        if item.stage != Stage::Queued || !item.held || item.visits != stamp {
            return Ok(());
        }
        item.held = false;
        if item.measured {
            self.counts.owner_passed += 1;
        }
        let tier = item.tier;
        // It already counts as waiting at the tier (held), so only its entry moves.
        self.tiers[tier as usize].queue_len -= 1;
        self.push_queued(slot, tier);
        self.dispatch(tier)
    }

    /// Agent `agent` of `tier`, just free, takes the oldest reply held for it, unless
    /// tasks wait (they come first, through [`Sim::dispatch`]).
    pub(super) fn serve_held(&mut self, tier: u16, agent: u32) -> Result<(), EngineError> {
        let t = tier as usize;
        if agent == super::tier::NO_AGENT || self.tiers[t].has_tasks() {
            return Ok(());
        }
        while let Some((seq, slot)) = self.tiers[t].pop_held(agent) {
            let valid = self.in_flight.get(slot).is_some_and(|it| {
                it.stage == Stage::Queued && it.held && it.queue_seq == seq && it.tier == tier
            });
            if !valid {
                continue;
            }
            if let Some(it) = self.in_flight.get_mut(slot) {
                it.held = false;
                if it.measured {
                    self.counts.owner_kept += 1;
                }
            }
            let ts = &mut self.tiers[t];
            ts.took_valid();
            ts.seize_this(agent);
            self.start_service(slot, tier, agent)?;
            let now = self.events.now();
            let ts = &self.tiers[t];
            self.recorder.queue_len(t, now, ts.queue_len);
            self.recorder.agents(t, now, ts.busy, ts.present());
            break;
        }
        Ok(())
    }

    /// Idle agents of `tier` take tasks first, then tickets from its queue.
    pub(super) fn dispatch(&mut self, tier: u16) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        let mut started = false;
        while self.tiers[t].idle > 0 {
            if let Some((ms, slot, generation, ack)) = self.tiers[t].pop_task() {
                if ack != super::tier::NOT_AN_ACK {
                    self.events.schedule(
                        now + SimTime::from(ms),
                        Event::Acknowledge {
                            slot,
                            generation,
                            stamp: ack,
                        },
                    )?;
                } else if let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) {
                    item.task_pending = false;
                }
                let agent = self.tiers[t].seize_agent();
                started = true;
                self.events
                    .schedule(now + SimTime::from(ms), Event::TaskEnd { tier, agent })?;
                continue;
            }
            let Some((seq, slot)) = self.tiers[t].pop_raw() else {
                break;
            };
            let valid = self.in_flight.get(slot).is_some_and(|it| {
                it.stage == Stage::Queued && !it.held && it.queue_seq == seq && it.tier == tier
            });
            if !valid {
                continue;
            }
            let ts = &mut self.tiers[t];
            ts.took_valid();
            let agent = ts.seize_agent();
            started = true;
            self.start_service(slot, tier, agent)?;
        }
        if started {
            let ts = &self.tiers[t];
            self.recorder.queue_len(t, now, ts.queue_len);
            self.recorder.agents(t, now, ts.busy, ts.present());
        }
        Ok(())
    }

    pub(super) fn start_service(
        &mut self,
        slot: u32,
        tier: u16,
        agent: u32,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        let scenario = self.scenario;
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        item.stage = Stage::InService;
        item.agent = agent;
        self.recorder
            .service_start(t, now - item.queued_at, item.measured);
        if item.first_response_at.is_none() {
            item.first_response_at = Some(now);
        }
        if !item.acknowledged {
            item.acknowledged = true;
            self.recorder.first_response(
                item.ticket.severity,
                item.ticket.segment,
                item.ticket.arrival,
                now - item.contact_at,
                now > item.first_response_deadline,
                item.measured,
            );
        }
        let linked_ack = item
            .linked
            .then(|| scenario.incident.as_ref().and_then(|c| c.ack_ms))
            .flatten();
        let duration = if let Some(ms) = linked_ack {
            ms
        } else if self.by_transfers {
            let resolves = self.transfer_outcome(slot, tier).is_none();
            let Some(item) = self.in_flight.get(slot) else {
                return Ok(());
            };
            visit_work(scenario, item, t, resolves)
        } else {
            work_at(scenario, self.follow_recorded, item, t).1
        };
        self.events
            .schedule(now + duration, Event::ServiceEnd { tier, slot })
    }

    /// Where the current visit of the ticket in `slot` at `tier` ends under a policy
    /// that routes by transfers: `None` resolves it, otherwise the next tier.
    fn transfer_outcome(&mut self, slot: u32, tier: u16) -> Option<TierId> {
        let item = self.in_flight.get(slot)?;
        let view = self.view(item);
        match self.policy.visit_outcome(&view, TierId(tier)) {
            crate::policy::VisitOutcome::Resolve => None,
            crate::policy::VisitOutcome::Transfer(to) => Some(to),
        }
    }

    pub(super) fn service_end(&mut self, tier: u16, slot: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        let agent = if self.tiers[t].has_owners() {
            self.in_flight
                .get(slot)
                .map_or(super::tier::NO_AGENT, |it| it.agent)
        } else {
            super::tier::NO_AGENT
        };
        let stays = self.tiers[t].release_agent(agent);
        let linked = self.in_flight.get(slot).is_some_and(|it| it.linked);
        // Under transfers the visit's end was drawn with its work: `Some(next)`.
        let transfer = if self.by_transfers && !linked {
            Some(self.transfer_outcome(slot, tier))
        } else {
            None
        };
        if linked {
            // Acknowledged and linked to its outage: it waits for the fix.
            if let Some(it) = self.in_flight.get_mut(slot) {
                it.linked = false;
                if it.measured {
                    self.counts.incident_acks += 1;
                }
                let measured = it.measured;
                self.recorder.service_end(t, true, measured);
            }
            self.resolve(slot, false)?;
        } else if let Some(item) = self.in_flight.get(slot) {
            let measured = item.measured;
            let resolves = match transfer {
                Some(next) => next.is_none(),
                None => resolves_at(self.scenario, self.follow_recorded, item, t),
            };
            let wait = if self.follow_recorded && item.ticket.recorded.is_some() {
                super::touches::recorded_wait(item)
            } else if resolves {
                super::touches::next_wait(self.scenario, item, t)
            } else {
                None
            };
            if let Some(wait) = wait {
                self.recorder.touch_end(t, measured);
                self.start_wait(slot, wait)?;
            } else if resolves {
                self.recorder.service_end(t, true, measured);
                self.resolve(slot, false)?;
            } else {
                let decision = match transfer {
                    Some(Some(to)) if item.hops < MAX_TRANSFER_HOPS => {
                        Some(crate::policy::Decision::to(to))
                    }
                    Some(_) => None,
                    None => {
                        let view = self.view(item);
                        self.policy.escalation(&view, TierId(tier))
                    }
                };
                match decision {
                    None => {
                        self.recorder.service_end(t, true, measured);
                        self.resolve(slot, true)?;
                    }
                    Some(decision) => {
                        self.recorder.service_end(t, false, measured);
                        let handoff = item.ticket.work.handoff_ms[t];
                        let back = self.sends_back(TierId(tier), decision.tier);
                        if back && measured {
                            self.counts.send_backs += 1;
                        }
                        if let Some(it) = self.in_flight.get_mut(slot) {
                            it.hops += 1;
                            it.stage = Stage::HandOff;
                        }
                        let what = if back { "send back" } else { "escalate" };
                        self.route(slot, decision, handoff, what)?;
                    }
                }
            }
        }
        let ts = &self.tiers[t];
        self.recorder.agents(t, now, ts.busy, ts.present());
        if stays {
            self.serve_held(tier, agent)?;
        }
        self.dispatch(tier)
    }

    /// Whether a hand-off from `from` to `to` goes back down the escalation path.
    fn sends_back(&self, from: TierId, to: TierId) -> bool {
        let path = &self.scenario.escalation_path;
        let pos = |x: TierId| path.iter().position(|&p| p == x);
        matches!((pos(from), pos(to)), (Some(a), Some(b)) if b < a)
    }

    pub(super) fn resolve(&mut self, slot: u32, forced: bool) -> Result<(), EngineError> {
        let now = self.events.now();
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let fix = item.ticket.work.fix_at;
        if fix > now {
            // The outage behind it is not fixed yet: nothing an agent does resolves it.
            return self.start_wait(slot, super::touches::fix_wait(now, fix));
        }
        self.open -= 1;
        let breached = now > item.resolution_deadline;
        let who = Who {
            severity: item.ticket.severity,
            segment: item.ticket.segment,
            arrival: item.ticket.arrival,
            measured: item.measured,
        };
        self.recorder
            .resolved(who, now - item.entered, breached, forced);
        self.trace_row(slot, "resolve", Some(item.tier), None);
        self.rate_and_maybe_reopen(slot, breached)
    }

    pub(super) fn abandon(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let waiting = self
            .in_flight
            .get_if_generation(slot, generation)
            .is_some_and(|it| {
                it.first_response_at.is_none() && it.stage == Stage::Queued && it.reopens == 0
            });
        if !waiting {
            return Ok(());
        }
        self.trace_row(slot, "abandon", None, None);
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let who = Who {
            severity: item.ticket.severity,
            segment: item.ticket.segment,
            arrival: item.ticket.arrival,
            measured: item.measured,
        };
        let waited = now - item.contact_at;
        // An acknowledged contact was answered: its abandon is no service-level event.
        let late = now > item.first_response_deadline;
        let acknowledged = item.acknowledged;
        let t = item.tier as usize;
        if let Some(delay) = retrial_delay(self.scenario, item) {
            // The customer will try again: this contact is abandoned, the ticket is not.
            self.recorder
                .contact_abandoned(who, waited, late, acknowledged);
            if let Some(it) = self.in_flight.get_mut(slot) {
                it.stage = Stage::Retrying;
                it.retrials += 1;
            }
            self.unqueue(t);
            return self
                .events
                .schedule(now + delay, Event::Retrial { slot, generation });
        }
        self.in_flight.remove(slot);
        self.open -= 1;
        self.unqueue(t);
        self.recorder.abandoned(who, waited, late, acknowledged);
        Ok(())
    }

    /// The customer of the ticket in `slot`, who abandoned, contacts again: a new
    /// contact with its own first-response deadline and patience; the ticket keeps its
    /// arrival, resolution deadline and timers.
    pub(super) fn retrial(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let scenario = self.scenario;
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return Ok(());
        };
        if item.stage != Stage::Retrying {
            return Ok(());
        }
        let target = scenario
            .sla
            .target(item.ticket.severity, item.ticket.segment);
        let calendar = &scenario.calendars[target.calendar.0 as usize];
        item.first_response_deadline =
            calendar.add_working(&scenario.clock, now, target.first_response_ms);
        item.contact_at = now;
        item.hops = 0;
        item.visited = 0;
        item.acknowledged = false;
        item.stage = Stage::HandOff;
        let patience = retrial_patience(scenario, item);
        if item.measured {
            self.counts.retrials += 1;
        }
        if let Some(p) = patience {
            self.events
                .schedule(now + p, Event::Abandon { slot, generation })?;
        }
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let decision = self.policy.arrival(&self.view(item));
        self.route(slot, decision, 0, "retrial")?;
        self.schedule_acknowledgement(slot, generation)
    }

    /// Schedules the acknowledgement of the current contact of the ticket in `slot`
    /// that the scenario's first-response definition asks for, if any; called once the
    /// contact is routed. A triage reply is written only for a ticket routed past the
    /// triage tier and not yet answered: at the triage tier itself, the agent's first
    /// touch is the reply.
    pub(super) fn schedule_acknowledgement(
        &mut self,
        slot: u32,
        generation: u32,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let stamp = item.contact_stamp();
        let (first, answered) = (TierId(item.tier), item.acknowledged);
        if answered {
            return Ok(());
        }
        match self.scenario.sla.first_response {
            FirstResponse::AgentTouch => Ok(()),
            FirstResponse::AutoReply { after_ms } => self.events.schedule(
                now + after_ms,
                Event::Acknowledge {
                    slot,
                    generation,
                    stamp,
                },
            ),
            FirstResponse::TriageReply { tier, work_minutes } => {
                let tier = tier.unwrap_or(self.scenario.escalation_path[0]);
                if tier == first {
                    return Ok(());
                }
                let tier = tier.0;
                let ms = crate::tickets::minutes_to_ms_u32(work_minutes);
                self.tiers[usize::from(tier)].push_ack(ms, slot, generation, stamp);
                self.dispatch(tier)
            }
        }
    }

    /// Contact `stamp` of the ticket in `slot` is acknowledged (an automatic reply, or
    /// a triage reply done): its first response, unless an agent came first.
    pub(super) fn acknowledge(&mut self, slot: u32, generation: u32, stamp: u16) {
        let now = self.events.now();
        let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) else {
            return;
        };
        let open = matches!(
            item.stage,
            Stage::Queued | Stage::InService | Stage::HandOff | Stage::Waiting
        );
        if item.acknowledged || !open || item.contact_stamp() != stamp {
            return;
        }
        item.acknowledged = true;
        self.recorder.first_response(
            item.ticket.severity,
            item.ticket.segment,
            item.ticket.arrival,
            now - item.contact_at,
            now > item.first_response_deadline,
            item.measured,
        );
    }

    /// A valid entry of tier `t`'s queue left it other than by service (abandoned or
    /// moved): its entry goes stale.
    pub(super) fn unqueue(&mut self, t: usize) {
        let now = self.events.now();
        let in_flight = &self.in_flight;
        let ts = &mut self.tiers[t];
        ts.took_valid();
        ts.compact_if_stale(|seq, slot| {
            in_flight
                .get(slot)
                .is_some_and(|it| it.stage == Stage::Queued && it.queue_seq == seq)
        });
        self.recorder.queue_len(t, now, ts.queue_len);
    }
}

#[cfg(test)]
mod tests {
    use super::visit_index;

    #[test]
    fn visit_indices_are_distinct_and_below_32_bits() {
        let mut seen = std::collections::HashSet::new();
        for life in [0u8, 1, 2, 3, 4, 30, 255] {
            for hops in [0u16, 1, 2, 255, 256, 999, 1000, u16::MAX] {
                for t in 0..crate::model::MAX_TIERS {
                    let i = visit_index(life, hops, t);
                    assert!(i >> 32 == 0, "{life} {hops} {t}: {i:#x}");
                    assert!(seen.insert(i), "{life} {hops} {t} repeats {i:#x}");
                }
            }
        }
    }
}
