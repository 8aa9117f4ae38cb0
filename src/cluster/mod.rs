//! Runs that outgrow one machine: an experiment's jobs split into shards run by an
//! existing cluster scheduler (Slurm job arrays, Kubernetes Indexed Jobs), each writing
//! a [`partial::Partial`] result, then merged into the report a single machine would
//! have written.
//!
//! ```text
//! escalsim run --shard I/N ──► shard-I-of-N.json ─┐
//!        … one per shard (any machines) …         ├─► escalsim merge ──► summary.json
//! escalsim run --shard J/N ──► shard-J-of-N.json ─┘     (checks, then the same report path)
//! ```
//!
//! [`shard`] says which jobs a process runs; [`partial`] is the file format; [`merge`]
//! checks a set of parts (same scenario, seed and settings; none missing or
//! duplicated) and puts the runs back in job order. See `docs/cluster.md`.

pub mod merge;
pub mod partial;
pub mod shard;

pub use merge::{MergeError, Merged, merge};
pub use partial::{JobRun, Partial};
pub use shard::{Shard, ShardError};
