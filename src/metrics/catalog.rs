//! The one table of metrics: for every metric a run reports, its unit, whether lower
//! or higher is better, and how reports format it. Code that names a metric uses the
//! constants here instead of a string literal, and code that formats one asks
//! [`lookup`] instead of guessing from its name.
//!
//! Names with parts (`resolution_breach_rate.severity.high`,
//! `tier.T2.wait_mean_minutes`, `category.billing.ttr_mean_hours`, `alerts.role.<r>`,
//! `rule.<r>.fired`) resolve to the entry of their base metric.

/// What a metric's value measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A fraction on `[0, 1]` (breach rates, shares, utilisation).
    Share,
    /// Hours.
    Hours,
    /// Minutes.
    Minutes,
    /// Events per ticket.
    PerTicket,
    /// Currency units.
    Currency,
    /// Agent-hours.
    AgentHours,
    /// A count (tickets, events) or a mean count (agents, queue length).
    Count,
    /// The CSAT proxy on 1–5.
    Score,
}

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Lower is better (breaches, times, cost).
    Lower,
    /// Higher is better (satisfaction, resolved tickets).
    Higher,
    /// Neither: a description of the load or the activity.
    Neither,
}

/// How reports show a value and a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `12.34%`, differences in percentage points (`+1.20 pt`).
    Percent,
    /// Three decimals.
    Decimal3,
    /// Whole numbers (money).
    Whole,
}

/// One metric of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Base name, as in `summary.json`.
    pub name: &'static str,
    /// Unit of the value.
    pub unit: Unit,
    /// Which way is better.
    pub better: Better,
    /// How reports format it.
    pub format: Format,
}

/// Share of tickets resolved after their resolution deadline.
pub const RESOLUTION_BREACH_RATE: &str = "resolution_breach_rate";
/// Share of tickets with a resolution outcome resolved late (part of the breach rate).
pub const RESOLUTION_BREACH_LATE_RATE: &str = "resolution_breach_late_rate";
/// Share of tickets with a resolution outcome abandoned (part of the breach rate).
pub const RESOLUTION_BREACH_ABANDONED_RATE: &str = "resolution_breach_abandoned_rate";
/// Share of tickets with a resolution outcome open past the deadline at the horizon.
pub const RESOLUTION_BREACH_OPEN_RATE: &str = "resolution_breach_open_rate";
/// First responses within target over offered contacts.
pub const SERVICE_LEVEL_OFFERED: &str = "service_level_offered";
/// Share of first responses after their deadline.
pub const FIRST_RESPONSE_BREACH_RATE: &str = "first_response_breach_rate";
/// Mean time to resolution, hours.
pub const TTR_MEAN_HOURS: &str = "ttr_mean_hours";
/// Median time to resolution, hours.
pub const TTR_P50_HOURS: &str = "ttr_p50_hours";
/// 90th percentile of time to resolution, hours.
pub const TTR_P90_HOURS: &str = "ttr_p90_hours";
/// 99th percentile of time to resolution, hours.
pub const TTR_P99_HOURS: &str = "ttr_p99_hours";
/// Mean time to first response, minutes.
pub const FIRST_RESPONSE_MEAN_MINUTES: &str = "first_response_mean_minutes";
/// Share of arrived tickets abandoned.
pub const ABANDON_RATE: &str = "abandon_rate";
/// Escalations per ticket.
pub const ESCALATIONS_PER_TICKET: &str = "escalations_per_ticket";
/// Staffing cost over the run, currency units.
pub const COST: &str = "cost";

const fn m(name: &'static str, unit: Unit, better: Better, format: Format) -> Metric {
    Metric {
        name,
        unit,
        better,
        format,
    }
}

use Better::{Higher, Lower, Neither};
use Format::{Decimal3, Percent, Whole};

