//! The ticket mix: customer segments (`[segments.<name>]`) and ticket categories
//! (`[categories.<name>]`).

use super::{Dist, Retrial, TierId};

/// A customer segment.
#[derive(Clone, Debug)]
pub struct Segment {
    /// Name (e.g. `enterprise`).
    pub name: String,
    /// Share of tickets from this segment (shares sum to 1).
    pub share: f64,
    /// Account value, currency units.
    pub account_value: Dist,
    /// Customer patience before abandoning an unanswered ticket, minutes; `None` means
    /// customers wait indefinitely.
    pub patience_minutes: Option<Dist>,
    /// Whether and when customers who abandoned contact again; `None`: they never do.
    pub retrial: Option<Retrial>,
}

/// Sentiment of a ticket's customer on `[-1, 1]` (-1 furious, +1 delighted): a normal
/// distribution clamped to that range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SentimentDist {
    /// Mean before clamping.
    pub mean: f64,
    /// Standard deviation before clamping (>= 0).
    pub sd: f64,
}

/// A ticket category.
#[derive(Clone, Debug)]
pub struct Category {
    /// Name (e.g. `billing`).
    pub name: String,
    /// Share of tickets in this category (shares sum to 1).
    pub share: f64,
    /// Distribution of the tier the ticket needs: `(tier, probability)`, probabilities
    /// summing to 1.
    pub needs: Vec<(TierId, f64)>,
    /// Keywords typical of the category (used by keyword triggers and AI scoring).
    pub keywords: Vec<String>,
    /// The same keywords as a mask over [`Scenario::keywords`].
    pub keyword_mask: u64,
    /// Order value of the ticket's order, currency units (`None`: no order, 0).
    pub order_value: Option<Dist>,
    /// Customer sentiment.
    pub sentiment: SentimentDist,
    /// Severity shares for this category, overriding [`Scenario::severity_shares`].
    pub severity_shares: Option<[f64; 4]>,
}
