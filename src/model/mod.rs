//! The validated scenario: the typed, id-based model of a support organisation, its
//! ticket mix, SLAs and the candidates to compare.
//!
//! Only `scenario/` builds these values (from TOML, after validation), so every
//! `Scenario` is consistent: ids are in range, shares sum to 1, distributions have valid
//! parameters, every table indexed by an id has one entry per id. Later stages
//! (tickets, engine, metrics) rely on that and never re-check it.
//!
//! Units: simulation times are [`SimTime`] milliseconds; distributions carry the unit of
//! the field that holds them (`handle` in minutes, `account_value` in currency units).

pub mod ai;
pub mod calendar;
pub mod dist;
pub mod feedback;
pub mod ids;
pub mod lifecycle;
pub mod planning;
pub mod sop;
pub mod staffing;
pub mod targets;
#[cfg(test)]
pub(crate) mod test_scenario;
pub mod time;
pub mod transfers;

pub use ai::{AiModel, Confusion, Review, ScoreWeights};
pub use calendar::Calendar;
pub use dist::Dist;
pub use feedback::{Feedback, Incident};
pub use ids::{CategoryId, RoleId, SegmentId, Severity, TierId};
pub use lifecycle::{FirstResponse, PauseOn, Retrial, Touches};
pub use planning::{Planning, ShrinkageWindow};
pub use sop::Sop;
pub use staffing::{Shift, Staffing};
pub use targets::Target;
pub use time::{Clock, SimTime};
pub use transfers::TransferMatrix;

/// The most tiers a scenario may declare (per-ticket work content is stored inline).
pub const MAX_TIERS: usize = 16;

/// The most replications a scenario (`run.replications`) or a command
/// (`--replications`) may ask for.
pub const MAX_REPLICATIONS: u32 = 100_000;
/// The most distinct category keywords a scenario may declare (keyword sets are bit
/// masks).
pub const MAX_KEYWORDS: usize = 64;
/// The most roles (tier owners and roles named by alerts and reviews) a scenario may
/// name (alert sets are bit masks).
pub const MAX_ROLES: usize = 64;

/// A validated scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Short name (used for the default output folder `reports/<name>/`).
    pub name: String,
    /// Free-text description.
    pub description: String,
    /// Run length, warm-up, replications, seed.
    pub run: RunSettings,
    /// Wall clock of simulation time 0.
    pub clock: Clock,
    /// Working calendars, indexed by [`CalendarId`].
    pub calendars: Vec<Calendar>,
    /// Tiers, indexed by [`TierId`].
    pub tiers: Vec<Tier>,
    /// The escalation path: tiers in the order a ticket climbs them (the `tiered`
    /// policy enters at the first and steps one at a time).
    pub escalation_path: Vec<TierId>,
    /// Customer segments, indexed by [`SegmentId`].
    pub segments: Vec<Segment>,
    /// Ticket categories, indexed by [`CategoryId`].
    pub categories: Vec<Category>,
    /// Default severity shares, indexed by [`Severity::index`]; sum to 1.
    pub severity_shares: [f64; 4],
    /// SLA targets.
    pub sla: Sla,
    /// The arrival process.
    pub arrivals: Arrivals,
    /// Staffing models to compare (at least one; the first is the scenario's own
    /// staffing when the file declares none).
    pub staffing_models: Vec<StaffingModel>,
    /// Routing policies to compare (at least one).
    pub policies: Vec<PolicySpec>,
    /// Metrics watched by `escalsim check` (may be empty).
    pub checks: Vec<Watch>,
    /// What a recommended candidate must reach (`[targets]`; may be empty).
    pub targets: Vec<Target>,
    /// Shrinkage and occupancy for `escalsim plan` (`[planning]`; none by default).
    pub planning: Planning,
    /// Historical tickets to replay instead of the synthetic stream, if any.
    pub replay: Option<ReplaySource>,
    /// Roles, indexed by [`RoleId`]: every tier's owner (in tier order), then every
    /// other role named by alerts or reviews, in file order.
    pub roles: Vec<String>,
    /// Keyword vocabulary: every category's keywords, in file order, without
    /// duplicates (at most [`MAX_KEYWORDS`]); keyword sets are bit masks over it.
    pub keywords: Vec<String>,
    /// The AI triage model (`[ai]`; a perfect estimator when absent).
    pub ai: AiModel,
    /// Customer-facing loops (`[feedback]`; none when absent).
    pub feedback: Feedback,
    /// Spike detection (`[incident]`), if configured.
    pub incident: Option<Incident>,
}