/// Every metric a run reports, by base name.
pub const METRICS: [Metric; 58] = [
    m(RESOLUTION_BREACH_RATE, Unit::Share, Lower, Percent),
    m(RESOLUTION_BREACH_LATE_RATE, Unit::Share, Lower, Percent),
    m(
        RESOLUTION_BREACH_ABANDONED_RATE,
        Unit::Share,
        Lower,
        Percent,
    ),
    m(RESOLUTION_BREACH_OPEN_RATE, Unit::Share, Lower, Percent),
    m("resolved_on_time_share", Unit::Share, Higher, Percent),
    m("open_share", Unit::Share, Lower, Percent),
    m(SERVICE_LEVEL_OFFERED, Unit::Share, Higher, Percent),
    m("service_level_answered", Unit::Share, Higher, Percent),
    m(
        "service_level_short_abandons_excluded",
        Unit::Share,
        Higher,
        Percent,
    ),
    m(
        "service_level_abandons_within_target_excluded",
        Unit::Share,
        Higher,
        Percent,
    ),
    m("retrials_per_ticket", Unit::PerTicket, Lower, Decimal3),
    m(FIRST_RESPONSE_BREACH_RATE, Unit::Share, Lower, Percent),
    m(TTR_MEAN_HOURS, Unit::Hours, Lower, Decimal3),
    m(TTR_P50_HOURS, Unit::Hours, Lower, Decimal3),
    m(TTR_P90_HOURS, Unit::Hours, Lower, Decimal3),
    m("ttr_p95_hours", Unit::Hours, Lower, Decimal3),
    m(TTR_P99_HOURS, Unit::Hours, Lower, Decimal3),
    m(FIRST_RESPONSE_MEAN_MINUTES, Unit::Minutes, Lower, Decimal3),
    m("first_response_p90_minutes", Unit::Minutes, Lower, Decimal3),
    m(ABANDON_RATE, Unit::Share, Lower, Percent),
    m(ESCALATIONS_PER_TICKET, Unit::PerTicket, Lower, Decimal3),
    m(COST, Unit::Currency, Lower, Whole),
    m("agent_hours", Unit::AgentHours, Neither, Decimal3),
    m("arrived", Unit::Count, Neither, Decimal3),
    m("resolved", Unit::Count, Higher, Decimal3),
    m("abandoned", Unit::Count, Lower, Decimal3),
    m("open_at_horizon", Unit::Count, Lower, Decimal3),
    m("forced_resolutions", Unit::Count, Lower, Decimal3),
    // Per tier: `tier.<name>.<metric>`.
    m("utilisation", Unit::Share, Neither, Decimal3),
    m("mean_agents", Unit::Count, Neither, Decimal3),
    m("mean_queue", Unit::Count, Lower, Decimal3),
    m("max_queue", Unit::Count, Lower, Decimal3),
    m("p_wait", Unit::Share, Lower, Decimal3),
    m("wait_mean_minutes", Unit::Minutes, Lower, Decimal3),
    m("wait_p90_minutes", Unit::Minutes, Lower, Decimal3),
    m("handled", Unit::Count, Neither, Decimal3),
    m("escalated", Unit::Count, Neither, Decimal3),
    m("touches", Unit::Count, Neither, Decimal3),
    m("pickup_breach_rate", Unit::Share, Lower, Percent),
    // Feedback loops (metrics/loops.rs).
    m("csat_mean", Unit::Score, Higher, Decimal3),
    m("csat_satisfied_share", Unit::Share, Higher, Decimal3),
    m("misroutes", Unit::Count, Lower, Decimal3),
    m("misroute_rate", Unit::Share, Lower, Percent),
    m("reopen_rate", Unit::Share, Lower, Percent),
    m("followups_per_ticket", Unit::PerTicket, Lower, Decimal3),
    m("review_corrections", Unit::Count, Neither, Decimal3),
    m("ai_followed_share", Unit::Share, Neither, Percent),
    m("owner_kept_share", Unit::Share, Higher, Percent),
    m("status_new_hours", Unit::Hours, Lower, Decimal3),
    m("status_open_hours", Unit::Hours, Lower, Decimal3),
    m("status_pending_hours", Unit::Hours, Neither, Decimal3),
    m("status_on_hold_hours", Unit::Hours, Lower, Decimal3),
    m("detection_delay_minutes", Unit::Minutes, Lower, Decimal3),
    m("alerts", Unit::Count, Neither, Decimal3),
    m("fired", Unit::Count, Neither, Decimal3),
    // Per category: `category.<name>.<metric>`.
    // Also the run's own `resolved_late_share` (over arrivals).
    m("resolved_late_share", Unit::Share, Lower, Percent),
    // Counts and hours of the loops.
    m("hours", Unit::Hours, Neither, Decimal3),
    m("count", Unit::Count, Neither, Decimal3),
];

