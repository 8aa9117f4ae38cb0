//! The tickets currently in the system, in a slot table with a free list: memory
//! is proportional to the tickets open at once, not to the stream's length.

use crate::model::SimTime;
use crate::tickets::Ticket;

/// Where an in-flight ticket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Read from the stream, not yet arrived (its arrival event is scheduled). Holding
    /// it here avoids copying the ticket again on arrival.
    Pending,
    /// Waiting in its tier's queue.
    Queued,
    /// Being worked on by an agent of its tier.
    InService,
    /// Being handed off to its tier, or waiting for a human review of its route (not
    /// yet in the queue).
    HandOff,
    /// Resolved, and will reopen (its reopen event is scheduled).
    Dormant,
    /// Abandoned before a first response, and its customer will try again (its
    /// retrial event is scheduled). Still open.
    Retrying,
    /// Between two agent touches, waiting on the customer or a third party (its
    /// wait-end event is scheduled); no agent is working on it. Still open.
    Waiting,
}

/// A ticket in the system and its routing state.
#[derive(Clone, Debug)]
pub struct InFlight {
    /// The ticket.
    pub ticket: Ticket,
    /// Whether it arrived after the warm-up (its outcomes are measured).
    pub measured: bool,
    /// The tier it is queued at, in service at, or being handed to.
    pub tier: u16,
    /// Where it is.
    pub stage: Stage,
    /// Hand-offs so far (in this life).
    pub hops: u16,
    /// Returns to a tier already visited (in this life).
    pub bounces: u16,
    /// Tiers visited in this life (bit per tier).
    pub visited: u16,
    /// Its current tier visit returns to a tier it visited before in this life (its
    /// work is drawn afresh).
    pub revisit: bool,
    /// Times the ticket reopened (its life number).
    pub reopens: u8,
    /// Times its customer abandoned and tried again (in this life).
    pub retrials: u8,
    /// Agent touches finished at its current tier visit.
    pub touches: u8,
    /// Its current contact had its first response (an acknowledgement or an agent).
    pub acknowledged: bool,
    /// Waits that paused its resolution clock (in this life): stamps its SLA timers.
    pub pauses: u8,
    /// Queue moves by timed triggers (in this life), bounded by `MAX_TRIGGER_MOVES`.
    pub trigger_moves: u8,
    /// Priority level (1 served first).
    pub priority: u8,
    /// A directed route sent it to the wrong tier in this life.
    pub misrouted: bool,
    /// Queue visits so far (stamps `waited_over` triggers).
    pub visits: u32,
    /// Customer status updates received (this life).
    pub updates: u16,
    /// Follow-up contacts sent (this life).
    pub followups: u16,
    /// Update intervals passed (this life): indexes the follow-up draws.
    pub update_checks: u16,
    /// A status update or follow-up for it waits for an agent (no second one is
    /// queued meanwhile).
    pub task_pending: bool,
    /// When it arrived or re-entered after its latest reopen, ms.
    pub entered: SimTime,
    /// When its current contact (attempt) began, ms: `entered`, or the latest retrial.
    pub contact_at: SimTime,
    /// When it joined its current queue, ms.
    pub queued_at: SimTime,
    /// Sequence number of its current queue entry (stale entries differ).
    pub queue_seq: u64,
    /// When an agent first started on it, ms.
    pub first_response_at: Option<SimTime>,
    /// First-response SLA deadline, ms.
    pub first_response_deadline: SimTime,
    /// Resolution SLA deadline, ms.
    pub resolution_deadline: SimTime,
    /// The agent working on it or who touched it last (an id only at a tier that
    /// holds replies for their owner, else `tier::NO_AGENT`).
    pub agent: u32,
    /// Its reply is held for `agent` (queued, but not in the tier's common queue).
    pub held: bool,
    /// Lives that began as a follow-up ticket after closure rather than a reopen
    /// (`close_after_hours`): they count as lives for the draws, not as reopens.
    pub returns: u8,
    /// Its scheduled re-entry comes after the ticket closed: a follow-up ticket.
    pub returning: bool,
    /// Time spent pending on the customer in this life, ms.
    pub pending_ms: SimTime,
    /// Time spent on hold with a third party in this life, ms (and waiting for the
    /// fix of the outage behind it).
    pub on_hold_ms: SimTime,
    /// In incident mode, the incident tier acknowledges it and links it to its live
    /// outage (`[incident] ack_minutes` of work instead of its own); it then waits for
    /// the fix.
    pub linked: bool,
}

impl InFlight {
    /// The stamp of this life's SLA timers: the life and the number of clock pauses
    /// (a pause moves the deadline, so the timers set before it go stale).
    #[inline]
    pub fn sla_stamp(&self) -> u32 {
        u32::from(self.reopens) | u32::from(self.pauses) << 8
    }

    /// The stamp of its current contact: its life and retrial number.
    #[inline]
    pub fn contact_stamp(&self) -> u16 {
        u16::from(self.reopens) << 8 | u16::from(self.retrials)
    }
}

#[derive(Debug, Default)]
struct Slot {
    generation: u32,
    item: Option<InFlight>,
}

/// Slot table of in-flight tickets.
#[derive(Debug, Default)]
pub struct InFlightTable {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl InFlightTable {
    /// Stores `item`, returning its slot and the slot's generation.
    #[inline]
    pub fn insert(&mut self, item: InFlight) -> (u32, u32) {
        if let Some(slot) = self.free.pop() {
            let s = &mut self.slots[slot as usize];
            s.item = Some(item);
            (slot, s.generation)
        } else {
            self.slots.push(Slot {
                generation: 0,
                item: Some(item),
            });
            ((self.slots.len() - 1) as u32, 0)
        }
    }

    /// The ticket in `slot`, if any.
    #[inline]
    pub fn get(&self, slot: u32) -> Option<&InFlight> {
        self.slots.get(slot as usize)?.item.as_ref()
    }

    /// The ticket in `slot`, mutably.
    #[inline]
    pub fn get_mut(&mut self, slot: u32) -> Option<&mut InFlight> {
        self.slots.get_mut(slot as usize)?.item.as_mut()
    }

    /// The generation of `slot`.
    #[inline]
    pub fn generation(&self, slot: u32) -> u32 {
        self.slots.get(slot as usize).map_or(0, |s| s.generation)
    }

    /// The ticket in `slot` if the slot still has `generation`, mutably.
    #[inline]
    pub fn get_mut_if_generation(&mut self, slot: u32, generation: u32) -> Option<&mut InFlight> {
        let s = self.slots.get_mut(slot as usize)?;
        if s.generation == generation {
            s.item.as_mut()
        } else {
            None
        }
    }

    /// The ticket in `slot` if the slot still has `generation`.
    #[inline]
    pub fn get_if_generation(&self, slot: u32, generation: u32) -> Option<&InFlight> {
        let s = self.slots.get(slot as usize)?;
        if s.generation == generation {
            s.item.as_ref()
        } else {
            None
        }
    }

    /// Removes and returns the ticket in `slot`; the slot's generation moves on.
    #[inline]
    pub fn remove(&mut self, slot: u32) -> Option<InFlight> {
        let s = self.slots.get_mut(slot as usize)?;
        let item = s.item.take()?;
        s.generation = s.generation.wrapping_add(1);
        self.free.push(slot);
        Some(item)
    }

    /// Every ticket in the system, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = &InFlight> {
        self.slots.iter().filter_map(|s| s.item.as_ref())
    }
}
