//! The scenario file as written: serde structs mirroring the TOML, before validation.
//!
//! Every struct denies unknown fields, so a misspelt key is a parse error that names it
//! and lists the expected keys. Named tables are [`IndexMap`]s, so ids follow file
//! order. Required fields are `Option`s here: a missing one is reported by validation,
//! together with every other problem, rather than stopping the parse. Times of day and
//! date-times are kept as [`toml::Value`] because the file may give them as TOML
//! literals or as strings.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A whole scenario file.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Option<String>,
    pub description: Option<String>,
    pub run: Option<RawRun>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub regions: IndexMap<String, RawRegion>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub calendars: IndexMap<String, RawCalendar>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub tiers: IndexMap<String, RawTier>,
    pub escalation: Option<RawEscalation>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub segments: IndexMap<String, RawSegment>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub categories: IndexMap<String, RawCategory>,
    pub severity: Option<RawSeverityShares>,
    pub sla: Option<RawSla>,
    pub arrivals: Option<RawArrivals>,
    /// Staffing model name → tier name → override.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub staffing: IndexMap<String, IndexMap<String, RawStaffing>>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub policies: IndexMap<String, RawPolicy>,
    /// `[[candidates]]`: the explicit candidate list (every policy × model without it).
    pub candidates: Option<Vec<RawCandidate>>,
    pub check: Option<RawCheck>,
    pub replay: Option<RawReplay>,
    pub ai: Option<RawAi>,
    pub feedback: Option<RawFeedback>,
    pub incident: Option<RawIncident>,
    /// Metric name → limit (kept as values so a wrong type is reported with its path).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub targets: IndexMap<String, toml::Value>,
    pub planning: Option<RawPlanning>,
}

/// `[planning]`: shrinkage and occupancy for `escalsim plan`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPlanning {
    pub shrinkage: Option<f64>,
    pub occupancy_cap: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shrinkage_windows: Vec<RawShrinkageWindow>,
}

/// `[[planning.shrinkage_windows]]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShrinkageWindow {
    pub days: Option<Vec<String>>,
    pub start: Option<toml::Value>,
    pub end: Option<toml::Value>,
    pub shrinkage: Option<f64>,
}

/// `[[candidates]]`: one candidate, a policy under a staffing model.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCandidate {
    pub policy: Option<String>,
    pub staffing: Option<String>,
    pub name: Option<String>,
}

/// `[check]`: what `escalsim check` watches.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCheck {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub watch: Vec<RawWatch>,
}

/// `[[check.watch]]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWatch {
    pub metric: Option<String>,
    pub max_increase: Option<f64>,
    pub max_decrease: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// `[run]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRun {
    pub start: Option<toml::Value>,
    pub horizon_days: Option<f64>,
    pub warmup_days: Option<f64>,
    pub replications: Option<i64>,
    pub seed: Option<i64>,
}

/// `[regions.<name>]`: a time zone and its public holidays.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRegion {
    pub time_zone: Option<String>,
    pub holidays: Option<Vec<toml::Value>>,
}

/// `[calendars.<name>]`: one window (`days`, `open`, `close`) or several (`hours`).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCalendar {
    pub days: Option<Vec<String>>,
    pub open: Option<toml::Value>,
    pub close: Option<toml::Value>,
    pub hours: Option<Vec<RawWindow>>,
}

/// One entry of a calendar's `hours` list.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWindow {
    pub days: Option<Vec<String>>,
    pub open: Option<toml::Value>,
    pub close: Option<toml::Value>,
}

/// `[tiers.<name>]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTier {
    pub region: Option<String>,
    pub open_on_holidays: Option<bool>,
    pub role: Option<String>,
    pub owner: Option<String>,
    pub agents: Option<i64>,
    pub shifts: Option<Vec<RawShift>>,
    pub resolves: Option<Vec<String>>,
    pub handle_minutes: Option<RawDist>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub handle_minutes_by_category: IndexMap<String, RawDist>,
    pub triage_minutes: Option<RawDist>,
    pub handoff_minutes: Option<RawDist>,
    pub cost_per_agent_hour: Option<f64>,
    pub pickup_target_minutes: Option<f64>,
    pub touches: Option<RawTouches>,
}

/// `[tiers.<name>.touches]`: work as several touches with waits between them.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTouches {
    pub more_probability: Option<f64>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub more_probability_by_category: IndexMap<String, f64>,
    pub max_touches: Option<i64>,
    pub reply_probability: Option<f64>,
    pub reply_delay_minutes: Option<RawDist>,
    pub third_party_share: Option<f64>,
    pub third_party_delay_minutes: Option<RawDist>,
    pub auto_resolve_after_hours: Option<f64>,
    pub same_agent_wait_minutes: Option<f64>,
}

