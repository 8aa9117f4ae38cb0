//! Unit tests of the decision summary on hand-made candidates.

use super::*;
use crate::metrics::summary::{CandidateSummary, Conservation, MetricSummary, RunInfo};

fn metric(name: &str, values: &[f64]) -> MetricSummary {
    MetricSummary::of(name.into(), values.to_vec())
}

/// A candidate with per-replication breach rates and costs (and a T2 utilisation).
fn cand(name: &str, bound: bool, breach: [f64; 4], cost: [f64; 4], util: f64) -> CandidateSummary {
    CandidateSummary {
        name: name.into(),
        policy: name.into(),
        staffing: "s".into(),
        bound,
        metrics: vec![
            metric(RESOLUTION_BREACH_RATE, &breach),
            metric(
                "resolution_breach_rate.segment.gold",
                &breach.map(|b| b / 2.0),
            ),
            metric(COST, &cost),
            metric("tier.T2.utilisation", &[util; 4]),
        ],
        conservation: Conservation::default(),
        events: 0,
        series: vec![],
    }
}

fn summary(candidates: Vec<CandidateSummary>, targets: Vec<TargetInfo>) -> Summary {
    Summary {
        schema_version: crate::metrics::summary::SCHEMA_VERSION,
        run: RunInfo {
            escalsim_version: String::new(),
            scenario: "t".into(),
            scenario_sha256: String::new(),
            seed: 1,
            replications: 4,
            horizon_hours: 1.0,
            warmup_hours: 0.0,
            tickets: "synthetic".into(),
            tickets_sha256: String::new(),
            series_bin_hours: 1.0,
            windows: Vec::new(),
            first_response: String::new(),
            targets,
        },
        candidates,
    }
}

fn at_most(metric: &str, limit: f64) -> TargetInfo {
    TargetInfo {
        metric: metric.into(),
        limit,
        at_most: true,
    }
}

/// baseline: 4 % breach at cost 100; lean: 2 % at 101 (same cost within noise);
/// rich: 1 % at 150; oracle (a bound): 0 % at 100.
fn four() -> Vec<CandidateSummary> {
    vec![
        cand(
            "baseline",
            false,
            [0.04, 0.041, 0.039, 0.04],
            [100.0, 101.0, 99.0, 100.0],
            0.8,
        ),
        cand(
            "lean",
            false,
            [0.02, 0.021, 0.019, 0.02],
            [101.0, 99.0, 102.0, 102.0],
            0.9,
        ),
        cand(
            "rich",
            false,
            [0.01, 0.011, 0.009, 0.01],
            [150.0, 151.0, 149.0, 150.0],
            0.5,
        ),
        cand("oracle", true, [0.0; 4], [100.0; 4], 0.3),
    ]
}

#[test]
fn the_cheapest_candidate_meeting_every_target_is_recommended() {
    let s = summary(four(), vec![at_most(RESOLUTION_BREACH_RATE, 0.025)]);
    let d = decide(&s, 0, Method::Paired);
    // lean and rich meet 2.5 %; lean is cheaper; the oracle meets it too but is a bound.
    assert_eq!(d.recommended.as_deref(), Some("lean"));
    assert!(d.ties.is_empty(), "{:?}", d.ties);
    let lean = &d.standings[1];
    assert!(lean.meets && lean.targets[0].meets && lean.targets[0].clearly);
    assert!(!d.standings[0].meets);
    assert!(d.standings[3].bound);
    // What it buys: −2 points of breach, cost +1 (inside the noise).
    let breach = d
        .buys
        .iter()
        .find(|x| x.metric == RESOLUTION_BREACH_RATE)
        .expect("breach");
    assert!((breach.mean + 0.02).abs() < 1e-12 && breach.significant);
    let cost = d.buys.iter().find(|x| x.metric == COST).expect("cost");
    assert!(
        (cost.mean - 1.0).abs() < 1e-12 && !cost.significant,
        "{cost:?}"
    );
    // Who benefits: the gold segment halves with the total.
    assert_eq!(d.segments.len(), 1);
    assert!((d.segments[0].baseline - 0.02).abs() < 1e-12);
    assert!((d.segments[0].recommended - 0.01).abs() < 1e-12);
    // T2 runs at 90 % under lean: near saturation.
    assert_eq!(d.saturated.len(), 1);
    assert_eq!(d.saturated[0].tier, "T2");
}

