//! A ticket's life beyond one block of work: the touches an agent makes with waits on
//! the customer or a third party in between ([`Touches`]), the SLA clocks those waits
//! pause ([`PauseOn`]), and customers who abandon and try again ([`Retrial`]).

use super::time::SimTime;
use super::{Dist, TierId};

/// Customers who abandon before a first response and come back: each abandon is
/// followed by another attempt with `probability`, after `delay_minutes`, at most
/// `max_retrials` times per ticket. A retried ticket keeps its arrival time, its
/// resolution deadline and its id; each attempt is a new contact with its own
/// first-response deadline and a fresh patience draw.
#[derive(Clone, Debug)]
pub struct Retrial {
    /// Chance that an abandoning customer tries again, on `[0, 1]`.
    pub probability: f64,
    /// Time until the next attempt, minutes.
    pub delay_minutes: Dist,
    /// Most further attempts per ticket (>= 1).
    pub max_retrials: u8,
}

/// A tier's work on a ticket it resolves as several agent touches with waits between
/// them (`[tiers.<t>.touches]`). After each touch the ticket needs another with
/// `more_probability` (at most `max_touches` in all), and waits meanwhile: on a third
/// party with `third_party_share`, else on the customer, who replies with
/// `reply_probability` after `reply_delay_minutes`; a customer who does not reply gets
/// the ticket resolved automatically after `auto_resolve_ms`. The agent is free during
/// a wait; the reply puts the ticket back in the tier's queue. Every touch takes the
/// tier's handle time for the ticket's category.
#[derive(Clone, Debug)]
pub struct Touches {
    /// Chance that a touch is followed by another, on `[0, 1)`.
    pub more_probability: f64,
    /// Per-category overrides of `more_probability`, indexed by category id.
    pub more_by_category: Vec<Option<f64>>,
    /// Most touches per visit (>= 1).
    pub max_touches: u8,
    /// Share of waits on a third party rather than the customer, on `[0, 1]`.
    pub third_party_share: f64,
    /// Chance that a waited-on customer replies, on `[0, 1]`.
    pub reply_probability: f64,
    /// Time until the customer replies, minutes.
    pub reply_delay_minutes: Dist,
    /// Time until a third party answers, minutes.
    pub third_party_delay_minutes: Option<Dist>,
    /// How long a ticket waits for a customer who does not reply before it is resolved
    /// automatically, ms.
    pub auto_resolve_ms: SimTime,
    /// Replies go back to the agent who touched the ticket last: how long a reply waits
    /// for that agent (busy or off shift) before any agent of the tier may take it, ms.
    /// `None`: any agent takes a reply.
    pub owner_wait_ms: Option<SimTime>,
}

impl Touches {
    /// The chance that a touch on a ticket of `category` is followed by another.
    #[inline]
    pub fn more_for(&self, category: super::CategoryId) -> f64 {
        self.more_by_category
            .get(category.index())
            .copied()
            .flatten()
            .unwrap_or(self.more_probability)
    }
}

/// Which waits pause an SLA's resolution clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PauseOn {
    /// Waiting on the customer (status "pending customer").
    pub customer: bool,
    /// Waiting on a third party (status "on hold").
    pub third_party: bool,
}

/// What counts as a ticket's first response (`sla.first_response`): the first agent
/// touch, an automatic acknowledgement, or a triage reply written by a frontline agent
/// as its own piece of work. Whichever comes first, the acknowledgement or an agent
/// starting on the ticket, is the first response; a customer may still abandon an
/// acknowledged ticket that no agent has started (but that contact then counts as
/// answered in the service levels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FirstResponse {
    /// The first time an agent starts work on the ticket.
    AgentTouch,
    /// An automatic acknowledgement `after_ms` after the contact arrives.
    AutoReply {
        /// Delay of the acknowledgement, ms.
        after_ms: SimTime,
    },
    /// A reply written by an agent of `tier` (its own task of `work_minutes`, served
    /// before tickets) as soon as one is free, for tickets routed to another tier; a
    /// ticket routed to `tier` itself gets its reply with its first touch.
    TriageReply {
        /// The tier whose agents write it (`None`: the first tier of the escalation
        /// path).
        tier: Option<TierId>,
        /// Work per reply, minutes.
        work_minutes: f64,
    },
}
