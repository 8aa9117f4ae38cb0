//! One run's finished metrics (one candidate × one replication): counts, SLA outcome
//! tables, time-to-resolution quantiles and per-tier statistics, plus the flat list of
//! named scalar metrics that summaries, reports and comparisons use.
//!
//! Metric names carry their unit (`ttr_mean_hours`, `wait_mean_minutes`); rates are
//! fractions in `[0, 1]`. A rate with no tickets behind it is NaN (written as `null`).
//!
//! [`RunMetrics`] serialises to JSON and reads back exactly (NaN as `null` and back), so
//! sharded runs can hand their runs to `escalsim merge`.

use serde::{Deserialize, Serialize};

use crate::model::time::{HOUR_MS, MINUTE_MS};
use crate::model::{Scenario, SegmentId, Severity};

/// SLA outcomes: `(met, breached)` per severity × segment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaCounts {
    /// `counts[severity][segment] = (met, breached)`.
    pub counts: Vec<Vec<(u64, u64)>>,
}

impl SlaCounts {
    /// All zero for `n_segments` segments.
    pub fn new(n_segments: usize) -> SlaCounts {
        SlaCounts {
            counts: vec![vec![(0, 0); n_segments]; 4],
        }
    }

    /// Adds one outcome.
    #[inline]
    pub fn add(&mut self, severity: Severity, segment: SegmentId, breached: bool) {
        let c = &mut self.counts[severity.index()][segment.index()];
        if breached {
            c.1 += 1;
        } else {
            c.0 += 1;
        }
    }

    fn rate(met: u64, breached: u64) -> f64 {
        let n = met + breached;
        if n == 0 {
            f64::NAN
        } else {
            breached as f64 / n as f64
        }
    }

    fn sum(&self, keep: impl Fn(usize, usize) -> bool) -> (u64, u64) {
        let mut out = (0, 0);
        for (sev, row) in self.counts.iter().enumerate() {
            for (seg, c) in row.iter().enumerate() {
                if keep(sev, seg) {
                    out.0 += c.0;
                    out.1 += c.1;
                }
            }
        }
        out
    }

    /// Breach rate over every ticket with an outcome.
    pub fn overall_rate(&self) -> f64 {
        let (m, b) = self.sum(|_, _| true);
        Self::rate(m, b)
    }

    /// Breach rate for one severity.
    pub fn severity_rate(&self, severity: Severity) -> f64 {
        let (m, b) = self.sum(|sev, _| sev == severity.index());
        Self::rate(m, b)
    }

    /// Breach rate for one segment.
    pub fn segment_rate(&self, segment: SegmentId) -> f64 {
        let (m, b) = self.sum(|_, seg| seg == segment.index());
        Self::rate(m, b)
    }

    /// Tickets with an outcome.
    pub fn total(&self) -> u64 {
        let (m, b) = self.sum(|_, _| true);
        m + b
    }
}

/// SLA outcomes by the ticket's arrival time: per bin of `bin_ms` from time 0 and per
/// severity, `[met, breached]`. Used to check SLAs interval by interval (staffing
/// plans).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaByArrival {
    /// Bin width, ms.
    pub bin_ms: i64,
    /// First-response outcomes: `[bin][severity] = [met, breached]`.
    pub first_response: Vec<[[u32; 2]; 4]>,
    /// Resolution outcomes, likewise.
    pub resolution: Vec<[[u32; 2]; 4]>,
}

impl SlaByArrival {
    /// Empty tables over `[0, horizon)`.
    pub fn new(horizon: i64, bin_ms: i64) -> SlaByArrival {
        let bin_ms = bin_ms.max(1);
        let bins = ((horizon.max(1) + bin_ms - 1) / bin_ms) as usize;
        SlaByArrival {
            bin_ms,
            first_response: vec![[[0; 2]; 4]; bins],
            resolution: vec![[[0; 2]; 4]; bins],
        }
    }

    #[inline]
    fn add(
        table: &mut [[[u32; 2]; 4]],
        bin_ms: i64,
        arrival: i64,
        severity: Severity,
        breached: bool,
    ) {
        let bin = (arrival.max(0) / bin_ms) as usize;
        if let Some(row) = table.get_mut(bin) {
            row[severity.index()][usize::from(breached)] += 1;
        }
    }

    /// Adds a first-response outcome of a ticket that arrived at `arrival`.
    #[inline]
    pub fn add_first_response(&mut self, arrival: i64, severity: Severity, breached: bool) {
        Self::add(
            &mut self.first_response,
            self.bin_ms,
            arrival,
            severity,
            breached,
        );
    }

