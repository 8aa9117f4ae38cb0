//! `escalsim merge PARTS... --out DIR`: checks that the partial results of a sharded
//! run make up one whole experiment and writes the report a single machine would.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::cli::MergeArgs;
use crate::cluster::merge::{self, read_part};
use crate::experiment;
use crate::scenario;

use super::{Outcome, finish};

/// Merges the parts and writes the report.
pub fn run(args: MergeArgs) -> anyhow::Result<Outcome> {
    let files = part_files(&args.parts)?;
    let mut parts = Vec::with_capacity(files.len());
    for f in files {
        let p = read_part(&f)?;
        parts.push((f, p));
    }
    let merged = merge::merge(parts)?;
    let loaded = scenario::from_str(&merged.scenario_source, "scenario embedded in the parts")
        .context("the scenario embedded in the partial results is not valid")?;
    let mut s = loaded.scenario;
    s.run.seed = merged.seed;
    s.run.replications = merged.replications;
    let names: Vec<String> = s
        .candidates()
        .into_iter()
        .map(|c| s.candidate_name(c))
        .collect();
    if names != merged.candidates || experiment::job_count(&s) != merged.runs.len() {
        bail!(
            "the parts list candidates {:?} and {} runs, but their scenario gives {:?} and {} runs; they were written by a different escalsim",
            merged.candidates,
            merged.runs.len(),
            names,
            experiment::job_count(&s)
        );
    }
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&s.name));
    let runs = experiment::group_runs(&s, merged.runs);
    finish::finish(
        &s,
        &runs,
        &merged.scenario_sha256,
        &finish::TicketsSeen {
            source: &merged.tickets,
            sha256: &merged.tickets_sha256,
        },
        &out_dir,
        &finish::Publish {
            baseline: None,
            formats: super::formats(&[]),
            quiet: args.quiet,
            width: crate::terminal::width(args.wide),
        },
    )
}

/// The part files: each argument that is a folder stands for the `shard-*.json` files
/// in it (sorted by name).
fn part_files(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(a)
                .with_context(|| format!("reading the folder {}", a.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("shard-") && n.ends_with(".json"))
                })
                .collect();
            if found.is_empty() {
                bail!(
                    "{}: no shard-*.json partial results in this folder",
                    a.display()
                );
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}
