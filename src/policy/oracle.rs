//! The `oracle` bound: perfect information. Every ticket goes straight to the first
//! tier on the escalation path that can resolve what it really needs (its latent
//! truth), so no agent time is spent on triage and no ticket waits for a hand-off.
//! No router can do better by routing alone: compare candidates against it to see how
//! much better routing could still gain.

use super::{RoutingPolicy, TicketView, discipline_key};
use crate::model::{Discipline, Scenario, TierId};

/// Route every ticket to the lowest tier that can resolve its real need.
#[derive(Clone, Debug)]
pub struct Oracle {
    /// `entry[need]`: the first tier on the path that resolves `need`.
    entry: Vec<TierId>,
    /// `next[tier]`: the tier after it on the path.
    next: Vec<Option<TierId>>,
    discipline: Discipline,
}

impl Oracle {
    /// The oracle for `scenario` with queue order `discipline`.
    pub fn new(scenario: &Scenario, discipline: Discipline) -> Oracle {
        let path = &scenario.escalation_path;
        let top = path.last().copied().unwrap_or(TierId(0));
        let entry = (0..scenario.tiers.len())
            .map(|need| {
                path.iter()
                    .copied()
                    .find(|t| scenario.tiers[t.index()].resolves[need])
                    .unwrap_or(top)
            })
            .collect();
        let mut next = vec![None; scenario.tiers.len()];
        for pair in path.windows(2) {
            next[pair[0].index()] = Some(pair[1]);
        }
        Oracle {
            entry,
            next,
            discipline,
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

    fn queue_key(&self, view: &TicketView<'_>, _tier: TierId) -> i64 {
        discipline_key(self.discipline, view)
    }
}
