//! Event-log mode: each row is a snapshot of a ticket after one update (ServiceNow's
//! audit log, Jira/Zendesk histories). Rows of a ticket must be contiguous and in
//! update order; consecutive rows are diffed to recover the ticket's group path.
//!
//! For each ticket:
//! - **arrival**: the opening time of its first row;
//! - **attributes** (severity, segment, category, …) and the **SLA flag**: its last row
//!   (the final classification, the one the log's SLA flag refers to); the **text**:
//!   its last row that has one (descriptions are often filled in once);
//! - **group stays**: the first known group holds the ticket from its arrival; each
//!   later row whose group differs (missing values ignored) ends the current stay at
//!   that row's update time (an update written before an earlier one counts at the
//!   latest earlier update time) and starts the new group's; a ticket with no group at all
//!   gets the pseudo-group `(unassigned)`;
//! - **end**: with `resolved_when`, the update time of the first row whose activity
//!   matches it; else the last row's resolution time; or the last update time when it
//!   was never resolved (then the recorded resolution is `None`); stays starting at or
//!   after the end are dropped, the last one ends at it;
//! - **tier labels** (optional `tier_label` column): per group, how many rows label it
//!   with each tier, to compare with the tiers the groups get;
//! - **stay split** ([`Split`]): a row's status (`[statuses]`) and assignee (`agent`)
//!   hold from its update until the next row's (the first row's also from the arrival);
//!   each stay's time is split into pending on the customer, pending on a third party
//!   and active time, and the active time before the first pending span (`lead`) and
//!   before the first moment a person is assigned (`queue`) are kept;
//! - **presence**: per group, person and hour of the clock, the rows in which the person
//!   holds a ticket of the group (the headcount as logged, see [`Presence`]).
//!
//! Memory: one compact record per ticket (stays, attributes) plus the set of finished
//! ticket ids, to catch a ticket whose rows are not contiguous.

use std::collections::{BTreeMap, HashMap};

use super::mapping::Pending;
use super::row::RowValues;
use crate::model::SimTime;
use crate::model::time::HOUR_MS;

/// Name of the pseudo-group of tickets that never had a group.
pub const UNASSIGNED: &str = "(unassigned)";

/// A ticket assembled from its rows, before groups get tiers.
#[derive(Clone, Debug)]
pub struct Assembled {
    /// Values of the ticket's last row, with the first row's arrival.
    pub last: RowValues,
    /// Line of its first row.
    pub line: u64,
    /// `(group index, start ms, end ms)` in order.
    pub stays: Vec<(u16, SimTime, SimTime)>,
    /// Whether the log records a resolution.
    pub resolved: bool,
    /// How each stay's time splits (same order as `stays`).
    pub splits: Vec<Split>,
}

/// How a stay's recorded time splits, ms. `active = stay − customer − third_party`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// Pending on the customer.
    pub customer: SimTime,
    /// Pending on a third party.
    pub third_party: SimTime,
    /// Active (not pending) time before the first pending span (all of it when none).
    pub lead: SimTime,
    /// Active time before a person is first assigned in the stay (all of it when none
    /// is; 0 without an `agent` column).
    pub queue: SimTime,
}

/// Who held tickets when: `(group, person, hour)` → rows, the hour counted from the
/// simulation's start (negative before it).
#[derive(Debug, Default)]
pub struct Presence {
    /// Person names; indexes are person ids.
    pub people: Vec<String>,
    ids: HashMap<String, u32>,
    /// `(group, person, hour)` → rows.
    pub rows: HashMap<(u16, u32, i64), u32>,
}

impl Presence {
    pub(super) fn note(&mut self, group: u16, person: &str, at: SimTime) {
        let id = match self.ids.get(person) {
            Some(&id) => id,
            None => {
                let id = self.people.len() as u32;
                self.people.push(person.to_string());
                self.ids.insert(person.to_string(), id);
                id
            }
        };
        *self
            .rows
            .entry((group, id, at.div_euclid(HOUR_MS)))
            .or_insert(0) += 1;
    }
}

/// Assembles tickets from event rows.
#[derive(Debug, Default)]
pub struct EventLog {
    current: Option<Building>,
    seen: HashMap<String, u64>,
    /// Group names; indexes are group ids.
    pub groups: Vec<String>,
    group_ids: BTreeMap<String, u16>,
    /// Finished tickets.
    pub done: Vec<Assembled>,
    /// Per group, rows labelling it with each tier (`labels[group][tier]`; the
    /// `tier_label` column; empty without one).
    pub labels: Vec<Vec<u64>>,
    /// Who held tickets when (rows with an `agent`).
    pub presence: Presence,
    /// The mapping has an `agent` column (so stays have a queue wait).
    pub has_agents: bool,
}

/// One row's state from its update on: `(since, pending, a person is assigned)`.
type Mark = (SimTime, Pending, bool);

#[derive(Debug)]
struct Building {
    first_line: u64,
    arrival: SimTime,
    last: RowValues,
    last_event: SimTime,
    /// `(group, since)`.
    stays: Vec<(u16, SimTime)>,
    /// Time of the first row whose activity matches `resolved_when`.
    resolved_at: Option<SimTime>,
    /// Every row's state, in order.
    marks: Vec<Mark>,
}

