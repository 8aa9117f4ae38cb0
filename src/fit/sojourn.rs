//! Sojourn (handle) time distributions per tier and per tier × category, fitted as
//! lognormals by moments.
//!
//! One observation is a ticket's **total recorded time at a tier** (the sum of its
//! stays with that tier's groups), in minutes: exactly what replay uses as the
//! ticket's handle time at a visited tier (`docs/replay.md`), so the fitted
//! distribution is what a tier the ticket did not visit should draw from. With `n`
//! observations `x_i`: `mean = Σx / n`, `sd = sqrt(Σ(x − mean)² / (n − 1))` (0 when
//! `n = 1`), `cv = sd / mean`. The lognormal with that mean and cv has
//! `σ² = ln(1 + cv²)`, `μ = ln(mean) − σ²/2`; the scenario takes `mean` and `cv`.
//!
//! A tier × category distribution is reported only with at least
//! [`MIN_CATEGORY_SAMPLES`] observations; other categories use the tier's.

use super::Obs;

/// Fewest observations of a category at a tier for its own distribution.
pub const MIN_CATEGORY_SAMPLES: u64 = 30;

/// Sample moments of sojourn times.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moments {
    /// Observations.
    pub n: u64,
    /// Mean, minutes.
    pub mean_minutes: f64,
    /// Coefficient of variation (sample sd / mean; 0 when the mean is 0 or `n = 1`).
    pub cv: f64,
}

impl Moments {
    /// The lognormal's `(μ, σ)` for these moments (of the log of minutes).
    pub fn lognormal_mu_sigma(&self) -> (f64, f64) {
        let s2 = (1.0 + self.cv * self.cv).ln();
        (self.mean_minutes.ln() - s2 / 2.0, s2.sqrt())
    }
}

/// Moments of `xs` (minutes); `None` when empty.
pub fn moments(xs: &[f64]) -> Option<Moments> {
    if xs.is_empty() {
        return None;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = if xs.len() > 1 {
        (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    Some(Moments {
        n: xs.len() as u64,
        mean_minutes: mean,
        cv: if mean > 0.0 { sd / mean } else { 0.0 },
    })
}

/// Fitted sojourns.
#[derive(Clone, Debug, PartialEq)]
pub struct Sojourns {
    /// Per tier (`None`: never visited).
    pub per_tier: Vec<Option<Moments>>,
    /// Per tier, per category: `Some` only with at least [`MIN_CATEGORY_SAMPLES`].
    pub per_category: Vec<Vec<Option<Moments>>>,
}

impl Sojourns {
    /// The moments of category `c` at tier `t`, when it has its own.
    pub fn category(&self, t: usize, c: usize) -> Option<Moments> {
        self.per_category.get(t)?.get(c).copied().flatten()
    }
}

/// Per-ticket total minutes at each tier of `obs`, grouped per tier and category.
pub fn estimate(n_tiers: usize, n_categories: usize, obs: &[Obs]) -> Sojourns {
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); n_tiers];
    let mut by_cat: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); n_categories]; n_tiers];
    for o in obs {
        let mut total = vec![None::<i64>; n_tiers];
        for &(tier, ms) in &o.path {
            if let Some(t) = total.get_mut(tier.index()) {
                *t = Some(t.unwrap_or(0).saturating_add(ms));
            }
        }
        for (tier, ms) in total.iter().enumerate() {
            let Some(ms) = ms else { continue };
            let minutes = *ms as f64 / 60_000.0;
            all[tier].push(minutes);
            if let Some(v) = by_cat[tier].get_mut(o.category.index()) {
                v.push(minutes);
            }
        }
    }
    Sojourns {
        per_tier: all.iter().map(|xs| moments(xs)).collect(),
        per_category: by_cat
            .iter()
            .map(|cats| {
                cats.iter()
                    .map(|xs| moments(xs).filter(|m| m.n >= MIN_CATEGORY_SAMPLES))
                    .collect()
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CategoryId, Severity, TierId};

    #[test]
    fn moments_by_hand() {
        let m = moments(&[10.0, 20.0, 30.0]).unwrap_or_else(|| panic!("empty"));
        assert_eq!(m.n, 3);
        assert!((m.mean_minutes - 20.0).abs() < 1e-12);
        assert!((m.cv - 0.5).abs() < 1e-12); // sd 10 (n − 1)
        let (mu, sigma) = m.lognormal_mu_sigma();
        assert!((sigma * sigma - 1.25f64.ln()).abs() < 1e-12);
        assert!((mu - (20f64.ln() - 1.25f64.ln() / 2.0)).abs() < 1e-12);
        assert_eq!(moments(&[5.0]).map(|m| m.cv), Some(0.0));
        assert!(moments(&[]).is_none());
    }

    #[test]
    fn repeated_stays_at_a_tier_add_up() {
        let o = Obs {
            arrival_ms: 0,
            severity: Severity::Low,
            category: CategoryId(0),
            path: vec![
                (TierId(0), 60_000),
                (TierId(1), 120_000),
                (TierId(0), 180_000),
            ],
        };
        let s = estimate(2, 1, &[o]);
        assert_eq!(s.per_tier[0].map(|m| m.mean_minutes), Some(4.0));
        assert_eq!(s.per_tier[1].map(|m| m.mean_minutes), Some(2.0));
        assert_eq!(s.per_category[0][0], None); // fewer than MIN_CATEGORY_SAMPLES
    }
}
