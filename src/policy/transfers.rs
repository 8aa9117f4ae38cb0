//! The `transfers` policy: probabilistic routing by a transfer matrix (a Jackson
//! network's routing, or what `escalsim fit` learned from a log). A ticket enters at
//! a tier drawn from the entry shares; at the end of every visit the tier resolves it
//! or hands it to the tier drawn from its row (onward, back down the path, or to
//! another group of the same tier). The ticket's need and the tiers' skills play no
//! part. Draws are keyed by the ticket, its life and its hand-off count, so every
//! candidate sees the same outcomes for the same visit (common random numbers).

use super::{Loops, QueueOrder, RoutingPolicy, TicketView, VisitOutcome};
use crate::model::{Scenario, TierId, TransferMatrix};
use crate::seed::{draw_key, unit_f64};

/// Draw purposes of this policy (the engine's purposes are below 30).
const DRAW_ENTRY: u64 = 31;
const DRAW_OUTCOME: u64 = 32;

/// Route by entry and transfer probabilities.
#[derive(Clone, Debug)]
pub struct Transfers {
    matrix: TransferMatrix,
    order: QueueOrder,
    loops: Loops,
}

impl Transfers {
    /// The policy for `matrix` with queue order `order`.
    pub fn new(
        _scenario: &Scenario,
        matrix: &TransferMatrix,
        order: QueueOrder,
        loops: Loops,
    ) -> Transfers {
        Transfers {
            matrix: matrix.clone(),
            order,
            loops,
        }
    }
}

impl RoutingPolicy for Transfers {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        let u = unit_f64(draw_key(
            view.ticket.noise_key,
            DRAW_ENTRY,
            u64::from(view.reopens),
        ));
        self.matrix.entry_tier(u)
    }

    fn next_tier(&mut self, _view: &TicketView<'_>, _from: TierId) -> Option<TierId> {
        // Every visit's end is decided by `visit_outcome`.
        None
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.order.key(view, tier)
    }

    fn routes_by_transfers(&self) -> bool {
        true
    }

    fn visit_outcome(&mut self, view: &TicketView<'_>, at: TierId) -> VisitOutcome {
        let index = u64::from(view.reopens) << 16 | u64::from(view.hops);
        let u = unit_f64(draw_key(view.ticket.noise_key, DRAW_OUTCOME, index));
        match self.matrix.outcome(at, u) {
            None => VisitOutcome::Resolve,
            Some(t) => VisitOutcome::Transfer(t),
        }
    }

    fn loops(&self) -> Loops {
        self.loops
    }
}
