//! Experiments: every candidate × replication of a scenario, run in parallel.
//!
//! This is the only place that uses threads (rayon). Jobs are numbered candidate-major
//! (`job = candidate × replications + replication`), run on a pool of the requested
//! size, collected in job order and merged sequentially, so the result is identical at
//! any thread count. Each job regenerates its replication's ticket stream from the
//! seed, so every candidate in a replication sees the same tickets (common random
//! numbers) and memory stays bounded by the tickets open at once.
//!
//! [`trace`] reruns replication [`TRACE_REPLICATION`] of every candidate with the
//! decision trace on (one job per candidate, collected in candidate order).

use rayon::prelude::*;

use crate::engine::{self, EngineError, TraceRow};
use crate::metrics::RunMetrics;
use crate::metrics::summary::{RunInfo, Summary, Window, summarise_candidate};
use crate::model::Scenario;
use crate::model::time::HOUR_MS;
use crate::policy;
use crate::tickets::Ticket;

/// How to run an experiment.
#[derive(Clone, Debug)]
pub struct Options {
    /// Worker threads (>= 1).
    pub threads: usize,
}

/// Why an experiment failed.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    /// A run failed.
    #[error("candidate \"{candidate}\", replication {replication}")]
    Run {
        /// Candidate name.
        candidate: String,
        /// Replication index.
        replication: u32,
        /// What went wrong.
        source: EngineError,
    },
    /// The thread pool could not be built.
    #[error("cannot start {threads} worker threads: {message}")]
    Pool {
        /// Requested threads.
        threads: usize,
        /// Why.
        message: String,
    },
}

/// One candidate's runs, in replication order.
#[derive(Clone, Debug)]
pub struct CandidateRuns {
    /// Display name.
    pub name: String,
    /// Runs, by replication.
    pub runs: Vec<RunMetrics>,
}

/// Runs every candidate × replication of `scenario` and returns the runs per candidate.
/// `tickets(replication)` gives the replication's ticket stream; `on_job_done` is called
/// after each job (from worker threads, in any order) for progress display.
pub fn run_all<I, F>(
    scenario: &Scenario,
    options: &Options,
    tickets: F,
    on_job_done: &(dyn Fn() + Sync),
) -> Result<Vec<CandidateRuns>, ExperimentError>
where
    I: Iterator<Item = Ticket>,
    F: Fn(u32) -> I + Sync,
{
    let all: Vec<usize> = (0..job_count(scenario)).collect();
    let runs = run_jobs(scenario, options, &all, tickets, on_job_done)?;
    Ok(group_runs(scenario, runs))
}

/// Jobs in the experiment: candidates × replications.
pub fn job_count(scenario: &Scenario) -> usize {
    scenario.candidates().len() * scenario.run.replications as usize
}

/// Runs the given jobs (indices `candidate × replications + replication`, each
/// `< job_count`) and returns their runs in the order given. Used whole by
/// [`run_all`] and sliced by sharded runs.
pub fn run_jobs<I, F>(
    scenario: &Scenario,
    options: &Options,
    jobs: &[usize],
    tickets: F,
    on_job_done: &(dyn Fn() + Sync),
) -> Result<Vec<RunMetrics>, ExperimentError>
where
    I: Iterator<Item = Ticket>,
    F: Fn(u32) -> I + Sync,
{
    let candidates = scenario.candidates();
    let reps = scenario.run.replications;
    let pool = pool(options)?;
    let results: Vec<Result<RunMetrics, ExperimentError>> = pool.install(|| {
        jobs.par_iter()
            .map(|&job| {
                let c = candidates[job / reps as usize];
                let replication = (job % reps as usize) as u32;
                let spec = &scenario.policies[c.policy];
                let staffing = &scenario.staffing_models[c.staffing];
                let mut pol = policy::build(scenario, spec, replication);
                let out = engine::run(scenario, staffing, pol.as_mut(), tickets(replication))
                    .map_err(|source| ExperimentError::Run {
                        candidate: scenario.candidate_name(c),
                        replication,
                        source,
                    });
                on_job_done();
                out
            })
            .collect()
    });
    results.into_iter().collect()
}

/// A pool of the requested number of worker threads.
fn pool(options: &Options) -> Result<rayon::ThreadPool, ExperimentError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
        .map_err(|e| ExperimentError::Pool {
            threads: options.threads,
            message: e.to_string(),
        })
}

/// The replication whose decisions [`trace`] records: the first.
pub const TRACE_REPLICATION: u32 = 0;

/// One candidate's decision trace over one replication.
#[derive(Clone, Debug)]
pub struct CandidateTrace {
    /// Display name.
    pub name: String,
    /// The replication traced.
    pub replication: u32,
    /// The policy's rule then trigger names ([`TraceRow::rule`] indexes them).
    pub rules: Vec<String>,
    /// Every routing step, in event order.
    pub rows: Vec<TraceRow>,
    /// The run's metrics (the same as the experiment's run of this replication).
    pub metrics: RunMetrics,
}

