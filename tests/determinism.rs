//! The same scenario and seed give byte-identical reports and decision traces at any
//! thread count, and a different seed gives different results.

use escalsim::experiment::{self, Options};
use escalsim::tickets::synthetic;

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

fn trace(scenario: &std::path::Path, threads: &str, out: &std::path::Path) -> Vec<u8> {
    let o = escalsim(
        out,
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "r",
            "--threads",
            threads,
            "--replications",
            "2",
            "--format",
            "json",
            "--trace",
            "trace.csv",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    std::fs::read(out.join("trace.csv")).unwrap_or_default()
}

#[test]
fn traces_are_byte_identical_across_thread_counts() {
    let (a, b) = (tempdir(), tempdir());
    let scenario = shipped("support-basic.toml");
    let one = trace(&scenario, "1", a.path());
    let two = trace(&scenario, "2", b.path());
    assert!(one == two, "trace.csv differs between 1 and 2 threads");
    let text = String::from_utf8_lossy(&one);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("candidate,replication,ticket,time_hours,time,event,tier,rule")
    );
    // Candidates in scenario order, replication 0 only, every ticket arrives first.
    let mut candidates: Vec<&str> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        if candidates.last() != Some(&f[0]) {
            assert!(!candidates.contains(&f[0]), "{} comes back", f[0]);
            candidates.push(f[0]);
            seen.clear();
        }
        assert_eq!(f[1], "0", "{line}");
        if seen.insert(f[2]) {
            assert_eq!(f[5], "arrive", "first row of ticket {}: {line}", f[2]);
        }
        assert!(f[4].starts_with("2026-01-"), "{line}");
    }
    assert_eq!(
        candidates,
        [
            "tiered-fifo @ baseline",
            "tiered-fifo @ plus-one-senior",
            "tiered-severity @ baseline",
            "tiered-severity @ plus-one-senior"
        ]
    );
}

#[test]
fn the_traced_run_is_the_experiments_first_replication() {
    let sop = crate::support::repo().join("tests/snapshots/sop.toml");
    for path in [shipped("support-basic.toml"), sop] {
        let mut s = escalsim::scenario::load(&path)
            .unwrap_or_else(|e| panic!("{e}"))
            .scenario;
        s.run.replications = 2;
        let options = Options { threads: 2 };
        let runs = experiment::run_all(&s, &options, |rep| synthetic::synthetic(&s, rep), &|| {})
            .unwrap_or_else(|e| panic!("{e}"));
        let traces = experiment::trace(&s, &options, |rep| synthetic::synthetic(&s, rep))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(traces.len(), runs.len());
        for (t, c) in traces.iter().zip(&runs) {
            assert_eq!(t.name, c.name);
            assert_eq!(t.replication, experiment::TRACE_REPLICATION);
            // Debug formatting compares undefined (NaN) metrics as equal.
            assert_eq!(
                format!("{:?}", t.metrics),
                format!("{:?}", c.runs[0]),
                "{}",
                t.name
            );
            // Every contact (reopens included) enters with one row, and every
            // resolution has one.
            let count = |events: &[&str]| {
                t.rows.iter().filter(|r| events.contains(&r.event)).count() as u64
            };
            let entered = count(&["arrive", "bypass", "reopen"]);
            assert_eq!(entered, t.metrics.all_arrived, "{}", t.name);
            assert_eq!(count(&["resolve"]), t.metrics.all_resolved, "{}", t.name);
            assert_eq!(count(&["abandon"]), t.metrics.all_abandoned, "{}", t.name);
        }
    }
}

#[test]
fn sop_traces_with_rules_are_byte_identical_across_thread_counts() {
    let (a, b) = (tempdir(), tempdir());
    let scenario = crate::support::repo().join("tests/snapshots/sop.toml");
    let one = trace(&scenario, "1", a.path());
    let two = trace(&scenario, "2", b.path());
    assert!(one == two, "trace.csv differs between 1 and 2 threads");
    let text = String::from_utf8_lossy(&one);
    assert!(text.contains(",trigger,T3,SLA at risk\n"), "no trigger row");
}
