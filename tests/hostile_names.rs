//! Names and values chosen to attack the files escalsim writes (CSV formula
//! injection, Mermaid directives, control characters, absurd numbers in a saved
//! summary): every output stays inert and well-formed, or the input is refused.

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

#[test]
fn control_characters_in_names_keep_every_svg_well_formed() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replace("[policies.fifo]", "[policies.\"fi\\u0001fo\\u001b[31m\"]")
        .replace("[staffing.lean]", "[staffing.\"le\\u0008an\"]");
    let p = write(dir.path(), "ctl.toml", &text);
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--replications",
            "2",
            "--out",
            "r",
            "--format",
            "md",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let charts: Vec<_> = std::fs::read_dir(dir.path().join("r/charts"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    let svgs: Vec<_> = charts
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    assert!(!svgs.is_empty());
    for svg in svgs {
        let text = std::fs::read_to_string(svg).unwrap_or_default();
        let bad = text
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        assert_eq!(bad, None, "{} holds a character XML forbids", svg.display());
    }
}

#[test]
fn mermaid_directives_in_names_are_not_applied() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replace(
            "[policies.fifo]",
            "[policies.\"x %%{init: {'theme': 'dark'}}%%\"]",
        );
    let p = write(dir.path(), "m.toml", &text);
    let o = escalsim(dir.path(), &["diagram", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("#37;#37;{init"), "{out}");
    assert!(!out.contains("%%") && !out.contains('\''), "{out}");
}

#[test]
fn compare_refuses_a_summary_with_an_absurd_number() {
    let dir = tempdir();
    let p = write(
        dir.path(),
        "t.toml",
        &std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml")).unwrap_or_default(),
    );
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--replications",
            "2",
            "--out",
            "a",
            "--format",
            "json",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("a/summary.json")).unwrap_or_default();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    v["candidates"][0]["metrics"][0]["mean"] = serde_json::Value::from(3e306);
    write(&dir.path().join("a"), "summary.json", &v.to_string());
    let o = escalsim(
        dir.path(),
        &["compare", "a/summary.json", "--out", "c", "-q"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("candidates[0].metrics[0].mean` is 3e306"), "{e}");
    assert!(!dir.path().join("c/summary.json").exists());
}

#[test]
fn escape_sequences_from_names_and_ticket_values_are_printed_escaped() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replace("[policies.fifo]", "[policies.\"fifo\\u001b[31m\"]");
    let p = write(dir.path(), "esc.toml", &text);
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--replications",
            "2",
            "--out",
            "r",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = crate::support::stdout(&o);
    assert!(!out.contains('\u{1b}'), "raw escape on stdout");
    assert!(out.contains("fifo\\u{1b}[31m"), "{out}");
    // A ticket value quoted in an error.
    let o = escalsim(
        dir.path(),
        &["generate", p.to_str().unwrap_or_default(), "--out", "t.csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("t.csv")).unwrap_or_default();
    let bad = csv.replacen(",gold,", ",\u{1b}]0;pwned\u{7},", 1);
    assert_ne!(bad, csv);
    write(dir.path(), "t.csv", &bad);
    let replay = write(
        dir.path(),
        "replay.toml",
        &format!("{text}\n[replay]\ntickets = \"t.csv\"\n"),
    );
    let o = escalsim(
        dir.path(),
        &[
            "run",
            replay.to_str().unwrap_or_default(),
            "--out",
            "r2",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        !e.contains('\u{1b}') && !e.contains('\u{7}'),
        "raw escape on stderr"
    );
    assert!(e.contains("\\u{1b}]0;pwned\\u{7}"), "{e}");
}

/// `validate` prints warnings, lint findings and its summary line with escape sequences
/// from names shown, not sent (#19 item 14).
#[test]
fn validate_prints_names_escaped() {
    let dir = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replacen("name = \"", "name = \"tiny\\u001b]0;pwned\\u0007", 1)
        .replace("[policies.fifo]", "[policies.\"x\\u001b[31m\"]");
    let p = write(dir.path(), "esc.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    let (out, err) = (crate::support::stdout(&o), stderr(&o));
    assert!(o.status.code().is_some(), "{err}");
    assert!(
        !out.contains('\u{1b}') && !err.contains('\u{1b}'),
        "raw escape: {out}{err}"
    );
    assert!(
        out.contains("\\u{1b}") || err.contains("\\u{1b}"),
        "no escaped name in: {out}{err}"
    );
}
