//! The discrete-event engine: one run of one candidate (policy × staffing model) over
//! one ticket stream.
//!
//! # Time and event order
//! Simulation time is an integer number of milliseconds since the scenario start
//! ([`SimTime`]). Events are ordered by `(time, insertion sequence)`: events at the same
//! millisecond fire in the order they were scheduled, so a run is a pure function of
//! its inputs (scenario, staffing, policy, tickets). Scheduling into the past is an
//! error ([`EngineError::ScheduledInPast`]). Events at or after the horizon never fire.
//!
//! # Ticket flow
//! arrive → the policy decides a tier (and may set a priority, alert roles or ask for
//! a human review, which delays the ticket) → queue (ordered by the policy's key, FIFO
//! among equal keys) → an agent starts (the first start is the first response) → if the
//! tier resolves the ticket's need, it works the ticket's handle time and resolves it;
//! otherwise it spends the triage time and the policy picks the next tier, reached
//! after the hand-off delay. (A policy that follows recorded paths makes each ticket
//! spend its recorded time at each step of its recorded path instead; see `work_at`.)
//! A customer still waiting for a first response when their patience runs out
//! abandons. Timed triggers, human review, misroutes and bounces are in [`routing`];
//! customer updates, follow-up contacts, reopens and the CSAT proxy in [`loops`];
//! spike detection and incident mode in [`incident`].
//!
//! A reopened ticket re-enters as a new contact: it counts as an arrival again, gets
//! new SLA deadlines and is resolved (and measured) again.
//!
//! # Staffing
//! Head counts follow the staffing model's weekly schedule. When a shift ends, idle
//! agents leave at once and busy agents finish the ticket in hand first.
//!
//! # Invariants checked at the end of every run
//! Conservation: every contact that arrived (tickets and their reopens) is resolved,
//! abandoned or still open. Tickets suppressed by a proactive notice never arrive.
//!
//! # Memory
//! Memory grows with the tickets open at once (about 330 bytes each), not with the
//! stream's length. A run whose open tickets would pass [`MAX_OPEN_TICKETS`] (an
//! overloaded tier whose backlog grows without bound) stops with
//! [`EngineError::Overloaded`] instead of exhausting memory.
//!
//! No I/O, printing, threads or serialisation happen here.

mod error;
mod events;
mod in_flight;
mod incident;
mod loops;
mod routing;
mod tier;
mod trace;

pub use error::EngineError;
pub use events::{Event, EventQueue};
pub use trace::TraceRow;

use in_flight::{InFlight, InFlightTable, Stage};
use incident::IncidentState;
use tier::TierState;

use crate::metrics::{LoopMetrics, RunMetrics, RunRecorder, Who};
use crate::model::sop::{DEFAULT_PRIORITY, TriggerTime};
use crate::model::{Scenario, SimTime, StaffingModel, TierId};
use crate::policy::{Loops, RoutingPolicy, TicketView};
use crate::tickets::Ticket;

/// Most tickets open at once in one run (about 1.7 GB of per-ticket state).
pub const MAX_OPEN_TICKETS: usize = 5_000_000;

/// Runs one candidate over `tickets` (sorted by arrival) until the scenario's horizon.
pub fn run(
    scenario: &Scenario,
    staffing: &StaffingModel,
    policy: &mut dyn RoutingPolicy,
    tickets: impl Iterator<Item = Ticket>,
) -> Result<RunMetrics, EngineError> {
    run_with_open_limit(scenario, staffing, policy, tickets, MAX_OPEN_TICKETS)
}

/// [`run`], also returning the decision trace: every routing step of every ticket with
/// its time, tier and the rule that fired.
pub fn run_traced(
    scenario: &Scenario,
    staffing: &StaffingModel,
    policy: &mut dyn RoutingPolicy,
    tickets: impl Iterator<Item = Ticket>,
) -> Result<(RunMetrics, Vec<TraceRow>), EngineError> {
    let mut sim = Sim::new(scenario, staffing, policy)?;
    sim.trace = Some(Vec::new());
    sim.run(tickets)
        .map(|(m, trace)| (m, trace.unwrap_or_default()))
}