/// Loop counts reported under their own names (all [`Unit::Count`]).
const LOOP_COUNTS: [&str; 24] = [
    "bounces",
    "outage_tickets",
    "fix_waits",
    "incident_acks",
    "send_backs",
    "trigger_moves_refused",
    "reopens",
    "returns_after_close",
    "retrials",
    "waits_customer",
    "waits_third_party",
    "auto_resolved",
    "owner_replies",
    "owner_kept",
    "owner_passed",
    "followups",
    "updates",
    "reviews",
    "ai_routed",
    "ai_to_path",
    "functional_escalations",
    "incidents_detected",
    "tickets_bypassed",
    "tickets_suppressed",
];

fn exact(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// The table entry of `name`, a metric as named in `summary.json` (see the module
/// documentation for names with parts); `None` for a name no run reports.
pub fn lookup(name: &str) -> Option<&'static Metric> {
    if let Some(m) = exact(name) {
        return Some(m);
    }
    if LOOP_COUNTS.contains(&name) || name == "proactive_notices" {
        return exact("count");
    }
    if name.ends_with("_hours") && !name.contains('.') {
        // followup_hours, update_hours, review_hours.
        return exact("hours");
    }
    if let Some((base, _)) = name
        .split_once(".severity.")
        .or_else(|| name.split_once(".segment."))
    {
        return exact(base);
    }
    if name.starts_with("alerts.role.") {
        return exact("alerts");
    }
    if name.starts_with("rule.") && name.ends_with(".fired") {
        return exact("fired");
    }
    if name.starts_with("tier.") || name.starts_with("category.") {
        let last = name.rsplit('.').next().unwrap_or_default();
        return exact(last);
    }
    None
}

impl Unit {
    /// The unit's name in machine-readable output (`summary.csv`'s `unit` column).
    pub fn name(self) -> &'static str {
        match self {
            Unit::Share => "share",
            Unit::Hours => "hours",
            Unit::Minutes => "minutes",
            Unit::PerTicket => "per_ticket",
            Unit::Currency => "currency",
            Unit::AgentHours => "agent_hours",
            Unit::Count => "count",
            Unit::Score => "score",
        }
    }
}

/// A metric name taken apart: its base metric and the dimensions its parts name
/// (each `None` when the name has no such part).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The base metric (`resolution_breach_rate`, `wait_mean_minutes`, `fired`).
    pub base: &'a str,
    /// `tier.<tier>.…`.
    pub tier: Option<&'a str>,
    /// `….severity.<severity>`.
    pub severity: Option<&'a str>,
    /// `….segment.<segment>`.
    pub segment: Option<&'a str>,
    /// `category.<category>.…`.
    pub category: Option<&'a str>,
    /// `alerts.role.<role>`.
    pub role: Option<&'a str>,
    /// `rule.<rule>.fired`.
    pub rule: Option<&'a str>,
}

/// `name` taken apart as [`lookup`] reads it: `tier.T2.wait_mean_minutes` is
/// `wait_mean_minutes` for tier `T2` (a tier name may hold dots; the metric is after
/// the last), `resolution_breach_rate.segment.enterprise` is `resolution_breach_rate`
/// for segment `enterprise`. A name without parts is its own base.
pub fn parts(name: &str) -> Parts<'_> {
    let plain = Parts {
        base: name,
        ..Parts::default()
    };
    if exact(name).is_some() {
        return plain;
    }
    if let Some((base, s)) = name.split_once(".severity.") {
        return Parts {
            severity: Some(s),
            ..parts(base)
        };
    }
    if let Some((base, s)) = name.split_once(".segment.") {
        return Parts {
            segment: Some(s),
            ..parts(base)
        };
    }
    if let Some(r) = name.strip_prefix("alerts.role.") {
        return Parts {
            base: "alerts",
            role: Some(r),
            ..Parts::default()
        };
    }
    if let Some(r) = name
        .strip_prefix("rule.")
        .and_then(|r| r.strip_suffix(".fired"))
    {
        return Parts {
            base: "fired",
            rule: Some(r),
            ..Parts::default()
        };
    }
    for (prefix, tier) in [("tier.", true), ("category.", false)] {
        if let Some((who, base)) = name.strip_prefix(prefix).and_then(|r| r.rsplit_once('.')) {
            return Parts {
                base,
                tier: tier.then_some(who),
                category: (!tier).then_some(who),
                ..Parts::default()
            };
        }
    }
    plain
}

