//! Shared helpers: run the binary, write scenario files, load scenarios.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A shipped scenario.
pub fn shipped(name: &str) -> PathBuf {
    repo().join("scenarios").join(name)
}

/// Runs `escalsim` with `args` in `cwd`.
pub fn escalsim(cwd: &Path, args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_escalsim"))
        .args(args)
        .current_dir(cwd)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot start escalsim: {e}"),
    }
}

/// Runs `escalsim` with `args` in `cwd` with extra environment variables, and without
/// any cluster scheduler variables inherited from the test's own environment.
pub fn escalsim_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_escalsim"));
    for var in [
        "JOB_COMPLETION_INDEX",
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_COUNT",
        "ESCALSIM_SHARD_COUNT",
    ] {
        cmd.env_remove(var);
    }
    match cmd
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot start escalsim: {e}"),
    }
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    p
}

/// A fresh temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("cannot create a temporary folder: {e}"))
}

/// Loads a scenario from TOML text, panicking with the problems if it is invalid.
pub fn scenario_from(text: &str) -> escalsim::scenario::Loaded {
    escalsim::scenario::from_str(text, "test.toml")
        .unwrap_or_else(|e| panic!("test scenario invalid:\n{e}"))
}

/// `[sla.<severity>]` for all four severities with the same first-response target
/// (minutes) and resolution target (hours), as scenario text.
pub fn sla_all(first_response_minutes: f64, resolution_hours: f64) -> String {
    ["critical", "high", "medium", "low"]
        .iter()
        .map(|sev| {
            format!(
                "[sla.{sev}]\nfirst_response_minutes = {first_response_minutes}\nresolution_hours = {resolution_hours}\n"
            )
        })
        .collect()
}
