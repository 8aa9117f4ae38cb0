//! Command-line arguments (clap derive): what the user typed. Each subcommand's
//! arguments are validated and acted on in its own file under `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Simulate and compare customer-support escalation routing policies and staffing.
#[derive(Debug, Parser)]
#[command(name = "escalsim", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every candidate (policy × staffing model) of a scenario over its
    /// replications, print a comparison table with differences and advice, and write the
    /// reports (report.md, report.html, summary.json, summary.csv, charts).
    Run(RunArgs),
    /// Check a scenario file and print every problem found, then lint its escalation
    /// SOP (exit 0 valid, 1 with `--deny warnings` and a warning, 2 invalid).
    Validate(ValidateArgs),
    /// Draw the routing policies as a flowchart (Mermaid or Graphviz DOT).
    Diagram(DiagramArgs),
    /// Write a replication's synthetic ticket stream as CSV (see docs/tickets.md).
    Generate(GenerateArgs),
    /// Find the cheapest staffing per tier and block of the week that meets every SLA
    /// (exit 1 when none is found).
    Plan(PlanArgs),
    /// Re-run a scenario with a baseline's seeds and fail (exit 1) when a watched
    /// metric regressed beyond its tolerance (for CI).
    Check(CheckArgs),
    /// What-if sweeps: move one axis at a time (volume, handle time, headcount, AI
    /// accuracy), run every candidate at every point with the same seeds, and print
    /// each point's paired difference from the scenario as it is (sweep.csv, tornado
    /// charts; see docs/planning.md, "Sweeps").
    Sweep(SweepArgs),
    /// Reader self-check (replay the log along its recorded paths with one agent per
    /// concurrently open ticket: nothing queues, so simulated and recorded agree unless
    /// reading failed), then, when the log names its people, a calibration on people:
    /// work content fitted on the first days, the last ones predicted (exit 1 when
    /// either fails; see docs/replay.md).
    Calibrate(CalibrateArgs),
    /// Estimate arrivals, sojourn times, transfers and resolution patterns from a
    /// scenario's replayed log, evaluate a resolving-tier recommender on a held-out
    /// part, and write a scenario fragment (see docs/replay.md, "Fitting").
    Fit(FitArgs),
    /// Compare saved runs (their summary.json files) with the same tables, charts and
    /// reports as `run`.
    Compare(CompareArgs),
    /// Merge the partial results of a sharded run (`run --shard`) into the report a
    /// single machine would write (see docs/cluster.md).
    Merge(MergeArgs),
    /// Print a shell completion script (e.g. `escalsim completions bash >
    /// ~/.local/share/bash-completion/completions/escalsim`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on standard output (e.g. `escalsim man >
    /// ~/.local/share/man/man1/escalsim.1`).
    Man,
}

/// `escalsim completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// A report format (`--format md,html,json,csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// report.md and charts/.
    Md,
    /// report.html (self-contained) and charts/.
    Html,
    /// summary.json and comparison.json.
    Json,
    /// summary.csv.
    Csv,
}

/// Every format.
pub const ALL_FORMATS: [FormatArg; 4] = [
    FormatArg::Md,
    FormatArg::Html,
    FormatArg::Json,
    FormatArg::Csv,
];

/// `escalsim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Saved summaries (`<run folder>/summary.json`), one or more.
    #[arg(required = true, value_name = "SUMMARY.JSON")]
    pub summaries: Vec<PathBuf>,
    /// Baseline candidate, as named in the combined table (`<run>: <candidate>` when
    /// several runs are given) [default: the first].
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Output folder [default: reports/compare/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated [default: all].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub format: Vec<FormatArg>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the terminal tables at their full width instead of fitting them to the
    /// terminal (its width, else COLUMNS, else 100 columns).
    #[arg(long)]
    pub wide: bool,
}

/// Most worker threads a command accepts.
pub const MAX_THREADS: u16 = 256;

/// The run flags shared by `run`, `plan` and `check`, declared once; clap checks their
/// ranges (exit 2 with the accepted range).
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct RunFlags {
    /// Replications per candidate, overriding the scenario's `run.replications`.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::model::MAX_REPLICATIONS)))]
    pub replications: Option<u32>,
    /// Master seed, overriding the scenario's `run.seed`.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads, 1–256 [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=i64::from(MAX_THREADS)))]
    pub threads: Option<u16>,
}

