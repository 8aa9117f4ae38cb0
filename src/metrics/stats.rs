//! Small, exact statistics: sample mean, standard deviation and Student-t confidence
//! intervals across replications. The t quantiles come from [`super::tdist`], the one
//! Student-t implementation.

use super::tdist::t_quantile;

/// The 0.975 quantile of Student's t with `df` degrees of freedom (infinite for
/// `df = 0`): the two-sided 95 % critical value, from [`t_quantile`].
pub fn t_975(df: u64) -> f64 {
    if df == 0 {
        return f64::INFINITY;
    }
    t_quantile(0.975, df as f64)
}

/// Mean, sample standard deviation and 95 % confidence half-width of a sample.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanCi {
    /// Number of finite values used.
    pub n: u64,
    /// Sample mean (NaN when `n == 0`).
    pub mean: f64,
    /// Sample standard deviation (0 when `n < 2`).
    pub sd: f64,
    /// Half-width of the 95 % Student-t interval (infinite when `n < 2`, 0 when all
    /// values are equal).
    pub half_width: f64,
}

impl MeanCi {
    /// Summarises the finite values of `xs`, summing in order (deterministic).
    pub fn of(xs: &[f64]) -> MeanCi {
        let finite: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
        let n = finite.len() as u64;
        if n == 0 {
            return MeanCi {
                n,
                mean: f64::NAN,
                sd: 0.0,
                half_width: f64::NAN,
            };
        }
        let mean = finite.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return MeanCi {
                n,
                mean,
                sd: 0.0,
                half_width: f64::INFINITY,
            };
        }
        let var = finite.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let sd = var.sqrt();
        MeanCi {
            n,
            mean,
            sd,
            half_width: t_975(n - 1) * sd / (n as f64).sqrt(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_975_known_answers() {
        // Published t_0.975: df 1 → 12.706204736, df 4 → 2.776445105, df 30 →
        // 2.042272456, df 40 → 2.021075390, df 120 → 1.979930405.
        for (df, want) in [
            (1, 12.706_204_736),
            (4, 2.776_445_105),
            (30, 2.042_272_456),
            (40, 2.021_075_390),
            (120, 1.979_930_405),
        ] {
            assert!((t_975(df) - want).abs() < 1e-8, "df {df}: {}", t_975(df));
        }
        assert!(t_975(31) < t_975(30));
        assert_eq!(t_975(0), f64::INFINITY);
    }

    #[test]
    fn mean_ci_by_hand() {
        // xs = 1..=5: mean 3, sd sqrt(2.5), half-width t(4) * sd / sqrt(5).
        let m = MeanCi::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(m.n, 5);
        assert_eq!(m.mean, 3.0);
        assert!((m.sd - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((m.half_width - 2.776_445_105 * 2.5f64.sqrt() / 5f64.sqrt()).abs() < 1e-8);
        // Non-finite values are skipped.
        let m = MeanCi::of(&[f64::NAN, 2.0, 4.0]);
        assert_eq!((m.n, m.mean), (2, 3.0));
    }
}
