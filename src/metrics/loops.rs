//! What the escalation SOP and its loops did in one run: rule firings, alerts by role,
//! human reviews, who routed (the AI or the path below its confidence threshold),
//! misroutes and bounces, customer updates and follow-up contacts,
//! reopens, the satisfaction (CSAT) proxy, and incident mode (detections, delay,
//! tickets bypassed and suppressed).
//!
//! Per-ticket counts (rules, alerts, reviews, misroutes, bounces, updates, follow-ups,
//! reopens, CSAT) cover measured tickets (arrived after the warm-up); incident counts
//! cover events after the warm-up.

use serde::{Deserialize, Serialize};

/// The loop and SOP counts of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LoopMetrics {
    /// `(rule or trigger name, times fired)`, in the policy's order.
    pub rules: Vec<(String, u64)>,
    /// `(role, alerts received)`, in the scenario's role order.
    pub alerts: Vec<(String, u64)>,
    /// Decisions that waited for human review.
    pub reviews: u64,
    /// Reviews that corrected a wrong route.
    pub review_corrections: u64,
    /// Reviewers' working time, hours.
    pub review_hours: f64,
    /// `ai` policies: contacts (arrivals, reopens, retrials) routed by the AI's
    /// prediction.
    #[serde(default)]
    pub ai_routed: u64,
    /// `ai` policies: contacts sent down the escalation path because the AI's
    /// confidence was below `min_confidence`.
    #[serde(default)]
    pub ai_to_path: u64,
    /// Directed routes (rule or AI) to a tier other than the lowest on the path that
    /// can resolve the ticket.
    pub misroutes: u64,
    /// Returns to a tier the ticket had already visited in the same life.
    pub bounces: u64,
    /// Hand-offs back down the escalation path (a `transfers` policy's send-backs).
    pub send_backs: u64,
    /// Still-queued tickets moved to another tier by a timed trigger.
    pub functional_escalations: u64,
    /// Tickets bypassed to the incident tier in incident mode.
    pub bypassed: u64,
    /// Customer status updates sent.
    pub updates: u64,
    /// Agent time spent on status updates, hours.
    pub update_hours: f64,
    /// Follow-up contacts from customers left without an update.
    pub followups: u64,
    /// Frontline time spent on follow-up contacts, hours.
    pub followup_hours: f64,
    /// Resolved tickets that reopened (each reopen re-enters as a new contact).
    pub reopens: u64,
    /// Customers who came back after their ticket had closed (`close_after_hours`) and
    /// opened a follow-up ticket (a new contact of the same ticket, not a reopen).
    #[serde(default)]
    pub returns_after_close: u64,
    /// Customers who abandoned before a first response and contacted again (each
    /// retrial is a new contact of the same ticket, not a new ticket).
    #[serde(default)]
    pub retrials: u64,
    /// Queue moves by timed triggers refused because the ticket had already been moved
    /// `engine::MAX_TRIGGER_MOVES` times in its life.
    #[serde(default)]
    pub trigger_moves_refused: u64,
    /// Waits on the customer between two touches.
    #[serde(default)]
    pub waits_customer: u64,
    /// Waits on a third party between two touches.
    #[serde(default)]
    pub waits_third_party: u64,
    /// Tickets resolved automatically after their customer never replied.
    #[serde(default)]
    pub auto_resolved: u64,
    /// Time tickets spent waiting between touches, hours.
    #[serde(default)]
    pub wait_hours: f64,
    /// Replies that came back to a tier holding replies for their owner
    /// (`same_agent_wait_minutes`).
    #[serde(default)]
    pub owner_replies: u64,
    /// Of those, replies taken by the agent who touched the ticket last.
    #[serde(default)]
    pub owner_kept: u64,
    /// Of those, replies passed to any agent of the tier after waiting for their owner.
    #[serde(default)]
    pub owner_passed: u64,
    /// Resolutions rated by the CSAT proxy.
    pub csat_count: u64,
    /// Sum of CSAT proxy scores.
    pub csat_sum: f64,
    /// Resolutions with a CSAT proxy of 4 or more.
    pub csat_satisfied: u64,
    /// Incidents detected.
    pub incidents: u64,
    /// Detection delays (from the start of the burst behind the detection), summed, ms.
    pub detection_delay_sum_ms: f64,
    /// Detections attributed to a burst.
    pub detection_delay_count: u64,
    /// Proactive outage notices sent.
    pub notices: u64,
    /// Tickets the proactive notices suppressed (never arrived).
    pub suppressed: u64,
    /// Tickets behind which an outage lies (`[[arrivals.bursts]]` with `outage`).
    #[serde(default)]
    pub outage_tickets: u64,
    /// Tickets whose work was done before their outage's fix, and that waited for it.
    #[serde(default)]
    pub fix_waits: u64,
    /// Time tickets spent waiting for a fix, hours.
    #[serde(default)]
    pub fix_wait_hours: f64,
    /// Outage tickets the incident tier acknowledged and linked to their outage in
    /// incident mode (`[incident] ack_minutes`), resolved when the fix landed.
    #[serde(default)]
    pub incident_acks: u64,
    /// Resolutions by ticket category, in the scenario's category order.
    #[serde(default)]
    pub categories: Vec<CategoryOutcomes>,
    /// Where the resolved tickets' time went, by status.
    #[serde(default)]
    pub statuses: StatusTimes,
}

