//! The per-ticket values that have streams of their own, shared by synthetic
//! generation and replay: the order value, the AI estimate and the noise key.
//!
//! Each is keyed by (seed, replication, ticket id) only, so every candidate of a
//! replication sees the same values, and none of them draws from the ticket's
//! [`Purpose::Ticket`] stream (whose attributes and work keep their values):
//!
//! | value | source |
//! |---|---|
//! | order value | `ticket_stream(family_key(seed, rep, Order), id)`: one draw from the category's `order_value` distribution (0 without one, and then nothing is drawn) |
//! | AI estimate | `ticket_stream(family_key(seed, rep, Ai), id)`, in the layout of [`crate::ai::estimate`](mod@crate::ai::estimate); nothing is drawn when the model is perfect |
//! | noise key | `seed::ticket_key(family_key(seed, rep, Feedback), id)` = `mix64(family ^ id)`: a key, not a draw; the engine seeds the ticket's own run-time draws (reopens, follow-ups, reviews) from it |
//!
//! A ticket with text (replay) is read by the built-in matcher and lexicon, which are
//! the AI's detector: its estimate takes keywords and sentiment from the text, and only
//! the predicted tier and its confidence come from the accuracy model.

use rand::rngs::ChaCha8Rng;

use super::AiEstimate;
use crate::ai::{Estimator, TextFeatures, Truth};
use crate::model::{CategoryId, Scenario};
use crate::seed::{self, Purpose};

/// The side streams of one replication; each call repositions its stream to the
/// ticket, so tickets may come in any order.
#[derive(Debug)]
pub struct Extras<'a> {
    scenario: &'a Scenario,
    replication: u32,
    estimator: Estimator,
    ai_rng: ChaCha8Rng,
    order_rng: ChaCha8Rng,
    feedback_family: u64,
}

impl<'a> Extras<'a> {
    /// The side streams of `scenario` in `replication`.
    pub fn new(scenario: &'a Scenario, replication: u32) -> Extras<'a> {
        let master = scenario.run.seed;
        let family = |p| seed::family_key(master, replication, p);
        Extras {
            scenario,
            replication,
            estimator: Estimator::new(&scenario.ai, scenario),
            ai_rng: seed::ticket_stream(family(Purpose::Ai), 0),
            order_rng: seed::ticket_stream(family(Purpose::Order), 0),
            feedback_family: family(Purpose::Feedback),
        }
    }

    /// The scenario.
    pub fn scenario(&self) -> &'a Scenario {
        self.scenario
    }

    /// The replication.
    pub fn replication(&self) -> u32 {
        self.replication
    }

    /// The order value of ticket `id` in `category`, currency units (0 when the category
    /// has no order value distribution).
    #[inline]
    pub fn order_value(&mut self, id: u64, category: CategoryId) -> f64 {
        let dist = self
            .scenario
            .categories
            .get(category.index())
            .and_then(|c| c.order_value.as_ref());
        match dist {
            Some(d) => {
                self.order_rng.set_stream(id);
                d.sample(&mut self.order_rng)
            }
            None => 0.0,
        }
    }

    /// The AI's estimate of ticket `id` whose latent truth is `truth`; with `text`, the
    /// keywords and sentiment are what the text says.
    #[inline]
    pub fn estimate(&mut self, id: u64, truth: &Truth, text: Option<TextFeatures>) -> AiEstimate {
        let mut e = if self.estimator.is_perfect() {
            AiEstimate::exact(truth.needed_tier, truth.sentiment, truth.mentions)
        } else {
            self.ai_rng.set_stream(id);
            self.estimator.estimate(truth, &mut self.ai_rng)
        };
        if let Some(t) = text {
            e.keywords = t.keywords;
            e.sentiment = t.sentiment;
        }
        e
    }

    /// The noise key of ticket `id`.
    #[inline]
    pub fn noise_key(&self, id: u64) -> u64 {
        seed::ticket_key(self.feedback_family, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_scenario::scenario;
    use crate::model::{AiModel, Dist, TierId};

    fn truth() -> Truth {
        Truth {
            needed_tier: TierId(1),
            sentiment: -0.3,
            mentions: 0b10,
            category: CategoryId(0),
        }
    }

    fn noisy(s: &mut Scenario) {
        s.ai = AiModel {
            tier_accuracy: 0.5,
            sentiment_noise_sd: 0.3,
            keyword_recall: 0.6,
            keyword_precision: 0.7,
            ..AiModel::default()
        };
    }

    #[test]
    fn values_depend_only_on_seed_replication_and_id() {
        let mut s = scenario(&["T1", "T2", "T3"]);
        noisy(&mut s);
        s.categories[0].order_value = Some(Dist::exponential(200.0).unwrap());
        let mut a = Extras::new(&s, 0);
        let mut b = Extras::new(&s, 0);
        // Any order of tickets gives the same values.
        let forward: Vec<(f64, AiEstimate, u64)> = (0..50)
            .map(|id| {
                (
                    a.order_value(id, CategoryId(0)),
                    a.estimate(id, &truth(), None),
                    a.noise_key(id),
                )
            })
            .collect();
        for id in (0..50).rev() {
            let got = (
                b.order_value(id, CategoryId(0)),
                b.estimate(id, &truth(), None),
                b.noise_key(id),
            );
            assert_eq!(got, forward[id as usize]);
        }
        // A fresh stream at the ticket's key gives the same estimate.
        let fam = seed::family_key(s.run.seed, 0, Purpose::Ai);
        let direct = Estimator::new(&s.ai, &s).estimate(&truth(), &mut seed::ticket_stream(fam, 7));
        assert_eq!(direct, forward[7].1);
        // Another replication differs.
        let mut c = Extras::new(&s, 1);
        let differ = (0..50)
            .filter(|&id| c.estimate(id, &truth(), None) != forward[id as usize].1)
            .count();
        assert!(differ > 30, "{differ}");
        assert_ne!(c.noise_key(3), forward[3].2);
        let keys: std::collections::BTreeSet<u64> = forward.iter().map(|f| f.2).collect();
        assert_eq!(keys.len(), 50);
    }

    #[test]
    fn a_perfect_model_gives_the_truth_and_text_overrides_keywords_and_sentiment() {
        let s = scenario(&["T1", "T2"]);
        let mut x = Extras::new(&s, 0);
        assert_eq!(
            x.estimate(5, &truth(), None),
            AiEstimate::exact(TierId(1), -0.3, 0b10)
        );
        let text = TextFeatures {
            keywords: 0b101,
            sentiment: 0.8,
        };
        let e = x.estimate(5, &truth(), Some(text));
        assert_eq!((e.keywords, e.sentiment), (0b101, 0.8));
        assert_eq!((e.predicted_tier, e.confidence), (TierId(1), 1.0));
        // No order value distribution: 0.
        assert_eq!(x.order_value(5, CategoryId(0)), 0.0);
    }
}
