//! Ticket streams: the tickets a run replays, whether generated synthetically or read
//! from history, meet the engine as the same [`Ticket`] type.
//!
//! A ticket carries its observable attributes and its latent truth (the tier it really
//! needs, its true sentiment) and its work content (how long each tier would take on
//! it), all drawn from per-ticket streams keyed by (seed, replication, ticket id,
//! purpose). Every candidate of a replication therefore sees identical tickets,
//! including the AI's estimates of them ([`extras`]).

pub mod arrivals;
pub mod csv_out;
pub mod extras;
pub mod fingerprint;
pub mod outages;
pub mod replay;
pub mod source;
pub mod synthetic;

pub use crate::ai::AiEstimate;
pub use arrivals::{Arrival, ArrivalProcess};
pub use csv_out::write_tickets;
pub use source::{TicketSource, Tickets};
pub use synthetic::{SyntheticStream, synthetic};

use crate::ai::Observed;
use crate::model::{CategoryId, MAX_TIERS, SegmentId, Severity, SimTime, TierId};

/// One ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    /// Id, unique within a stream; synthetic streams number tickets 0, 1, 2, … in
    /// arrival order.
    pub id: u64,
    /// Arrival time, simulation ms.
    pub arrival: SimTime,
    /// Severity.
    pub severity: Severity,
    /// Customer segment.
    pub segment: SegmentId,
    /// Category.
    pub category: CategoryId,
    /// Account value of the customer, currency units.
    pub account_value: f64,
    /// Latent truth: the tier whose skills the ticket needs.
    pub needed_tier: TierId,
    /// Latent truth: customer sentiment on `[-1, 1]`.
    pub sentiment: f32,
    /// Value of the order the ticket is about, currency units (0 when none).
    pub order_value: f64,
    /// Latent truth: the keywords the ticket mentions (mask over the scenario's
    /// keyword vocabulary).
    pub mentions: u64,
    /// What the AI estimated about the ticket (drawn once per ticket, so every
    /// candidate sees the same AI errors).
    pub ai: AiEstimate,
    /// Key of the ticket's own draws made during a run (reopen, follow-up, review), so
    /// that a candidate's choices cannot shift another ticket's draws:
    /// `seed::ticket_key(family_key(seed, replication, Feedback), id)` (see [`extras`]).
    pub noise_key: u64,
    /// Index of the incident burst that produced the ticket, if any.
    pub burst: Option<u16>,
    /// Work content.
    pub work: Work,
    /// What happened to the ticket in history, when it was replayed from a log that
    /// records it (`None` for synthetic tickets). Shared, so cloning a ticket is cheap.
    pub recorded: Option<std::sync::Arc<Recorded>>,
}

impl Ticket {
    /// How long tier `t` works on the ticket in one visit, ms: its handle time when the
    /// tier resolves it (`resolves`), else its triage time. For a replayed ticket at a
    /// tier it visited in history, that is its total recorded sojourn there (64-bit:
    /// recorded times never go through the 32-bit [`Work`] fields).
    #[inline]
    pub fn work_ms(&self, t: usize, resolves: bool) -> SimTime {
        if let Some(rec) = &self.recorded {
            let from_steps = if resolves {
                rec.handle_from_steps
            } else {
                rec.triage_from_steps
            };
            if from_steps >> t & 1 == 1 {
                return rec.sojourn_ms(t);
            }
        }
        SimTime::from(if resolves {
            self.work.handle_ms[t]
        } else {
            self.work.triage_ms[t]
        })
    }

    /// What the AI's score observes of this ticket: its attributes and the AI's
    /// estimates, not its latent truth.
    pub fn observed(&self) -> Observed {
        Observed {
            severity: self.severity,
            account_value: self.account_value,
            order_value: self.order_value,
            ai: self.ai,
        }
    }
}

/// One stay of a recorded ticket with a handling group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordedStep {
    /// The tier the group belongs to.
    pub tier: TierId,
    /// Index of the group in the replay's group table.
    pub group: u16,
    /// Time the ticket spent with the group (its sojourn: waiting and work), ms; any
    /// recorded length is kept (64-bit, no 49.7-day cut).
    pub ms: SimTime,
    /// Of `ms`, the time it was pending on the customer or a third party (statuses the
    /// mapping's `[statuses]` names; 0 without them), ms.
    pub pending_ms: SimTime,
    /// Whether the pending time was mostly on a third party (else on the customer).
    pub third_party: bool,
    /// Of the active time (`ms − pending_ms`), the part before the first pending span,
    /// ms: the ticket is worked, waits `pending_ms`, then worked again.
    pub lead_ms: SimTime,
    /// Of the active time, the part before a person was first assigned in the stay
    /// (the log's queue wait; 0 when the log names no assignees), ms.
    pub queue_ms: SimTime,
}