/// How reports format `name`: its table entry's format; three decimals for a name no
/// run reports (e.g. a metric of a newer baseline).
pub fn format(name: &str) -> Format {
    lookup(name).map_or(Format::Decimal3, |m| m.format)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_parts_resolve_to_their_base_metric() {
        for (name, base) in [
            (
                "resolution_breach_rate.severity.high",
                RESOLUTION_BREACH_RATE,
            ),
            (
                "first_response_breach_rate.segment.enterprise",
                FIRST_RESPONSE_BREACH_RATE,
            ),
            ("ttr_mean_hours.severity.low", TTR_MEAN_HOURS),
            ("tier.T2.wait_mean_minutes", "wait_mean_minutes"),
            // A tier whose name looks like a rate is not a rate.
            ("tier.x_rate.utilisation", "utilisation"),
            ("tier.a.b.p_wait", "p_wait"),
            ("category.billing.ttr_mean_hours", TTR_MEAN_HOURS),
            (
                "category.billing.resolved_late_share",
                "resolved_late_share",
            ),
            ("alerts.role.support director", "alerts"),
            ("rule.outage to engineering.fired", "fired"),
            ("followup_hours", "hours"),
            ("bounces", "count"),
        ] {
            assert_eq!(lookup(name).map(|m| m.name), Some(base), "{name}");
        }
        assert_eq!(lookup("no_such_metric"), None);
        assert_eq!(lookup("tier.T1"), None);
    }

    #[test]
    fn formats_and_directions() {
        assert_eq!(
            format("resolution_breach_rate.segment.consumer"),
            Format::Percent
        );
        assert_eq!(format("reopen_rate"), Format::Percent);
        assert_eq!(format(COST), Format::Whole);
        assert_eq!(format("tier.x_rate.utilisation"), Format::Decimal3);
        assert_eq!(format("tier.T1.p_wait"), Format::Decimal3);
        assert_eq!(format("unknown"), Format::Decimal3);
        assert_eq!(
            lookup(RESOLUTION_BREACH_RATE).map(|m| m.better),
            Some(Better::Lower)
        );
        assert_eq!(lookup("csat_mean").map(|m| m.better), Some(Better::Higher));
        assert_eq!(lookup(TTR_P90_HOURS).map(|m| m.unit), Some(Unit::Hours));
    }

    #[test]
    fn names_come_apart_into_base_and_dimensions() {
        let p = parts("tier.a.b.p_wait");
        assert_eq!((p.base, p.tier), ("p_wait", Some("a.b")));
        let p = parts("resolution_breach_rate.segment.enterprise");
        assert_eq!(
            (p.base, p.segment, p.tier),
            (RESOLUTION_BREACH_RATE, Some("enterprise"), None)
        );
        let p = parts("ttr_mean_hours.severity.low");
        assert_eq!((p.base, p.severity), (TTR_MEAN_HOURS, Some("low")));
        let p = parts("category.billing.ttr_mean_hours");
        assert_eq!((p.base, p.category), (TTR_MEAN_HOURS, Some("billing")));
        let p = parts("alerts.role.support director");
        assert_eq!((p.base, p.role), ("alerts", Some("support director")));
        let p = parts("rule.outage to engineering.fired");
        assert_eq!((p.base, p.rule), ("fired", Some("outage to engineering")));
        assert_eq!(
            parts(COST),
            Parts {
                base: COST,
                ..Parts::default()
            }
        );
        assert_eq!(parts("bounces").base, "bounces");
        assert_eq!(
            lookup("tier.T1.utilisation").map(|m| m.unit.name()),
            Some("share")
        );
    }

    #[test]
    fn base_names_are_unique() {
        for (i, a) in METRICS.iter().enumerate() {
            assert!(
                METRICS[i + 1..].iter().all(|b| b.name != a.name),
                "{} twice",
                a.name
            );
        }
    }
}
