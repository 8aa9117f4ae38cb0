//! Which slice of an experiment's jobs this process runs: `--shard I/N` on the command
//! line, or `--shard auto` with the index (and possibly the count) read from a cluster
//! scheduler's environment (Slurm job arrays, Kubernetes Indexed Jobs).
//!
//! Shard `I` of `N` (0-based) runs the jobs `j` with `j % N == I`: every job belongs to
//! exactly one shard, and candidates are spread evenly over the shards.
//!
//! # Where `auto` looks (documented in `docs/cluster.md`)
//! - Index: `JOB_COMPLETION_INDEX` (Kubernetes), or `SLURM_ARRAY_TASK_ID` minus
//!   `SLURM_ARRAY_TASK_MIN` (Slurm; the minimum defaults to 0). If both are set they
//!   must agree.
//! - Count: `--shard-count N`, `ESCALSIM_SHARD_COUNT`, and (with a Slurm index)
//!   `SLURM_ARRAY_TASK_COUNT`. Every one that is set must give the same number; at
//!   least one must be set.
//!
//! An explicit `--shard I/N` ignores the environment entirely.

use std::fmt;

/// Shard `index` of `count` (0-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// 0-based index, `< count`.
    pub index: u32,
    /// Number of shards, >= 1.
    pub count: u32,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether job `job` belongs to this shard.
    pub fn owns(&self, job: usize) -> bool {
        job % self.count as usize == self.index as usize
    }

    /// The jobs of `0..total` that belong to this shard, in increasing order.
    pub fn jobs(&self, total: usize) -> Vec<usize> {
        (self.index as usize..total)
            .step_by(self.count as usize)
            .collect()
    }

    /// The partial-result file name of this shard, e.g. `shard-02-of-05.json` (zero-padded
    /// so that the files sort in shard order).
    pub fn file_name(&self) -> String {
        let width = self.count.to_string().len();
        format!(
            "shard-{:0width$}-of-{:0width$}.json",
            self.index, self.count
        )
    }
}

/// Why the shard could not be determined.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// `--shard` is neither `I/N` nor `auto`.
    #[error("--shard {0:?}: expected I/N (0-based index I < count N, e.g. 2/5) or `auto`")]
    Syntax(String),
    /// A value is not a whole number.
    #[error("{source_name}={value:?}: expected a whole number >= 0")]
    NotANumber {
        /// Where it came from (a flag or an environment variable).
        source_name: String,
        /// What was there.
        value: String,
    },
    /// The count is zero.
    #[error("{source_name}: the shard count must be at least 1, got 0")]
    ZeroCount {
        /// Where it came from.
        source_name: String,
    },
    /// The index is not below the count.
    #[error(
        "shard index {index} (from {index_source}) is not below the shard count {count} (from {count_source}); indices run from 0 to {count} - 1"
    )]
    IndexTooLarge {
        /// The index.
        index: u32,
        /// Where it came from.
        index_source: String,
        /// The count.
        count: u32,
        /// Where it came from.
        count_source: String,
    },
    /// Two sources disagree.
    #[error(
        "inconsistent shard {what}: {a_source} says {a} but {b_source} says {b}; unset one or make them agree"
    )]
    Inconsistent {
        /// `index` or `count`.
        what: &'static str,
        /// First source.
        a_source: String,
        /// Its value.
        a: u32,
        /// Second source.
        b_source: String,
        /// Its value.
        b: u32,
    },
    /// `auto` found no index.
    #[error(
        "--shard auto: no shard index in the environment; set JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or run as a Slurm array (SLURM_ARRAY_TASK_ID), or give --shard I/N"
    )]
    NoIndex,
    /// `auto` found no count.
    #[error(
        "--shard auto: shard index {index} from {index_source} but no shard count; give --shard-count N or set ESCALSIM_SHARD_COUNT"
    )]
    NoCount {
        /// The index found.
        index: u32,
        /// Where it came from.
        index_source: String,
    },
    /// `--shard-count` given with an explicit `I/N`.
    #[error("--shard-count only goes with --shard auto; with --shard I/N the count is N")]
    CountWithExplicit,
}

