//! Command-line arguments (clap derive): what the user typed. Each subcommand's
//! arguments are validated and acted on in its own file under `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Replay a scenario's historical tickets along their recorded paths and print
    /// simulated against recorded figures (see docs/replay.md).
    Calibrate(CalibrateArgs),
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
    /// Replayed tickets: write bad rows to FILE and replay the rest (default: stop).
    #[arg(long, value_name = "FILE")]
    pub skip_bad_rows: Option<PathBuf>,
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
}
