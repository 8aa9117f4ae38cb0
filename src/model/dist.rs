//! Probability distributions as values with named parameters (Ciw/SimPy style).
//!
//! A [`Dist`] is unit-agnostic: the scenario field that holds it carries the unit in its
//! name (`handle_minutes`, `account_value_usd`), and every parameter is in that unit.
//! Constructors check their parameters, so a built `Dist` always samples finite,
//! non-negative values.

use rand::Rng;
use rand::distr::Distribution;
use rand_distr::{Exp, Gamma, LogNormal, Uniform};

/// A sampling distribution over non-negative reals.
#[derive(Clone, Debug)]
pub enum Dist {
    /// Always `value`.
    Constant { value: f64 },
    /// Exponential with the given mean.
    Exponential { mean: f64, exp: Exp<f64> },
    /// Lognormal with the given mean and coefficient of variation (sd / mean).
    LogNormal {
        mean: f64,
        cv: f64,
        lognormal: LogNormal<f64>,
    },
    /// Gamma with `shape` k and `scale` θ (mean kθ).
    Gamma {
        shape: f64,
        scale: f64,
        gamma: Gamma<f64>,
    },
    /// Uniform on `[min, max)`.
    Uniform {
        min: f64,
        max: f64,
        uniform: Uniform<f64>,
    },
    /// Uniform choice among the listed values (a resampled empirical distribution).
    Empirical { values: Vec<f64> },
}

/// Why a distribution's parameters were refused; the message names the parameter and
/// the accepted range.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DistError(pub String);

fn finite_non_negative(name: &str, v: f64) -> Result<(), DistError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(DistError(format!(
            "`{name}` must be a finite number >= 0, got {v}"
        )))
    }
}

fn finite_positive(name: &str, v: f64) -> Result<(), DistError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(DistError(format!(
            "`{name}` must be a finite number > 0, got {v}"
        )))
    }
}

impl Dist {
    /// A constant `value` (>= 0).
    pub fn constant(value: f64) -> Result<Dist, DistError> {
        finite_non_negative("value", value)?;
        Ok(Dist::Constant { value })
    }

    /// Exponential with mean `mean` (> 0).
    pub fn exponential(mean: f64) -> Result<Dist, DistError> {
        finite_positive("mean", mean)?;
        let exp = Exp::new(1.0 / mean).map_err(|e| DistError(format!("exponential: {e}")))?;
        Ok(Dist::Exponential { mean, exp })
    }

    /// Lognormal with mean `mean` (> 0) and coefficient of variation `cv` (> 0).
    pub fn lognormal_mean_cv(mean: f64, cv: f64) -> Result<Dist, DistError> {
        finite_positive("mean", mean)?;
        finite_positive("cv", cv)?;
        let lognormal =
            LogNormal::from_mean_cv(mean, cv).map_err(|e| DistError(format!("lognormal: {e}")))?;
        Ok(Dist::LogNormal {
            mean,
            cv,
            lognormal,
        })
    }

    /// Lognormal with mean `mean` (> 0) and standard deviation `sd` (> 0).
    pub fn lognormal_mean_sd(mean: f64, sd: f64) -> Result<Dist, DistError> {
        finite_positive("sd", sd)?;
        finite_positive("mean", mean)?;
        Dist::lognormal_mean_cv(mean, sd / mean)
    }

    /// Gamma with shape `shape` (> 0) and scale `scale` (> 0).
    pub fn gamma(shape: f64, scale: f64) -> Result<Dist, DistError> {
        finite_positive("shape", shape)?;
        finite_positive("scale", scale)?;
        let gamma = Gamma::new(shape, scale).map_err(|e| DistError(format!("gamma: {e}")))?;
        Ok(Dist::Gamma {
            shape,
            scale,
            gamma,
        })
    }

    /// Gamma with mean `mean` (> 0) and coefficient of variation `cv` (> 0).
    pub fn gamma_mean_cv(mean: f64, cv: f64) -> Result<Dist, DistError> {
        finite_positive("mean", mean)?;
        finite_positive("cv", cv)?;
        let shape = 1.0 / (cv * cv);
        Dist::gamma(shape, mean / shape)
    }

    /// Uniform on `[min, max)`, `0 <= min < max`.
    pub fn uniform(min: f64, max: f64) -> Result<Dist, DistError> {
        finite_non_negative("min", min)?;
        finite_non_negative("max", max)?;
        if min >= max {
            return Err(DistError(format!(
                "`min` ({min}) must be less than `max` ({max})"
            )));
        }
        let uniform = Uniform::new(min, max).map_err(|e| DistError(format!("uniform: {e}")))?;
        Ok(Dist::Uniform { min, max, uniform })
    }

    /// Uniform choice among `values` (non-empty, each >= 0).
    pub fn empirical(values: Vec<f64>) -> Result<Dist, DistError> {
        if values.is_empty() {
            return Err(DistError("`values` must list at least one value".into()));
        }
        for (i, v) in values.iter().enumerate() {
            finite_non_negative(&format!("values[{i}]"), *v)?;
        }
        Ok(Dist::Empirical { values })
    }

    /// The distribution of `factor ×` a draw of this one (`factor > 0`): the same family
    /// with its scale multiplied, so a draw made from the same random numbers is
    /// `factor` times the original draw (up to rounding): what-if sweeps keep common
    /// random numbers.
    pub fn scaled(&self, factor: f64) -> Result<Dist, DistError> {
        finite_positive("factor", factor)?;
        match self {
            Dist::Constant { value } => Dist::constant(value * factor),
            Dist::Exponential { mean, .. } => Dist::exponential(mean * factor),
            Dist::LogNormal { mean, cv, .. } => Dist::lognormal_mean_cv(mean * factor, *cv),
            Dist::Gamma { shape, scale, .. } => Dist::gamma(*shape, scale * factor),
            Dist::Uniform { min, max, .. } => Dist::uniform(min * factor, max * factor),
            Dist::Empirical { values } => {
                Dist::empirical(values.iter().map(|v| v * factor).collect())
            }
        }
    }

