//! Probabilistic routing (`kind = "transfers"`): where a ticket enters, and after
//! each tier visit whether that tier resolves it or where it goes next (onward, back
//! down the path, or to another group of the same tier), by fixed probabilities. It
//! is the routing of a Jackson network, and what `escalsim fit` learns from a log.
//!
//! Each visit is decided afresh (the ticket's need and the tiers' skills play no
//! part); the engine gives every revisit fresh work.

use super::TierId;

/// The most hand-offs a ticket makes in one life under a transfer matrix; the visit
/// that reaches it resolves the ticket (counted as a forced resolution). With the
/// validated matrices the expected number of visits is finite, so this only bounds
/// very unlikely runs.
pub const MAX_TRANSFER_HOPS: u16 = 1_000;

/// Entry and transfer probabilities between tiers.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferMatrix {
    /// `entry[t]`: probability that a ticket (or a reopened ticket, or a retrying
    /// customer) enters at tier `t`; sums to 1.
    pub entry: Vec<f64>,
    /// `next[i][j]`: probability that a visit at tier `i` ends with a transfer to tier
    /// `j`; `next[i][j]` summed over `j` plus `resolve[i]` is 1 for every tier a ticket
    /// can reach.
    pub next: Vec<Vec<f64>>,
    /// `resolve[i]`: probability that tier `i` resolves the ticket at a visit.
    pub resolve: Vec<f64>,
}

impl TransferMatrix {
    /// Tiers a ticket can reach (entered or transferred to with positive probability).
    pub fn reachable(&self) -> Vec<bool> {
        let n = self.entry.len();
        let mut seen: Vec<bool> = self.entry.iter().map(|&p| p > 0.0).collect();
        let mut stack: Vec<usize> = (0..n).filter(|&i| seen[i]).collect();
        while let Some(i) = stack.pop() {
            for (j, &p) in self.next.get(i).into_iter().flatten().enumerate() {
                if p > 0.0 && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        seen
    }

    /// Expected visits to each tier per entering ticket: the solution `v` of the
    /// traffic equations `v_j = entry_j + Σ_i v_i · next[i][j]`. Multiplied by the
    /// arrival rate it gives each tier's visit rate (a Jackson network's `λ_j`).
    /// `None` when the equations have no finite solution (tickets that never leave).
    pub fn visits(&self) -> Option<Vec<f64>> {
        let n = self.entry.len();
        let reachable = self.reachable();
        // (I − Pᵀ) v = entry over the reachable tiers (no ticket visits the others:
        // v = 0 there, whatever their rows say), by Gaussian elimination with
        // partial pivoting.
        let mut a: Vec<Vec<f64>> = (0..n)
            .map(|j| {
                let mut row: Vec<f64> = (0..n)
                    .map(|i| {
                        let p = self.next.get(i).and_then(|r| r.get(j)).copied();
                        let p = if reachable[i] && reachable[j] {
                            p
                        } else {
                            None
                        };
                        f64::from(u8::from(i == j)) - p.unwrap_or(0.0)
                    })
                    .collect();
                row.push(self.entry[j]);
                row
            })
            .collect();
        for col in 0..n {
            let pivot = (col..n).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))?;
            if a[pivot][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, pivot);
            let pivot_row = a[col].clone();
            for (r, row) in a.iter_mut().enumerate() {
                let f = row[col] / pivot_row[col];
                if r != col && f != 0.0 {
                    for (x, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                        *x -= f * p;
                    }
                }
            }
        }
        let v: Vec<f64> = (0..n).map(|i| a[i][n] / a[i][i]).collect();
        v.iter().all(|x| x.is_finite() && *x >= -1e-9).then_some(v)
    }

