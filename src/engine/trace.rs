//! The decision trace (`--trace FILE.csv`): one row per routing step of every ticket,
//! with its time, the tier involved and the rule or trigger that fired.

use super::Sim;
use crate::model::SimTime;

/// One step of a ticket's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceRow {
    /// Ticket id.
    pub ticket: u64,
    /// Simulation time, ms.
    pub time: SimTime,
    /// What happened: `arrive`, `bypass`, `escalate`, `review`, `trigger`, `resolve`,
    /// `reopen`, `abandon`, `suppress`.
    pub event: &'static str,
    /// The tier the ticket goes to (or is at), if any.
    pub tier: Option<u16>,
    /// The rule or trigger that fired (index into the policy's rule names), if any.
    pub rule: Option<u16>,
}

impl Sim<'_> {
    /// Adds a trace row for the ticket in `slot`, when tracing.
    pub(super) fn trace_row(
        &mut self,
        slot: u32,
        event: &'static str,
        tier: Option<u16>,
        rule: Option<u16>,
    ) {
        let Some(trace) = self.trace.as_mut() else {
            return;
        };
        if let Some(item) = self.in_flight.get(slot) {
            trace.push(TraceRow {
                ticket: item.ticket.id,
                time: self.events.now(),
                event,
                tier,
                rule,
            });
        }
    }
}
