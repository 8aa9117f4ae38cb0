//! Rule-based escalation SOPs (`kind = "sop"`): ordered first-match routing rules and
//! timed triggers, as validated from `[policies.<name>]`.
//!
//! A rule is a list of conditions (all must hold) and an action. Rules are evaluated at
//! a decision point (`on`): when a ticket arrives (or re-enters after a reopen) or when
//! a tier cannot resolve it. The first rule whose conditions hold fires; when none
//! does, the SOP falls back to the escalation path (enter at its first tier, climb one
//! step at a time). Timed triggers fire while a ticket is open, when its SLA time
//! remaining falls below a threshold or it has waited too long in one queue.

use super::{CategoryId, RoleId, SegmentId, Severity, SimTime, TierId};

/// Default priority level of a ticket no rule has touched (levels run from 1, served
/// first, to [`LOWEST_PRIORITY`]).
pub const DEFAULT_PRIORITY: u8 = 3;
/// The least urgent priority level.
pub const LOWEST_PRIORITY: u8 = 5;

/// A rule SOP.
#[derive(Clone, Debug, PartialEq)]
pub struct Sop {
    /// Routing rules in file order; the first match fires.
    pub rules: Vec<Rule>,
    /// Timed triggers in file order; each may fire once per ticket (per queue visit for
    /// `waited_over`).
    pub triggers: Vec<Trigger>,
}

/// When a routing rule is evaluated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecisionPoint {
    /// A ticket arrives or re-enters after a reopen: which tier first.
    Arrival,
    /// A tier could not resolve the ticket: which tier next.
    Escalation,
}

impl DecisionPoint {
    /// Name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            DecisionPoint::Arrival => "arrival",
            DecisionPoint::Escalation => "escalation",
        }
    }
}

/// A routing rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Name, unique within the policy (reports, traces, diagrams).
    pub name: String,
    /// Decision point.
    pub on: DecisionPoint,
    /// Conditions; all must hold (an empty list always matches).
    pub when: Vec<Condition>,
    /// What happens when the rule fires.
    pub action: Action,
}

/// What a rule or trigger does.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Action {
    /// Where the ticket goes; `None` keeps the default (the escalation path).
    pub route: Option<Route>,
    /// Priority change.
    pub priority: Option<PriorityChange>,
    /// Roles alerted (internal notifications).
    pub alert: Vec<RoleId>,
    /// Also alert the owner role of the tier the ticket is routed to.
    pub alert_owner: bool,
    /// The decision waits for human review (see [`super::ai::Review`]).
    pub review: bool,
}

/// A routing target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// A named tier (possibly skipping tiers of the path).
    Tier(TierId),
    /// The lowest tier on the path that resolves the AI's predicted need.
    Predicted,
}

/// A priority change: levels run from 1 (served first) to [`LOWEST_PRIORITY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PriorityChange {
    /// Set the level.
    Set(u8),
    /// Raise by this many levels (towards 1).
    Raise(u8),
}

impl PriorityChange {
    /// The level after applying the change to `level`.
    pub fn apply(self, level: u8) -> u8 {
        match self {
            PriorityChange::Set(p) => p,
            PriorityChange::Raise(n) => level.saturating_sub(n).max(1),
        }
    }
}

/// A condition on a ticket at a decision point.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// Severity is one of these.
    SeverityIn(Vec<Severity>),
    /// Severity is at least this urgent.
    SeverityAtLeast(Severity),
    /// Segment is one of these.
    SegmentIn(Vec<SegmentId>),
    /// Category is one of these.
    CategoryIn(Vec<CategoryId>),
    /// The AI detected at least one of these keywords (mask over
    /// [`super::Scenario::keywords`]).
    KeywordsAny(u64),
    /// The AI's predicted needed tier is one of these.
    PredictedTierIn(Vec<TierId>),
    /// A numeric field compared with a threshold.
    Compare(Field, Cmp, f64),
}

/// Numeric ticket fields a condition can test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Account value, currency units.
    AccountValue,
    /// Order value, currency units.
    OrderValue,
    /// The AI's sentiment estimate on `[-1, 1]`.
    Sentiment,
    /// The AI's priority / escalation-risk score on `[0, 1]`.
    AiScore,
    /// The AI's confidence in its predicted tier on `[0, 1]`.
    AiConfidence,
    /// Times the ticket was reopened.
    Reopens,
    /// Hand-offs so far.
    Hops,
    /// Returns to a tier the ticket had already visited.
    Bounces,
    /// Minutes waited in the current queue (0 on arrival).
    WaitedMinutes,
    /// Minutes until the resolution SLA deadline (negative once breached).
    SlaRemainingMinutes,
}

impl Field {
    /// Every field, in documentation order.
    pub const ALL: [Field; 10] = [
        Field::AccountValue,
        Field::OrderValue,
        Field::Sentiment,
        Field::AiScore,
        Field::AiConfidence,
        Field::Reopens,
        Field::Hops,
        Field::Bounces,
        Field::WaitedMinutes,
        Field::SlaRemainingMinutes,
    ];

    /// Name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Field::AccountValue => "account_value",
            Field::OrderValue => "order_value",
            Field::Sentiment => "sentiment",
            Field::AiScore => "ai_score",
            Field::AiConfidence => "ai_confidence",
            Field::Reopens => "reopens",
            Field::Hops => "hops",
            Field::Bounces => "bounces",
            Field::WaitedMinutes => "waited_minutes",
            Field::SlaRemainingMinutes => "sla_remaining_minutes",
        }
    }
}

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `>=` (`_min` / `_at_least` in files).
    AtLeast,
    /// `<` (`_below` in files).
    Below,
}

/// A timed trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    /// Name, unique within the policy (shares the namespace of rules).
    pub name: String,
    /// When it fires.
    pub when: TriggerTime,
    /// Further conditions that must hold when it fires (e.g. a segment).
    pub also: Vec<Condition>,
    /// Functional escalation: move a still-queued ticket to this tier.
    pub escalate_to: Option<TierId>,
    /// Priority change (applies now if queued, else to the ticket's next queue).
    pub priority: Option<PriorityChange>,
    /// Hierarchical escalation: roles alerted.
    pub alert: Vec<RoleId>,
    /// Also alert the owner of the ticket's current tier.
    pub alert_owner: bool,
}

/// The moment a trigger fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerTime {
    /// Resolution SLA time remaining falls below this, ms (fires once per ticket
    /// life; a reopened ticket gets a new deadline and may fire again).
    SlaRemainingBelow(SimTime),
    /// The ticket has waited this long in one queue, ms (once per queue visit).
    WaitedOver(SimTime),
}
