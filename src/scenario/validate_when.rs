//! Conditions of rules and triggers (`when = { severity = ["critical"], … }`) →
//! [`Condition`]s, in the order written.
//!
//! The raw `when` table keeps its values untyped, so an unknown condition key is
//! reported here with every known key and the closest one, and each value is checked
//! against what its key takes (names of severities, segments, categories, keywords or
//! tiers; a number in the field's range for `<field>_min` / `<field>_below`).

use super::context::Refs;
use super::problem::{Problems, index, join, num};
use super::raw::RawWhen;
use super::suggest::{Names, closest, word};
use super::validate_vocab::keyword_mask;
use crate::model::sop::{Cmp, Condition, Field};
use crate::model::{CategoryId, SegmentId, Severity, TierId};

/// Condition keys that take names.
const NAME_KEYS: [&str; 6] = [
    "severity",
    "severity_at_least",
    "segment",
    "category",
    "keywords_any",
    "predicted_tier",
];

/// Suffixes people reach for instead of `_min` / `_below`.
const WRONG_SUFFIXES: [&str; 9] = [
    "_at_least",
    "_above",
    "_over",
    "_max",
    "_at_most",
    "_under",
    "_less_than",
    "_greater_than",
    "_less",
];

/// Every known condition key, name keys first, then `<field>_min` and `<field>_below`
/// for each field in documentation order.
pub(crate) fn known_keys() -> Vec<String> {
    let mut out: Vec<String> = NAME_KEYS.iter().map(|k| k.to_string()).collect();
    for f in Field::ALL {
        out.push(format!("{}_min", f.name()));
        out.push(format!("{}_below", f.name()));
    }
    out
}

/// The field and comparison of a `<field>_min` / `<field>_below` key.
fn field_key(key: &str) -> Option<(Field, Cmp)> {
    let (stem, cmp) = if let Some(stem) = key.strip_suffix("_min") {
        (stem, Cmp::AtLeast)
    } else {
        (key.strip_suffix("_below")?, Cmp::Below)
    };
    Field::ALL
        .into_iter()
        .find(|f| f.name() == stem)
        .map(|f| (f, cmp))
}

