//! Sharded runs on cluster schedulers: shards run as separate processes and merged give
//! a summary byte-identical to a single-machine run; the shard comes from `--shard` or
//! from Slurm / Kubernetes variables; bad sets of parts are refused, naming the files.

use std::path::{Path, PathBuf};

use crate::support::{escalsim, escalsim_env, shipped, stderr, tempdir, write};

/// bench-3tier over 7 days with 3 replications: two severities never occur, so some
/// metrics are NaN (`null`) and must survive the partial files.
fn small_bench(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(shipped("bench-3tier.toml")).unwrap_or_default();
    let text = text
        .replacen("horizon_days = 365", "horizon_days = 7", 1)
        .replacen("replications = 20", "replications = 3", 1);
    assert!(text.contains("horizon_days = 7") && text.contains("replications = 3"));
    write(dir, "small-bench.toml", &text)
}

fn ok(dir: &Path, args: &[&str]) {
    let o = escalsim(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
}

fn read(p: PathBuf) -> Vec<u8> {
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn sharded_runs_merge_to_the_unsharded_report_byte_for_byte() {
    let dir = tempdir();
    let d = dir.path();
    let bench = small_bench(d);
    let support = shipped("support-basic.toml");
    let cases = [
        ("bench", bench.to_str().unwrap_or_default(), "3"),
        ("support", support.to_str().unwrap_or_default(), "2"),
    ];
    for (tag, scenario, reps) in cases {
        let full = format!("{tag}-full");
        ok(
            d,
            &[
                "run",
                scenario,
                "--replications",
                reps,
                "--threads",
                "2",
                "--out",
                &full,
                "-q",
            ],
        );
        let json = read(d.join(&full).join("summary.json"));
        let csv = read(d.join(&full).join("summary.csv"));
        if tag == "bench" {
            assert!(
                String::from_utf8_lossy(&json).contains("null"),
                "no NaN to carry"
            );
        }
        for n in [1u32, 2, 5] {
            let parts = format!("{tag}-parts-{n}");
            for i in 0..n {
                let shard = format!("{i}/{n}");
                let args = ["run", scenario, "--replications", reps, "--threads", "1"];
                ok(
                    d,
                    &[&args[..], &["--shard", &shard, "--out", &parts, "-q"]].concat(),
                );
            }
            let merged = format!("{tag}-merged-{n}");
            ok(d, &["merge", &parts, "--out", &merged, "-q"]);
            assert!(
                read(d.join(&merged).join("summary.json")) == json,
                "{tag}: summary.json from {n} shards differs from the unsharded run"
            );
            assert!(
                read(d.join(&merged).join("summary.csv")) == csv,
                "{tag}: summary.csv from {n} shards differs from the unsharded run"
            );
        }
    }
}

#[test]
fn the_shard_comes_from_slurm_or_kubernetes_variables() {
    let dir = tempdir();
    let d = dir.path();
    let s = small_bench(d);
    let s = s.to_str().unwrap_or_default();
    let run = |env: &[(&str, &str)], extra: &[&str], out: &str| {
        let args = [
            &["run", s, "--shard", "auto", "--out", out, "-q"][..],
            extra,
        ]
        .concat();
        escalsim_env(d, &args, env)
    };
    for i in ["0", "1"] {
        let o = run(
            &[("SLURM_ARRAY_TASK_ID", i), ("SLURM_ARRAY_TASK_COUNT", "2")],
            &[],
            "slurm",
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = run(
            &[("JOB_COMPLETION_INDEX", i), ("ESCALSIM_SHARD_COUNT", "2")],
            &[],
            "k8s",
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = run(
            &[("JOB_COMPLETION_INDEX", i)],
            &["--shard-count", "2"],
            "k8s-flag",
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    for name in ["shard-0-of-2.json", "shard-1-of-2.json"] {
        let slurm = read(d.join("slurm").join(name));
        assert!(read(d.join("k8s").join(name)) == slurm, "{name}");
        assert!(read(d.join("k8s-flag").join(name)) == slurm, "{name}");
    }
    let o = run(
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ],
        &["--shard-count", "3"],
        "x",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "inconsistent shard count: --shard-count says 3 but SLURM_ARRAY_TASK_COUNT says 2"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&[], &[], "x");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no shard index"), "{}", stderr(&o));
    let o = run(
        &[("JOB_COMPLETION_INDEX", "4"), ("ESCALSIM_SHARD_COUNT", "4")],
        &[],
        "x",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("shard index 4 (from JOB_COMPLETION_INDEX) is not below the shard count 4"),
        "{}",
        stderr(&o)
    );
    // Without --shard, scheduler variables are ignored: the whole run.
    let o = escalsim_env(
        d,
        &["run", s, "--out", "whole", "-q"],
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(d.join("whole/summary.json").is_file());
}

#[test]
fn merge_refuses_missing_duplicated_mixed_or_damaged_parts() {
    let dir = tempdir();
    let d = dir.path();
    let s = small_bench(d);
    let s = s.to_str().unwrap_or_default();
    for i in 0..3 {
        ok(
            d,
            &["run", s, "--shard", &format!("{i}/3"), "--out", "p", "-q"],
        );
    }
    ok(
        d,
        &[
            "run", s, "--shard", "1/3", "--seed", "8", "--out", "q", "-q",
        ],
    );
    let merge = |parts: &[&str]| {
        let o = escalsim(d, &[&["merge"][..], parts, &["--out", "m", "-q"]].concat());
        assert_eq!(o.status.code(), Some(2), "{parts:?}");
        assert!(!d.join("m/summary.json").exists(), "{parts:?}");
        stderr(&o)
    };
    let e = merge(&["p/shard-0-of-3.json", "p/shard-2-of-3.json"]);
    assert!(e.contains("missing shard of 3: 1 (have 0, 2)"), "{e}");
    std::fs::copy(d.join("p/shard-1-of-3.json"), d.join("copy.json")).unwrap_or_default();
    let e = merge(&["p", "copy.json"]);
    assert!(
        e.contains("shard 1/3 is given twice: p/shard-1-of-3.json and copy.json"),
        "{e}"
    );
    let e = merge(&[
        "p/shard-0-of-3.json",
        "q/shard-1-of-3.json",
        "p/shard-2-of-3.json",
    ]);
    assert!(e.contains("p/shard-0-of-3.json and q/shard-1-of-3.json come from different runs: seed is 20260105 in the first and 8 in the second"), "{e}");
    ok(d, &["run", s, "--replications", "1", "--out", "full", "-q"]);
    let e = merge(&["full/summary.json"]);
    assert!(
        e.contains("full/summary.json: not an escalsim partial result"),
        "{e}"
    );
    let text = std::fs::read_to_string(d.join("p/shard-2-of-3.json")).unwrap_or_default();
    write(
        d,
        "edited.json",
        &text.replacen("per_hour = 120", "per_hour = 121", 1),
    );
    let e = merge(&["p/shard-0-of-3.json", "p/shard-1-of-3.json", "edited.json"]);
    assert!(
        e.contains("edited.json: the embedded scenario does not match its SHA-256"),
        "{e}"
    );
    let e = merge(&["nope"]);
    assert!(e.contains("nope"), "{e}");
    ok(d, &["merge", "p", "--out", "m", "-q"]);
}
