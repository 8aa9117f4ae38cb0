//! The one ticket source of a command, chosen once from the scenario: synthetic
//! arrivals, or the scenario's `[replay]` log. `run`, `check`, `plan`, `calibrate` and
//! `fit` all draw their tickets from a [`TicketSource`], so a scenario with `[replay]`
//! replays its log in every one of them.

use crate::model::Scenario;
use crate::tickets::replay::Replay;
use crate::tickets::{SyntheticStream, Ticket, synthetic};

/// Where a command's tickets come from.
#[derive(Debug)]
pub enum TicketSource {
    /// Generated from the scenario's `[arrivals]` and ticket mix.
    Synthetic,
    /// Read from the scenario's `[replay]` log.
    Replay(Box<Replay>),
}

/// One replication's tickets from a [`TicketSource`], in arrival order.
pub enum Tickets<'a> {
    /// Synthetic arrivals.
    Synthetic(Box<SyntheticStream<'a>>),
    /// Replayed tickets.
    Replay(Box<dyn Iterator<Item = Ticket> + 'a>),
}

impl Iterator for Tickets<'_> {
    type Item = Ticket;

    fn next(&mut self) -> Option<Ticket> {
        match self {
            Tickets::Synthetic(s) => s.next(),
            Tickets::Replay(r) => r.next(),
        }
    }
}

impl TicketSource {
    /// Replication `replication`'s tickets for `scenario`.
    pub fn tickets<'a>(&'a self, scenario: &'a Scenario, replication: u32) -> Tickets<'a> {
        match self {
            TicketSource::Synthetic => {
                Tickets::Synthetic(Box::new(synthetic(scenario, replication)))
            }
            TicketSource::Replay(r) => Tickets::Replay(r.tickets(scenario, replication)),
        }
    }

    /// The replayed log, if the tickets are replayed.
    pub fn replay(&self) -> Option<&Replay> {
        match self {
            TicketSource::Synthetic => None,
            TicketSource::Replay(r) => Some(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario;

    #[test]
    fn synthetic_source_gives_the_synthetic_stream() {
        let s = test_scenario::scenario(&["T1", "T2"]);
        let from_source: Vec<Ticket> = TicketSource::Synthetic.tickets(&s, 1).collect();
        let direct: Vec<Ticket> = synthetic(&s, 1).collect();
        assert!(!direct.is_empty());
        assert_eq!(from_source, direct);
    }
}