/// Resolves the shard from the `--shard` value, `--shard-count` and the environment
/// (`env(name)` returns a variable's value). `None` when `--shard` was not given.
pub fn resolve(
    shard: Option<&str>,
    shard_count: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<Shard>, ShardError> {
    let Some(spec) = shard else {
        return match shard_count {
            Some(_) => Err(ShardError::CountWithExplicit),
            None => Ok(None),
        };
    };
    if spec.trim() != "auto" {
        if shard_count.is_some() {
            return Err(ShardError::CountWithExplicit);
        }
        return explicit(spec).map(Some);
    }
    auto(shard_count, env).map(Some)
}

fn explicit(spec: &str) -> Result<Shard, ShardError> {
    let syntax = || ShardError::Syntax(spec.to_string());
    let (i, n) = spec.split_once('/').ok_or_else(syntax)?;
    let index: u32 = i.trim().parse().map_err(|_| syntax())?;
    let count: u32 = n.trim().parse().map_err(|_| syntax())?;
    check(index, "--shard", count, "--shard")
}

fn check(
    index: u32,
    index_source: &str,
    count: u32,
    count_source: &str,
) -> Result<Shard, ShardError> {
    if count == 0 {
        return Err(ShardError::ZeroCount {
            source_name: count_source.to_string(),
        });
    }
    if index >= count {
        return Err(ShardError::IndexTooLarge {
            index,
            index_source: index_source.to_string(),
            count,
            count_source: count_source.to_string(),
        });
    }
    Ok(Shard { index, count })
}

fn number(env: &impl Fn(&str) -> Option<String>, name: &str) -> Result<Option<u32>, ShardError> {
    match env(name) {
        None => Ok(None),
        Some(v) if v.trim().is_empty() => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ShardError::NotANumber {
                source_name: name.to_string(),
                value: v,
            }),
    }
}

/// Keeps the first of several `(source, value)` and checks that the rest agree.
fn agree(
    what: &'static str,
    found: Vec<(String, u32)>,
) -> Result<Option<(String, u32)>, ShardError> {
    let mut it = found.into_iter();
    let Some(first) = it.next() else {
        return Ok(None);
    };
    for (source, value) in it {
        if value != first.1 {
            return Err(ShardError::Inconsistent {
                what,
                a_source: first.0,
                a: first.1,
                b_source: source,
                b: value,
            });
        }
    }
    Ok(Some(first))
}

