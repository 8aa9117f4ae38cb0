//! Picks each chart's data out of a finished summary and its comparison: lookups and
//! unit conversions only, so the chart files themselves draw and compute nothing.

use super::bars::{Bar, BarSeries, GroupedBars};
use super::heatmap::Heatmap;
use super::ladder::Ladder;
use super::pareto::Pareto;
use super::queue::{QueueChart, Shade};
use crate::metrics::compare::Comparison;
use crate::metrics::summary::{CandidateSummary, Summary};

/// Every chart of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Inputs {
    /// Breach rates overall and by severity, utilisation per tier.
    pub bars: Vec<GroupedBars>,
    /// Time-to-resolution percentiles.
    pub ladder: Ladder,
    /// Queue length over time.
    pub queue: QueueChart,
    /// Breach rate by segment (none when the summary has no segments).
    pub heatmap: Option<Heatmap>,
    /// Cost against breach rate.
    pub pareto: Pareto,
}

fn bar(c: &CandidateSummary, metric: &str) -> Bar {
    c.metric(metric).map_or(
        Bar {
            mean: f64::NAN,
            low: f64::NAN,
            high: f64::NAN,
        },
        |m| Bar {
            mean: m.mean,
            low: m.ci_low,
            high: m.ci_high,
        },
    )
}

/// The `<x>` of every metric named `<prefix><x><suffix>`, in summary order.
pub fn names_between(summary: &Summary, prefix: &str, suffix: &str) -> Vec<String> {
    summary
        .candidates
        .first()
        .map(|c| {
            c.metrics
                .iter()
                .filter_map(|m| m.name.strip_prefix(prefix)?.strip_suffix(suffix))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn by_group(
    summary: &Summary,
    stem: &str,
    title: &str,
    axis: &str,
    groups: Vec<String>,
    metric: impl Fn(&str) -> String,
) -> GroupedBars {
    GroupedBars {
        stem: stem.into(),
        title: title.into(),
        axis: axis.into(),
        series: summary
            .candidates
            .iter()
            .map(|c| BarSeries {
                name: c.name.clone(),
                bars: groups.iter().map(|g| bar(c, &metric(g))).collect(),
            })
            .collect(),
        groups,
        scale: 100.0,
    }
}

/// The data of every chart.
pub fn inputs(summary: &Summary, comparison: &Comparison) -> Inputs {
    let names: Vec<String> = summary.candidates.iter().map(|c| c.name.clone()).collect();
    let overall = GroupedBars {
        stem: "breach".into(),
        title: "SLA breach rate by candidate (mean, 95% CI)".into(),
        axis: "breach rate, % of tickets with an outcome".into(),
        groups: names.clone(),
        series: [
            ("first response", "first_response_breach_rate"),
            ("resolution", "resolution_breach_rate"),
        ]
        .iter()
        .map(|(label, metric)| BarSeries {
            name: format!("{label} SLA"),
            bars: summary.candidates.iter().map(|c| bar(c, metric)).collect(),
        })
        .collect(),
        scale: 100.0,
    };
    let severities = names_between(summary, "resolution_breach_rate.severity.", "");
    let tiers = names_between(summary, "tier.", ".utilisation");
    let bars = vec![
        overall,
        by_group(
            summary,
            "breach_by_severity",
            "Resolution SLA breach rate by severity (mean, 95% CI)",
            "resolution breach rate, %",
            severities.clone(),
            |s| format!("resolution_breach_rate.severity.{s}"),
        ),
        by_group(
            summary,
            "first_response_by_severity",
            "First-response SLA breach rate by severity (mean, 95% CI)",
            "first-response breach rate, %",
            severities,
            |s| format!("first_response_breach_rate.severity.{s}"),
        ),
        by_group(
            summary,
            "utilisation",
            "Utilisation per tier (mean, 95% CI)",
            "busy agent-time / agent-time on duty, %",
            tiers.clone(),
            |t| format!("tier.{t}.utilisation"),
        ),
    ];
    let ladder = Ladder {
        title: "Time to resolution per candidate (percentile ladder)".into(),
        candidates: names.clone(),
        hours: summary
            .candidates
            .iter()
            .map(|c| {
                let q = |m: &str| c.metric(m).map_or(f64::NAN, |m| m.mean);
                [
                    q("ttr_p50_hours"),
                    q("ttr_p90_hours"),
                    q("ttr_p95_hours"),
                    q("ttr_p99_hours"),
                ]
            })
            .collect(),
    };
    let run = &summary.run;
    let mut shades = Vec::new();
    if run.warmup_hours > 0.0 {
        shades.push(Shade {
            label: "deleted from the statistics".into(),
            kind: "warm-up".into(),
            start_hours: 0.0,
            end_hours: run.warmup_hours,
        });
    }
    shades.extend(run.windows.iter().map(|w| Shade {
        label: w.name.clone(),
        kind: w.kind.clone(),
        start_hours: w.start_hours,
        end_hours: w.end_hours,
    }));
    let series_tiers: Vec<String> = summary
        .candidates
        .first()
        .map(|c| c.series.iter().map(|s| s.tier.clone()).collect())
        .unwrap_or_default();
    let queue = QueueChart {
        title: "Queue length over time per tier (mean over replications)".into(),
        queue: summary
            .candidates
            .iter()
            .map(|c| {
                series_tiers
                    .iter()
                    .map(|t| {
                        c.series
                            .iter()
                            .find(|s| s.tier == *t)
                            .map(|s| s.mean_queue.clone())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect(),
        tiers: series_tiers,
        candidates: names.clone(),
        bin_hours: run.series_bin_hours,
        horizon_hours: run.horizon_hours,
        shades,
    };
    let segments = names_between(summary, "resolution_breach_rate.segment.", "");
    let heatmap = (!segments.is_empty()).then(|| Heatmap {
        title: "Resolution SLA breach rate by customer segment".into(),
        values: summary
            .candidates
            .iter()
            .map(|c| {
                segments
                    .iter()
                    .map(|s| {
                        c.metric(&format!("resolution_breach_rate.segment.{s}"))
                            .map_or(f64::NAN, |m| m.mean)
                    })
                    .collect()
            })
            .collect(),
        rows: names,
        columns: segments,
    });
    let mut staffing: Vec<String> = Vec::new();
    for p in &comparison.pareto {
        if !staffing.contains(&p.staffing) {
            staffing.push(p.staffing.clone());
        }
    }
    let pareto = Pareto {
        title: "Cost against resolution breach rate (Pareto front filled)".into(),
        points: comparison.pareto.clone(),
        staffing,
    };
    Inputs {
        bars,
        ladder,
        queue,
        heatmap,
        pareto,
    }
}