/// The time from arrival (or re-entry after a reopen) to resolution of the measured
/// resolutions, split by the ticket's status; the four parts add up to the time to
/// resolution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusTimes {
    /// Resolutions counted.
    pub resolutions: u64,
    /// New: until an agent first started on it, summed, ms.
    pub new_ms: f64,
    /// Open: queued, in service or handed off after that, summed, ms.
    pub open_ms: f64,
    /// Pending on the customer (between touches, or until auto-resolved), summed, ms.
    pub pending_ms: f64,
    /// On hold with a third party, summed, ms.
    pub on_hold_ms: f64,
}

impl StatusTimes {
    /// `sum_ms` per resolution, in hours.
    fn mean_hours(&self, sum_ms: f64) -> f64 {
        ratio(sum_ms, self.resolutions as f64) / 3_600_000.0
    }
}

/// Resolutions of one ticket category.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CategoryOutcomes {
    /// Category name.
    pub name: String,
    /// Resolutions (contacts, reopens included).
    pub resolved: u64,
    /// Resolutions after the resolution SLA deadline.
    pub late: u64,
    /// Sum of times from arrival (or re-entry) to resolution, ms.
    pub ttr_sum_ms: f64,
}

/// The CSAT proxy of one resolution, on 1–5 (documented in docs/metrics.md):
/// `4.5 − 1.5·[resolution SLA breached] − 0.3·min(hops, 3) − 0.5·min(follow-ups, 3)
/// + 0.1·min(updates, 5) − 1.0·reopens + 0.5·sentiment`, clamped to `[1, 5]`.
pub fn csat(
    breached: bool,
    hops: u16,
    followups: u16,
    updates: u16,
    reopens: u8,
    sentiment: f32,
) -> f64 {
    let mut s = 4.5;
    if breached {
        s -= 1.5;
    }
    s -= 0.3 * f64::from(hops.min(3));
    s -= 0.5 * f64::from(followups.min(3));
    s += 0.1 * f64::from(updates.min(5));
    s -= f64::from(reopens);
    s += 0.5 * f64::from(sentiment);
    s.clamp(1.0, 5.0)
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 { f64::NAN } else { a / b }
}

impl LoopMetrics {
    /// Adds one alert for each role in `mask` (bit `i` = role `i`).
    pub fn add_alerts(&mut self, mask: u64) {
        for (i, (_, n)) in self.alerts.iter_mut().enumerate().take(64) {
            if mask & (1 << i) != 0 {
                *n += 1;
            }
        }
    }