    /// Adds a resolution outcome of a ticket that arrived at `arrival`.
    #[inline]
    pub fn add_resolution(&mut self, arrival: i64, severity: Severity, breached: bool) {
        Self::add(
            &mut self.resolution,
            self.bin_ms,
            arrival,
            severity,
            breached,
        );
    }
}

/// How each measured contact ended, for the resolution SLA: the four outcomes add up
/// to the measured arrivals, and the three breaching ones (late, abandoned, open past
/// the deadline) add up to the resolution SLA's breaches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcomes {
    /// Resolved by the resolution deadline.
    pub resolved_on_time: u64,
    /// Resolved after the resolution deadline.
    pub resolved_late: u64,
    /// Abandoned before a first response (never served).
    pub abandoned: u64,
    /// Still open at the horizon with the resolution deadline passed.
    pub open_past_deadline: u64,
    /// Still open at the horizon with the resolution deadline still ahead (no outcome).
    pub open_within_deadline: u64,
}

/// First-response outcomes of measured contacts, for the standard contact-centre
/// service-level definitions (docs/metrics.md). "Within" means at or before the
/// contact's first-response deadline.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceLevelCounts {
    /// Answered (first response) within the target.
    pub answered_within: u64,
    /// Answered after the target.
    pub answered_late: u64,
    /// Abandoned within the target (before its deadline).
    pub abandoned_within: u64,
    /// Abandoned after the target.
    pub abandoned_late: u64,
    /// Abandoned within the scenario's short-abandon threshold (`sla.short_abandon_seconds`),
    /// whether within the target or not.
    pub abandoned_short: u64,
    /// Still unanswered at the horizon, past the target.
    pub open_late: u64,
    /// Still unanswered at the horizon, within the target (no outcome yet).
    pub open_within: u64,
}

impl ServiceLevelCounts {
    /// Answered contacts.
    pub fn answered(&self) -> u64 {
        self.answered_within + self.answered_late
    }

    /// Offered contacts with an outcome: answered, abandoned, or unanswered past the
    /// target at the horizon.
    pub fn offered(&self) -> u64 {
        self.answered() + self.abandoned_within + self.abandoned_late + self.open_late
    }

    /// Answered within the target / offered.
    pub fn over_offered(&self) -> f64 {
        ratio(self.answered_within, self.offered())
    }

    /// Answered within the target / answered.
    pub fn over_answered(&self) -> f64 {
        ratio(self.answered_within, self.answered())
    }

    /// Answered within the target / (offered − short abandons).
    pub fn short_abandons_excluded(&self) -> f64 {
        ratio(
            self.answered_within,
            self.offered().saturating_sub(self.abandoned_short),
        )
    }

    /// Answered within the target / (answered + abandoned after the target +
    /// unanswered past it): abandons within the target count neither way. This is
    /// `1 − first_response_breach_rate`.
    pub fn abandons_within_target_excluded(&self) -> f64 {
        ratio(
            self.answered_within,
            self.answered() + self.abandoned_late + self.open_late,
        )
    }
}

/// Quantiles of a duration, ms (NaN when nothing was recorded).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TtrMetrics {
    /// Values recorded.
    pub count: u64,
    /// Exact mean.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub mean_ms: f64,
    /// Median (HDR, 0.1 % precision).
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub p50_ms: f64,
    /// 90th percentile.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub p90_ms: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub p95_ms: f64,
    /// 99th percentile.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub p99_ms: f64,
}

/// One tier's statistics over the measurement window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierMetrics {
    /// Busy agent-time / present agent-time.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub utilisation: f64,
    /// Time-average queue length.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub mean_queue: f64,
    /// Largest queue length.
    pub max_queue: u32,
    /// Time-average agents present.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub mean_agents: f64,
    /// Measured tickets that started service (waits recorded).
    pub wait_count: u64,
    /// Of those, tickets that waited more than 0 ms.
    pub waited: u64,
    /// Mean wait in the tier's queue, ms.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub wait_mean_ms: f64,
    /// Median wait, ms.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub wait_p50_ms: f64,
    /// 90th percentile wait, ms.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub wait_p90_ms: f64,
    /// Measured tickets finished by the tier.
    pub handled: u64,
    /// Of those, resolved.
    pub resolved: u64,
    /// Of those, escalated onward.
    pub escalated: u64,
    /// Of those, touches after which the ticket waited on the customer or a third
    /// party and came back (`handled = resolved + escalated + touches`).
    #[serde(default)]
    pub touches: u64,
    /// Visits started within the tier's pick-up target (`pickup_target_minutes`).
    #[serde(default)]
    pub pickup_within: u64,
    /// Visits started after it.
    #[serde(default)]
    pub pickup_late: u64,
    /// Agent-hours on duty (present) in the window.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub agent_hours: f64,
    /// `agent_hours × cost_per_agent_hour`.
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub cost: f64,
    /// The tier over time, from time 0 (warm-up included).
    pub series: TierSeries,
}

