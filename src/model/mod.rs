pub mod ai;
pub mod arrivals;
pub mod calendar;
pub mod dist;
pub mod feedback;
pub mod ids;
pub mod lifecycle;
pub mod mix;
pub mod planning;
pub mod policy;
pub mod run;
pub mod sla;
pub mod sop;
pub mod staffing;
pub mod targets;
#[cfg(test)]
pub(crate) mod test_scenario;
pub mod tier;
pub mod time;
pub mod transfers;

pub use ai::{AiModel, Confusion, Review, ScoreWeights};
pub use arrivals::{Arrivals, Burst, Peak};
pub use calendar::{Calendar, CalendarId};
pub use dist::Dist;
pub use feedback::{Feedback, Incident};
pub use ids::{CategoryId, RoleId, SegmentId, Severity, TierId};
pub use lifecycle::{FirstResponse, PauseOn, Retrial, Touches};
pub use mix::{Category, Segment, SentimentDist};
pub use planning::{Planning, ShrinkageWindow};
pub use policy::{Candidate, DEFAULT_RISK_SCALE_MS, Discipline, Pairing, PolicyKind, PolicySpec};
pub use run::{ReplaySource, RunSettings, Watch};
pub use sla::{Sla, SlaTarget};
pub use sop::Sop;
pub use staffing::{Shift, Staffing, StaffingModel};
pub use targets::Target;
pub use tier::Tier;
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
    /// The candidates when the file pairs policies with staffing models
    /// (`[[candidates]]` or a policy's `staffing`), in candidate order; `None`: every
    /// policy × every staffing model.
    pub pairings: Option<Vec<Pairing>>,
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

impl Scenario {
    /// The candidates to run: the explicit pairings, in their order, leaving out any
    /// whose policy or staffing model is no longer in the scenario; without pairings,
    /// every policy × staffing model, policies outermost, in file order.
    pub fn candidates(&self) -> Vec<Candidate> {
        if let Some(pairings) = &self.pairings {
            return pairings
                .iter()
                .filter_map(|p| {
                    Some(Candidate {
                        policy: self.policies.iter().position(|x| x.name == p.policy)?,
                        staffing: self
                            .staffing_models
                            .iter()
                            .position(|m| m.name == p.staffing)?,
                    })
                })
                .collect();
        }
        let mut out = Vec::with_capacity(self.policies.len() * self.staffing_models.len());
        for policy in 0..self.policies.len() {
            for staffing in 0..self.staffing_models.len() {
                out.push(Candidate { policy, staffing });
            }
        }
        out
    }

    /// Display name of a candidate: the name its `[[candidates]]` entry gives, else
    /// `policy` when there is one staffing model, otherwise `policy @ staffing`.
    pub fn candidate_name(&self, c: Candidate) -> String {
        let p = &self.policies[c.policy].name;
        let named = self
            .pairings
            .iter()
            .flatten()
            .find(|x| x.policy == *p && x.staffing == self.staffing_models[c.staffing].name);
        if let Some(name) = named.and_then(|x| x.name.as_ref()) {
            name.clone()
        } else if self.staffing_models.len() == 1 {
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
