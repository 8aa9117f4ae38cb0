//! The AI-assisted policy (`kind = "ai"`): every ticket goes straight to the lowest
//! tier on the escalation path that resolves the AI's predicted need, then climbs one
//! step at a time if that was wrong. Decisions the scenario's `[ai.review]` covers
//! (severe tickets, low confidence) wait for human review first. Queues are ordered by
//! the policy's discipline (`ai-score` orders them by the AI's score).
//!
//! With a perfect AI (`tier_accuracy = 1`) this is the `oracle`; with no skill
//! (`tier_accuracy = 1 / path length`: predictions uniform and independent of the
//! truth) it routes like `random`.

use super::{
    Decision, Loops, QueueOrder, RoutingPolicy, TicketView, lowest_resolving, path_successors,
};
use crate::model::{Review, Scenario, TierId};

/// Route by the AI's predicted tier.
#[derive(Clone, Debug)]
pub struct AiPolicy {
    lowest: Vec<TierId>,
    next: Vec<Option<TierId>>,
    review: Option<Review>,
    order: QueueOrder,
    loops: Loops,
}

impl AiPolicy {
    /// The AI policy for `scenario`.
    pub fn new(scenario: &Scenario, order: QueueOrder, loops: Loops) -> AiPolicy {
        AiPolicy {
            lowest: lowest_resolving(scenario),
            next: path_successors(scenario),
            review: scenario.ai.review.clone(),
            order,
            loops,
        }
    }

    fn needs_review(&self, view: &TicketView<'_>) -> bool {
        let Some(r) = &self.review else {
            return false;
        };
        let severe = r
            .severity_at_least
            .is_some_and(|s| view.ticket.severity <= s);
        let unsure = r
            .below_confidence
            .is_some_and(|c| f64::from(view.ticket.ai.confidence) < c);
        severe || unsure
    }
}

impl RoutingPolicy for AiPolicy {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        self.lowest
            .get(view.ticket.ai.predicted_tier.index())
            .copied()
            .unwrap_or(TierId(0))
    }

    fn next_tier(&mut self, _view: &TicketView<'_>, from: TierId) -> Option<TierId> {
        self.next.get(from.index()).copied().flatten()
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.order.key(view, tier)
    }

    fn arrival(&mut self, view: &TicketView<'_>) -> Decision {
        Decision {
            review: self.needs_review(view),
            directed: true,
            ..Decision::to(self.first_tier(view))
        }
    }

    fn loops(&self) -> Loops {
        self.loops
    }
}
