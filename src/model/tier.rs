//! A tier (`[tiers.<name>]`): a support line or team, its agents, skills, handle
//! times and cost.

use super::{CategoryId, Dist, RoleId, SimTime, Staffing, Touches};

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
