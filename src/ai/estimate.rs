//! The AI's estimate of one ticket's latent truth: predicted needed tier with a
//! calibrated confidence, a noisy sentiment, and detected keywords with the scenario's
//! recall and precision.
//!
//! **Predicted tier.** With accuracy `a` (`tier_accuracy`) the AI first draws its
//! confidence `c`, uniform with mean `a`: `c ~ U(2a − 1, 1)` when `a ≥ ½`, else
//! `c ~ U(0, 2a)`. The prediction is right with probability `c`; otherwise it is uniform
//! over the *other* tiers of the escalation path (over all path tiers when the real
//! need is off the path). So `P(right | c) = c` (the confidence is calibrated) and
//! `P(right) = E[c] = a`. With `a = 1` the confidence is always 1 and the prediction
//! always right. With `a = 1/n` (`n` tiers on the path, need on the path) every tier is
//! predicted with probability `1/n` whatever the truth: the prediction alone carries
//! no skill (its confidence still does, since `P(right | c) = c`).
//!
//! With confusion matrices (`[ai.confusion]`) the prediction is drawn from the row of
//! the ticket's real need instead, and the confidence is calibrated to the matrices
//! (see [`confusion`](mod@super::confusion)); `tier_accuracy` is then only the overall
//! accuracy they imply.
//!
//! **Sentiment.** `clamp(truth + sd × z, −1, 1)` with `z` standard normal and
//! `sd = sentiment_noise_sd`.
//!
//! **Keywords.** The AI detects the ticket's `mentions` with probability `r`
//! (`keyword_recall`, one draw for the whole set), and falsely adds the keyword set of
//! each *other* category `k` (with a non-empty set) with probability `f_k` (see
//! [`false_positive_probability`]), chosen so that the expected precision of detected
//! keyword sets is `p` (`keyword_precision`).
//!
//! **Stream layout.** Every estimate that draws reads the same words of the ticket's
//! AI stream, whatever the parameters, so changing one parameter changes only its
//! own part of every estimate (common random numbers across model variants). In
//! 64-bit words, each a uniform on `[0, 1)` from its top 53 bits:
//!
//! | word | use |
//! |---|---|
//! | 0 | confidence (with matrices: given right or wrong) |
//! | 1 | right or wrong (with matrices: the predicted tier, from the row) |
//! | 2 | which wrong tier (unused with matrices) |
//! | 3, 4 | sentiment noise `z` (Box–Muller: `√(−2 ln(1 − u₃)) · cos(2π u₄)`) |
//! | 5 | keyword recall |
//! | 6 + k | false positive of category `k` (drawn for every category, used for the others) |
//!
//! A perfect model (accuracy 1, noise 0, recall 1, precision 1) draws nothing: its
//! estimate is [`AiEstimate::exact`].

use rand::Rng;

use super::confusion::{Tables, confidence_given};
use crate::model::{AiModel, CategoryId, Scenario, TierId};
use crate::seed::unit_f64;

/// The AI's estimates of a ticket's latent truth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AiEstimate {
    /// Predicted needed tier.
    pub predicted_tier: TierId,
    /// Confidence in the prediction on `[0, 1]` (calibrated: right with this
    /// probability).
    pub confidence: f32,
    /// Sentiment estimate on `[-1, 1]`.
    pub sentiment: f32,
    /// Keywords detected (mask over the scenario's keyword vocabulary).
    pub keywords: u64,
}

impl AiEstimate {
    /// A perfect estimate of the given truth.
    pub fn exact(needed_tier: TierId, sentiment: f32, mentions: u64) -> AiEstimate {
        AiEstimate {
            predicted_tier: needed_tier,
            confidence: 1.0,
            sentiment,
            keywords: mentions,
        }
    }
}

/// The latent truth the AI estimates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Truth {
    /// The tier the ticket really needs.
    pub needed_tier: TierId,
    /// The customer's real sentiment on `[-1, 1]`.
    pub sentiment: f32,
    /// The keywords the ticket really mentions (mask over the scenario's vocabulary).
    pub mentions: u64,
    /// The ticket's category (its own keyword set is never a false positive).
    pub category: CategoryId,
}

