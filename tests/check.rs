//! `escalsim check` as a CI job uses it: a rule change that hurts the enterprise
//! breach rate is caught (exit 1, JUnit failure), a neutral change passes (exit 0), and
//! a missing or corrupt baseline is a clear error (exit 2), never a pass.

use crate::support::{escalsim, shipped, stderr, stdout, tempdir, write};

fn setup() -> (tempfile::TempDir, String) {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    write(dir.path(), "sop.toml", &text);
    let o = escalsim(
        dir.path(),
        &[
            "check",
            "sop.toml",
            "--baseline",
            "baseline/summary.json",
            "--update-baseline",
            "--replications",
            "6",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("baseline baseline/summary.json created"),
        "{}",
        stderr(&o)
    );
    (dir, text)
}

#[test]
fn a_harmful_change_fails_and_a_neutral_one_passes() {
    let (dir, text) = setup();
    // Neutral: a new description and comment change nothing that is simulated.
    let neutral =
        text.replacen("description = \"", "description = \"(reworded) ", 1) + "\n# reviewed\n";
    write(dir.path(), "sop.toml", &neutral);
    let o = escalsim(
        dir.path(),
        &[
            "check",
            "sop.toml",
            "--baseline",
            "baseline/summary.json",
            "--junit",
            "n.xml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).starts_with("## escalsim check: passed"),
        "{}",
        stdout(&o)
    );
    let junit = std::fs::read_to_string(dir.path().join("n.xml")).unwrap_or_default();
    assert!(junit.contains("failures=\"0\""), "{junit}");

    // Harmful: one senior agent fewer in the baseline staffing; enterprise tickets wait.
    let harmful = text.replacen(
        "role = \"senior agent\"\nowner = \"support manager\"\nagents = 5",
        "role = \"senior agent\"\nowner = \"support manager\"\nagents = 4",
        1,
    );
    assert_ne!(harmful, text);
    write(dir.path(), "sop.toml", &harmful);
    let o = escalsim(
        dir.path(),
        &[
            "check",
            "sop.toml",
            "--baseline",
            "baseline/summary.json",
            "--junit",
            "h.xml",
            "--markdown",
            "h.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("h.md")).unwrap_or_default();
    assert!(md.starts_with("## escalsim check: FAILED"), "{md}");
    assert!(
        md.contains(
            "| ❌ | tiered-fifo @ baseline | resolution\\_breach\\_rate.segment.enterprise |"
        ),
        "{md}"
    );
    let junit = std::fs::read_to_string(dir.path().join("h.xml")).unwrap_or_default();
    assert!(
        junit.contains("<failure message=\"resolution_breach_rate.segment.enterprise changed by"),
        "{junit}"
    );

    // Accepting the change makes the next check pass.
    let o = escalsim(
        dir.path(),
        &[
            "check",
            "sop.toml",
            "--baseline",
            "baseline/summary.json",
            "--update-baseline",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = escalsim(
        dir.path(),
        &["check", "sop.toml", "--baseline", "baseline/summary.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn missing_or_corrupt_baselines_are_errors() {
    let dir = tempdir();
    let s = shipped("support-basic.toml");
    let s = s.to_str().unwrap_or_default();
    let o = escalsim(dir.path(), &["check", s, "--baseline", "nope.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the baseline nope.json"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--update-baseline"), "{}", stderr(&o));

    write(dir.path(), "corrupt.json", "{\"run\": {\"seed\": 1");
    let o = escalsim(dir.path(), &["check", s, "--baseline", "corrupt.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("corrupt.json is not a summary.json"), "{err}");
    assert!(err.contains("line 1"), "{err}");
}

#[test]
fn unknown_watched_metric_is_an_error() {
    let (dir, _) = setup();
    let o = escalsim(
        dir.path(),
        &[
            "check",
            "sop.toml",
            "--baseline",
            "baseline/summary.json",
            "--watch",
            "resolution_brech_rate=+0.01",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown metric `resolution_brech_rate`"),
        "{}",
        stderr(&o)
    );
}
