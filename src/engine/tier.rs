//! A tier at run time: its agents (idle, busy, leaving at the end of the ticket in
//! hand) and its queue, ordered by `(priority key, join sequence)` so that equal keys
//! are served first come, first served.
//!
//! Tasks (customer status updates, follow-up contacts) wait in a FIFO of their own and
//! are served before tickets: they are short and time-critical.
//!
//! Abandoned tickets are removed lazily: each queue entry carries the sequence number
//! it was queued with, and an entry whose ticket has since left (or re-queued) is
//! skipped when it reaches the head.
//!
//! Agents are counts, except at a tier whose replies go back to the agent who touched
//! the ticket last (`same_agent_wait_minutes`): there each agent has an id, and each
//! agent a queue of the replies held for it ([`Owners`]).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// The acknowledgement stamp of a task that is not a triage reply.
pub const NOT_AN_ACK: u16 = u16::MAX;

/// No agent id (a tier whose agents are counts).
pub const NO_AGENT: u32 = u32::MAX;

/// The individual agents of a tier that holds replies for their owner.
#[derive(Debug, Default)]
pub struct Owners {
    /// Idle agents on duty, as a stack: the agent freed last takes the next ticket.
    idle: Vec<u32>,
    /// Each agent's position in `idle`, or `NO_AGENT` when not idle.
    idle_pos: Vec<u32>,
    /// Agents off duty, as a stack: the last to leave is the first back.
    off: Vec<u32>,
    /// Replies held for each agent: `(queue sequence, slot)`, oldest first. Entries go
    /// stale when the ticket leaves or is passed to the whole tier.
    held: Vec<VecDeque<(u64, u32)>>,
    /// Agents back on duty with replies held for them, to be served.
    back_with_held: Vec<u32>,
}

impl Owners {
    fn push_idle(&mut self, a: u32) {
        self.idle_pos[a as usize] = self.idle.len() as u32;
        self.idle.push(a);
    }

    fn remove_idle(&mut self, a: u32) {
        let pos = self.idle_pos[a as usize] as usize;
        self.idle.swap_remove(pos);
        if let Some(&moved) = self.idle.get(pos) {
            self.idle_pos[moved as usize] = pos as u32;
        }
        self.idle_pos[a as usize] = NO_AGENT;
    }

    /// An agent comes on duty: the last one who left, else a new id.
    fn join(&mut self) {
        let a = self.off.pop().unwrap_or_else(|| {
            self.idle_pos.push(NO_AGENT);
            self.held.push(VecDeque::new());
            (self.idle_pos.len() - 1) as u32
        });
        self.push_idle(a);
        if !self.held[a as usize].is_empty() {
            self.back_with_held.push(a);
        }
    }

    /// The idle agent who leaves first when the head count drops.
    fn leave_idle(&mut self) {
        if let Some(&a) = self.idle.last() {
            self.remove_idle(a);
            self.off.push(a);
        }
    }
}

/// Agents and queue of one tier.
#[derive(Debug, Default)]
pub struct TierState {
    /// Agents on duty and free.
    pub idle: u32,
    /// Agents working on a ticket (including those leaving after it).
    pub busy: u32,
    /// Busy agents whose shift has ended: they leave when their ticket is done.
    pub leaving: u32,
    /// Tickets waiting (valid entries only).
    pub queue_len: u32,
    queue: BinaryHeap<Reverse<(i64, u64, u32)>>,
    /// Waiting tasks: their work (ms) and the ticket slot and generation they serve
    /// (`u32::MAX` for none).
    tasks: VecDeque<(u32, u32, u32, u16)>,
    /// Individual agents, at a tier that holds replies for their owner.
    owners: Option<Box<Owners>>,
}

impl TierState {
    /// Agents present (idle + busy), i.e. paid for.
    #[inline]
    pub fn present(&self) -> u32 {
        self.idle + self.busy
    }

    /// Sets the head count the schedule asks for. Idle agents leave at once; busy
    /// agents beyond the new head count finish the ticket in hand first. Returns
    /// whether agents were added (so the queue should be served).
    pub fn set_target(&mut self, target: u32) -> bool {
        let effective = self.present() - self.leaving;
        if target > effective {
            let mut add = target - effective;
            let cancel = add.min(self.leaving);
            self.leaving -= cancel;
            add -= cancel;
            self.idle += add;
            if let Some(o) = &mut self.owners {
                (0..add).for_each(|_| o.join());
            }
            true
        } else {
            let mut remove = effective - target;
            let from_idle = remove.min(self.idle);
            self.idle -= from_idle;
            if let Some(o) = &mut self.owners {
                (0..from_idle).for_each(|_| o.leave_idle());
            }
            remove -= from_idle;
            self.leaving += remove;
            false
        }
    }