/// A metric that `escalsim check` watches for regressions against a baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// Metric name (see docs/metrics.md), e.g. `resolution_breach_rate.segment.enterprise`.
    pub metric: String,
    /// Fails when the metric rises by more than this (in the metric's unit; rates are
    /// fractions, so 0.01 is one percentage point).
    pub max_increase: Option<f64>,
    /// Fails when the metric falls by more than this (for metrics where higher is
    /// better).
    pub max_decrease: Option<f64>,
    /// Candidate names the watch applies to; empty means every candidate.
    pub candidates: Vec<String>,
}

/// Where replayed tickets come from (`[replay]`). Paths are relative to the scenario
/// file once loaded with `scenario::load`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplaySource {
    /// The ticket file (CSV, optionally `.gz` or `.zip`).
    pub tickets: std::path::PathBuf,
    /// The column-mapping file; `None` reads the native ticket schema.
    pub mapping: Option<std::path::PathBuf>,
}

/// Run settings.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSettings {
    /// Simulated span, ms (> 0). Arrivals stop at the horizon; tickets still open then
    /// count as open.
    pub horizon_ms: SimTime,
    /// Initial span whose arrivals and time-weighted statistics are deleted, ms
    /// (`0 <= warmup_ms < horizon_ms`).
    pub warmup_ms: SimTime,
    /// Independent replications per candidate (>= 1).
    pub replications: u32,
    /// Master seed; every random stream derives from it.
    pub seed: u64,
}

/// Index of a calendar in [`Scenario::calendars`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarId(pub u16);

/// A tier (support line or team).
#[derive(Clone, Debug)]
pub struct Tier {
    /// Name used in the scenario file and reports (e.g. `T1`, `Engineering`).
    pub name: String,
    /// Role of its agents (e.g. "frontline agent").
    pub role: String,
    /// Owner role accountable for the tier's SLA step (e.g. "support team lead").
    pub owner: String,
    /// The owner as a role id.
    pub owner_role: RoleId,
    /// Agents on duty over the week (the scenario's own staffing).
    pub staffing: Staffing,
    /// `resolves[need.index()]`: whether this tier can resolve a ticket whose needed
    /// tier is `need`.
    pub resolves: Vec<bool>,
    /// Handle time when the tier resolves a ticket, minutes.
    pub handle_minutes: Dist,
    /// Per-category handle time overrides, minutes, indexed by [`CategoryId`].
    pub handle_minutes_by_category: Vec<Option<Dist>>,
    /// Time spent before escalating a ticket the tier cannot resolve, minutes; `None`
    /// means the full handle time is spent.
    pub triage_minutes: Option<Dist>,
    /// Delay between this tier escalating a ticket and the ticket joining the next
    /// tier's queue, minutes; `None` means no delay.
    pub handoff_minutes: Option<Dist>,
    /// Cost of one agent-hour on duty, currency units.
    pub cost_per_agent_hour: f64,
    /// Touches and waits of the tickets it resolves; `None`: one continuous block.
    pub touches: Option<Touches>,
    /// Pick-up target of the tier's step (an operational level agreement owned by the
    /// tier's owner): a ticket joining its queue should be started within it, ms.
    pub pickup_target_ms: Option<SimTime>,
}

impl Tier {
    /// The handle-time distribution for a ticket of `category`, minutes.
    #[inline]
    pub fn handle_for(&self, category: CategoryId) -> &Dist {
        self.handle_minutes_by_category
            .get(category.index())
            .and_then(Option::as_ref)
            .unwrap_or(&self.handle_minutes)
    }
}

