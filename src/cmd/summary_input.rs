//! Checking a saved `summary.json` given to `compare` before anything is drawn: every
//! floating-point number must be finite and within ±10^15 ([`MAX_MAGNITUDE`]). No metric escalsim
//! writes (rates, hours, counts, costs) comes near it, and a larger one (an edited or
//! damaged file) would make chart axes overflow.

use serde_json::Value;

/// The largest magnitude accepted for any number of a summary.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// The JSON path of the first number of `v` beyond [`MAX_MAGNITUDE`], with its value.
pub fn first_out_of_range(v: &Value) -> Option<(String, f64)> {
    fn walk(v: &Value, path: &mut String) -> Option<(String, f64)> {
        match v {
            // Integers (seeds, counts) fit in 64 bits and are never drawn on an axis.
            Value::Number(n) if !n.is_f64() => None,
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() && x.abs() <= MAX_MAGNITUDE => None,
                Some(x) => Some((path.clone(), x)),
                None => Some((path.clone(), f64::NAN)),
            },
            Value::Array(items) => items.iter().enumerate().find_map(|(i, x)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(x, path);
                path.truncate(len);
                found
            }),
            Value::Object(map) => map.iter().find_map(|(k, x)| {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                let found = walk(x, path);
                path.truncate(len);
                found
            }),
            _ => None,
        }
    }
    walk(v, &mut String::new())
}

#[cfg(test)]
mod tests {
    use super::first_out_of_range;

    #[test]
    fn huge_numbers_are_found_with_their_path() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"a": [1, {"b": 2.5e306}], "c": -3}"#).unwrap_or_default();
        assert_eq!(
            first_out_of_range(&v),
            Some(("a[1].b".to_string(), 2.5e306))
        );
        let ok: serde_json::Value =
            serde_json::from_str(r#"{"a": [1e14, null], "c": -3, "seed": 18446744073709551615}"#)
                .unwrap_or_default();
        assert_eq!(first_out_of_range(&ok), None);
    }
}