impl RunFlags {
    /// The worker threads to use: `--threads`, else the available cores.
    pub fn threads(&self) -> usize {
        match self.threads {
            Some(n) => usize::from(n),
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// Applies `--replications` and `--seed` to the scenario's run settings.
    pub fn apply(&self, run: &mut crate::model::RunSettings) {
        if let Some(r) = self.replications {
            run.replications = r;
        }
        if let Some(seed) = self.seed {
            run.seed = seed;
        }
    }
}

/// `escalsim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder [default: reports/<scenario name>/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunFlags,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the terminal tables at their full width instead of fitting them to the
    /// terminal (its width, else COLUMNS, else 100 columns).
    #[arg(long)]
    pub wide: bool,
    /// Replayed tickets: write bad rows to FILE and replay the rest (default: stop).
    #[arg(long, value_name = "FILE")]
    pub skip_bad_rows: Option<PathBuf>,
    /// Baseline candidate for the differences [default: the first].
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Formats to write, comma-separated: md, html, json, csv [default: all].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub format: Vec<FormatArg>,
    /// Run only shard I of N (0-based) of the candidate × replication jobs and write a
    /// partial result `shard-I-of-N.json` into the output folder; `auto` reads the
    /// index and count from Slurm or Kubernetes (see docs/cluster.md).
    #[arg(long, value_name = "I/N|auto")]
    pub shard: Option<String>,
    /// Shard count for `--shard auto` (else ESCALSIM_SHARD_COUNT or
    /// SLURM_ARRAY_TASK_COUNT).
    #[arg(long, value_name = "N")]
    pub shard_count: Option<u32>,
    /// Run even if the estimated size (tickets, runs, result memory) is past the limits.
    #[arg(long)]
    pub allow_large: bool,
    /// After the experiment, rerun replication 0 of every candidate with the decision
    /// trace on and write every routing step of every ticket to FILE (CSV: candidate,
    /// replication, ticket, time_hours, time, event, tier, rule; see docs/sop.md). Not
    /// with --shard.
    #[arg(long, value_name = "FILE.csv")]
    pub trace: Option<PathBuf>,
}

/// `escalsim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial results (`shard-I-of-N.json`), or folders holding them.
    #[arg(required = true, value_name = "PARTS")]
    pub parts: Vec<PathBuf>,
    /// Output folder [default: reports/<scenario name>/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the terminal tables at their full width instead of fitting them to the
    /// terminal (its width, else COLUMNS, else 100 columns).
    #[arg(long)]
    pub wide: bool,
}

/// `escalsim validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Fail (exit 1) on this kind of finding: `warnings` (validation warnings and SOP
    /// lints).
    #[arg(long, value_enum, value_name = "KIND")]
    pub deny: Option<DenyArg>,
    /// Most decision branches (rules and timed triggers) per policy before the SOP
    /// counts as over-complicated (lint SOP005).
    #[arg(long, default_value_t = crate::lint::DEFAULT_MAX_BRANCHES, value_name = "N")]
    pub max_branches: usize,
    /// Output: `text` (problems on stderr, a summary line on stdout) or `json` (one
    /// document on stdout: every problem with level, code, path, message and fix; see
    /// docs/scenario.md). Exit codes are the same.
    #[arg(long, value_enum, default_value_t = ValidateFormatArg::Text, value_name = "FORMAT")]
    pub format: ValidateFormatArg,
}

/// `validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormatArg {
    /// Human-readable lines.
    Text,
    /// One JSON document on standard output.
    Json,
}

/// What `validate --deny` turns into a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyArg {
    /// Any warning: validation warnings and SOP lint findings.
    Warnings,
}

/// A diagram format (`--format mermaid|dot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormatArg {
    /// Mermaid flowchart (renders in GitHub markdown).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
}

/// `escalsim diagram`.
#[derive(Debug, Args)]
pub struct DiagramArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// The policy to draw [default: every policy, one group each].
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagramFormatArg::Mermaid, value_name = "FORMAT")]
    pub format: DiagramFormatArg,
    /// Write the diagram to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `escalsim generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output CSV file.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Which replication's stream to write (0-based).
    #[arg(long, default_value_t = 0, value_name = "R")]
    pub replication: u32,
    /// Master seed, overriding the scenario's `run.seed`.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
}

