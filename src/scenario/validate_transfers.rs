//! `kind = "transfers"` policies → [`TransferMatrix`]: `entry = { T1 = 0.9, T2 = 0.1 }`
//! (default: the escalation path's first tier) and one row per reachable tier,
//! `[policies.<name>.transfers] T2 = { resolve = 0.6, T1 = 0.1, T3 = 0.3 }`, each a
//! set of shares summing to 1. A matrix under which some ticket could never be
//! resolved is refused; one whose tickets visit tiers very often is warned about.

use indexmap::IndexMap;

use super::problem::{Problems, join};
use super::raw::RawPolicy;
use super::suggest::Names;
use super::values::{share, shares_sum_to_one};
use crate::model::{TierId, TransferMatrix};

/// The column of a transfer row that stands for "this tier resolves the ticket".
pub(crate) const RESOLVE: &str = "resolve";

/// Expected visits per ticket above which a matrix is warned about.
const MANY_VISITS: f64 = 20.0;

/// Refuses `entry` and `transfers` on a policy whose kind is not `transfers`.
pub(crate) fn refuse_transfers(problems: &mut Problems, base: &str, p: &RawPolicy, kind: &str) {
    for (field, given) in [
        ("entry", p.entry.is_some()),
        ("transfers", p.transfers.is_some()),
    ] {
        if given {
            problems.error(
                join(base, field),
                format!("{field} is only used by kind = \"transfers\" policies, but this policy's kind is `{kind}`"),
                format!("set kind = \"transfers\", or remove {field}"),
            );
        }
    }
}

/// One set of shares (`entry`, or a tier's row) at `path`: per tier, and the
/// `resolve` share when `with_resolve`.
fn shares(
    problems: &mut Problems,
    path: &str,
    given: &IndexMap<String, f64>,
    tiers: &Names,
    with_resolve: bool,
) -> Option<(Vec<f64>, f64)> {
    let mut out = vec![0.0; tiers.names.len()];
    let mut resolve = 0.0;
    let mut ok = true;
    let mut seen = Vec::with_capacity(given.len());
    let fix = if with_resolve {
        "give each share from 0 to 1, e.g. T2 = { resolve = 0.6, T1 = 0.1, T3 = 0.3 }"
    } else {
        "give each share from 0 to 1, e.g. entry = { T1 = 0.9, T2 = 0.1 }"
    };
    for (key, &v) in given {
        let at = join(path, key);
        let Some(v) = share(problems, &at, v, fix) else {
            ok = false;
            continue;
        };
        seen.push((key.clone(), v));
        if with_resolve && key == RESOLVE {
            resolve = v;
        } else {
            match tiers.lookup(problems, &at, key) {
                Some(t) => out[t] = v,
                None => ok = false,
            }
        }
    }
    let what = if with_resolve {
        "this tier's outcomes (resolve and each tier it transfers to)"
    } else {
        "the entry shares"
    };
    if ok && !shares_sum_to_one(problems, path, what, &seen) {
        ok = false;
    }
    if !ok {
        return None;
    }
    // Normalise away the allowed rounding so the cumulative draws end at 1.
    let sum = resolve + out.iter().sum::<f64>();
    Some((out.iter().map(|p| p / sum).collect(), resolve / sum))
}

/// The transfer matrix of the `transfers` policy whose table is at `base`.
pub(crate) fn transfers(
    problems: &mut Problems,
    base: &str,
    p: &RawPolicy,
    tiers: &Names,
    path_start: Option<TierId>,
) -> Option<TransferMatrix> {
    let n = tiers.names.len();
    let entry = match &p.entry {
        Some(e) => shares(problems, &join(base, "entry"), e, tiers, false).map(|(v, _)| v),
        None => path_start.map(|t| {
            let mut v = vec![0.0; n];
            v[t.index()] = 1.0;
            v
        }),
    };
    let rows_path = join(base, "transfers");
    let Some(raw_rows) = &p.transfers else {
        problems.error(
            &rows_path,
            "missing: a transfers policy needs each tier's outcomes",
            "add [policies.<name>.transfers] with a row per tier, e.g. T1 = { resolve = 0.7, T2 = 0.3 }",
        );
        return None;
    };
    let mut next = vec![vec![0.0; n]; n];
    let mut resolve = vec![0.0; n];
    let mut given = vec![false; n];
    let mut ok = true;
    for (name, row) in raw_rows {
        let at = join(&rows_path, name);
        let Some(t) = tiers.lookup(problems, &at, name) else {
            ok = false;
            continue;
        };
        match shares(problems, &at, row, tiers, true) {
            Some((to, r)) => {
                next[t] = to;
                resolve[t] = r;
                given[t] = true;
            }
            None => ok = false,
        }
    }
    let matrix = TransferMatrix {
        entry: entry?,
        next,
        resolve,
    };
    if !ok {
        return None;
    }
    for (t, reachable) in matrix.reachable().into_iter().enumerate() {
        if reachable && !given[t] {
            let name = &tiers.names[t];
            problems.error(
                join(&rows_path, name),
                format!("missing: tickets can reach tier `{name}`, but it has no row saying where its visits end"),
                format!("add {name} = {{ resolve = 1.0 }} (or its real outcomes) under [{rows_path}]"),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let stuck = matrix.never_resolving();
    match matrix.visits() {
        None => {
            let names: Vec<&str> = stuck.iter().map(|&t| tiers.names[t].as_str()).collect();
            problems.error(
                &rows_path,
                format!(
                    "some tickets can never be resolved: tickets reach {}, which only transfer among {}",
                    names.join(", "),
                    if names.len() == 1 { "itself" } else { "themselves" }
                ),
                "give at least one of these tiers a resolve share above 0, or a transfer to a tier that resolves",
            );
            None
        }
        Some(v) => {
            let total: f64 = v.iter().sum();
            if total > MANY_VISITS {
                problems.warning(
                    &rows_path,
                    format!("a ticket visits {total:.1} tiers on average under these transfers"),
                    "check the resolve shares: real tickets rarely see more than a few hand-offs",
                );
            }
            Some(matrix)
        }
    }
}
