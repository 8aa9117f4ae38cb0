//! Handling groups → tiers: explicitly (`[groups]` in the mapping, or a group named
//! like a tier) or inferred by **opening share**: the fraction of a group's ticket
//! visits in which it was the ticket's first group. Frontline groups open most of the
//! tickets they see; escalation groups mostly receive tickets from others. Each group
//! goes to the first level (highest minimum first) whose minimum share it reaches.
//!
//! **Agreement**: when the log labels its groups' support lines (`tier_label`), or
//! `[groups]` names the tiers of some groups while the rest are inferred, the tiers are
//! compared with those labels and the share that agrees is reported.

use super::event_log::Assembled;
use super::mapping::TierRule;
use crate::model::{Scenario, TierId};

/// The tiers of the groups, and what opening-share inference says of each.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The tier of every group (indexed like the groups).
    pub tiers: Vec<TierId>,
    /// Per group, the tier opening-share inference gives it, also when `[groups]`
    /// overrides it (`None` without inference).
    pub inferred: Vec<Option<TierId>>,
    /// Per group: its tier comes from `[groups]` (an override).
    pub overridden: Vec<bool>,
    /// Per group, its ticket visits.
    pub visits: Vec<u64>,
}

/// The tier of every group, or a message listing the groups that could not be placed.
pub fn assign(
    rule: &TierRule,
    groups: &[String],
    tickets: &[Assembled],
    scenario: &Scenario,
) -> Result<Placed, String> {
    let tier = |name: &str| scenario.tier_id(name);
    let mut placed = Placed {
        tiers: Vec::with_capacity(groups.len()),
        inferred: Vec::with_capacity(groups.len()),
        overridden: Vec::with_capacity(groups.len()),
        visits: Vec::new(),
    };
    let mut problems = Vec::new();
    let (opening, visits) = shares(groups.len(), tickets);
    for (g, name) in groups.iter().enumerate() {
        let (overrides, levels) = match rule {
            TierRule::Explicit(o) => (o, None),
            TierRule::OpeningShare { levels, overrides } => (overrides, Some(levels)),
        };
        let inferred = levels.and_then(|levels| {
            let share = opening[g] as f64 / visits[g].max(1) as f64;
            levels
                .iter()
                .find(|(_, min)| share >= *min)
                .map(|(t, _)| t.clone())
        });
        placed.inferred.push(inferred.as_deref().and_then(tier));
        let given = group_entry(overrides, name);
        placed.overridden.push(given.is_some());
        let target = match (given, levels) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(_)) => inferred,
            (None, None) => Some(name.clone()),
        };
        match target.as_deref().and_then(tier) {
            Some(t) => placed.tiers.push(t),
            None => problems.push(format!(
                "`{name}` → {}",
                target.map_or("no tier".to_string(), |t| format!(
                    "`{t}`, not a tier of the scenario"
                ))
            )),
        }
    }
    placed.visits = visits;
    if problems.is_empty() {
        Ok(placed)
    } else {
        let n = problems.len();
        problems.truncate(10);
        Err(format!(
            "{n} handling group(s) have no tier: {}; map them in the mapping's [groups] table (group = \"tier\") or infer tiers with [tiers] infer = \"opening-share\"",
            problems.join(", ")
        ))
    }
}

/// The `[groups]` entry for group `name`: its exact name, else the most specific
/// pattern (`*`, `?`; the longest first, ties in alphabetical order) that matches it.
fn group_entry<'a>(
    groups: &'a std::collections::BTreeMap<String, String>,
    name: &str,
) -> Option<&'a String> {
    if let Some(t) = groups.get(name) {
        return Some(t);
    }
    let mut patterns: Vec<(&String, &String)> = groups
        .iter()
        .filter(|(k, _)| k.contains(['*', '?']))
        .collect();
    patterns.sort_by_key(|p| std::cmp::Reverse(p.0.chars().count()));
    patterns
        .into_iter()
        .find(|(k, _)| super::glob::matches(k, name))
        .map(|(_, t)| t)
}

/// How far the tiers of the groups agree with labels given for them.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// Whose tiers are compared: `inferred` (opening share) or `mapped` (`[groups]`,
    /// or groups named like tiers).
    pub subject: &'static str,
    /// What they are compared with: `the labelled support line` (the `tier_label`
    /// column) or `the mapping's [groups] table`.
    pub against: &'static str,
    /// Groups compared, and of those the ones whose tier is the label.
    pub groups: u64,
    /// Groups whose tier is the label.
    pub agree: u64,
    /// Ticket visits of the compared groups, and of the agreeing ones.
    pub visits: u64,
    /// Ticket visits of the agreeing groups.
    pub agree_visits: u64,
    /// Up to three disagreeing groups, most visits first: (group, label, tier).
    pub worst: Vec<(String, String, String)>,
}

impl Agreement {
    /// One line for the user, e.g. `inferred tier agrees with the labelled support line
    /// for 31 % of groups (12 of 39) and 58 % of visits; …`.
    pub fn describe(&self) -> String {
        let pct = |a: u64, b: u64| 100.0 * a as f64 / b.max(1) as f64;
        let mut s = format!(
            "{} tier agrees with {} for {:.0} % of groups ({} of {}) and {:.0} % of their visits",
            self.subject,
            self.against,
            pct(self.agree, self.groups),
            self.agree,
            self.groups,
            pct(self.agree_visits, self.visits)
        );
        if !self.worst.is_empty() {
            let w: Vec<String> = self
                .worst
                .iter()
                .map(|(g, label, got)| format!("`{g}` (labelled {label}, {} {got})", self.subject))
                .collect();
            s.push_str(&format!(
                "; disagreeing groups with the most visits: {}",
                w.join(", ")
            ));
        }
        s
    }
}

/// Compares each group's tier (`got`) with its label (`label`, `None`: not labelled).
pub fn agreement(
    subject: &'static str,
    against: &'static str,
    groups: &[String],
    tier_names: &[&str],
    label: &[Option<TierId>],
    got: &[Option<TierId>],
    visits: &[u64],
) -> Option<Agreement> {
    let mut a = Agreement {
        subject,
        against,
        groups: 0,
        agree: 0,
        visits: 0,
        agree_visits: 0,
        worst: Vec::new(),
    };
    let name = |t: Option<TierId>| {
        t.and_then(|t| tier_names.get(t.index()).copied())
            .unwrap_or("no tier")
            .to_string()
    };
    let mut wrong: Vec<(u64, usize)> = Vec::new();
    for (g, l) in label.iter().enumerate() {
        let Some(l) = *l else { continue };
        let v = visits.get(g).copied().unwrap_or(0);
        let t = got.get(g).copied().flatten();
        a.groups += 1;
        a.visits += v;
        if t == Some(l) {
            a.agree += 1;
            a.agree_visits += v;
        } else {
            wrong.push((v, g));
        }
    }
    // Most visits first; ties in group order.
    wrong.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    a.worst = wrong
        .iter()
        .take(3)
        .map(|&(_, g)| {
            (
                groups[g].clone(),
                name(label[g]),
                name(got.get(g).copied().flatten()),
            )
        })
        .collect();
    (a.groups > 0).then_some(a)
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