/// `escalsim plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Policy to plan for [default: the scenario's first].
    #[arg(long, value_name = "NAME")]
    pub policy: Option<String>,
    /// Share of tickets that must meet each SLA target, judged on the lower end of its
    /// 95 % confidence interval.
    #[arg(long, default_value_t = 0.9, value_name = "SHARE")]
    pub attainment: f64,
    /// Length of the staffing blocks in hours (must divide the 168-hour week).
    #[arg(long, default_value_t = 4, value_name = "HOURS")]
    pub block_hours: u32,
    /// Refinement rounds before giving up.
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub max_rounds: u32,
    #[command(flatten)]
    pub run: RunFlags,
    /// Output folder [default: reports/<scenario name>/plan/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `escalsim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// An axis and its values, AXIS=V1,V2,… (repeatable): volume=F, handle=F and
    /// headcount=F multiply arrivals, work times and staffing by F; ai_accuracy=A sets
    /// the AI's tier accuracy.
    #[arg(long, value_name = "AXIS=V1,V2", required = true, value_parser = crate::sweep::axis::parse)]
    pub vary: Vec<crate::sweep::axis::Vary>,
    /// Only these policies (repeatable) [default: every policy].
    #[arg(long, value_name = "NAME")]
    pub policy: Vec<String>,
    /// Only these staffing models (repeatable) [default: every staffing model].
    #[arg(long, value_name = "NAME")]
    pub staffing: Vec<String>,
    /// Metrics to tabulate (repeatable) [default: resolution_breach_rate,
    /// ttr_mean_hours, cost].
    #[arg(long, value_name = "METRIC")]
    pub metric: Vec<String>,
    #[command(flatten)]
    pub run: RunFlags,
    /// Output folder [default: reports/<scenario name>/sweep/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `escalsim check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file (TOML), usually the version under review.
    pub scenario: PathBuf,
    /// Baseline summary.json (from `run` or `check --update-baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: PathBuf,
    /// Extra watched metric: METRIC=+TOL (may rise by at most TOL) or METRIC=-TOL.
    #[arg(long, value_name = "METRIC=±TOL")]
    pub watch: Vec<String>,
    /// Write JUnit XML here (one test case per candidate × watched metric).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write the markdown summary here (e.g. "$GITHUB_STEP_SUMMARY").
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Accept the change: write this run as the new baseline (exit 0).
    #[arg(long)]
    pub update_baseline: bool,
    // `--replications` and `--seed` only with `--update-baseline` (a check re-runs
    // the baseline's); the default is then the baseline's, or the scenario's when
    // there is none.
    #[command(flatten)]
    pub run: RunFlags,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `escalsim fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// Scenario file (TOML) with a `[replay]` table.
    pub scenario: PathBuf,
    /// Where to write the scenario fragment [default: reports/<scenario name>/fit.toml].
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Fraction of the tickets (the chronologically last) held out to evaluate the
    /// recommender; the rest trains it.
    #[arg(long, default_value_t = 0.3, value_name = "X")]
    pub holdout: f64,
    /// Write bad rows to FILE and fit the rest (default: stop at bad rows).
    #[arg(long, value_name = "FILE")]
    pub skip_bad_rows: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `escalsim calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Scenario file (TOML) with a `[replay]` table.
    pub scenario: PathBuf,
    /// Write bad rows to FILE and replay the rest (default: stop at bad rows).
    #[arg(long, value_name = "FILE")]
    pub skip_bad_rows: Option<PathBuf>,
    /// Allowed relative difference of TTR quantiles and volumes, and absolute
    /// difference of the SLA-met rate (0.01 = 1 % or 1 point); exit 1 if exceeded.
    #[arg(long, default_value_t = 0.01, value_name = "X")]
    pub tolerance: f64,
    /// Calibration on people: share of the log's days (the last ones) held out and
    /// predicted with the work content fitted on the rest.
    #[arg(long, default_value_t = 0.3, value_name = "X", value_parser = open_unit)]
    pub holdout: f64,
    /// Calibration on people: allowed relative difference of the fit and of the
    /// held-out TTR, volumes and active times per visit, and absolute difference of the
    /// SLA-met rate (0.15 = 15 % or 15 points); exit 1 if exceeded.
    #[arg(long, default_value_t = 0.15, value_name = "X")]
    pub predict_tolerance: f64,
    /// Calibration on people: staff the tiers with this staffing model of the scenario
    /// instead of the headcount the log shows.
    #[arg(long, value_name = "NAME")]
    pub roster: Option<String>,
    /// Calibration on people: length of the as-logged staffing's blocks, hours.
    #[arg(long, default_value_t = 4, value_name = "H", value_parser = block_hours)]
    pub block_hours: usize,
}

/// A number strictly between 0 and 1.
fn open_unit(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("expected a number, got `{s}`"))?;
    if x > 0.0 && x < 1.0 {
        Ok(x)
    } else {
        Err(format!("must be strictly between 0 and 1, got {s}"))
    }
}

/// A divisor of 24.
fn block_hours(s: &str) -> Result<usize, String> {
    let h: usize = s
        .parse()
        .map_err(|_| format!("expected whole hours, got `{s}`"))?;
    if h > 0 && 24 % h == 0 {
        Ok(h)
    } else {
        Err(format!(
            "must divide the day: 1, 2, 3, 4, 6, 8, 12 or 24, got {s}"
        ))
    }
}
