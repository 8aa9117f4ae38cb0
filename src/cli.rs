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
    /// Merge the partial results of a sharded run (`run --shard`) into the report a
    /// single machine would write (see docs/cluster.md).
    Merge(MergeArgs),
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