    /// Draws one value (>= 0, finite).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Constant { value } => *value,
            Dist::Exponential { exp, .. } => exp.sample(rng),
            Dist::LogNormal { lognormal, .. } => lognormal.sample(rng),
            Dist::Gamma { gamma, .. } => gamma.sample(rng),
            Dist::Uniform { uniform, .. } => uniform.sample(rng),
            Dist::Empirical { values } => {
                let i = (rng.next_u64() % values.len() as u64) as usize;
                values[i]
            }
        }
    }

    /// The distribution's mean.
    pub fn mean(&self) -> f64 {
        match self {
            Dist::Constant { value } => *value,
            Dist::Exponential { mean, .. } | Dist::LogNormal { mean, .. } => *mean,
            Dist::Gamma { shape, scale, .. } => shape * scale,
            Dist::Uniform { min, max, .. } => 0.5 * (min + max),
            Dist::Empirical { values } => values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// The coefficient of variation (sd / mean); 0 for a constant.
    pub fn cv(&self) -> f64 {
        let mean = self.mean();
        if mean == 0.0 {
            return 0.0;
        }
        let var = match self {
            Dist::Constant { .. } => 0.0,
            Dist::Exponential { mean, .. } => mean * mean,
            Dist::LogNormal { mean, cv, .. } => (mean * cv).powi(2),
            Dist::Gamma { shape, scale, .. } => shape * scale * scale,
            Dist::Uniform { min, max, .. } => (max - min).powi(2) / 12.0,
            Dist::Empirical { values } => {
                values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64
            }
        };
        var.sqrt() / mean
    }

    /// A short human description, e.g. `exponential(mean 5)`.
    pub fn describe(&self) -> String {
        match self {
            Dist::Constant { value } => format!("constant({value})"),
            Dist::Exponential { mean, .. } => format!("exponential(mean {mean})"),
            Dist::LogNormal { mean, cv, .. } => format!("lognormal(mean {mean}, cv {cv})"),
            Dist::Gamma { shape, scale, .. } => format!("gamma(shape {shape}, scale {scale})"),
            Dist::Uniform { min, max, .. } => format!("uniform({min}, {max})"),
            Dist::Empirical { values } => format!("empirical({} values)", values.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    #[test]
    fn a_scaled_distribution_scales_each_draw() {
        let dists = [
            Dist::constant(3.0),
            Dist::exponential(10.0),
            Dist::lognormal_mean_cv(10.0, 1.5),
            Dist::gamma_mean_cv(10.0, 0.5),
            Dist::uniform(2.0, 8.0),
            Dist::empirical(vec![1.0, 4.0, 9.0]),
        ];
        for d in dists
            .into_iter()
            .map(|d| d.unwrap_or_else(|e| panic!("{e}")))
        {
            let s = d.scaled(1.25).unwrap_or_else(|e| panic!("{e}"));
            let (mut a, mut b) = (ChaCha8Rng::seed_from_u64(3), ChaCha8Rng::seed_from_u64(3));
            for _ in 0..200 {
                let (x, y) = (d.sample(&mut a), s.sample(&mut b));
                assert!(
                    (y - 1.25 * x).abs() <= 1e-9 * x.max(1.0),
                    "{}: {x} → {y}",
                    d.describe()
                );
            }
            assert!((s.mean() - 1.25 * d.mean()).abs() < 1e-9);
        }
        assert!(
            Dist::constant(1.0)
                .unwrap_or_else(|e| panic!("{e}"))
                .scaled(0.0)
                .is_err()
        );
    }

    fn sample_mean_cv(d: &Dist, n: usize) -> (f64, f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let xs: Vec<f64> = (0..n).map(|_| d.sample(&mut rng)).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
        (m, v.sqrt() / m)
    }

    #[test]
    fn sample_moments_match_parameters() {
        let cases = [
            Dist::exponential(5.0).unwrap(),
            Dist::lognormal_mean_cv(10.0, 0.5).unwrap(),
            Dist::lognormal_mean_sd(10.0, 20.0).unwrap(),
            Dist::gamma_mean_cv(8.0, 0.7).unwrap(),
            Dist::uniform(2.0, 6.0).unwrap(),
            Dist::empirical(vec![1.0, 2.0, 9.0]).unwrap(),
        ];
        for d in &cases {
            let (m, cv) = sample_mean_cv(d, 400_000);
            assert!(
                (m / d.mean() - 1.0).abs() < 0.02,
                "{} mean {m}",
                d.describe()
            );
            assert!(
                (cv - d.cv()).abs() < 0.03 * d.cv().max(0.3),
                "{} cv {cv}",
                d.describe()
            );
        }
    }

    #[test]
    fn bad_parameters_are_refused_with_the_parameter_named() {
        assert!(Dist::exponential(0.0).unwrap_err().0.contains("`mean`"));
        assert!(Dist::exponential(f64::NAN).is_err());
        assert!(Dist::uniform(5.0, 5.0).unwrap_err().0.contains("`min`"));
        assert!(Dist::empirical(vec![]).is_err());
        assert!(Dist::constant(-1.0).is_err());
        assert!(
            Dist::lognormal_mean_cv(1.0, 0.0)
                .unwrap_err()
                .0
                .contains("`cv`")
        );
    }
}
