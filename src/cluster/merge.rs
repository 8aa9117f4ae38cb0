//! Checks that a set of partial results makes up exactly one whole experiment and puts
//! their runs back in job order.
//!
//! Checks, each failing with an error that names the files involved:
//! every file is an escalsim partial result of a version this build reads; all share
//! the scenario (SHA-256 of the embedded source, which must match the text), seed,
//! replications, ticket source, candidates, job total, shard count and escalsim
//! version; no shard is given twice; no shard is missing; each part holds exactly the
//! jobs of its shard; each part's runs match their SHA-256 and every run conserves its
//! tickets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::partial::{FORMAT, FORMAT_VERSION, Partial};
use crate::metrics::RunMetrics;

/// Why parts could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// No parts were given.
    #[error("no partial results given: pass the shard files (or folders holding them)")]
    NoParts,
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file is not a partial result this build can read.
    #[error("{}: not an escalsim partial result: {message}", path.display())]
    NotAPartial {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The embedded scenario does not match its hash.
    #[error(
        "{}: the embedded scenario does not match its SHA-256 (the file was edited or damaged); re-run that shard",
        path.display()
    )]
    Tampered {
        /// The file.
        path: PathBuf,
    },
    /// The runs do not match their SHA-256.
    #[error(
        "{}: the runs do not match their SHA-256 (the file was edited or damaged); re-run that shard",
        path.display()
    )]
    TamperedRuns {
        /// The file.
        path: PathBuf,
    },
    /// A run does not account for every ticket.
    #[error(
        "{}: job {job} does not account for every ticket (arrived ≠ resolved + abandoned + open); re-run that shard",
        path.display()
    )]
    NotConserved {
        /// The file.
        path: PathBuf,
        /// The job.
        job: u64,
    },
    /// Two parts come from different experiments.
    #[error(
        "{} and {} come from different runs: {setting} is {a} in the first and {b} in the second; merge only shards of one run (same scenario file, --seed, --replications and escalsim version)",
        a_path.display(), b_path.display()
    )]
    Mismatch {
        /// The setting that differs.
        setting: &'static str,
        /// First file.
        a_path: PathBuf,
        /// Its value.
        a: String,
        /// Second file.
        b_path: PathBuf,
        /// Its value.
        b: String,
    },
    /// A shard was given twice.
    #[error("shard {shard} is given twice: {} and {}; pass each shard once", a_path.display(), b_path.display())]
    Duplicate {
        /// The shard, `I/N`.
        shard: String,
        /// First file.
        a_path: PathBuf,
        /// Second file.
        b_path: PathBuf,
    },
    /// Shards are missing.
    #[error(
        "missing {} of {count}: {} (have {}); run the missing shards with --shard I/{count} and pass their files too",
        if missing.len() == 1 { "shard" } else { "shards" },
        list(missing), list(present)
    )]
    Missing {
        /// Shard count.
        count: u32,
        /// Missing indices.
        missing: Vec<u32>,
        /// Indices present.
        present: Vec<u32>,
    },
    /// A part holds other jobs than its shard's.
    #[error("{}: shard {shard} should hold {detail}; re-run that shard", path.display())]
    WrongJobs {
        /// The file.
        path: PathBuf,
        /// The shard, `I/N`.
        shard: String,
        /// Expected and found jobs, e.g. `2 jobs (1, 4) but holds 1 job: 1`.
        detail: String,
    },
}

fn list(v: &[u32]) -> String {
    if v.is_empty() {
        return "none".to_string();
    }
    v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
}

/// Reads one partial-result file.
pub fn read_part(path: &Path) -> Result<Partial, MergeError> {
    let bytes = std::fs::read(path).map_err(|source| MergeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let not = |message: String| MergeError::NotAPartial {
        path: path.to_path_buf(),
        message,
    };
    // Check the format first, so that another JSON file gets a clear message.
    let head: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| not(e.to_string()))?;
    match head.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        _ => return Err(not(format!("no \"format\": \"{FORMAT}\" field"))),
    }
    match head.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        v => {
            return Err(not(format!(
                "format version {v:?}, but this escalsim reads version {FORMAT_VERSION}; merge with the escalsim that wrote it"
            )));
        }
    }
    drop(head);
    serde_json::from_slice(&bytes).map_err(|e| not(e.to_string()))
}

