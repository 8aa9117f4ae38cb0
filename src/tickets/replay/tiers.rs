//! Handling groups → tiers: explicitly (`[groups]` in the mapping, or a group named
//! like a tier) or inferred by **opening share**: the fraction of a group's ticket
//! visits in which it was the ticket's first group. Frontline groups open most of the
//! tickets they see; escalation groups mostly receive tickets from others. Each group
//! goes to the first level (highest minimum first) whose minimum share it reaches.

use super::event_log::Assembled;
use super::mapping::TierRule;
use crate::model::{Scenario, TierId};

/// The tier of every group (indexed like `groups`), or a message listing the groups
/// that could not be placed.
pub fn assign(
    rule: &TierRule,
    groups: &[String],
    tickets: &[Assembled],
    scenario: &Scenario,
) -> Result<Vec<TierId>, String> {
    let tier = |name: &str| scenario.tier_id(name);
    let mut out = Vec::with_capacity(groups.len());
    let mut problems = Vec::new();
    let (opening, visits) = shares(groups.len(), tickets);
    for (g, name) in groups.iter().enumerate() {
        let (overrides, levels) = match rule {
            TierRule::Explicit(o) => (o, None),
            TierRule::OpeningShare { levels, overrides } => (overrides, Some(levels)),
        };
        let target = match (overrides.get(name), levels) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(levels)) => {
                let share = opening[g] as f64 / visits[g].max(1) as f64;
                levels
                    .iter()
                    .find(|(_, min)| share >= *min)
                    .map(|(t, _)| t.clone())
            }
            (None, None) => Some(name.clone()),
        };
        match target.as_deref().and_then(tier) {
            Some(t) => out.push(t),
            None => problems.push(format!(
                "`{name}` → {}",
                target.map_or("no tier".to_string(), |t| format!(
                    "`{t}`, not a tier of the scenario"
                ))
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        let n = problems.len();
        problems.truncate(10);
        Err(format!(
            "{n} handling group(s) have no tier: {}; map them in the mapping's [groups] table (group = \"tier\") or infer tiers with [tiers] infer = \"opening-share\"",
            problems.join(", ")
        ))
    }
}

/// Per group: tickets it opened, and ticket visits.
pub fn shares(n_groups: usize, tickets: &[Assembled]) -> (Vec<u64>, Vec<u64>) {
    let mut opening = vec![0u64; n_groups];
    let mut visits = vec![0u64; n_groups];
    for t in tickets {
        for (i, &(g, _, _)) in t.stays.iter().enumerate() {
            let g = usize::from(g);
            if g < n_groups {
                visits[g] += 1;
                if i == 0 {
                    opening[g] += 1;
                }
            }
        }
    }
    (opening, visits)
}
