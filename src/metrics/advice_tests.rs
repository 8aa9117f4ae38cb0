//! Unit tests of the advice rules.

use super::*;

#[test]
fn replications_needed_by_hand() {
    // sd 0.01, target 0.005: n = 18 gives t(17) · 0.01 / √18 = 2.10982 · 0.002357 =
    // 0.004973 ≤ 0.005, n = 17 gives 2.11991 · 0.0024254 = 0.005142 > 0.005.
    assert_eq!(replications_needed(0.01, 0.005), 18);
    assert_eq!(replications_needed(0.0, 0.005), 2);
    assert_eq!(replications_needed(1.0, 1e-9), 100_000);
}

#[test]
fn mser5_cuts_an_initial_transient() {
    // 20 bins high, then 80 flat bins with a small alternation: truncate 20 bins.
    let mut s = vec![50.0; 20];
    s.extend((0..80).map(|i| 5.0 + if i % 2 == 0 { 0.1 } else { -0.1 }));
    assert_eq!(mser5(&s), Some(20));
    // Stationary from the start: no truncation.
    let flat: Vec<f64> = (0..100).map(|i| 5.0 + f64::from(i % 3)).collect();
    assert_eq!(mser5(&flat), Some(0));
    assert_eq!(mser5(&[1.0; 10]), None);
}

#[test]
fn queue_trend_and_states() {
    // Queue = t over 0..100 h, hourly bins, no warm-up: the second half is 50..100 h,
    // level 75 (the bin means 50.5..99.5 average 75), growth slope 1 × 50 h = 50.
    let q: Vec<f64> = (0..100).map(|i| f64::from(i) + 0.5).collect();
    let (level, growth) = queue_trend(&q, 1.0, 0.0, 100.0);
    assert!((level - 75.0).abs() < 1e-9 && (growth - 50.0).abs() < 1e-9);
    assert_eq!(tier_state(0.99, level, growth), TierState::Overloaded);
    assert_eq!(tier_state(0.90, level, growth), TierState::Backlogged);
    assert_eq!(tier_state(0.99, 3.0, 0.0), TierState::Backlogged);
    assert_eq!(tier_state(0.70, 3.0, 0.5), TierState::Stable);
    // Growth below 25 % of the level does not count.
    assert_eq!(tier_state(0.70, 40.0, 5.0), TierState::Stable);
}
