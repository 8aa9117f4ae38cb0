//! A fingerprint of a ticket stream: the SHA-256 of every ticket of replication 0 (its
//! attributes, latent truth, AI estimate, work content and recorded history, in
//! arrival order). Two runs with the same seed whose fingerprints agree saw the same
//! tickets, so `escalsim compare` can pair their replications (common random numbers)
//! even when their scenario files differ elsewhere, e.g. in one staffing line.
//!
//! Replication 0 stands for all: every replication's stream comes from the same
//! scenario settings with its own seed-derived key, so a setting that changes one
//! stream changes replication 0's. The fingerprint is of this escalsim version's
//! ticket type: a version that adds a ticket field gives other fingerprints.
//!
//! Each ticket is hashed as a fixed binary record, every field in declaration order,
//! little-endian: integers at their width, floats as their IEEE bits, an `Option` as a
//! 0/1 byte and its value, each per-tier work array as its length up to its last
//! non-zero entry (one byte) and those entries, the recorded history (when present) as
//! its step count and steps. The encoding is injective, so two streams with the same
//! fingerprint hold the same tickets; it costs a fraction of formatting each ticket's
//! debug text (which earlier versions hashed, so their fingerprints differ).

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering as AtomicOrdering};

use sha2::{Digest, Sha256};

use super::{Recorded, RecordedStep, Ticket, Work};
use crate::ai::AiEstimate;

/// The lowercase hex SHA-256 of `tickets` (each ticket's binary record, in order).
pub fn fingerprint(tickets: impl Iterator<Item = Ticket>) -> String {
    let mut f = Fingerprint::default();
    for t in tickets {
        f.add(&t);
    }
    f.finish()
}

/// A fingerprint built one ticket at a time ([`fingerprint`] of the tickets added).
#[derive(Clone, Default)]
pub struct Fingerprint {
    hash: Sha256,
    buf: Vec<u8>,
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fingerprint").finish_non_exhaustive()
    }
}

impl Fingerprint {
    /// Adds the next ticket of the stream.
    pub fn add(&mut self, t: &Ticket) {
        // Destructured whole, so that a new ticket field cannot be left out.
        let Ticket {
            id,
            arrival,
            severity,
            segment,
            category,
            account_value,
            needed_tier,
            sentiment,
            order_value,
            mentions,
            ai,
            noise_key,
            burst,
            work,
            recorded,
        } = t;
        let AiEstimate {
            predicted_tier,
            confidence,
            sentiment: ai_sentiment,
            keywords,
        } = ai;
        let Work {
            handle_ms,
            triage_ms,
            handoff_ms,
            patience_ms,
            fix_at,
        } = work;
        let b = &mut self.buf;
        b.clear();
        b.extend_from_slice(&id.to_le_bytes());
        b.extend_from_slice(&arrival.to_le_bytes());
        b.push(*severity as u8);
        b.extend_from_slice(&segment.0.to_le_bytes());
        b.extend_from_slice(&category.0.to_le_bytes());
        b.extend_from_slice(&account_value.to_bits().to_le_bytes());
        b.extend_from_slice(&needed_tier.0.to_le_bytes());
        b.extend_from_slice(&sentiment.to_bits().to_le_bytes());
        b.extend_from_slice(&order_value.to_bits().to_le_bytes());
        b.extend_from_slice(&mentions.to_le_bytes());
        b.extend_from_slice(&predicted_tier.0.to_le_bytes());
        b.extend_from_slice(&confidence.to_bits().to_le_bytes());
        b.extend_from_slice(&ai_sentiment.to_bits().to_le_bytes());
        b.extend_from_slice(&keywords.to_le_bytes());
        b.extend_from_slice(&noise_key.to_le_bytes());
        option(b, burst.map(u16::to_le_bytes));
        for times in [handle_ms, triage_ms, handoff_ms] {
            let len = times.iter().rposition(|&x| x != 0).map_or(0, |i| i + 1);
            b.push(len as u8);
            for x in &times[..len] {
                b.extend_from_slice(&x.to_le_bytes());
            }
        }
        option(b, patience_ms.map(u32::to_le_bytes));
        // Only outage tickets carry a fix time (so streams without outages keep their
        // fingerprints).
        if *fix_at != 0 {
            b.extend_from_slice(&fix_at.to_le_bytes());
        }
        match recorded.as_deref() {
            None => b.push(0),
            Some(rec) => {
                b.push(1);
                add_recorded(b, rec);
            }
        }
        self.hash.update(&self.buf);
    }

    /// The lowercase hex SHA-256 of the tickets added.
    pub fn finish(self) -> String {
        let mut out = String::with_capacity(64);
        for b in self.hash.finalize() {
            // Writing into a string cannot fail.
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

/// Fingerprints replication 0's stream while a run reads it, so that an experiment
/// does not generate (or re-read) that stream a second time only to hash it.
///
/// [`Tee::wrap`] hands the first replication-0 stream it is given through a hashing
/// adaptor ([`Teed`]) and every other stream through untouched; the adaptor hashes
/// each ticket as the engine pulls it and, when dropped, the rest of the stream (the
/// tickets past the horizon), so [`Tee::finished`] is exactly [`fingerprint`] of the
/// whole stream. Every candidate's replication-0 stream is the same (common random
/// numbers), so which job hashes it does not matter.
#[derive(Debug, Default)]
pub struct Tee {
    claimed: AtomicBool,
    result: OnceLock<String>,
}

impl Tee {
    /// `tickets`, the stream of `replication`, hashed on the way if it is the first
    /// stream of replication 0 wrapped here.
    pub fn wrap<I: Iterator<Item = Ticket>>(&self, replication: u32, tickets: I) -> Teed<'_, I> {
        let hash = replication == 0 && !self.claimed.swap(true, AtomicOrdering::Relaxed);
        Teed {
            inner: tickets,
            fingerprint: hash.then(Fingerprint::default),
            tee: self,
        }
    }

    /// The fingerprint of replication 0's stream, once a wrapped replication-0 stream
    /// has been dropped (`None` if none was wrapped, e.g. a shard without replication 0).
    pub fn finished(&self) -> Option<String> {
        self.result.get().cloned()
    }
}

/// A ticket stream passed through a [`Tee`].
#[derive(Debug)]
pub struct Teed<'a, I: Iterator<Item = Ticket>> {
    inner: I,
    fingerprint: Option<Fingerprint>,
    tee: &'a Tee,
}

impl<I: Iterator<Item = Ticket>> Iterator for Teed<'_, I> {
    type Item = Ticket;

