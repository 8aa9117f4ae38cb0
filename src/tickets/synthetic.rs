//! Synthetic ticket generation: the arrival process of [`super::arrivals`] plus
//! per-ticket attributes and work content drawn from the scenario's mixes.
//!
//! Tickets are numbered 0, 1, 2, … in arrival order. Each ticket's randomness comes
//! from its own stream `seed::ticket_stream(family_key(seed, rep, Ticket), id)`, so a
//! ticket's draws never depend on another ticket's (common random numbers):
//!
//! - attributes, from word 0 of the stream, in this order:
//!   1. `u_category` (uniform): the category, from the burst's mix for a burst ticket,
//!      else from the scenario's shares;
//!   2. `u_severity` (uniform): the severity, from the burst's shares if it has them,
//!      else the category's override, else the scenario's shares;
//!   3. `u_segment` (uniform): the segment, from the segment shares;
//!   4. `u_need` (uniform): the needed tier, from the category's `needs`;
//!   5. `z` (standard normal): sentiment `clamp(mean + sd × z, -1, 1)` of the category;
//!   6. the account value, from the segment's distribution.
//!
//!   Uniforms take one 64-bit draw each (53 bits used), so the first four never shift;
//!   the two variable-length draws come last.
//! - work content, from word [`seed::WORK_WORD_OFFSET`] of the stream (word
//!   `2 × WORK_WORD_OFFSET` in the rare case the attributes used more words), in this
//!   order: for
//!   every tier in scenario order, the handle time from `tier.handle_for(category)`,
//!   then the triage time if the tier has a triage distribution (else triage = handle:
//!   the full handle time is spent before escalating), then the hand-off delay if the
//!   tier has one (else 0); finally the patience, if the segment has one (else
//!   infinite). All in minutes, rounded to whole ms by [`minutes_to_ms_u32`].
//!
//! Arrival times come from `seed::stream(seed, rep, Arrivals)` (see
//! [`super::arrivals`]), so changing any mix or work distribution leaves arrival times
//! unchanged, and changing a work distribution leaves every attribute unchanged.
//!
//! The order value, the keywords the ticket mentions (its category's keyword set), the
//! AI estimate and the noise key come from the ticket's side streams
//! ([`super::extras`]), never from the stream above: adding them moved no existing
//! draw, and changing the AI model changes only the AI estimates.
//!
//! The constructor precomputes cumulative share tables; generating a ticket allocates
//! nothing.

use rand::Rng;
use rand::distr::Distribution;
use rand::rngs::ChaCha8Rng;
use rand_distr::StandardNormal;

use super::arrivals::{ArrivalProcess, unit_f64};
use super::extras::Extras;
use super::{Ticket, Work, minutes_to_ms_u32};
use crate::ai::Truth;
use crate::model::{CategoryId, MAX_TIERS, Scenario, SegmentId, Severity, TierId};
use crate::seed::{self, Purpose};

/// A cumulative share table: picks an index from a uniform draw on `[0, 1)`.
#[derive(Clone, Debug)]
struct CumTable {
    /// Cumulative shares, normalised to a total of 1; entries from the last positive
    /// share on are `+∞`, so every draw lands on an index with a positive share.
    cum: Vec<f64>,
}

impl CumTable {
    fn new(shares: impl IntoIterator<Item = f64>) -> CumTable {
        let shares: Vec<f64> = shares
            .into_iter()
            .map(|s| if s.is_finite() && s > 0.0 { s } else { 0.0 })
            .collect();
        let total: f64 = shares.iter().sum();
        let mut acc = 0.0;
        let mut cum: Vec<f64> = shares
            .iter()
            .map(|s| {
                acc += s;
                if total > 0.0 { acc / total } else { 0.0 }
            })
            .collect();
        if let Some(last) = shares.iter().rposition(|&s| s > 0.0) {
            for c in &mut cum[last..] {
                *c = f64::INFINITY;
            }
        }
        CumTable { cum }
    }

    /// The index whose cumulative interval holds `u` (0 for an empty or all-zero table).
    #[inline]
    fn pick(&self, u: f64) -> usize {
        self.cum.iter().position(|&c| u < c).unwrap_or(0)
    }
}

