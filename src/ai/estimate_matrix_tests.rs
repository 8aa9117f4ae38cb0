//! Tests of the estimator with confusion matrices: the empirical confusion of many
//! tickets matches the matrix, the confidence is calibrated per predicted tier, an
//! identity row leaves its class untouched, and changing one row moves no other
//! class's prediction (common random numbers).

use super::estimate::{AiEstimate, Estimator, Truth};
use crate::model::test_scenario::{category, scenario};
use crate::model::{AiModel, CategoryId, Confusion, Scenario, TierId};
use crate::seed::{self, Purpose};
use rand::rngs::ChaCha8Rng;

fn rng(n: u64) -> ChaCha8Rng {
    seed::ticket_stream(seed::family_key(11, 0, Purpose::Ai), n)
}

/// T1, T2, T3; one category needing T1 0.6, T2 0.3, T3 0.1.
fn three() -> Scenario {
    let mut s = scenario(&["T1", "T2", "T3"]);
    s.categories = vec![category("all", 1.0, &[(0, 0.6), (1, 0.3), (2, 0.1)])];
    s
}

/// Mostly one step off, under-escalation more common than over.
const REAL: [[f64; 3]; 3] = [[0.95, 0.04, 0.01], [0.12, 0.83, 0.05], [0.05, 0.2, 0.75]];

fn model(rows: [[f64; 3]; 3]) -> AiModel {
    AiModel {
        tier_accuracy: 0.0, // unused with matrices
        confusion: Some(Confusion {
            rows: rows.iter().map(|r| Some(r.to_vec())).collect(),
            by_category: Vec::new(),
        }),
        ..AiModel::default()
    }
}

fn truth(need: u16) -> Truth {
    Truth {
        needed_tier: TierId(need),
        sentiment: 0.0,
        mentions: 0,
        category: CategoryId(0),
    }
}

#[test]
fn the_empirical_confusion_matches_the_matrix() {
    // 100 000 tickets per row at a fixed seed. Pearson's chi-square over the three
    // rows has 6 degrees of freedom (2 per row); its 0.1 % critical value is 22.46.
    // Each cell is also within 4 binomial standard deviations of its probability.
    let s = three();
    let est = Estimator::new(&model(REAL), &s);
    let n = 100_000u64;
    let mut chi2 = 0.0;
    for (need, row) in REAL.iter().enumerate() {
        let mut counts = [0u64; 3];
        for i in 0..n {
            let e = est.estimate(&truth(need as u16), &mut rng(i));
            counts[e.predicted_tier.index()] += 1;
        }
        for (p, (&k, &prob)) in counts.iter().zip(row).enumerate() {
            let expected = prob * n as f64;
            chi2 += (k as f64 - expected).powi(2) / expected;
            let sd = (prob * (1.0 - prob) / n as f64).sqrt();
            let share = k as f64 / n as f64;
            assert!(
                (share - prob).abs() < 4.0 * sd,
                "need {need} predicted {p}: {share} vs {prob}"
            );
        }
    }
    assert!(chi2 < 22.46, "chi-square {chi2}");
}

#[test]
fn confidence_is_calibrated_and_its_mean_is_the_posterior() {
    // Tickets in the category's mix: among tickets predicted p, the share right is
    // the mean confidence (the posterior), and within confidence bins the share right
    // is the bin's mean confidence.
    let s = three();
    let est = Estimator::new(&model(REAL), &s);
    let prior = [0.6, 0.3, 0.1];
    let mut by_pred = [(0u64, 0u64, 0.0f64); 3];
    let mut bins = [(0u64, 0u64, 0.0f64); 10];
    let mut id = 0u64;
    for (need, &share) in prior.iter().enumerate() {
        for _ in 0..(share * 300_000.0) as u64 {
            let e = est.estimate(&truth(need as u16), &mut rng(id));
            id += 1;
            let right = e.predicted_tier.index() == need;
            let c = f64::from(e.confidence);
            let p = &mut by_pred[e.predicted_tier.index()];
            *p = (p.0 + 1, p.1 + u64::from(right), p.2 + c);
            let b = &mut bins[((c * 10.0) as usize).min(9)];
            *b = (b.0 + 1, b.1 + u64::from(right), b.2 + c);
        }
    }
    for (p, (k, r, sum)) in by_pred.into_iter().enumerate() {
        let posterior = prior[p] * REAL[p][p] / (0..3).map(|t| prior[t] * REAL[t][p]).sum::<f64>();
        let (right, mean) = (r as f64 / k as f64, sum / k as f64);
        assert!((mean - posterior).abs() < 0.005, "tier {p}: mean {mean}");
        assert!((right - posterior).abs() < 0.01, "tier {p}: right {right}");
    }
    for (k, r, sum) in bins.into_iter().filter(|b| b.0 > 5000) {
        let (right, mean) = (r as f64 / k as f64, sum / k as f64);
        assert!((right - mean).abs() < 0.015, "bin at {mean}: right {right}");
    }
}