/// A tier over time: time-weighted means per bin of [`RunMetrics::series_bin_ms`],
/// from time 0 to the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TierSeries {
    /// Tickets waiting.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub mean_queue: Vec<f64>,
    /// Agents working on a ticket.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub busy_agents: Vec<f64>,
    /// Agents on duty.
    #[serde(deserialize_with = "super::nullable::vec_f64_or_nan")]
    pub agents: Vec<f64>,
}

/// One run's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunMetrics {
    /// Measurement window (horizon − warm-up), ms.
    pub window_ms: i64,
    /// Width of the bins of the per-tier time series, ms.
    pub series_bin_ms: i64,
    /// Every ticket that arrived (warm-up included).
    pub all_arrived: u64,
    /// Every ticket resolved.
    pub all_resolved: u64,
    /// Every ticket abandoned.
    pub all_abandoned: u64,
    /// Every ticket still open at the horizon.
    pub all_open: u64,
    /// Measured tickets (arrived after warm-up).
    pub arrived: u64,
    /// Measured tickets resolved.
    pub resolved: u64,
    /// Measured tickets abandoned.
    pub abandoned: u64,
    /// Measured tickets still open at the horizon.
    pub open_at_horizon: u64,
    /// Measured tickets resolved at a tier that could not resolve them because the
    /// policy had nowhere further to send them.
    pub forced_resolutions: u64,
    /// Hand-offs of measured tickets from one tier to the next.
    pub escalations: u64,
    /// First-response SLA outcomes.
    pub first_response: SlaCounts,
    /// Resolution SLA outcomes.
    pub resolution: SlaCounts,
    /// SLA outcomes by arrival time bin (bins of [`RunMetrics::series_bin_ms`]).
    pub sla_by_arrival: SlaByArrival,
    /// Time to resolution of measured resolved tickets.
    pub ttr: TtrMetrics,
    /// Time to resolution by severity (index = [`Severity::index`]).
    pub ttr_by_severity: Vec<TtrMetrics>,
    /// Time to first response.
    pub first_response_time: TtrMetrics,
    /// Time to first response by severity (index = [`Severity::index`]).
    pub first_response_by_severity: Vec<TtrMetrics>,
    /// Per-tier statistics, by tier id.
    pub tiers: Vec<TierMetrics>,
    /// Segments in the scenario.
    pub n_segments: usize,
    /// Values beyond a histogram's bound (always 0 unless there is a bug).
    pub clipped_values: u64,
    /// Events processed.
    pub events: u64,
    /// What the SOP and its loops did.
    #[serde(default)]
    pub loops: super::LoopMetrics,
    /// How measured contacts ended (resolution SLA).
    #[serde(default)]
    pub outcomes: Outcomes,
    /// First-response outcomes for the service-level definitions.
    #[serde(default)]
    pub service_level: ServiceLevelCounts,
}

/// A named scalar metric of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scalar {
    /// Name with unit, e.g. `ttr_p90_hours` or `tier.T2.utilisation`.
    pub name: String,
    /// Value (NaN when undefined, e.g. a rate over no tickets).
    #[serde(deserialize_with = "super::nullable::f64_or_nan")]
    pub value: f64,
}

fn hours(ms: f64) -> f64 {
    ms / HOUR_MS as f64
}

