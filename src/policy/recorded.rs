//! The `recorded` policy: every replayed ticket follows the path it took in history
//! (the tiers of its recorded groups, in order), spending each step's recorded time;
//! used by `escalsim calibrate` to check that a replay reproduces the log. Tickets
//! without a recorded path fall back to the `tiered` baseline.

use super::tiered::Tiered;
use super::{Loops, QueueOrder, RoutingPolicy, TicketView};
use crate::model::{Scenario, TierId};

/// Follow each ticket's recorded path.
#[derive(Clone, Debug)]
pub struct Recorded {
    fallback: Tiered,
}

impl Recorded {
    /// The recorded-path policy for `scenario` with queue order `discipline`.
    pub fn new(scenario: &Scenario, order: QueueOrder, loops: Loops) -> Recorded {
        Recorded {
            fallback: Tiered::new(scenario, order, loops),
        }
    }
}

impl RoutingPolicy for Recorded {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        match view.ticket.recorded.as_ref().and_then(|r| r.steps.first()) {
            Some(step) => step.tier,
            None => self.fallback.first_tier(view),
        }
    }

    fn next_tier(&mut self, view: &TicketView<'_>, from: TierId) -> Option<TierId> {
        match &view.ticket.recorded {
            Some(r) if !r.steps.is_empty() => r
                .steps
                .get(usize::from(view.hops) + 1)
                .map(|step| step.tier),
            _ => self.fallback.next_tier(view, from),
        }
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.fallback.queue_key(view, tier)
    }

    fn loops(&self) -> Loops {
        self.fallback.loops()
    }

    fn follows_recorded_path(&self) -> bool {
        true
    }
}
