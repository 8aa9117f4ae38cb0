//! The AI's confusion matrices: `[ai.confusion]` (a row per needed tier, giving the
//! probability of each predicted tier) and `[ai.confusion.by_category.<c>]` (rows of
//! one category, overriding the base rows) → [`Confusion`].
//!
//! Every row names tiers, gives probabilities on `[0, 1]` (tiers left out are 0) that
//! sum to 1 within 1e-9; every tier a category needs must have a row for that
//! category (its own or the base one).

use indexmap::IndexMap;

use super::problem::{Problems, join, num};
use super::suggest::Names;
use crate::model::{Category, CategoryId, Confusion, TierId};

/// How far a row's sum may be from 1.
const ROW_SUM_TOLERANCE: f64 = 1e-9;

const BY_CATEGORY: &str = "by_category";

const ROW_FIX: &str = "give the probability of each predicted tier for tickets that need this tier, e.g. T1 = { T1 = 0.95, T2 = 0.04, T3 = 0.01 }";

/// Validates `[ai.confusion]` against the scenario's tiers and categories (`typed`:
/// the validated categories, when they are valid, for the coverage check).
pub(crate) fn confusion(
    problems: &mut Problems,
    raw: &IndexMap<String, toml::Value>,
    tiers: &Names,
    categories: &Names,
    typed: Option<&[Category]>,
) -> Option<Confusion> {
    let n = tiers.names.len();
    let mut ok = true;
    let mut rows: Vec<Option<Vec<f64>>> = vec![None; n];
    let mut by_category: Vec<Vec<Option<Vec<f64>>>> = Vec::new();
    for (key, value) in raw {
        let path = join("ai.confusion", key);
        if key == BY_CATEGORY {
            ok &= overrides(problems, &path, value, tiers, categories, &mut by_category);
            continue;
        }
        ok &= put_row(problems, &path, key, value, tiers, &mut rows);
    }
    let confusion = Confusion { rows, by_category };
    if let (true, Some(typed)) = (ok, typed) {
        ok &= covers(problems, &confusion, tiers, typed);
    }
    ok.then_some(confusion)
}

/// The overall accuracy `confusion` implies over the categories' shares and needs:
/// `Σ_c share_c Σ_t needs_c(t)·M_c[t][t]` (a need without a row counts as right).
pub(crate) fn implied_accuracy(confusion: &Confusion, categories: &[Category]) -> f64 {
    categories
        .iter()
        .enumerate()
        .map(|(c, cat)| {
            let right: f64 = cat
                .needs
                .iter()
                .map(|&(t, p)| {
                    let diagonal = confusion
                        .row(CategoryId(c as u16), t)
                        .map_or(1.0, |r| r.get(t.index()).copied().unwrap_or(0.0));
                    p * diagonal
                })
                .sum();
            cat.share * right
        })
        .sum()
}

/// `[ai.confusion.by_category]`: category → rows, into `out[category][need]`.
fn overrides(
    problems: &mut Problems,
    path: &str,
    value: &toml::Value,
    tiers: &Names,
    categories: &Names,
    out: &mut Vec<Vec<Option<Vec<f64>>>>,
) -> bool {
    let Some(table) = value.as_table() else {
        problems.error(
            path,
            format!("must be a table of categories, got {}", value.type_str()),
            "give each category's own rows as [ai.confusion.by_category.<category>], e.g. T1 = { T1 = 0.9, T3 = 0.1 }",
        );
        return false;
    };
    let mut ok = true;
    for (name, rows) in table {
        let at = join(path, name);
        let Some(c) = categories.lookup(problems, &at, name) else {
            ok = false;
            continue;
        };
        let Some(rows) = rows.as_table() else {
            problems.error(
                &at,
                format!("must be a table of rows, got {}", rows.type_str()),
                "give the category's rows as need tier = { predicted tier = probability }, e.g. T1 = { T1 = 0.9, T3 = 0.1 }",
            );
            ok = false;
            continue;
        };
        if out.len() <= c {
            out.resize(categories.names.len().max(c + 1), Vec::new());
        }
        let mut own = vec![None; tiers.names.len()];
        for (need, row) in rows {
            ok &= put_row(problems, &join(&at, need), need, row, tiers, &mut own);
        }
        out[c] = own;
    }
    ok
}

