//! Which policy runs under which staffing model: `[[candidates]]` (an explicit list
//! of `{ policy, staffing, name }`) or a policy's `staffing` list → [`Pairing`]s.
//! Without either, every policy runs under every staffing model (no pairings).
//!
//! Refused: both forms at once, an empty list, unknown policy or model names (with a
//! suggestion), a pair or a name given twice, a name that another candidate or a
//! policy already goes by. Warned: a policy or staffing model in no candidate.

use indexmap::IndexMap;

use super::problem::{Problems, index, join};
use super::raw::{RawCandidate, RawPolicy};
use super::suggest::Names;
use crate::model::Pairing;

/// The pairings (`Some(None)`: every policy × every model), or `None` when they have
/// errors (reported). `policies` and `models` are the declared names in file order
/// (the implicit `tiered` / `as-scheduled` when the file declares none).
pub(crate) fn pairings(
    ps: &mut Problems,
    candidates: Option<&[RawCandidate]>,
    raw_policies: &IndexMap<String, RawPolicy>,
    policies: &[String],
    models: &[String],
) -> Option<Option<Vec<Pairing>>> {
    let policy_names = Names::new("policy", "[policies.<name>]", policies.iter().cloned());
    let model_names = Names::new(
        "staffing model",
        "[staffing.<name>]",
        models.iter().cloned(),
    );
    let lists: Vec<(&String, &Vec<String>)> = raw_policies
        .iter()
        .filter_map(|(n, p)| p.staffing.as_ref().map(|l| (n, l)))
        .collect();
    let out = match candidates {
        Some(list) => {
            for (policy, _) in &lists {
                ps.error(
                    join(&join("policies", policy), "staffing"),
                    "a policy's staffing list and a [[candidates]] list both say which candidates run",
                    "give one of them: move this pairing into [[candidates]] (policy, staffing), or drop [[candidates]]",
                );
            }
            if !lists.is_empty() {
                return None;
            }
            explicit(ps, list, &policy_names, &model_names, policies)?
        }
        None if lists.is_empty() => return Some(None),
        None => per_policy(ps, raw_policies, &policy_names, &model_names)?,
    };
    unused(ps, &out, policies, models, candidates.is_some());
    Some(Some(out))
}

/// `[[candidates]]`, in its order.
fn explicit(
    ps: &mut Problems,
    list: &[RawCandidate],
    policies: &Names,
    models: &Names,
    policy_list: &[String],
) -> Option<Vec<Pairing>> {
    if list.is_empty() {
        ps.error(
            "candidates",
            "the candidate list is empty, so nothing would run",
            "add [[candidates]] tables with policy and staffing, or remove `candidates` to run every policy under every staffing model",
        );
        return None;
    }
    // (entry index, pairing) of every entry valid on its own.
    let mut out: Vec<(usize, Pairing)> = Vec::with_capacity(list.len());
    let mut ok = true;
    for (i, c) in list.iter().enumerate() {
        let base = index("candidates", i);
        let policy = match &c.policy {
            Some(p) => policies
                .lookup(ps, &join(&base, "policy"), p)
                .map(|_| p.clone()),
            None => {
                ps.error(
                    base.clone(),
                    "missing required field `policy`",
                    format!("name the policy, one of {}", policies.list()),
                );
                None
            }
        };
        let staffing = match &c.staffing {
            Some(m) => models
                .lookup(ps, &join(&base, "staffing"), m)
                .map(|_| m.clone()),
            None if models.names.len() == 1 => Some(models.names[0].clone()),
            None => {
                ps.error(
                    base.clone(),
                    "missing required field `staffing` (the scenario has several staffing models)",
                    format!("name the staffing model, one of {}", models.list()),
                );
                None
            }
        };
        let name = match &c.name {
            None => Some(None),
            Some(n) => display_name(ps, &join(&base, "name"), n).map(Some),
        };
        let (Some(policy), Some(staffing), Some(name)) = (policy, staffing, name) else {
            ok = false;
            continue;
        };
        if let Some((j, _)) = out
            .iter()
            .find(|(_, p)| p.policy == policy && p.staffing == staffing)
        {
            ps.error(
                base,
                format!("policy `{policy}` under staffing `{staffing}` is already candidates[{j}]"),
                "list each pairing once; remove this entry",
            );
            ok = false;
            continue;
        }
        out.push((
            i,
            Pairing {
                policy,
                staffing,
                name,
            },
        ));
    }
    ok &= unique_names(ps, &out, policy_list, models.names.len());
    ok.then(|| out.into_iter().map(|(_, p)| p).collect())
}

