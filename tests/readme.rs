//! The README's run blocks are real: every ```` ```text ```` block that starts with
//! `$ escalsim run scenarios/X.toml` holds the stdout of
//! `escalsim run scenarios/X.toml --out DIR` (not on a terminal, no `COLUMNS`: 100
//! columns) up to the line that starts the differences table (`candidate … metric …
//! baseline`). `UPDATE_README=1` rewrites the blocks from the binary
//! (`scripts/refresh-readme.sh` does that and lists the numbers of the prose around
//! them to re-read). All blocks run in about 10 s.

use std::path::Path;
use std::process::Command;

use crate::support::{repo, tempdir};

const PROMPT: &str = "$ escalsim run scenarios/";

/// The stdout of `run scenario` as the README shows it.
fn block_output(scenario: &str, out: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_escalsim"))
        .args(["run", scenario, "--out"])
        .arg(out)
        .args(["--format", "json"])
        .env_remove("COLUMNS")
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot start escalsim: {e}"));
    assert!(
        o.status.success(),
        "{scenario}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut lines: Vec<&str> = text
        .lines()
        .take_while(|l| {
            !(l.starts_with("candidate") && l.contains("metric") && l.contains("baseline"))
        })
        .collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// `(scenario, first line, end line)` of each run block (lines 0-based, the block's
/// output between them).
fn blocks(readme: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for (i, l) in readme.iter().enumerate() {
        let Some(rest) = l.strip_prefix(PROMPT) else {
            continue;
        };
        if i == 0 || readme[i - 1] != "```text" || rest.contains(' ') {
            continue;
        }
        let end = (i + 1..readme.len())
            .find(|&j| readme[j] == "```")
            .unwrap_or_else(|| panic!("README line {}: the block never ends", i + 1));
        out.push((format!("scenarios/{rest}"), i + 1, end));
    }
    out
}

#[test]
fn readme_run_blocks_match_the_binary() {
    let path = repo().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let readme: Vec<&str> = text.lines().collect();
    let found = blocks(&readme);
    assert!(found.len() >= 5, "only {} run blocks found", found.len());
    let tmp = tempdir();
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut rewritten: Vec<String> = Vec::new();
    let mut at = 0;
    let mut stale = Vec::new();
    for (k, (scenario, start, end)) in found.iter().enumerate() {
        let got = block_output(scenario, &tmp.path().join(format!("r{k}")));
        let want = readme[*start..*end].join("\n");
        if got != want {
            stale.push(scenario.clone());
        }
        rewritten.extend(readme[at..*start].iter().map(|s| s.to_string()));
        rewritten.push(got);
        at = *end;
    }
    rewritten.extend(readme[at..].iter().map(|s| s.to_string()));
    if update {
        let mut new = rewritten.join("\n");
        new.push('\n');
        std::fs::write(&path, new).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    assert!(
        stale.is_empty(),
        "README blocks no longer match the binary: {stale:?}; run scripts/refresh-readme.sh and re-read the prose around them"
    );
}
