//! The `tiered` baseline: every ticket enters at the first tier of the escalation path
//! and climbs one step at a time until a tier can resolve it.

use super::{Loops, QueueOrder, RoutingPolicy, TicketView, path_successors};
use crate::model::{Scenario, TierId};

/// Climb the escalation path one step at a time.
#[derive(Clone, Debug)]
pub struct Tiered {
    entry: TierId,
    /// `next[tier]`: the tier after it on the path (`None` at the top or off-path).
    next: Vec<Option<TierId>>,
    order: QueueOrder,
    loops: Loops,
}

impl Tiered {
    /// The baseline for `scenario`'s escalation path with queue order `order`.
    pub fn new(scenario: &Scenario, order: QueueOrder, loops: Loops) -> Tiered {
        Tiered {
            entry: scenario.escalation_path[0],
            next: path_successors(scenario),
            order,
            loops,
        }
    }
}

impl RoutingPolicy for Tiered {
    fn first_tier(&mut self, _view: &TicketView<'_>) -> TierId {
        self.entry
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