fn minutes(ms: f64) -> f64 {
    ms / MINUTE_MS as f64
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

impl RunMetrics {
    /// Whether every ticket is accounted for: arrived = resolved + abandoned + open.
    pub fn conserves(&self) -> bool {
        self.all_arrived == self.all_resolved + self.all_abandoned + self.all_open
    }

    /// Every scalar metric, in a fixed order: headline metrics first, then by
    /// severity, by segment, and per tier.
    pub fn scalars(&self, scenario: &Scenario) -> Vec<Scalar> {
        let mut out = Vec::with_capacity(32 + 16 * scenario.tiers.len());
        let mut push = |name: String, value: f64| out.push(Scalar { name, value });
        push(
            "resolution_breach_rate".into(),
            self.resolution.overall_rate(),
        );
        push(
            "first_response_breach_rate".into(),
            self.first_response.overall_rate(),
        );
        push("ttr_mean_hours".into(), hours(self.ttr.mean_ms));
        push("ttr_p50_hours".into(), hours(self.ttr.p50_ms));
        push("ttr_p90_hours".into(), hours(self.ttr.p90_ms));
        push("ttr_p95_hours".into(), hours(self.ttr.p95_ms));
        push("ttr_p99_hours".into(), hours(self.ttr.p99_ms));
        push(
            "first_response_mean_minutes".into(),
            minutes(self.first_response_time.mean_ms),
        );
        push(
            "first_response_p90_minutes".into(),
            minutes(self.first_response_time.p90_ms),
        );
        let o = &self.outcomes;
        let with_outcome = self.resolution.total();
        push(
            "resolution_breach_late_rate".into(),
            ratio(o.resolved_late, with_outcome),
        );
        push(
            "resolution_breach_abandoned_rate".into(),
            ratio(o.abandoned, with_outcome),
        );
        push(
            "resolution_breach_open_rate".into(),
            ratio(o.open_past_deadline, with_outcome),
        );
        push(
            "resolved_on_time_share".into(),
            ratio(o.resolved_on_time, self.arrived),
        );
        push(
            "resolved_late_share".into(),
            ratio(o.resolved_late, self.arrived),
        );
        push("abandon_rate".into(), ratio(self.abandoned, self.arrived));
        push(
            "open_share".into(),
            ratio(self.open_at_horizon, self.arrived),
        );
        let sl = &self.service_level;
        push("service_level_offered".into(), sl.over_offered());
        push("service_level_answered".into(), sl.over_answered());
        push(
            "service_level_short_abandons_excluded".into(),
            sl.short_abandons_excluded(),
        );
        push(
            "service_level_abandons_within_target_excluded".into(),
            sl.abandons_within_target_excluded(),
        );
        push(
            "escalations_per_ticket".into(),
            ratio(self.escalations, self.arrived),
        );
        let cost: f64 = self.tiers.iter().map(|t| t.cost).sum();
        let agent_hours: f64 = self.tiers.iter().map(|t| t.agent_hours).sum();
        push("cost".into(), cost);
        push("agent_hours".into(), agent_hours);
        push("arrived".into(), self.arrived as f64);
        push("resolved".into(), self.resolved as f64);
        push("abandoned".into(), self.abandoned as f64);
        push("open_at_horizon".into(), self.open_at_horizon as f64);
        push("forced_resolutions".into(), self.forced_resolutions as f64);
        for sev in Severity::ALL {
            push(
                format!("resolution_breach_rate.severity.{sev}"),
                self.resolution.severity_rate(sev),
            );
            push(
                format!("first_response_breach_rate.severity.{sev}"),
                self.first_response.severity_rate(sev),
            );
            let t = &self.ttr_by_severity[sev.index()];
            push(format!("ttr_mean_hours.severity.{sev}"), hours(t.mean_ms));
            push(format!("ttr_p90_hours.severity.{sev}"), hours(t.p90_ms));
            let f = &self.first_response_by_severity[sev.index()];
            push(
                format!("first_response_mean_minutes.severity.{sev}"),
                minutes(f.mean_ms),
            );
        }
        for (i, seg) in scenario.segments.iter().enumerate() {
            let id = SegmentId(i as u16);
            push(
                format!("resolution_breach_rate.segment.{}", seg.name),
                self.resolution.segment_rate(id),
            );
            push(
                format!("first_response_breach_rate.segment.{}", seg.name),
                self.first_response.segment_rate(id),
            );
        }
        for (tier, m) in scenario.tiers.iter().zip(&self.tiers) {
            let p = format!("tier.{}", tier.name);
            push(format!("{p}.utilisation"), m.utilisation);
            push(format!("{p}.mean_agents"), m.mean_agents);
            push(format!("{p}.mean_queue"), m.mean_queue);
            push(format!("{p}.max_queue"), f64::from(m.max_queue));
            push(format!("{p}.p_wait"), ratio(m.waited, m.wait_count));
            push(format!("{p}.wait_mean_minutes"), minutes(m.wait_mean_ms));
            push(format!("{p}.wait_p90_minutes"), minutes(m.wait_p90_ms));
            push(format!("{p}.handled"), m.handled as f64);
            push(format!("{p}.resolved"), m.resolved as f64);
            push(format!("{p}.escalated"), m.escalated as f64);
            push(format!("{p}.touches"), m.touches as f64);
            if tier.pickup_target_ms.is_some() {
                push(
                    format!("{p}.pickup_breach_rate"),
                    ratio(m.pickup_late, m.pickup_within + m.pickup_late),
                );
            }
            push(format!("{p}.agent_hours"), m.agent_hours);
            push(format!("{p}.cost"), m.cost);
        }
        for (name, value) in self.loops.scalars(self.arrived, self.resolved) {
            push(name, value);
        }
        out
    }
}
