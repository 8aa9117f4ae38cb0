//! Unit tests of the comparisons, checked against hand computations.

use super::*;
use crate::metrics::summary::{CandidateSummary, Conservation, MetricSummary};

fn metric(name: &str, values: &[f64]) -> MetricSummary {
    MetricSummary::of(name.into(), values.to_vec())
}

fn candidate(name: &str, staffing: &str, breach: &[f64], cost: &[f64]) -> CandidateSummary {
    CandidateSummary {
        name: name.into(),
        policy: name.into(),
        staffing: staffing.into(),
        bound: false,
        metrics: vec![
            metric("resolution_breach_rate", breach),
            metric("cost", cost),
        ],
        conservation: Conservation::default(),
        events: 0,
        series: vec![],
    }
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

#[test]
fn paired_ci_by_hand() {
    // d = [1, 0, 2, 1, 1]: mean 1, s² = 2/4 = 0.5, se = sqrt(0.5 / 5) = sqrt(0.1),
    // half-width t(0.975, 4) · se = 2.776445105 · 0.316227766 = 0.877988.
    let base = candidate("a", "s", &[1.0, 2.0, 3.0, 4.0, 5.0], &[10.0; 5]);
    let cand = candidate("b", "s", &[2.0, 2.0, 5.0, 5.0, 6.0], &[10.0; 5]);
    let c = compare(&[base.clone(), cand.clone()], 0, Method::Paired);
    assert_eq!((c.baseline.as_str(), c.comparisons), ("a", 1));
    let d = &c.candidates[0].differences[0];
    assert_eq!(d.metric, "resolution_breach_rate");
    let hw = 2.776_445_105 * 0.1f64.sqrt();
    close(d.mean, 1.0);
    assert!((d.ci_low - (1.0 - hw)).abs() < 1e-8 && (d.ci_high - (1.0 + hw)).abs() < 1e-8);
    close(d.adjusted_ci_low, d.ci_low);
    assert!(d.significant);
    // t = 1 / sqrt(0.1) = 3.1623 on 4 df: p = 0.0341 (between 0.02 and 0.05).
    assert!(d.p_value > 0.02 && d.p_value < 0.05, "p = {}", d.p_value);
    // Equal costs: difference exactly 0, not significant.
    let cost = &c.candidates[0].differences[1];
    assert_eq!(
        (cost.mean, cost.ci_low, cost.significant),
        (0.0, 0.0, false)
    );

    // With two candidates compared, Bonferroni uses t(1 − 0.025/2, 4) = 3.4954: the
    // adjusted half-width 1.1053 covers 0, so the same difference is not significant.
    let c3 = compare(&[base, cand.clone(), cand], 0, Method::Paired);
    let d = &c3.candidates[0].differences[0];
    assert_eq!(c3.comparisons, 2);
    close(c3.adjusted_level, 0.975);
    let ahw = 1.0 - d.adjusted_ci_low;
    assert!((ahw - 3.4954 * 0.1f64.sqrt()).abs() < 1e-3, "{ahw}");
    assert!(!d.significant);
}

#[test]
fn welch_by_hand() {
    // b = [1, 2, 3] (mean 2, s² 1), c = [4, 6, 8] (mean 6, s² 4): se² = 1/3 + 4/3,
    // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 50/17.
    let e = welch(&[1.0, 2.0, 3.0], &[4.0, 6.0, 8.0]);
    close(e.mean, 4.0);
    close(e.se, (5.0f64 / 3.0).sqrt());
    close(e.df, 50.0 / 17.0);
    let hw = half_width(&e, 0.95);
    close(hw, t_quantile(0.975, 50.0 / 17.0) * (5.0f64 / 3.0).sqrt());
}

#[test]
fn paired_skips_undefined_replications() {
    let e = paired(&[1.0, f64::NAN, 3.0], &[2.0, 5.0, 5.0]);
    assert_eq!(e.n, 2);
    close(e.mean, 1.5);
}

#[test]
fn ranking_and_pareto() {
    let a = candidate("a", "lean", &[0.10, 0.10], &[100.0, 100.0]);
    let b = candidate("b", "lean", &[0.05, 0.05], &[100.0, 100.0]);
    let c = candidate("c", "rich", &[0.05, 0.05], &[90.0, 90.0]);
    let d = candidate("d", "rich", &[0.02, 0.02], &[200.0, 200.0]);
    let all = [a, b, c, d];
    let names: Vec<String> = ranking(&all).into_iter().map(|r| r.candidate).collect();
    // d has the lowest breach rate; b and c tie on breach rate, c is cheaper.
    assert_eq!(names, ["d", "c", "b", "a"]);
    let front: Vec<bool> = pareto(&all).iter().map(|p| p.on_front).collect();
    assert_eq!(front, [false, false, true, true]);
}

#[test]
fn baseline_by_name() {
    let all = [
        candidate("a", "s", &[0.1], &[1.0]),
        candidate("b", "s", &[0.1], &[1.0]),
    ];
    assert_eq!(find_baseline(&all, None).ok(), Some(0));
    assert_eq!(find_baseline(&all, Some("b")).ok(), Some(1));
    let err = find_baseline(&all, Some("zz")).err().map(|e| e.to_string());
    assert_eq!(
        err.as_deref(),
        Some("--baseline: no candidate named \"zz\" (known: \"a\", \"b\")")
    );
}
