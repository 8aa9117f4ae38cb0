//! What the readable reports add to a summary: the comparison against the baseline,
//! the advice, the charts drawn and where the data came from, plus the tables they
//! share (as rows of cells, so Markdown, HTML and the terminal render the same).

use crate::chart::ChartFile;
use crate::metrics::advice::{Advice, TierState};
use crate::metrics::catalog::{self, Better, COST, Format};
use crate::metrics::compare::{Comparison, Difference, Method};
use crate::metrics::decision::Decision;
use crate::metrics::summary::Summary;
use crate::terminal::wrap;

/// A comparison, advice and charts for one summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Differences against the baseline, ranking, Pareto front.
    pub comparison: Comparison,
    /// Which candidate to pick and why.
    pub decision: Decision,
    /// Advice lines and tier states.
    pub advice: Advice,
    /// Charts drawn (empty when none were).
    pub charts: Vec<ChartFile>,
    /// Saved runs compared (`escalsim compare`), empty for a single run.
    pub sources: Vec<String>,
    /// A note on the pairing: why it is not exact, or why runs of different scenario
    /// files still pair.
    pub pairing_note: Option<String>,
    /// Routing diagrams of the compared policies (empty when the scenario is not at
    /// hand, as in `escalsim compare`).
    pub diagrams: Vec<PolicyDiagram>,
}

/// One policy's routing diagram (see [`crate::diagram`]) in both formats.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDiagram {
    /// Policy name.
    pub policy: String,
    /// Mermaid source.
    pub mermaid: String,
    /// Graphviz DOT source.
    pub dot: String,
}

/// `(header, metric)` of the headline table in reports.
/// The resolution breach rate comes with its three parts, which add up to it.
pub const HEADLINE_COLUMNS: [(&str, &str); 10] = [
    ("resolution breach", catalog::RESOLUTION_BREACH_RATE),
    ("= resolved late", catalog::RESOLUTION_BREACH_LATE_RATE),
    ("+ abandoned", catalog::RESOLUTION_BREACH_ABANDONED_RATE),
    ("+ open past deadline", catalog::RESOLUTION_BREACH_OPEN_RATE),
    ("first-response breach", catalog::FIRST_RESPONSE_BREACH_RATE),
    ("service level", catalog::SERVICE_LEVEL_OFFERED),
    ("TTR mean h", catalog::TTR_MEAN_HOURS),
    ("TTR p90 h", catalog::TTR_P90_HOURS),
    ("escalations/ticket", catalog::ESCALATIONS_PER_TICKET),
    ("cost", COST),
];

/// The key metrics: the differences every report shows first (the terminal only
/// these); the full table of every headline metric follows (folded in report.html).
pub const KEY_DIFFERENCES: [&str; 4] = [
    catalog::RESOLUTION_BREACH_RATE,
    catalog::FIRST_RESPONSE_BREACH_RATE,
    catalog::TTR_MEAN_HOURS,
    COST,
];

/// A value in the given format.
fn show(format: Format, x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    match format {
        Format::Percent => format!("{:.2}%", x * 100.0),
        Format::Whole => format!("{x:.0}"),
        Format::Decimal3 => format!("{x:.3}"),
    }
}

/// A value in a metric's display format ([`catalog::format`]: shares in %, money
/// whole, else 3 decimals).
pub fn value(metric: &str, x: f64) -> String {
    show(catalog::format(metric), x)
}

/// A difference or half-width in a metric's display format (shares in percentage
/// points).
pub fn delta(metric: &str, x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    match catalog::format(metric) {
        Format::Percent => format!("{:+.2} pt", (x * 1e4).round() / 1e2 + 0.0),
        // Never "-0": a difference that rounds to nothing is +0.
        Format::Whole => format!("{:+.0}", x.round() + 0.0),
        Format::Decimal3 => format!("{:+.3}", (x * 1e3).round() / 1e3 + 0.0),
    }
}

fn interval(metric: &str, lo: f64, hi: f64) -> String {
    if lo.is_finite() && hi.is_finite() {
        format!("[{}, {}]", delta(metric, lo), delta(metric, hi))
    } else {
        "-".into()
    }
}