/// Precomputed tables of one burst.
#[derive(Clone, Debug)]
struct BurstTables {
    /// The burst's category mix: table and the category of each entry.
    categories: Option<(CumTable, Vec<CategoryId>)>,
    /// The burst's severity shares.
    severity: Option<CumTable>,
}

/// The synthetic ticket stream of one replication: an [`Iterator`] of [`Ticket`]s in
/// arrival order, built by [`synthetic`].
#[derive(Debug)]
pub struct SyntheticStream<'a> {
    scenario: &'a Scenario,
    arrivals: ArrivalProcess<'a>,
    next_id: u64,
    /// Keyed by (seed, replication, Ticket); re-positioned per ticket.
    ticket_rng: ChaCha8Rng,
    category: CumTable,
    segment: CumTable,
    /// Severity table per category (the category's override, else the scenario's).
    severity_by_category: Vec<CumTable>,
    /// Needed-tier table per category, with the tier of each entry.
    needs_by_category: Vec<(CumTable, Vec<TierId>)>,
    bursts: Vec<BurstTables>,
    /// Order value, AI estimate and noise key streams.
    extras: Extras<'a>,
}

/// The synthetic ticket stream of `scenario` in `replication`.
pub fn synthetic(scenario: &Scenario, replication: u32) -> SyntheticStream<'_> {
    let master = scenario.run.seed;
    let severity_table = |shares: &[f64; 4]| CumTable::new(shares.iter().copied());
    SyntheticStream {
        scenario,
        arrivals: ArrivalProcess::for_scenario(scenario, replication),
        next_id: 0,
        ticket_rng: seed::ticket_stream(seed::family_key(master, replication, Purpose::Ticket), 0),
        category: CumTable::new(scenario.categories.iter().map(|c| c.share)),
        segment: CumTable::new(scenario.segments.iter().map(|s| s.share)),
        severity_by_category: scenario
            .categories
            .iter()
            .map(|c| {
                severity_table(
                    c.severity_shares
                        .as_ref()
                        .unwrap_or(&scenario.severity_shares),
                )
            })
            .collect(),
        needs_by_category: scenario
            .categories
            .iter()
            .map(|c| {
                (
                    CumTable::new(c.needs.iter().map(|&(_, p)| p)),
                    c.needs.iter().map(|&(t, _)| t).collect(),
                )
            })
            .collect(),
        bursts: scenario
            .arrivals
            .bursts
            .iter()
            .map(|b| BurstTables {
                categories: b.categories.as_ref().map(|mix| {
                    (
                        CumTable::new(mix.iter().map(|&(_, p)| p)),
                        mix.iter().map(|&(c, _)| c).collect(),
                    )
                }),
                severity: b.severity_shares.as_ref().map(severity_table),
            })
            .collect(),
        extras: Extras::new(scenario, replication),
    }
}

