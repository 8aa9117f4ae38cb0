//! The AI-assisted policy (`kind = "ai"`): every ticket goes straight to the lowest
//! tier on the escalation path that resolves the AI's predicted need, then climbs one
//! step at a time if that was wrong. Decisions the scenario's `[ai.review]` covers
//! (severe tickets, low confidence) wait for human review first. Queues are ordered by
//! the policy's discipline (`ai-score` orders them by the AI's score).
//!
//! With `min_confidence`, a ticket whose AI confidence is below it follows the
//! escalation path instead (enters at its first tier, as `tiered`, with no review:
//! no AI decision is made for it). Each arrival decision says which way it went
//! ([`Decision::ai_followed`]), so runs report the share the AI routed.
//!
//! With a perfect AI (`tier_accuracy = 1`) this is the `oracle`; with no skill
//! (`tier_accuracy = 1 / path length`: predictions uniform and independent of the
//! truth) it routes like `random`; with `min_confidence` above every confidence it is
//! `tiered`.

use super::{
    Decision, Loops, QueueOrder, RoutingPolicy, TicketView, lowest_resolving, path_successors,
};
use crate::model::{Review, Scenario, TierId};

/// Route by the AI's predicted tier.
#[derive(Clone, Debug)]
pub struct AiPolicy {
    lowest: Vec<TierId>,
    next: Vec<Option<TierId>>,
    /// The first tier of the escalation path.
    entry: TierId,
    /// Below this confidence, follow the path.
    min_confidence: Option<f64>,
    review: Option<Review>,
    order: QueueOrder,
    loops: Loops,
}

impl AiPolicy {
    /// The AI policy for `scenario`, following the path below `min_confidence`.
    pub fn new(
        scenario: &Scenario,
        order: QueueOrder,
        loops: Loops,
        min_confidence: Option<f64>,
    ) -> AiPolicy {
        AiPolicy {
            lowest: lowest_resolving(scenario),
            next: path_successors(scenario),
            entry: scenario
                .escalation_path
                .first()
                .copied()
                .unwrap_or(TierId(0)),
            min_confidence,
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

    /// Whether the AI's prediction is followed (its confidence is at least
    /// `min_confidence`, or there is none). Compared at the confidence's own (`f32`)
    /// precision, so a confidence of 0.9 meets `min_confidence = 0.9`.
    fn follows_ai(&self, view: &TicketView<'_>) -> bool {
        self.min_confidence
            .is_none_or(|m| view.ticket.ai.confidence >= m as f32)
    }

    fn predicted_entry(&self, view: &TicketView<'_>) -> TierId {
        self.lowest
            .get(view.ticket.ai.predicted_tier.index())
            .copied()
            .unwrap_or(TierId(0))
    }
}

impl RoutingPolicy for AiPolicy {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        if self.follows_ai(view) {
            self.predicted_entry(view)
        } else {
            self.entry
        }
    }

    fn next_tier(&mut self, _view: &TicketView<'_>, from: TierId) -> Option<TierId> {
        self.next.get(from.index()).copied().flatten()
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.order.key(view, tier)
    }

    fn arrival(&mut self, view: &TicketView<'_>) -> Decision {
        if !self.follows_ai(view) {
            return Decision {
                ai_followed: Some(false),
                ..Decision::to(self.entry)
            };
        }
        Decision {
            review: self.needs_review(view),
            directed: true,
            ai_followed: Some(true),
            ..Decision::to(self.predicted_entry(view))
        }
    }

    fn loops(&self) -> Loops {
        self.loops
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario::scenario;
    use crate::model::{Discipline, PolicyKind, PolicySpec};
    use crate::tickets::AiEstimate;

    fn decide(min_confidence: Option<f64>, predicted: u16, confidence: f32) -> Decision {
        let s = scenario(&["T1", "T2", "T3"]);
        let spec = PolicySpec::new("ai", PolicyKind::Ai, Discipline::Fifo);
        let mut p = AiPolicy::new(
            &s,
            QueueOrder::new(&s, &spec),
            Loops::default(),
            min_confidence,
        );
        let Some(mut ticket) = crate::tickets::synthetic::synthetic(&s, 0).next() else {
            panic!("the test scenario has tickets");
        };
        ticket.ai = AiEstimate {
            predicted_tier: TierId(predicted),
            confidence,
            ..ticket.ai
        };
        let view = TicketView {
            ticket: &ticket,
            hops: 0,
            bounces: 0,
            reopens: 0,
            priority: crate::model::sop::DEFAULT_PRIORITY,
            waited_ms: 0,
            entered: ticket.arrival,
            first_response_deadline: ticket.arrival,
            resolution_deadline: ticket.arrival,
            now: ticket.arrival,
        };
        p.arrival(&view)
    }

    #[test]
    fn below_min_confidence_the_ticket_follows_the_path() {
        let d = decide(Some(0.9), 2, 0.899);
        assert_eq!(
            (d.tier, d.directed, d.review, d.ai_followed),
            (TierId(0), false, false, Some(false))
        );
        // At the threshold the prediction is followed.
        let d = decide(Some(0.9), 2, 0.9);
        assert_eq!(
            (d.tier, d.directed, d.ai_followed),
            (TierId(2), true, Some(true))
        );
        // Without a threshold every prediction is followed, however unsure.
        let d = decide(None, 1, 0.01);
        assert_eq!((d.tier, d.ai_followed), (TierId(1), Some(true)));
    }
}
