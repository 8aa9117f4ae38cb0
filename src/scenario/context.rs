//! The shared validation context: the declared names of every named table ([`Refs`];
//! positions are ids) and what the checks of `[ai]`, policies and arrivals need from
//! the rest of the file. Every table's check reads it; it lives here, below all of
//! them, so no check imports another's caller.

use super::suggest::Names;
use crate::model::time::SimTime;
use crate::model::{Category, Clock};

/// The declared names of every named table; positions are ids.
#[derive(Clone, Debug)]
pub(crate) struct Refs {
    pub calendars: Names,
    pub tiers: Names,
    pub segments: Names,
    pub categories: Names,
}

/// What rules and triggers may refer to.
pub(crate) struct SopRefs<'a> {
    /// Tiers, segments and categories.
    pub refs: &'a Refs,
    /// The keyword vocabulary.
    pub keywords: &'a Names,
    /// Every role, in id order.
    pub roles: &'a [String],
    /// Whether `[ai.review]` is configured (a rule may then ask for review).
    pub has_review: bool,
}

/// The scenario's names and validated categories `[ai]` refers to.
pub(crate) struct AiRefs<'a> {
    pub keywords: &'a Names,
    pub roles: &'a [String],
    pub tiers: &'a Names,
    pub categories: &'a Names,
    /// The validated categories (`None` when they have errors of their own).
    pub typed_categories: Option<&'a [Category]>,
}

/// The run's clock and horizon, when valid (peaks and bursts are placed with them).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeline<'a> {
    pub clock: &'a Clock,
    pub horizon_ms: SimTime,
}