/// [`run`] with another limit on the tickets open at once (for tests).
pub(crate) fn run_with_open_limit(
    scenario: &Scenario,
    staffing: &StaffingModel,
    policy: &mut dyn RoutingPolicy,
    tickets: impl Iterator<Item = Ticket>,
    max_open: usize,
) -> Result<RunMetrics, EngineError> {
    let mut sim = Sim::new(scenario, staffing, policy)?;
    sim.max_open = max_open;
    sim.run(tickets).map(|(m, _)| m)
}

struct Sim<'a> {
    scenario: &'a Scenario,
    policy: &'a mut dyn RoutingPolicy,
    horizon: SimTime,
    events: EventQueue,
    tiers: Vec<TierState>,
    in_flight: InFlightTable,
    recorder: RunRecorder,
    last_arrival: SimTime,
    /// Tickets arrived and not yet resolved or abandoned.
    open: usize,
    queue_seq: u64,
    max_open: usize,
    /// The policy follows each ticket's recorded path (see [`work_at`]).
    follow_recorded: bool,
    /// Loops the policy switches on.
    loops: Loops,
    /// When each of the policy's timed triggers fires.
    triggers: Vec<TriggerTime>,
    /// `lowest[need]`: the lowest tier on the path that resolves `need`.
    lowest: Vec<TierId>,
    /// SOP and loop counts.
    counts: LoopMetrics,
    /// Spike detector, when the policy uses incident mode.
    incident: Option<IncidentState>,
    /// Decision trace, when asked for.
    trace: Option<Vec<TraceRow>>,
}

/// Whether tier `t` resolves `item` at this visit, and how long it works on it, ms.
///
/// Normally the tier resolves the ticket when its skills cover the ticket's needed
/// tier, working its handle time, and otherwise spends its triage time. When the policy
/// follows recorded paths and the ticket has one, visit `hops` of the path decides
/// instead: the ticket spends that step's recorded time and is resolved after the last
/// step (a ticket pushed past its path's end is resolved at once).
#[inline]
fn work_at(scenario: &Scenario, follow_recorded: bool, item: &InFlight, t: usize) -> (bool, u32) {
    if follow_recorded {
        if let Some(rec) = &item.ticket.recorded {
            let hop = usize::from(item.hops);
            return match rec.steps.get(hop) {
                Some(step) => (hop + 1 >= rec.steps.len(), step.ms),
                None => (true, 0),
            };
        }
    }
    let work = &item.ticket.work;
    if scenario.tiers[t].resolves[item.ticket.needed_tier.index()] {
        (true, work.handle_ms[t])
    } else {
        (false, work.triage_ms[t])
    }
}

impl<'a> Sim<'a> {
    fn new(
        scenario: &'a Scenario,
        staffing: &'a StaffingModel,
        policy: &'a mut dyn RoutingPolicy,
    ) -> Result<Self, EngineError> {
        let horizon = scenario.run.horizon_ms;
        let warmup = scenario.run.warmup_ms;
        let mut events = EventQueue::new();
        // Staffing first, so that head counts at time t apply before arrivals at t.
        for i in 0..scenario.tiers.len() {
            let s = staffing.staffing_for(scenario, TierId(i as u16));
            for (t, agents) in s.changes(&scenario.clock, horizon) {
                events.schedule(
                    t,
                    Event::Staffing {
                        tier: i as u16,
                        agents,
                    },
                )?;
            }
        }
        if warmup > 0 {
            events.schedule(warmup, Event::WarmupEnd)?;
        }
        let follow_recorded = policy.follows_recorded_path();
        let loops = policy.loops();
        let counts = LoopMetrics {
            rules: policy.rule_names().into_iter().map(|n| (n, 0)).collect(),
            alerts: scenario.roles.iter().map(|r| (r.clone(), 0)).collect(),
            ..LoopMetrics::default()
        };
        let incident = match (&scenario.incident, loops.incident_mode) {
            (Some(cfg), true) => Some(IncidentState::new(scenario, cfg)),
            _ => None,
        };
        Ok(Sim {
            scenario,
            triggers: policy.trigger_times(),
            policy,
            horizon,
            events,
            tiers: (0..scenario.tiers.len())
                .map(|_| TierState::default())
                .collect(),
            in_flight: InFlightTable::default(),
            recorder: RunRecorder::new(
                scenario.tiers.len(),
                scenario.segments.len(),
                warmup,
                horizon,
            )?,
            last_arrival: 0,
            open: 0,
            queue_seq: 0,
            follow_recorded,
            max_open: MAX_OPEN_TICKETS,
            loops,
            lowest: crate::policy::lowest_resolving(scenario),
            counts,
            incident,
            trace: None,
        })
    }

