//! Queue order inside a tier: the key a ticket gets when it joins a queue (lower is
//! served first; equal keys first come, first served).
//!
//! The key is `priority level × 2^52 + discipline key`, so a ticket a rule or trigger
//! raised to a more urgent level is served before every ticket of a less urgent level,
//! and the discipline orders tickets within a level:
//!
//! - `fifo`: 0 (join order).
//! - `severity`: the severity index (critical first).
//! - `deadline`: the resolution SLA deadline (earliest first).
//! - `ai-score`: −score × 10^9, the AI's priority score at queue entry (highest first).
//! - `sla-risk`: the generalised cμ rule (Van Mieghem 1995) for an exponential lateness
//!   cost. If ticket *i* costs `C_i(t) = w_i · exp((t − d_i)/τ)` per unit of time when it
//!   is still waiting at time `t` (deadline `d_i`, value weight
//!   `w_i = 1 + (account value + order value) / account_value_scale` from `[ai.weights]`,
//!   scale τ = `risk_scale_minutes`), the rule serves the ticket with the largest
//!   `C_i'(t) · μ_i = (w_i μ_i / τ) · exp((t − d_i)/τ)`, where `1/μ_i` is the mean handle
//!   time of the ticket's category at this tier. The common factor `exp(t/τ)` cancels,
//!   so the order never changes while tickets wait and the key is static:
//!   `d_i − τ · ln(w_i · μ_i · 1 minute)`. A ticket worth ten times as much is served as
//!   if its deadline were τ·ln 10 earlier; a quick ticket as if its deadline were earlier
//!   by τ·ln of the speed ratio.

use super::TicketView;
use crate::ai::score;
use crate::model::{Discipline, PolicySpec, Scenario, ScoreWeights, SimTime, TierId};

/// Multiplier separating priority levels in queue keys.
const LEVEL: i64 = 1 << 52;

/// The queue order of one policy.
#[derive(Clone, Debug)]
pub struct QueueOrder {
    discipline: Discipline,
    /// τ, ms.
    risk_scale_ms: f64,
    /// `ln_mu[tier][category]`: ln of (1 / mean handle minutes).
    ln_mu: Vec<Vec<f64>>,
    weights: ScoreWeights,
}

impl QueueOrder {
    /// The order `spec` asks for in `scenario`.
    pub fn new(scenario: &Scenario, spec: &PolicySpec) -> QueueOrder {
        let ln_mu = scenario
            .tiers
            .iter()
            .map(|t| {
                (0..scenario.categories.len())
                    .map(|c| {
                        let mean = t.handle_for(crate::model::CategoryId(c as u16)).mean();
                        -(mean.max(1e-6)).ln()
                    })
                    .collect()
            })
            .collect();
        QueueOrder {
            discipline: spec.discipline,
            risk_scale_ms: spec.risk_scale_ms as f64,
            ln_mu,
            weights: scenario.ai.weights.clone(),
        }
    }

    /// The discipline.
    pub fn discipline(&self) -> Discipline {
        self.discipline
    }

    /// The queue key of the ticket in `view` at `tier`.
    pub fn key(&self, view: &TicketView<'_>, tier: TierId) -> i64 {
        let within = match self.discipline {
            Discipline::Fifo => 0,
            Discipline::SeverityPriority => view.ticket.severity.index() as i64,
            Discipline::EarliestDeadline => view.resolution_deadline,
            Discipline::AiScore => {
                let risk = score::sla_risk(view.entered, view.resolution_deadline, view.now);
                -(score::score(&self.weights, &view.ticket.observed(), risk) * 1e9).round() as i64
            }
            Discipline::SlaRisk => {
                let t = view.ticket;
                let w = 1.0
                    + (t.account_value + t.order_value).max(0.0)
                        / self.weights.account_value_scale.max(1e-9);
                let ln_mu = self
                    .ln_mu
                    .get(tier.index())
                    .and_then(|c| c.get(t.category.index()))
                    .copied()
                    .unwrap_or(0.0);
                let shift = self.risk_scale_ms * (w.ln() + ln_mu);
                view.resolution_deadline - shift.round() as SimTime
            }
        };
        i64::from(view.priority) * LEVEL + within.clamp(-LEVEL / 2 + 1, LEVEL / 2 - 1)
    }
}
