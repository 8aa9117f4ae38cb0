//! The AI's priority / escalation-risk score: a weighted mean of features on `[0, 1]`
//! (see [`crate::model::ScoreWeights`] for the formula).

use crate::model::{ScoreWeights, SimTime};
use crate::tickets::Ticket;

/// Elapsed share of the resolution SLA at `now` for a ticket that entered at `entered`
/// with deadline `deadline`, clamped to `[0, 1]`.
pub fn sla_risk(entered: SimTime, deadline: SimTime, now: SimTime) -> f64 {
    let span = (deadline - entered) as f64;
    if span <= 0.0 {
        return 1.0;
    }
    ((now - entered) as f64 / span).clamp(0.0, 1.0)
}

/// The score of `ticket` given its SLA risk, on `[0, 1]` (0 when every weight is 0).
pub fn score(w: &ScoreWeights, ticket: &Ticket, sla_risk: f64) -> f64 {
    let severity = (3 - ticket.severity.index()) as f64 / 3.0;
    let account = (ticket.account_value / w.account_value_scale).clamp(0.0, 1.0);
    let order = (ticket.order_value / w.order_value_scale).clamp(0.0, 1.0);
    let negative = ((1.0 - f64::from(ticket.ai.sentiment)) / 2.0).clamp(0.0, 1.0);
    let keywords = if ticket.ai.keywords & w.risk_keywords != 0 {
        1.0
    } else {
        0.0
    };
    let terms = [
        (w.severity, severity),
        (w.account_value, account),
        (w.order_value, order),
        (w.sentiment, negative),
        (w.keywords, keywords),
        (w.sla_risk, sla_risk.clamp(0.0, 1.0)),
    ];
    let total: f64 = terms.iter().map(|(wt, _)| wt).sum();
    if total <= 0.0 {
        return 0.0;
    }
    terms.iter().map(|(wt, f)| wt * f).sum::<f64>() / total
}