/// A customer segment.
#[derive(Clone, Debug)]
pub struct Segment {
    /// Name (e.g. `enterprise`).
    pub name: String,
    /// Share of tickets from this segment (shares sum to 1).
    pub share: f64,
    /// Account value, currency units.
    pub account_value: Dist,
    /// Customer patience before abandoning an unanswered ticket, minutes; `None` means
    /// customers wait indefinitely.
    pub patience_minutes: Option<Dist>,
    /// Whether and when customers who abandoned contact again; `None`: they never do.
    pub retrial: Option<Retrial>,
}

/// Sentiment of a ticket's customer on `[-1, 1]` (-1 furious, +1 delighted): a normal
/// distribution clamped to that range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentimentDist {
    /// Mean before clamping.
    pub mean: f64,
    /// Standard deviation before clamping (>= 0).
    pub sd: f64,
}

/// A ticket category.
#[derive(Clone, Debug)]
pub struct Category {
    /// Name (e.g. `billing`).
    pub name: String,
    /// Share of tickets in this category (shares sum to 1).
    pub share: f64,
    /// Distribution of the tier the ticket needs: `(tier, probability)`, probabilities
    /// summing to 1.
    pub needs: Vec<(TierId, f64)>,
    /// Keywords typical of the category (used by keyword triggers and AI scoring).
    pub keywords: Vec<String>,
    /// The same keywords as a mask over [`Scenario::keywords`].
    pub keyword_mask: u64,
    /// Order value of the ticket's order, currency units (`None`: no order, 0).
    pub order_value: Option<Dist>,
    /// Customer sentiment.
    pub sentiment: SentimentDist,
    /// Severity shares for this category, overriding [`Scenario::severity_shares`].
    pub severity_shares: Option<[f64; 4]>,
}

/// SLA targets for one severity (and optionally one segment).
#[derive(Clone, Debug, PartialEq)]
pub struct SlaTarget {
    /// Time to first response (an agent starts work), ms of calendar time.
    pub first_response_ms: SimTime,
    /// Time to resolution, ms of calendar time.
    pub resolution_ms: SimTime,
    /// Interval between customer status updates, ms of calendar time.
    pub update_interval_ms: Option<SimTime>,
    /// The calendar on which the SLA clock runs.
    pub calendar: CalendarId,
    /// Waits that pause the resolution clock (its deadline moves by the paused
    /// working time).
    pub pause_on: PauseOn,
}

/// SLA targets per severity, with optional per-segment overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Sla {
    /// Targets indexed by [`Severity::index`].
    pub by_severity: [SlaTarget; 4],
    /// `by_segment[segment][severity]`: overrides for that segment, if any.
    pub by_segment: Vec<[Option<SlaTarget>; 4]>,
    /// Abandons within this long after arriving are short abandons, left out of the
    /// `service_level_short_abandons_excluded` definition, ms (0 = none).
    pub short_abandon_ms: SimTime,
    /// What counts as the first response.
    pub first_response: FirstResponse,
}

impl Sla {
    /// The first-response definition in words, for reports.
    pub fn first_response_words(&self, tiers: &[Tier]) -> String {
        match self.first_response {
            FirstResponse::AgentTouch => "first agent touch".to_string(),
            FirstResponse::AutoReply { after_ms } => format!(
                "automatic acknowledgement after {} min (or an earlier agent touch)",
                after_ms as f64 / 60_000.0
            ),
            FirstResponse::TriageReply { tier, work_minutes } => format!(
                "triage reply by {} ({work_minutes} min of work; or an earlier agent touch)",
                tier.and_then(|t| tiers.get(t.index()))
                    .map_or("the first tier of the path", |t| t.name.as_str())
            ),
        }
    }
}

impl Sla {
    /// The target for a ticket of `severity` from `segment`.
    #[inline]
    pub fn target(&self, severity: Severity, segment: SegmentId) -> &SlaTarget {
        self.by_segment
            .get(segment.index())
            .and_then(|o| o[severity.index()].as_ref())
            .unwrap_or(&self.by_severity[severity.index()])
    }
}

