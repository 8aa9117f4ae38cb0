//! A damaged `check` baseline is refused (exit 2), never read as "passed" and never a
//! huge allocation.

use serde_json::Value;

/// A named way to damage a baseline.
type Damage<'a> = (&'a str, &'a dyn Fn(&mut Value));

use crate::support::{escalsim, shipped, stderr, stdout, tempdir, write};

fn damage(v: &mut Value, f: &dyn Fn(&mut Vec<Value>)) {
    if let Some(cands) = v.get_mut("candidates").and_then(Value::as_array_mut) {
        for c in cands {
            if let Some(ms) = c.get_mut("metrics").and_then(Value::as_array_mut) {
                for m in ms {
                    if let Some(p) = m.get_mut("per_replication").and_then(Value::as_array_mut) {
                        f(p);
                    }
                }
            }
        }
    }
}

#[test]
fn a_damaged_baseline_is_refused_not_passed() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    write(dir.path(), "sop.toml", &text);
    let args = ["check", "sop.toml", "--baseline", "b.json"];
    let o = escalsim(
        dir.path(),
        &[&args[..], &["--update-baseline", "--replications", "4"]].concat(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let good = std::fs::read_to_string(dir.path().join("b.json")).unwrap_or_default();
    // A real regression: one senior agent fewer.
    let harmful = text.replacen(
        "role = \"senior agent\"\nowner = \"support manager\"\nagents = 5",
        "role = \"senior agent\"\nowner = \"support manager\"\nagents = 4",
        1,
    );
    assert_ne!(harmful, text);
    write(dir.path(), "sop.toml", &harmful);
    let o = escalsim(dir.path(), &args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the intact baseline must catch it: {}",
        stdout(&o)
    );

    let nulls = |p: &mut Vec<Value>| p.iter_mut().for_each(|x| *x = Value::Null);
    let cut = |p: &mut Vec<Value>| p.truncate(1);
    let cases: [Damage; 3] = [
        ("per-replication values null", &|v| damage(v, &nulls)),
        ("cut to one", &|v| damage(v, &cut)),
        ("10^8 replications", &|v| {
            v["run"]["replications"] = Value::from(100_000_000u64)
        }),
    ];
    for (what, f) in cases {
        let mut v: Value = serde_json::from_str(&good).unwrap_or(Value::Null);
        f(&mut v);
        write(dir.path(), "b.json", &v.to_string());
        let o = escalsim(dir.path(), &args);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{what}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("the baseline cannot support a paired test"),
            "{what}: {}",
            stderr(&o)
        );
    }
}
