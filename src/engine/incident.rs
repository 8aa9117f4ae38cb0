//! Spike detection and incident mode: a sliding window over arrivals of the watched
//! categories. When the window holds `threshold` arrivals the incident is detected:
//! the named roles are alerted, a proactive customer notice goes out after
//! `notice_after`, and watched-category tickets bypass the standard queues to the
//! incident tier. Once the notice is out, each further watched-category ticket is
//! suppressed (the customer read the notice and never files it) with probability
//! `notice_suppression`. Incident mode ends when the window holds fewer than
//! `clear_below` arrivals. Suppressed tickets count in the window too: the detector
//! follows the complaint rate the fault causes, so a notice that works does not end
//! the incident by itself.
//!
//! Detection delay is measured from the start of the incident burst (scenario
//! `[[arrivals.bursts]]`) behind the detection: the burst of the ticket that tipped
//! the window over the threshold, else the earliest burst of watched tickets under
//! way at that moment. Each burst is attributed once.

use std::collections::VecDeque;

use crate::metrics::LoopMetrics;
use crate::model::{Incident, Scenario, SimTime, TierId};
use crate::tickets::Ticket;

const DRAW_SUPPRESS: u64 = 6;

/// What incident mode does with an arriving ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Route it as usual.
    Normal,
    /// Send it straight to this tier.
    Bypass(TierId),
    /// The proactive notice kept the customer from filing it.
    Suppressed,
}

/// The detector's state in one run.
#[derive(Debug)]
pub(super) struct IncidentState {
    watched: Vec<bool>,
    window_ms: SimTime,
    threshold: usize,
    clear_below: usize,
    bypass_to: TierId,
    alert_mask: u64,
    notice_after_ms: SimTime,
    suppression: f64,
    /// `(start, end, brings watched tickets)` of every burst.
    bursts: Vec<(SimTime, SimTime, bool)>,
    /// Arrival times of watched tickets in the window.
    window: VecDeque<SimTime>,
    active: bool,
    notice_at: SimTime,
    /// Bursts whose detection delay was recorded (bit per burst index).
    attributed: u64,
}

impl IncidentState {
    pub(super) fn new(scenario: &Scenario, cfg: &Incident) -> IncidentState {
        let mut watched = vec![false; scenario.categories.len()];
        for c in &cfg.categories {
            watched[c.index()] = true;
        }
        let bursts = scenario
            .arrivals
            .bursts
            .iter()
            .map(|b| {
                let watched_mix = match &b.categories {
                    Some(mix) => mix
                        .iter()
                        .any(|(c, share)| *share > 0.0 && watched[c.index()]),
                    None => cfg
                        .categories
                        .iter()
                        .any(|c| scenario.categories[c.index()].share > 0.0),
                };
                (b.start, b.end, watched_mix)
            })
            .collect();
        IncidentState {
            watched,
            window_ms: cfg.window_ms,
            threshold: cfg.threshold as usize,
            clear_below: cfg.clear_below as usize,
            bypass_to: cfg.bypass_to,
            alert_mask: crate::policy::sop::role_mask(&cfg.alert),
            notice_after_ms: cfg.notice_after_ms,
            suppression: cfg.notice_suppression,
            bursts,
            window: VecDeque::new(),
            active: false,
            notice_at: SimTime::MAX,
            attributed: 0,
        }
    }

    /// Updates the detector with `ticket` arriving at `now` and says what to do with
    /// it; `counting` says whether the run is past its warm-up.
    pub(super) fn on_arrival(
        &mut self,
        ticket: &Ticket,
        now: SimTime,
        counting: bool,
        counts: &mut LoopMetrics,
    ) -> Verdict {
        if !self
            .watched
            .get(ticket.category.index())
            .copied()
            .unwrap_or(false)
        {
            return Verdict::Normal;
        }
        while self
            .window
            .front()
            .is_some_and(|&t| t <= now - self.window_ms)
        {
            self.window.pop_front();
        }
        // Every watched ticket counts, suppressed or not: the detector follows the
        // underlying complaint rate (the notice hides contacts, not the fault).
        self.window.push_back(now);
        if self.active && self.window.len() < self.clear_below {
            self.active = false;
            self.notice_at = SimTime::MAX;
        }
        if self.active
            && now >= self.notice_at
            && super::loops::unit(ticket.noise_key, DRAW_SUPPRESS, 0) < self.suppression
        {
            if counting {
                counts.suppressed += 1;
            }
            return Verdict::Suppressed;
        }
        if !self.active && self.window.len() >= self.threshold {
            self.active = true;
            self.notice_at = now + self.notice_after_ms;
            if counting {
                counts.incidents += 1;
                counts.notices += 1;
                counts.add_alerts(self.alert_mask);
                if let Some(b) = self.burst_behind(ticket, now) {
                    self.attributed |= 1 << b;
                    counts.detection_delay_sum_ms += (now - self.bursts[b].0) as f64;
                    counts.detection_delay_count += 1;
                }
            }
        }
        if self.active {
            Verdict::Bypass(self.bypass_to)
        } else {
            Verdict::Normal
        }
    }

    /// The burst a detection at `now`, tipped by `ticket`, is attributed to: the
    /// ticket's own burst, else the earliest burst under way at `now` that brings
    /// watched tickets; only bursts not attributed before.
    fn burst_behind(&self, ticket: &Ticket, now: SimTime) -> Option<usize> {
        let fresh = |b: usize| b < 64 && self.attributed & (1 << b) == 0;
        if let Some(b) = ticket
            .burst
            .map(usize::from)
            .filter(|&b| b < self.bursts.len())
        {
            return fresh(b).then_some(b);
        }
        (0..self.bursts.len().min(64)).find(|&b| {
            let (start, end, watched) = self.bursts[b];
            watched && start <= now && now < end && fresh(b)
        })
    }
}
