//! The same scenario and seed give byte-identical reports at any thread count, and a
//! different seed gives different results.

use crate::support::{escalsim, shipped, stderr, tempdir};

fn run(threads: &str, seed: &str, out: &std::path::Path) -> (Vec<u8>, Vec<u8>) {
    let scenario = shipped("support-basic.toml");
    let o = escalsim(
        out,
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "r",
            "--threads",
            threads,
            "--seed",
            seed,
            "--replications",
            "4",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    let json = std::fs::read(out.join("r/summary.json")).unwrap_or_default();
    let csv = std::fs::read(out.join("r/summary.csv")).unwrap_or_default();
    assert!(!json.is_empty() && !csv.is_empty());
    (json, csv)
}

#[test]
fn reports_are_byte_identical_across_thread_counts() {
    let (a, b, c) = (tempdir(), tempdir(), tempdir());
    let one = run("1", "7", a.path());
    let two = run("2", "7", b.path());
    assert!(
        one.0 == two.0,
        "summary.json differs between 1 and 2 threads"
    );
    assert!(
        one.1 == two.1,
        "summary.csv differs between 1 and 2 threads"
    );
    let other_seed = run("2", "8", c.path());
    assert!(
        one.0 != other_seed.0,
        "a different seed gave the same results"
    );
}
