//! `escalsim run SCENARIO`: every candidate × replication, a comparison table on
//! stdout with the differences against the baseline and advice, and the reports
//! (report.md, report.html, summary.json, comparison.json, summary.csv, charts/) in
//! the output folder. With `--shard I/N`, only that shard's jobs, written as a partial
//! result for `escalsim merge`. With `--trace FILE.csv`, replication 0 of every
//! candidate runs again with the decision trace on, written to FILE.csv.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::RunArgs;
use crate::cluster::{JobRun, Partial, Shard, partial, shard};
use crate::experiment::{self, Options};
use crate::limits;
use crate::report;
use crate::scenario::Loaded;
use crate::tickets::fingerprint::{Tee, fingerprint};

use super::{Outcome, finish, load_scenario, replay_input};

/// Runs the experiment (or one shard of it) and writes its reports.
pub fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    if let (Some(trace), Some(shard)) = (&args.trace, &args.shard) {
        bail!(
            "--trace {} cannot be combined with --shard {shard}: the trace reruns replication {} of every candidate in one process; run without --shard to write it",
            trace.display(),
            experiment::TRACE_REPLICATION
        );
    }
    let shard = shard::resolve(args.shard.as_deref(), args.shard_count, |name| {
        std::env::var(name).ok()
    })?;
    if let Some(trace) = &args.trace {
        check_trace_path(trace)?;
    }
    let mut loaded = load_scenario(&args.scenario, args.quiet)?;
    check_outputs_spare_inputs(&args, &loaded.scenario)?;
    args.run.apply(&mut loaded.scenario.run);
    let threads = args.run.threads();
    let scenario = &loaded.scenario;
    if let Some(name) = &args.baseline {
        // Before any run: a mistyped name should not cost the whole experiment.
        let names: Vec<String> = scenario
            .candidates()
            .into_iter()
            .map(|c| scenario.candidate_name(c))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        crate::metrics::compare::baseline_index(name, &names)
            .with_context(|| format!("{}", args.scenario.display()))?;
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name));

    let total = experiment::job_count(scenario);
    let jobs: Vec<usize> = match shard {
        Some(s) => s.jobs(total),
        None => (0..total).collect(),
    };
    if !args.allow_large {
        limits::check(&limits::estimate(scenario, jobs.len()))
            .with_context(|| format!("{}", args.scenario.display()))?;
        if let Some(path) = &args.trace {
            let bytes = limits::trace_bytes(scenario);
            if !bytes.is_finite() || bytes > limits::MAX_TRACE_BYTES {
                bail!(
                    "{}: --trace {} would need about {:.1} GB (limit {:.1} GB): shorten run.horizon_days or lower the arrival rate for the traced run, or pass --allow-large if you really mean it",
                    args.scenario.display(),
                    path.display(),
                    bytes / 1e9,
                    limits::MAX_TRACE_BYTES / 1e9
                );
            }
        }
    }
    let tickets = replay_input::load(scenario, args.skip_bad_rows.as_deref(), args.quiet)?;
    let bar = progress_bar(jobs.len() as u64, args.quiet);
    let options = Options { threads };
    // Replication 0's stream is fingerprinted as a job reads it (see `Tee`).
    let tee = Tee::default();
    let runs = experiment::run_jobs(
        scenario,
        &options,
        &jobs,
        |rep| tee.wrap(rep, tickets.tickets(scenario, rep)),
        &|| bar.inc(1),
    )
    .with_context(|| format!("running {}", args.scenario.display()))?;
    bar.finish_and_clear();
    let traces = match &args.trace {
        None => None,
        Some(_) => Some(
            experiment::trace(scenario, &options, |rep| tickets.tickets(scenario, rep))
                .with_context(|| format!("tracing {}", args.scenario.display()))?,
        ),
    };
    // Before the re-read check, so that a failed re-read here is caught too.
    let stream = tee
        .finished()
        .unwrap_or_else(|| fingerprint(tickets.tickets(scenario, 0)));
    let source = replay_input::check_after(&tickets, scenario)?;
    let source_seen = finish::TicketsSeen {
        source: &source,
        sha256: &stream,
    };

    match shard {
        Some(s) => write_partial(&args, &loaded, s, &jobs, runs, &out_dir, &source_seen),
        None => {
            let runs = experiment::group_runs(scenario, runs);
            let outcome = finish::finish(
                scenario,
                &runs,
                &loaded.source_hash,
                &source_seen,
                &out_dir,
                &finish::Publish {
                    baseline: args.baseline.as_deref(),
                    formats: super::formats(&args.format),
                    quiet: args.quiet,
                    width: crate::terminal::width(args.wide),
                },
            )?;
            if let (Some(path), Some(traces)) = (&args.trace, &traces) {
                write_trace(path, scenario, traces, args.quiet)?;
            }
            Ok(outcome)
        }
    }
}

