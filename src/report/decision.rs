//! The decision summary in words: one line each for the recommendation and its
//! rule, the targets it meets, what it buys against the baseline, who gains, which
//! tiers run near saturation, ties, bounds and the candidates that miss a target.
//! The terminal, report.md and report.html show these lines first.

use super::analysis::{delta, value};
use crate::metrics::compare::Method;
use crate::metrics::decision::{
    Decision, NEAR_SATURATION, PEAK_SATURATION, PEAK_SHARE, TargetCheck,
};

/// A key metric's name in words (others keep their `summary.json` name).
fn label(metric: &str) -> &str {
    match metric {
        "resolution_breach_rate" => "resolution breach",
        "first_response_breach_rate" => "first-response breach",
        "ttr_mean_hours" => "TTR mean h",
        "abandon_rate" => "abandonment",
        "cost" => "cost",
        other => other,
    }
}

/// `resolution_breach_rate ≤ 1.00%`.
fn target_text(t: &TargetCheck) -> String {
    format!(
        "{} {} {}",
        t.metric,
        if t.at_most { "≤" } else { "≥" },
        value(&t.metric, t.limit)
    )
}

/// `resolution_breach_rate 0.20% (≤ 1.00%)`, with `(close: interval crosses it)` when
/// only the mean meets it.
fn checked(t: &TargetCheck) -> String {
    let mut s = format!(
        "{} {} ({} {})",
        t.metric,
        value(&t.metric, t.mean),
        if t.at_most { "≤" } else { "≥" },
        value(&t.metric, t.limit)
    );
    if t.meets && !t.clearly {
        s.push_str(", close: its 95 % interval crosses the target");
    }
    s
}

/// The decision summary as lines of plain text (no markup; callers escape); none
/// when there is only one candidate (nothing to decide).
pub fn lines(d: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    if d.standings.len() < 2 {
        return out;
    }
    let standing = |name: &str| d.standings.iter().find(|s| s.candidate == name);
    match &d.recommended {
        Some(r) => out.push(format!("recommended: {r} — {}.", d.rule)),
        None => out.push(format!("recommended: none — {}.", d.rule)),
    }
    if let Some(s) = d.recommended.as_deref().and_then(standing) {
        if !s.targets.is_empty() {
            let met: Vec<String> = s.targets.iter().map(checked).collect();
            out.push(format!("meets: {}", met.join("; ")));
        }
    }
    if d.recommended.is_some() {
        if d.buys.is_empty() {
            out.push(format!(
                "it is the baseline ({}): nothing changes against it",
                d.baseline
            ));
        } else {
            let parts: Vec<String> = d
                .buys
                .iter()
                .map(|x| {
                    format!(
                        "{} {} [{}, {}]{}",
                        label(&x.metric),
                        delta(&x.metric, x.mean),
                        delta(&x.metric, x.ci_low),
                        delta(&x.metric, x.ci_high),
                        if x.significant {
                            ""
                        } else {
                            " (within the noise)"
                        }
                    )
                })
                .collect();
            let how = match d.method {
                Method::Paired => "paired by replication",
                Method::Welch => "unpaired, Welch",
            };
            out.push(format!(
                "against the baseline {} ({how}, 95 % CI): {}",
                d.baseline,
                parts.join("; ")
            ));
        }
    }
    if !d.segments.is_empty() && !d.buys.is_empty() {
        let parts: Vec<String> = d
            .segments
            .iter()
            .map(|s| {
                format!(
                    "{} {} → {}",
                    s.segment,
                    value("resolution_breach_rate", s.baseline),
                    value("resolution_breach_rate", s.recommended)
                )
            })
            .collect();
        out.push(format!(
            "resolution breach by segment, baseline → recommended: {}",
            parts.join(", ")
        ));
    }
    if d.recommended.is_some() {
        if d.saturated.is_empty() {
            out.push(format!(
                "no tier is {:.0} % busy or more on average, or {:.0} % busy in {:.0} % of the run's intervals, under it",
                NEAR_SATURATION * 100.0,
                PEAK_SATURATION * 100.0,
                PEAK_SHARE * 100.0
            ));
        } else {
            let parts: Vec<String> = d
                .saturated
                .iter()
                .map(|s| {
                    let mut t = format!("{} {:.1}% busy on average", s.tier, s.utilisation * 100.0);
                    if s.saturated_share.is_finite() {
                        t.push_str(&format!(
                            ", ≥ {:.0} % in {:.0} % of intervals",
                            PEAK_SATURATION * 100.0,
                            s.saturated_share * 100.0
                        ));
                    }
                    t
                })
                .collect();
            out.push(format!("near saturation under it: {}", parts.join("; ")));
        }
    }
    if !d.close_cheaper.is_empty() {
        out.push(format!(
            "cheaper, but missing a target only within the noise (more replications would tell): {}",
            d.close_cheaper.join(", ")
        ));
    }
    if !d.ties.is_empty() {
        out.push(format!(
            "tied with it within the noise: {}",
            d.ties.join(", ")
        ));
    }
    let bounds: Vec<String> = d
        .standings
        .iter()
        .filter(|s| s.bound)
        .map(|s| {
            format!(
                "{} {}",
                s.candidate,
                value("resolution_breach_rate", s.breach)
            )
        })
        .collect();
    if !bounds.is_empty() {
        out.push(format!(
            "bounds, for reference only (never recommended): {} resolution breach",
            bounds.join(", ")
        ));
    }
    let missing: Vec<String> = d
        .standings
        .iter()
        .filter(|s| !s.bound && !s.meets)
        .map(|s| {
            let misses: Vec<String> = s
                .targets
                .iter()
                .filter(|t| !t.meets)
                .map(|t| {
                    let close = if t.close_miss {
                        format!(
                            ", within the noise: 95 % interval {}–{}",
                            value(&t.metric, t.ci_low),
                            value(&t.metric, t.ci_high)
                        )
                    } else {
                        String::new()
                    };
                    format!(
                        "{} against {}{close}",
                        value(&t.metric, t.mean),
                        target_text(t)
                    )
                })
                .collect();
            format!("{} ({})", s.candidate, misses.join("; "))
        })
        .collect();
    if !missing.is_empty() {
        out.push(format!("miss a target: {}", missing.join(", ")));
    }
    out
}