    /// A tier whose agents have ids (call before any staffing).
    pub fn with_owners() -> TierState {
        TierState {
            owners: Some(Box::default()),
            ..TierState::default()
        }
    }

    /// Agent `agent` (`NO_AGENT` at a tier of counts) finished a ticket or task: it
    /// leaves if its shift is over, else becomes idle. Returns whether it stayed.
    #[inline]
    pub fn release_agent(&mut self, agent: u32) -> bool {
        self.busy -= 1;
        let stays = if self.leaving > 0 {
            self.leaving -= 1;
            false
        } else {
            self.idle += 1;
            true
        };
        if let Some(o) = &mut self.owners {
            if stays {
                o.push_idle(agent);
            } else {
                o.off.push(agent);
            }
        }
        stays
    }

    /// An idle agent takes a ticket or task: its id (`NO_AGENT` at a tier of counts).
    #[inline]
    pub fn seize_agent(&mut self) -> u32 {
        self.idle -= 1;
        self.busy += 1;
        match &mut self.owners {
            None => NO_AGENT,
            Some(o) => {
                let a = o.idle.pop().unwrap_or(NO_AGENT);
                if a != NO_AGENT {
                    o.idle_pos[a as usize] = NO_AGENT;
                }
                a
            }
        }
    }

    /// Whether agent `agent` is on duty and idle (false at a tier of counts).
    pub fn is_idle(&self, agent: u32) -> bool {
        self.owners.as_ref().is_some_and(|o| {
            o.idle_pos
                .get(agent as usize)
                .is_some_and(|&p| p != NO_AGENT)
        })
    }

    /// The idle agent `agent` takes a ticket.
    pub fn seize_this(&mut self, agent: u32) {
        if let Some(o) = &mut self.owners {
            o.remove_idle(agent);
            self.idle -= 1;
            self.busy += 1;
        }
    }

    /// Holds a reply (queue entry `seq`, ticket `slot`) for agent `agent`; it counts as
    /// waiting at the tier.
    pub fn hold(&mut self, agent: u32, seq: u64, slot: u32) {
        if let Some(q) = self
            .owners
            .as_mut()
            .and_then(|o| o.held.get_mut(agent as usize))
        {
            q.push_back((seq, slot));
            self.queue_len += 1;
        }
    }

    /// Takes the oldest reply held for `agent`, valid or stale; the caller checks
    /// validity and calls [`TierState::took_valid`] for a valid one.
    pub fn pop_held(&mut self, agent: u32) -> Option<(u64, u32)> {
        self.owners
            .as_mut()?
            .held
            .get_mut(agent as usize)?
            .pop_front()
    }

    /// Whether the tier's agents have ids (it holds replies for their owner).
    #[inline]
    pub fn has_owners(&self) -> bool {
        self.owners.is_some()
    }

    /// The agents who came back on duty (at the last head-count change) with replies
    /// held for them.
    pub fn take_back_with_held(&mut self) -> Vec<u32> {
        self.owners
            .as_mut()
            .map(|o| std::mem::take(&mut o.back_with_held))
            .unwrap_or_default()
    }

    /// Whether tasks wait for an agent.
    pub fn has_tasks(&self) -> bool {
        !self.tasks.is_empty()
    }

    /// Queues `slot` with priority `key` (lower first) and join sequence `seq`.
    #[inline]
    pub fn push(&mut self, key: i64, seq: u64, slot: u32) {
        self.queue.push(Reverse((key, seq, slot)));
        self.queue_len += 1;
    }

    /// Queues a task of `ms` of work for the ticket in `slot` (generation
    /// `generation`), or for no ticket (`slot = u32::MAX`).
    #[inline]
    pub fn push_task(&mut self, ms: u32, slot: u32, generation: u32) {
        self.tasks.push_back((ms, slot, generation, NOT_AN_ACK));
    }

