//! Why a run could not complete: the engine's typed errors. All but unsorted arrivals
//! and overload indicate a bug in escalsim rather than in the input.

use crate::model::SimTime;

/// Why a run could not complete. All but [`EngineError::UnsortedArrivals`] and
/// [`EngineError::Overloaded`] indicate a bug in escalsim rather than in the input.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// An event was scheduled before the current time.
    #[error(
        "internal error: event {event} scheduled at {time} ms, before the current time {now} ms"
    )]
    ScheduledInPast {
        /// Current time, ms.
        now: SimTime,
        /// Requested time, ms.
        time: SimTime,
        /// The event.
        event: String,
    },
    /// The ticket stream went back in time.
    #[error(
        "ticket {id} arrives at {arrival} ms, before the previous ticket ({previous} ms): ticket streams must be sorted by arrival"
    )]
    UnsortedArrivals {
        /// The offending ticket.
        id: u64,
        /// Its arrival, ms.
        arrival: SimTime,
        /// The previous arrival, ms.
        previous: SimTime,
    },
    /// Tickets were lost or double-counted.
    #[error(
        "internal error: conservation violated: {arrived} arrived != {resolved} resolved + {abandoned} abandoned + {open} open"
    )]
    Conservation {
        /// Arrived.
        arrived: u64,
        /// Resolved.
        resolved: u64,
        /// Abandoned.
        abandoned: u64,
        /// Open at the horizon.
        open: u64,
    },
    /// Too many tickets open at once: the system is overloaded.
    #[error(
        "overloaded: {open} tickets open at once at hour {at_hours:.1} (limit {limit}; tier {tier} has {queue} waiting); the backlog grows without bound and would exhaust memory: add agents to {tier}, lower the arrivals or shorten the horizon"
    )]
    Overloaded {
        /// Tickets open.
        open: usize,
        /// The limit ([`MAX_OPEN_TICKETS`]).
        limit: usize,
        /// When, hours since the start.
        at_hours: f64,
        /// The tier with the longest queue.
        tier: String,
        /// Its queue length.
        queue: u32,
    },
    /// A histogram could not be created for the horizon.
    #[error("cannot size the histograms for this horizon: {0}")]
    Histogram(#[from] hdrhistogram::CreationError),
    /// A duration did not fit its histogram.
    #[error("internal error: {0} durations exceeded the horizon-bounded histograms")]
    Clipped(u64),
}
