//! `escalsim compare`: saved runs read back (null as NaN) and compared; runs of the same
//! scenario and seed are paired by replication, others use Welch with a note.

use std::path::Path;

use escalsim::metrics::summary::Summary;

use crate::support::{escalsim, repo, stderr, stdout, tempdir};

fn run(dir: &Path, out: &str, seed: &str) {
    let scenario = repo().join("tests/snapshots/tiny.toml");
    let o = escalsim(
        dir,
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            out,
            "--seed",
            seed,
            "--quiet",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
}

#[test]
fn summary_json_round_trips() {
    let tmp = tempdir();
    run(tmp.path(), "a", "11");
    let bytes = std::fs::read(tmp.path().join("a/summary.json")).unwrap_or_default();
    let summary: Summary = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("summary.json does not read back: {e}"));
    let mut again = serde_json::to_vec_pretty(&summary).unwrap_or_default();
    again.push(b'\n');
    assert!(again == bytes, "summary.json changed on a round trip");
}

#[test]
fn same_scenario_and_seed_are_paired() {
    let tmp = tempdir();
    run(tmp.path(), "before", "11");
    run(tmp.path(), "after", "11");
    let o = escalsim(
        tmp.path(),
        &[
            "compare",
            "before/summary.json",
            "after/summary.json",
            "--out",
            "cmp",
            "--baseline",
            "before: fifo @ lean",
            "--wide",
        ],
    );
    assert!(o.status.success(), "compare failed: {}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("after: fifo @ lean") && out.contains("paired by replication"),
        "{out}"
    );
    // Identical runs: the same candidate differs by exactly 0.
    let line = out
        .lines()
        .find(|l| l.starts_with("after: fifo @ lean") && l.contains("resolution_breach_rate"))
        .unwrap_or_default();
    assert!(
        line.contains("+0.00 pt") && line.trim_end().ends_with("within noise"),
        "{line}"
    );
    for f in [
        "report.md",
        "report.html",
        "summary.json",
        "comparison.json",
        "summary.csv",
        "charts/pareto.svg",
    ] {
        assert!(
            tmp.path().join("cmp").join(f).exists(),
            "compare wrote no {f}"
        );
    }
}

#[test]
fn different_seeds_use_welch_and_say_so() {
    let tmp = tempdir();
    run(tmp.path(), "a", "11");
    run(tmp.path(), "b", "12");
    let o = escalsim(
        tmp.path(),
        &[
            "compare",
            "a/summary.json",
            "b/summary.json",
            "--out",
            "cmp",
            "--format",
            "md",
            "--wide",
        ],
    );
    assert!(o.status.success(), "compare failed: {}", stderr(&o));
    assert!(
        stdout(&o).contains("the pairing is not exact and unpaired (Welch) intervals are used")
    );
    let md = std::fs::read_to_string(tmp.path().join("cmp/report.md")).unwrap_or_default();
    assert!(md.contains("unpaired (Welch's t)") && md.contains("a: fifo @ lean"));
}

#[test]
fn bad_summaries_are_errors_naming_the_file() {
    let tmp = tempdir();
    std::fs::write(tmp.path().join("x.json"), "{\"run\": 1}").unwrap_or_default();
    let o = escalsim(tmp.path(), &["compare", "x.json", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("x.json: not an escalsim summary.json"),
        "{}",
        stderr(&o)
    );
    let o = escalsim(tmp.path(), &["compare", "missing.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read missing.json"));
}

/// Runs `text` (a scenario) saved as `<out>.toml` into folder `out`, seed 11.
fn run_text(dir: &Path, out: &str, text: &str) {
    let file = format!("{out}.toml");
    std::fs::write(dir.join(&file), text).unwrap_or_else(|e| panic!("{e}"));
    let o = escalsim(
        dir,
        &["run", &file, "--out", out, "--quiet", "--format", "json"],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
}

fn compare_md(dir: &Path) -> (String, String) {
    let o = escalsim(
        dir,
        &[
            "compare",
            "before/summary.json",
            "after/summary.json",
            "--out",
            "cmp",
            "--format",
            "md",
            "--wide",
        ],
    );
    assert!(o.status.success(), "compare failed: {}", stderr(&o));
    let md = std::fs::read_to_string(dir.join("cmp/report.md")).unwrap_or_default();
    (stdout(&o), md)
}

#[test]
fn an_edited_staffing_line_still_pairs_but_other_tickets_do_not() {
    let tmp = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text.contains("T2 = { agents = 2 }"));
    run_text(tmp.path(), "before", &text);
    // One staffing line changed: the tickets are the same, so the runs pair.
    run_text(
        tmp.path(),
        "after",
        &text.replace("T2 = { agents = 2 }", "T2 = { agents = 3 }"),
    );
    let read = |run: &str| -> Summary {
        let bytes = std::fs::read(tmp.path().join(run).join("summary.json")).unwrap_or_default();
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"))
    };
    let (b, a) = (read("before"), read("after"));
    assert_ne!(b.run.scenario_sha256, a.run.scenario_sha256);
    assert_eq!(b.run.tickets_sha256.len(), 64);
    assert_eq!(b.run.tickets_sha256, a.run.tickets_sha256);
    let (out, md) = compare_md(tmp.path());
    assert!(
        out.contains("paired by replication") && !out.contains("Welch"),
        "{out}"
    );
    assert!(
        out.contains(
            "scenario files differ, but their seeds, replications and ticket streams agree"
        )
    );
    assert!(md.contains("paired by replication") && !md.contains("Welch"));
    // The unchanged candidate differs by exactly 0: same tickets, same policy.
    let line = out
        .lines()
        .find(|l| l.starts_with("after: fifo @ lean") && l.contains("resolution_breach_rate"))
        .unwrap_or_default();
    assert!(line.contains("+0.00 pt"), "{line}");

    // Other arrivals are other tickets: Welch, even with the same seed.
    run_text(
        tmp.path(),
        "after",
        &text.replace("per_hour = 7", "per_hour = 8"),
    );
    assert_ne!(read("after").run.tickets_sha256, b.run.tickets_sha256);
    let (out, md) = compare_md(tmp.path());
    assert!(
        out.contains("unpaired (Welch) intervals are used") && md.contains("unpaired (Welch's t)"),
        "{out}"
    );
}

#[test]
fn a_mistyped_baseline_is_refused_with_the_closest_name() {
    let tmp = tempdir();
    run(tmp.path(), "a", "11");
    let o = escalsim(
        tmp.path(),
        &[
            "compare",
            "a/summary.json",
            "--out",
            "cmp",
            "--baseline",
            "fifo @ laen",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no candidate named \"fifo @ laen\"; did you mean \"fifo @ lean\"?"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("cmp").exists(), "compare wrote a report");
}
