//! Carrying out routing decisions: rule firing counts, alerts, priority changes, who
//! routed (the AI or, below its `min_confidence`, the escalation path),
//! misroutes, human review (a delay, the reviewer's time, and a chance to correct a
//! wrong route; a route the review corrects is not a misroute), and timed triggers (functional escalation of a still-queued ticket,
//! priority raises, hierarchical alerts).

use super::in_flight::Stage;
use super::{EngineError, Event, Sim};
use crate::model::{SimTime, TierId};
use crate::policy::{Decision, Fired};
use crate::tickets::minutes_to_ms_u32;

/// Purposes of a ticket's own draws during a run (see [`super::loops::unit`]).
pub(super) const DRAW_REVIEW_DELAY: u64 = 1;
pub(super) const DRAW_REVIEW_CATCH: u64 = 2;

impl Sim<'_> {
    /// Adds one alert for each role in `mask`, when the ticket is measured.
    fn alert(&mut self, mask: u64, measured: bool) {
        if measured {
            self.counts.add_alerts(mask);
        }
    }

    fn count_rule(&mut self, rule: Option<u16>, measured: bool) {
        if let Some(r) = rule.filter(|_| measured) {
            if let Some((_, n)) = self.counts.rules.get_mut(usize::from(r)) {
                *n += 1;
            }
        }
    }

    /// Carries out `decision` for the ticket in `slot` (stage `HandOff`): counts, then
    /// the ticket joins the decided tier's queue after `delay_ms` (a hand-off) plus any
    /// review delay.
    pub(super) fn route(
        &mut self,
        slot: u32,
        decision: Decision,
        delay_ms: u32,
        what: &'static str,
    ) -> Result<(), EngineError> {
        let now = self.events.now();
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let measured = item.measured;
        if let Some(change) = decision.priority {
            item.priority = change.apply(item.priority);
        }
        item.touches = 0;
        let mut tier = decision.tier;
        let right = self
            .lowest
            .get(item.ticket.needed_tier.index())
            .copied()
            .unwrap_or(tier);
        let need = item.ticket.needed_tier;
        let noise = item.ticket.noise_key;
        let reopens = item.reopens;
        let mut wrong = decision.directed && self.misroute(tier, need, right);
        self.count_rule(decision.rule, measured);
        self.alert(decision.alerts, measured);
        if measured {
            match decision.ai_followed {
                Some(true) => self.counts.ai_routed += 1,
                Some(false) => self.counts.ai_to_path += 1,
                None => {}
            }
        }
        self.trace_row(slot, what, Some(tier.0), decision.rule);
        let mut delay = SimTime::from(delay_ms);
        if decision.review {
            let index = u64::from(reopens);
            let scenario = self.scenario;
            if let Some(r) = &scenario.ai.review {
                let mut rng = super::loops::stream(noise, DRAW_REVIEW_DELAY, index);
                delay += SimTime::from(minutes_to_ms_u32(r.delay_minutes.sample(&mut rng)));
                let caught =
                    wrong && super::loops::unit(noise, DRAW_REVIEW_CATCH, index) < r.catch_rate;
                if let Some(reviewers) = r.tier {
                    self.task(reviewers.0, r.work_minutes, u32::MAX)?;
                }
                if measured {
                    self.counts.reviews += 1;
                    self.counts.review_hours += r.work_minutes / 60.0;
                    if caught {
                        self.counts.review_corrections += 1;
                    }
                }
                if caught {
                    tier = right;
                    wrong = false;
                }
                self.trace_row(slot, "review", Some(tier.0), None);
            } else if measured {
                self.counts.reviews += 1;
            }
        }
        if wrong && measured {
            self.counts.misroutes += 1;
        }
        if let Some(item) = self.in_flight.get_mut(slot) {
            item.tier = tier.0;
            item.misrouted |= wrong;
        }
        if delay > 0 {
            self.events
                .schedule(now + delay, Event::JoinQueue { tier: tier.0, slot })
        } else {
            self.join_queue(slot, tier.0)
        }
    }

    /// Timed trigger `index` is due for the ticket in `slot`, set for queue visit or
    /// life `stamp`.
    pub(super) fn trigger(
        &mut self,
        slot: u32,
        generation: u32,
        stamp: u32,
        index: u16,
    ) -> Result<(), EngineError> {
        let waited = matches!(
            self.triggers.get(usize::from(index)),
            Some(crate::model::sop::TriggerTime::WaitedOver(_))
        );
        let Some(item) = self.in_flight.get_if_generation(slot, generation) else {
            return Ok(());
        };
        let current = if waited {
            item.stage == Stage::Queued && item.visits == stamp
        } else {
            item.sla_stamp() == stamp
                && matches!(
                    item.stage,
                    Stage::Queued | Stage::InService | Stage::HandOff
                )
        };
        if !current {
            return Ok(());
        }
        let view = self.view(item);
        let Some(fired) = self.policy.trigger(&view, usize::from(index)) else {
            return Ok(());
        };
        self.fire(slot, fired)
    }

    fn fire(&mut self, slot: u32, fired: Fired) -> Result<(), EngineError> {
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        let measured = item.measured;
        let from = item.tier;
        let queued = item.stage == Stage::Queued;
        let old_priority = item.priority;
        if let Some(change) = fired.priority {
            item.priority = change.apply(item.priority);
        }
        let priority_changed = item.priority != old_priority;
        let mut alerts = fired.alerts;
        if fired.alert_owner {
            let owner = self.scenario.tiers[usize::from(from)].owner_role;
            alerts |= crate::policy::sop::role_mask(&[owner]);
        }
        self.count_rule(Some(fired.rule), measured);
        self.alert(alerts, measured);
        let mut target = fired.escalate_to.filter(|t| t.0 != from);
        if target.is_some()
            && queued
            && let Some(item) = self.in_flight.get_mut(slot)
        {
            if item.trigger_moves >= super::MAX_TRIGGER_MOVES {
                // Bounded: triggers moving a ticket back and forth would livelock.
                target = None;
                if measured {
                    self.counts.trigger_moves_refused += 1;
                }
            } else {
                item.trigger_moves += 1;
            }
        }
        self.trace_row(
            slot,
            "trigger",
            Some(target.map_or(from, |t| t.0)),
            Some(fired.rule),
        );
        if !queued || (target.is_none() && !priority_changed) {
            return Ok(());
        }
        // Leave the current queue (the old entry goes stale) and re-join.
        self.unqueue(usize::from(from));
        let to = match target {
            Some(TierId(t)) => {
                if let Some(item) = self.in_flight.get_mut(slot) {
                    item.hops += 1;
                    item.stage = Stage::HandOff;
                }
                if measured {
                    self.counts.functional_escalations += 1;
                }
                t
            }
            None => return self.requeue(slot, from),
        };
        self.join_queue(slot, to)
    }

    /// Puts the ticket in `slot` back into `tier`'s queue with its new priority: the
    /// same queue visit (its waiting time and `waited_over` triggers carry on).
    fn requeue(&mut self, slot: u32, tier: u16) -> Result<(), EngineError> {
        let now = self.events.now();
        let seq = self.queue_seq;
        self.queue_seq += 1;
        let Some(item) = self.in_flight.get_mut(slot) else {
            return Ok(());
        };
        item.queue_seq = seq;
        let Some(item) = self.in_flight.get(slot) else {
            return Ok(());
        };
        let key = self.policy.queue_key(&self.view(item), TierId(tier));
        let ts = &mut self.tiers[usize::from(tier)];
        ts.push(key, seq, slot);
        self.recorder
            .queue_len(usize::from(tier), now, ts.queue_len);
        self.dispatch(tier)
    }

    /// Whether a directed route to `tier` is a misroute for a ticket needing `need`
    /// (lowest resolving tier on the path: `right`): the tier cannot resolve it, or it
    /// is a tier of the escalation path above `right` (senior time spent on a simpler
    /// ticket). A tier off the path that can resolve the ticket is not a misroute.
    fn misroute(&self, tier: TierId, need: TierId, right: TierId) -> bool {
        let t = &self.scenario.tiers[tier.index()];
        if !t.resolves.get(need.index()).copied().unwrap_or(false) {
            return true;
        }
        let path = &self.scenario.escalation_path;
        let pos = |x: TierId| path.iter().position(|&p| p == x);
        match (pos(tier), pos(right)) {
            (Some(a), Some(b)) => a > b,
            _ => false,
        }
    }
}