#[test]
fn an_identity_matrix_is_exact_on_the_drawing_path_too() {
    let s = three();
    let id = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let est = Estimator::new(&model(id), &s);
    assert!(est.is_perfect());
    // A noisy sentiment forces the drawing path; the tier part is still exact.
    let noisy = AiModel {
        sentiment_noise_sd: 0.2,
        ..model(id)
    };
    let est = Estimator::new(&noisy, &s);
    assert!(!est.is_perfect());
    for i in 0..3000 {
        let need = (i % 3) as u16;
        let e = est.estimate(&truth(need), &mut rng(i));
        assert_eq!((e.predicted_tier, e.confidence), (TierId(need), 1.0));
    }
}

#[test]
fn an_identity_row_leaves_its_class_untouched() {
    // Row T2 is the identity, the others err: every T2 ticket is predicted T2.
    let mut rows = REAL;
    rows[1] = [0.0, 1.0, 0.0];
    let s = three();
    let est = Estimator::new(&model(rows), &s);
    let exact = Estimator::new(&AiModel::default(), &s);
    for i in 0..20_000 {
        let e = est.estimate(&truth(1), &mut rng(i));
        let x = exact.estimate(&truth(1), &mut rng(i));
        assert_eq!(e.predicted_tier, x.predicted_tier);
    }
}

#[test]
fn changing_one_row_moves_no_other_class() {
    // Row T3 changes completely; T1 and T2 tickets keep every prediction, and their
    // sentiment and keywords. Their confidence moves only where the posterior of the
    // predicted tier does (T3 tickets predicted T1 or T2 changed in number).
    let s = three();
    let mut other = REAL;
    other[2] = [0.3, 0.3, 0.4];
    let noisy = |rows| AiModel {
        sentiment_noise_sd: 0.3,
        keyword_recall: 0.8,
        ..model(rows)
    };
    let (a, b) = (
        Estimator::new(&noisy(REAL), &s),
        Estimator::new(&noisy(other), &s),
    );
    let mut t3_changed = 0;
    for i in 0..20_000 {
        for need in 0..3u16 {
            let t = Truth {
                sentiment: -0.3,
                mentions: 1,
                ..truth(need)
            };
            let (x, y): (AiEstimate, AiEstimate) =
                (a.estimate(&t, &mut rng(i)), b.estimate(&t, &mut rng(i)));
            assert_eq!((x.sentiment, x.keywords), (y.sentiment, y.keywords));
            if need < 2 {
                assert_eq!(x.predicted_tier, y.predicted_tier, "ticket {i} need {need}");
            } else {
                t3_changed += usize::from(x.predicted_tier != y.predicted_tier);
            }
        }
    }
    assert!(t3_changed > 3000, "{t3_changed}");
}

#[test]
fn category_rows_apply_to_their_category_only() {
    let mut s = three();
    s.categories
        .push(category("outage", 0.0, &[(0, 0.2), (2, 0.8)]));
    let mut m = model(REAL);
    if let Some(c) = &mut m.confusion {
        // Outage tickets needing T1 are always taken for T3.
        c.by_category = vec![vec![], vec![Some(vec![0.0, 0.0, 1.0]), None, None]];
    }
    let est = Estimator::new(&m, &s);
    let (mut base_t1, mut sum) = (0, 0.0);
    let n = 20_000;
    for i in 0..n {
        let outage = Truth {
            category: CategoryId(1),
            ..truth(0)
        };
        let e = est.estimate(&outage, &mut rng(i));
        assert_eq!(e.predicted_tier, TierId(2));
        // Posterior of T3 in outage: 0.8·0.75 = 0.6 right of 0.2·1 + 0.6, so q = 0.75
        // and the range is [0.5, 1]; these are all wrong, with density ∝ 1 − x there,
        // whose mean is 0.5 + 0.5 / 3.
        let c = f64::from(e.confidence);
        assert!((0.5..=1.0).contains(&c), "{c}");
        sum += c;
        base_t1 += usize::from(est.estimate(&truth(0), &mut rng(i)).predicted_tier == TierId(0));
    }
    assert!(
        (sum / n as f64 - (0.5 + 0.5 / 3.0)).abs() < 0.005,
        "{}",
        sum / n as f64
    );
    // Category 0 keeps the base row: T1 right 95 % of the time.
    let share = base_t1 as f64 / n as f64;
    assert!((share - 0.95).abs() < 0.006, "{share}");
}