    #[inline]
    fn next(&mut self) -> Option<Ticket> {
        let t = self.inner.next()?;
        if let Some(f) = &mut self.fingerprint {
            f.add(&t);
        }
        Some(t)
    }
}

impl<I: Iterator<Item = Ticket>> Drop for Teed<'_, I> {
    fn drop(&mut self) {
        if let Some(mut f) = self.fingerprint.take() {
            for t in self.inner.by_ref() {
                f.add(&t);
            }
            // Only the one claimed stream sets it.
            let _ = self.tee.result.set(f.finish());
        }
    }
}

/// An `Option` as a 0/1 byte, then its value's bytes.
#[inline]
fn option<const N: usize>(b: &mut Vec<u8>, v: Option<[u8; N]>) {
    match v {
        None => b.push(0),
        Some(bytes) => {
            b.push(1);
            b.extend_from_slice(&bytes);
        }
    }
}

fn add_recorded(b: &mut Vec<u8>, rec: &Recorded) {
    let Recorded {
        steps,
        resolution_ms,
        sla_met,
        handle_from_steps,
        triage_from_steps,
    } = rec;
    b.extend_from_slice(&(steps.len() as u64).to_le_bytes());
    for step in steps {
        let RecordedStep {
            tier,
            group,
            ms,
            pending_ms,
            third_party,
            lead_ms,
            queue_ms,
        } = step;
        b.extend_from_slice(&tier.0.to_le_bytes());
        b.extend_from_slice(&group.to_le_bytes());
        b.extend_from_slice(&ms.to_le_bytes());
        b.extend_from_slice(&pending_ms.to_le_bytes());
        b.push(u8::from(*third_party));
        b.extend_from_slice(&lead_ms.to_le_bytes());
        b.extend_from_slice(&queue_ms.to_le_bytes());
    }
    option(b, resolution_ms.map(i64::to_le_bytes));
    option(b, sla_met.map(|m| [u8::from(m)]));
    b.extend_from_slice(&handle_from_steps.to_le_bytes());
    b.extend_from_slice(&triage_from_steps.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario;
    use crate::tickets::synthetic;

    #[test]
    fn same_stream_same_fingerprint_other_seed_other() {
        let mut s = test_scenario::scenario(&["T1", "T2"]);
        let a = fingerprint(synthetic(&s, 0));
        assert_eq!(a, fingerprint(synthetic(&s, 0)));
        assert_eq!(a.len(), 64);
        // Staffing does not shape the stream.
        s.staffing_models[0].name = "other".into();
        assert_eq!(a, fingerprint(synthetic(&s, 0)));
        s.run.seed += 1;
        assert_ne!(a, fingerprint(synthetic(&s, 0)));
    }

    #[test]
    fn every_part_of_a_ticket_counts() {
        let s = test_scenario::scenario(&["T1", "T2"]);
        let base: Vec<Ticket> = synthetic(&s, 0).take(3).collect();
        let a = fingerprint(base.iter().cloned());
        let changed = |edit: &dyn Fn(&mut Ticket)| {
            let mut tickets = base.clone();
            edit(&mut tickets[1]);
            fingerprint(tickets.into_iter())
        };
        assert_ne!(a, changed(&|t| t.work.handle_ms[15] = 1));
        assert_ne!(a, changed(&|t| t.work.patience_ms = Some(0)));
        assert_ne!(a, changed(&|t| t.ai.confidence += 0.5));
        assert_ne!(a, changed(&|t| t.burst = Some(0)));
        assert_ne!(
            a,
            changed(&|t| t.recorded = Some(std::sync::Arc::new(Recorded::default())))
        );
        // A trailing zero entry moves no boundary: the lengths are part of the record.
        let mut moved = base.clone();
        moved[0].work.triage_ms = [0; crate::model::MAX_TIERS];
        moved[0].work.handoff_ms[0] = 7;
        assert_ne!(
            fingerprint(moved.iter().cloned()),
            fingerprint(base.iter().cloned())
        );
        assert_eq!(a, fingerprint(base.into_iter()));
    }

    #[test]
    fn a_tee_hashes_the_first_replication_0_stream_whole() {
        let s = test_scenario::scenario(&["T1", "T2"]);
        let whole = fingerprint(synthetic(&s, 0));
        let tee = Tee::default();
        assert_eq!(
            tee.wrap(1, synthetic(&s, 1)).count(),
            synthetic(&s, 1).count()
        );
        assert_eq!(tee.finished(), None);
        {
            // Read in part, as a run stops at its horizon: the rest is hashed on drop.
            let mut teed = tee.wrap(0, synthetic(&s, 0));
            assert!(teed.next().is_some());
            let other = tee.wrap(0, synthetic(&s, 0));
            assert!(other.fingerprint.is_none(), "only one stream hashes");
        }
        assert_eq!(tee.finished(), Some(whole));
    }
}
