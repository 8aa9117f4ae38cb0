//! The escalation path and whether work can flow along it: `[escalation] path` →
//! tier ids, then, for every tier a category `needs`, that the tier is on the path and
//! that some tier on the path can resolve it. Also works out which tiers can receive
//! work at all (the staffing warnings only concern those).

use super::problem::{Problems, index, join};
use super::raw::RawEscalation;
use super::suggest::Names;
use crate::model::{Category, Tier, TierId};

/// The escalation path as far as it is valid, and whether all of it was valid. With
/// no `[escalation]` table (or no `path`), the path is every tier in file order.
pub(crate) fn escalation_path(
    problems: &mut Problems,
    raw: Option<&RawEscalation>,
    tiers: &Names,
) -> (Vec<TierId>, bool) {
    let Some(list) = raw.and_then(|e| e.path.as_ref()) else {
        let all = (0..tiers.names.len()).map(|i| TierId(i as u16)).collect();
        return (all, true);
    };
    let path = "escalation.path";
    if list.is_empty() {
        problems.error(
            path,
            "must list at least one tier",
            format!(
                "list the tiers in the order tickets climb them, e.g. path = [{}]",
                tiers
                    .names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        return (Vec::new(), false);
    }
    let mut out: Vec<TierId> = Vec::with_capacity(list.len());
    let mut ok = true;
    for (i, name) in list.iter().enumerate() {
        let p = index(path, i);
        let Some(id) = tiers.lookup(problems, &p, name) else {
            ok = false;
            continue;
        };
        let id = TierId(id as u16);
        if out.contains(&id) {
            problems.error(
                p,
                format!("tier `{name}` appears more than once in the escalation path"),
                "list each tier once, in the order tickets climb them",
            );
            ok = false;
            continue;
        }
        out.push(id);
    }
    (out, ok)
}

/// `T1 → T2 → T3`.
fn describe_path(tiers: &[Tier], path: &[TierId]) -> String {
    path.iter()
        .filter_map(|t| tiers.get(t.index()).map(|t| t.name.as_str()))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Checks that every need of every category is on the path and resolvable by a tier
/// on it; returns, per tier, whether tickets can reach it (climbing the path from its
/// first tier until a tier that can resolve them).
pub(crate) fn check_needs(
    problems: &mut Problems,
    tiers: &[Tier],
    path: &[TierId],
    categories: &[Category],
) -> Vec<bool> {
    let mut receives = vec![false; tiers.len()];
    if let Some(first) = path.first() {
        receives[first.index()] = true;
    }
    let shown = describe_path(tiers, path);
    for cat in categories {
        for &(need, p) in &cat.needs {
            if p <= 0.0 {
                continue;
            }
            let need_name = &tiers[need.index()].name;
            let at = join(&join(&join("categories", &cat.name), "needs"), need_name);
            if !path.contains(&need) {
                problems.error(
                    at,
                    format!(
                        "tier `{need_name}` is not on the escalation path ({shown}), so tickets needing it can never reach it"
                    ),
                    format!(
                        "add `{need_name}` to escalation.path, or move this share to a tier on the path"
                    ),
                );
                continue;
            }
            match path.iter().position(|t| tiers[t.index()].resolves[need.index()]) {
                Some(k) => {
                    for t in &path[..=k] {
                        receives[t.index()] = true;
                    }
                }
                None => problems.error(
                    at,
                    format!(
                        "no tier on the escalation path ({shown}) can resolve tickets needing `{need_name}`"
                    ),
                    format!(
                        "add \"{need_name}\" to tiers.{need_name}.resolves (or to the `resolves` of another tier on the path)"
                    ),
                ),
            }
        }
    }
    receives
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dist, SentimentDist, Staffing};

    fn names() -> Names {
        Names::new(
            "tier",
            "[tiers.<name>]",
            ["T1", "T2", "T3"].map(String::from),
        )
    }

    fn tier(name: &str, resolves: [bool; 3]) -> Tier {
        Tier {
            owner_role: crate::model::RoleId(0),
            name: name.into(),
            role: String::new(),
            owner: String::new(),
            staffing: Staffing::constant(1),
            resolves: resolves.to_vec(),
            handle_minutes: Dist::Constant { value: 1.0 },
            handle_minutes_by_category: vec![],
            triage_minutes: None,
            handoff_minutes: None,
            cost_per_agent_hour: 0.0,
            touches: None,
            pickup_target_ms: None,
        }
    }

    fn category(needs: &[(u16, f64)]) -> Category {
        Category {
            name: "billing".into(),
            share: 1.0,
            needs: needs.iter().map(|&(t, p)| (TierId(t), p)).collect(),
            keywords: vec![],
            keyword_mask: 0,
            order_value: None,
            sentiment: SentimentDist { mean: 0.0, sd: 0.0 },
            severity_shares: None,
        }
    }

    #[test]
    fn path_defaults_to_file_order_and_rejects_unknown_and_repeated_tiers() {
        let mut ps = Problems::default();
        assert_eq!(
            escalation_path(&mut ps, None, &names()),
            (vec![TierId(0), TierId(1), TierId(2)], true)
        );
        let raw = RawEscalation {
            path: Some(["T1", "T4", "T2", "T1"].map(String::from).to_vec()),
        };
        let (path, ok) = escalation_path(&mut ps, Some(&raw), &names());
        assert_eq!(path, [TierId(0), TierId(1)]);
        assert!(!ok);
        let list = ps.into_sorted();
        assert_eq!(list[0].path, "escalation.path[1]");
        assert!(list[0].message.contains("unknown tier `T4`"));
        assert_eq!(list[1].path, "escalation.path[3]");
        assert!(list[1].message.contains("more than once"));
    }

    #[test]
    fn needs_must_be_on_the_path_and_resolvable() {
        let tiers = [
            tier("T1", [true, false, false]),
            tier("T2", [true, false, false]), // does not resolve itself
            tier("T3", [true, true, true]),
        ];
        let mut ps = Problems::default();
        let receives = check_needs(
            &mut ps,
            &tiers,
            &[TierId(0), TierId(1)],
            &[category(&[(0, 0.5), (1, 0.3), (2, 0.2)])],
        );
        assert_eq!(receives, [true, false, false]);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].path, "categories.billing.needs.T2");
        assert!(
            list[0]
                .message
                .contains("no tier on the escalation path (T1 → T2) can resolve")
        );
        assert_eq!(list[1].path, "categories.billing.needs.T3");
        assert!(list[1].message.contains("not on the escalation path"));
    }

    #[test]
    fn receiving_tiers_are_those_tickets_climb_through() {
        let tiers = [
            tier("T1", [true, false, false]),
            tier("T2", [true, true, false]),
            tier("T3", [true, true, true]),
        ];
        let mut ps = Problems::default();
        let path = [TierId(0), TierId(1), TierId(2)];
        let r = check_needs(
            &mut ps,
            &tiers,
            &path,
            &[category(&[(0, 0.9), (1, 0.1), (2, 0.0)])],
        );
        assert_eq!(r, [true, true, false]);
        assert_eq!(ps.error_count(), 0);
    }
}