impl SyntheticStream<'_> {
    /// Draws the attributes and work of ticket `id` arriving at `arrival`.
    #[inline]
    fn make(&mut self, id: u64, arrival: crate::model::SimTime, burst: Option<u16>) -> Ticket {
        let sc = self.scenario;
        let burst_tables = burst.and_then(|k| self.bursts.get(k as usize));

        let rng = &mut self.ticket_rng;
        rng.set_stream(id);
        let u_category = unit_f64(rng.next_u64());
        let u_severity = unit_f64(rng.next_u64());
        let u_segment = unit_f64(rng.next_u64());
        let u_need = unit_f64(rng.next_u64());

        let category = match burst_tables.and_then(|b| b.categories.as_ref()) {
            Some((table, ids)) => ids
                .get(table.pick(u_category))
                .copied()
                .unwrap_or(CategoryId(0)),
            None => CategoryId(self.category.pick(u_category) as u16),
        };
        let cat = &sc.categories[category.index()];
        let severity_table = burst_tables
            .and_then(|b| b.severity.as_ref())
            .unwrap_or(&self.severity_by_category[category.index()]);
        let severity = Severity::ALL[severity_table.pick(u_severity).min(3)];
        let segment = SegmentId(self.segment.pick(u_segment) as u16);
        let seg = &sc.segments[segment.index()];
        let (need_table, need_tiers) = &self.needs_by_category[category.index()];
        let needed_tier = need_tiers
            .get(need_table.pick(u_need))
            .copied()
            .unwrap_or(TierId(0));
        let z: f64 = StandardNormal.sample(rng);
        let sentiment = (cat.sentiment.mean + cat.sentiment.sd * z).clamp(-1.0, 1.0) as f32;
        let account_value = seg.account_value.sample(rng);

        // Move to the work section of the stream (within the same buffer: cheap).
        let used = rng.get_word_pos();
        if used <= seed::WORK_WORD_OFFSET {
            for _ in used..seed::WORK_WORD_OFFSET {
                rng.next_u32();
            }
        } else {
            rng.set_word_pos(2 * seed::WORK_WORD_OFFSET);
        }
        let mut work = Work::zero();
        work.fix_at =
            super::outages::fix_at(&sc.arrivals.bursts, self.arrivals.burst_ends(), burst);
        for (i, tier) in sc.tiers.iter().enumerate().take(MAX_TIERS) {
            let handle = minutes_to_ms_u32(tier.handle_for(category).sample(rng));
            work.handle_ms[i] = handle;
            work.triage_ms[i] = match &tier.triage_minutes {
                Some(d) => minutes_to_ms_u32(d.sample(rng)),
                None => handle,
            };
            if let Some(d) = &tier.handoff_minutes {
                work.handoff_ms[i] = minutes_to_ms_u32(d.sample(rng));
            }
        }
        work.patience_ms = seg
            .patience_minutes
            .as_ref()
            .map(|d| minutes_to_ms_u32(d.sample(rng)));

        let mentions = cat.keyword_mask;
        let truth = Truth {
            needed_tier,
            sentiment,
            mentions,
            category,
        };
        Ticket {
            id,
            arrival,
            severity,
            segment,
            category,
            account_value,
            needed_tier,
            sentiment,
            order_value: self.extras.order_value(id, category),
            mentions,
            ai: self.extras.estimate(id, &truth, None),
            noise_key: self.extras.noise_key(id),
            burst,
            work,
            recorded: None,
        }
    }
}

impl Iterator for SyntheticStream<'_> {
    type Item = Ticket;

    #[inline]
    fn next(&mut self) -> Option<Ticket> {
        let a = self.arrivals.next()?;
        let id = self.next_id;
        self.next_id += 1;
        Some(self.make(id, a.time, a.burst))
    }
}

