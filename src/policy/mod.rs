//! Routing policies: where a ticket goes first, where it goes when a tier cannot
//! resolve it, in what order each tier serves its queue, and what the policy's timed
//! triggers do.
//!
//! The engine asks a [`RoutingPolicy`] at each decision point and never decides routing
//! itself. One file per policy family; [`build`] makes the policy a scenario names.

pub mod ai;
pub mod conditions;
pub mod oracle;
pub mod order;
pub mod random;
pub mod recorded;
pub mod sop;
pub mod tiered;
pub mod transfers;

pub use order::QueueOrder;

use crate::model::sop::{PriorityChange, TriggerTime};
use crate::model::{PolicyKind, PolicySpec, Scenario, SimTime, TierId};
use crate::tickets::Ticket;

/// What a policy may see of a ticket at a decision point.
#[derive(Clone, Copy, Debug)]
pub struct TicketView<'a> {
    /// The ticket (attributes, and the AI's estimates in `ticket.ai`; policies that
    /// model imperfect information must not read its latent truth directly).
    pub ticket: &'a Ticket,
    /// Tiers the ticket has been handed to so far (0 on arrival).
    pub hops: u16,
    /// Returns to a tier the ticket had already visited.
    pub bounces: u16,
    /// Times the ticket was reopened.
    pub reopens: u8,
    /// Current priority level (1 served first, [`crate::model::sop::DEFAULT_PRIORITY`]
    /// unless a rule or trigger changed it).
    pub priority: u8,
    /// Time waited in the current queue, ms (0 when not queued).
    pub waited_ms: SimTime,
    /// When the ticket arrived, or re-entered after its latest reopen, ms.
    pub entered: SimTime,
    /// First-response SLA deadline, simulation ms.
    pub first_response_deadline: SimTime,
    /// Resolution SLA deadline, simulation ms.
    pub resolution_deadline: SimTime,
    /// Current simulation time, ms.
    pub now: SimTime,
}

/// A routing decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The tier the ticket goes to.
    pub tier: TierId,
    /// The rule that decided (index into [`RoutingPolicy::rule_names`]), if any.
    pub rule: Option<u16>,
    /// Priority change.
    pub priority: Option<PriorityChange>,
    /// Roles alerted (bit `i` = [`crate::model::RoleId`]`(i)`).
    pub alerts: u64,
    /// The decision waits for human review.
    pub review: bool,
    /// A directed route (a rule or the AI chose the tier, rather than the escalation
    /// path): counted as a misroute when it is not the lowest tier on the path that
    /// can resolve the ticket.
    pub directed: bool,
    /// An `ai` policy's arrival decision: `Some(true)` when the AI's prediction chose
    /// the tier, `Some(false)` when its confidence was below `min_confidence` and the
    /// ticket followed the escalation path; `None` for every other decision.
    pub ai_followed: Option<bool>,
}

impl Decision {
    /// Go to `tier`, nothing else.
    pub fn to(tier: TierId) -> Decision {
        Decision {
            tier,
            rule: None,
            priority: None,
            alerts: 0,
            review: false,
            directed: false,
            ai_followed: None,
        }
    }
}

/// How a tier visit ends under a policy that routes by transfers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitOutcome {
    /// The tier resolves the ticket.
    Resolve,
    /// The ticket is handed to this tier (onward, back, or to another group of the
    /// same tier).
    Transfer(TierId),
}

/// What a timed trigger does when it fires for a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fired {
    /// Index of the trigger in [`RoutingPolicy::rule_names`].
    pub rule: u16,
    /// Functional escalation of a still-queued ticket.
    pub escalate_to: Option<TierId>,
    /// Priority change.
    pub priority: Option<PriorityChange>,
    /// Roles alerted.
    pub alerts: u64,
    /// Also alert the owner of the ticket's current tier.
    pub alert_owner: bool,
}

/// Loops a policy switches on (from its `[policies.<name>]` entry).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Loops {
    /// The owning tier sends customer status updates at each SLA update interval.
    pub status_updates: bool,
    /// Spike detection switches incident mode on.
    pub incident_mode: bool,
}

