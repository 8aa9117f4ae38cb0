//! The predicted tier under confusion matrices (`[ai.confusion]`): which tier the AI
//! predicts for a ticket, drawn from its category's row of the ticket's real need, and
//! the calibrated confidence it reports.
//!
//! **Prediction.** A ticket of category `c` that needs tier `t` is predicted tier `p`
//! with probability `M_c[t][p]` (the category's own row where it has one, else the
//! base row): by inverse CDF over the tiers in scenario order from one uniform.
//!
//! **Confidence.** The probability that a prediction `p` in category `c` is right,
//! given the matrix and the category's needs `π_c` (its prior), is the posterior
//!
//! ```text
//! q_c(p) = π_c(p)·M_c[p][p] / Σ_t π_c(t)·M_c[t][p]
//! ```
//!
//! Each ticket's reported confidence `x` is spread around it as in the uniform
//! shorthand (`x` uniform on `[2q − 1, 1]` when `q ≥ ½`, else on `[0, 2q]`, mean `q`),
//! drawn *given* whether the prediction is right: density `∝ x` on that range when
//! right, `∝ 1 − x` when wrong. Then `P(right | x, c, p) = x` exactly: the confidence
//! is calibrated for every category and predicted tier, and its mean over the
//! tickets predicted `p` in `c` is `q_c(p)`. A perfect row set (`q = 1`) reports 1;
//! a prediction no ticket of the category can need (`π_c(p) = 0`) reports 0.
//!
//! The posterior assumes a ticket's need follows its category's `needs` (exact for
//! synthetic tickets, bursts included). A replayed ticket needing a tier with no row
//! for its category (its category's `needs` do not list it) is predicted right.

use crate::model::{CategoryId, Confusion, Scenario, TierId};

/// The confusion matrices prepared for one scenario: per category, the cumulative
/// row of every need and the posterior of every predicted tier.
#[derive(Clone, Debug)]
pub struct Tables {
    categories: Vec<CategoryTable>,
}

#[derive(Clone, Debug)]
struct CategoryTable {
    /// `cum[t]`: cumulative probabilities of the row of need `t` (`None`: no row).
    cum: Vec<Option<Vec<f64>>>,
    /// `posterior[p]`: `q_c(p)`, the probability that prediction `p` is right.
    posterior: Vec<f64>,
}

impl Tables {
    /// The tables of `confusion` for `scenario`'s tiers and categories.
    pub fn new(confusion: &Confusion, scenario: &Scenario) -> Tables {
        let n = scenario.tiers.len();
        let categories = scenario
            .categories
            .iter()
            .enumerate()
            .map(|(c, cat)| {
                let id = CategoryId(c as u16);
                let row = |t: usize| confusion.row(id, TierId(t as u16));
                let cum = (0..n)
                    .map(|t| {
                        row(t).map(|r| {
                            r.iter()
                                .scan(0.0, |acc, &p| {
                                    *acc += p;
                                    Some(*acc)
                                })
                                .collect()
                        })
                    })
                    .collect();
                let prior = |t: usize| {
                    cat.needs
                        .iter()
                        .filter(|(need, _)| need.index() == t)
                        .map(|&(_, p)| p)
                        .sum::<f64>()
                };
                let posterior = (0..n)
                    .map(|p| {
                        let predicted: f64 = (0..n)
                            .filter_map(|t| Some(prior(t) * row(t)?.get(p).copied()?))
                            .sum();
                        let right = row(p).and_then(|r| r.get(p)).copied().unwrap_or(0.0);
                        if predicted > 0.0 {
                            (prior(p) * right / predicted).clamp(0.0, 1.0)
                        } else {
                            0.0
                        }
                    })
                    .collect();
                CategoryTable { cum, posterior }
            })
            .collect();
        Tables { categories }
    }

    /// The tier predicted for a ticket of `category` needing `need`, from a uniform
    /// `u` on `[0, 1)`: the first tier whose cumulative probability exceeds `u` (the
    /// last tier with a positive probability when rounding leaves `u` above them all);
    /// `need` itself when there is no row.
    pub fn predict(&self, category: CategoryId, need: TierId, u: f64) -> TierId {
        let Some(cum) = self
            .categories
            .get(category.index())
            .and_then(|c| c.cum.get(need.index()))
            .and_then(Option::as_ref)
        else {
            return need;
        };
        let picked = cum.iter().position(|&x| u < x).or_else(|| {
            // Rounding: the last tier that adds probability.
            (0..cum.len())
                .rev()
                .find(|&i| cum[i] > if i == 0 { 0.0 } else { cum[i - 1] })
        });
        picked.map_or(need, |i| TierId(i as u16))
    }

