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
//! spend its recorded time at each step of its recorded path instead; see `flow::work_at`.)
//! A customer still waiting for a first response when their patience runs out
//! abandons; where the segment has retrials, the customer may contact again later (the
//! same ticket, still open meanwhile: a new contact with its own first-response
//! deadline and patience, the original arrival and resolution deadline kept). This flow is in `flow.rs`; timed triggers, human review, misroutes and bounces
//! are in `routing.rs`;
//! customer updates, follow-up contacts, reopens and the CSAT proxy in `loops.rs`;
//! spike detection and incident mode in `incident.rs`.
//!
//! A tier with touches (`[tiers.<t>.touches]`) works the tickets it resolves in
//! several agent touches: between them the ticket waits on the customer or a third
//! party, the agent being free, and then rejoins the tier's queue; a wait that the SLA
//! pauses on moves the resolution deadline by the working time it took (`touches.rs`).
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
mod flow;
mod in_flight;
mod incident;
mod loops;
mod routing;
mod tier;
mod touches;
mod trace;

pub use error::EngineError;
pub use events::{Event, EventQueue};
pub use trace::TraceRow;

use in_flight::{InFlight, InFlightTable, Stage};
use incident::IncidentState;
use tier::TierState;

use crate::metrics::{LoopMetrics, RunMetrics, RunRecorder};
use crate::model::sop::{DEFAULT_PRIORITY, TriggerTime};
use crate::model::{Scenario, SimTime, StaffingModel, TierId};
use crate::policy::{Loops, RoutingPolicy, TicketView};
use crate::tickets::Ticket;

/// Most queue moves by timed triggers per ticket and life; further moves are refused
/// and counted (`trigger_moves_refused`), so triggers that move tickets back and forth
/// cannot livelock a run (see lint SOP012).
pub const MAX_TRIGGER_MOVES: u8 = 8;

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
    /// The policy follows each ticket's recorded path (see `flow::work_at`).
    follow_recorded: bool,
    /// The policy decides every visit's end by transfer probabilities (see
    /// `flow::service_end`).
    by_transfers: bool,
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
        let by_transfers = policy.routes_by_transfers();
        let loops = policy.loops();
        let counts = LoopMetrics {
            rules: policy.rule_names().into_iter().map(|n| (n, 0)).collect(),
            alerts: scenario.roles.iter().map(|r| (r.clone(), 0)).collect(),
            categories: scenario
                .categories
                .iter()
                .map(|c| crate::metrics::loops::CategoryOutcomes {
                    name: c.name.clone(),
                    ..Default::default()
                })
                .collect(),
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
            tiers: scenario
                .tiers
                .iter()
                .map(
                    |t| match t.touches.as_ref().and_then(|tc| tc.owner_wait_ms) {
                        Some(_) => TierState::with_owners(),
                        None => TierState::default(),
                    },
                )
                .collect(),
            in_flight: InFlightTable::default(),
            recorder: RunRecorder::new(
                scenario.tiers.len(),
                scenario.segments.len(),
                warmup,
                horizon,
            )?
            .with_short_abandon_ms(scenario.sla.short_abandon_ms)
            .with_pickup_targets(scenario.tiers.iter().map(|t| t.pickup_target_ms)),
            last_arrival: 0,
            open: 0,
            queue_seq: 0,
            follow_recorded,
            by_transfers,
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
                Event::Abandon { slot, generation } => self.abandon(slot, generation)?,
                Event::Staffing { tier, agents } => {
                    let now = self.events.now();
                    let ts = &mut self.tiers[tier as usize];
                    let added = ts.set_target(agents);
                    self.recorder
                        .agents(tier as usize, now, ts.busy, ts.present());
                    if added {
                        for agent in self.tiers[tier as usize].take_back_with_held() {
                            self.serve_held(tier, agent)?;
                        }
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
                Event::Retrial { slot, generation } => self.retrial(slot, generation)?,
                Event::WaitEnd {
                    slot,
                    generation,
                    outcome,
                } => self.wait_end(slot, generation, outcome)?,
                Event::Acknowledge {
                    slot,
                    generation,
                    stamp,
                } => self.acknowledge(slot, generation, stamp),
                Event::TaskEnd { tier, agent } => {
                    let now = self.events.now();
                    let ts = &mut self.tiers[tier as usize];
                    let stays = ts.release_agent(agent);
                    self.recorder
                        .agents(tier as usize, now, ts.busy, ts.present());
                    if stays {
                        self.serve_held(tier, agent)?;
                    }
                    self.dispatch(tier)?;
                }
                Event::OwnerWaitOver {
                    slot,
                    generation,
                    stamp,
                } => self.owner_wait_over(slot, generation, stamp)?,
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
            revisit: false,
            reopens: 0,
            retrials: 0,
            touches: 0,
            acknowledged: false,
            pauses: 0,
            trigger_moves: 0,
            priority: DEFAULT_PRIORITY,
            misrouted: false,
            visits: 0,
            updates: 0,
            followups: 0,
            update_checks: 0,
            task_pending: false,
            entered: arrival,
            contact_at: arrival,
            queued_at: arrival,
            queue_seq: u64::MAX,
            first_response_at: None,
            first_response_deadline: arrival,
            resolution_deadline: arrival,
            agent: tier::NO_AGENT,
            held: false,
            returns: 0,
            returning: false,
            pending_ms: 0,
            on_hold_ms: 0,
            linked: false,
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
            reopens: item.reopens - item.returns,
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
            // A customer between attempts has no contact waiting: the last one was
            // counted as abandoned already.
            let fr_breached = (!item.acknowledged && item.stage != Stage::Retrying)
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