impl RecordedStep {
    /// A stay of `ms` with no pending time and no known queue wait.
    pub fn whole(tier: TierId, group: u16, ms: SimTime) -> RecordedStep {
        RecordedStep {
            tier,
            group,
            ms,
            pending_ms: 0,
            third_party: false,
            lead_ms: ms,
            queue_ms: 0,
        }
    }

    /// The stay's active (not pending) time, ms.
    pub fn active_ms(&self) -> SimTime {
        self.ms - self.pending_ms
    }
}

/// The recorded history of a replayed ticket: the groups it went through, in order,
/// with their sojourn times, its recorded resolution and the log's own SLA flag.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Recorded {
    /// Group stays in order (at least one for a ticket with a recorded path).
    pub steps: Vec<RecordedStep>,
    /// Recorded time from arrival to resolution, ms (`None` if never resolved).
    pub resolution_ms: Option<i64>,
    /// The log's own SLA-met flag, if recorded.
    pub sla_met: Option<bool>,
    /// Tiers (bit `TierId::index`) whose handle time is the ticket's total recorded
    /// sojourn there ([`Recorded::sojourn_ms`]) rather than [`Work::handle_ms`]: the
    /// visited tiers whose handle time the row does not give otherwise.
    pub handle_from_steps: u16,
    /// The same for the triage time ([`Work::triage_ms`]).
    pub triage_from_steps: u16,
}

// One bit per tier in `Recorded::{handle,triage}_from_steps`.
const _: () = assert!(MAX_TIERS <= 16);

impl Recorded {
    /// The ticket's total recorded time at tier `t` (the sum of its stays there), ms;
    /// 0 when it never went there.
    pub fn sojourn_ms(&self, t: usize) -> SimTime {
        self.steps
            .iter()
            .filter(|s| s.tier.index() == t)
            .fold(0, |acc: SimTime, s| acc.saturating_add(s.ms))
    }
}

/// How long each tier would spend on a ticket, drawn once per ticket so that every
/// candidate pays the same work for the same ticket at the same tier. Times are ms,
/// indexed by [`TierId::index`]; entries past the scenario's tier count are 0. 32-bit
/// (at most about 49.7 days) to keep tickets small: a replayed ticket's recorded
/// sojourns are kept in its [`Recorded`] history instead ([`Ticket::work_ms`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Work {
    /// Time to resolve the ticket at each tier (used when the tier can resolve it).
    pub handle_ms: [u32; MAX_TIERS],
    /// Time spent at each tier before escalating the ticket (when it cannot resolve it).
    pub triage_ms: [u32; MAX_TIERS],
    /// Hand-off delay after each tier escalates the ticket.
    pub handoff_ms: [u32; MAX_TIERS],
    /// How long the customer waits for a first response before abandoning; `None`
    /// means forever.
    pub patience_ms: Option<u32>,
    /// When the fix of the outage behind the ticket lands, ms (it cannot be resolved
    /// before); 0: no outage is behind it (see [`outages`]).
    pub fix_at: SimTime,
}

impl Work {
    /// No work at any tier and infinite patience.
    pub fn zero() -> Work {
        Work {
            handle_ms: [0; MAX_TIERS],
            triage_ms: [0; MAX_TIERS],
            handoff_ms: [0; MAX_TIERS],
            patience_ms: None,
            fix_at: 0,
        }
    }
}

/// Converts a sampled duration in minutes to whole ms, saturating at `u32::MAX`
/// (about 49.7 days).
#[inline]
pub fn minutes_to_ms_u32(minutes: f64) -> u32 {
    let ms = (minutes * 60_000.0).round();
    if ms >= u32::MAX as f64 {
        u32::MAX
    } else if ms > 0.0 {
        ms as u32
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_observes_the_estimate_not_the_truth() {
        let ai = AiEstimate {
            predicted_tier: TierId(1),
            confidence: 0.7,
            sentiment: -0.5,
            keywords: 0b10,
        };
        let t = Ticket {
            id: 3,
            arrival: 0,
            severity: Severity::High,
            segment: SegmentId(0),
            category: CategoryId(0),
            account_value: 5_000.0,
            needed_tier: TierId(0),
            sentiment: 0.9,
            order_value: 250.0,
            mentions: 0b01,
            ai,
            noise_key: 0,
            burst: None,
            work: Work::zero(),
            recorded: None,
        };
        let o = t.observed();
        assert_eq!(o.ai, ai);
        assert_eq!(
            (o.severity, o.account_value, o.order_value),
            (Severity::High, 5_000.0, 250.0)
        );
    }
}