/// The headline table: candidates × metrics, `mean ±half-width`.
pub fn headline_rows(summary: &Summary) -> Vec<Vec<String>> {
    let mut rows = vec![
        std::iter::once("candidate")
            .chain(HEADLINE_COLUMNS.iter().map(|c| c.0))
            .map(str::to_string)
            .collect::<Vec<_>>(),
    ];
    for c in &summary.candidates {
        let mut row = vec![c.name.clone()];
        for (_, metric) in HEADLINE_COLUMNS {
            row.push(c.metric(metric).map_or("-".into(), |m| {
                let hw = if m.half_width.is_finite() {
                    let h = delta(metric, m.half_width);
                    format!(" ±{}", h.trim_start_matches('+'))
                } else {
                    String::new()
                };
                format!("{}{hw}", value(metric, m.mean))
            }));
        }
        rows.push(row);
    }
    rows
}

/// What a difference means for the candidate, by the metric's direction in the
/// metric table ([`catalog::lookup`]): `better` or `worse` when it is significant
/// (the adjusted interval excludes 0), `within noise` when it is not; for a metric
/// that is neither better high nor low (utilisation, arrivals), `higher` or `lower`.
pub fn verdict(d: &Difference) -> &'static str {
    if !d.significant {
        return "within noise";
    }
    let up = d.mean > 0.0;
    match catalog::lookup(&d.metric).map_or(Better::Neither, |m| m.better) {
        Better::Lower if up => "worse",
        Better::Lower => "better",
        Better::Higher if up => "better",
        Better::Higher => "worse",
        Better::Neither if up => "higher",
        Better::Neither => "lower",
    }
}

fn difference_row(candidate: &str, d: &Difference, full: bool) -> Vec<String> {
    let mut row = vec![
        candidate.to_string(),
        d.metric.clone(),
        value(&d.metric, d.baseline_mean),
        value(&d.metric, d.candidate_mean),
        delta(&d.metric, d.mean),
    ];
    if full {
        row.push(interval(&d.metric, d.ci_low, d.ci_high));
    }
    row.push(interval(&d.metric, d.adjusted_ci_low, d.adjusted_ci_high));
    if full {
        row.push(if d.p_value.is_finite() {
            format!("{:.4}", d.p_value)
        } else {
            "-".into()
        });
    }
    row.push(verdict(d).into());
    row
}

/// Differences against the baseline grouped by metric (metrics in `metrics` order,
/// each with every candidate in summary order), with each difference's verdict. The
/// key table (`full = false`) shows the adjusted interval only; the full one adds
/// the unadjusted 95 % interval and p.
pub fn difference_rows(comparison: &Comparison, metrics: &[&str], full: bool) -> Vec<Vec<String>> {
    let mut header = vec![
        "candidate",
        "metric",
        "baseline",
        "candidate value",
        "difference",
    ];
    if full {
        header.push("95% CI");
    }
    header.push("adjusted CI");
    if full {
        header.push("p");
    }
    header.push("verdict");
    let mut rows = vec![header.into_iter().map(str::to_string).collect::<Vec<_>>()];
    for metric in metrics {
        for c in &comparison.candidates {
            for d in c.differences.iter().filter(|d| d.metric == *metric) {
                rows.push(difference_row(&c.candidate, d, full));
            }
        }
    }
    rows
}

/// One sentence on how the differences were estimated.
pub fn method_text(comparison: &Comparison, note: Option<&str>) -> String {
    let how = match comparison.method {
        Method::Paired => "paired by replication (common random numbers), Student t",
        Method::Welch => "unpaired (Welch's t)",
    };
    let mut s = format!(
        "Differences are candidate − baseline \"{}\", {how}; \"adjusted CI\" is the Bonferroni interval at {:.2}% for {} comparison(s). A difference is significant when it excludes 0, and its verdict is then better or worse by the metric's direction (lower is better for breaches, times and cost, higher for service level; docs/metrics.md), else within noise.",
        comparison.baseline,
        comparison.adjusted_level * 100.0,
        comparison.comparisons
    );
    if let Some(n) = note {
        s.push(' ');
        s.push_str(n);
    }
    s
}

/// The ranking table.
pub fn ranking_rows(comparison: &Comparison) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "rank",
            "candidate",
            "resolution breach",
            "cost",
            "Pareto front",
        ]
        .map(str::to_string)
        .to_vec(),
    ];
    for r in &comparison.ranking {
        let front = comparison
            .pareto
            .iter()
            .any(|p| p.candidate == r.candidate && p.on_front);
        rows.push(vec![
            r.rank.to_string(),
            r.candidate.clone(),
            value(catalog::RESOLUTION_BREACH_RATE, r.resolution_breach_rate),
            value(COST, r.cost),
            if front { "yes" } else { "no" }.into(),
        ]);
    }
    rows
}

