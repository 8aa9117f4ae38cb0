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
        line.contains("+0.00 pt") && line.trim_end().ends_with("no"),
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
