//! Tier lints: a tier without an owner (SOP001) and a tier no ticket can reach
//! (SOP003).
//!
//! A ticket reaches a tier by entering the escalation path and climbing it until a
//! tier resolves its need, or because a policy sends it there: a random entry (any
//! tier of the path), a recorded path (any tier), an AI prediction (the lowest tier on
//! the path that resolves the predicted need, for any prediction), an SOP rule's route,
//! a timed trigger's `escalate_to`, or the incident bypass. A tier that does the human
//! reviews (`[ai.review] tier`) has work without tickets and is not flagged.

use super::{Code, Findings, join};
use crate::model::sop::Route;
use crate::model::{PolicyKind, Scenario, TierId};

pub(super) fn lint(s: &Scenario, out: &mut Findings) {
    for t in &s.tiers {
        if t.owner.trim().is_empty() {
            out.push(
                Code::TierWithoutOwner,
                join(&join("tiers", &t.name), "owner"),
                format!(
                    "tier `{}` has no owner: nobody is accountable for its step of the SLA or receives its alerts",
                    t.name
                ),
                format!(
                    "add owner = \"<role>\" to [tiers.{}], e.g. the team lead of its agents",
                    t.name
                ),
            );
        }
    }
    let reachable = reachable(s);
    for (i, t) in s.tiers.iter().enumerate() {
        if reachable[i] {
            continue;
        }
        let on_path = s.escalation_path.contains(&TierId(i as u16));
        let (message, fix) = if on_path {
            (
                format!(
                    "no ticket can reach tier `{}`: it is on the escalation path, but tiers before it resolve every need tickets have, and no policy routes tickets to it",
                    t.name
                ),
                format!(
                    "let a category need it (categories.<name>.needs), route tickets to it with a rule (route = \"{}\"), or remove it from escalation.path",
                    t.name
                ),
            )
        } else {
            (
                format!(
                    "no ticket can reach tier `{}`: it is not on the escalation path and no rule, timed trigger or incident bypass sends tickets to it",
                    t.name
                ),
                format!(
                    "add it to escalation.path, route tickets to it with a rule (route = \"{}\"), or remove the tier",
                    t.name
                ),
            )
        };
        out.push(Code::UnreachableTier, join("tiers", &t.name), message, fix);
    }
}

/// Whether some ticket can reach each tier under some policy (or it does reviews).
pub(super) fn reachable(s: &Scenario) -> Vec<bool> {
    let n = s.tiers.len();
    let mut out = vec![false; n];
    let path = &s.escalation_path;
    let lowest = |need: TierId| {
        path.iter()
            .position(|t| s.tiers[t.index()].resolves[need.index()])
    };
    // Climbing the path from its first tier (and from any entry below the resolver).
    if let Some(first) = path.first() {
        out[first.index()] = true;
    }
    for cat in &s.categories {
        for &(need, p) in &cat.needs {
            if p > 0.0 {
                if let Some(k) = lowest(need) {
                    for t in &path[..=k] {
                        out[t.index()] = true;
                    }
                }
            }
        }
    }
    let any_prediction = |out: &mut Vec<bool>| {
        for need in 0..n {
            if let Some(k) = lowest(TierId(need as u16)) {
                out[path[k].index()] = true;
            }
        }
    };
    // A tier that does the human reviews has work even if no ticket reaches it.
    if let Some(t) = s.ai.review.as_ref().and_then(|r| r.tier) {
        out[t.index()] = true;
    }
    for p in &s.policies {
        match &p.kind {
            PolicyKind::Tiered | PolicyKind::Oracle => {}
            PolicyKind::Random => {
                for t in path {
                    out[t.index()] = true;
                }
            }
            PolicyKind::Recorded => out.iter_mut().for_each(|r| *r = true),
            PolicyKind::Ai => any_prediction(&mut out),
            PolicyKind::Transfers(m) => {
                for (t, r) in m.reachable().into_iter().enumerate() {
                    out[t] |= r;
                }
            }
            PolicyKind::Sop(sop) => {
                for r in &sop.rules {
                    match r.action.route {
                        Some(Route::Tier(t)) => out[t.index()] = true,
                        Some(Route::Predicted) => any_prediction(&mut out),
                        None => {}
                    }
                }
                for t in sop.triggers.iter().filter_map(|t| t.escalate_to) {
                    out[t.index()] = true;
                }
            }
        }
        if let (true, Some(inc)) = (p.incident_mode, &s.incident) {
            out[inc.bypass_to.index()] = true;
        }
    }
    out
}
