//! Historical resolution patterns: the transfer matrix between tiers, and the
//! resolving tier per category and per category × priority.
//!
//! A ticket's recorded path `t_1 → t_2 → … → t_k` (tiers of its successive group
//! stays) counts one transfer `t_i → t_{i+1}` for each `i < k` (a move between two
//! groups of the same tier counts as `t → t`) and one "resolved here" at `t_k`. The
//! transfer probability `P(next = j | current = i) = count(i → j) / Σ_j' count(i → j')`,
//! with "resolved" as one more column. The ticket's resolving tier is `t_k`; a
//! category's `needs` are the shares of its resolving tiers.

use super::Obs;
use crate::model::TierId;

/// Transfer counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Transfers {
    /// Tickets whose first stay was at each tier.
    pub entry: Vec<u64>,
    /// `next[i][j]`: stays at tier `i` followed by one at tier `j`; the last column
    /// (index = tier count) counts tickets resolved at `i`.
    pub next: Vec<Vec<u64>>,
}

impl Transfers {
    /// `P(next | current = from)` per column (the last is "resolved"); `None` when the
    /// tier has no stays.
    pub fn probabilities(&self, from: usize) -> Option<Vec<f64>> {
        let row = self.next.get(from)?;
        let total: u64 = row.iter().sum();
        (total > 0).then(|| row.iter().map(|&c| c as f64 / total as f64).collect())
    }
}

/// Counts the transfers of `obs`.
pub fn transfers(n_tiers: usize, obs: &[Obs]) -> Transfers {
    let mut entry = vec![0u64; n_tiers];
    let mut next = vec![vec![0u64; n_tiers + 1]; n_tiers];
    for o in obs {
        if let Some(&(t, _)) = o.path.first()
            && let Some(e) = entry.get_mut(t.index())
        {
            *e += 1;
        }
        for (i, &(from, _)) in o.path.iter().enumerate() {
            let to = o.path.get(i + 1).map_or(n_tiers, |&(t, _)| t.index());
            if let Some(c) = next.get_mut(from.index()).and_then(|r| r.get_mut(to)) {
                *c += 1;
            }
        }
    }
    Transfers { entry, next }
}

/// Transfer counts between **visits**: consecutive stays at groups of the same tier
/// are one visit (so a tier's per-ticket time, which `handle_minutes` is fitted from,
/// is one visit's work for a ticket that does not come back to the tier). This is
/// the matrix `fit` writes as a runnable `transfers` policy.
pub fn visit_transfers(n_tiers: usize, obs: &[Obs]) -> Transfers {
    let collapsed: Vec<Obs> = obs
        .iter()
        .map(|o| {
            let mut path = o.path.clone();
            path.dedup_by_key(|(t, _)| *t);
            Obs { path, ..o.clone() }
        })
        .collect();
    transfers(n_tiers, &collapsed)
}

/// Tickets whose visits (consecutive same-tier stays merged) come back to a tier they
/// left, e.g. L1 → L2 → L1.
pub fn revisiting(obs: &[Obs]) -> u64 {
    obs.iter()
        .filter(|o| {
            let mut seen: Vec<TierId> = Vec::new();
            let mut last = None;
            o.path.iter().any(|&(t, _)| {
                let again = last != Some(t) && seen.contains(&t);
                if last != Some(t) {
                    seen.push(t);
                }
                last = Some(t);
                again
            })
        })
        .count() as u64
}

/// Resolving-tier counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolving {
    /// `by_category[c][t]`: tickets of category `c` resolved at tier `t`.
    pub by_category: Vec<Vec<u64>>,
    /// `by_category_severity[c][s][t]`: the same per severity (most urgent first).
    pub by_category_severity: Vec<[Vec<u64>; 4]>,
}

/// Counts the resolving tiers of `obs`.
pub fn resolving(n_tiers: usize, n_categories: usize, obs: &[Obs]) -> Resolving {
    let zero = || vec![0u64; n_tiers];
    let mut by_category = vec![zero(); n_categories];
    let mut by_category_severity: Vec<[Vec<u64>; 4]> = (0..n_categories)
        .map(|_| [zero(), zero(), zero(), zero()])
        .collect();
    for o in obs {
        let Some(t) = o.resolving_tier() else {
            continue;
        };
        let (c, t) = (o.category.index(), t.index());
        if let Some(x) = by_category.get_mut(c).and_then(|r| r.get_mut(t)) {
            *x += 1;
        }
        if let Some(x) = by_category_severity
            .get_mut(c)
            .and_then(|r| r[o.severity.index()].get_mut(t))
        {
            *x += 1;
        }
    }
    Resolving {
        by_category,
        by_category_severity,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CategoryId, Severity, TierId};

    fn obs(cat: u16, sev: Severity, path: &[u16]) -> Obs {
        Obs {
            arrival_ms: 0,
            severity: sev,
            category: CategoryId(cat),
            path: path.iter().map(|&t| (TierId(t), 60_000)).collect(),
        }
    }

    #[test]
    fn matrix_by_hand() {
        let o = [
            obs(0, Severity::Low, &[0]),
            obs(0, Severity::Low, &[0, 1]),
            obs(1, Severity::High, &[0, 1, 0]),
            obs(1, Severity::Low, &[1, 1]),
        ];
        let t = transfers(2, &o);
        assert_eq!(t.entry, [3, 1]);
        // From T0: to T0 0, to T1 2, resolved 2. From T1: to T0 1, to T1 1, resolved 2.
        assert_eq!(t.next, [vec![0, 2, 2], vec![1, 1, 2]]);
        assert_eq!(t.probabilities(1), Some(vec![0.25, 0.25, 0.5]));
        let r = resolving(2, 2, &o);
        assert_eq!(r.by_category, [vec![1, 1], vec![1, 1]]);
        assert_eq!(r.by_category_severity[1][Severity::High.index()], [1, 0]);
        assert_eq!(r.by_category_severity[1][Severity::Low.index()], [0, 1]);
        // Visits: [1, 1] is one visit at T1; [0, 1, 0] comes back to T0.
        let v = visit_transfers(2, &o);
        assert_eq!(v.entry, [3, 1]);
        assert_eq!(v.next, [vec![0, 2, 2], vec![1, 0, 2]]);
        assert_eq!(revisiting(&o), 1);
    }
}
