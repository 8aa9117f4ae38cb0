//! `merge` verifies what it merges: a shard whose runs were edited (a tier metric
//! dropped, a cost changed, more resolved than arrived) is refused, and any split of a
//! run merges to the unsharded summary byte for byte.

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{escalsim, repo, stderr, tempdir, write};

/// A named edit of a run's metrics.
type Edit<'a> = (&'a str, &'a dyn Fn(&mut Value));

fn tiny(dir: &std::path::Path, reps: u32) -> std::path::PathBuf {
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replacen("replications = 4", &format!("replications = {reps}"), 1);
    write(dir, "tiny.toml", &text)
}

fn run_ok(dir: &std::path::Path, args: &[&str]) {
    let o = escalsim(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
}

/// Edits the first run of `file` with `f`.
fn edit(file: &std::path::Path, f: &dyn Fn(&mut Value)) {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let mut v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    f(&mut v["runs"][0]["metrics"]);
    std::fs::write(file, v.to_string()).unwrap_or_default();
}

#[test]
fn a_tampered_shard_is_refused() {
    let dir = tempdir();
    let s = tiny(dir.path(), 2);
    let sp = s.to_str().unwrap_or_default();
    for i in 0..2 {
        let shard = format!("{i}/2");
        run_ok(
            dir.path(),
            &["run", sp, "--shard", &shard, "--out", "parts", "-q"],
        );
    }
    let part = dir.path().join("parts/shard-0-of-2.json");
    let good = std::fs::read_to_string(&part).unwrap_or_default();
    let edits: [Edit; 3] = [
        ("tier metrics dropped", &|m| {
            if let Some(o) = m.as_object_mut() {
                o.retain(|k, _| !k.contains("tier"));
            }
        }),
        ("more resolved than arrived", &|m| {
            if let Some(o) = m.as_object_mut() {
                for (k, x) in o.iter_mut() {
                    if k.contains("resolved") && x.is_u64() {
                        *x = Value::from(x.as_u64().unwrap_or(0) + 1_000_000);
                    }
                }
            }
        }),
        ("a number changed", &|m| {
            if let Some(o) = m.as_object_mut() {
                if let Some(x) = o.values_mut().find(|x| x.is_u64()) {
                    *x = Value::from(x.as_u64().unwrap_or(0) + 1);
                }
            }
        }),
    ];
    for (what, f) in edits {
        std::fs::write(&part, &good).unwrap_or_default();
        edit(&part, f);
        assert_ne!(
            std::fs::read_to_string(&part).unwrap_or_default(),
            good,
            "{what}"
        );
        let o = escalsim(dir.path(), &["merge", "parts", "--out", "m", "-q"]);
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains("the runs do not match their SHA-256")
                || e.contains("not an escalsim partial"),
            "{what}: {e}"
        );
        assert!(!dir.path().join("m/summary.json").exists(), "{what}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    /// Any split of a run into shards merges to the unsharded summary byte for byte.
    #[test]
    fn any_split_merges_to_the_unsharded_run(reps in 1u32..4, count in 1u32..5) {
        let dir = tempdir();
        let s = tiny(dir.path(), reps);
        let sp = s.to_str().unwrap_or_default();
        run_ok(dir.path(), &["run", sp, "--out", "full", "--format", "json", "-q"]);
        for i in 0..count {
            let shard = format!("{i}/{count}");
            run_ok(dir.path(), &["run", sp, "--shard", &shard, "--out", "parts", "-q"]);
        }
        run_ok(dir.path(), &["merge", "parts", "--out", "m", "-q"]);
        let a = std::fs::read(dir.path().join("full/summary.json")).unwrap_or_default();
        let b = std::fs::read(dir.path().join("m/summary.json")).unwrap_or_default();
        prop_assert!(!a.is_empty());
        prop_assert_eq!(a, b);
    }
}
