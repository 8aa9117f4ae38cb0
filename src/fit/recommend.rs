//! The "historical pattern" recommender: predicts a ticket's resolving tier from its
//! category, priority and current tier, by the most frequent resolving tier among
//! training tickets with the same key.
//!
//! Keys, most specific first, each used only when it has at least `min_support`
//! training tickets ([`MIN_SUPPORT`] by default):
//! 1. (current tier, category, priority), 2. (category, priority), 3. category,
//! 4. global (always). Ties go to the lower tier (earlier in the file).
//!
//! Evaluation: the tickets (with recorded paths, in arrival order) are split
//! chronologically: the last `round(holdout × n)` test, the rest (the first) train. Each test
//! ticket is predicted on arrival with its current tier = the tier of its first
//! recorded stay. Reported: accuracy (share predicted right), the baseline accuracy
//! (always the global most frequent training resolving tier), a confusion table
//! (actual × predicted), and how often each key level answered.

use std::collections::BTreeMap;

use super::Obs;
use crate::model::{CategoryId, Severity, TierId};

/// Default fewest training tickets for a key to answer.
pub const MIN_SUPPORT: u64 = 5;

/// Which key answered a prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// (current tier, category, priority).
    TierCategoryPriority = 0,
    /// (category, priority).
    CategoryPriority = 1,
    /// Category only.
    Category = 2,
    /// Every training ticket.
    Global = 3,
}

impl Level {
    /// Every level, most specific first.
    pub const ALL: [Level; 4] = [
        Level::TierCategoryPriority,
        Level::CategoryPriority,
        Level::Category,
        Level::Global,
    ];

    /// A short label.
    pub fn label(self) -> &'static str {
        match self {
            Level::TierCategoryPriority => "tier+category+priority",
            Level::CategoryPriority => "category+priority",
            Level::Category => "category",
            Level::Global => "global",
        }
    }
}

/// The trained recommender: resolving-tier counts per key.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommender {
    min_support: u64,
    full: BTreeMap<(u16, u16, usize), Vec<u64>>,
    cat_sev: BTreeMap<(u16, usize), Vec<u64>>,
    cat: BTreeMap<u16, Vec<u64>>,
    global: Vec<u64>,
}

fn argmax(counts: &[u64]) -> TierId {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    TierId(best as u16)
}

impl Recommender {
    /// Learns from `train` (tickets with recorded paths).
    pub fn train(n_tiers: usize, train: &[Obs], min_support: u64) -> Recommender {
        let mut r = Recommender {
            min_support,
            full: BTreeMap::new(),
            cat_sev: BTreeMap::new(),
            cat: BTreeMap::new(),
            global: vec![0; n_tiers],
        };
        let zero = || vec![0u64; n_tiers];
        for o in train {
            let (Some(&(first, _)), Some(res)) = (o.path.first(), o.resolving_tier()) else {
                continue;
            };
            let (c, s, t) = (o.category.0, o.severity.index(), res.index());
            if t >= n_tiers {
                continue;
            }
            r.full.entry((first.0, c, s)).or_insert_with(zero)[t] += 1;
            r.cat_sev.entry((c, s)).or_insert_with(zero)[t] += 1;
            r.cat.entry(c).or_insert_with(zero)[t] += 1;
            r.global[t] += 1;
        }
        r
    }

    /// The global most frequent resolving tier (the baseline's constant prediction).
    pub fn baseline(&self) -> TierId {
        argmax(&self.global)
    }

    /// Predicts the resolving tier of a ticket at `current` with `category` and
    /// `severity`, and which key answered.
    pub fn predict(
        &self,
        current: TierId,
        category: CategoryId,
        severity: Severity,
    ) -> (TierId, Level) {
        let s = severity.index();
        let enough = |v: Option<&Vec<u64>>| {
            v.filter(|c| c.iter().sum::<u64>() >= self.min_support.max(1))
                .map(|c| argmax(c))
        };
        if let Some(t) = enough(self.full.get(&(current.0, category.0, s))) {
            return (t, Level::TierCategoryPriority);
        }
        if let Some(t) = enough(self.cat_sev.get(&(category.0, s))) {
            return (t, Level::CategoryPriority);
        }
        if let Some(t) = enough(self.cat.get(&category.0)) {
            return (t, Level::Category);
        }
        (self.baseline(), Level::Global)
    }
}

/// The held-out evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// The holdout fraction.
    pub holdout: f64,
    /// The fewest training tickets for a key to answer.
    pub min_support: u64,
    /// Training tickets (the chronologically first).
    pub train: u64,
    /// Test tickets.
    pub test: u64,
    /// Test tickets predicted right.
    pub correct: u64,
    /// Test tickets the baseline predicts right.
    pub baseline_correct: u64,
    /// The baseline's constant prediction.
    pub baseline_tier: TierId,
    /// `confusion[actual][predicted]`.
    pub confusion: Vec<Vec<u64>>,
    /// Per [`Level`]: predictions it answered, and how many were right.
    pub by_level: [(u64, u64); 4],
}

impl Evaluation {
    /// Share of test tickets predicted right.
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.test.max(1) as f64
    }

    /// Share of test tickets the baseline predicts right.
    pub fn baseline_accuracy(&self) -> f64 {
        self.baseline_correct as f64 / self.test.max(1) as f64
    }
}

/// Trains on the first `n − round(holdout × n)` of `obs` (tickets with recorded paths, in
/// arrival order) and evaluates on the rest; `None` when either part is empty.
pub fn evaluate(n_tiers: usize, obs: &[Obs], holdout: f64, min_support: u64) -> Option<Evaluation> {
    let n_test = (holdout * obs.len() as f64).round() as usize;
    let n_train = obs.len().saturating_sub(n_test);
    if n_train == 0 || n_test == 0 {
        return None;
    }
    let (train, test) = obs.split_at(n_train);
    let rec = Recommender::train(n_tiers, train, min_support);
    let base = rec.baseline();
    let mut e = Evaluation {
        holdout,
        min_support,
        train: train.len() as u64,
        test: 0,
        correct: 0,
        baseline_correct: 0,
        baseline_tier: base,
        confusion: vec![vec![0; n_tiers]; n_tiers],
        by_level: [(0, 0); 4],
    };
    for o in test {
        let (Some(&(first, _)), Some(actual)) = (o.path.first(), o.resolving_tier()) else {
            continue;
        };
        let (pred, level) = rec.predict(first, o.category, o.severity);
        let right = pred == actual;
        e.test += 1;
        e.correct += u64::from(right);
        e.baseline_correct += u64::from(base == actual);
        e.by_level[level as usize].0 += 1;
        e.by_level[level as usize].1 += u64::from(right);
        if let Some(c) = e
            .confusion
            .get_mut(actual.index())
            .and_then(|r| r.get_mut(pred.index()))
        {
            *c += 1;
        }
    }
    Some(e)
}