/// Policies' `staffing` lists: policies outermost in file order, each under its listed
/// models in list order; a policy without a list runs under every model.
fn per_policy(
    ps: &mut Problems,
    raw: &IndexMap<String, RawPolicy>,
    policies: &Names,
    models: &Names,
) -> Option<Vec<Pairing>> {
    let mut out = Vec::new();
    let mut ok = true;
    for policy in &policies.names {
        let list = raw.get(policy).and_then(|p| p.staffing.as_ref());
        let Some(list) = list else {
            out.extend(models.names.iter().map(|m| Pairing {
                policy: policy.clone(),
                staffing: m.clone(),
                name: None,
            }));
            continue;
        };
        let at = join(&join("policies", policy), "staffing");
        if list.is_empty() {
            ps.error(
                at,
                "the staffing list is empty, so this policy would never run",
                format!(
                    "name the staffing models it runs under, e.g. staffing = [\"{}\"], or remove `staffing` to run it under every model",
                    models.names.first().map(String::as_str).unwrap_or("baseline")
                ),
            );
            ok = false;
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (k, m) in list.iter().enumerate() {
            let item = index(&at, k);
            if models.lookup(ps, &item, m).is_none() {
                ok = false;
            } else if seen.contains(&m.as_str()) {
                ps.error(
                    item,
                    format!("staffing model `{m}` is listed twice"),
                    "list each staffing model once",
                );
                ok = false;
            } else {
                seen.push(m);
                out.push(Pairing {
                    policy: policy.clone(),
                    staffing: m.clone(),
                    name: None,
                });
            }
        }
    }
    ok.then_some(out)
}

/// A `[[candidates]]` display name: not blank, no surrounding spaces or control
/// characters.
fn display_name(ps: &mut Problems, path: &str, name: &str) -> Option<String> {
    if name.trim().is_empty() || name.trim() != name || name.chars().any(char::is_control) {
        ps.error(
            path,
            format!(
                "must be a non-blank name without surrounding spaces or control characters, got {name:?}"
            ),
            "give the name reports should show, e.g. name = \"ai on lean staffing\", or leave it out for `policy @ staffing`",
        );
        return None;
    }
    Some(name.to_string())
}

/// Every candidate's display name is distinct, and a given name is not another
/// policy's name (`check` and `--baseline` accept policy names too). `out` holds
/// (entry index, pairing).
fn unique_names(
    ps: &mut Problems,
    out: &[(usize, Pairing)],
    policies: &[String],
    n_models: usize,
) -> bool {
    let shown = |p: &Pairing| match &p.name {
        Some(n) => n.clone(),
        None if n_models == 1 => p.policy.clone(),
        None => format!("{} @ {}", p.policy, p.staffing),
    };
    let mut ok = true;
    for (k, (i, p)) in out.iter().enumerate() {
        let Some(name) = &p.name else { continue };
        let at = join(&index("candidates", *i), "name");
        if let Some((j, _)) = out[..k].iter().find(|(_, q)| shown(q) == *name) {
            ps.error(
                at,
                format!("candidates[{j}] is already shown as `{name}`"),
                "give every candidate its own name",
            );
            ok = false;
        } else if policies.iter().any(|q| q == name && *q != p.policy) {
            ps.error(
                at,
                format!("`{name}` is the name of another policy, so check and --baseline could not tell them apart"),
                "give the candidate a name no policy has",
            );
            ok = false;
        }
    }
    ok
}

/// Warns about policies (with `[[candidates]]`) and staffing models that are in no
/// candidate.
fn unused(ps: &mut Problems, out: &[Pairing], policies: &[String], models: &[String], list: bool) {
    let fix_where = if list {
        "add a [[candidates]] entry with it"
    } else {
        "add it to a policy's staffing list"
    };
    for m in models {
        if !out.iter().any(|p| p.staffing == *m) {
            ps.warning(
                join("staffing", m),
                format!("staffing model `{m}` is in no candidate, so it never runs"),
                format!("{fix_where}, or remove it"),
            );
        }
    }
    if list {
        for p in policies {
            if !out.iter().any(|x| x.policy == *p) {
                ps.warning(
                    join("policies", p),
                    format!("policy `{p}` is in no candidate, so it never runs"),
                    "add a [[candidates]] entry with it, or remove it",
                );
            }
        }
    }
}