/// A routing policy. Implementations must be deterministic given their inputs (any
/// randomness comes from per-ticket streams), so that runs are reproducible.
///
/// Simple policies implement [`first_tier`](RoutingPolicy::first_tier) and
/// [`next_tier`](RoutingPolicy::next_tier); policies with rules override
/// [`arrival`](RoutingPolicy::arrival) and [`escalation`](RoutingPolicy::escalation),
/// which the engine calls.
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

    /// The full decision on arrival (or re-entry after a reopen).
    fn arrival(&mut self, view: &TicketView<'_>) -> Decision {
        Decision::to(self.first_tier(view))
    }

    /// The full decision when `from` could not resolve the ticket.
    fn escalation(&mut self, view: &TicketView<'_>, from: TierId) -> Option<Decision> {
        self.next_tier(view, from).map(Decision::to)
    }

    /// Names of the policy's rules then its timed triggers (firing counts are reported
    /// under these names).
    fn rule_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// When each timed trigger fires (in trigger order).
    fn trigger_times(&self) -> Vec<TriggerTime> {
        Vec::new()
    }

    /// Timed trigger `index` is due for the ticket: what it does, or `None` when its
    /// further conditions do not hold.
    fn trigger(&mut self, _view: &TicketView<'_>, _index: usize) -> Option<Fired> {
        None
    }

    /// Whether tickets with a recorded path follow it, spending each step's recorded
    /// time and resolving after its last step (instead of the tiers' skills and the
    /// ticket's work content deciding). Only the `recorded` policy says yes.
    fn follows_recorded_path(&self) -> bool {
        false
    }

    /// Whether every visit's end is decided by [`visit_outcome`](RoutingPolicy::visit_outcome)
    /// (probabilistic routing) instead of the tiers' skills and the ticket's need.
    /// Only the `transfers` policy says yes.
    fn routes_by_transfers(&self) -> bool {
        false
    }

    /// How the visit at `at` ends (asked at its start and at its end: the answer
    /// must depend only on the ticket and its routing state). Used only when
    /// [`routes_by_transfers`](RoutingPolicy::routes_by_transfers) says yes.
    fn visit_outcome(&mut self, _view: &TicketView<'_>, _at: TierId) -> VisitOutcome {
        VisitOutcome::Resolve
    }

    /// Loops the policy switches on.
    fn loops(&self) -> Loops {
        Loops::default()
    }
}

/// `next[tier]`: the tier after it on the escalation path (`None` at the top or
/// off-path).
pub fn path_successors(scenario: &Scenario) -> Vec<Option<TierId>> {
    let mut next = vec![None; scenario.tiers.len()];
    for pair in scenario.escalation_path.windows(2) {
        next[pair[0].index()] = Some(pair[1]);
    }
    next
}

/// `lowest[need]`: the first tier on the escalation path that resolves `need` (the
/// top of the path when none does).
pub fn lowest_resolving(scenario: &Scenario) -> Vec<TierId> {
    let top = scenario
        .escalation_path
        .last()
        .copied()
        .unwrap_or(TierId(0));
    (0..scenario.tiers.len())
        .map(|need| {
            scenario
                .lowest_resolving(TierId(need as u16))
                .unwrap_or(top)
        })
        .collect()
}

/// Builds the policy `spec` describes for `scenario` in `replication` (randomised
/// policies draw from per-ticket streams of that replication).
pub fn build(scenario: &Scenario, spec: &PolicySpec, replication: u32) -> Box<dyn RoutingPolicy> {
    let order = QueueOrder::new(scenario, spec);
    let loops = Loops {
        status_updates: spec.status_updates,
        incident_mode: spec.incident_mode && scenario.incident.is_some(),
    };
    match &spec.kind {
        PolicyKind::Oracle => Box::new(oracle::Oracle::new(scenario, order, loops)),
        PolicyKind::Random => Box::new(random::RandomEntry::new(
            scenario,
            order,
            loops,
            replication,
        )),
        PolicyKind::Tiered => Box::new(tiered::Tiered::new(scenario, order, loops)),
        PolicyKind::Recorded => Box::new(recorded::Recorded::new(scenario, order, loops)),
        PolicyKind::Sop(sop) => Box::new(sop::SopPolicy::new(scenario, sop, order, loops)),
        PolicyKind::Ai => Box::new(ai::AiPolicy::new(
            scenario,
            order,
            loops,
            spec.min_confidence,
        )),
        PolicyKind::Transfers(m) => Box::new(transfers::Transfers::new(scenario, m, order, loops)),
    }
}