    fn run(
        mut self,
        mut tickets: impl Iterator<Item = Ticket>,
    ) -> Result<(RunMetrics, Option<Vec<TraceRow>>), EngineError> {
        self.pull_next(&mut tickets)?;
        while let Some((_, event)) = self.events.pop_before(self.horizon) {
            match event {
                Event::Arrival { slot, generation } => {
                    self.pull_next(&mut tickets)?;
                    self.admit(slot, generation)?;
                }
                Event::ServiceEnd { tier, slot } => self.service_end(tier, slot)?,
                Event::JoinQueue { tier, slot } => {
                    self.join_queue(slot, tier)?;
                }
                Event::Abandon { slot, generation } => self.abandon(slot, generation),
                Event::Staffing { tier, agents } => {
                    let now = self.events.now();
                    let ts = &mut self.tiers[tier as usize];
                    let added = ts.set_target(agents);
                    self.recorder
                        .agents(tier as usize, now, ts.busy, ts.present());
                    if added {
                        self.dispatch(tier)?;
                    }
                }
                Event::WarmupEnd => self.recorder.warmup_end(self.events.now()),
                Event::Trigger {
                    slot,
                    generation,
                    stamp,
                    index,
                } => self.trigger(slot, generation, stamp, index)?,
                Event::UpdateDue {
                    slot,
                    generation,
                    life,
                } => self.update_due(slot, generation, life)?,
                Event::Reopen { slot, generation } => self.reopen(slot, generation)?,
                Event::TaskEnd { tier } => {
                    let now = self.events.now();
                    let ts = &mut self.tiers[tier as usize];
                    ts.release_agent();
                    self.recorder
                        .agents(tier as usize, now, ts.busy, ts.present());
                    self.dispatch(tier)?;
                }
            }
        }
        self.events.advance_to(self.horizon);
        self.finish()
    }

    /// Takes the next ticket of the stream and schedules its arrival (if before the
    /// horizon).
    fn pull_next(&mut self, tickets: &mut impl Iterator<Item = Ticket>) -> Result<(), EngineError> {
        let Some(ticket) = tickets.next() else {
            return Ok(());
        };
        if ticket.arrival < self.last_arrival {
            return Err(EngineError::UnsortedArrivals {
                id: ticket.id,
                arrival: ticket.arrival,
                previous: self.last_arrival,
            });
        }
        if ticket.arrival >= self.horizon {
            return Ok(());
        }
        self.last_arrival = ticket.arrival;
        let arrival = ticket.arrival;
        let (slot, generation) = self.in_flight.insert(InFlight {
            ticket,
            measured: false,
            tier: 0,
            stage: Stage::Pending,
            hops: 0,
            bounces: 0,
            visited: 0,
            reopens: 0,
            priority: DEFAULT_PRIORITY,
            misrouted: false,
            visits: 0,
            updates: 0,
            followups: 0,
            update_checks: 0,
            task_pending: false,
            entered: arrival,
            queued_at: arrival,
            queue_seq: u64::MAX,
            first_response_at: None,
            first_response_deadline: arrival,
            resolution_deadline: arrival,
        });
        self.events
            .schedule(arrival, Event::Arrival { slot, generation })
    }

