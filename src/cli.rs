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
    /// replications, print a comparison table and write summary.json / summary.csv.
    Run(RunArgs),
    /// Check a scenario file and print every problem found (exit 0 valid, 2 invalid).
    Validate(ValidateArgs),
    /// Write a replication's synthetic ticket stream as CSV (see docs/tickets.md).
    Generate(GenerateArgs),
    /// Compare saved runs (their summary.json files) with the same tables, charts and
    /// reports as `run`.
    Compare(CompareArgs),
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
}

/// `escalsim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Output folder [default: reports/<scenario name>/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Replications per candidate, overriding the scenario's `run.replications`.
    #[arg(long, value_name = "N")]
    pub replications: Option<u32>,
    /// Master seed, overriding the scenario's `run.seed`.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Baseline candidate for the differences [default: the first].
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Formats to write, comma-separated: md, html, json, csv [default: all].
    #[arg(long, value_enum, value_delimiter = ',', value_name = "LIST")]
    pub format: Vec<FormatArg>,
}

/// `escalsim validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
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
