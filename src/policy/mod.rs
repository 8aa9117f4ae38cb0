//! Routing policies: where a ticket goes first, where it goes when a tier cannot
//! resolve it, and in what order each tier serves its queue.
//!
//! The engine asks a [`RoutingPolicy`] at each decision point and never decides routing
//! itself. One file per policy family; [`build`] makes the policy a scenario names.

pub mod oracle;
pub mod random;
pub mod recorded;
pub mod tiered;

use crate::model::{Discipline, PolicyKind, PolicySpec, Scenario, SimTime, TierId};
use crate::tickets::Ticket;

/// What a policy may see of a ticket at a decision point.
#[derive(Clone, Copy, Debug)]
pub struct TicketView<'a> {
    /// The ticket (attributes; policies that model imperfect information must not read
    /// its latent truth directly).
    pub ticket: &'a Ticket,
    /// Tiers the ticket has been handed to so far (0 on arrival).
    pub hops: u16,
    /// First-response SLA deadline, simulation ms.
    pub first_response_deadline: SimTime,
    /// Resolution SLA deadline, simulation ms.
    pub resolution_deadline: SimTime,
    /// Current simulation time, ms.
    pub now: SimTime,
}

/// A routing policy. Implementations must be deterministic given their inputs (any
/// randomness comes from per-ticket streams), so that runs are reproducible.
pub trait RoutingPolicy {
    /// The tier a newly arrived ticket joins.
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId;

    /// The tier a ticket goes to after `from` could not resolve it; `None` when the
    /// policy has nowhere further to send it (the engine then resolves it at `from`
    /// and counts a forced resolution).
    fn next_tier(&mut self, view: &TicketView<'_>, from: TierId) -> Option<TierId>;

    /// The ticket's priority key in `tier`'s queue: lower is served first, equal keys
    /// first come, first served.
    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64;

    /// Whether tickets with a recorded path follow it, spending each step's recorded
    /// time and resolving after its last step (instead of the tiers' skills and the
    /// ticket's work content deciding). Only the `recorded` policy says yes.
    fn follows_recorded_path(&self) -> bool {
        false
    }
}

/// The queue key a [`Discipline`] gives a ticket.
#[inline]
pub fn discipline_key(discipline: Discipline, view: &TicketView<'_>) -> i64 {
    match discipline {
        Discipline::Fifo => 0,
        Discipline::SeverityPriority => view.ticket.severity.index() as i64,
        Discipline::EarliestDeadline => view.resolution_deadline,
        Discipline::SlaRisk | Discipline::AiScore => todo!(),
    }
}

/// Builds the policy `spec` describes for `scenario` in `replication` (randomised
/// policies draw from per-ticket streams of that replication).
pub fn build(scenario: &Scenario, spec: &PolicySpec, replication: u32) -> Box<dyn RoutingPolicy> {
    match spec.kind {
        PolicyKind::Oracle => Box::new(oracle::Oracle::new(scenario, spec.discipline)),
        PolicyKind::Random => Box::new(random::RandomEntry::new(
            scenario,
            spec.discipline,
            replication,
        )),
        PolicyKind::Tiered => Box::new(tiered::Tiered::new(scenario, spec.discipline)),
        PolicyKind::Recorded => Box::new(recorded::Recorded::new(scenario, spec.discipline)),
        PolicyKind::Sop(_) | PolicyKind::Ai => todo!(),
    }
}
