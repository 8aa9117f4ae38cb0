//! A calibration that can fail: the organisation modelled in **people**, its work
//! content estimated on one window of the log and a later window predicted.
//!
//! - **Staffing**: each tier's people at work per block of the week as the log shows
//!   them ([`Headcount`]: distinct assignees holding the tier's tickets per hour,
//!   averaged over the window's weeks), or a roster the user names.
//! - **Routing, arrivals and customer behaviour** are the log's: every ticket follows
//!   its recorded path, arrives when it arrived, and waits on the customer or a third
//!   party as long as the log's pending statuses say (the agent is free meanwhile).
//! - **Work content** is what is estimated. A stay's recorded *active* time (not
//!   pending) is queue wait plus work plus the time its assignee spent on other
//!   tickets, so it is not the work. Each tier's work per visit is modelled as
//!   `k_t × X` with `X` drawn per ticket and stay from a lognormal with the mean and
//!   coefficient of variation of the tier's recorded active times in the fitting window,
//!   and `k_t` (work / active) found by bisection so that the simulated mean active time
//!   per visit (queue waits plus work) equals the recorded one on the fitting window.
//!   With too few people no `k_t` gets there (queues alone exceed the recorded times);
//!   that is reported as a failed fit.
//! - **Prediction**: the fitted work content, the held-out window's own as-logged
//!   staffing and its tickets; the fitting window's tickets run before it as backlog,
//!   unmeasured. Compared on the held-out tickets: resolved tickets, TTR mean and
//!   quantiles (per ticket, over those the log resolves), mean active time per visit
//!   per tier, and the SLA-met rate; outside the tolerance the calibration fails.
//!
//! Nothing here is true by construction: the held-out tickets' recorded times are
//! never used (their work is drawn), so a wrong tier mapping, wrong headcounts or a
//! log whose elapsed times capacity does not explain show up as differences.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use super::{Row, quantile, relative};
use crate::engine::{self, EngineError};
use crate::model::time::{DAY_MS, HOUR_MS};
use crate::model::{
    Discipline, Dist, PolicyKind, PolicySpec, Scenario, SimTime, Staffing, StaffingModel,
};
use crate::policy;
use crate::tickets::Ticket;
use crate::tickets::replay::headcount::Headcount;

/// Draw purpose of a stay's work in calibration (outside the engine's purposes).
const DRAW_CALIBRATION_WORK: u64 = 40;

/// Bisection steps on each tier's work factor (in log space over `[1e-4, 1]`: a
/// factor to within 0.06 %).
const STEPS: usize = 24;

/// What is compared and how.
#[derive(Clone, Debug)]
pub struct Options {
    /// Share of the window's days held out for the prediction (the last ones).
    pub holdout: f64,
    /// Relative tolerance of the fit and the prediction (absolute for rates).
    pub tolerance: f64,
    /// Length of the as-logged staffing's blocks, hours (a divisor of 24).
    pub block_hours: usize,
    /// A roster to use instead of the as-logged headcount.
    pub roster: Option<StaffingModel>,
}

/// One tier's fit.
#[derive(Clone, Debug, PartialEq)]
pub struct TierFit {
    /// Tier name.
    pub name: String,
    /// Distinct people the log shows at the tier (0 under a roster).
    pub people: u32,
    /// Mean people on duty over the week, fitting window.
    pub on_duty_fit: f64,
    /// The same, held-out window.
    pub on_duty_holdout: f64,
    /// Visits in the fitting window.
    pub visits: u64,
    /// Recorded means per visit in the fitting window, hours: queue wait (until a
    /// person is assigned), active time (queue included), pending time.
    pub queue_h: f64,
    /// See `queue_h`.
    pub active_h: f64,
    /// See `queue_h`.
    pub pending_h: f64,
    /// Fitted mean work per visit, hours.
    pub work_h: f64,
    /// Work / active time (`k`).
    pub factor: f64,
    /// Simulated mean active time per visit at the fit, hours.
    pub fitted_active_h: f64,
    /// Simulated busy share of the people on duty, fitting window.
    pub utilisation: f64,
    /// Whether the fit reaches the recorded active time within the tolerance.
    pub fitted: bool,
    /// The people are at least [`SATURATED`] busy at the fit: the recorded time is
    /// matched by a queue that never empties, not by work, so the fit fails.
    pub saturated: bool,
}

/// A fit whose people are at least this busy matches the log with a queue that never
/// empties: no estimate of work content.
pub const SATURATED: f64 = 0.95;