/// Runs replication [`TRACE_REPLICATION`] of every candidate with the decision trace
/// on and returns the traces in candidate order. The runs are the same as the
/// experiment's (same tickets, same policy streams), so a trace explains the metrics
/// of that replication. Candidates run in parallel; the result does not depend on the
/// thread count.
pub fn trace<I, F>(
    scenario: &Scenario,
    options: &Options,
    tickets: F,
) -> Result<Vec<CandidateTrace>, ExperimentError>
where
    I: Iterator<Item = Ticket>,
    F: Fn(u32) -> I + Sync,
{
    let candidates = scenario.candidates();
    let replication = TRACE_REPLICATION;
    let results: Vec<Result<CandidateTrace, ExperimentError>> = pool(options)?.install(|| {
        candidates
            .par_iter()
            .map(|&c| {
                let spec = &scenario.policies[c.policy];
                let staffing = &scenario.staffing_models[c.staffing];
                let mut pol = policy::build(scenario, spec, replication);
                let rules = pol.rule_names();
                let name = scenario.candidate_name(c);
                match engine::run_traced(scenario, staffing, pol.as_mut(), tickets(replication)) {
                    Ok((metrics, rows)) => Ok(CandidateTrace {
                        name,
                        replication,
                        rules,
                        rows,
                        metrics,
                    }),
                    Err(source) => Err(ExperimentError::Run {
                        candidate: name,
                        replication,
                        source,
                    }),
                }
            })
            .collect()
    });
    results.into_iter().collect()
}

/// Groups every job's run, given in job order (candidate-major), by candidate.
pub fn group_runs(scenario: &Scenario, runs: Vec<RunMetrics>) -> Vec<CandidateRuns> {
    let reps = (scenario.run.replications as usize).max(1);
    let mut out: Vec<CandidateRuns> = scenario
        .candidates()
        .iter()
        .map(|&c| CandidateRuns {
            name: scenario.candidate_name(c),
            runs: Vec::with_capacity(reps),
        })
        .collect();
    for (job, r) in runs.into_iter().enumerate() {
        if let Some(c) = out.get_mut(job / reps) {
            c.runs.push(r);
        }
    }
    out
}

/// Summarises an experiment's runs. `scenario_sha256` identifies the scenario file and
/// `tickets` says where the tickets came from; the caller sets
/// [`RunInfo::tickets_sha256`] (it needs the ticket source).
pub fn summarise(
    scenario: &Scenario,
    runs: &[CandidateRuns],
    scenario_sha256: &str,
    tickets: &str,
) -> Summary {
    let candidates = scenario
        .candidates()
        .into_iter()
        .zip(runs)
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
    Summary {
        schema_version: crate::metrics::summary::SCHEMA_VERSION,
        run: RunInfo {
            escalsim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scenario.name.clone(),
            scenario_sha256: scenario_sha256.to_string(),
            seed: scenario.run.seed,
            replications: scenario.run.replications,
            horizon_hours: scenario.run.horizon_ms as f64 / HOUR_MS as f64,
            warmup_hours: scenario.run.warmup_ms as f64 / HOUR_MS as f64,
            tickets: tickets.to_string(),
            tickets_sha256: String::new(),
            series_bin_hours: crate::metrics::series::bin_width_ms(scenario.run.horizon_ms) as f64
                / HOUR_MS as f64,
            windows: windows(scenario),
            first_response: scenario.sla.first_response_words(&scenario.tiers),
            targets: scenario
                .targets
                .iter()
                .map(|t| crate::metrics::summary::TargetInfo {
                    metric: t.metric.clone(),
                    limit: t.limit,
                    at_most: t.at_most,
                })
                .collect(),
        },
        candidates,
    }
}

/// The peak and burst windows that overlap the run, clipped to it, in hours.
fn windows(scenario: &Scenario) -> Vec<Window> {
    let h = scenario.run.horizon_ms;
    let hours = |t: i64| t.clamp(0, h) as f64 / HOUR_MS as f64;
    let peaks = scenario
        .arrivals
        .peaks
        .iter()
        .map(|p| (p.name.clone(), "peak", p.start, p.end));
    let bursts = scenario
        .arrivals
        .bursts
        .iter()
        .map(|b| (b.name.clone(), "burst", b.start, b.end));
    peaks
        .chain(bursts)
        .filter(|(_, _, s, e)| *e > 0 && *s < h)
        .map(|(name, kind, s, e)| Window {
            name,
            kind: kind.to_string(),
            start_hours: hours(s),
            end_hours: hours(e),
        })
        .collect()
}
