//! Reading back numbers that JSON wrote as `null`: serde_json writes NaN and infinities
//! as `null`, and these helpers read `null` back as NaN, so an undefined metric
//! survives a round trip through a saved summary or a partial result file. Finite
//! values round-trip exactly (serde_json prints the shortest form that reads back to the
//! same bits, and the `float_roundtrip` feature parses it exactly).

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

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize)]
    struct Both {
        #[serde(deserialize_with = "super::f64_or_nan")]
        x: f64,
        #[serde(deserialize_with = "super::vec_f64_or_nan")]
        v: Vec<f64>,
    }

    #[test]
    fn nan_survives_and_finite_values_round_trip_exactly() {
        let values = [
            0.1,
            1.0 / 3.0,
            f64::MIN_POSITIVE,
            5e-324,
            1e300,
            -0.0,
            f64::NAN,
        ];
        let b = Both {
            x: f64::NAN,
            v: values.to_vec(),
        };
        let text = serde_json::to_string(&b).unwrap_or_default();
        assert!(text.starts_with("{\"x\":null"), "{text}");
        let back: Both = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert!(back.x.is_nan());
        for (a, b) in values.iter().zip(&back.v) {
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{a} {b}"
            );
        }
    }
}