    fn view<'t>(&self, item: &'t InFlight) -> TicketView<'t> {
        let now = self.events.now();
        TicketView {
            ticket: &item.ticket,
            hops: item.hops,
            bounces: item.bounces,
            reopens: item.reopens,
            priority: item.priority,
            waited_ms: if item.stage == Stage::Queued {
                now - item.queued_at
            } else {
                0
            },
            entered: item.entered,
            first_response_deadline: item.first_response_deadline,
            resolution_deadline: item.resolution_deadline,
            now,
        }
    }

    /// Starts a life of the ticket in `slot` at `now` (its arrival, or its re-entry
    /// after a reopen): SLA deadlines, and the timers of that life.
    fn start_life(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
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
        item.stage = Stage::HandOff;
        let life = item.reopens;
        let deadline = item.resolution_deadline;
        let interval = target.update_interval_ms;
        for (index, t) in self.triggers.iter().enumerate() {
            if let TriggerTime::SlaRemainingBelow(ms) = *t {
                self.events.schedule(
                    (deadline - ms).max(now),
                    Event::Trigger {
                        slot,
                        generation,
                        stamp: u32::from(life),
                        index: index as u16,
                    },
                )?;
            }
        }
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

    /// The pending ticket in `slot` arrives: incident mode, SLA deadlines, first tier,
    /// patience.
    fn admit(&mut self, slot: u32, generation: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let mut bypass = None;
        if let Some(item) = self.in_flight.get(slot) {
            if let Some(inc) = self.incident.as_mut() {
                let measured = now >= self.recorder.warmup_ms();
                match inc.on_arrival(self.scenario, &item.ticket, now, measured, &mut self.counts) {
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
        )
    }

    fn overloaded(&self, now: SimTime) -> EngineError {
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

    fn join_queue(&mut self, slot: u32, tier: u16) -> Result<(), EngineError> {
        let now = self.events.now();
        let seq = self.queue_seq;
        self.queue_seq += 1;
        let generation = self.in_flight.generation(slot);
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let bit = 1u16.checked_shl(u32::from(tier)).unwrap_or(0);
        if item.visited & bit != 0 {
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
        let visits = item.visits;
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let key = self.policy.queue_key(&self.view(item), TierId(tier));
        let ts = &mut self.tiers[tier as usize];
        ts.push(key, seq, slot);
        self.recorder.queue_len(tier as usize, now, ts.queue_len);
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

    /// Idle agents of `tier` take tasks first, then tickets from its queue.
    fn dispatch(&mut self, tier: u16) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        let mut started = false;
        while self.tiers[t].idle > 0 {
            if let Some((ms, slot, generation)) = self.tiers[t].pop_task() {
                if let Some(item) = self.in_flight.get_mut_if_generation(slot, generation) {
                    item.task_pending = false;
                }
                self.tiers[t].seize_agent();
                started = true;
                self.events
                    .schedule(now + SimTime::from(ms), Event::TaskEnd { tier })?;
                continue;
            }
            let Some((seq, slot)) = self.tiers[t].pop_raw() else {
                break;
            };
            let valid = self.in_flight.get(slot).is_some_and(|it| {
                it.stage == Stage::Queued && it.queue_seq == seq && it.tier == tier
            });
            if !valid {
                continue;
            }
            let ts = &mut self.tiers[t];
            ts.took_valid();
            ts.seize_agent();
            started = true;
            self.start_service(slot, tier)?;
        }
        if started {
            let ts = &self.tiers[t];
            self.recorder.queue_len(t, now, ts.queue_len);
            self.recorder.agents(t, now, ts.busy, ts.present());
        }
        Ok(())
    }

    fn start_service(&mut self, slot: u32, tier: u16) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        let scenario = self.scenario;
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        item.stage = Stage::InService;
        self.recorder
            .service_start(t, now - item.queued_at, item.measured);
        if item.first_response_at.is_none() {
            item.first_response_at = Some(now);
            self.recorder.first_response(
                item.ticket.severity,
                item.ticket.segment,
                item.ticket.arrival,
                now - item.entered,
                now > item.first_response_deadline,
                item.measured,
            );
        }
        let (_, duration) = work_at(scenario, self.follow_recorded, item, t);
        self.events.schedule(
            now + SimTime::from(duration),
            Event::ServiceEnd { tier, slot },
        )
    }

    fn service_end(&mut self, tier: u16, slot: u32) -> Result<(), EngineError> {
        let now = self.events.now();
        let t = tier as usize;
        self.tiers[t].release_agent();
        if let Some(item) = self.in_flight.get(slot) {
            let measured = item.measured;
            let (resolves, _) = work_at(self.scenario, self.follow_recorded, item, t);
            if resolves {
                self.recorder.service_end(t, true, measured);
                self.resolve(slot, false)?;
            } else {
                let view = self.view(item);
                match self.policy.escalation(&view, TierId(tier)) {
                    None => {
                        self.recorder.service_end(t, true, measured);
                        self.resolve(slot, true)?;
                    }
                    Some(decision) => {
                        self.recorder.service_end(t, false, measured);
                        let handoff = item.ticket.work.handoff_ms[t];
                        if let Some(it) = self.in_flight.get_mut(slot) {
                            it.hops += 1;
                            it.stage = Stage::HandOff;
                        }
                        self.route(slot, decision, handoff, "escalate")?;
                    }
                }
            }
        }
        let ts = &self.tiers[t];
        self.recorder.agents(t, now, ts.busy, ts.present());
        self.dispatch(tier)
    }

    fn resolve(&mut self, slot: u32, forced: bool) -> Result<(), EngineError> {
        let now = self.events.now();
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
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

    fn abandon(&mut self, slot: u32, generation: u32) {
        let now = self.events.now();
        let waiting = self
            .in_flight
            .get_if_generation(slot, generation)
            .is_some_and(|it| {
                it.first_response_at.is_none() && it.stage == Stage::Queued && it.reopens == 0
            });
        if !waiting {
            return;
        }
        self.trace_row(slot, "abandon", None, None);
        let Some(item) = self.in_flight.remove(slot) else {
            return;
        };
        self.open -= 1;
        let t = item.tier as usize;
        self.unqueue(t);
        self.recorder.abandoned(
            item.ticket.severity,
            item.ticket.segment,
            item.ticket.arrival,
            now > item.first_response_deadline,
            item.measured,
        );
    }

    /// A valid entry of tier `t`'s queue left it other than by service (abandoned or
    /// moved): its entry goes stale.
    fn unqueue(&mut self, t: usize) {
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

    fn finish(self) -> Result<(RunMetrics, Option<Vec<TraceRow>>), EngineError> {
        let horizon = self.horizon;
        let mut open_all = 0;
        let mut open_measured = 0;
        let mut recorder = self.recorder;
        for item in self
            .in_flight
            .iter()
            .filter(|it| it.stage != Stage::Pending && it.stage != Stage::Dormant)
        {
            open_all += 1;
            if item.measured {
                open_measured += 1;
            }
            let fr_breached = item
                .first_response_at
                .is_none()
                .then_some(horizon > item.first_response_deadline);
            recorder.open_at_horizon(
                item.ticket.severity,
                item.ticket.segment,
                item.ticket.arrival,
                fr_breached,
                horizon > item.resolution_deadline,
                item.measured,
            );
        }
        let costs: Vec<f64> = self
            .scenario
            .tiers
            .iter()
            .map(|t| t.cost_per_agent_hour)
            .collect();
        let events = self.events.processed();
        let mut metrics = recorder.finish(horizon, open_all, open_measured, &costs, events);
        metrics.loops = self.counts;
        if !metrics.conserves() {
            return Err(EngineError::Conservation {
                arrived: metrics.all_arrived,
                resolved: metrics.all_resolved,
                abandoned: metrics.all_abandoned,
                open: metrics.all_open,
            });
        }
        if metrics.clipped_values > 0 {
            return Err(EngineError::Clipped(metrics.clipped_values));
        }
        Ok((metrics, self.trace))
    }
}