impl EventLog {
    fn group_id(&mut self, name: &str) -> Result<u16, String> {
        if let Some(&g) = self.group_ids.get(name) {
            return Ok(g);
        }
        let g = u16::try_from(self.groups.len())
            .map_err(|_| "group: more than 65535 distinct groups".to_string())?;
        self.groups.push(name.to_string());
        self.group_ids.insert(name.to_string(), g);
        Ok(g)
    }

    /// Adds the row at `line`. An error names the line it is about.
    pub fn push(&mut self, mut v: RowValues, line: u64) -> Result<(), (u64, String)> {
        let same = self.current.as_ref().is_some_and(|b| b.last.key == v.key);
        if !same {
            if let Some(&first) = self.seen.get(&v.key) {
                return Err((
                    line,
                    format!(
                        "id: ticket `{}` reappears after other tickets (its rows started at line {first}); an event log must keep each ticket's rows together",
                        v.key
                    ),
                ));
            }
            self.finish_current()?;
            self.seen.insert(v.key.clone(), line);
            self.current = Some(Building {
                first_line: line,
                arrival: v.arrival,
                last_event: v.event_time.unwrap_or(v.arrival),
                last: RowValues::default(),
                stays: Vec::new(),
                resolved_at: None,
                marks: Vec::new(),
            });
        }
        let group = match v.group.as_deref() {
            Some(g) => Some(self.group_id(g).map_err(|e| (line, e))?),
            None => None,
        };
        if let (Some(g), Some(l)) = (group, v.tier_label) {
            let (g, l) = (usize::from(g), l.index());
            if self.labels.len() <= g {
                self.labels.resize(g + 1, Vec::new());
            }
            let counts = &mut self.labels[g];
            if counts.len() <= l {
                counts.resize(l + 1, 0);
            }
            counts[l] += 1;
        }
        let Some(b) = self.current.as_mut() else {
            return Ok(());
        };
        // An update written before the previous one counts at the previous one's time,
        // so stays never have a negative length.
        b.last_event = b.last_event.max(v.event_time.unwrap_or(b.arrival));
        let t = b.last_event;
        if v.resolves && b.resolved_at.is_none() {
            b.resolved_at = Some(t);
        }
        if let Some(g) = group {
            match b.stays.last() {
                None => b.stays.push((g, b.arrival)),
                Some(&(cur, _)) if cur != g => b.stays.push((g, t.max(b.arrival))),
                Some(_) => {}
            }
        }
        b.marks.push((t, v.pending, v.agent.is_some()));
        if let (Some(person), Some(&(g, _))) = (v.agent.as_deref(), b.stays.last()) {
            self.presence.note(g, person, t);
        }
        if v.text.is_none() {
            v.text = b.last.text;
        }
        // A model predicts when the ticket comes in: its first prediction counts.
        if b.last.predicted_tier.is_some() {
            v.predicted_tier = b.last.predicted_tier;
            v.prediction_confidence = b.last.prediction_confidence;
        }
        b.last = v;
        Ok(())
    }

    /// Finishes the ticket being built, if any. An error names the ticket's first line.
    pub fn finish_current(&mut self) -> Result<(), (u64, String)> {
        let Some(mut b) = self.current.take() else {
            return Ok(());
        };
        if b.stays.is_empty() {
            let g = self.group_id(UNASSIGNED).map_err(|e| (b.first_line, e))?;
            b.stays.push((g, b.arrival));
        }
        let resolution = b.resolved_at.or(b.last.resolved);
        let resolved = resolution.is_some();
        let end = resolution.unwrap_or(b.last_event);
        if end < b.arrival {
            return Err((
                b.first_line,
                format!(
                    "resolved: ticket `{}` is resolved before it was opened",
                    b.last.key
                ),
            ));
        }
        let mut stays = Vec::with_capacity(b.stays.len());
        for (i, &(g, start)) in b.stays.iter().enumerate() {
            if i > 0 && start >= end {
                break;
            }
            let next = b.stays.get(i + 1).map_or(end, |s| s.1.min(end));
            stays.push((g, start, next));
        }
        let splits = stays
            .iter()
            .map(|&(_, start, end)| split(&b.marks, b.arrival, start, end))
            .collect();
        let mut last = b.last;
        last.arrival = b.arrival;
        self.done.push(Assembled {
            last,
            line: b.first_line,
            stays,
            resolved,
            splits,
        });
        Ok(())
    }
}

/// How the stay `[start, end)` splits, given the rows' states (`marks`, each holding
/// from its time until the next one's; the first also from `arrival`, the last until
/// `end`).
fn split(marks: &[Mark], arrival: SimTime, start: SimTime, end: SimTime) -> Split {
    let mut out = Split::default();
    let (mut pending_seen, mut assigned_seen) = (false, false);
    for (i, &(since, pending, assigned)) in marks.iter().enumerate() {
        let from = if i == 0 { arrival.min(since) } else { since };
        let to = marks.get(i + 1).map_or(end, |m| m.0);
        let (a, z) = (from.max(start), to.min(end));
        if z <= a {
            if from >= end {
                break;
            }
            continue;
        }
        let len = z - a;
        match pending {
            Pending::Customer => out.customer += len,
            Pending::ThirdParty => out.third_party += len,
            Pending::No => {
                if !pending_seen {
                    out.lead += len;
                }
                if !assigned && !assigned_seen {
                    out.queue += len;
                }
            }
        }
        pending_seen |= pending != Pending::No;
        assigned_seen |= assigned;
    }
    out
}