    /// The scalar metrics, `(name, value)`, in a fixed order; `arrived` and `resolved`
    /// are the run's measured contacts.
    pub fn scalars(&self, arrived: u64, resolved: u64) -> Vec<(String, f64)> {
        let a = arrived as f64;
        let mut out = vec![
            (
                "csat_mean".to_string(),
                ratio(self.csat_sum, self.csat_count as f64),
            ),
            (
                "csat_satisfied_share".to_string(),
                ratio(self.csat_satisfied as f64, self.csat_count as f64),
            ),
            ("misroutes".to_string(), self.misroutes as f64),
            ("misroute_rate".to_string(), ratio(self.misroutes as f64, a)),
            ("bounces".to_string(), self.bounces as f64),
            ("send_backs".to_string(), self.send_backs as f64),
            ("reopens".to_string(), self.reopens as f64),
            (
                "reopen_rate".to_string(),
                ratio(self.reopens as f64, resolved as f64),
            ),
            (
                "returns_after_close".to_string(),
                self.returns_after_close as f64,
            ),
            ("retrials".to_string(), self.retrials as f64),
            (
                "retrials_per_ticket".to_string(),
                ratio(self.retrials as f64, a),
            ),
            (
                "trigger_moves_refused".to_string(),
                self.trigger_moves_refused as f64,
            ),
            ("waits_customer".to_string(), self.waits_customer as f64),
            (
                "waits_third_party".to_string(),
                self.waits_third_party as f64,
            ),
            ("auto_resolved".to_string(), self.auto_resolved as f64),
            ("wait_hours".to_string(), self.wait_hours),
            ("outage_tickets".to_string(), self.outage_tickets as f64),
            ("fix_waits".to_string(), self.fix_waits as f64),
            ("fix_wait_hours".to_string(), self.fix_wait_hours),
            ("incident_acks".to_string(), self.incident_acks as f64),
            (
                "status_new_hours".to_string(),
                self.statuses.mean_hours(self.statuses.new_ms),
            ),
            (
                "status_open_hours".to_string(),
                self.statuses.mean_hours(self.statuses.open_ms),
            ),
            (
                "status_pending_hours".to_string(),
                self.statuses.mean_hours(self.statuses.pending_ms),
            ),
            (
                "status_on_hold_hours".to_string(),
                self.statuses.mean_hours(self.statuses.on_hold_ms),
            ),
            ("owner_replies".to_string(), self.owner_replies as f64),
            ("owner_kept".to_string(), self.owner_kept as f64),
            ("owner_passed".to_string(), self.owner_passed as f64),
            (
                "owner_kept_share".to_string(),
                ratio(self.owner_kept as f64, self.owner_replies as f64),
            ),
            ("followups".to_string(), self.followups as f64),
            (
                "followups_per_ticket".to_string(),
                ratio(self.followups as f64, a),
            ),
            ("followup_hours".to_string(), self.followup_hours),
            ("updates".to_string(), self.updates as f64),
            ("update_hours".to_string(), self.update_hours),
            ("reviews".to_string(), self.reviews as f64),
            (
                "review_corrections".to_string(),
                self.review_corrections as f64,
            ),
            ("review_hours".to_string(), self.review_hours),
            ("ai_routed".to_string(), self.ai_routed as f64),
            ("ai_to_path".to_string(), self.ai_to_path as f64),
            (
                "ai_followed_share".to_string(),
                ratio(
                    self.ai_routed as f64,
                    (self.ai_routed + self.ai_to_path) as f64,
                ),
            ),
            (
                "functional_escalations".to_string(),
                self.functional_escalations as f64,
            ),
            (
                "alerts".to_string(),
                self.alerts.iter().map(|(_, n)| *n).sum::<u64>() as f64,
            ),
            ("incidents_detected".to_string(), self.incidents as f64),
            (
                "detection_delay_minutes".to_string(),
                ratio(
                    self.detection_delay_sum_ms,
                    self.detection_delay_count as f64,
                ) / 60_000.0,
            ),
            ("tickets_bypassed".to_string(), self.bypassed as f64),
            ("tickets_suppressed".to_string(), self.suppressed as f64),
            ("proactive_notices".to_string(), self.notices as f64),
        ];
        for (role, n) in &self.alerts {
            out.push((format!("alerts.role.{role}"), *n as f64));
        }
        for (rule, n) in &self.rules {
            out.push((format!("rule.{rule}.fired"), *n as f64));
        }
        for c in &self.categories {
            let n = c.resolved as f64;
            out.push((format!("category.{}.resolved", c.name), n));
            out.push((
                format!("category.{}.resolved_late_share", c.name),
                ratio(c.late as f64, n),
            ));
            out.push((
                format!("category.{}.ttr_mean_hours", c.name),
                ratio(c.ttr_sum_ms, n) / 3_600_000.0,
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_proxy_follows_its_formula() {
        assert_eq!(csat(false, 0, 0, 0, 0, 0.0), 4.5);
        // Breached, two hops, one follow-up, three updates, sentiment -0.4:
        // 4.5 - 1.5 - 0.6 - 0.5 + 0.3 - 0.2 = 2.0
        assert!((csat(true, 2, 1, 3, 0, -0.4) - 2.0).abs() < 1e-6);
        assert_eq!(csat(true, 9, 9, 0, 3, -1.0), 1.0);
        assert_eq!(csat(false, 0, 0, 9, 0, 1.0), 5.0);
    }
}
