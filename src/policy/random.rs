//! The `random` bound: no information. Every ticket enters at a tier drawn uniformly
//! from the escalation path and climbs from there. The draw comes from the ticket's
//! own stream, keyed by (seed, replication, ticket id), so every candidate of a
//! replication routes ticket *k* alike and no choice shifts another ticket's draw.
//! Compare candidates against it to see what their information is worth.

use rand::RngExt;

use super::{Loops, QueueOrder, RoutingPolicy, TicketView, path_successors};
use crate::model::{Scenario, TierId};
use crate::seed::{self, Purpose};

/// Enter at a uniformly random tier of the path, then climb.
#[derive(Clone, Debug)]
pub struct RandomEntry {
    path: Vec<TierId>,
    /// `next[tier]`: the tier after it on the path.
    next: Vec<Option<TierId>>,
    order: QueueOrder,
    loops: Loops,
    /// Stream family of (seed, replication, policy choices).
    family: u64,
}

impl RandomEntry {
    /// The random router for `scenario` in `replication`.
    pub fn new(
        scenario: &Scenario,
        order: QueueOrder,
        loops: Loops,
        replication: u32,
    ) -> RandomEntry {
        RandomEntry {
            path: scenario.escalation_path.clone(),
            next: path_successors(scenario),
            order,
            loops,
            family: seed::family_key(scenario.run.seed, replication, Purpose::PolicyChoice),
        }
    }
}

impl RoutingPolicy for RandomEntry {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        if self.path.len() < 2 {
            return self.path.first().copied().unwrap_or(TierId(0));
        }
        let mut rng = seed::ticket_stream(self.family, view.ticket.id);
        self.path[rng.random_range(0..self.path.len())]
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
