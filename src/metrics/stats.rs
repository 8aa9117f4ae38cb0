//! Small, exact statistics: sample mean, standard deviation and Student-t confidence
//! intervals across replications.

/// Two-sided 97.5 % quantiles of Student's t for 1..=30 degrees of freedom.
const T975: [f64; 30] = [
    12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
    2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
    2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
];

/// The 0.975 quantile of Student's t with `df` degrees of freedom (a table up to 30,
/// the Cornish–Fisher expansion beyond, accurate to about 1e-5).
pub fn t_975(df: u64) -> f64 {
    if df == 0 {
        return f64::INFINITY;
    }
    if df <= 30 {
        return T975[df as usize - 1];
    }
    let z: f64 = 1.959_963_984_540_054;
    let v = df as f64;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * v)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
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
    fn t_quantiles_join_the_table_smoothly() {
        // Reference values of t_0.975: df 40 → 2.02108, df 120 → 1.97993.
        assert!((t_975(40) - 2.02108).abs() < 1e-4);
        assert!((t_975(120) - 1.97993).abs() < 1e-4);
        assert!(t_975(31) < t_975(30));
    }

    #[test]
    fn mean_ci_by_hand() {
        // xs = 1..=5: mean 3, sd sqrt(2.5), half-width t(4) * sd / sqrt(5).
        let m = MeanCi::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(m.n, 5);
        assert_eq!(m.mean, 3.0);
        assert!((m.sd - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((m.half_width - 2.77645 * 2.5f64.sqrt() / 5f64.sqrt()).abs() < 1e-9);
        // Non-finite values are skipped.
        let m = MeanCi::of(&[f64::NAN, 2.0, 4.0]);
        assert_eq!((m.n, m.mean), (2, 3.0));
    }
}