/// The AI model prepared for one scenario: the candidate tiers and every category's
/// false-positive probability, computed once.
#[derive(Clone, Debug)]
pub struct Estimator {
    tier_accuracy: f64,
    sentiment_noise_sd: f64,
    keyword_recall: f64,
    /// The escalation path.
    path: Vec<TierId>,
    /// Keyword mask of each category.
    masks: Vec<u64>,
    /// False-positive probability of each category's keyword set.
    false_positive: Vec<f64>,
    /// The confusion matrices, when the model has them.
    confusion: Option<Tables>,
    perfect: bool,
}

impl Estimator {
    /// The estimator of `model` for `scenario` (its escalation path, category keyword
    /// sets and shares).
    pub fn new(model: &AiModel, scenario: &Scenario) -> Estimator {
        let recall = model.keyword_recall.clamp(0.0, 1.0);
        Estimator {
            tier_accuracy: model.tier_accuracy.clamp(0.0, 1.0),
            sentiment_noise_sd: model.sentiment_noise_sd.max(0.0),
            keyword_recall: recall,
            path: scenario.escalation_path.clone(),
            masks: scenario.categories.iter().map(|c| c.keyword_mask).collect(),
            false_positive: scenario
                .categories
                .iter()
                .map(|c| false_positive_probability(recall, model.keyword_precision, c.share))
                .collect(),
            confusion: model.confusion.as_ref().map(|m| Tables::new(m, scenario)),
            perfect: is_perfect(model),
        }
    }

    /// Whether the model is perfect: its estimates are the truth and draw nothing.
    pub fn is_perfect(&self) -> bool {
        self.perfect
    }

    /// The probability that a ticket of another category is given `category`'s
    /// keyword set by mistake.
    pub fn false_positive(&self, category: CategoryId) -> f64 {
        self.false_positive
            .get(category.index())
            .copied()
            .unwrap_or(0.0)
    }

    /// The AI's estimate of `truth`, drawing from the ticket's AI stream `rng` (nothing
    /// for a perfect model).
    pub fn estimate<R: Rng + ?Sized>(&self, truth: &Truth, rng: &mut R) -> AiEstimate {
        if self.perfect {
            AiEstimate::exact(truth.needed_tier, truth.sentiment, truth.mentions)
        } else {
            self.draw(truth, rng)
        }
    }

    /// The estimate with every draw of the stream layout made.
    fn draw<R: Rng + ?Sized>(&self, truth: &Truth, rng: &mut R) -> AiEstimate {
        let u_confidence = unit(rng);
        let u_right = unit(rng);
        let u_other = unit(rng);
        let u_z1 = unit(rng);
        let u_z2 = unit(rng);
        let u_recall = unit(rng);

        let (predicted_tier, c) = match &self.confusion {
            None => {
                let c = confidence(self.tier_accuracy, u_confidence);
                let predicted = if u_right < c {
                    truth.needed_tier
                } else {
                    wrong_tier(&self.path, truth.needed_tier, u_other)
                };
                (predicted, c)
            }
            Some(m) => {
                let predicted = m.predict(truth.category, truth.needed_tier, u_right);
                let q = m.posterior(truth.category, predicted);
                let right = predicted == truth.needed_tier;
                (predicted, confidence_given(q, right, u_confidence))
            }
        };

        let mut sentiment = truth.sentiment;
        if self.sentiment_noise_sd > 0.0 {
            let z = (-2.0 * (1.0 - u_z1).ln()).sqrt() * (std::f64::consts::TAU * u_z2).cos();
            sentiment =
                (f64::from(truth.sentiment) + self.sentiment_noise_sd * z).clamp(-1.0, 1.0) as f32;
        }

        let mut keywords = if u_recall < self.keyword_recall {
            truth.mentions
        } else {
            0
        };
        for (k, (&mask, &f)) in self.masks.iter().zip(&self.false_positive).enumerate() {
            let u = unit(rng);
            if k != truth.category.index() && mask != 0 && u < f {
                keywords |= mask;
            }
        }

        AiEstimate {
            predicted_tier,
            confidence: c as f32,
            sentiment,
            keywords,
        }
    }
}