/// One shift of a weekly schedule.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShift {
    pub days: Option<Vec<String>>,
    pub start: Option<toml::Value>,
    pub end: Option<toml::Value>,
    pub agents: Option<i64>,
    pub from: Option<toml::Value>,
    pub until: Option<toml::Value>,
}

/// A staffing override for one tier in `[staffing.<model>]`: `agents` or `shifts`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawStaffing {
    pub agents: Option<i64>,
    pub shifts: Option<Vec<RawShift>>,
    pub from: Option<toml::Value>,
    pub until: Option<toml::Value>,
}

/// A distribution: `{ dist = "<kind>", <parameters> }`. Which parameters a kind takes
/// is checked by validation, so a parameter of the wrong kind gets a precise message.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDist {
    pub dist: Option<String>,
    pub value: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub cv: Option<f64>,
    pub shape: Option<f64>,
    pub scale: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub values: Option<Vec<f64>>,
}

/// `[escalation]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEscalation {
    pub path: Option<Vec<String>>,
}

/// `[segments.<name>]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSegment {
    pub share: Option<f64>,
    pub account_value: Option<RawDist>,
    pub patience_minutes: Option<RawDist>,
    pub retrial_probability: Option<f64>,
    pub retrial_delay_minutes: Option<RawDist>,
    pub max_retrials: Option<i64>,
}

/// `[categories.<name>]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCategory {
    pub share: Option<f64>,
    /// Tier name → probability that a ticket of this category needs that tier.
    pub needs: Option<IndexMap<String, f64>>,
    pub keywords: Option<Vec<String>>,
    pub order_value: Option<RawDist>,
    pub sentiment: Option<RawSentiment>,
    pub severity: Option<RawSeverityShares>,
}

/// A category's `sentiment`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSentiment {
    pub mean: Option<f64>,
    pub sd: Option<f64>,
}

/// Severity shares; a missing severity has share 0.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSeverityShares {
    pub critical: Option<f64>,
    pub high: Option<f64>,
    pub medium: Option<f64>,
    pub low: Option<f64>,
}

impl RawSeverityShares {
    /// The shares in severity order, most urgent first.
    pub(crate) fn by_severity(&self) -> [Option<f64>; 4] {
        [self.critical, self.high, self.medium, self.low]
    }
}

/// `[sla]`: targets per severity and per-segment overrides.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSla {
    pub critical: Option<RawSlaTarget>,
    pub high: Option<RawSlaTarget>,
    pub medium: Option<RawSlaTarget>,
    pub low: Option<RawSlaTarget>,
    pub short_abandon_seconds: Option<f64>,
    pub first_response: Option<String>,
    pub auto_reply_minutes: Option<f64>,
    pub triage_reply_minutes: Option<f64>,
    pub triage_reply_tier: Option<String>,
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub segments: IndexMap<String, RawSegmentSla>,
}

/// `[sla.segments.<segment>]`: overrides per severity.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSegmentSla {
    pub critical: Option<RawSlaTarget>,
    pub high: Option<RawSlaTarget>,
    pub medium: Option<RawSlaTarget>,
    pub low: Option<RawSlaTarget>,
}

/// Severity tables in severity order, most urgent first.
pub(crate) fn sla_by_severity<'a>(
    critical: &'a Option<RawSlaTarget>,
    high: &'a Option<RawSlaTarget>,
    medium: &'a Option<RawSlaTarget>,
    low: &'a Option<RawSlaTarget>,
) -> [Option<&'a RawSlaTarget>; 4] {
    [
        critical.as_ref(),
        high.as_ref(),
        medium.as_ref(),
        low.as_ref(),
    ]
}

/// One SLA target; each duration in minutes or hours (not both).
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSlaTarget {
    pub pause_on: Option<Vec<String>>,
    pub first_response_minutes: Option<f64>,
    pub first_response_hours: Option<f64>,
    pub resolution_minutes: Option<f64>,
    pub resolution_hours: Option<f64>,
    pub update_interval_minutes: Option<f64>,
    pub update_interval_hours: Option<f64>,
    pub calendar: Option<String>,
}

/// `[arrivals]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArrivals {
    pub per_hour: Option<f64>,
    pub hour_of_day: Option<Vec<f64>>,
    pub day_of_week: Option<IndexMap<String, f64>>,
    pub daily_overdispersion_cv: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peaks: Vec<RawPeak>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bursts: Vec<RawBurst>,
}

/// `[[arrivals.peaks]]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPeak {
    pub name: Option<String>,
    pub start: Option<toml::Value>,
    pub end: Option<toml::Value>,
    pub multiplier: Option<f64>,
}

