//! The future-event list: a binary heap keyed by `(time, insertion sequence)`.
//!
//! Two events at the same millisecond fire in the order they were scheduled, so a run
//! is a pure function of its inputs. Scheduling an event before the current time is a
//! typed error ([`EngineError::ScheduledInPast`]), never a silent reorder.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::EngineError;
use crate::model::SimTime;

/// What happens at an event. Slots index the engine's in-flight ticket table; `gen`
/// guards against a slot that was freed and reused before a stale event fired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The ticket waiting in `slot` (stage `Pending`) arrives.
    Arrival { slot: u32, generation: u32 },
    /// An agent of `tier` finishes working on the ticket in `slot`.
    ServiceEnd { tier: u16, slot: u32 },
    /// The ticket in `slot` finishes its hand-off and joins `tier`'s queue.
    JoinQueue { tier: u16, slot: u32 },
    /// The customer of the ticket in `slot` runs out of patience.
    Abandon { slot: u32, generation: u32 },
    /// `tier`'s head count changes to `agents`.
    Staffing { tier: u16, agents: u32 },
    /// The warm-up ends: statistics restart from here.
    WarmupEnd,
    /// Timed trigger `index` of the policy is due for the ticket in `slot`; `stamp` is
    /// the queue visit (`waited_over`) or life (`sla_remaining_below`) it was set for.
    Trigger {
        slot: u32,
        generation: u32,
        stamp: u32,
        index: u16,
    },
    /// A customer-update interval of the ticket in `slot` (life `life`) has passed.
    UpdateDue {
        slot: u32,
        generation: u32,
        life: u8,
    },
    /// The resolved ticket in `slot` reopens.
    Reopen { slot: u32, generation: u32 },
    /// The customer of the ticket in `slot`, who abandoned, contacts again.
    Retrial { slot: u32, generation: u32 },
    /// Contact `stamp` of the ticket in `slot` is acknowledged (its first response
    /// under `sla.first_response = "auto_reply"` or `"triage_reply"`).
    Acknowledge {
        slot: u32,
        generation: u32,
        stamp: u16,
    },
    /// The wait of the ticket in `slot` between two touches ends: `outcome` 0 = the
    /// customer replied, 1 = the third party answered, 2 = the customer never replied
    /// (the ticket is resolved automatically).
    WaitEnd {
        slot: u32,
        generation: u32,
        outcome: u8,
    },
    /// Agent `agent` of `tier` (an id only at a tier that holds replies for their
    /// owner) finishes a task (status update or follow-up contact).
    TaskEnd { tier: u16, agent: u32 },
    /// The reply of the ticket in `slot`, held for the agent who touched it last since
    /// queue visit `stamp`, has waited `same_agent_wait_minutes`: any agent may take it.
    OwnerWaitOver {
        slot: u32,
        generation: u32,
        stamp: u32,
    },
}

#[derive(Debug)]
struct Entry {
    time: SimTime,
    seq: u64,
    event: Event,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.time == other.time && self.seq == other.seq
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Reversed so that `BinaryHeap` (a max-heap) pops the earliest `(time, seq)`.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .cmp(&self.time)
            .then_with(|| other.seq.cmp(&self.seq))
    }
}

/// The future-event list and the simulation clock.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
    now: SimTime,
    processed: u64,
}

impl EventQueue {
    /// An empty list at time 0.
    pub fn new() -> EventQueue {
        EventQueue::default()
    }

    /// The current simulation time: the time of the last event popped.
    #[inline]
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Events popped so far.
    pub fn processed(&self) -> u64 {
        self.processed
    }

    /// Schedules `event` at `time` (>= now).
    #[inline]
    pub fn schedule(&mut self, time: SimTime, event: Event) -> Result<(), EngineError> {
        if time < self.now {
            return Err(EngineError::ScheduledInPast {
                now: self.now,
                time,
                event: format!("{event:?}"),
            });
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Entry { time, seq, event });
        Ok(())
    }

    /// Pops the earliest event if it is before `until`, advancing the clock to it.
    #[inline]
    pub fn pop_before(&mut self, until: SimTime) -> Option<(SimTime, Event)> {
        if self.heap.peek()?.time >= until {
            return None;
        }
        let e = self.heap.pop()?;
        self.now = e.time;
        self.processed += 1;
        Some((e.time, e.event))
    }

    /// Moves the clock to `time` (>= now) without an event, e.g. to the horizon.
    pub fn advance_to(&mut self, time: SimTime) {
        self.now = self.now.max(time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_time_events_keep_insertion_order() {
        let mut q = EventQueue::new();
        q.schedule(10, Event::Staffing { tier: 0, agents: 1 })
            .unwrap();
        q.schedule(5, Event::Staffing { tier: 1, agents: 1 })
            .unwrap();
        q.schedule(10, Event::Staffing { tier: 2, agents: 1 })
            .unwrap();
        q.schedule(10, Event::Staffing { tier: 3, agents: 1 })
            .unwrap();
        let order: Vec<u16> = std::iter::from_fn(|| q.pop_before(100))
            .map(|(_, e)| match e {
                Event::Staffing { tier, .. } => tier,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(order, vec![1, 0, 2, 3]);
        assert_eq!(q.now(), 10);
    }

    #[test]
    fn scheduling_in_the_past_is_an_error() {
        let mut q = EventQueue::new();
        q.schedule(
            10,
            Event::Arrival {
                slot: 0,
                generation: 0,
            },
        )
        .unwrap();
        q.pop_before(100);
        let err = q
            .schedule(
                9,
                Event::Arrival {
                    slot: 0,
                    generation: 0,
                },
            )
            .unwrap_err();
        assert!(matches!(
            err,
            EngineError::ScheduledInPast {
                now: 10,
                time: 9,
                ..
            }
        ));
        assert!(
            q.schedule(
                10,
                Event::Arrival {
                    slot: 0,
                    generation: 0
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn events_at_or_after_the_horizon_stay_queued() {
        let mut q = EventQueue::new();
        q.schedule(
            100,
            Event::Arrival {
                slot: 0,
                generation: 0,
            },
        )
        .unwrap();
        assert!(q.pop_before(100).is_none());
        assert!(q.pop_before(101).is_some());
    }
}