    /// Reachable tiers from which no sequence of transfers leads to a tier that
    /// resolves: tickets reaching them circulate for ever.
    pub fn never_resolving(&self) -> Vec<usize> {
        let n = self.entry.len();
        let mut good: Vec<bool> = (0..n).map(|t| self.resolve[t] > 0.0).collect();
        loop {
            let mut changed = false;
            for t in 0..n {
                if !good[t] && self.next[t].iter().zip(&good).any(|(&p, &g)| p > 0.0 && g) {
                    good[t] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let reachable = self.reachable();
        (0..n).filter(|&t| reachable[t] && !good[t]).collect()
    }

    /// Where a visit at `from` ends for a uniform draw `u` in [0, 1): `None` resolves.
    pub fn outcome(&self, from: TierId, u: f64) -> Option<TierId> {
        let row = self.next.get(from.index())?;
        let mut acc = self.resolve.get(from.index()).copied().unwrap_or(1.0);
        if u < acc {
            return None;
        }
        for (j, &p) in row.iter().enumerate() {
            acc += p;
            if u < acc && p > 0.0 {
                return Some(TierId(j as u16));
            }
        }
        // Rounding left a sliver above the last cumulative value: the last positive
        // column, or resolution.
        row.iter().rposition(|&p| p > 0.0).map(|j| TierId(j as u16))
    }

    /// The entry tier for a uniform draw `u` in [0, 1).
    pub fn entry_tier(&self, u: f64) -> TierId {
        let mut acc = 0.0;
        for (t, &p) in self.entry.iter().enumerate() {
            acc += p;
            if u < acc && p > 0.0 {
                return TierId(t as u16);
            }
        }
        let last = self.entry.iter().rposition(|&p| p > 0.0).unwrap_or(0);
        TierId(last as u16)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> TransferMatrix {
        TransferMatrix {
            entry: vec![1.0, 0.0, 0.0],
            next: vec![
                vec![0.0, 0.5, 0.0],
                vec![0.2, 0.0, 0.4],
                vec![0.0, 0.3, 0.0],
            ],
            resolve: vec![0.5, 0.4, 0.7],
        }
    }

    #[test]
    fn visits_solve_the_traffic_equations() {
        let m = three();
        let v = m.visits().expect("finite");
        // v1 = 1 + 0.2 v2; v2 = 0.5 v1 + 0.3 v3; v3 = 0.4 v2
        // ⇒ v2 = 0.5 (1 + 0.2 v2) + 0.12 v2 ⇒ v2 (1 − 0.22) = 0.5.
        let v2 = 0.5 / 0.78;
        let want = [1.0 + 0.2 * v2, v2, 0.4 * v2];
        for (got, want) in v.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{v:?}");
        }
        // Every visit ends in exactly one resolution: Σ v_i · resolve_i = 1.
        let resolved: f64 = v.iter().zip(&m.resolve).map(|(v, r)| v * r).sum();
        assert!((resolved - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_loop_that_never_resolves_has_no_solution() {
        let m = TransferMatrix {
            entry: vec![1.0, 0.0],
            next: vec![vec![0.0, 1.0], vec![1.0, 0.0]],
            resolve: vec![0.0, 0.0],
        };
        assert_eq!(m.visits(), None);
        assert_eq!(m.reachable(), vec![true, true]);
        assert_eq!(m.never_resolving(), vec![0, 1]);
        // The same loop where no ticket goes is harmless.
        let m = TransferMatrix {
            entry: vec![1.0, 0.0, 0.0],
            next: vec![vec![0.0; 3], vec![0.0, 0.0, 1.0], vec![0.0, 1.0, 0.0]],
            resolve: vec![1.0, 0.0, 0.0],
        };
        assert_eq!(m.visits(), Some(vec![1.0, 0.0, 0.0]));
        assert!(m.never_resolving().is_empty());
    }

    #[test]
    fn outcomes_follow_the_cumulative_row() {
        let m = three();
        let t1 = TierId(0);
        assert_eq!(m.outcome(t1, 0.0), None);
        assert_eq!(m.outcome(t1, 0.4999), None);
        assert_eq!(m.outcome(t1, 0.5), Some(TierId(1)));
        assert_eq!(m.outcome(t1, 0.9999), Some(TierId(1)));
        let t2 = TierId(1);
        assert_eq!(m.outcome(t2, 0.39), None);
        assert_eq!(m.outcome(t2, 0.41), Some(TierId(0)));
        assert_eq!(m.outcome(t2, 0.61), Some(TierId(2)));
        assert_eq!(m.entry_tier(0.99), TierId(0));
    }
}
