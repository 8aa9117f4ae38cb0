//! What-if sweeps: one axis at a time (volume, handle time, headcount, AI accuracy;
//! [`axis`]) moved away from the scenario as it is, every candidate run at every
//! point with the scenario's seeds, and each point compared with the base point
//! replication by replication (common random numbers: the same seeds give the same
//! tickets wherever the axis does not change them, so paired differences are much
//! tighter than comparing separate runs). The sensitivity of a metric to an axis is
//! the paired difference at the axis's lowest and highest values (a tornado).

pub mod axis;

use crate::experiment::{self, ExperimentError, Options};
use crate::metrics::compare::{half_width, paired};
use crate::metrics::summary::{CandidateSummary, summarise_candidate};
use crate::model::Scenario;
use crate::tickets::TicketSource;
use axis::{Axis, Vary};

/// One point of a sweep: every candidate's summary there.
#[derive(Clone, Debug)]
pub struct Point {
    /// The axis moved (`None`: the base point, the scenario as it is).
    pub axis: Option<Axis>,
    /// Its value.
    pub value: f64,
    /// Per candidate, in the scenario's candidate order.
    pub candidates: Vec<CandidateSummary>,
}

/// A finished sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The scenario as it is.
    pub base: Point,
    /// The varied points, axis by axis in the order given, values in the order given.
    pub points: Vec<Point>,
}

/// A paired difference of one metric between a point and the base, for one candidate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Delta {
    /// Mean at the point.
    pub value: f64,
    /// Mean difference (point − base).
    pub mean: f64,
    /// Half-width of its 95 % interval (paired t over replications; NaN with one).
    pub half_width: f64,
}

/// One axis's sensitivity: the axis, then `(value, difference)` at its lowest and at
/// its highest value.
pub type Swing = (Axis, (f64, Delta), (f64, Delta));

/// Why a sweep could not run.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// An axis does not apply to the scenario.
    #[error("{0}")]
    Axis(String),
    /// A run failed.
    #[error("at {point}")]
    Run {
        /// Which point.
        point: String,
        /// Why.
        source: ExperimentError,
    },
}

/// Runs the base point and every value of every axis in `vary` (a value equal to the
/// axis's base is the base point and is not run twice).
pub fn run(
    scenario: &Scenario,
    vary: &[Vary],
    tickets: &TicketSource,
    options: &Options,
    on_job_done: &(dyn Fn() + Sync),
) -> Result<Sweep, SweepError> {
    // Every axis is checked before anything runs.
    let mut plans = Vec::new();
    for v in vary {
        for &x in &v.values {
            if x != v.axis.base(scenario) {
                let s = axis::apply(scenario, v.axis, x).map_err(SweepError::Axis)?;
                plans.push((v.axis, x, s));
            }
        }
    }
    let base = point(scenario, None, 1.0, tickets, options, on_job_done)?;
    let mut points = Vec::new();
    for v in vary {
        for &x in &v.values {
            if x == v.axis.base(scenario) {
                points.push(Point {
                    axis: Some(v.axis),
                    value: x,
                    candidates: base.candidates.clone(),
                });
                continue;
            }
            let Some(i) = plans.iter().position(|(a, y, _)| *a == v.axis && *y == x) else {
                continue;
            };
            let (_, _, s) = plans.swap_remove(i);
            points.push(point(&s, Some(v.axis), x, tickets, options, on_job_done)?);
        }
    }
    let base = Point {
        value: f64::NAN,
        ..base
    };
    Ok(Sweep { base, points })
}

/// How many runs a sweep takes: (distinct points) × candidates × replications.
pub fn job_count(scenario: &Scenario, vary: &[Vary]) -> usize {
    let varied: usize = vary
        .iter()
        .map(|v| {
            let mut seen: Vec<f64> = Vec::new();
            for &x in &v.values {
                if x != v.axis.base(scenario) && !seen.contains(&x) {
                    seen.push(x);
                }
            }
            seen.len()
        })
        .sum();
    (1 + varied) * experiment::job_count(scenario)
}

fn point(
    scenario: &Scenario,
    axis: Option<Axis>,
    value: f64,
    tickets: &TicketSource,
    options: &Options,
    on_job_done: &(dyn Fn() + Sync),
) -> Result<Point, SweepError> {
    let name = match axis {
        None => "the base point".to_string(),
        Some(a) => format!("{} {}", a.name(), a.show(value)),
    };
    let runs = experiment::run_all(
        scenario,
        options,
        |rep| tickets.tickets(scenario, rep),
        on_job_done,
    )
    .map_err(|source| SweepError::Run {
        point: name,
        source,
    })?;
    let candidates = scenario
        .candidates()
        .into_iter()
        .zip(&runs)
        .map(|(c, r)| {
            summarise_candidate(
                scenario,
                r.name.clone(),
                scenario.policies[c.policy].name.clone(),
                scenario.staffing_models[c.staffing].name.clone(),
                &r.runs,
            )
        })
        .collect();
    Ok(Point {
        axis,
        value,
        candidates,
    })
}

impl Sweep {
    /// Metric `metric` of candidate `c` at `point` against the base point; `None` when
    /// the metric is missing.
    pub fn delta(&self, point: &Point, c: usize, metric: &str) -> Option<Delta> {
        let b = self.base.candidates.get(c)?.metric(metric)?;
        let p = point.candidates.get(c)?.metric(metric)?;
        let e = paired(&b.per_replication, &p.per_replication);
        Some(Delta {
            value: p.mean,
            mean: e.mean,
            half_width: half_width(&e, 0.95),
        })
    }

    /// The sensitivity of `metric` for candidate `c` to each axis: the paired
    /// difference at its lowest and at its highest value, axes in the order given.
    pub fn tornado(&self, c: usize, metric: &str) -> Vec<Swing> {
        let mut axes: Vec<Axis> = Vec::new();
        for p in &self.points {
            if let Some(a) = p.axis
                && !axes.contains(&a)
            {
                axes.push(a);
            }
        }
        axes.into_iter()
            .filter_map(|a| {
                let pts: Vec<&Point> = self.points.iter().filter(|p| p.axis == Some(a)).collect();
                let lo = pts.iter().min_by(|x, y| x.value.total_cmp(&y.value))?;
                let hi = pts.iter().max_by(|x, y| x.value.total_cmp(&y.value))?;
                Some((
                    a,
                    (lo.value, self.delta(lo, c, metric)?),
                    (hi.value, self.delta(hi, c, metric)?),
                ))
            })
            .collect()
    }
}
