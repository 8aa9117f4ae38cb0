//! The AI triage model at work: what the scenario's AI estimates about each ticket,
//! how it scores tickets, and how it reads ticket text.
//!
//! ```text
//! latent truth (needed tier, sentiment, mentions) ─► estimate ─► AiEstimate (per ticket)
//! ticket text ─► text::KeywordMatcher (keywords) + text::sentiment (lexicon)
//! Observed (attributes + AiEstimate) + SLA clock ─► score ─► priority / escalation-risk in [0, 1]
//! ```
//!
//! - [`estimate`](mod@estimate): the noisy estimator of a ticket's latent truth (calibrated tier
//!   confidence, sentiment noise, keyword recall and precision).
//! - [`confusion`]: the predicted tier and its calibrated confidence under confusion
//!   matrices.
//! - [`score`](mod@score): the weighted priority / escalation-risk score and the SLA-risk feature.
//! - [`text`]: the built-in keyword matcher and lexicon sentiment scorer for tickets
//!   that carry text.
//!
//! Nothing here draws from a stream of its own: callers pass the ticket's AI stream
//! (the ticket layer's `extras`). The model is documented in docs/ai.md.

pub mod confusion;
pub mod estimate;
#[cfg(test)]
mod estimate_matrix_tests;
pub mod score;
pub mod text;

pub use estimate::{AiEstimate, Estimator, Truth, estimate};
pub use score::{Features, Observed, score, sla_risk};
pub use text::{KeywordMatcher, TextFeatures};