/// The result.
#[derive(Clone, Debug, PartialEq)]
pub struct PeopleCalibration {
    /// Fitting window `[from, to)`, simulation ms.
    pub fit: (SimTime, SimTime),
    /// Held-out window.
    pub holdout: (SimTime, SimTime),
    /// Tickets arriving in each window.
    pub fit_tickets: u64,
    /// Tickets left out: they arrived in sparse weeks before or after the windows.
    pub outside: u64,
    /// See `fit_tickets`.
    pub holdout_tickets: u64,
    /// Per tier.
    pub tiers: Vec<TierFit>,
    /// Held-out comparison.
    pub rows: Vec<Row>,
}

impl PeopleCalibration {
    /// Whether every tier fitted and every held-out figure is within the tolerance.
    pub fn holds(&self) -> bool {
        self.tiers
            .iter()
            .all(|t| t.visits == 0 || (t.fitted && !t.saturated))
            && self.rows.iter().all(|r| r.within)
    }
}

/// Why the calibration could not run.
#[derive(Debug, thiserror::Error)]
pub enum PeopleError {
    /// No replayed ticket with a recorded path arrives inside the run window.
    #[error("no replayed ticket with a recorded path arrives inside the run window")]
    NoTickets,
    /// A window is too short.
    #[error(
        "the log's dense window spans {days} day(s), split into {fit} for fitting and {held} held out; with the headcount as logged each needs at least {MIN_WINDOW_DAYS} whole days, so that every block of the week's staffing is seen (give a longer log, another --holdout, or a --roster)"
    )]
    TooShort {
        /// Days spanned.
        days: i64,
        /// Days in the fitting window.
        fit: i64,
        /// Days held out.
        held: i64,
    },
    /// A simulation failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// The fewest whole days in each window when the staffing is the headcount as
/// logged: a week, so every block of the weekly staffing is seen at least once.
pub const MIN_WINDOW_DAYS: i64 = 7;

/// Per tier: the sum of active ms and the number of visits.
type Active = Vec<(f64, u64)>;

