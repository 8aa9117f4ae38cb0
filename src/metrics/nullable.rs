//! Reading back numbers that JSON wrote as `null`: serde_json writes NaN and infinities
//! as `null`, so a saved summary reads `null` back as NaN.

use serde::{Deserialize, Deserializer};

/// A number, or NaN for `null`.
pub fn f64_or_nan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// A list of numbers, NaN for each `null`.
pub fn vec_f64_or_nan<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Ok(Vec::<Option<f64>>::deserialize(d)?
        .into_iter()
        .map(|x| x.unwrap_or(f64::NAN))
        .collect())
}
