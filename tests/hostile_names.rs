//! Names chosen to attack the files escalsim writes (CSV formula injection, Mermaid
//! directives, control characters, terminal escapes): every output stays inert and
//! well-formed.

use std::path::Path;

use crate::support::{escalsim, repo, stderr, tempdir, write};

/// The tiny snapshot scenario with hostile segment, category and policy names.
pub fn hostile_scenario(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replace(
            "[segments.basic]",
            "[segments.\"=HYPERLINK(\\\"http://x\\\")\"]",
        )
        .replace("[categories.general]", "[categories.\"@SUM(1+1)\"]")
        .replace("[policies.fifo]", "[policies.\"+cmd|calc\"]")
        .replace("[staffing.lean]", "[staffing.\"-2+3\"]");
    assert!(text.contains("HYPERLINK"), "tiny.toml changed");
    write(dir, "hostile.toml", &text)
}

/// Every cell of a CSV text.
fn cells(text: &str) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .filter_map(Result::ok)
        .flat_map(|rec| rec.iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// No cell a spreadsheet would evaluate as a formula (plain numbers are fine).
fn assert_inert(what: &str, text: &str) {
    let all = cells(text);
    assert!(!all.is_empty(), "{what} is empty");
    for c in all {
        let first = c.chars().next();
        let formula =
            matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')) && c.parse::<f64>().is_err();
        assert!(!formula, "{what}: cell {c:?} would be evaluated");
    }
}

#[test]
fn csv_outputs_neutralise_formula_names() {
    let dir = tempdir();
    let p = hostile_scenario(dir.path());
    let p = p.to_str().unwrap_or_default();
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p,
            "--replications",
            "2",
            "--out",
            "r",
            "--format",
            "csv",
            "--trace",
            "trace.csv",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let summary = std::fs::read_to_string(dir.path().join("r/summary.csv")).unwrap_or_default();
    assert!(summary.contains("'+cmd|calc"), "{summary}");
    assert!(summary.contains("'-2+3"), "{summary}");
    assert_inert("summary.csv", &summary);
    let trace = std::fs::read_to_string(dir.path().join("trace.csv")).unwrap_or_default();
    assert!(
        trace.contains("'+cmd|calc"),
        "{}",
        &trace[..trace.len().min(500)]
    );
    assert_inert("trace.csv", &trace);
    let o = escalsim(dir.path(), &["generate", p, "--out", "tickets.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tickets = std::fs::read_to_string(dir.path().join("tickets.csv")).unwrap_or_default();
    assert!(
        tickets.contains("'=HYPERLINK"),
        "{}",
        &tickets[..tickets.len().min(500)]
    );
    assert!(tickets.contains("'@SUM(1+1)"));
    assert_inert("tickets.csv", &tickets);
}

#[test]
fn a_generated_ticket_file_with_guarded_names_replays() {
    let dir = tempdir();
    let p = hostile_scenario(dir.path());
    let o = escalsim(
        dir.path(),
        &[
            "generate",
            p.to_str().unwrap_or_default(),
            "--out",
            "tickets.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    let replay = format!("{text}\n[replay]\ntickets = \"tickets.csv\"\n");
    let p = write(dir.path(), "replay.toml", &replay);
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--replications",
            "1",
            "--out",
            "r",
            "--format",
            "json",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
