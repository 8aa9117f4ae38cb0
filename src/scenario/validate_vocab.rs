//! The scenario's two vocabularies, built from the raw file before the tables that use
//! them are validated:
//!
//! - **keywords**: every category's `keywords`, in file order without duplicates
//!   (→ [`crate::model::Scenario::keywords`]); keyword sets (a category's keywords,
//!   `keywords_any`, `risk_keywords`) are bit masks over it;
//! - **roles**: every tier's owner (tier order), then every other role named by rule and
//!   trigger alerts (policies in file order, rules before triggers), `[ai.review]` and
//!   `[incident]` (→ [`crate::model::Scenario::roles`]); alert sets are role ids.

use indexmap::IndexMap;

use super::problem::{Problems, index, join};
use super::raw::{RawCategory, RawScenario};
use super::suggest::Names;
use crate::model::{MAX_KEYWORDS, MAX_ROLES, RoleId};

/// The keyword vocabulary and each category's keyword mask (in category order).
pub(crate) fn keywords(
    problems: &mut Problems,
    raw: &IndexMap<String, RawCategory>,
) -> (Names, Vec<u64>) {
    let mut vocab: Vec<String> = Vec::new();
    let mut masks = Vec::with_capacity(raw.len());
    let mut reported_limit = false;
    for (name, c) in raw {
        let mut mask = 0u64;
        let path = join(&join("categories", name), "keywords");
        for (i, k) in c.keywords.iter().flatten().enumerate() {
            if k.trim().is_empty() {
                problems.error(
                    index(&path, i),
                    "keyword must not be empty",
                    "remove the empty string, or write the word or phrase the AI should detect",
                );
                continue;
            }
            let id = match vocab.iter().position(|v| v == k) {
                Some(id) => id,
                None => {
                    vocab.push(k.clone());
                    vocab.len() - 1
                }
            };
            if id < MAX_KEYWORDS {
                mask |= 1 << id;
            } else if !reported_limit {
                reported_limit = true;
                problems.error(
                    index(&path, i),
                    format!(
                        "`{k}` is distinct keyword number {}; at most {MAX_KEYWORDS} are supported across all categories",
                        id + 1
                    ),
                    "keep the keywords that tell categories apart; categories may share keywords",
                );
            }
        }
        masks.push(mask);
    }
    let names = Names::new("keyword", "keywords = [\"<name>\"] in a category", vocab);
    (names, masks)
}

/// The mask of keyword `names` listed at `path` (each must be a category keyword);
/// `None` after reporting unknown names.
pub(crate) fn keyword_mask(
    problems: &mut Problems,
    path: &str,
    names: &[String],
    keywords: &Names,
) -> Option<u64> {
    let mut mask = 0u64;
    let mut ok = true;
    for (i, k) in names.iter().enumerate() {
        match keywords.lookup(problems, &index(path, i), k) {
            Some(id) if id < MAX_KEYWORDS => mask |= 1 << id,
            _ => ok = false,
        }
    }
    ok.then_some(mask)
}

/// The role name of a tier's owner: its `owner`, or `<tier> owner` when none is given.
pub(crate) fn owner_role_name(tier: &str, owner: Option<&str>) -> String {
    match owner.map(str::trim) {
        Some(o) if !o.is_empty() => o.to_string(),
        _ => format!("{tier} owner"),
    }
}

/// Every role the scenario names, in id order (see the module docs). Blank names are
/// skipped here (they are reported where they are used); more than [`MAX_ROLES`] is an
/// error at the first role beyond the limit.
pub(crate) fn roles(problems: &mut Problems, raw: &RawScenario) -> Vec<String> {
    // (path where the role is named, role name), in id order before deduplication.
    let mut named: Vec<(String, String)> = Vec::new();
    for (name, t) in &raw.tiers {
        let path = join(&join("tiers", name), "owner");
        named.push((path, owner_role_name(name, t.owner.as_deref())));
    }
    for (policy, p) in &raw.policies {
        let base = join("policies", policy);
        for (i, r) in p.rules.iter().flatten().enumerate() {
            let path = join(&index(&join(&base, "rules"), i), "alert");
            for (j, a) in r.alert.iter().flatten().enumerate() {
                named.push((index(&path, j), a.clone()));
            }
        }
        for (i, t) in p.triggers.iter().flatten().enumerate() {
            let path = join(&index(&join(&base, "triggers"), i), "alert");
            for (j, a) in t.alert.iter().flatten().enumerate() {
                named.push((index(&path, j), a.clone()));
            }
        }
    }
    if let Some(role) = raw
        .ai
        .as_ref()
        .and_then(|a| a.review.as_ref())
        .and_then(|r| r.role.clone())
    {
        named.push(("ai.review.role".to_string(), role));
    }
    if let Some(alert) = raw.incident.as_ref().and_then(|i| i.alert.as_ref()) {
        for (j, a) in alert.iter().enumerate() {
            named.push((index("incident.alert", j), a.clone()));
        }
    }

    let mut roles: Vec<String> = Vec::new();
    for (path, name) in named {
        let name = name.trim();
        if name.is_empty() || roles.iter().any(|r| r == name) {
            continue;
        }
        roles.push(name.to_string());
        if roles.len() == MAX_ROLES + 1 {
            problems.error(
                path,
                format!("`{name}` is role number {}; at most {MAX_ROLES} distinct roles (tier owners and roles alerted or reviewing) are supported", MAX_ROLES + 1),
                "alert fewer, broader roles (e.g. one manager per team)",
            );
        }
    }
    roles
}

/// Role ids of the role names listed at `path`: each non-blank, none repeated.
pub(crate) fn role_ids(
    problems: &mut Problems,
    path: &str,
    names: &[String],
    roles: &[String],
) -> Option<Vec<RoleId>> {
    let mut out: Vec<RoleId> = Vec::with_capacity(names.len());
    let mut ok = true;
    for (i, n) in names.iter().enumerate() {
        let at = index(path, i);
        let n = n.trim();
        let Some(id) = roles.iter().position(|r| r == n) else {
            problems.error(
                at,
                "role name must not be empty",
                "name the role to alert, e.g. \"support manager\"",
            );
            ok = false;
            continue;
        };
        let id = RoleId(id as u16);
        if out.contains(&id) {
            problems.error(
                at,
                format!("lists role `{n}` more than once"),
                "list each role once",
            );
            ok = false;
        } else {
            out.push(id);
        }
    }
    ok.then_some(out)
}