/// The AI's estimate of `truth` under `model` for `scenario`, drawing from the ticket's
/// AI stream `rng`. Builds an [`Estimator`] each call: prefer one per stream.
pub fn estimate<R: Rng + ?Sized>(
    model: &AiModel,
    scenario: &Scenario,
    truth: &Truth,
    rng: &mut R,
) -> AiEstimate {
    Estimator::new(model, scenario).estimate(truth, rng)
}

/// Whether `model` estimates perfectly (accuracy 1 or identity confusion matrices, no
/// sentiment noise, recall 1, precision 1).
pub fn is_perfect(model: &AiModel) -> bool {
    let tiers = match &model.confusion {
        None => model.tier_accuracy >= 1.0,
        Some(m) => m.is_identity(),
    };
    tiers
        && model.sentiment_noise_sd <= 0.0
        && model.keyword_recall >= 1.0
        && model.keyword_precision >= 1.0
}

/// The calibrated confidence of an AI with accuracy `a` from a uniform `u` on `[0, 1)`:
/// uniform on `[2a − 1, 1)` when `a ≥ ½`, else on `[0, 2a)`; its mean is `a`.
pub fn confidence(a: f64, u: f64) -> f64 {
    let a = a.clamp(0.0, 1.0);
    if a >= 0.5 {
        (2.0 * a - 1.0) + u * (2.0 - 2.0 * a)
    } else {
        2.0 * a * u
    }
}

/// A wrong prediction for a ticket that needs `need`: uniform (by `u` on `[0, 1)`) over
/// the path tiers other than `need`; `need` itself when there is no other tier.
fn wrong_tier(path: &[TierId], need: TierId, u: f64) -> TierId {
    let others = path.iter().filter(|&&t| t != need).count();
    if others == 0 {
        return need;
    }
    let i = ((u * others as f64) as usize).min(others - 1);
    path.iter()
        .copied()
        .filter(|&t| t != need)
        .nth(i)
        .unwrap_or(need)
}

/// The probability `f_k` of adding category `k`'s keyword set to a ticket of another
/// category, so that the expected precision of detected keyword sets is `precision`
/// (`p`) given recall `r` and the category's share `s_k`.
///
/// Derivation: a ticket of category `c` (share `s_c`) yields a true detection of its own
/// set with probability `r` (when the set is non-empty) and a false detection of each
/// other non-empty set `k` with probability `f_k`. Per ticket, over the mix, set `k` is
/// detected rightly `r·s_k` times and wrongly `f_k·(1 − s_k)` times. Asking every
/// set's precision to be `p`,
///
/// ```text
/// r·s_k / (r·s_k + f_k·(1 − s_k)) = p   ⇔   f_k = r·s_k·(1 − p) / (p·(1 − s_k))
/// ```
///
/// and then the precision over all sets is `p` too. The result is clamped to `[0, 1]`:
/// when `f_k` would exceed 1 (low precision asked of a large category) the real
/// precision is higher than asked. `p = 1`, `r = 0`, `s_k = 0` or `s_k = 1` (no other
/// category's tickets) give 0; `p = 0` gives 1.
pub fn false_positive_probability(recall: f64, precision: f64, share: f64) -> f64 {
    let finite = precision.is_finite() && recall.is_finite() && share.is_finite();
    if !finite || precision >= 1.0 || recall <= 0.0 || share <= 0.0 || share >= 1.0 {
        return 0.0;
    }
    if precision <= 0.0 {
        return 1.0;
    }
    let f = recall * share * (1.0 - precision) / (precision * (1.0 - share));
    f.clamp(0.0, 1.0)
}