/// The tier load table.
pub fn saturation_rows(advice: &Advice) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "candidate",
            "tier",
            "utilisation",
            "queue (2nd half)",
            "growth",
            "state",
        ]
        .map(str::to_string)
        .to_vec(),
    ];
    for s in &advice.saturation {
        rows.push(vec![
            s.candidate.clone(),
            s.tier.clone(),
            show(Format::Percent, s.utilisation),
            format!("{:.2}", s.level),
            format!("{:+.2}", s.growth),
            match s.state {
                TierState::Stable => "stable",
                TierState::Backlogged => "backlogged",
                TierState::Overloaded => "overloaded",
            }
            .into(),
        ]);
    }
    rows
}

/// The decision summary as the terminal shows it: `decision` and indented lines,
/// wrapped to `width` columns (`None`: one line each).
pub fn terminal_decision(analysis: &Analysis, width: Option<usize>) -> String {
    let lines = super::decision::lines(&analysis.decision);
    if lines.is_empty() {
        return String::new();
    }
    let mut out = String::from("decision\n");
    for l in lines {
        out.push_str(&wrap(&format!("  {l}"), width, 4));
        out.push('\n');
    }
    out
}

/// The lines `run` and `compare` print after the headline table: the key
/// differences, how they were estimated, the top of the ranking and the advice, fit
/// to `width` columns (`None`: full width).
pub fn terminal_text(analysis: &Analysis, width: Option<usize>) -> String {
    let mut out = String::new();
    let c = &analysis.comparison;
    if !c.candidates.is_empty() {
        out.push('\n');
        out.push_str(&super::table::render_fit(
            &difference_rows(c, &KEY_DIFFERENCES, false),
            2,
            width,
        ));
        out.push_str(&wrap(
            &format!(
                "{} Every headline metric: report.md and report.html.",
                method_text(c, analysis.pairing_note.as_deref())
            ),
            width,
            2,
        ));
        out.push('\n');
    }
    let best: Vec<String> = c
        .ranking
        .iter()
        .take(3)
        .map(|r| format!("{}. {}", r.rank, r.candidate))
        .collect();
    if !best.is_empty() {
        let line = format!(
            "lowest resolution breach first (ties by cost; bounds left out; the recommendation is above): {}",
            best.join(", ")
        );
        out.push_str(&wrap(&line, width, 2));
        out.push('\n');
    }
    let lines = analysis.advice.lines();
    if !lines.is_empty() {
        out.push('\n');
        for l in lines {
            out.push_str(&wrap(&l, width, 2));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(metric: &str, mean: f64, significant: bool) -> Difference {
        Difference {
            metric: metric.into(),
            baseline_mean: 1.0,
            candidate_mean: 1.0 + mean,
            mean,
            ci_low: mean - 0.1,
            ci_high: mean + 0.1,
            adjusted_ci_low: mean - 0.2,
            adjusted_ci_high: mean + 0.2,
            df: 9.0,
            n: 10,
            p_value: if significant { 0.001 } else { 0.5 },
            significant,
        }
    }

    #[test]
    fn verdicts_follow_the_metric_tables_direction() {
        for (metric, mean, significant, want) in [
            (catalog::RESOLUTION_BREACH_RATE, -0.01, true, "better"),
            (catalog::RESOLUTION_BREACH_RATE, 0.01, true, "worse"),
            (
                catalog::RESOLUTION_BREACH_RATE,
                -0.01,
                false,
                "within noise",
            ),
            (COST, 100.0, true, "worse"),
            (catalog::SERVICE_LEVEL_OFFERED, 0.02, true, "better"),
            (catalog::SERVICE_LEVEL_OFFERED, -0.02, true, "worse"),
            ("csat_mean", -0.1, true, "worse"),
            ("tier.T1.utilisation", 0.1, true, "higher"),
            ("tier.T1.utilisation", -0.1, true, "lower"),
            ("no_such_metric", 1.0, true, "higher"),
        ] {
            assert_eq!(
                verdict(&diff(metric, mean, significant)),
                want,
                "{metric} {mean}"
            );
        }
    }
}
