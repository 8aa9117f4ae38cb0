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

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

/// The acknowledgement stamp of a task that is not a triage reply.
pub const NOT_AN_ACK: u16 = u16::MAX;

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
            true
        } else {
            let mut remove = effective - target;
            let from_idle = remove.min(self.idle);
            self.idle -= from_idle;
            remove -= from_idle;
            self.leaving += remove;
            false
        }
    }

    /// An agent finished a ticket: it leaves if its shift is over, else becomes idle.
    #[inline]
    pub fn release_agent(&mut self) {
        self.busy -= 1;
        if self.leaving > 0 {
            self.leaving -= 1;
        } else {
            self.idle += 1;
        }
    }

    /// An idle agent takes a ticket.
    #[inline]
    pub fn seize_agent(&mut self) {
        self.idle -= 1;
        self.busy += 1;
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
        t.release_agent();
        assert_eq!((t.idle, t.busy, t.leaving), (0, 1, 1));
        // Back to 2 before the last one is done: its departure is cancelled.
        assert!(t.set_target(2));
        assert_eq!((t.idle, t.busy, t.leaving), (1, 1, 0));
        t.release_agent();
        assert_eq!((t.idle, t.busy, t.leaving), (2, 0, 0));
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
