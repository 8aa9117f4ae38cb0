//! Evaluating SOP conditions on a ticket at a decision point. Conditions read what an
//! SOP can know: the ticket's attributes, the AI's estimates (never the latent truth),
//! and the routing state the engine keeps (hops, bounces, reopens, waiting, SLA time).

use super::TicketView;
use crate::ai::score;
use crate::model::ScoreWeights;
use crate::model::sop::{Cmp, Condition, Field};
use crate::model::time::MINUTE_MS;

/// The value of a numeric field for the ticket in `view`.
pub fn field_value(field: Field, view: &TicketView<'_>, weights: &ScoreWeights) -> f64 {
    let t = view.ticket;
    match field {
        Field::AccountValue => t.account_value,
        Field::OrderValue => t.order_value,
        Field::Sentiment => f64::from(t.ai.sentiment),
        Field::AiScore => score::score(
            weights,
            &t.observed(),
            score::sla_risk(view.entered, view.resolution_deadline, view.now),
        ),
        Field::AiConfidence => f64::from(t.ai.confidence),
        Field::Reopens => f64::from(view.reopens),
        Field::Hops => f64::from(view.hops),
        Field::Bounces => f64::from(view.bounces),
        Field::WaitedMinutes => view.waited_ms as f64 / MINUTE_MS as f64,
        Field::SlaRemainingMinutes => {
            (view.resolution_deadline - view.now) as f64 / MINUTE_MS as f64
        }
    }
}

/// Whether `condition` holds for the ticket in `view`.
pub fn holds(condition: &Condition, view: &TicketView<'_>, weights: &ScoreWeights) -> bool {
    let t = view.ticket;
    match condition {
        Condition::SeverityIn(list) => list.contains(&t.severity),
        Condition::SeverityAtLeast(s) => t.severity <= *s,
        Condition::SegmentIn(list) => list.contains(&t.segment),
        Condition::CategoryIn(list) => list.contains(&t.category),
        Condition::KeywordsAny(mask) => t.ai.keywords & mask != 0,
        Condition::PredictedTierIn(list) => list.contains(&t.ai.predicted_tier),
        Condition::Compare(field, cmp, x) => {
            let v = field_value(*field, view, weights);
            match cmp {
                Cmp::AtLeast => v >= *x,
                Cmp::Below => v < *x,
            }
        }
    }
}

/// Whether every condition holds (an empty list always holds).
pub fn all_hold(conditions: &[Condition], view: &TicketView<'_>, weights: &ScoreWeights) -> bool {
    conditions.iter().all(|c| holds(c, view, weights))
}