#[test]
fn costs_inside_the_noise_are_ties_won_by_the_lower_breach_rate() {
    // Both baseline-like candidates meet a loose target; lean's cost is within the noise
    // of the baseline's, and its breach rate is lower: lean wins, the baseline ties.
    let s = summary(four(), vec![at_most(RESOLUTION_BREACH_RATE, 0.05)]);
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("lean"));
    assert_eq!(d.ties, ["baseline"]);
}

#[test]
fn without_targets_the_lowest_breach_wins_and_bounds_never_do() {
    let s = summary(four(), Vec::new());
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("rich"));
    assert!(d.rule.contains("no [targets]"), "{}", d.rule);
}

#[test]
fn breach_rates_inside_the_noise_tie_and_the_cheapest_tie_wins() {
    let mut c = four();
    // "rich" no better than lean beyond the noise: lean is cheaper.
    c[2] = cand(
        "rich",
        false,
        [0.03, 0.01, 0.025, 0.015],
        [150.0, 151.0, 149.0, 150.0],
        0.5,
    );
    let d = decide(&summary(c, Vec::new()), 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("lean"));
    assert_eq!(d.ties, ["rich"]);
}

#[test]
fn when_nothing_meets_the_targets_nothing_is_recommended() {
    let s = summary(four(), vec![at_most(RESOLUTION_BREACH_RATE, 0.001)]);
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended, None);
    assert!(d.rule.contains("no candidate meets every target"));
    // Only the bound meets it.
    assert!(d.standings[3].meets);
    assert!(d.buys.is_empty() && d.segments.is_empty());
}

#[test]
fn a_cheaper_candidate_missing_only_within_the_noise_is_named() {
    // The baseline (4.0 % ± about 0.1) misses 3.99 % only inside its interval and is
    // cheaper than lean, which is recommended.
    let s = summary(four(), vec![at_most(RESOLUTION_BREACH_RATE, 0.0399)]);
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("lean"));
    assert_eq!(d.close_cheaper, ["baseline"]);
    let base = &d.standings[0];
    assert!(!base.meets && base.targets[0].close_miss);
    // rich misses nothing; a clear miss is not close.
    let s = summary(four(), vec![at_most(RESOLUTION_BREACH_RATE, 0.015)]);
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("rich"));
    assert!(d.close_cheaper.is_empty());
    assert!(!d.standings[1].targets[0].close_miss);
}

#[test]
fn a_tier_saturated_in_its_peaks_is_flagged_despite_a_lower_mean() {
    use crate::metrics::summary::TierSeriesSummary;
    let mut c = four();
    // rich's T2 averages 50 %, but is at 96 % busy in 3 of its 10 bins (30 %).
    c[2].series = vec![TierSeriesSummary {
        tier: "T2".into(),
        mean_queue: vec![0.0; 10],
        agents: vec![1.0; 10],
        utilisation: vec![0.96, 0.96, 0.96, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
    }];
    let d = decide(&summary(c, Vec::new()), 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("rich"));
    assert_eq!(d.saturated.len(), 1);
    assert!((d.saturated[0].saturated_share - 0.3).abs() < 1e-12);
    // At 5 % of bins it would not be.
    let mut c = four();
    c[2].series = vec![TierSeriesSummary {
        tier: "T2".into(),
        mean_queue: vec![0.0; 20],
        agents: vec![1.0; 20],
        utilisation: [vec![0.96], vec![0.3; 19]].concat(),
    }];
    let d = decide(&summary(c, Vec::new()), 0, Method::Paired);
    assert!(d.saturated.is_empty());
}