/// The runs of one whole experiment, with what is needed to summarise them.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The scenario file's text.
    pub scenario_source: String,
    /// Its SHA-256, hex.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per candidate.
    pub replications: u32,
    /// Where the tickets came from.
    pub tickets: String,
    /// SHA-256 of replication 0's ticket stream (empty from older parts).
    pub tickets_sha256: String,
    /// Candidate names, in job order.
    pub candidates: Vec<String>,
    /// Every run, in job order.
    pub runs: Vec<RunMetrics>,
}

/// Checks `parts` (each with the path it was read from) and merges them.
pub fn merge(parts: Vec<(PathBuf, Partial)>) -> Result<Merged, MergeError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(MergeError::NoParts);
    };
    let first_settings = first.settings();
    for (path, p) in &parts {
        if crate::scenario::source_hash(&p.scenario_source) != p.scenario_sha256 {
            return Err(MergeError::Tampered { path: path.clone() });
        }
        if p.runs_digest().ok().as_deref() != Some(p.runs_sha256.as_str()) {
            return Err(MergeError::TamperedRuns { path: path.clone() });
        }
        if let Some(r) = p.runs.iter().find(|r| !r.metrics.conserves()) {
            return Err(MergeError::NotConserved {
                path: path.clone(),
                job: r.job,
            });
        }
        for ((setting, a), (_, b)) in first_settings.iter().zip(p.settings()) {
            if *a != b {
                return Err(MergeError::Mismatch {
                    setting,
                    a_path: first_path.clone(),
                    a: a.clone(),
                    b_path: path.clone(),
                    b,
                });
            }
        }
    }
    let count = first.shard.count;
    let mut by_index: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, (path, p)) in parts.iter().enumerate() {
        if let Some(&j) = by_index.get(&p.shard.index) {
            return Err(MergeError::Duplicate {
                shard: p.shard.to_string(),
                a_path: parts[j].0.clone(),
                b_path: path.clone(),
            });
        }
        by_index.insert(p.shard.index, i);
    }
    let missing: Vec<u32> = (0..count).filter(|i| !by_index.contains_key(i)).collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            count,
            missing,
            present: by_index.keys().copied().collect(),
        });
    }
    let total = usize::try_from(first.jobs_total).unwrap_or(usize::MAX);
    for (path, p) in &parts {
        let expected = p.shard.jobs(total);
        let found: Vec<u64> = p.runs.iter().map(|r| r.job).collect();
        if found.len() != expected.len()
            || found.iter().zip(&expected).any(|(f, e)| *f != *e as u64)
        {
            let show = |jobs: &mut dyn Iterator<Item = String>, n: usize| {
                let mut shown: Vec<String> = jobs.take(3).collect();
                if n > 3 {
                    shown.push("…".to_string());
                }
                format!("{n} jobs ({})", shown.join(", "))
            };
            return Err(MergeError::WrongJobs {
                path: path.clone(),
                shard: p.shard.to_string(),
                detail: format!(
                    "{} but holds {}",
                    show(&mut expected.iter().map(usize::to_string), expected.len()),
                    show(&mut found.iter().map(u64::to_string), found.len())
                ),
            });
        }
    }
    // Every job is present exactly once: put them back in job order.
    let mut merged = Merged {
        scenario_source: first.scenario_source.clone(),
        scenario_sha256: first.scenario_sha256.clone(),
        seed: first.seed,
        replications: first.replications,
        tickets: first.tickets.clone(),
        tickets_sha256: first.tickets_sha256.clone(),
        candidates: first.candidates.clone(),
        runs: Vec::new(),
    };
    let first_path = first_path.clone();
    let mut slots: Vec<Option<RunMetrics>> = vec![None; total];
    for (_, p) in parts {
        for r in p.runs {
            if let Some(slot) = slots.get_mut(r.job as usize) {
                *slot = Some(r.metrics);
            }
        }
    }
    merged.runs = slots.into_iter().flatten().collect();
    if merged.runs.len() != total {
        // Unreachable after the checks above; kept as an error rather than a panic.
        return Err(MergeError::NotAPartial {
            path: first_path,
            message: format!("{} of {total} jobs found", merged.runs.len()),
        });
    }
    Ok(merged)
}
