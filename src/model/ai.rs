//! The AI triage model (`[ai]`): how well the scenario's AI estimates each ticket's
//! latent truth, how it combines features into a priority / escalation-risk score, and
//! when its decisions wait for human review.
//!
//! The AI is a noisy estimator, never an oracle: its estimates are drawn once per
//! ticket from the ticket's own stream (so every candidate of a replication sees the
//! same AI errors), and replayed tickets that carry text get their features from the
//! built-in keyword matcher and lexicon sentiment scorer instead. See docs/ai.md.

use super::{CategoryId, Dist, RoleId, Severity, TierId};

/// The AI triage model.
#[derive(Clone, Debug)]
pub struct AiModel {
    /// Probability that the predicted needed tier is right (mean of a calibrated
    /// confidence; without [`confusion`](AiModel::confusion) errors are uniform over
    /// the other tiers; with it, the overall accuracy the matrices imply over the
    /// scenario's category mix and needs).
    pub tier_accuracy: f64,
    /// Confusion matrices of the predicted tier (`[ai.confusion]`), replacing the
    /// uniform errors of `tier_accuracy`.
    pub confusion: Option<Confusion>,
    /// Standard deviation of the sentiment estimate's error (clamped to `[-1, 1]`).
    pub sentiment_noise_sd: f64,
    /// Share of tickets mentioning a category's keywords on which the AI detects them.
    pub keyword_recall: f64,
    /// Share of keyword detections that are right.
    pub keyword_precision: f64,
    /// Score weights.
    pub weights: ScoreWeights,
    /// Human review of AI-assisted decisions, if any.
    pub review: Option<Review>,
}

impl Default for AiModel {
    /// A perfect estimator with equal weights and no review.
    fn default() -> Self {
        AiModel {
            tier_accuracy: 1.0,
            confusion: None,
            sentiment_noise_sd: 0.0,
            keyword_recall: 1.0,
            keyword_precision: 1.0,
            weights: ScoreWeights::default(),
            review: None,
        }
    }
}

/// Confusion matrices of the predicted tier: for a ticket that really needs tier
/// `t`, the probability of each predicted tier. A base matrix, with rows overridden
/// per category. Every row has one probability per tier (indexed by [`TierId`]),
/// each on `[0, 1]`, summing to 1.
#[derive(Clone, Debug, PartialEq)]
pub struct Confusion {
    /// `rows[t]`: the row of need `t` (`None`: no row given).
    pub rows: Vec<Option<Vec<f64>>>,
    /// `by_category[c][t]`: category `c`'s own row for need `t`, overriding
    /// `rows[t]` (`None`: the base row applies). Indexed by [`CategoryId`]; empty
    /// when no category has overrides.
    pub by_category: Vec<Vec<Option<Vec<f64>>>>,
}

impl Confusion {
    /// The row that applies to a ticket of `category` needing `need`, if any.
    pub fn row(&self, category: CategoryId, need: TierId) -> Option<&[f64]> {
        self.by_category
            .get(category.index())
            .and_then(|rows| rows.get(need.index()))
            .and_then(Option::as_deref)
            .or_else(|| self.rows.get(need.index()).and_then(Option::as_deref))
    }

    /// Whether every row gives its own tier probability 1 (a perfect predictor).
    pub fn is_identity(&self) -> bool {
        let identity = |rows: &[Option<Vec<f64>>]| {
            rows.iter().enumerate().all(|(t, r)| {
                r.as_ref()
                    .is_none_or(|r| r.get(t).is_some_and(|&p| p >= 1.0))
            })
        };
        identity(&self.rows) && self.by_category.iter().all(|rows| identity(rows))
    }
}

/// Weights of the priority / escalation-risk score
/// `score = Σ weight_f × feature_f / Σ weight_f`, every feature on `[0, 1]`:
/// severity (critical 1, high ⅔, medium ⅓, low 0), account value and order value
/// (`min(1, value / scale)`), negative sentiment (`(1 − sentiment) / 2`), risk keywords
/// (1 if any detected) and SLA risk (elapsed share of the resolution SLA).
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreWeights {
    /// Weight of severity.
    pub severity: f64,
    /// Weight of account value.
    pub account_value: f64,
    /// Account value at which its feature reaches 1, currency units.
    pub account_value_scale: f64,
    /// Weight of order value.
    pub order_value: f64,
    /// Order value at which its feature reaches 1, currency units.
    pub order_value_scale: f64,
    /// Weight of negative sentiment.
    pub sentiment: f64,
    /// Weight of risk keywords.
    pub keywords: f64,
    /// Keywords that count as risk (mask over [`super::Scenario::keywords`]).
    pub risk_keywords: u64,
    /// Weight of SLA risk.
    pub sla_risk: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            severity: 0.4,
            account_value: 0.2,
            account_value_scale: 100_000.0,
            order_value: 0.0,
            order_value_scale: 1_000.0,
            sentiment: 0.2,
            keywords: 0.0,
            risk_keywords: 0,
            sla_risk: 0.2,
        }
    }
}

/// Human review of AI-assisted routing decisions.
#[derive(Clone, Debug)]
pub struct Review {
    /// Who reviews (alerts and load are reported by role).
    pub role: RoleId,
    /// Decisions on tickets at least this severe are reviewed.
    pub severity_at_least: Option<Severity>,
    /// Decisions whose confidence is below this are reviewed.
    pub below_confidence: Option<f64>,
    /// Time from the decision to the reviewed decision, minutes (the ticket waits).
    pub delay_minutes: Dist,
    /// Reviewer's working time per review, minutes (counted as the role's load).
    pub work_minutes: f64,
    /// The tier whose agents do the reviews, if any: each review is then a task of
    /// `work_minutes` for one of its agents, served before tickets (reviewers'
    /// time then shows in that tier's utilisation and cost).
    pub tier: Option<TierId>,
    /// Probability the reviewer corrects a wrong predicted tier.
    pub catch_rate: f64,
}