/// The arrival process: a non-homogeneous Poisson process whose rate at time `t` is
/// `base_per_hour × hour_of_day[h] × day_of_week[d] × peak(t) × daily_factor(day)`
/// plus the extra rate of every active burst.
#[derive(Clone, Debug)]
pub struct Arrivals {
    /// Base rate, tickets per hour, when every multiplier is 1.
    pub base_per_hour: f64,
    /// Multipliers by hour of day (0 = 00:00–01:00), each >= 0.
    pub hour_of_day: [f64; 24],
    /// Multipliers by weekday (0 = Monday), each >= 0.
    pub day_of_week: [f64; 7],
    /// Peak seasons: the rate is multiplied inside their windows.
    pub peaks: Vec<Peak>,
    /// Incident bursts: extra arrivals with their own mix.
    pub bursts: Vec<Burst>,
    /// Coefficient of variation of a gamma-distributed day-to-day rate factor (mean 1);
    /// `None` for none.
    pub daily_overdispersion_cv: Option<f64>,
}

/// A peak season.
#[derive(Clone, Debug, PartialEq)]
pub struct Peak {
    /// Name, for reports and charts.
    pub name: String,
    /// Window start, simulation ms.
    pub start: SimTime,
    /// Window end (exclusive), simulation ms.
    pub end: SimTime,
    /// Rate multiplier inside the window (> 0).
    pub multiplier: f64,
}

/// An incident burst: many similar tickets at once.
#[derive(Clone, Debug)]
pub struct Burst {
    /// Name, for reports and charts.
    pub name: String,
    /// Start, simulation ms.
    pub start: SimTime,
    /// End (exclusive), simulation ms.
    pub end: SimTime,
    /// Extra arrivals per hour during the burst.
    pub extra_per_hour: f64,
    /// Category mix of the burst's tickets (`(category, share)`, summing to 1); `None`
    /// uses the scenario's mix.
    pub categories: Option<Vec<(CategoryId, f64)>>,
    /// Severity shares of the burst's tickets; `None` uses the category's shares.
    pub severity_shares: Option<[f64; 4]>,
}

/// A named staffing model: per-tier overrides of the scenario's staffing.
#[derive(Clone, Debug)]
pub struct StaffingModel {
    /// Name (e.g. `baseline`, `plus-two-seniors`).
    pub name: String,
    /// `overrides[tier]`: the staffing to use instead of the tier's own.
    pub overrides: Vec<Option<Staffing>>,
}

impl StaffingModel {
    /// The staffing of `tier` under this model.
    pub fn staffing_for<'a>(&'a self, scenario: &'a Scenario, tier: TierId) -> &'a Staffing {
        self.overrides
            .get(tier.index())
            .and_then(Option::as_ref)
            .unwrap_or(&scenario.tiers[tier.index()].staffing)
    }
}

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

impl Scenario {
    /// Every policy × staffing model, policies outermost, in file order.
    pub fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::with_capacity(self.policies.len() * self.staffing_models.len());
        for policy in 0..self.policies.len() {
            for staffing in 0..self.staffing_models.len() {
                out.push(Candidate { policy, staffing });
            }
        }
        out
    }

    /// Display name of a candidate: `policy` when there is one staffing model,
    /// otherwise `policy @ staffing`.
    pub fn candidate_name(&self, c: Candidate) -> String {
        let p = &self.policies[c.policy].name;
        if self.staffing_models.len() == 1 {
            p.clone()
        } else {
            format!("{p} @ {}", self.staffing_models[c.staffing].name)
        }
    }

    /// The first tier on the escalation path that resolves `need`, if any.
    pub fn lowest_resolving(&self, need: TierId) -> Option<TierId> {
        self.escalation_path
            .iter()
            .copied()
            .find(|t| self.tiers[t.index()].resolves[need.index()])
    }

    /// The tier with the given name.
    pub fn tier_id(&self, name: &str) -> Option<TierId> {
        self.tiers
            .iter()
            .position(|t| t.name == name)
            .map(|i| TierId(i as u16))
    }
}
