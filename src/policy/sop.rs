//! The rule SOP (`kind = "sop"`): ordered first-match routing rules at each decision
//! point, falling back to the escalation path, plus timed triggers.
//!
//! At a decision point the first rule (in file order, at that point) whose conditions
//! all hold fires: its route (a tier, or the lowest tier on the path that resolves the
//! AI's predicted need), priority change, alerts and review request make the decision.
//! A rule without a route keeps the default tier (the path's first tier on arrival,
//! the next tier up on escalation). When no rule fires the SOP acts like `tiered`. A
//! rule routing an escalated ticket back to the tier that just failed it is ignored
//! for routing (the default is used) so that an SOP cannot pin a ticket in place.

use super::conditions::all_hold;
use super::{
    Decision, Fired, Loops, QueueOrder, RoutingPolicy, TicketView, lowest_resolving,
    path_successors,
};
use crate::model::sop::{DecisionPoint, Route, Rule, Sop, Trigger, TriggerTime};
use crate::model::{RoleId, Scenario, ScoreWeights, TierId};

/// A rule SOP, ready to route.
#[derive(Clone, Debug)]
pub struct SopPolicy {
    rules: Vec<Rule>,
    triggers: Vec<Trigger>,
    entry: TierId,
    next: Vec<Option<TierId>>,
    lowest: Vec<TierId>,
    owners: Vec<RoleId>,
    weights: ScoreWeights,
    order: QueueOrder,
    loops: Loops,
}

/// Bit mask of `roles`.
pub fn role_mask(roles: &[RoleId]) -> u64 {
    roles
        .iter()
        .filter(|r| r.index() < 64)
        .fold(0, |m, r| m | 1 << r.index())
}

impl SopPolicy {
    /// The SOP `sop` for `scenario`.
    pub fn new(scenario: &Scenario, sop: &Sop, order: QueueOrder, loops: Loops) -> SopPolicy {
        SopPolicy {
            rules: sop.rules.clone(),
            triggers: sop.triggers.clone(),
            entry: scenario.escalation_path[0],
            next: path_successors(scenario),
            lowest: lowest_resolving(scenario),
            owners: scenario.tiers.iter().map(|t| t.owner_role).collect(),
            weights: scenario.ai.weights.clone(),
            order,
            loops,
        }
    }

    fn owner_mask(&self, tier: TierId) -> u64 {
        self.owners
            .get(tier.index())
            .map_or(0, |r| role_mask(std::slice::from_ref(r)))
    }

    /// The first rule at `point` whose conditions hold, as a decision with `default`
    /// as the tier when the rule does not route (or routes back to `from`).
    fn decide(
        &self,
        point: DecisionPoint,
        view: &TicketView<'_>,
        default: Option<TierId>,
        from: Option<TierId>,
    ) -> Option<Decision> {
        let fired = self
            .rules
            .iter()
            .enumerate()
            .find(|(_, r)| r.on == point && all_hold(&r.when, view, &self.weights));
        let Some((i, rule)) = fired else {
            return default.map(Decision::to);
        };
        let a = &rule.action;
        let routed = match a.route {
            Some(Route::Tier(t)) => Some(t),
            Some(Route::Predicted) => self
                .lowest
                .get(view.ticket.ai.predicted_tier.index())
                .copied(),
            None => None,
        }
        .filter(|t| Some(*t) != from);
        let directed = routed.is_some();
        let tier = routed.or(default)?;
        let mut alerts = role_mask(&a.alert);
        if a.alert_owner {
            alerts |= self.owner_mask(tier);
        }
        Some(Decision {
            tier,
            rule: Some(i as u16),
            priority: a.priority,
            alerts,
            review: a.review,
            directed,
            ai_followed: None,
        })
    }
}

impl RoutingPolicy for SopPolicy {
    fn first_tier(&mut self, view: &TicketView<'_>) -> TierId {
        self.arrival(view).tier
    }

    fn next_tier(&mut self, view: &TicketView<'_>, from: TierId) -> Option<TierId> {
        self.escalation(view, from).map(|d| d.tier)
    }

    fn queue_key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        self.order.key(view, tier)
    }

    fn arrival(&mut self, view: &TicketView<'_>) -> Decision {
        self.decide(DecisionPoint::Arrival, view, Some(self.entry), None)
            .unwrap_or(Decision::to(self.entry))
    }

    fn escalation(&mut self, view: &TicketView<'_>, from: TierId) -> Option<Decision> {
        let default = self.next.get(from.index()).copied().flatten();
        self.decide(DecisionPoint::Escalation, view, default, Some(from))
    }

    fn rule_names(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| r.name.clone())
            .chain(self.triggers.iter().map(|t| t.name.clone()))
            .collect()
    }

    fn trigger_times(&self) -> Vec<TriggerTime> {
        self.triggers.iter().map(|t| t.when).collect()
    }

    fn trigger(&mut self, view: &TicketView<'_>, index: usize) -> Option<Fired> {
        let t = self.triggers.get(index)?;
        if !all_hold(&t.also, view, &self.weights) {
            return None;
        }
        Some(Fired {
            rule: (self.rules.len() + index) as u16,
            escalate_to: t.escalate_to,
            priority: t.priority,
            alerts: role_mask(&t.alert),
            alert_owner: t.alert_owner,
        })
    }

    fn loops(&self) -> Loops {
        self.loops
    }
}