    /// Queues a triage reply of `ms` of work that acknowledges contact `stamp` of the
    /// ticket in `slot` when it is done.
    pub fn push_ack(&mut self, ms: u32, slot: u32, generation: u32, stamp: u16) {
        self.tasks.push_back((ms, slot, generation, stamp));
    }

    /// Takes the oldest waiting task: its work (ms), slot and generation.
    #[inline]
    pub fn pop_task(&mut self) -> Option<(u32, u32, u32, u16)> {
        self.tasks.pop_front()
    }

    /// Pops the head entry `(seq, slot)`, valid or stale; the caller checks validity
    /// and calls [`TierState::took_valid`] for a valid one.
    #[inline]
    pub fn pop_raw(&mut self) -> Option<(u64, u32)> {
        self.queue.pop().map(|Reverse((_, seq, slot))| (seq, slot))
    }

    /// Records that a valid entry left the queue (served or abandoned).
    #[inline]
    pub fn took_valid(&mut self) {
        self.queue_len -= 1;
    }

    /// Drops stale entries when they outnumber valid ones, bounding memory under heavy
    /// abandonment. `is_valid(seq, slot)` tells whether an entry is still queued.
    pub fn compact_if_stale(&mut self, is_valid: impl Fn(u64, u32) -> bool) {
        if self.queue.len() > 64 && self.queue.len() > 2 * self.queue_len as usize {
            let entries = std::mem::take(&mut self.queue).into_vec();
            self.queue = entries
                .into_iter()
                .filter(|Reverse((_, seq, slot))| is_valid(*seq, *slot))
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_end_lets_busy_agents_finish() {
        let mut t = TierState::default();
        assert!(t.set_target(3));
        t.seize_agent();
        t.seize_agent();
        assert_eq!((t.idle, t.busy), (1, 2));
        // Shift change to 0: the idle agent leaves, the two busy ones finish first.
        assert!(!t.set_target(0));
        assert_eq!((t.idle, t.busy, t.leaving), (0, 2, 2));
        t.release_agent(NO_AGENT);
        assert_eq!((t.idle, t.busy, t.leaving), (0, 1, 1));
        // Back to 2 before the last one is done: its departure is cancelled.
        assert!(t.set_target(2));
        assert_eq!((t.idle, t.busy, t.leaving), (1, 1, 0));
        t.release_agent(NO_AGENT);
        assert_eq!((t.idle, t.busy, t.leaving), (2, 0, 0));
    }

    #[test]
    fn agents_with_ids_keep_their_ids_across_shifts() {
        let mut t = TierState::with_owners();
        assert!(t.set_target(3));
        // The agent freed last works next.
        let a = t.seize_agent();
        let b = t.seize_agent();
        assert_ne!(a, b);
        assert!(t.is_idle(0) || t.is_idle(1) || t.is_idle(2));
        assert!(!t.is_idle(a) && !t.is_idle(b));
        // Shift ends: the idle one leaves now, a and b after their tickets.
        assert!(!t.set_target(0));
        assert_eq!((t.idle, t.busy, t.leaving), (0, 2, 2));
        assert!(!t.release_agent(a));
        assert!(!t.release_agent(b));
        assert!(!t.is_idle(a));
        // Next morning the same three come back; b left last, so b is back first.
        assert!(t.set_target(3));
        assert_eq!((t.idle, t.busy), (3, 0));
        assert!(t.is_idle(a) && t.is_idle(b));
        t.seize_this(a);
        assert!(!t.is_idle(a));
        assert_eq!((t.idle, t.busy), (2, 1));
        // Held replies count as waiting and come back oldest first.
        t.hold(a, 7, 70);
        t.hold(a, 8, 80);
        assert_eq!(t.queue_len, 2);
        assert_eq!(t.pop_held(a), Some((7, 70)));
        assert_eq!(t.pop_held(b), None);
        // A tier of counts hands out no ids.
        let mut c = TierState::default();
        c.set_target(1);
        assert_eq!(c.seize_agent(), NO_AGENT);
        assert!(!c.is_idle(0));
    }

    #[test]
    fn queue_orders_by_key_then_sequence() {
        let mut t = TierState::default();
        t.push(2, 0, 10);
        t.push(1, 1, 11);
        t.push(2, 2, 12);
        t.push(1, 3, 13);
        let order: Vec<u32> = std::iter::from_fn(|| t.pop_raw()).map(|(_, s)| s).collect();
        assert_eq!(order, vec![11, 13, 10, 12]);
    }
}
