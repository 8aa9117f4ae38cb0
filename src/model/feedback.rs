//! Feedback and communication loops (`[feedback]`) and spike detection
//! (`[incident]`): customer status updates and what happens without them, reopens, the
//! satisfaction proxy, and the incident mode a burst of similar tickets switches on.

use super::{CategoryId, Dist, RoleId, SimTime, TierId};

/// Customer-facing loops.
#[derive(Clone, Debug)]
pub struct Feedback {
    /// Agent time per customer status update, minutes (an agent of the ticket's
    /// current tier, served before tickets).
    pub update_minutes: f64,
    /// Probability that a customer left without an update past the SLA's update
    /// interval sends a follow-up contact.
    pub followup_probability: f64,
    /// Frontline work per follow-up contact, minutes (an agent of the first tier on
    /// the escalation path, served before tickets).
    pub followup_minutes: f64,
    /// Probability that a resolved ticket reopens, by category.
    pub reopen_probability: Vec<f64>,
    /// Multiplier of the reopen probability after a misroute (capped at 1).
    pub misroute_reopen_factor: f64,
    /// Time from resolution to reopening, hours.
    pub reopen_after_hours: Dist,
    /// Most reopens per ticket (returns after closure included).
    pub max_reopens: u8,
    /// A resolved ticket is closed this long after its resolution, ms; a customer who
    /// comes back later cannot reopen it and opens a follow-up ticket instead. `None`:
    /// resolved tickets stay open to reopening.
    pub close_after_ms: Option<SimTime>,
}

impl Default for Feedback {
    /// No follow-ups, no reopens, updates cost nothing.
    fn default() -> Self {
        Feedback {
            update_minutes: 0.0,
            followup_probability: 0.0,
            followup_minutes: 0.0,
            reopen_probability: Vec::new(),
            misroute_reopen_factor: 1.0,
            reopen_after_hours: Dist::Constant { value: 24.0 },
            max_reopens: 0,
            close_after_ms: None,
        }
    }
}

/// Spike detection and incident mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    /// Categories watched (arrivals of these count).
    pub categories: Vec<CategoryId>,
    /// Sliding window length, ms.
    pub window_ms: SimTime,
    /// Arrivals of watched categories within the window that switch incident mode on.
    pub threshold: u32,
    /// Incident mode ends when the window's count falls below this.
    pub clear_below: u32,
    /// Tier that takes watched-category tickets during an incident (bypassing the
    /// standard queues).
    pub bypass_to: TierId,
    /// Roles alerted when an incident is detected.
    pub alert: Vec<RoleId>,
    /// Delay from detection to the proactive customer notice, ms.
    pub notice_after_ms: SimTime,
    /// Share of further watched-category tickets the notice suppresses.
    pub notice_suppression: f64,
    /// Work of the incident tier to acknowledge a bypassed ticket of a live outage and
    /// link it to the outage, ms: the ticket then waits for the fix and is resolved
    /// when it lands, without work of its own. `None`: bypassed tickets are worked in
    /// full at the incident tier (and still wait for the fix).
    pub ack_ms: Option<SimTime>,
}