/// The row of need `key` at `path` into `rows[need]`.
fn put_row(
    problems: &mut Problems,
    path: &str,
    key: &str,
    value: &toml::Value,
    tiers: &Names,
    rows: &mut [Option<Vec<f64>>],
) -> bool {
    let need = tiers.lookup(problems, path, key);
    let row = row(problems, path, value, tiers);
    match (need, row) {
        (Some(t), Some(r)) => {
            rows[t] = Some(r);
            true
        }
        _ => false,
    }
}

/// One row: predicted tier → probability, every tier named, each on `[0, 1]`,
/// summing to 1.
fn row(
    problems: &mut Problems,
    path: &str,
    value: &toml::Value,
    tiers: &Names,
) -> Option<Vec<f64>> {
    let Some(table) = value.as_table() else {
        problems.error(
            path,
            format!(
                "must be a table of predicted tier = probability, got {}",
                value.type_str()
            ),
            ROW_FIX,
        );
        return None;
    };
    let mut out = vec![0.0; tiers.names.len()];
    let mut ok = true;
    let mut terms = Vec::new();
    for (predicted, p) in table {
        let at = join(path, predicted);
        let t = tiers.lookup(problems, &at, predicted);
        let p = match p {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            other => {
                problems.error(
                    &at,
                    format!("must be a probability, got {}", other.type_str()),
                    "give a number from 0 to 1, e.g. 0.05",
                );
                None
            }
        };
        let p = p.filter(|p| {
            let fine = p.is_finite() && (0.0..=1.0).contains(p);
            if !fine {
                problems.error(
                    &at,
                    format!("must be a probability from 0 to 1, got {p}"),
                    "give a number from 0 to 1, e.g. 0.05",
                );
            }
            fine
        });
        match (t, p) {
            (Some(t), Some(p)) => {
                out[t] = p;
                terms.push(format!("{predicted} {}", num(p)));
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let sum: f64 = out.iter().sum();
    if (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
        let shown = if num(sum) == "1" {
            format!("{sum}")
        } else {
            num(sum)
        };
        let (detail, gap) = super::values::off_by_one(&terms, sum);
        problems.error(
            path,
            format!(
                "the row's probabilities must sum to 1 (within 1e-9), but sum to {shown} ({detail})"
            ),
            format!("adjust them so they add up to 1 (they are {gap})"),
        );
        return None;
    }
    Some(out)
}

/// Every tier a category needs has a row for it; a category's own row for a tier it
/// never needs is a warning.
fn covers(problems: &mut Problems, m: &Confusion, tiers: &Names, typed: &[Category]) -> bool {
    let tier = |t: usize| tiers.names.get(t).map_or("?", String::as_str);
    // need → categories needing it without a row.
    let mut missing: Vec<(usize, Vec<&str>)> = Vec::new();
    for (c, cat) in typed.iter().enumerate() {
        for &(t, p) in &cat.needs {
            if p > 0.0 && m.row(CategoryId(c as u16), t).is_none() {
                match missing.iter_mut().find(|(need, _)| *need == t.index()) {
                    Some((_, names)) => names.push(&cat.name),
                    None => missing.push((t.index(), vec![&cat.name])),
                }
            }
        }
        let own = m.by_category.get(c).map_or(&[][..], Vec::as_slice);
        for (t, _) in own.iter().enumerate().filter(|(_, r)| r.is_some()) {
            let needed = cat
                .needs
                .iter()
                .any(|&(need, p)| need == TierId(t as u16) && p > 0.0);
            if !needed {
                problems.warning(
                    join(&join("ai.confusion.by_category", &cat.name), tier(t)),
                    format!(
                        "category `{}` never needs `{}`, so this row is never used",
                        cat.name,
                        tier(t)
                    ),
                    "remove the row, or add the tier to the category's needs",
                );
            }
        }
    }
    for (t, names) in &missing {
        let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let example = if names.len() == 1 {
            format!("[ai.confusion] or [ai.confusion.by_category.{}]", names[0])
        } else {
            "[ai.confusion]".to_string()
        };
        problems.error(
            "ai.confusion",
            format!(
                "no row for tier `{}`, which {} {} need{}",
                tier(*t),
                if names.len() == 1 { "category" } else { "categories" },
                list.join(", "),
                if names.len() == 1 { "s" } else { "" },
            ),
            format!(
                "add a row to {example}, e.g. {} = {{ {} = 0.9, ... }} with probabilities summing to 1",
                tier(*t),
                tier(*t)
            ),
        );
    }
    missing.is_empty()
}