#[inline]
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    unit_f64(rng.next_u64())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario::{category, scenario};
    use crate::seed::{self, Purpose};
    use rand::rngs::ChaCha8Rng;

    fn rng(n: u64) -> ChaCha8Rng {
        seed::ticket_stream(seed::family_key(7, 0, Purpose::Ai), n)
    }

    fn truth(need: u16) -> Truth {
        Truth {
            needed_tier: TierId(need),
            sentiment: 0.0,
            mentions: 0,
            category: CategoryId(0),
        }
    }

    fn model(accuracy: f64) -> AiModel {
        AiModel {
            tier_accuracy: accuracy,
            ..AiModel::default()
        }
    }

    /// Three categories with keyword sets (bits 0, 1, 2) and shares 0.5, 0.3, 0.2.
    fn keyword_scenario() -> Scenario {
        let mut s = scenario(&["T1", "T2", "T3"]);
        s.keywords = vec!["invoice".into(), "outage".into(), "password".into()];
        s.categories = vec![
            category("billing", 0.5, &[(0, 1.0)]),
            category("outage", 0.3, &[(2, 1.0)]),
            category("access", 0.2, &[(0, 1.0)]),
        ];
        for (i, c) in s.categories.iter_mut().enumerate() {
            c.keyword_mask = 1 << i;
        }
        s
    }

    #[test]
    fn a_perfect_model_is_exact_and_draws_nothing() {
        let s = keyword_scenario();
        let est = Estimator::new(&AiModel::default(), &s);
        assert!(est.is_perfect());
        let t = Truth {
            needed_tier: TierId(2),
            sentiment: -0.4,
            mentions: 0b11,
            category: CategoryId(1),
        };
        let mut r = rng(1);
        assert_eq!(
            est.estimate(&t, &mut r),
            AiEstimate::exact(TierId(2), -0.4, 0b11)
        );
        assert_eq!(r.get_word_pos(), 0);
        // The drawing path agrees with the shortcut.
        for n in 0..1000 {
            assert_eq!(
                est.draw(&t, &mut rng(n)),
                AiEstimate::exact(TierId(2), -0.4, 0b11)
            );
        }
    }

    #[test]
    fn confidence_has_mean_a_and_the_documented_range() {
        assert_eq!(confidence(1.0, 0.3), 1.0);
        assert_eq!(confidence(0.75, 0.0), 0.5);
        assert_eq!(confidence(0.75, 0.5), 0.75);
        assert_eq!(confidence(0.25, 0.5), 0.25);
        assert_eq!(confidence(0.25, 0.999_999), 0.499_999_5);
        assert_eq!(confidence(0.0, 0.7), 0.0);
    }

    #[test]
    fn predictions_are_right_with_probability_a_and_calibrated() {
        let s = scenario(&["T1", "T2", "T3", "T4"]);
        for a in [0.1, 0.25, 0.6, 0.9] {
            let est = Estimator::new(&model(a), &s);
            let n = 200_000;
            let mut right = 0usize;
            let mut conf = 0.0;
            // Calibration: P(right | c in bin) ≈ centre of the bin.
            let mut bins = [(0usize, 0usize, 0.0f64); 5];
            for i in 0..n {
                let e = est.estimate(&truth(1), &mut rng(i));
                let ok = e.predicted_tier == TierId(1);
                right += usize::from(ok);
                conf += f64::from(e.confidence);
                let b = ((e.confidence * 5.0) as usize).min(4);
                bins[b].0 += 1;
                bins[b].1 += usize::from(ok);
                bins[b].2 += f64::from(e.confidence);
            }
            let p = right as f64 / n as f64;
            assert!((p - a).abs() < 0.005, "accuracy {a}: right {p}");
            assert!((conf / n as f64 - a).abs() < 0.005, "mean confidence");
            for (k, rightk, sum_c) in bins.iter().copied().filter(|b| b.0 > 5000) {
                let observed = rightk as f64 / k as f64;
                let mean_c = sum_c / k as f64;
                assert!(
                    (observed - mean_c).abs() < 0.02,
                    "a {a}: right {observed} at mean confidence {mean_c}"
                );
            }
        }
    }

    #[test]
    fn accuracy_one_over_n_is_no_skill() {
        // Three tiers, a = 1/3: the prediction is uniform whatever the truth.
        let s = scenario(&["T1", "T2", "T3"]);
        let est = Estimator::new(&model(1.0 / 3.0), &s);
        let n = 90_000;
        for need in 0..3u16 {
            let mut counts = [0usize; 3];
            for i in 0..n {
                let e = est.estimate(&truth(need), &mut rng(i));
                counts[e.predicted_tier.index()] += 1;
            }
            for (t, &k) in counts.iter().enumerate() {
                let share = k as f64 / n as f64;
                assert!(
                    (share - 1.0 / 3.0).abs() < 0.008,
                    "need {need}: tier {t} {share}"
                );
            }
        }
    }

    #[test]
    fn wrong_predictions_are_uniform_over_the_other_path_tiers() {
        let mut s = scenario(&["T1", "T2", "T3", "Eng"]);
        s.escalation_path = vec![TierId(0), TierId(1), TierId(2)];
        let est = Estimator::new(&model(0.0), &s);
        let n = 60_000;
        // Need on the path: the two other path tiers, half each; never Eng.
        let mut counts = [0usize; 4];
        for i in 0..n {
            counts[est.estimate(&truth(1), &mut rng(i)).predicted_tier.index()] += 1;
        }
        assert_eq!((counts[1], counts[3]), (0, 0));
        assert!(
            (counts[0] as f64 / n as f64 - 0.5).abs() < 0.01,
            "{counts:?}"
        );
        // Need off the path: every path tier, a third each.
        let mut counts = [0usize; 4];
        for i in 0..n {
            counts[est.estimate(&truth(3), &mut rng(i)).predicted_tier.index()] += 1;
        }
        assert_eq!(counts[3], 0);
        for &k in &counts[..3] {
            assert!((k as f64 / n as f64 - 1.0 / 3.0).abs() < 0.01, "{counts:?}");
        }
        // A one-tier path has no other tier: always the need.
        assert_eq!(wrong_tier(&[TierId(0)], TierId(0), 0.9), TierId(0));
    }

    #[test]
    fn sentiment_noise_is_normal_and_clamped() {
        let s = scenario(&["T1"]);
        let m = AiModel {
            sentiment_noise_sd: 0.1,
            ..AiModel::default()
        };
        let est = Estimator::new(&m, &s);
        let n = 100_000;
        let errs: Vec<f64> = (0..n)
            .map(|i| f64::from(est.estimate(&truth(0), &mut rng(i)).sentiment))
            .collect();
        let mean = errs.iter().sum::<f64>() / n as f64;
        let sd = (errs.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        assert!(
            mean.abs() < 0.002 && (sd - 0.1).abs() < 0.002,
            "{mean} {sd}"
        );
        let within = errs.iter().filter(|e| e.abs() < 0.1).count() as f64 / n as f64;
        assert!((within - 0.6827).abs() < 0.01, "{within}");
        // Near the edge, clamping keeps the estimate on [-1, 1]: half sit at 1.
        let t = Truth {
            sentiment: 1.0,
            ..truth(0)
        };
        let ests: Vec<f32> = (0..n)
            .map(|i| est.estimate(&t, &mut rng(i)).sentiment)
            .collect();
        assert!(ests.iter().all(|x| (-1.0..=1.0).contains(x)));
        let at_one = ests.iter().filter(|&&x| x == 1.0).count() as f64 / n as f64;
        assert!((at_one - 0.5).abs() < 0.01, "{at_one}");
    }

    #[test]
    fn false_positive_probability_matches_hand_values() {
        // r 0.8, p 0.9, s 0.2: 0.8 × 0.2 × 0.1 / (0.9 × 0.8) = 0.0222…
        let f = false_positive_probability(0.8, 0.9, 0.2);
        assert!((f - 0.016 / 0.72).abs() < 1e-12, "{f}");
        // r 1, p 0.5, s 0.5: 1 × 0.5 × 0.5 / (0.5 × 0.5) = 1.
        assert_eq!(false_positive_probability(1.0, 0.5, 0.5), 1.0);
        // Clamped: r 1, p 0.25, s 0.5 would be 3.
        assert_eq!(false_positive_probability(1.0, 0.25, 0.5), 1.0);
        assert_eq!(false_positive_probability(0.9, 1.0, 0.3), 0.0);
        assert_eq!(false_positive_probability(0.0, 0.5, 0.3), 0.0);
        assert_eq!(false_positive_probability(0.9, 0.5, 1.0), 0.0);
        assert_eq!(false_positive_probability(0.9, 0.0, 0.3), 1.0);
    }

    #[test]
    fn keyword_recall_and_precision_hold_over_the_mix() {
        let s = keyword_scenario();
        let (r, p) = (0.7, 0.8);
        let m = AiModel {
            keyword_recall: r,
            keyword_precision: p,
            ..AiModel::default()
        };
        let est = Estimator::new(&m, &s);
        // Tickets in proportion to the shares; count set detections.
        let (mut true_sets, mut false_sets, mut mentioned) = (0usize, 0usize, 0usize);
        let mut id = 0;
        for (c, cat) in s.categories.iter().enumerate() {
            let n = (cat.share * 200_000.0) as usize;
            for _ in 0..n {
                let t = Truth {
                    mentions: cat.keyword_mask,
                    category: CategoryId(c as u16),
                    ..truth(0)
                };
                let e = est.estimate(&t, &mut rng(id));
                id += 1;
                mentioned += 1;
                for (k, other) in s.categories.iter().enumerate() {
                    if e.keywords & other.keyword_mask != 0 {
                        if k == c {
                            true_sets += 1;
                        } else {
                            false_sets += 1;
                        }
                    }
                }
            }
        }
        let recall = true_sets as f64 / mentioned as f64;
        let precision = true_sets as f64 / (true_sets + false_sets) as f64;
        assert!((recall - r).abs() < 0.005, "recall {recall}");
        assert!((precision - p).abs() < 0.005, "precision {precision}");
    }

    #[test]
    fn each_parameter_changes_only_its_own_part() {
        let s = keyword_scenario();
        let base = AiModel {
            tier_accuracy: 0.7,
            sentiment_noise_sd: 0.2,
            keyword_recall: 0.8,
            keyword_precision: 0.9,
            ..AiModel::default()
        };
        let less_accurate = AiModel {
            tier_accuracy: 0.5,
            ..base.clone()
        };
        let noisier = AiModel {
            sentiment_noise_sd: 0.4,
            ..base.clone()
        };
        let (a, b, c) = (
            Estimator::new(&base, &s),
            Estimator::new(&less_accurate, &s),
            Estimator::new(&noisier, &s),
        );
        let t = Truth {
            needed_tier: TierId(1),
            sentiment: -0.2,
            mentions: 1,
            category: CategoryId(0),
        };
        let mut tiers_changed = 0;
        for i in 0..2000 {
            let (x, y, z) = (
                a.estimate(&t, &mut rng(i)),
                b.estimate(&t, &mut rng(i)),
                c.estimate(&t, &mut rng(i)),
            );
            assert_eq!((x.sentiment, x.keywords), (y.sentiment, y.keywords));
            assert_eq!(
                (x.predicted_tier, x.confidence, x.keywords),
                (z.predicted_tier, z.confidence, z.keywords)
            );
            tiers_changed += usize::from(x.predicted_tier != y.predicted_tier);
        }
        assert!(tiers_changed > 100, "{tiers_changed}");
    }

    #[test]
    fn the_free_function_matches_the_estimator() {
        let s = keyword_scenario();
        let m = model(0.6);
        let est = Estimator::new(&m, &s);
        for i in 0..100 {
            assert_eq!(
                estimate(&m, &s, &truth(2), &mut rng(i)),
                est.estimate(&truth(2), &mut rng(i))
            );
        }
    }
}