/// The conditions of the `when` table at `path` (`None` or empty: always matches).
/// `None` after reporting a problem.
pub(crate) fn conditions(
    problems: &mut Problems,
    path: &str,
    when: Option<&RawWhen>,
    refs: &Refs,
    keywords: &Names,
) -> Option<Vec<Condition>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (key, value) in when.into_iter().flatten() {
        match condition(problems, &join(path, key), key, value, refs, keywords) {
            Some(c) => out.push(c),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn condition(
    problems: &mut Problems,
    path: &str,
    key: &str,
    value: &toml::Value,
    refs: &Refs,
    keywords: &Names,
) -> Option<Condition> {
    let ids = |problems: &mut Problems, names: &Names, example: &str| {
        let list = string_list(problems, path, value, example)?;
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (i, n) in list.iter().enumerate() {
            match names.lookup(problems, &index(path, i), n) {
                Some(id) => out.push(id as u16),
                None => ok = false,
            }
        }
        ok.then_some(out)
    };
    match key {
        "severity" => {
            let list = string_list(problems, path, value, "severity = [\"critical\", \"high\"]")?;
            let sevs: Vec<Option<Severity>> = list
                .iter()
                .enumerate()
                .map(|(i, s)| severity(problems, &index(path, i), s))
                .collect();
            sevs.into_iter()
                .collect::<Option<Vec<_>>>()
                .map(Condition::SeverityIn)
        }
        "severity_at_least" => match value {
            toml::Value::String(s) => severity(problems, path, s).map(Condition::SeverityAtLeast),
            other => {
                problems.error(
                    path,
                    format!("must be a severity name, got {other}"),
                    "e.g. severity_at_least = \"high\" (critical, high, medium or low)",
                );
                None
            }
        },
        "segment" => ids(problems, &refs.segments, "segment = [\"enterprise\"]")
            .map(|v| Condition::SegmentIn(v.into_iter().map(SegmentId).collect())),
        "category" => ids(problems, &refs.categories, "category = [\"billing\"]")
            .map(|v| Condition::CategoryIn(v.into_iter().map(CategoryId).collect())),
        "predicted_tier" => ids(problems, &refs.tiers, "predicted_tier = [\"T3\"]")
            .map(|v| Condition::PredictedTierIn(v.into_iter().map(TierId).collect())),
        "keywords_any" => {
            let list = string_list(problems, path, value, "keywords_any = [\"outage\"]")?;
            keyword_mask(problems, path, &list, keywords).map(Condition::KeywordsAny)
        }
        _ => match field_key(key) {
            Some((field, cmp)) => {
                threshold(problems, path, field, value).map(|x| Condition::Compare(field, cmp, x))
            }
            None => {
                unknown_key(problems, path, key);
                None
            }
        },
    }
}

fn unknown_key(problems: &mut Problems, path: &str, key: &str) {
    let names: Vec<String> = NAME_KEYS.iter().map(|k| format!("`{k}`")).collect();
    let fields: Vec<String> = Field::ALL
        .iter()
        .map(|f| format!("`{}`", f.name()))
        .collect();
    let message = format!(
        "unknown condition `{key}` (known: {}, and `<field>_min` (>=) or `<field>_below` (<) for the fields {})",
        names.join(", "),
        fields.join(", ")
    );
    let wrong_suffix = WRONG_SUFFIXES.iter().find_map(|suffix| {
        let stem = key.strip_suffix(suffix)?;
        Field::ALL.into_iter().find(|f| f.name() == stem)
    });
    let keys = known_keys();
    let fix = match (wrong_suffix, closest(key, keys.iter().map(String::as_str))) {
        (Some(f), _) => format!(
            "compare `{0}` with `{0}_min` (at least) or `{0}_below` (less than)",
            f.name()
        ),
        (None, Some(k)) => format!("did you mean `{k}`?"),
        (None, None) => "use one of the known condition keys (see docs/sop.md)".to_string(),
    };
    problems.error(path, message, fix);
}

/// A non-empty list of names (an array of strings).
fn string_list(
    problems: &mut Problems,
    path: &str,
    value: &toml::Value,
    example: &str,
) -> Option<Vec<String>> {
    let items = match value {
        toml::Value::Array(items) => items,
        other => {
            let key = path.rsplit('.').next().unwrap_or_default();
            let fix = match other {
                toml::Value::String(s) => {
                    format!("write a list, even of one name: {key} = [{s:?}]")
                }
                _ => format!("e.g. {example}"),
            };
            problems.error(path, format!("must be a list of names, got {other}"), fix);
            return None;
        }
    };
    if items.is_empty() {
        problems.error(
            path,
            "must list at least one name (an empty list never matches)",
            format!("e.g. {example}, or remove the condition"),
        );
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    let mut ok = true;
    for (i, item) in items.iter().enumerate() {
        match item {
            toml::Value::String(s) => out.push(s.clone()),
            other => {
                problems.error(
                    index(path, i),
                    format!("must be a name (a string), got {other}"),
                    format!("e.g. {example}"),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// A severity name (`critical`, `high`, `medium`, `low`).
pub(crate) fn severity(problems: &mut Problems, path: &str, name: &str) -> Option<Severity> {
    word(
        problems,
        path,
        "severity",
        name,
        (
            &Severity::ALL.map(Severity::name),
            "known: critical, high, medium, low",
        ),
        "use critical, high, medium or low",
    )
    .map(|i| Severity::ALL[i])
}

/// The threshold of a `<field>_min` / `<field>_below` condition, in the field's unit
/// and range.
fn threshold(
    problems: &mut Problems,
    path: &str,
    field: Field,
    value: &toml::Value,
) -> Option<f64> {
    let (lo, hi, whole, what) = match field {
        Field::Sentiment => (-1.0, 1.0, false, "the AI's sentiment estimate"),
        Field::AiScore => (0.0, 1.0, false, "the AI's score"),
        Field::AiConfidence => (0.0, 1.0, false, "the AI's confidence"),
        Field::AccountValue | Field::OrderValue => (0.0, f64::INFINITY, false, "currency units"),
        Field::Reopens | Field::Hops | Field::Bounces => (0.0, f64::INFINITY, true, "a count"),
        Field::WaitedMinutes => (0.0, f64::INFINITY, false, "minutes"),
        Field::SlaRemainingMinutes => (
            f64::NEG_INFINITY,
            f64::INFINITY,
            false,
            "minutes; negative once breached",
        ),
    };
    let x = match value {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        other => {
            problems.error(
                path,
                format!("must be a number ({what}), got {other}"),
                format!(
                    "e.g. {} = {}",
                    path.rsplit('.').next().unwrap_or("x"),
                    example(field)
                ),
            );
            return None;
        }
    };
    let in_range = x.is_finite() && x >= lo && x <= hi && (!whole || x.fract() == 0.0);
    if in_range {
        return Some(x);
    }
    let expected = match (whole, lo.is_finite(), hi.is_finite()) {
        (true, _, _) => "a whole number >= 0".to_string(),
        (false, true, true) => format!("a number from {} to {}", num(lo), num(hi)),
        (false, true, false) => format!("a number >= {}", num(lo)),
        _ => "a finite number".to_string(),
    };
    problems.error(
        path,
        format!("must be {expected} ({what}), got {x}"),
        format!(
            "give a threshold in the field's unit, e.g. {} = {}",
            path.rsplit('.').next().unwrap_or("x"),
            example(field)
        ),
    );
    None
}

fn example(field: Field) -> &'static str {
    match field {
        Field::Sentiment => "-0.3",
        Field::AiScore | Field::AiConfidence => "0.7",
        Field::AccountValue => "50000",
        Field::OrderValue => "500",
        Field::Reopens | Field::Hops | Field::Bounces => "2",
        Field::WaitedMinutes | Field::SlaRemainingMinutes => "30",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_min_and_a_below_key() {
        let keys = known_keys();
        assert_eq!(keys.len(), NAME_KEYS.len() + 2 * Field::ALL.len());
        for f in Field::ALL {
            let min = format!("{}_min", f.name());
            let below = format!("{}_below", f.name());
            assert_eq!(field_key(&min), Some((f, Cmp::AtLeast)));
            assert_eq!(field_key(&below), Some((f, Cmp::Below)));
            assert!(keys.contains(&min) && keys.contains(&below));
        }
        assert_eq!(field_key("sentiment_max"), None);
        assert_eq!(field_key("_min"), None);
    }

    #[test]
    fn wrong_comparison_suffix_gets_the_right_pair() {
        let mut ps = Problems::default();
        unknown_key(&mut ps, "w.sentiment_max", "sentiment_max");
        unknown_key(&mut ps, "w.sentiment_blow", "sentiment_blow");
        unknown_key(&mut ps, "w.colour", "colour");
        let list = ps.into_sorted();
        assert_eq!(
            list[0].fix,
            "compare `sentiment` with `sentiment_min` (at least) or `sentiment_below` (less than)"
        );
        assert_eq!(list[1].fix, "did you mean `sentiment_below`?");
        assert!(
            list[2].message.contains("`keywords_any`"),
            "{}",
            list[2].message
        );
        assert!(list[2].fix.contains("docs/sop.md"));
    }

    #[test]
    fn thresholds_are_checked_against_the_field_range() {
        let mut ps = Problems::default();
        let int = toml::Value::Integer;
        let float = toml::Value::Float;
        assert_eq!(
            threshold(&mut ps, "a", Field::Sentiment, &float(-0.3)),
            Some(-0.3)
        );
        assert_eq!(threshold(&mut ps, "a", Field::Reopens, &int(2)), Some(2.0));
        assert_eq!(
            threshold(&mut ps, "a", Field::SlaRemainingMinutes, &int(-30)),
            Some(-30.0)
        );
        assert_eq!(ps.error_count(), 0);
        assert_eq!(
            threshold(&mut ps, "b.sentiment_below", Field::Sentiment, &int(3)),
            None
        );
        assert_eq!(threshold(&mut ps, "c", Field::AiScore, &int(70)), None);
        assert_eq!(threshold(&mut ps, "d", Field::Hops, &float(1.5)), None);
        assert_eq!(
            threshold(&mut ps, "e", Field::WaitedMinutes, &float(f64::NAN)),
            None
        );
        let text = toml::Value::String("high".into());
        assert_eq!(threshold(&mut ps, "f", Field::AccountValue, &text), None);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 5);
        assert_eq!(
            list[0].message,
            "must be a number from -1 to 1 (the AI's sentiment estimate), got 3"
        );
        assert_eq!(
            list[0].fix,
            "give a threshold in the field's unit, e.g. sentiment_below = -0.3"
        );
        assert!(list[2].message.starts_with("must be a whole number >= 0"));
        assert!(
            list[4]
                .message
                .starts_with("must be a number (currency units)")
        );
    }
}
