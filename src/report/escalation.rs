//! The escalation tables shared by the terminal, `report.md` and `report.html`: per
//! candidate, resolution breach rate by segment and what the SOP and its loops did
//! (CSAT proxy, misroutes, bounces, reopens, follow-ups, updates, reviews, alerts, the
//! share the AI routed when any candidate has a confidence threshold, and incident
//! mode when any candidate used it); the rules and triggers fired; alerts by
//! role; where the time to resolution went, by status. Every number is the mean over replications (counts are per replication).
//!
//! The tables are built from the summary's metric names alone, so they work for saved
//! summaries too; a summary without loop metrics (written before they existed) gets
//! none of them.

use crate::metrics::summary::{CandidateSummary, Summary};

/// How a cell is shown.
#[derive(Clone, Copy)]
enum Show {
    /// A rate as a percentage with two decimals.
    Percent,
    /// Two decimals (the CSAT proxy).
    Score,
    /// One decimal (counts per replication, minutes).
    Count,
    /// Hours, three decimals.
    Hours,
}

/// `(header, metric)` of the loop columns every escalation table has.
const LOOP_COLUMNS: [(&str, &str, Show); 9] = [
    ("CSAT", "csat_mean", Show::Score),
    ("misroutes", "misroutes", Show::Count),
    ("bounces", "bounces", Show::Count),
    ("reopens", "reopens", Show::Count),
    ("retrials", "retrials", Show::Count),
    ("follow-ups", "followups", Show::Count),
    ("updates", "updates", Show::Count),
    ("reviews", "reviews", Show::Count),
    ("alerts", "alerts", Show::Count),
];

/// `(header, metric)` of the incident-mode columns, shown when any candidate has them.
const INCIDENT_COLUMNS: [(&str, &str, Show); 4] = [
    ("incidents", "incidents_detected", Show::Count),
    ("detection min", "detection_delay_minutes", Show::Count),
    ("bypassed", "tickets_bypassed", Show::Count),
    ("suppressed", "tickets_suppressed", Show::Count),
];

/// The AI-routing column, shown when any candidate sent tickets down the path below
/// its `min_confidence`.
const AI_COLUMN: (&str, &str, Show) = ("AI routed", "ai_followed_share", Show::Percent);

const SEGMENT_BREACH: &str = "resolution_breach_rate.segment.";
const ROLE_ALERTS: &str = "alerts.role.";

fn mean(c: &CandidateSummary, metric: &str) -> Option<f64> {
    c.metric(metric).map(|m| m.mean).filter(|x| x.is_finite())
}

fn cell(c: &CandidateSummary, metric: &str, show: Show) -> String {
    match (mean(c, metric), show) {
        (None, _) => "-".into(),
        (Some(x), Show::Percent) => format!("{:.2}%", x * 100.0),
        (Some(x), Show::Score) => format!("{x:.2}"),
        (Some(x), Show::Count) => format!("{x:.1}"),
        (Some(x), Show::Hours) => format!("{x:.3}"),
    }
}

