//! The `oracle` bound: perfect information. Every ticket goes straight to the first
//! tier on the escalation path that can resolve what it really needs (its latent
//! truth), so no agent time is spent on triage and no ticket waits for a hand-off.
//! No router can do better by routing alone: compare candidates against it to see how
//! much better routing could still gain.

use super::{Loops, QueueOrder, RoutingPolicy, TicketView, lowest_resolving, path_successors};
use crate::model::{Scenario, TierId};

/// Route every ticket to the lowest tier that can resolve its real need.
#[derive(Clone, Debug)]
pub struct Oracle {
    /// `entry[need]`: the first tier on the path that resolves `need`.
    entry: Vec<TierId>,
    /// `next[tier]`: the tier after it on the path.
    next: Vec<Option<TierId>>,
    order: QueueOrder,
    loops: Loops,
}

impl Oracle {
    /// The oracle for `scenario` with queue order `order`.
    pub fn new(scenario: &Scenario, order: QueueOrder, loops: Loops) -> Oracle {
        Oracle {
            entry: lowest_resolving(scenario),
            next: path_successors(scenario),
            order,
            loops,
        }
    }
}

impl RoutingPolicy for Oracle {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        self.entry
            .get(view.ticket.needed_tier.index())
            .copied()
            .unwrap_or(TierId(0))
    }

    fn next_tier(&mut self, _view: &TicketView<'_>, from: TierId) -> Option<TierId> {
        self.next.get(from.index()).copied().flatten()
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.order.key(view, tier)
    }

    fn loops(&self) -> Loops {
        self.loops
    }
}
