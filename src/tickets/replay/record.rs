//! Compact per-ticket records and how a replication turns them into [`Ticket`]s.
//!
//! A record is a ticket whose missing pieces are flagged rather than filled: work
//! content not recorded for a tier, the needed tier when unknown, the patience when
//! its column is absent, the order value when not recorded. [`realise`] fills exactly
//! those from the scenario's distributions with the ticket's own streams, like the
//! synthetic generator: `ticket_stream(family_key(seed, rep, Ticket), id)` in the
//! generator's order (`u_need` is the stream's 4th word; work from word
//! [`seed::WORK_WORD_OFFSET`]) and the order value from the ticket's `Order` stream.
//! It then adds what every ticket gets per replication: the AI estimate and the noise
//! key ([`crate::tickets::extras`]). So every candidate of a replication sees the same
//! tickets, and a ticket whose every value was recorded differs between replications
//! only in its AI estimate (when the AI is not perfect) and noise key.
//!
//! **Text.** A ticket with text mentions the keywords the built-in matcher finds in it
//! (else its category's keywords, as a synthetic ticket), its true sentiment is the
//! lexicon score when no sentiment is recorded, and the AI reads its keywords and
//! sentiment from the text (only the predicted tier comes from the accuracy model).

use std::sync::Arc;

use rand::Rng;

use super::row::RowValues;
use crate::ai::{TextFeatures, Truth};
use crate::model::{MAX_TIERS, Scenario, TierId};
use crate::seed::{self, Purpose};
use crate::tickets::extras::Extras;
use crate::tickets::{Recorded, RecordedStep, Ticket, Work, minutes_to_ms_u32};

/// Bit of [`Record::missing`] for the patience.
pub const MISSING_PATIENCE: u64 = 1 << 48;
/// Bit of [`Record::missing`] for the needed tier.
pub const MISSING_NEED: u64 = 1 << 49;
/// Bit of [`Record::missing`] for the order value.
pub const MISSING_ORDER_VALUE: u64 = 1 << 50;
/// Bits of [`Record::missing`] drawn from the ticket's `Ticket` stream.
const FROM_TICKET_STREAM: u64 = !MISSING_ORDER_VALUE;

/// Bit of [`Record::missing`] for work `kind` (0 handle, 1 triage, 2 hand-off) at `tier`.
#[inline]
pub fn work_bit(tier: usize, kind: usize) -> u64 {
    1 << (tier * 3 + kind)
}

/// A replayed ticket with its gaps flagged.
#[derive(Clone, Debug)]
pub struct Record {
    /// The ticket; flagged values, the AI estimate and the noise key are placeholders
    /// until `realise`.
    pub ticket: Ticket,
    /// Which values to draw (see the `MISSING_*` bits and [`work_bit`]).
    pub missing: u64,
    /// What the ticket's text says, if it has text.
    pub text: Option<TextFeatures>,
    /// Line of the row (the ticket's first row in an event log).
    pub line: u64,
    /// A team's own model's prediction for the ticket (tier, confidence), replacing
    /// the scenario's AI prediction.
    pub prediction: Option<(TierId, f32)>,
}

