//! The AI's priority / escalation-risk score of a ticket: a weighted mean of features
//! on `[0, 1]`,
//!
//! ```text
//! score = Σ_f weight_f × feature_f / Σ_f weight_f      (0 when every weight is 0)
//! ```
//!
//! | feature | value |
//! |---|---|
//! | severity | critical 1, high ⅔, medium ⅓, low 0 |
//! | account value | `min(1, account_value / account_value_scale)` |
//! | order value | `min(1, order_value / order_value_scale)` |
//! | negative sentiment | `(1 − s) / 2` with `s` the AI's sentiment *estimate* |
//! | keywords | 1 if the AI detected a risk keyword, else 0 |
//! | SLA risk | the caller's value clamped to `[0, 1]`: the elapsed share of the resolution SLA ([`sla_risk`]) |
//!
//! The score uses only what the AI can observe: the ticket's attributes and the AI's
//! estimates, never the latent truth. It is in `[0, 1]` and a weighted mean: doubling
//! every weight leaves it unchanged.
//! Negative or non-finite weights count as 0.

use crate::ai::AiEstimate;
use crate::model::{ScoreWeights, Severity, SimTime};

/// What the score observes of a ticket: its attributes and the AI's estimates of it
/// (never its latent truth).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observed {
    /// Severity.
    pub severity: Severity,
    /// Account value of the customer, currency units.
    pub account_value: f64,
    /// Order value, currency units.
    pub order_value: f64,
    /// The AI's estimates.
    pub ai: AiEstimate,
}

/// The score's features of one ticket, each on `[0, 1]`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Features {
    /// Severity: critical 1, high ⅔, medium ⅓, low 0.
    pub severity: f64,
    /// Account value over its scale, at most 1.
    pub account_value: f64,
    /// Order value over its scale, at most 1.
    pub order_value: f64,
    /// Negative sentiment `(1 − estimate) / 2`.
    pub sentiment: f64,
    /// 1 if a risk keyword was detected.
    pub keywords: f64,
    /// Elapsed share of the resolution SLA.
    pub sla_risk: f64,
}

impl Features {
    /// The features of `ticket` under `w` (for the scales and risk keywords), with the
    /// SLA risk `sla_risk` (clamped to `[0, 1]`; NaN counts as 0).
    pub fn of(w: &ScoreWeights, ticket: &Observed, sla_risk: f64) -> Features {
        Features {
            severity: severity_feature(ticket.severity),
            account_value: scaled(ticket.account_value, w.account_value_scale),
            order_value: scaled(ticket.order_value, w.order_value_scale),
            sentiment: ((1.0 - f64::from(ticket.ai.sentiment)) / 2.0).clamp(0.0, 1.0),
            keywords: if ticket.ai.keywords & w.risk_keywords != 0 {
                1.0
            } else {
                0.0
            },
            sla_risk: unit_or_zero(sla_risk),
        }
    }

