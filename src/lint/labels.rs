//! Label lints: names that differ only by case, spaces or punctuation (SOP009) and
//! names that are empty, very short or generic (SOP010).
//!
//! Names are compared by their *key*: lowercase letters and digits only. Namespaces:
//! tiers, segments, categories, policies, staffing models, the rules and triggers of
//! one policy (each must be unique), and roles — tier owners, agent roles and alerted
//! or reviewing roles — where the same role may appear many times, but two spellings
//! of one role (`Support manager`, `support-manager`) are flagged.

use super::{Code, Findings, join, policy_path};
use crate::model::{PolicyKind, RoleId, Scenario};

/// Lowercase letters and digits of `name`.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Names with no information: `rule1`, `Rule 2`, `trigger_3`, `untitled`, `test`.
fn generic(name: &str) -> bool {
    const WORDS: [&str; 12] = [
        "rule", "trigger", "step", "newrule", "untitled", "unnamed", "test", "tmp", "temp", "todo",
        "foo", "misc",
    ];
    let k = key(name);
    let stem = k.trim_end_matches(|c: char| c.is_ascii_digit());
    WORDS.contains(&stem)
}

/// One name in a namespace: `(name, TOML path, what it is)`.
type Entry = (String, String, &'static str);

pub(super) fn lint(s: &Scenario, out: &mut Findings) {
    let named = |list: Vec<(&str, String)>, what: &'static str| -> Vec<Entry> {
        list.into_iter()
            .map(|(n, path)| (n.to_string(), path, what))
            .collect()
    };
    let tiers = named(
        s.tiers
            .iter()
            .map(|t| (t.name.as_str(), join("tiers", &t.name)))
            .collect(),
        "tier",
    );
    let segments = named(
        s.segments
            .iter()
            .map(|g| (g.name.as_str(), join("segments", &g.name)))
            .collect(),
        "segment",
    );
    let categories = named(
        s.categories
            .iter()
            .map(|c| (c.name.as_str(), join("categories", &c.name)))
            .collect(),
        "category",
    );
    let policies = named(
        s.policies
            .iter()
            .map(|p| (p.name.as_str(), policy_path(&p.name)))
            .collect(),
        "policy",
    );
    let models = named(
        s.staffing_models
            .iter()
            .map(|m| (m.name.as_str(), join("staffing", &m.name)))
            .collect(),
        "staffing model",
    );
    for list in [&tiers, &segments, &categories, &policies, &models] {
        unique(list, out);
        for (name, path, what) in list.iter() {
            if key(name).is_empty() {
                unclear(out, path, what, name, "has no letters or digits");
            }
        }
    }

    for p in &s.policies {
        let PolicyKind::Sop(sop) = &p.kind else {
            continue;
        };
        let base = policy_path(&p.name);
        let mut steps: Vec<Entry> = Vec::new();
        for (i, r) in sop.rules.iter().enumerate() {
            steps.push((r.name.clone(), format!("{base}.rules[{i}]"), "rule"));
        }
        for (i, t) in sop.triggers.iter().enumerate() {
            steps.push((t.name.clone(), format!("{base}.triggers[{i}]"), "trigger"));
        }
        unique(&steps, out);
        for (name, path, what) in &steps {
            if key(name).chars().count() < 3 {
                unclear(out, path, what, name, "is too short to say what it does");
            } else if generic(name) {
                unclear(out, path, what, name, "does not say what it does");
            }
        }
    }

    roles(s, out);
}

/// Flags each name whose key equals an earlier one's (SOP009).
fn unique(list: &[Entry], out: &mut Findings) {
    for (j, (name, path, what)) in list.iter().enumerate() {
        let k = key(name);
        if k.is_empty() {
            continue;
        }
        if let Some((other, _, _)) = list[..j].iter().find(|(n, _, _)| key(n) == k) {
            out.push(
                Code::DuplicateLabels,
                path.clone(),
                format!(
                    "{what} `{name}` differs from {what} `{other}` only by case, spaces or punctuation: readers of the SOP and its diagram cannot tell them apart"
                ),
                "rename one of them so that the names say how they differ",
            );
        }
    }
}

fn unclear(out: &mut Findings, path: &str, what: &str, name: &str, why: &str) {
    out.push(
        Code::UnclearLabel,
        path,
        format!("{what} name `{name}` {why}"),
        format!(
            "name the {what} after what it handles or does, e.g. \"outage straight to engineering\""
        ),
    );
}

/// Roles: tier owners and agent roles, and roles named by alerts and reviews.
fn roles(s: &Scenario, out: &mut Findings) {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut check = |name: &str, path: String, out: &mut Findings| {
        let k = key(name);
        if name.trim().is_empty() {
            return;
        }
        if k.chars().count() < 2 {
            unclear(out, &path, "role", name, "is too short to say who it is");
            return;
        }
        match seen.iter().find(|(n, _)| key(n) == k) {
            Some((other, _)) if other != name => out.push(
                Code::DuplicateLabels,
                path,
                format!(
                    "role `{name}` differs from role `{other}` only by case, spaces or punctuation: alerts and load are counted per spelling"
                ),
                format!("spell the role the same way everywhere, e.g. `{other}`"),
            ),
            Some(_) => {}
            None => seen.push((name.to_string(), path)),
        }
    };
    for t in &s.tiers {
        let base = join("tiers", &t.name);
        check(&t.owner, join(&base, "owner"), out);
        check(&t.role, join(&base, "role"), out);
    }
    // Tier owners come first in `roles` and were checked at their tiers.
    for (i, r) in s.roles.iter().enumerate() {
        let id = RoleId(i as u16);
        if s.tiers.iter().all(|t| t.owner_role != id) {
            check(r, role_path(s, id), out);
        }
    }
}

/// Where role `id` is first named outside the tiers (review, incident, rules,
/// triggers).
fn role_path(s: &Scenario, id: RoleId) -> String {
    if s.ai.review.as_ref().is_some_and(|r| r.role == id) {
        return "ai.review.role".into();
    }
    if s.incident.as_ref().is_some_and(|i| i.alert.contains(&id)) {
        return "incident.alert".into();
    }
    for p in &s.policies {
        let PolicyKind::Sop(sop) = &p.kind else {
            continue;
        };
        let base = policy_path(&p.name);
        if let Some(i) = sop.rules.iter().position(|r| r.action.alert.contains(&id)) {
            return format!("{base}.rules[{i}].alert");
        }
        if let Some(i) = sop.triggers.iter().position(|t| t.alert.contains(&id)) {
            return format!("{base}.triggers[{i}].alert");
        }
    }
    "roles".into()
}
