//! A shard's partial result: the runs it computed (the complete per-run
//! [`RunMetrics`], keyed by job index) and everything needed to check and merge it —
//! the scenario's source text and hash, seed, replications, shard, escalsim version,
//! and a SHA-256 of the runs (format version 2).
//!
//! The file is JSON. Finite floats round-trip exactly and NaN is written as `null` and
//! read back as NaN, so a merge summarises exactly the values a single machine would.

use serde::{Deserialize, Serialize};

use super::shard::Shard;
use crate::metrics::RunMetrics;

/// The value of [`Partial::format`].
pub const FORMAT: &str = "escalsim-partial";
/// The current [`Partial::format_version`].
pub const FORMAT_VERSION: u32 = 2;

/// One job's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRun {
    /// Job index: `candidate × replications + replication`.
    pub job: u64,
    /// The run's metrics.
    pub metrics: RunMetrics,
}

/// A shard's partial result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// escalsim version that ran the shard.
    pub escalsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Lowercase hex SHA-256 of `scenario_source`.
    pub scenario_sha256: String,
    /// The scenario file's text, so a merge needs nothing else.
    pub scenario_source: String,
    /// Master seed used (after `--seed`).
    pub seed: u64,
    /// Replications per candidate used (after `--replications`).
    pub replications: u32,
    /// Where the tickets came from (e.g. `synthetic`).
    pub tickets: String,
    /// SHA-256 of replication 0's ticket stream (`tickets::fingerprint`); empty in
    /// parts written before it existed.
    #[serde(default)]
    pub tickets_sha256: String,
    /// Candidate names, in job order.
    pub candidates: Vec<String>,
    /// Jobs in the whole experiment (candidates × replications).
    pub jobs_total: u64,
    /// Which shard this is.
    pub shard: Shard,
    /// This shard's runs, in increasing job order.
    pub runs: Vec<JobRun>,
    /// Lowercase hex SHA-256 of `runs` as compact JSON ([`Partial::runs_digest`]): a
    /// merge refuses a part whose runs were edited.
    pub runs_sha256: String,
}

impl Partial {
    /// The settings that every part of one experiment must share, as `(name, value)`
    /// pairs for messages.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("format_version", self.format_version.to_string()),
            ("escalsim_version", self.escalsim_version.clone()),
            ("scenario_sha256", self.scenario_sha256.clone()),
            ("seed", self.seed.to_string()),
            ("replications", self.replications.to_string()),
            ("tickets", self.tickets.clone()),
            ("tickets_sha256", self.tickets_sha256.clone()),
            ("candidates", self.candidates.join(", ")),
            ("jobs_total", self.jobs_total.to_string()),
            ("shard count", self.shard.count.to_string()),
        ]
    }

    /// The SHA-256 of `runs` as compact JSON, lowercase hex. Floats round-trip exactly,
    /// so a part read back gives the digest it was written with.
    pub fn runs_digest(&self) -> Result<String, serde_json::Error> {
        Ok(crate::scenario::source_hash(&serde_json::to_string(
            &self.runs,
        )?))
    }

    /// The file as compact JSON, newline-terminated.
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