/// Builds a record from one row of a one-row-per-ticket file.
pub fn from_row(scenario: &Scenario, v: &RowValues, id: u64, line: u64) -> Result<Record, String> {
    let mut missing = 0;
    let mut work = Work::zero();
    let tiers = scenario.tiers.len().min(MAX_TIERS);
    let mut recorded = None;
    let mut needed_tier = v.needed_tier;
    if let Some(path) = &v.path {
        let steps: Vec<RecordedStep> = path
            .iter()
            .map(|&(tier, ms)| RecordedStep::whole(tier, tier.0, ms))
            .collect();
        let total = steps.iter().fold(0, |acc: i64, s| acc.saturating_add(s.ms));
        needed_tier = needed_tier.or(steps.last().map(|s| s.tier));
        recorded = Some(recorded_history(steps, Some(total), v));
    }
    for t in 0..tiers {
        for k in 0..3 {
            match v.work[t][k] {
                Some(ms) => set_work(&mut work, t, k, ms),
                None if recorded
                    .as_ref()
                    .is_some_and(|r| r.steps.iter().any(|s| s.tier.index() == t)) => {}
                None if recorded.is_some() && k == 2 => {}
                None => missing |= work_bit(t, k),
            }
        }
    }
    match v.patience {
        Some(p) => work.patience_ms = p,
        None => missing |= MISSING_PATIENCE,
    }
    if needed_tier.is_none() {
        missing |= MISSING_NEED;
    }
    if v.order_value.is_none() {
        missing |= MISSING_ORDER_VALUE;
    }
    let category = attr(
        v.category,
        "category",
        only(scenario.categories.len()).map(crate::model::CategoryId),
    )?;
    let mentions = match &v.text {
        Some(t) => t.keywords,
        None => scenario
            .categories
            .get(category.index())
            .map_or(0, |c| c.keyword_mask),
    };
    let ticket = Ticket {
        id,
        arrival: v.arrival,
        severity: attr(v.severity, "severity", None)?,
        segment: attr(
            v.segment,
            "segment",
            only(scenario.segments.len()).map(crate::model::SegmentId),
        )?,
        category,
        account_value: v.account_value.unwrap_or(0.0),
        needed_tier: needed_tier.unwrap_or(TierId(0)),
        sentiment: v.sentiment.or(v.text.map(|t| t.sentiment)).unwrap_or(0.0),
        order_value: v.order_value.unwrap_or(0.0),
        mentions,
        // Placeholders: `realise` sets both per replication.
        ai: crate::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
        noise_key: 0,
        burst: v.burst,
        work,
        recorded,
    };
    if v.prediction_confidence.is_some() && v.predicted_tier.is_none() {
        return Err(
            "prediction_confidence: given without a predicted_tier; a confidence needs the tier it is about".into(),
        );
    }
    Ok(Record {
        ticket,
        missing,
        text: v.text,
        line,
        prediction: v
            .predicted_tier
            .map(|t| (t, v.prediction_confidence.unwrap_or(1.0))),
    })
}

fn only(n: usize) -> Option<u16> {
    (n == 1).then_some(0)
}

fn attr<T>(v: Option<T>, what: &str, fallback: Option<T>) -> Result<T, String> {
    v.or(fallback).ok_or_else(|| {
        format!("{what}: missing, and the scenario has several; add the column or a mapping with [defaults] {what} = \"…\"")
    })
}

fn set_work(work: &mut Work, t: usize, k: usize, ms: u32) {
    match k {
        0 => work.handle_ms[t] = ms,
        1 => work.triage_ms[t] = ms,
        _ => work.handoff_ms[t] = ms,
    }
}

/// The recorded history of a ticket with `steps` and `resolution_ms`, and the log's
/// SLA flag from `v`: every visited tier works its total recorded sojourn
/// ([`Recorded::sojourn_ms`], as both handle and triage time, with no separate
/// hand-off delay: the sojourn includes it) unless the row gives that work itself.
pub fn recorded_history(
    steps: Vec<RecordedStep>,
    resolution_ms: Option<i64>,
    v: &RowValues,
) -> Arc<Recorded> {
    let (mut handle, mut triage) = (0u16, 0u16);
    for s in &steps {
        let t = s.tier.index();
        if t >= MAX_TIERS {
            continue;
        }
        if v.work[t][0].is_none() {
            handle |= 1 << t;
        }
        if v.work[t][1].is_none() {
            triage |= 1 << t;
        }
    }
    Arc::new(Recorded {
        steps,
        resolution_ms,
        sla_met: v.sla_met,
        handle_from_steps: handle,
        triage_from_steps: triage,
    })
}

