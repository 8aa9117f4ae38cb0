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

/// Two `waited_over` triggers that move queued tickets between T1 and T2 (#19 item 7):
/// the lint warns (SOP012), and the run ends quickly because each ticket is moved at
/// most `MAX_TRIGGER_MOVES` times; the refused moves are counted.
#[test]
fn triggers_moving_tickets_back_and_forth_are_linted_and_bounded() {
    let tmp = tempdir();
    let text = r#"
name = "ping-pong"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 2
warmup_days = 0
replications = 1
seed = 5

[tiers.T1]
owner = "frontline lead"
agents = 1
handle_minutes = { dist = "exponential", mean = 5 }

[tiers.T2]
owner = "senior lead"
agents = 1
handle_minutes = { dist = "exponential", mean = 5 }

[escalation]
path = ["T1", "T2"]

[segments.all]
share = 1

[categories.general]
share = 1
needs = { T1 = 1 }

[severity]
medium = 1

[sla.critical]
first_response_minutes = 60
resolution_hours = 8
[sla.high]
first_response_minutes = 60
resolution_hours = 8
[sla.medium]
first_response_minutes = 60
resolution_hours = 8
[sla.low]
first_response_minutes = 60
resolution_hours = 8

[arrivals]
per_hour = 6

[policies.sop]
kind = "sop"

[[policies.sop.triggers]]
name = "waited at the frontline"
waited_over_minutes = 1
escalate_to = "T2"

[[policies.sop.triggers]]
name = "waited at the seniors"
waited_over_minutes = 1
escalate_to = "T1"
"#;
    let path = write(tmp.path(), "pingpong.toml", text);
    let p = path.to_str().unwrap_or_default();
    let o = escalsim(tmp.path(), &["validate", p, "--deny", "warnings"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let all = format!("{}{}", crate::support::stdout(&o), stderr(&o));
    assert!(all.contains("SOP012"), "{all}");
    let o = escalsim(
        tmp.path(),
        &["run", p, "--out", "r", "--format", "json", "--quiet"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Unbounded, this run took about 100 s with 37 million escalations.
    let summary = std::fs::read_to_string(tmp.path().join("r/summary.json")).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&summary).unwrap_or_default();
    let metric = |name: &str| -> f64 {
        json["candidates"][0]["metrics"]
            .as_array()
            .and_then(|ms| ms.iter().find(|m| m["name"] == name))
            .and_then(|m| m["mean"].as_f64())
            .unwrap_or(f64::NAN)
    };
    assert!(metric("trigger_moves_refused") > 0.0, "{summary:.400}");
    // Every ticket is still served: none is left bouncing.
    assert!(metric("open_at_horizon") < 20.0);
    assert!(metric("functional_escalations") <= 8.0 * metric("arrived"));
}
