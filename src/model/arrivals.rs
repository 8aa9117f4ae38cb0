//! The arrival process (`[arrivals]`): base rate, daily and weekly profiles, peak
//! seasons and incident bursts.

use super::{CategoryId, Dist, SimTime};

/// The arrival process: a non-homogeneous Poisson process whose rate at time `t` is
/// `base_per_hour × hour_of_day[h] × day_of_week[d] × peak(t) × daily_factor(day)`
/// plus the extra rate of every active burst.
#[derive(Clone, Debug)]
pub struct Arrivals {
    /// Base rate, tickets per hour, when every multiplier is 1.
    pub base_per_hour: f64,
    /// Multipliers by hour of day (0 = 00:00–01:00), each >= 0.
    pub hour_of_day: [f64; 24],
    /// Multipliers by weekday (0 = Monday), each >= 0.
    pub day_of_week: [f64; 7],
    /// Peak seasons: the rate is multiplied inside their windows.
    pub peaks: Vec<Peak>,
    /// Incident bursts: extra arrivals with their own mix.
    pub bursts: Vec<Burst>,
    /// Coefficient of variation of a gamma-distributed day-to-day rate factor (mean 1);
    /// `None` for none.
    pub daily_overdispersion_cv: Option<f64>,
}

/// A peak season.
#[derive(Clone, Debug, PartialEq)]
pub struct Peak {
    /// Name, for reports and charts.
    pub name: String,
    /// Window start, simulation ms.
    pub start: SimTime,
    /// Window end (exclusive), simulation ms.
    pub end: SimTime,
    /// Rate multiplier inside the window (> 0).
    pub multiplier: f64,
}

/// An incident burst: many similar tickets at once. An outage burst is a fault: its
/// tickets are linked to it and cannot be resolved before its fix lands, at the
/// burst's end (complaints arrive until the fix).
#[derive(Clone, Debug)]
pub struct Burst {
    /// Name, for reports and charts.
    pub name: String,
    /// Start, simulation ms.
    pub start: SimTime,
    /// End (exclusive), simulation ms: the fix of an outage. With a drawn fix time
    /// ([`Burst::fix_minutes`]) this is the nominal end, start + the mean fix time; each
    /// replication draws its own (`crate::tickets::outages`).
    pub end: SimTime,
    /// The burst is an outage: its tickets wait for its fix before they resolve.
    pub outage: bool,
    /// Time from the start to the fix, minutes, drawn once per replication; `None`: the
    /// fix lands at [`Burst::end`].
    pub fix_minutes: Option<Dist>,
    /// Extra arrivals per hour during the burst.
    pub extra_per_hour: f64,
    /// Category mix of the burst's tickets (`(category, share)`, summing to 1); `None`
    /// uses the scenario's mix.
    pub categories: Option<Vec<(CategoryId, f64)>>,
    /// Severity shares of the burst's tickets; `None` uses the category's shares.
    pub severity_shares: Option<[f64; 4]>,
}