/// Names after `prefix` (and before `suffix`) among the metrics of every candidate,
/// in first-seen order.
fn names(summary: &Summary, prefix: &str, suffix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &summary.candidates {
        for m in &c.metrics {
            if let Some(n) = m
                .name
                .strip_prefix(prefix)
                .and_then(|s| s.strip_suffix(suffix))
            {
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}

/// Whether the summary carries the loop metrics.
fn has_loops(summary: &Summary) -> bool {
    summary
        .candidates
        .iter()
        .any(|c| c.metric("csat_mean").is_some())
}

/// Whether any candidate has a non-zero (defined) value of `metric`.
fn any_nonzero(summary: &Summary, metric: &str) -> bool {
    summary
        .candidates
        .iter()
        .any(|c| mean(c, metric).is_some_and(|x| x != 0.0))
}

/// The escalation table: candidates × resolution breach by segment and the loop
/// counts (send-backs only when any candidate sent a ticket back; the share of
/// contacts the AI routed only when any candidate sent some down the path below its
/// `min_confidence`; incident columns only when any candidate detected an incident,
/// bypassed or suppressed tickets). `None` when the summary has no loop metrics.
pub fn escalation_rows(summary: &Summary) -> Option<Vec<Vec<String>>> {
    if !has_loops(summary) {
        return None;
    }
    let segments = names(summary, SEGMENT_BREACH, "");
    let incident = INCIDENT_COLUMNS
        .iter()
        .any(|&(_, m, _)| any_nonzero(summary, m));
    let mut columns: Vec<(String, String, Show)> = segments
        .iter()
        .map(|s| (s.clone(), format!("{SEGMENT_BREACH}{s}"), Show::Percent))
        .collect();
    let extra = if incident { &INCIDENT_COLUMNS[..] } else { &[] };
    // Send-backs only exist under `transfers` policies: shown when any candidate has one.
    let back = if any_nonzero(summary, "send_backs") {
        &[("send-backs", "send_backs", Show::Count)][..]
    } else {
        &[]
    };
    // Follow-up tickets after closure only exist with `close_after_hours`.
    let returns = if any_nonzero(summary, "returns_after_close") {
        &[("returns after close", "returns_after_close", Show::Count)][..]
    } else {
        &[]
    };
    let ai = if any_nonzero(summary, "ai_to_path") {
        &[AI_COLUMN][..]
    } else {
        &[]
    };
    columns.extend(
        LOOP_COLUMNS[..3]
            .iter()
            .chain(back)
            .chain(&LOOP_COLUMNS[3..4])
            .chain(returns)
            .chain(&LOOP_COLUMNS[4..])
            .chain(ai)
            .chain(extra)
            .map(|&(h, m, s)| (h.to_string(), m.to_string(), s)),
    );
    let mut rows = vec![
        std::iter::once("candidate".to_string())
            .chain(columns.iter().map(|c| c.0.clone()))
            .collect::<Vec<_>>(),
    ];
    for c in &summary.candidates {
        let mut row = vec![c.name.clone()];
        row.extend(columns.iter().map(|(_, m, s)| cell(c, m, *s)));
        rows.push(row);
    }
    Some(rows)
}

/// Rules and triggers fired, one row per candidate × rule (the candidate named on its
/// first row), mean per replication. `None` when no candidate has rules.
pub fn rule_rows(summary: &Summary) -> Option<Vec<Vec<String>>> {
    let mut rows = vec![
        ["candidate", "rule or trigger", "fired"]
            .map(str::to_string)
            .to_vec(),
    ];
    for c in &summary.candidates {
        let mut first = true;
        for m in &c.metrics {
            let Some(rule) = m
                .name
                .strip_prefix("rule.")
                .and_then(|s| s.strip_suffix(".fired"))
            else {
                continue;
            };
            let who = if first { c.name.clone() } else { String::new() };
            first = false;
            rows.push(vec![who, rule.to_string(), cell(c, &m.name, Show::Count)]);
        }
    }
    (rows.len() > 1).then_some(rows)
}

/// Alerts by role, candidates × the roles that received any alert, mean per
/// replication. `None` when no candidate sent an alert.
pub fn alert_rows(summary: &Summary) -> Option<Vec<Vec<String>>> {
    let roles: Vec<String> = names(summary, ROLE_ALERTS, "")
        .into_iter()
        .filter(|r| any_nonzero(summary, &format!("{ROLE_ALERTS}{r}")))
        .collect();
    if roles.is_empty() {
        return None;
    }
    let mut rows = vec![
        std::iter::once("candidate".to_string())
            .chain(roles.iter().cloned())
            .collect::<Vec<_>>(),
    ];
    for c in &summary.candidates {
        let mut row = vec![c.name.clone()];
        row.extend(
            roles
                .iter()
                .map(|r| cell(c, &format!("{ROLE_ALERTS}{r}"), Show::Count)),
        );
        rows.push(row);
    }
    Some(rows)
}

/// `(header, metric)` of the status table: where the time to resolution went.
const STATUS_COLUMNS: [(&str, &str, Show); 5] = [
    ("new", "status_new_hours", Show::Hours),
    ("open", "status_open_hours", Show::Hours),
    ("pending", "status_pending_hours", Show::Hours),
    ("on hold", "status_on_hold_hours", Show::Hours),
    ("TTR", "ttr_mean_hours", Show::Hours),
];

/// Time to resolution by status, candidates × new, open, pending, on hold and the
/// total, with the share of replies their owner took when any candidate holds replies
/// for their owner. `None` unless some candidate's tickets waited on a customer or a
/// third party (without waits the split is only new and open).
pub fn status_rows(summary: &Summary) -> Option<Vec<Vec<String>>> {
    let waits = any_nonzero(summary, "status_pending_hours")
        || any_nonzero(summary, "status_on_hold_hours");
    if !waits {
        return None;
    }
    let owner = if any_nonzero(summary, "owner_replies") {
        &[("replies to owner", "owner_kept_share", Show::Percent)][..]
    } else {
        &[]
    };
    let columns: Vec<(&str, &str, Show)> = STATUS_COLUMNS.iter().chain(owner).copied().collect();
    let mut rows = vec![
        std::iter::once("candidate".to_string())
            .chain(columns.iter().map(|c| c.0.to_string()))
            .collect::<Vec<_>>(),
    ];
    for c in &summary.candidates {
        let mut row = vec![c.name.clone()];
        row.extend(columns.iter().map(|&(_, m, s)| cell(c, m, s)));
        rows.push(row);
    }
    Some(rows)
}

/// A table with the line that says what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Captioned {
    /// What the table shows (one line).
    pub caption: &'static str,
    /// Rows of cells; the first is the header.
    pub rows: Vec<Vec<String>>,
    /// Leading columns that hold names (left-aligned); the rest hold numbers.
    pub name_columns: usize,
}

/// Caption of the escalation table.
pub const ESCALATION_CAPTION: &str =
    "escalation: resolution breach rate by segment, CSAT proxy (1–5), counts per replication";
/// Caption of the rules table.
pub const RULES_CAPTION: &str = "rules and triggers fired per replication";
/// Caption of the alerts table.
pub const ALERTS_CAPTION: &str = "alerts by role per replication";
/// Caption of the status table.
pub const STATUS_CAPTION: &str = "where the time to resolution went: hours per resolved ticket by status (new: before an agent first starts; open: queued, worked or handed off after that; pending on the customer; on hold with a third party)";

/// Every escalation table that applies, in order: escalation, rules fired, alerts by
/// role.
pub fn tables(summary: &Summary) -> Vec<Captioned> {
    [
        (ESCALATION_CAPTION, escalation_rows(summary), 1),
        (RULES_CAPTION, rule_rows(summary), 2),
        (ALERTS_CAPTION, alert_rows(summary), 1),
        (STATUS_CAPTION, status_rows(summary), 1),
    ]
    .into_iter()
    .filter_map(|(caption, rows, name_columns)| {
        rows.map(|rows| Captioned {
            caption,
            rows,
            name_columns,
        })
    })
    .collect()
}

/// `text` with its first letter upper-case (captions as sentences in reports).
pub fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::summary::{Conservation, MetricSummary, RunInfo};

    fn candidate(name: &str, metrics: &[(&str, f64)]) -> CandidateSummary {
        CandidateSummary {
            name: name.to_string(),
            policy: name.to_string(),
            staffing: "s".to_string(),
            bound: false,
            metrics: metrics
                .iter()
                .map(|&(n, mean)| MetricSummary {
                    name: n.to_string(),
                    mean,
                    ci_low: mean,
                    ci_high: mean,
                    half_width: 0.0,
                    sd: 0.0,
                    n: 2,
                    per_replication: vec![mean, mean],
                })
                .collect(),
            conservation: Conservation::default(),
            events: 0,
            series: Vec::new(),
        }
    }

    fn summary(candidates: Vec<CandidateSummary>) -> Summary {
        Summary {
            schema_version: crate::metrics::summary::SCHEMA_VERSION,
            run: RunInfo {
                escalsim_version: "0".into(),
                scenario: "t".into(),
                scenario_sha256: String::new(),
                seed: 1,
                replications: 2,
                horizon_hours: 1.0,
                warmup_hours: 0.0,
                tickets: "synthetic".into(),
                tickets_sha256: String::new(),
                series_bin_hours: 1.0,
                windows: Vec::new(),
                first_response: String::new(),
                targets: Vec::new(),
            },
            candidates,
        }
    }

    const LOOPS: [(&str, f64); 11] = [
        ("resolution_breach_rate.segment.gold", 0.0125),
        ("resolution_breach_rate.segment.basic", f64::NAN),
        ("csat_mean", 4.256),
        ("misroutes", 3.5),
        ("bounces", 1.0),
        ("reopens", 2.0),
        ("retrials", 7.0),
        ("followups", 0.0),
        ("updates", 10.25),
        ("reviews", 4.0),
        ("alerts", 6.0),
    ];

    #[test]
    fn tiered_candidates_get_the_escalation_table_only() {
        let mut tiered = LOOPS.to_vec();
        tiered.extend([
            ("incidents_detected", 0.0),
            ("detection_delay_minutes", f64::NAN),
            ("tickets_bypassed", 0.0),
            ("tickets_suppressed", 0.0),
            ("alerts", 0.0),
            ("alerts.role.manager", 0.0),
        ]);
        let s = summary(vec![candidate("tiered", &tiered)]);
        let t = tables(&s);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].caption, ESCALATION_CAPTION);
        assert_eq!(
            t[0].rows[0],
            [
                "candidate",
                "gold",
                "basic",
                "CSAT",
                "misroutes",
                "bounces",
                "reopens",
                "retrials",
                "follow-ups",
                "updates",
                "reviews",
                "alerts"
            ]
        );
        assert_eq!(
            t[0].rows[1],
            [
                "tiered", "1.25%", "-", "4.26", "3.5", "1.0", "2.0", "7.0", "0.0", "10.2", "4.0",
                "6.0"
            ]
        );
    }

    #[test]
    fn rules_alerts_and_incident_columns_appear_when_any_candidate_has_them() {
        let mut sop = LOOPS.to_vec();
        sop.extend([
            ("incidents_detected", 1.5),
            ("detection_delay_minutes", 12.25),
            ("tickets_bypassed", 40.0),
            ("tickets_suppressed", 7.0),
            ("alerts.role.manager", 6.0),
            ("alerts.role.lead", 0.0),
            ("rule.outage to T3.fired", 12.5),
            ("rule.sla.risk.fired", 3.0),
        ]);
        let s = summary(vec![candidate("tiered", &LOOPS), candidate("sop", &sop)]);
        let t = tables(&s);
        let captions: Vec<&str> = t.iter().map(|c| c.caption).collect();
        assert_eq!(
            captions,
            [ESCALATION_CAPTION, RULES_CAPTION, ALERTS_CAPTION]
        );
        let header = &t[0].rows[0];
        assert_eq!(
            &header[header.len() - 4..],
            ["incidents", "detection min", "bypassed", "suppressed"]
        );
        // The tiered candidate lacks the incident metrics: "-".
        assert_eq!(t[0].rows[1].last().map(String::as_str), Some("-"));
        assert_eq!(t[0].rows[2][header.len() - 3], "12.2");
        assert_eq!(
            t[1].rows,
            [
                vec!["candidate", "rule or trigger", "fired"],
                vec!["sop", "outage to T3", "12.5"],
                vec!["", "sla.risk", "3.0"],
            ]
        );
        // Only roles that received an alert.
        assert_eq!(
            t[2].rows,
            [
                vec!["candidate", "manager"],
                vec!["tiered", "-"],
                vec!["sop", "6.0"],
            ]
        );
    }

    #[test]
    fn the_ai_routed_column_appears_when_any_candidate_followed_the_path() {
        let mut unsure = LOOPS.to_vec();
        unsure.extend([
            ("ai_routed", 80.0),
            ("ai_to_path", 20.0),
            ("ai_followed_share", 0.8),
        ]);
        let mut always = LOOPS.to_vec();
        always.extend([
            ("ai_routed", 100.0),
            ("ai_to_path", 0.0),
            ("ai_followed_share", 1.0),
        ]);
        let s = summary(vec![
            candidate("tiered", &LOOPS),
            candidate("ai", &always),
            candidate("ai-0.9", &unsure),
        ]);
        let rows = escalation_rows(&s).expect("loop metrics");
        let col = rows[0]
            .iter()
            .position(|h| h == "AI routed")
            .expect("column");
        assert_eq!(col, rows[0].len() - 1);
        let cells: Vec<&str> = rows[1..].iter().map(|r| r[col].as_str()).collect();
        assert_eq!(cells, ["-", "100.00%", "80.00%"]);
        // Without a threshold anywhere, no column.
        let s = summary(vec![candidate("tiered", &LOOPS), candidate("ai", &always)]);
        let rows = escalation_rows(&s).expect("loop metrics");
        assert!(!rows[0].iter().any(|h| h == "AI routed"));
    }

    #[test]
    fn the_status_table_appears_when_tickets_waited_and_owners_only_when_held() {
        let parts = |pending: f64| {
            vec![
                ("csat_mean", 4.0),
                ("status_new_hours", 0.5),
                ("status_open_hours", 1.25),
                ("status_pending_hours", pending),
                ("status_on_hold_hours", 0.0),
                ("ttr_mean_hours", 1.75 + pending),
            ]
        };
        let none = summary(vec![candidate("a", &parts(0.0))]);
        assert!(status_rows(&none).is_none());
        let mut owned = parts(2.0);
        owned.extend([("owner_replies", 10.0), ("owner_kept_share", 0.8)]);
        let both = summary(vec![candidate("a", &parts(0.0)), candidate("b", &owned)]);
        let rows = status_rows(&both).unwrap_or_default();
        assert_eq!(
            rows,
            vec![
                vec![
                    "candidate",
                    "new",
                    "open",
                    "pending",
                    "on hold",
                    "TTR",
                    "replies to owner"
                ],
                vec!["a", "0.500", "1.250", "0.000", "0.000", "1.750", "-"],
                vec!["b", "0.500", "1.250", "2.000", "0.000", "3.750", "80.00%"],
            ]
        );
        assert!(tables(&both).iter().any(|t| t.caption == STATUS_CAPTION));
    }

    #[test]
    fn summaries_without_loop_metrics_get_no_tables() {
        let s = summary(vec![candidate(
            "old",
            &[("resolution_breach_rate.segment.gold", 0.1)],
        )]);
        assert!(tables(&s).is_empty());
        assert_eq!(capitalised("rules fired"), "Rules fired");
    }
}