    /// `q_c(p)`: the probability that predicting `predicted` for a ticket of
    /// `category` is right (1 for a category or tier the tables do not know).
    pub fn posterior(&self, category: CategoryId, predicted: TierId) -> f64 {
        self.categories
            .get(category.index())
            .and_then(|c| c.posterior.get(predicted.index()))
            .copied()
            .unwrap_or(1.0)
    }
}

/// The reported confidence of a prediction whose posterior is `q`, given whether it is
/// `right`, from a uniform `u` on `[0, 1)`: on the range of the uniform shorthand
/// (`[2q − 1, 1]` when `q ≥ ½`, else `[0, 2q]`), with density `∝ x` when right and
/// `∝ 1 − x` when wrong (both by inverse CDF), so that `P(right | x) = x`.
pub fn confidence_given(q: f64, right: bool, u: f64) -> f64 {
    let q = q.clamp(0.0, 1.0);
    let (lo, hi) = if q >= 0.5 {
        (2.0 * q - 1.0, 1.0)
    } else {
        (0.0, 2.0 * q)
    };
    let x = if right {
        (lo * lo + u * (hi * hi - lo * lo)).sqrt()
    } else {
        let (dlo, dhi) = (1.0 - hi, 1.0 - lo);
        1.0 - (dlo * dlo + u * (dhi * dhi - dlo * dlo)).sqrt()
    };
    x.clamp(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario::{category, scenario};

    /// Three tiers, one category needing T1 0.6, T2 0.3, T3 0.1.
    fn three() -> Scenario {
        let mut s = scenario(&["T1", "T2", "T3"]);
        s.categories = vec![category("all", 1.0, &[(0, 0.6), (1, 0.3), (2, 0.1)])];
        s
    }

    fn matrix(rows: [[f64; 3]; 3]) -> Confusion {
        Confusion {
            rows: rows.iter().map(|r| Some(r.to_vec())).collect(),
            by_category: Vec::new(),
        }
    }

    #[test]
    fn the_posterior_is_bayes_rule_by_hand() {
        let m = matrix([[0.9, 0.08, 0.02], [0.2, 0.75, 0.05], [0.1, 0.3, 0.6]]);
        let t = Tables::new(&m, &three());
        // Predicted T1: 0.6·0.9 = 0.54 right of 0.54 + 0.3·0.2 + 0.1·0.1 = 0.61.
        let q1 = t.posterior(CategoryId(0), TierId(0));
        assert!((q1 - 0.54 / 0.61).abs() < 1e-12, "{q1}");
        // Predicted T2: 0.225 of 0.048 + 0.225 + 0.03 = 0.303.
        let q2 = t.posterior(CategoryId(0), TierId(1));
        assert!((q2 - 0.225 / 0.303).abs() < 1e-12, "{q2}");
        // Predicted T3: 0.06 of 0.012 + 0.015 + 0.06 = 0.087.
        let q3 = t.posterior(CategoryId(0), TierId(2));
        assert!((q3 - 0.06 / 0.087).abs() < 1e-12, "{q3}");
    }

    #[test]
    fn the_documented_example_by_hand() {
        // docs/ai.md: 0.57 / 0.611, 0.249 / 0.293, 0.075 / 0.096.
        let m = matrix([[0.95, 0.04, 0.01], [0.12, 0.83, 0.05], [0.05, 0.2, 0.75]]);
        let t = Tables::new(&m, &three());
        let q: Vec<f64> = (0..3)
            .map(|p| t.posterior(CategoryId(0), TierId(p)))
            .collect();
        for (got, want) in q.iter().zip([0.57 / 0.611, 0.249 / 0.293, 0.075 / 0.096]) {
            assert!((got - want).abs() < 1e-12, "{q:?}");
        }
    }

    #[test]
    fn predictions_follow_the_row_by_inverse_cdf() {
        let m = matrix([[0.9, 0.08, 0.02], [0.2, 0.75, 0.05], [0.0, 0.0, 1.0]]);
        let t = Tables::new(&m, &three());
        let c = CategoryId(0);
        assert_eq!(t.predict(c, TierId(0), 0.0), TierId(0));
        assert_eq!(t.predict(c, TierId(0), 0.899_999), TierId(0));
        assert_eq!(t.predict(c, TierId(0), 0.9), TierId(1));
        assert_eq!(t.predict(c, TierId(0), 0.979_999), TierId(1));
        assert_eq!(t.predict(c, TierId(0), 0.98), TierId(2));
        assert_eq!(t.predict(c, TierId(1), 0.1), TierId(0));
        assert_eq!(t.predict(c, TierId(1), 0.96), TierId(2));
        // Leading zeros are skipped, and rounding above the last sum picks the last
        // tier that has probability.
        assert_eq!(t.predict(c, TierId(2), 0.0), TierId(2));
        let short = matrix([[0.5, 0.5 - 1e-10, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
        let t = Tables::new(&short, &three());
        assert_eq!(t.predict(c, TierId(0), 0.999_999_999_99), TierId(1));
    }

    #[test]
    fn identity_rows_are_always_right_with_posterior_one() {
        let t = Tables::new(
            &matrix([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
            &three(),
        );
        for need in 0..3 {
            for k in 0..100 {
                let u = f64::from(k) / 100.0;
                assert_eq!(t.predict(CategoryId(0), TierId(need), u), TierId(need));
            }
            assert_eq!(t.posterior(CategoryId(0), TierId(need)), 1.0);
        }
        assert_eq!(confidence_given(1.0, true, 0.3), 1.0);
    }

    #[test]
    fn category_rows_override_the_base_row_only_for_their_category() {
        let mut s = three();
        s.categories
            .push(category("other", 0.0, &[(0, 0.6), (1, 0.3), (2, 0.1)]));
        let mut m = matrix([[0.9, 0.1, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
        m.by_category = vec![vec![], vec![Some(vec![0.0, 0.0, 1.0]), None, None]];
        let t = Tables::new(&m, &s);
        assert_eq!(t.predict(CategoryId(0), TierId(0), 0.5), TierId(0));
        assert_eq!(t.predict(CategoryId(1), TierId(0), 0.5), TierId(2));
        // Category 1's T2 row is the base row.
        assert_eq!(t.predict(CategoryId(1), TierId(1), 0.5), TierId(1));
        // Predicted T3 in category 1: 0.1 right of 0.6 + 0.1.
        let q = t.posterior(CategoryId(1), TierId(2));
        assert!((q - 0.1 / 0.7).abs() < 1e-12, "{q}");
    }

    #[test]
    fn a_prediction_no_ticket_needs_has_posterior_zero() {
        let mut s = three();
        s.categories = vec![category("all", 1.0, &[(0, 0.7), (1, 0.3)])];
        let m = Confusion {
            rows: vec![Some(vec![0.9, 0.05, 0.05]), Some(vec![0.1, 0.9, 0.0]), None],
            by_category: Vec::new(),
        };
        let t = Tables::new(&m, &s);
        assert_eq!(t.posterior(CategoryId(0), TierId(2)), 0.0);
        assert_eq!(confidence_given(0.0, false, 0.7), 0.0);
        // No row: the need itself.
        assert_eq!(t.predict(CategoryId(0), TierId(2), 0.5), TierId(2));
    }

    #[test]
    fn conditional_confidence_has_the_documented_quantiles() {
        // q = 0.75: range [0.5, 1]. Right: x = √(0.25 + u·0.75); wrong:
        // x = 1 − √(u·0.25).
        assert_eq!(confidence_given(0.75, true, 0.0), 0.5);
        assert!((confidence_given(0.75, true, 0.5) - 0.625_f64.sqrt()).abs() < 1e-15);
        assert_eq!(confidence_given(0.75, false, 0.0), 1.0);
        assert_eq!(confidence_given(0.75, false, 0.64), 0.6);
        // q = 0.25: range [0, 0.5]. Right: x = √(u·0.25); wrong: 1 − √(0.25 + u·0.75).
        assert_eq!(confidence_given(0.25, true, 0.64), 0.4);
        assert_eq!(confidence_given(0.25, false, 0.0), 0.5);
    }

    #[test]
    fn conditional_confidence_is_calibrated() {
        // Tickets right with probability q, confidence drawn given right or wrong:
        // in every confidence bin the share right is the bin's mean confidence.
        for q in [0.3, 0.62, 0.9] {
            let n = 200_000u32;
            let mut bins = [(0u32, 0u32, 0.0f64); 10];
            let mut sum = 0.0;
            for i in 0..n {
                // Two interleaved low-discrepancy sequences: the right/wrong split
                // and the confidence quantile.
                let u_right = (f64::from(i) * 0.618_033_988_749_895).fract();
                let u = (f64::from(i) * 0.754_877_666_246_693).fract();
                let right = u_right < q;
                let x = confidence_given(q, right, u);
                sum += x;
                let b = ((x * 10.0) as usize).min(9);
                bins[b].0 += 1;
                bins[b].1 += u32::from(right);
                bins[b].2 += x;
            }
            assert!((sum / f64::from(n) - q).abs() < 0.002, "q {q}: mean");
            for (k, r, s) in bins.into_iter().filter(|b| b.0 > 2000) {
                let (share, mean) = (f64::from(r) / f64::from(k), s / f64::from(k));
                assert!((share - mean).abs() < 0.01, "q {q}: {share} vs {mean}");
            }
        }
    }
}
