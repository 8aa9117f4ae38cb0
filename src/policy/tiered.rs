//! The `tiered` baseline: every ticket enters at the first tier of the escalation path
//! and climbs one step at a time until a tier can resolve it.

use super::{RoutingPolicy, TicketView, discipline_key};
use crate::model::{Discipline, Scenario, TierId};

/// Climb the escalation path one step at a time.
#[derive(Clone, Debug)]
pub struct Tiered {
    entry: TierId,
    /// `next[tier]`: the tier after it on the path (`None` at the top or off-path).
    next: Vec<Option<TierId>>,
    discipline: Discipline,
}

impl Tiered {
    /// The baseline for `scenario`'s escalation path with queue order `discipline`.
    pub fn new(scenario: &Scenario, discipline: Discipline) -> Tiered {
        let mut next = vec![None; scenario.tiers.len()];
        for pair in scenario.escalation_path.windows(2) {
            next[pair[0].index()] = Some(pair[1]);
        }
        Tiered {
            entry: scenario.escalation_path[0],
            next,
            discipline,
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

    fn queue_key(&self, view: &TicketView<'_>, _tier: TierId) -> i64 {
        discipline_key(self.discipline, view)
    }
}
