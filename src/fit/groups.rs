//! The transfer matrix between handling **groups** (finer than tiers), as a sparse
//! CSV written next to the fragment (`<fragment stem>.transfers.csv`): an event log
//! has dozens of groups, too many for a comment table.
//!
//! Counted like the tier matrix (`transfers.rs`): each stay followed by another counts
//! `from → to`; the last stay counts `from → resolved`. Columns: `from_group`,
//! `from_tier`, `to_group` (`resolved` for the last stay), `to_tier` (empty then),
//! `count`, `probability` (`count` / the stays at `from_group`). Rows are ordered by
//! group index (the log's first-seen order), `resolved` last; only non-zero counts.
//! Names a spreadsheet would evaluate are guarded ([`crate::csv_cell`]).

use std::collections::BTreeMap;

use crate::csv_cell::cell;

use crate::model::{Scenario, TierId};
use crate::tickets::Ticket;

/// Sparse group → group counts; `None` as the target means "resolved".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GroupTransfers {
    /// `(from, to)` → count, with each group's tier.
    pub counts: BTreeMap<(u16, Option<u16>), u64>,
    /// The tier of each group seen.
    pub tiers: BTreeMap<u16, TierId>,
}

/// Counts group transfers along the recorded paths of `tickets`.
pub fn count(tickets: &[Ticket]) -> GroupTransfers {
    let mut g = GroupTransfers::default();
    for t in tickets {
        let Some(rec) = &t.recorded else { continue };
        for (i, s) in rec.steps.iter().enumerate() {
            g.tiers.insert(s.group, s.tier);
            let to = rec.steps.get(i + 1).map(|n| n.group);
            *g.counts.entry((s.group, to)).or_insert(0) += 1;
        }
    }
    g
}

/// The CSV text; `names` are the replay's group names by index (a native `path`
/// column has none: groups are then named after their tier).
pub fn csv_bytes(
    scenario: &Scenario,
    g: &GroupTransfers,
    names: &[String],
) -> Result<Vec<u8>, csv::Error> {
    let tier = |t: TierId| {
        scenario
            .tiers
            .get(t.index())
            .map_or("?".to_string(), |x| x.name.clone())
    };
    let group = |i: u16| match names.get(usize::from(i)) {
        Some(n) => n.clone(),
        None => g.tiers.get(&i).map_or(format!("group {i}"), |&t| tier(t)),
    };
    let mut stays: BTreeMap<u16, u64> = BTreeMap::new();
    for (&(from, _), &c) in &g.counts {
        *stays.entry(from).or_insert(0) += c;
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "from_group",
        "from_tier",
        "to_group",
        "to_tier",
        "count",
        "probability",
    ])?;
    // BTreeMap order puts `None` (resolved) first; write it last per group.
    for from in stays.keys() {
        let targets = g
            .counts
            .range((*from, Some(0))..=(*from, Some(u16::MAX)))
            .chain(g.counts.range((*from, None)..=(*from, None)));
        for (&(_, to), &c) in targets {
            let total = stays.get(from).copied().unwrap_or(1).max(1);
            let from_tier = g.tiers.get(from).map_or(String::new(), |&t| tier(t));
            let (to_group, to_tier) = match to {
                Some(t) => (
                    group(t),
                    g.tiers.get(&t).map_or(String::new(), |&x| tier(x)),
                ),
                None => ("resolved".to_string(), String::new()),
            };
            w.write_record([
                cell(&group(*from)).into_owned(),
                cell(&from_tier).into_owned(),
                cell(&to_group).into_owned(),
                cell(&to_tier).into_owned(),
                c.to_string(),
                format!("{:.4}", c as f64 / total as f64),
            ])?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