    /// The weighted mean of the features under `w` (0 when every weight is 0).
    pub fn score(&self, w: &ScoreWeights) -> f64 {
        let pairs = [
            (w.severity, self.severity),
            (w.account_value, self.account_value),
            (w.order_value, self.order_value),
            (w.sentiment, self.sentiment),
            (w.keywords, self.keywords),
            (w.sla_risk, self.sla_risk),
        ];
        let mut total = 0.0;
        let mut sum = 0.0;
        for (weight, feature) in pairs {
            let weight = if weight.is_finite() && weight > 0.0 {
                weight
            } else {
                0.0
            };
            total += weight;
            sum += weight * feature;
        }
        if total > 0.0 {
            (sum / total).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

/// The AI's priority / escalation-risk score of `ticket` on `[0, 1]`, with `sla_risk`
/// the elapsed share of its resolution SLA (see [`sla_risk`]).
pub fn score(w: &ScoreWeights, ticket: &Observed, sla_risk: f64) -> f64 {
    Features::of(w, ticket, sla_risk).score(w)
}

/// The elapsed share of the SLA window `[arrival, deadline]` at `now` (simulation ms),
/// clamped to `[0, 1]`: 0 at arrival, ½ halfway, 1 at and after the deadline. A window
/// of length 0 (or less) gives 1 from its deadline on and 0 before. The share is of
/// simulation time: for an SLA on a business calendar it is the share of the wall-clock
/// window between arrival and the deadline the calendar gives.
pub fn sla_risk(arrival: SimTime, deadline: SimTime, now: SimTime) -> f64 {
    let span = deadline.saturating_sub(arrival);
    if span <= 0 {
        return if now >= deadline { 1.0 } else { 0.0 };
    }
    let elapsed = now.saturating_sub(arrival);
    (elapsed as f64 / span as f64).clamp(0.0, 1.0)
}

/// Severity on `[0, 1]`: critical 1, high ⅔, medium ⅓, low 0.
pub fn severity_feature(s: Severity) -> f64 {
    match s {
        Severity::Critical => 1.0,
        Severity::High => 2.0 / 3.0,
        Severity::Medium => 1.0 / 3.0,
        Severity::Low => 0.0,
    }
}

/// `min(1, value / scale)`, 0 for negative values; with a scale of 0 (or less) any
/// positive value is 1.
fn scaled(value: f64, scale: f64) -> f64 {
    if value.is_nan() || value <= 0.0 {
        0.0
    } else if scale > 0.0 {
        (value / scale).min(1.0)
    } else {
        1.0
    }
}

fn unit_or_zero(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TierId;

    fn ticket(severity: Severity, account: f64, order: f64, sentiment: f32, kw: u64) -> Observed {
        Observed {
            severity,
            account_value: account,
            order_value: order,
            ai: AiEstimate {
                predicted_tier: TierId(0),
                confidence: 1.0,
                sentiment,
                keywords: kw,
            },
        }
    }

    fn weights() -> ScoreWeights {
        ScoreWeights {
            severity: 0.4,
            account_value: 0.2,
            account_value_scale: 100_000.0,
            order_value: 0.1,
            order_value_scale: 1_000.0,
            sentiment: 0.2,
            keywords: 0.05,
            risk_keywords: 0b100,
            sla_risk: 0.05,
        }
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn hand_computed_scores() {
        let w = weights();
        // High (⅔), account 50 000 (½), order 250 (¼), estimate -0.5 (0.75), risk keyword
        // detected (1), SLA risk 0.5:
        // 0.4×⅔ + 0.2×½ + 0.1×¼ + 0.2×0.75 + 0.05×1 + 0.05×0.5 = 0.616666…, weights sum 1.
        let t = ticket(Severity::High, 50_000.0, 250.0, -0.5, 0b110);
        close(
            score(&w, &t, 0.5),
            0.4 * 2.0 / 3.0 + 0.1 + 0.025 + 0.15 + 0.05 + 0.025,
        );
        close(score(&w, &t, 0.5), 0.616_666_666_666_666_7);
        // Low (0), account above the scale (1), no order (0), delighted (0), no risk
        // keyword (0), SLA breached long ago (clamped to 1): 0.2 + 0.05 = 0.25.
        let t = ticket(Severity::Low, 250_000.0, 0.0, 1.0, 0b011);
        close(score(&w, &t, 3.0), 0.25);
        // Critical, furious, about to breach, everything else maximal: 1.
        let t = ticket(Severity::Critical, 1e9, 1e9, -1.0, 0b100);
        close(score(&w, &t, 1.0), 1.0);
    }

    #[test]
    fn the_score_is_a_weighted_mean() {
        let t = ticket(Severity::Medium, 20_000.0, 500.0, 0.2, 0);
        let w = weights();
        let mut doubled = weights();
        for x in [
            &mut doubled.severity,
            &mut doubled.account_value,
            &mut doubled.order_value,
            &mut doubled.sentiment,
            &mut doubled.keywords,
            &mut doubled.sla_risk,
        ] {
            *x *= 2.0;
        }
        close(score(&w, &t, 0.3), score(&doubled, &t, 0.3));
        // Only severity weighted: the score is the severity feature.
        let only = ScoreWeights {
            severity: 3.0,
            account_value: 0.0,
            order_value: 0.0,
            sentiment: 0.0,
            keywords: 0.0,
            sla_risk: 0.0,
            ..weights()
        };
        close(score(&only, &t, 0.9), 1.0 / 3.0);
        // No weight at all: 0; a negative weight counts as 0.
        let none = ScoreWeights {
            severity: 0.0,
            ..only.clone()
        };
        assert_eq!(score(&none, &t, 0.9), 0.0);
        let negative = ScoreWeights {
            sla_risk: -5.0,
            ..only
        };
        close(score(&negative, &t, 0.9), 1.0 / 3.0);
    }

    #[test]
    fn features_follow_the_table() {
        let w = weights();
        let t = ticket(Severity::High, 10_000.0, 2_000.0, 0.5, 0b100);
        let f = Features::of(&w, &t, f64::NAN);
        close(f.severity, 2.0 / 3.0);
        close(f.account_value, 0.1);
        close(f.order_value, 1.0);
        close(f.sentiment, 0.25);
        close(f.keywords, 1.0);
        close(f.sla_risk, 0.0);
        // A zero scale: any positive value is 1, zero stays 0.
        let zero_scale = ScoreWeights {
            order_value_scale: 0.0,
            ..weights()
        };
        close(Features::of(&zero_scale, &t, 0.0).order_value, 1.0);
        let no_order = ticket(Severity::Low, 0.0, 0.0, 0.0, 0);
        close(Features::of(&zero_scale, &no_order, 0.0).order_value, 0.0);
    }

    #[test]
    fn sla_risk_is_the_elapsed_share() {
        let h = 3_600_000;
        close(sla_risk(0, 8 * h, 0), 0.0);
        close(sla_risk(h, 9 * h, 3 * h), 0.25);
        close(sla_risk(0, 8 * h, 4 * h), 0.5);
        close(sla_risk(0, 8 * h, 8 * h), 1.0);
        close(sla_risk(0, 8 * h, 20 * h), 1.0);
        close(sla_risk(5 * h, 8 * h, 0), 0.0);
        // A zero-length window: breached from its deadline on.
        close(sla_risk(h, h, h), 1.0);
        close(sla_risk(h, h, 0), 0.0);
    }
}