/// Calibrates `tickets` (sorted by arrival, with recorded paths) on people.
pub fn calibrate_people(
    scenario: &Scenario,
    tickets: &[Ticket],
    headcount: Option<&Headcount>,
    opts: &Options,
) -> Result<PeopleCalibration, PeopleError> {
    let n = scenario.tiers.len();
    let tickets: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| t.recorded.is_some() && t.arrival < scenario.run.horizon_ms)
        .collect();
    let (w0, w1) = dense_window(&tickets).ok_or(PeopleError::NoTickets)?;
    let outside = tickets.len();
    let tickets: Vec<&Ticket> = tickets
        .into_iter()
        .filter(|t| t.arrival >= w0 && t.arrival < w1)
        .collect();
    let outside = (outside - tickets.len()) as u64;
    let days = (w1 - w0) / DAY_MS;
    let fit_days = ((1.0 - opts.holdout) * days as f64).round() as i64;
    let least = if opts.roster.is_some() {
        1
    } else {
        MIN_WINDOW_DAYS
    };
    if fit_days < least || days - fit_days < least {
        return Err(PeopleError::TooShort {
            days,
            fit: fit_days.max(0),
            held: (days - fit_days).max(0),
        });
    }
    let split = w0 + fit_days * DAY_MS;

    let staffing = |from, to| -> StaffingModel {
        match (&opts.roster, headcount) {
            (Some(r), _) => r.clone(),
            (None, Some(h)) => StaffingModel {
                name: "as-logged".into(),
                overrides: h
                    .weekly(&scenario.clock, n, from, to, opts.block_hours)
                    .into_iter()
                    .map(Some)
                    .collect(),
            },
            (None, None) => StaffingModel {
                name: "scenario".into(),
                overrides: vec![None; n],
            },
        }
    };
    let fit_staff = staffing(w0, split);
    let hold_staff = staffing(split, w1);

    // Recorded active time per visit and its spread, fitting window.
    let in_fit = |t: &Ticket| t.arrival < split;
    let mut rec = vec![(0.0f64, 0.0f64, 0u64, 0.0f64, 0.0f64); n]; // sum, sum², n, queue, pending
    for t in tickets.iter().filter(|t| in_fit(t)) {
        for s in steps(t) {
            let r = &mut rec[s.tier.index()];
            let a = s.active_ms() as f64;
            r.0 += a;
            r.1 += a * a;
            r.2 += 1;
            r.3 += s.queue_ms as f64;
            r.4 += s.pending_ms as f64;
        }
    }
    let dists: Vec<Option<Dist>> = rec
        .iter()
        .map(|&(s, s2, c, _, _)| {
            if c == 0 || s <= 0.0 {
                return None;
            }
            let mean = s / c as f64;
            let var = if c > 1 {
                ((s2 - s * s / c as f64) / (c - 1) as f64).max(0.0)
            } else {
                0.0
            };
            let cv = var.sqrt() / mean;
            if cv > 0.0 {
                Dist::lognormal_mean_cv(mean, cv).ok()
            } else {
                Dist::constant(mean).ok()
            }
        })
        .collect();
    // Each ticket's base draws, one per stay (independent of the factors).
    let base: Vec<Vec<f64>> = tickets
        .iter()
        .map(|t| {
            steps(t)
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    dists[s.tier.index()].as_ref().map_or(0.0, |d| {
                        let key = crate::seed::draw_key(
                            t.noise_key,
                            DRAW_CALIBRATION_WORK,
                            i as u64 & 0xFFFF_FFFF,
                        );
                        d.sample(&mut ChaCha8Rng::seed_from_u64(key)).max(0.0)
                    })
                })
                .collect()
        })
        .collect();

    let mut sc = scenario.clone();
    sc.run.warmup_ms = 0;
    sc.policies = vec![PolicySpec::new(
        "recorded",
        PolicyKind::Recorded,
        Discipline::Fifo,
    )];
    let fit_set: Vec<usize> = (0..tickets.len()).filter(|&i| in_fit(tickets[i])).collect();
    let target: Vec<f64> = rec
        .iter()
        .map(|r| if r.2 > 0 { r.0 / r.2 as f64 } else { 0.0 })
        .collect();

    // Bisection of every tier's factor at once (tiers interact only through the times
    // tickets reach them).
    let (mut lo, mut hi) = (vec![1e-4f64.ln(); n], vec![0.0f64; n]);
    let mut k: Vec<f64> = (0..n).map(|i| ((lo[i] + hi[i]) / 2.0).exp()).collect();
    for _ in 0..STEPS {
        let sim = simulate(&sc, &fit_staff, &tickets, &base, &fit_set, &k, i64::MIN);
        for t in 0..n {
            let f = match &sim {
                Ok((_, active)) => mean_h(active[t]),
                Err(_) => f64::INFINITY,
            };
            if f > target[t] / HOUR_MS as f64 {
                hi[t] = k[t].ln();
            } else {
                lo[t] = k[t].ln();
            }
            k[t] = ((lo[t] + hi[t]) / 2.0).exp();
        }
    }
    let (fit_m, fit_active) = simulate(&sc, &fit_staff, &tickets, &base, &fit_set, &k, i64::MIN)?;

    let on_duty = |m: &StaffingModel, t: usize| {
        let s: &Staffing = m.staffing_for(scenario, crate::model::TierId(t as u16));
        s.agent_ms_per_week() / crate::model::time::WEEK_MS as f64
    };
    let mut tiers = Vec::with_capacity(n);
    for t in 0..n {
        let (s, _, c, q, p) = rec[t];
        let per = |x: f64| {
            if c > 0 {
                x / c as f64 / HOUR_MS as f64
            } else {
                0.0
            }
        };
        let active_h = per(s);
        let work_h = k[t] * dists[t].as_ref().map_or(0.0, Dist::mean) / HOUR_MS as f64;
        let fitted_active_h = mean_h(fit_active[t]);
        let busy = busy_share(&fit_m, t, w0, split);
        tiers.push(TierFit {
            name: scenario.tiers[t].name.clone(),
            people: headcount
                .filter(|_| opts.roster.is_none())
                .and_then(|h| h.people.get(t).copied())
                .unwrap_or(0),
            on_duty_fit: on_duty(&fit_staff, t),
            on_duty_holdout: on_duty(&hold_staff, t),
            visits: c,
            queue_h: per(q),
            active_h,
            pending_h: per(p),
            work_h,
            factor: k[t],
            fitted_active_h,
            utilisation: busy,
            saturated: c > 0 && busy >= SATURATED,
            fitted: c == 0 || relative(fitted_active_h, active_h) <= opts.tolerance,
        });
    }

    // The prediction: every ticket, the held-out ones measured.
    let all: Vec<usize> = (0..tickets.len()).collect();
    let (hold_m, hold_active, resolved_at) =
        simulate_traced(&sc, &hold_staff, &tickets, &base, &all, &k, split)?;
    let held: Vec<&Ticket> = tickets
        .iter()
        .copied()
        .filter(|t| t.arrival >= split)
        .collect();
    let mut rows = Vec::new();
    let mut rel = |name: String, simulated: f64, recorded: f64| {
        rows.push(Row::relative(name, simulated, recorded, opts.tolerance));
    };
    let h = |ms: SimTime| ms as f64 / HOUR_MS as f64;
    let (mut rec_ttr, mut sim_ttr) = (Vec::new(), Vec::new());
    let (mut met, mut flagged) = (0u64, 0u64);
    let mut rec_active: Active = vec![(0.0, 0); n];
    for t in &held {
        let Some(r) = &t.recorded else { continue };
        if let Some(ttr) = r.resolution_ms
            && t.arrival + ttr < sc.run.horizon_ms
        {
            rec_ttr.push(h(ttr));
            if let Some(&at) = resolved_at.get(&t.id) {
                sim_ttr.push(h(at - t.arrival));
            }
        }
        for s in &r.steps {
            let a = &mut rec_active[s.tier.index()];
            a.0 += s.active_ms() as f64;
            a.1 += 1;
        }
        if let Some(ok) = r.sla_met {
            flagged += 1;
            met += u64::from(ok);
        }
    }
    rec_ttr.sort_by(f64::total_cmp);
    sim_ttr.sort_by(f64::total_cmp);
    rel(
        "resolved tickets".into(),
        sim_ttr.len() as f64,
        rec_ttr.len() as f64,
    );
    let mean = |v: &[f64]| {
        if v.is_empty() {
            f64::NAN
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    rel("TTR mean h".into(), mean(&sim_ttr), mean(&rec_ttr));
    for (name, q) in [("TTR p50 h", 0.5), ("TTR p90 h", 0.9)] {
        rel(name.into(), quantile(&sim_ttr, q), quantile(&rec_ttr, q));
    }
    for (t, tier) in sc.tiers.iter().enumerate() {
        if rec_active[t].1 > 0 {
            rel(
                format!("active h/visit {}", tier.name),
                mean_h(hold_active[t]),
                mean_h(rec_active[t]),
            );
        }
    }
    if flagged > 0 {
        // Simulated: resolved within the scenario's target over every held-out ticket
        // (calendars and pauses as the engine applies them).
        let sim = 1.0 - hold_m.resolution.overall_rate();
        let recd = met as f64 / flagged as f64;
        rows.push(Row::rate(
            "SLA met (rate)".into(),
            sim,
            recd,
            opts.tolerance,
        ));
    }
    Ok(PeopleCalibration {
        fit: (w0, split),
        holdout: (split, w1),
        fit_tickets: fit_set.len() as u64,
        outside,
        holdout_tickets: held.len() as u64,
        tiers,
        rows,
    })
}

/// The whole days from the first arrival's to the last arrival's, without leading and
/// trailing sparse weeks (weeks, counted from the first day, with under a quarter of
/// the mean weekly arrivals): a log's head and tail, where few tickets are opened and
/// few people are seen, would otherwise be fitted and predicted as the organisation's
/// normal weeks. `None` without tickets.
fn dense_window(tickets: &[&Ticket]) -> Option<(SimTime, SimTime)> {
    let first = tickets.first()?.arrival.div_euclid(DAY_MS) * DAY_MS;
    let last = (tickets.last()?.arrival.div_euclid(DAY_MS) + 1) * DAY_MS;
    let week = 7 * DAY_MS;
    let n_weeks = ((last - first + week - 1) / week) as usize;
    let mut counts = vec![0u64; n_weeks];
    for t in tickets {
        counts[((t.arrival - first) / week) as usize] += 1;
    }
    let threshold = tickets.len() as f64 / n_weeks as f64 / 4.0;
    let dense = |c: &u64| *c as f64 >= threshold;
    let a = counts.iter().position(dense)?;
    let b = counts.iter().rposition(dense)?;
    let from = first + a as SimTime * week;
    let to = (first + (b as SimTime + 1) * week).min(last);
    Some((from, to))
}

/// Tier `t`'s busy agent-time over its agent-time on duty in `[from, to)` (the run's
/// series bins that start inside it), so the empty tail after the last arrival does
/// not dilute it.
fn busy_share(m: &crate::metrics::RunMetrics, t: usize, from: SimTime, to: SimTime) -> f64 {
    let s = &m.tiers[t].series;
    let bin = m.series_bin_ms.max(1);
    let (mut busy, mut on) = (0.0, 0.0);
    for (i, (b, a)) in s.busy_agents.iter().zip(&s.agents).enumerate() {
        let start = i as SimTime * bin;
        if start >= from && start < to && b.is_finite() && a.is_finite() {
            busy += b;
            on += a;
        }
    }
    if on > 0.0 { busy / on } else { f64::NAN }
}

fn steps(t: &Ticket) -> &[crate::tickets::RecordedStep] {
    t.recorded.as_ref().map_or(&[], |r| r.steps.as_slice())
}

fn mean_h((sum, n): (f64, u64)) -> f64 {
    if n == 0 {
        0.0
    } else {
        sum / n as f64 / HOUR_MS as f64
    }
}

/// Ticket `i` with work `k_t × base[i][stay]` at each stay (pending time kept, split
/// around it as recorded) and no hand-off delays.
fn with_work(t: &Ticket, base: &[f64], k: &[f64]) -> Ticket {
    let mut t = t.clone();
    t.work.handoff_ms = [0; crate::model::MAX_TIERS];
    if let Some(r) = &t.recorded {
        let mut r = (**r).clone();
        for (s, &x) in r.steps.iter_mut().zip(base) {
            let work = (k[s.tier.index()] * x).round().max(0.0) as SimTime;
            let active = s.active_ms();
            let lead = if active > 0 {
                (work as f64 * s.lead_ms as f64 / active as f64).round() as SimTime
            } else {
                work
            };
            s.ms = work + s.pending_ms;
            s.lead_ms = lead.min(work);
        }
        t.recorded = Some(std::sync::Arc::new(r));
    }
    t
}

type Simulated = (crate::metrics::RunMetrics, Active);

fn simulate(
    sc: &Scenario,
    staffing: &StaffingModel,
    tickets: &[&Ticket],
    base: &[Vec<f64>],
    set: &[usize],
    k: &[f64],
    measured_from: SimTime,
) -> Result<Simulated, EngineError> {
    simulate_traced(sc, staffing, tickets, base, set, k, measured_from).map(|(m, a, _)| (m, a))
}

/// Runs the tickets `set` with factors `k`; returns the metrics, each tier's simulated
/// active time per visit (queue waits and work, pending waits excluded) over the
/// tickets arriving at or after `measured_from`, and each ticket's first resolution.
fn simulate_traced(
    sc: &Scenario,
    staffing: &StaffingModel,
    tickets: &[&Ticket],
    base: &[Vec<f64>],
    set: &[usize],
    k: &[f64],
    measured_from: SimTime,
) -> Result<(crate::metrics::RunMetrics, Active, HashMap<u64, SimTime>), EngineError> {
    let mut sc = sc.clone();
    sc.staffing_models = vec![staffing.clone()];
    sc.run.warmup_ms = measured_from.max(0);
    let mut pol = policy::build(&sc, &sc.policies[0], 0);
    let (m, trace) = engine::run_traced(
        &sc,
        &sc.staffing_models[0],
        pol.as_mut(),
        set.iter().map(|&i| with_work(tickets[i], &base[i], k)),
    )?;
    let measured: HashMap<u64, bool> = set
        .iter()
        .map(|&i| (tickets[i].id, tickets[i].arrival >= measured_from))
        .collect();
    let n = sc.tiers.len();
    let mut active: Active = vec![(0.0, 0); n];
    let mut resolved_at = HashMap::new();
    // Per ticket: (tier, since, wait started, waited).
    let mut state: HashMap<u64, (usize, SimTime, SimTime, SimTime)> = HashMap::new();
    for row in &trace {
        if !measured.get(&row.ticket).copied().unwrap_or(false) {
            continue;
        }
        let mut close = |s: &(usize, SimTime, SimTime, SimTime)| {
            if let Some(a) = active.get_mut(s.0) {
                a.0 += (row.time - s.1 - s.3) as f64;
                a.1 += 1;
            }
        };
        match row.event {
            "arrive" | "bypass" | "reopen" | "escalate" | "send back" => {
                if let Some(s) = state.get(&row.ticket)
                    && row.event != "arrive"
                    && row.event != "bypass"
                {
                    close(s);
                }
                if let Some(tier) = row.tier {
                    state.insert(row.ticket, (usize::from(tier), row.time, 0, 0));
                }
            }
            "wait" => {
                if let Some(s) = state.get_mut(&row.ticket) {
                    s.2 = row.time;
                }
            }
            "reply" => {
                if let Some(s) = state.get_mut(&row.ticket) {
                    s.3 += row.time - s.2;
                }
            }
            "resolve" => {
                if let Some(s) = state.remove(&row.ticket) {
                    close(&s);
                }
                resolved_at.entry(row.ticket).or_insert(row.time);
            }
            _ => {}
        }
    }
    Ok((m, active, resolved_at))
}
