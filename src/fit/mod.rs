//! Learning from history (`escalsim fit`): estimate a scenario's inputs from a
//! replayed log, and a "historical pattern" recommender of the resolving tier.
//!
//! ```text
//! replayed tickets ─► Obs (arrival, severity, category, recorded tier path)
//!   ├─ arrivals::estimate    per_hour, hour_of_day[24], day_of_week[7]
//!   ├─ sojourn::estimate     lognormal (mean, cv) per tier and per tier × category
//!   ├─ transfers::*          tier → next tier | resolved; resolving tier per category
//!   │                        and priority; `needs` per category
//!   └─ recommend::evaluate   train on the chronologically first (1 − holdout),
//!                            accuracy / baseline / confusion on the rest
//! ```
//!
//! Everything but the recommender is estimated on the whole log; the recommender is
//! trained on the first part and evaluated on the rest, so its accuracy is honest.
//! Pure maths: no I/O, no TOML ([`fragment`] decides the tables of the fragment and
//! [`crate::scenario::write`] writes them). Output containers are `Vec`s indexed by tier,
//! category and severity, or `BTreeMap`s, so results are deterministic.

pub mod arrivals;
pub mod fragment;
pub mod groups;
pub mod recommend;
pub mod shares;
pub mod sojourn;
pub mod summary;
pub mod transfers;

use crate::model::{CategoryId, Scenario, Severity, SimTime, TierId};
use crate::tickets::Ticket;

/// Why fitting is impossible.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// `--holdout` outside (0, 1).
    #[error("holdout: must be a fraction between 0 and 1 (exclusive), got {0}; e.g. --holdout 0.3")]
    Holdout(f64),
    /// No ticket in the run window.
    #[error(
        "no replayed ticket inside the run window; check [run] start and horizon_days against the log's dates"
    )]
    NoTickets,
    /// No ticket has a recorded path.
    #[error(
        "no replayed ticket has a recorded path (tiers visited and their times); fitting needs an event log or a `path` column (see docs/replay.md)"
    )]
    NoPaths,
    /// The split leaves one side empty.
    #[error(
        "holdout {holdout}: {tickets} ticket(s) with a recorded path leave an empty training or test part; use more data or another --holdout"
    )]
    Split {
        /// The holdout fraction.
        holdout: f64,
        /// Tickets with a recorded path.
        tickets: usize,
    },
}

/// One replayed ticket as fitting sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Obs {
    /// Arrival, simulation ms.
    pub arrival_ms: SimTime,
    /// Severity (priority).
    pub severity: Severity,
    /// Category.
    pub category: CategoryId,
    /// Recorded stays in order: tier and sojourn in ms (empty when not recorded).
    pub path: Vec<(TierId, SimTime)>,
}

impl Obs {
    /// The fitting view of a replayed ticket.
    pub fn from_ticket(t: &Ticket) -> Obs {
        Obs {
            arrival_ms: t.arrival,
            severity: t.severity,
            category: t.category,
            path: t
                .recorded
                .as_ref()
                .map(|r| r.steps.iter().map(|s| (s.tier, s.ms)).collect())
                .unwrap_or_default(),
        }
    }

    /// The tier of the last recorded stay (where the ticket was resolved).
    pub fn resolving_tier(&self) -> Option<TierId> {
        self.path.last().map(|&(t, _)| t)
    }
}

/// Everything `fit` estimates.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Tickets in the run window.
    pub tickets: u64,
    /// Of those, tickets with a recorded path.
    pub with_path: u64,
    /// Tickets per severity, most urgent first.
    pub severity_counts: [u64; 4],
    /// Tickets per category, in scenario order.
    pub category_counts: Vec<u64>,
    /// The arrival profile.
    pub arrivals: arrivals::ArrivalProfile,
    /// Sojourn distributions.
    pub sojourns: sojourn::Sojourns,
    /// Transfers between tiers.
    pub transfers: transfers::Transfers,
    /// Transfers between visits (consecutive same-tier stays merged).
    pub visit_transfers: transfers::Transfers,
    /// Tickets that come back to a tier they left.
    pub revisiting: u64,
    /// Resolving tiers per category and priority.
    pub resolving: transfers::Resolving,
    /// The recommender's held-out evaluation.
    pub evaluation: recommend::Evaluation,
    /// Peak concurrently open tickets per tier (the log's demonstrated capacity).
    pub peak_agents: Vec<u32>,
}

/// Fits `tickets` (replayed, in arrival order) for `scenario`; the recommender is
/// evaluated on the last `holdout` fraction of the tickets with a recorded path.
pub fn fit(scenario: &Scenario, tickets: &[Ticket], holdout: f64) -> Result<Fit, FitError> {
    if !(holdout > 0.0 && holdout < 1.0) {
        return Err(FitError::Holdout(holdout));
    }
    if tickets.is_empty() {
        return Err(FitError::NoTickets);
    }
    let obs: Vec<Obs> = tickets.iter().map(Obs::from_ticket).collect();
    let n_tiers = scenario.tiers.len();
    let n_cats = scenario.categories.len();
    let paths: Vec<Obs> = obs.iter().filter(|o| !o.path.is_empty()).cloned().collect();
    if paths.is_empty() {
        return Err(FitError::NoPaths);
    }
    let mut severity_counts = [0u64; 4];
    let mut category_counts = vec![0u64; n_cats];
    for o in &obs {
        severity_counts[o.severity.index()] += 1;
        if let Some(c) = category_counts.get_mut(o.category.index()) {
            *c += 1;
        }
    }
    let times: Vec<SimTime> = obs.iter().map(|o| o.arrival_ms).collect();
    let arrivals = arrivals::estimate(&scenario.clock, &times).ok_or(FitError::NoTickets)?;
    let evaluation = recommend::evaluate(n_tiers, &paths, holdout, recommend::MIN_SUPPORT).ok_or(
        FitError::Split {
            holdout,
            tickets: paths.len(),
        },
    )?;
    Ok(Fit {
        tickets: obs.len() as u64,
        with_path: paths.len() as u64,
        severity_counts,
        category_counts,
        arrivals,
        sojourns: sojourn::estimate(n_tiers, n_cats, &paths),
        transfers: transfers::transfers(n_tiers, &paths),
        visit_transfers: transfers::visit_transfers(n_tiers, &paths),
        revisiting: transfers::revisiting(&paths),
        resolving: transfers::resolving(n_tiers, n_cats, &paths),
        evaluation,
        peak_agents: crate::calibrate::peak_concurrency(n_tiers, tickets),
    })
}
