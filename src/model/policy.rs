//! Candidate routing policies (`[policies.<name>]`): their kind, queue discipline
//! and parameters, a candidate (a policy under a staffing model), and the explicit
//! pairings of policies with staffing models (`[[candidates]]`, a policy's `staffing`).

use super::{SimTime, Sop, TransferMatrix, time};

/// Queue discipline inside a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Discipline {
    /// First come, first served.
    Fifo,
    /// Higher severity first (non-preemptive), FIFO within a severity.
    SeverityPriority,
    /// Earliest resolution-SLA deadline first.
    EarliestDeadline,
    /// SLA risk weighted by customer value: the generalised cμ rule for an exponential
    /// lateness cost (see [`crate::policy::order`]).
    SlaRisk,
    /// Highest AI priority / escalation-risk score first (score at queue entry).
    AiScore,
}

impl Discipline {
    /// Name used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Discipline::Fifo => "fifo",
            Discipline::SeverityPriority => "severity",
            Discipline::EarliestDeadline => "deadline",
            Discipline::SlaRisk => "sla-risk",
            Discipline::AiScore => "ai-score",
        }
    }
}

/// The family of a routing policy.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyKind {
    /// Every ticket enters at the first tier of the escalation path and climbs one
    /// step at a time.
    Tiered,
    /// Every replayed ticket follows its recorded group path with its recorded times
    /// (the reader self-check of `calibrate`); tickets without one are routed like `Tiered`.
    Recorded,
    /// A bound: every ticket goes straight to the first tier on the path that can
    /// resolve its real need (perfect information).
    Oracle,
    /// A bound: every ticket enters at a tier drawn uniformly from the path, then
    /// climbs (no information).
    Random,
    /// A rule SOP: first-match routing rules and timed triggers.
    Sop(Box<Sop>),
    /// AI-assisted: straight to the lowest tier on the path that resolves the AI's
    /// predicted need (after human review where the scenario's `[ai.review]` asks for
    /// it), then climb.
    Ai,
    /// Probabilistic routing: entry and transfer probabilities between tiers,
    /// including send-backs, drawn afresh at every visit (a Jackson network's routing;
    /// what `escalsim fit` learns from a log).
    Transfers(Box<TransferMatrix>),
}

impl PolicyKind {
    /// Name used in scenario files.
    pub fn name(&self) -> &'static str {
        match self {
            PolicyKind::Tiered => "tiered",
            PolicyKind::Recorded => "recorded",
            PolicyKind::Oracle => "oracle",
            PolicyKind::Random => "random",
            PolicyKind::Sop(_) => "sop",
            PolicyKind::Ai => "ai",
            PolicyKind::Transfers(_) => "transfers",
        }
    }
}

/// A named routing policy.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicySpec {
    /// Name (e.g. `tiered-fifo`).
    pub name: String,
    /// Which policy family.
    pub kind: PolicyKind,
    /// Queue discipline at every tier.
    pub discipline: Discipline,
    /// Scale τ of the `sla-risk` discipline's lateness cost, ms.
    pub risk_scale_ms: SimTime,
    /// The owning tier sends customer status updates at each SLA update interval.
    pub status_updates: bool,
    /// Spike detection switches incident mode on (needs `[incident]`).
    pub incident_mode: bool,
    /// `ai` policies: below this AI confidence the ticket follows the escalation path
    /// instead of the prediction (`None`: always the prediction).
    pub min_confidence: Option<f64>,
}

/// Default `risk_scale_minutes` of the `sla-risk` discipline.
pub const DEFAULT_RISK_SCALE_MS: SimTime = 60 * time::MINUTE_MS;

impl PolicySpec {
    /// A policy of `kind` with queue order `discipline` and no loops.
    pub fn new(name: &str, kind: PolicyKind, discipline: Discipline) -> PolicySpec {
        PolicySpec {
            name: name.to_string(),
            kind,
            discipline,
            risk_scale_ms: DEFAULT_RISK_SCALE_MS,
            status_updates: false,
            incident_mode: false,
            min_confidence: None,
        }
    }
}

/// One candidate to compare: a policy under a staffing model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index into [`Scenario::policies`].
    pub policy: usize,
    /// Index into [`Scenario::staffing_models`].
    pub staffing: usize,
}

/// One explicitly paired candidate: a policy under a staffing model, by name, with an
/// optional display name. Names rather than indices, so that keeping only some
/// policies or staffing models (`sweep --policy`) keeps the pairing meaningful: a
/// pairing whose policy or model is gone is left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// Policy name (a key of `[policies]`).
    pub policy: String,
    /// Staffing model name (a key of `[staffing]`, or `as-scheduled`).
    pub staffing: String,
    /// Display name given in `[[candidates]]`, if any.
    pub name: Option<String>,
}