fn auto(
    shard_count: Option<u32>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Shard, ShardError> {
    let mut indices = Vec::new();
    if let Some(k) = number(&env, "JOB_COMPLETION_INDEX")? {
        indices.push(("JOB_COMPLETION_INDEX".to_string(), k));
    }
    let slurm_id = number(&env, "SLURM_ARRAY_TASK_ID")?;
    if let Some(id) = slurm_id {
        let min = number(&env, "SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let index = id.checked_sub(min).ok_or(ShardError::Inconsistent {
            what: "index",
            a_source: "SLURM_ARRAY_TASK_ID".to_string(),
            a: id,
            b_source: "SLURM_ARRAY_TASK_MIN (larger than the task id)".to_string(),
            b: min,
        })?;
        let source = if min == 0 {
            "SLURM_ARRAY_TASK_ID".to_string()
        } else {
            "SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN".to_string()
        };
        indices.push((source, index));
    }
    let (index_source, index) = agree("index", indices)?.ok_or(ShardError::NoIndex)?;

    let mut counts = Vec::new();
    if let Some(n) = shard_count {
        counts.push(("--shard-count".to_string(), n));
    }
    if let Some(n) = number(&env, "ESCALSIM_SHARD_COUNT")? {
        counts.push(("ESCALSIM_SHARD_COUNT".to_string(), n));
    }
    if slurm_id.is_some() {
        if let Some(n) = number(&env, "SLURM_ARRAY_TASK_COUNT")? {
            counts.push(("SLURM_ARRAY_TASK_COUNT".to_string(), n));
        }
    }
    let (count_source, count) = agree("count", counts)?.ok_or_else(|| ShardError::NoCount {
        index,
        index_source: index_source.clone(),
    })?;
    check(index, &index_source, count, &count_source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn shard(index: u32, count: u32) -> Option<Shard> {
        Some(Shard { index, count })
    }

    #[test]
    fn explicit_shard_ignores_the_environment() {
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "9"),
        ]);
        assert_eq!(resolve(Some("1/3"), None, &e), Ok(shard(1, 3)));
        assert_eq!(resolve(None, None, &e), Ok(None));
        assert_eq!(
            resolve(Some("3/3"), None, &e),
            Err(ShardError::IndexTooLarge {
                index: 3,
                index_source: "--shard".into(),
                count: 3,
                count_source: "--shard".into()
            })
        );
        for bad in ["1", "a/3", "1/", "-1/3", "1/3/4"] {
            assert_eq!(
                resolve(Some(bad), None, &e),
                Err(ShardError::Syntax(bad.into()))
            );
        }
        assert!(matches!(
            resolve(Some("0/0"), None, &e),
            Err(ShardError::ZeroCount { .. })
        ));
        assert_eq!(
            resolve(Some("0/2"), Some(2), &e),
            Err(ShardError::CountWithExplicit)
        );
        assert_eq!(
            resolve(None, Some(2), &e),
            Err(ShardError::CountWithExplicit)
        );
    }

    #[test]
    fn slurm_array() {
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
        ]);
        assert_eq!(resolve(Some("auto"), None, &e), Ok(shard(2, 5)));
        assert_eq!(resolve(Some("auto"), Some(5), &e), Ok(shard(2, 5)));
        assert!(matches!(
            resolve(Some("auto"), Some(4), &e),
            Err(ShardError::Inconsistent { what: "count", .. })
        ));
        // --array=1-5: ids 1..=5, min 1.
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "5"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
        ]);
        assert_eq!(resolve(Some("auto"), None, &e), Ok(shard(4, 5)));
        // --array=0-8:2 (ids 0, 2, …, 8; count 5): id 8 is past the count.
        let e = env(&[
            ("SLURM_ARRAY_TASK_ID", "8"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
        ]);
        assert!(matches!(
            resolve(Some("auto"), None, &e),
            Err(ShardError::IndexTooLarge { index: 8, .. })
        ));
    }

    #[test]
    fn kubernetes_indexed_job() {
        let e = env(&[("JOB_COMPLETION_INDEX", "3")]);
        assert_eq!(resolve(Some("auto"), Some(4), &e), Ok(shard(3, 4)));
        assert!(matches!(
            resolve(Some("auto"), None, &e),
            Err(ShardError::NoCount { index: 3, .. })
        ));
        let e = env(&[("JOB_COMPLETION_INDEX", "3"), ("ESCALSIM_SHARD_COUNT", "4")]);
        assert_eq!(resolve(Some("auto"), None, &e), Ok(shard(3, 4)));
        assert!(matches!(
            resolve(Some("auto"), Some(6), &e),
            Err(ShardError::Inconsistent { what: "count", .. })
        ));
        let e = env(&[("JOB_COMPLETION_INDEX", "x")]);
        assert!(matches!(
            resolve(Some("auto"), Some(4), &e),
            Err(ShardError::NotANumber { .. })
        ));
    }

    #[test]
    fn both_schedulers_must_agree_and_one_is_needed() {
        let e = env(&[("JOB_COMPLETION_INDEX", "1"), ("SLURM_ARRAY_TASK_ID", "2")]);
        assert!(matches!(
            resolve(Some("auto"), Some(4), &e),
            Err(ShardError::Inconsistent { what: "index", .. })
        ));
        let e = env(&[]);
        assert_eq!(resolve(Some("auto"), Some(4), &e), Err(ShardError::NoIndex));
    }

    #[test]
    fn shards_partition_the_jobs() {
        let total = 23;
        let mut seen = vec![0; total];
        for index in 0..5 {
            let s = Shard { index, count: 5 };
            for j in s.jobs(total) {
                assert!(s.owns(j));
                seen[j] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n == 1));
        assert_eq!(
            Shard { index: 2, count: 5 }.file_name(),
            "shard-2-of-5.json"
        );
        assert_eq!(
            Shard {
                index: 2,
                count: 12
            }
            .file_name(),
            "shard-02-of-12.json"
        );
    }
}