/// Missing-bits for a ticket with recorded `steps` and no other work: the unvisited
/// tiers' handle and triage times (hand-offs are 0, inside the sojourns).
pub fn missing_for_steps(scenario: &Scenario, steps: &[RecordedStep]) -> u64 {
    let mut m = 0;
    for t in 0..scenario.tiers.len().min(MAX_TIERS) {
        if !steps.iter().any(|s| s.tier.index() == t) {
            m |= work_bit(t, 0) | work_bit(t, 1);
        }
    }
    m | MISSING_PATIENCE
}

/// The ticket of `rec` in the replication of `extras`, with its gaps drawn and its AI
/// estimate and noise key added.
pub fn realise(rec: &Record, extras: &mut Extras) -> Ticket {
    let mut t = rec.ticket.clone();
    if rec.missing & FROM_TICKET_STREAM != 0 {
        draw_gaps(extras.scenario(), rec, extras.replication(), &mut t);
    }
    if rec.missing & MISSING_ORDER_VALUE != 0 {
        t.order_value = extras.order_value(t.id, t.category);
    }
    let truth = Truth {
        needed_tier: t.needed_tier,
        sentiment: t.sentiment,
        mentions: t.mentions,
        category: t.category,
    };
    t.ai = extras.estimate(t.id, &truth, rec.text);
    if let Some((tier, confidence)) = rec.prediction {
        t.ai.predicted_tier = tier;
        t.ai.confidence = confidence;
    }
    t.noise_key = extras.noise_key(t.id);
    let bursts = &extras.scenario().arrivals.bursts;
    if t.burst
        .is_some_and(|k| bursts.get(usize::from(k)).is_some_and(|b| b.outage))
    {
        // A recorded complaint about an outage: it waits for the fix (this
        // replication's), unless the fix landed before it arrived.
        let ends = crate::tickets::outages::burst_ends(extras.scenario(), extras.replication());
        let fix = crate::tickets::outages::fix_at(bursts, &ends, t.burst);
        t.work.fix_at = if fix > t.arrival { fix } else { 0 };
    }
    t
}

/// Draws the gaps of `rec` that come from the ticket's `Ticket` stream into `t`.
fn draw_gaps(scenario: &Scenario, rec: &Record, replication: u32, t: &mut Ticket) {
    let fam = seed::family_key(scenario.run.seed, replication, Purpose::Ticket);
    let mut rng = seed::ticket_stream(fam, t.id);
    if rec.missing & MISSING_NEED != 0 {
        for _ in 0..3 {
            rng.next_u64();
        }
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let needs = &scenario.categories[t.category.index()].needs;
        let mut acc = 0.0;
        t.needed_tier = needs.last().map_or(TierId(0), |n| n.0);
        for &(tier, p) in needs {
            acc += p;
            if u < acc {
                t.needed_tier = tier;
                break;
            }
        }
    }
    rng.set_word_pos(seed::WORK_WORD_OFFSET);
    for (i, tier) in scenario.tiers.iter().enumerate().take(MAX_TIERS) {
        let handle = minutes_to_ms_u32(tier.handle_for(t.category).sample(&mut rng));
        let triage = match &tier.triage_minutes {
            Some(d) => minutes_to_ms_u32(d.sample(&mut rng)),
            None => handle,
        };
        let handoff = tier
            .handoff_minutes
            .as_ref()
            .map_or(0, |d| minutes_to_ms_u32(d.sample(&mut rng)));
        for (k, ms) in [handle, triage, handoff].into_iter().enumerate() {
            if rec.missing & work_bit(i, k) != 0 {
                set_work(&mut t.work, i, k, ms);
            }
        }
    }
    let patience = scenario.segments[t.segment.index()]
        .patience_minutes
        .as_ref()
        .map(|d| minutes_to_ms_u32(d.sample(&mut rng)));
    if rec.missing & MISSING_PATIENCE != 0 {
        t.work.patience_ms = patience;
    }
}