impl std::iter::FusedIterator for SyntheticStream<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario::{category, scenario, segment, set_segments};
    use crate::model::time::{DAY_MS, HOUR_MS};
    use crate::model::{Burst, Dist};
    use crate::tickets::arrivals::Arrival;

    /// Three tiers, three categories, two segments, with triage, hand-off, patience and
    /// a per-category handle override: every branch of the generator is used.
    fn rich() -> Scenario {
        let mut s = scenario(&["T1", "T2", "T3"]);
        s.run.horizon_ms = 20 * DAY_MS;
        s.arrivals.base_per_hour = 200.0;
        s.categories = vec![
            category("billing", 0.5, &[(0, 0.6), (1, 0.3), (2, 0.1)]),
            category("outage", 0.3, &[(2, 1.0)]),
            category("howto", 0.2, &[(0, 1.0)]),
        ];
        s.categories[1].severity_shares = Some([0.7, 0.3, 0.0, 0.0]);
        s.categories[1].sentiment = crate::model::SentimentDist {
            mean: -0.6,
            sd: 0.5,
        };
        s.categories[2].sentiment = crate::model::SentimentDist { mean: 0.2, sd: 0.1 };
        let mut segs = vec![
            segment("enterprise", 0.3, 50_000.0),
            segment("consumer", 0.7, 0.0),
        ];
        segs[0].account_value = Dist::lognormal_mean_cv(50_000.0, 0.8).unwrap();
        segs[1].patience_minutes = Some(Dist::exponential(45.0).unwrap());
        set_segments(&mut s, segs);
        s.tiers[0].triage_minutes = Some(Dist::uniform(2.0, 6.0).unwrap());
        s.tiers[0].handoff_minutes = Some(Dist::constant(1.5).unwrap());
        s.tiers[1].handle_minutes = Dist::lognormal_mean_cv(25.0, 1.2).unwrap();
        s.tiers[1].triage_minutes = Some(Dist::gamma_mean_cv(8.0, 0.5).unwrap());
        s.tiers[1].handoff_minutes = Some(Dist::exponential(3.0).unwrap());
        s.tiers[2].handle_minutes_by_category =
            vec![None, Some(Dist::constant(90.0).unwrap()), None];
        s
    }

    fn tickets(s: &Scenario, rep: u32) -> Vec<Ticket> {
        synthetic(s, rep).collect()
    }

    /// Asserts that `count` of `n` is within `z` binomial standard errors of share `p`.
    fn assert_share(count: usize, n: usize, p: f64, what: &str) {
        let sd = (n as f64 * p * (1.0 - p)).sqrt();
        let mean = n as f64 * p;
        assert!(
            (count as f64 - mean).abs() <= 4.5 * sd.max(0.5),
            "{what}: {count} of {n}, expected {mean:.0} ± {:.0}",
            4.5 * sd
        );
    }

    #[test]
    fn ids_count_up_in_arrival_order_and_match_the_arrival_process() {
        let s = rich();
        let ts = tickets(&s, 0);
        let arrivals: Vec<Arrival> = ArrivalProcess::for_scenario(&s, 0).collect();
        assert_eq!(ts.len(), arrivals.len());
        assert!(ts.len() > 50_000);
        for (i, (t, a)) in ts.iter().zip(&arrivals).enumerate() {
            assert_eq!(t.id, i as u64);
            assert_eq!((t.arrival, t.burst), (a.time, a.burst));
        }
    }

    #[test]
    fn same_replication_repeats_and_replications_differ() {
        let s = rich();
        let a = tickets(&s, 0);
        assert_eq!(a, tickets(&s, 0));
        let b = tickets(&s, 1);
        assert_ne!(a.len(), 0);
        let n = a.len().min(b.len());
        let same_work = (0..n).filter(|&i| a[i].work == b[i].work).count();
        assert!(same_work < n / 100, "{same_work} of {n} identical work");
    }

    #[test]
    fn repositioning_a_stream_equals_a_fresh_ticket_stream() {
        let fam = seed::family_key(42, 3, Purpose::Ticket);
        let mut rng = seed::ticket_stream(fam, 0);
        for id in [0u64, 7, 3, 1 << 40] {
            for _ in 0..5 {
                rng.next_u64(); // leave the buffer part-used
            }
            rng.set_stream(id);
            let mut fresh = seed::ticket_stream(fam, id);
            for _ in 0..40 {
                assert_eq!(rng.next_u64(), fresh.next_u64());
            }
        }
    }

    #[test]
    fn a_tickets_draws_depend_only_on_its_id() {
        // Doubling the rate moves every arrival, but ticket k keeps its attributes and
        // its work.
        let s = rich();
        let mut busier = rich();
        busier.arrivals.base_per_hour *= 2.0;
        let a = tickets(&s, 0);
        let b = tickets(&busier, 0);
        assert!(b.len() > a.len());
        let mut moved = 0;
        for (x, y) in a.iter().zip(&b) {
            moved += usize::from(x.arrival != y.arrival);
            let strip = |t: &Ticket| Ticket {
                arrival: 0,
                ..t.clone()
            };
            assert_eq!(strip(x), strip(y));
        }
        assert!(moved > a.len() / 2);
    }

    #[test]
    fn changing_a_work_distribution_changes_only_the_work() {
        let s = rich();
        let mut slower = rich();
        slower.tiers[2].handle_minutes = Dist::exponential(300.0).unwrap();
        let a = tickets(&s, 0);
        let b = tickets(&slower, 0);
        assert_eq!(a.len(), b.len());
        let mut changed = 0;
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (x.arrival, x.severity, x.segment, x.category, x.needed_tier),
                (y.arrival, y.severity, y.segment, y.category, y.needed_tier)
            );
            assert_eq!(
                (x.account_value, x.sentiment),
                (y.account_value, y.sentiment)
            );
            // Tiers before T3 draw first, so their work is unchanged.
            assert_eq!(x.work.handle_ms[..2], y.work.handle_ms[..2]);
            assert_eq!(x.work.triage_ms[..2], y.work.triage_ms[..2]);
            assert_eq!(x.work.handoff_ms[..2], y.work.handoff_ms[..2]);
            changed += usize::from(x.work.handle_ms[2] != y.work.handle_ms[2]);
        }
        // Outage tickets keep their constant T3 override; the others all change.
        assert!(changed > a.len() / 2);
    }

    #[test]
    fn changing_the_category_shares_keeps_arrivals_and_other_draws() {
        let s = rich();
        let mut other = rich();
        other.categories[0].share = 0.1;
        other.categories[2].share = 0.6;
        let a = tickets(&s, 0);
        let b = tickets(&other, 0);
        assert_eq!(a.len(), b.len());
        let mut recategorised = 0;
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.arrival, y.arrival);
            assert_eq!(x.segment, y.segment);
            assert_eq!(x.account_value, y.account_value);
            recategorised += usize::from(x.category != y.category);
        }
        assert!(recategorised > a.len() / 5);
    }

    #[test]
    fn frequencies_match_shares_and_needs() {
        let s = rich();
        let ts = tickets(&s, 2);
        let n = ts.len();
        for (c, cat) in s.categories.iter().enumerate() {
            let k = ts.iter().filter(|t| t.category.index() == c).count();
            assert_share(k, n, cat.share, &cat.name);
        }
        for (g, seg) in s.segments.iter().enumerate() {
            let k = ts.iter().filter(|t| t.segment.index() == g).count();
            assert_share(k, n, seg.share, &seg.name);
        }
        // Severity: default shares for billing/howto, the override for outage.
        for (c, cat) in s.categories.iter().enumerate() {
            let of_cat: Vec<&Ticket> = ts.iter().filter(|t| t.category.index() == c).collect();
            let shares = cat.severity_shares.unwrap_or(s.severity_shares);
            for sev in Severity::ALL {
                let k = of_cat.iter().filter(|t| t.severity == sev).count();
                assert_share(k, of_cat.len(), shares[sev.index()], sev.name());
            }
            for &(tier, p) in &cat.needs {
                let k = of_cat.iter().filter(|t| t.needed_tier == tier).count();
                assert_share(k, of_cat.len(), p, &format!("{} needs {tier:?}", cat.name));
            }
            let k = of_cat
                .iter()
                .filter(|t| !cat.needs.iter().any(|&(tier, _)| tier == t.needed_tier))
                .count();
            assert_eq!(k, 0, "needed tier outside the category's needs");
        }
    }

    #[test]
    fn sentiment_is_a_clamped_normal() {
        let s = rich();
        let ts = tickets(&s, 0);
        assert!(ts.iter().all(|t| (-1.0..=1.0).contains(&t.sentiment)));
        let of = |c: u16| -> Vec<f64> {
            ts.iter()
                .filter(|t| t.category == CategoryId(c))
                .map(|t| t.sentiment as f64)
                .collect()
        };
        let howto = of(2); // mean 0.2, sd 0.1: clamping never bites
        let m = howto.iter().sum::<f64>() / howto.len() as f64;
        let sd = (howto.iter().map(|x| (x - m).powi(2)).sum::<f64>() / howto.len() as f64).sqrt();
        assert!(
            (m - 0.2).abs() < 0.005 && (sd - 0.1).abs() < 0.005,
            "{m} {sd}"
        );
        // outage: mean -0.6, sd 0.5: P(z < -0.8) ≈ 21% clamp to -1.
        let outage = of(1);
        let clamped = outage.iter().filter(|&&x| x == -1.0).count();
        assert_share(clamped, outage.len(), 0.2119, "clamped at -1");
        // billing: sd 0, so exactly the mean.
        assert!(of(0).iter().all(|&x| x == 0.0));
    }

    #[test]
    fn work_content_follows_each_tiers_distributions() {
        type Field = dyn Fn(&Ticket) -> Option<u32>;
        let s = rich();
        let ts = tickets(&s, 0);
        let mean = |f: &Field| {
            let xs: Vec<f64> = ts
                .iter()
                .filter_map(f)
                .map(|ms| ms as f64 / 60_000.0)
                .collect();
            xs.iter().sum::<f64>() / xs.len() as f64
        };
        for t in &ts {
            let w = &t.work;
            // T1: triage uniform(2, 6) and a constant 1.5-minute hand-off.
            assert!((120_000..=360_000).contains(&w.triage_ms[0]));
            assert_eq!(w.handoff_ms[0], 90_000);
            // T3: no triage (= handle), no hand-off (0); the outage override is 90 min.
            assert_eq!(w.triage_ms[2], w.handle_ms[2]);
            assert_eq!(w.handoff_ms[2], 0);
            if t.category == CategoryId(1) {
                assert_eq!(w.handle_ms[2], 5_400_000);
            }
            // Unused tier slots stay 0; patience only for consumers.
            assert!(w.handle_ms[3..].iter().all(|&x| x == 0));
            assert_eq!(w.patience_ms.is_some(), t.segment == SegmentId(1));
        }
        let checks: [(&str, f64, &Field); 5] = [
            ("T1 handle", 10.0, &|t| Some(t.work.handle_ms[0])),
            ("T2 handle", 25.0, &|t| Some(t.work.handle_ms[1])),
            ("T2 triage", 8.0, &|t| Some(t.work.triage_ms[1])),
            ("T2 hand-off", 3.0, &|t| Some(t.work.handoff_ms[1])),
            ("patience", 45.0, &|t| t.work.patience_ms),
        ];
        for (what, expected, f) in checks {
            let m = mean(f);
            assert!((m / expected - 1.0).abs() < 0.03, "{what}: mean {m}");
        }
        let not_outage =
            mean(&|t: &Ticket| (t.category != CategoryId(1)).then_some(t.work.handle_ms[2]));
        assert!(
            (not_outage / 30.0 - 1.0).abs() < 0.03,
            "T3 handle {not_outage}"
        );
    }

    #[test]
    fn burst_tickets_use_the_bursts_mix() {
        let mut s = rich();
        s.run.horizon_ms = 2 * DAY_MS;
        s.arrivals.bursts = vec![Burst {
            name: "outage".into(),
            start: DAY_MS,
            end: DAY_MS + 6 * HOUR_MS,
            outage: false,
            fix_minutes: None,
            extra_per_hour: 1000.0,
            categories: Some(vec![(CategoryId(1), 0.8), (CategoryId(0), 0.2)]),
            severity_shares: Some([0.0, 0.0, 0.0, 1.0]),
        }];
        let ts = tickets(&s, 0);
        let burst: Vec<&Ticket> = ts.iter().filter(|t| t.burst == Some(0)).collect();
        let base: Vec<&Ticket> = ts.iter().filter(|t| t.burst.is_none()).collect();
        let n = burst.len();
        let sd = (6000f64).sqrt();
        assert!((n as f64 - 6000.0).abs() < 4.0 * sd, "{n} burst tickets");
        let outage = burst.iter().filter(|t| t.category == CategoryId(1)).count();
        assert_share(outage, n, 0.8, "burst outage share");
        assert!(burst.iter().all(|t| t.category != CategoryId(2)));
        assert!(burst.iter().all(|t| t.severity == Severity::Low));
        let howto = base.iter().filter(|t| t.category == CategoryId(2)).count();
        assert_share(howto, base.len(), 0.2, "base howto share");
        assert!(base.iter().any(|t| t.severity != Severity::Low));
    }

    /// `rich()` with keywords, order values and a noisy AI.
    fn with_ai() -> Scenario {
        let mut s = rich();
        s.keywords = vec!["invoice".into(), "outage".into(), "down".into()];
        s.categories[0].keyword_mask = 0b001;
        s.categories[1].keyword_mask = 0b110;
        s.categories[0].order_value = Some(Dist::lognormal_mean_cv(300.0, 1.0).unwrap());
        s.categories[2].order_value = Some(Dist::constant(40.0).unwrap());
        s.ai = crate::model::AiModel {
            tier_accuracy: 0.7,
            sentiment_noise_sd: 0.2,
            keyword_recall: 0.8,
            keyword_precision: 0.9,
            ..crate::model::AiModel::default()
        };
        s
    }

    #[test]
    fn side_values_leave_the_ticket_stream_alone() {
        let plain = tickets(&rich(), 0);
        let ai = tickets(&with_ai(), 0);
        assert_eq!(plain.len(), ai.len());
        let mut estimates_differ = 0;
        for (x, y) in plain.iter().zip(&ai) {
            let strip = |t: &Ticket| Ticket {
                order_value: 0.0,
                mentions: 0,
                ai: crate::tickets::AiEstimate::exact(TierId(0), 0.0, 0),
                ..t.clone()
            };
            assert_eq!(strip(x), strip(y));
            assert_eq!(x.noise_key, y.noise_key);
            estimates_differ += usize::from(y.ai != x.ai);
        }
        assert!(estimates_differ > ai.len() / 4, "{estimates_differ}");
    }

    #[test]
    fn side_values_are_filled() {
        let s = with_ai();
        let ts = tickets(&s, 0);
        let n = ts.len();
        let mut right = 0;
        let mut keys = std::collections::BTreeSet::new();
        for t in &ts {
            let cat = &s.categories[t.category.index()];
            assert_eq!(t.mentions, cat.keyword_mask);
            match t.category.0 {
                0 => assert!(t.order_value > 0.0),
                1 => assert_eq!(t.order_value, 0.0),
                _ => assert_eq!(t.order_value, 40.0),
            }
            assert!((0.0..=1.0).contains(&t.ai.confidence));
            assert!((-1.0..=1.0).contains(&t.ai.sentiment));
            right += usize::from(t.ai.predicted_tier == t.needed_tier);
            keys.insert(t.noise_key);
        }
        assert_share(right, n, 0.7, "AI tier accuracy");
        assert_eq!(keys.len(), n, "noise keys are distinct");
        let billing: Vec<f64> = ts
            .iter()
            .filter(|t| t.category == CategoryId(0))
            .map(|t| t.order_value)
            .collect();
        let mean = billing.iter().sum::<f64>() / billing.len() as f64;
        assert!((mean / 300.0 - 1.0).abs() < 0.03, "order value mean {mean}");
        // The default (perfect) model estimates exactly.
        for t in tickets(&rich(), 1).iter().take(1000) {
            let exact = crate::tickets::AiEstimate::exact(t.needed_tier, t.sentiment, t.mentions);
            assert_eq!(t.ai, exact);
        }
    }

    /// Release-mode throughput measurement, not a timed test. Run with
    /// `cargo test --release --lib -- --ignored --nocapture measure_generation_speed`.
    #[test]
    #[ignore = "measurement; run in release mode with --nocapture"]
    fn measure_generation_speed() {
        let mut rich = rich();
        rich.arrivals.daily_overdispersion_cv = Some(0.2);
        let plain = scenario(&["T1", "T2", "T3"]);
        let mut noisy_ai = with_ai();
        noisy_ai.arrivals.daily_overdispersion_cv = Some(0.2);
        let cases = [
            ("plain 3-tier", plain),
            ("rich 3-tier", rich),
            ("rich 3-tier, noisy AI and order values", noisy_ai),
        ];
        for (name, mut s) in cases {
            s.run.horizon_ms = 1000 * DAY_MS;
            s.arrivals.base_per_hour = 250.0;
            for (h, m) in s.arrivals.hour_of_day.iter_mut().enumerate() {
                *m = if (8..20).contains(&h) { 1.6 } else { 0.4 };
            }
            for round in 0..3 {
                let start = std::time::Instant::now();
                let mut acc = 0i64;
                let mut n = 0u64;
                for a in ArrivalProcess::for_scenario(&s, round) {
                    acc = acc.wrapping_add(a.time);
                    n += 1;
                }
                std::hint::black_box(acc);
                let arrival_ns = start.elapsed().as_nanos() as f64 / n as f64;
                let start = std::time::Instant::now();
                let mut acc = 0u64;
                for t in synthetic(&s, round) {
                    acc = acc.wrapping_add(u64::from(t.work.handle_ms[1]));
                }
                std::hint::black_box(acc);
                let ticket_ns = start.elapsed().as_nanos() as f64 / n as f64;
                println!(
                    "{name}: {n} tickets, arrivals {arrival_ns:.1} ns/arrival, \
                     tickets {ticket_ns:.1} ns/ticket (arrivals included)"
                );
            }
        }
    }
}