/// Fails early, before any run, when the trace file cannot be written: its folder is
/// missing or the path is a folder.
fn check_trace_path(path: &Path) -> anyhow::Result<()> {
    if path.is_dir() {
        bail!(
            "--trace {}: is a folder; give a file name, e.g. {}",
            path.display(),
            path.join("trace.csv").display()
        );
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => bail!(
            "--trace {}: the folder {} does not exist; create it first",
            path.display(),
            dir.display()
        ),
        _ => Ok(()),
    }
}

/// Refuses a `--trace` or `--skip-bad-rows` file that is one of the run's inputs (the
/// scenario, the ticket file, the mapping) or is named like a scenario or a report.
fn check_outputs_spare_inputs(
    args: &RunArgs,
    scenario: &crate::model::Scenario,
) -> anyhow::Result<()> {
    let mut inputs: Vec<&Path> = vec![&args.scenario];
    if let Some(r) = &scenario.replay {
        inputs.push(&r.tickets);
        inputs.extend(r.mapping.as_deref());
    }
    for (flag, out) in [
        ("--trace", &args.trace),
        ("--skip-bad-rows", &args.skip_bad_rows),
    ] {
        if let Some(out) = out {
            crate::out_file::check_csv_target(out, flag, &inputs).map_err(anyhow::Error::msg)?;
        }
    }
    Ok(())
}

/// Writes the decision traces to `path` and says so unless quiet.
fn write_trace(
    path: &Path,
    scenario: &crate::model::Scenario,
    traces: &[experiment::CandidateTrace],
    quiet: bool,
) -> anyhow::Result<()> {
    report::trace::write(path, scenario, traces)
        .with_context(|| format!("writing the decision trace {}", path.display()))?;
    if !quiet {
        let rows: usize = traces.iter().map(|t| t.rows.len()).sum();
        eprintln!(
            "wrote {} (decision trace of replication {}: {rows} rows)",
            path.display(),
            experiment::TRACE_REPLICATION
        );
    }
    Ok(())
}

pub(super) fn progress_bar(jobs: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(jobs);
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} runs")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Writes one shard's runs as `out_dir/shard-I-of-N.json`.
fn write_partial(
    args: &RunArgs,
    loaded: &Loaded,
    shard: Shard,
    jobs: &[usize],
    runs: Vec<crate::metrics::RunMetrics>,
    out_dir: &Path,
    tickets: &finish::TicketsSeen<'_>,
) -> anyhow::Result<Outcome> {
    let scenario = &loaded.scenario;
    // Embed the scenario text so the merge needs nothing else; it must be the text
    // that was run.
    let source = std::fs::read_to_string(&args.scenario)
        .with_context(|| format!("reading {}", args.scenario.display()))?;
    if crate::scenario::source_hash(&source) != loaded.source_hash {
        bail!(
            "{} changed while the shard ran; run the shard again",
            args.scenario.display()
        );
    }
    let mut part = Partial {
        format: partial::FORMAT.to_string(),
        format_version: partial::FORMAT_VERSION,
        escalsim_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: scenario.name.clone(),
        scenario_sha256: loaded.source_hash.clone(),
        scenario_source: source,
        seed: scenario.run.seed,
        replications: scenario.run.replications,
        tickets: tickets.source.to_string(),
        tickets_sha256: tickets.sha256.to_string(),
        candidates: scenario
            .candidates()
            .into_iter()
            .map(|c| scenario.candidate_name(c))
            .collect(),
        jobs_total: experiment::job_count(scenario) as u64,
        shard,
        runs: jobs
            .iter()
            .zip(runs)
            .map(|(&job, metrics)| JobRun {
                job: job as u64,
                metrics,
            })
            .collect(),
        runs_sha256: String::new(),
    };
    part.runs_sha256 = part
        .runs_digest()
        .context("serialising the partial result")?;
    let bytes = part.to_json().context("serialising the partial result")?;
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let path = out_dir.join(shard.file_name());
    report::write_atomic(&path, &bytes)
        .with_context(|| format!("writing the partial result {}", path.display()))?;
    if !args.quiet {
        eprintln!(
            "wrote {} (shard {shard}: {} of {} runs); merge all {} shards with `escalsim merge`",
            path.display(),
            jobs.len(),
            part.jobs_total,
            shard.count
        );
    }
    Ok(Outcome::Ok)
}