/// `[[arrivals.bursts]]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBurst {
    pub name: Option<String>,
    pub start: Option<toml::Value>,
    pub duration_minutes: Option<f64>,
    pub duration_hours: Option<f64>,
    pub outage: Option<bool>,
    pub fix_minutes: Option<RawDist>,
    pub extra_per_hour: Option<f64>,
    pub categories: Option<IndexMap<String, f64>>,
    pub severity: Option<RawSeverityShares>,
}

/// `[policies.<name>]`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPolicy {
    pub kind: Option<String>,
    pub discipline: Option<String>,
    pub risk_scale_minutes: Option<f64>,
    pub status_updates: Option<bool>,
    pub incident_mode: Option<bool>,
    pub min_confidence: Option<f64>,
    pub rules: Option<Vec<RawRule>>,
    pub triggers: Option<Vec<RawTrigger>>,
    pub entry: Option<IndexMap<String, f64>>,
    pub transfers: Option<IndexMap<String, IndexMap<String, f64>>>,
    /// The staffing models this policy runs under (all without it).
    pub staffing: Option<Vec<String>>,
}

/// Conditions of a rule or trigger (`when = { … }`): condition key → value. Kept as
/// values so an unknown condition key is reported by validation with the known keys
/// and a suggestion, and each value's type is checked per key.
pub(crate) type RawWhen = IndexMap<String, toml::Value>;

/// `[[policies.<name>.rules]]`: a routing rule of a `sop` policy.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub name: Option<String>,
    pub on: Option<String>,
    pub when: Option<RawWhen>,
    pub route: Option<String>,
    pub priority: Option<i64>,
    pub raise_priority: Option<i64>,
    pub alert: Option<Vec<String>>,
    pub alert_owner: Option<bool>,
    pub review: Option<bool>,
}

/// `[[policies.<name>.triggers]]`: a timed trigger of a `sop` policy.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrigger {
    pub name: Option<String>,
    pub sla_remaining_below_minutes: Option<f64>,
    pub waited_over_minutes: Option<f64>,
    pub when: Option<RawWhen>,
    pub escalate_to: Option<String>,
    pub priority: Option<i64>,
    pub raise_priority: Option<i64>,
    pub alert: Option<Vec<String>>,
    pub alert_owner: Option<bool>,
}

/// `[ai]`: the AI triage model.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAi {
    pub tier_accuracy: Option<f64>,
    pub sentiment_noise_sd: Option<f64>,
    pub keyword_recall: Option<f64>,
    pub keyword_precision: Option<f64>,
    /// `[ai.confusion]`: need tier → `{ predicted tier = probability }`, and
    /// `by_category` → category → the same; kept as values so validation names every
    /// bad key and type.
    pub confusion: Option<IndexMap<String, toml::Value>>,
    pub weights: Option<RawWeights>,
    pub review: Option<RawReview>,
}

/// `[ai.weights]`: weights of the priority / escalation-risk score.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeights {
    pub severity: Option<f64>,
    pub account_value: Option<f64>,
    pub account_value_scale: Option<f64>,
    pub order_value: Option<f64>,
    pub order_value_scale: Option<f64>,
    pub sentiment: Option<f64>,
    pub keywords: Option<f64>,
    pub risk_keywords: Option<Vec<String>>,
    pub sla_risk: Option<f64>,
}

/// `[ai.review]`: human review of AI-assisted decisions.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReview {
    pub role: Option<String>,
    pub severity_at_least: Option<String>,
    pub below_confidence: Option<f64>,
    pub delay_minutes: Option<RawDist>,
    pub work_minutes: Option<f64>,
    pub catch_rate: Option<f64>,
    pub tier: Option<String>,
}

/// `[feedback]`: customer status updates, follow-ups and reopens.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFeedback {
    pub update_minutes: Option<f64>,
    pub followup_probability: Option<f64>,
    pub followup_minutes: Option<f64>,
    /// `default` or a category name → probability.
    pub reopen_probability: Option<IndexMap<String, f64>>,
    pub misroute_reopen_factor: Option<f64>,
    pub reopen_after_hours: Option<RawDist>,
    pub max_reopens: Option<i64>,
    pub close_after_hours: Option<f64>,
}

/// `[incident]`: spike detection and incident mode.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIncident {
    pub categories: Option<Vec<String>>,
    pub window_minutes: Option<f64>,
    pub threshold: Option<i64>,
    pub clear_below: Option<i64>,
    pub bypass_to: Option<String>,
    pub alert: Option<Vec<String>>,
    pub notice_after_minutes: Option<f64>,
    pub notice_suppression: Option<f64>,
    pub ack_minutes: Option<f64>,
}

/// `[replay]`: replay historical tickets instead of generating them.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReplay {
    pub tickets: Option<String>,
    pub mapping: Option<String>,
}
