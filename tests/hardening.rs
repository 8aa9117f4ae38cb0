//! Hostile or absurd input: sizes beyond the machine are refused before running (unless
//! confirmed), reports never appear half-written, and report folders stay put.

use crate::support::{escalsim, shipped, stderr, tempdir, write};

#[test]
fn absurd_sizes_are_refused_unless_confirmed() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("bench-3tier.toml")).unwrap_or_default();
    let huge = text.replacen("per_hour = 120", "per_hour = 1e9", 1);
    let p = write(dir.path(), "huge.toml", &huge);
    let o = escalsim(
        dir.path(),
        &["run", p.to_str().unwrap_or_default(), "--out", "r"],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("huge.toml: this run is very large"), "{e}");
    assert!(e.contains("8.760e12 expected tickets per run"), "{e}");
    assert!(e.contains("--allow-large"), "{e}");
    assert!(!dir.path().join("r").exists());
    // Many short runs whose results would not fit in memory.
    let many = text
        .replacen("horizon_days = 365", "horizon_days = 300", 1)
        .replacen("per_hour = 120", "per_hour = 0.01", 1);
    let p = write(dir.path(), "many.toml", &many);
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--replications",
            "100000",
            "--out",
            "r",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("200000 runs whose results need about"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_rerun_replaces_the_report_and_leaves_no_partial_files() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let p = p.to_str().unwrap_or_default();
    for seed in ["1", "2"] {
        let o = escalsim(
            dir.path(),
            &[
                "run",
                p,
                "--replications",
                "1",
                "--seed",
                seed,
                "--out",
                "r",
                "-q",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let json = std::fs::read_to_string(dir.path().join("r/summary.json")).unwrap_or_default();
    assert!(json.contains("\"seed\": 2"), "{json}");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("r"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        [
            "charts",
            "comparison.json",
            "report.html",
            "report.md",
            "summary.csv",
            "summary.json"
        ]
    );
}
