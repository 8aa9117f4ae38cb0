//! The command line as a user meets it: exit codes, files written, and clear errors
//! (file, field or line, what was expected) for bad input.

use crate::support::{escalsim, shipped, stderr, stdout, tempdir, write};

const SCENARIOS: [&str; 2] = ["support-basic.toml", "bench-3tier.toml"];

#[test]
fn shipped_scenarios_validate() {
    let dir = tempdir();
    for name in SCENARIOS {
        let p = shipped(name);
        let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            stdout(&o).contains("valid scenario"),
            "{name}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn run_prints_a_table_and_writes_reports() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let o = escalsim(
        dir.path(),
        &["run", p.to_str().unwrap_or_default(), "--replications", "2"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("resolution breach"), "{out}");
    assert!(out.contains("candidate"), "{out}");
    assert!(
        out.contains("escalation: resolution breach rate by segment"),
        "{out}"
    );
    let report = dir.path().join("reports/support-basic");
    let json = std::fs::read_to_string(report.join("summary.json")).unwrap_or_default();
    assert!(json.contains("\"scenario_sha256\""), "{json}");
    assert!(json.contains("\"escalsim_version\""));
    let csv = std::fs::read_to_string(report.join("summary.csv")).unwrap_or_default();
    assert!(csv.starts_with(
        "candidate,policy,staffing,metric,mean,ci_low,ci_high,sd,n,unit,base_metric,tier,severity,segment,category,role,rule\n"
    ));
    assert!(csv.contains(",resolution_breach_rate,"));
    // No partial files left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&report)
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().ends_with(".partial")),
        "{leftovers:?}"
    );
}

#[test]
fn generate_writes_the_ticket_csv() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let o = escalsim(
        dir.path(),
        &[
            "generate",
            p.to_str().unwrap_or_default(),
            "--out",
            "t/tickets.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("t/tickets.csv")).unwrap_or_default();
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.starts_with("id,arrival,"), "{header}");
    let rows = lines.count();
    assert!(rows > 100, "only {rows} tickets");
    assert!(
        stderr(&o).contains(&format!("wrote {rows} tickets")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_file_is_an_error_naming_it() {
    let dir = tempdir();
    for cmd in ["validate", "run"] {
        let o = escalsim(dir.path(), &[cmd, "nope.toml"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(err.contains("nope.toml"), "{cmd}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn toml_syntax_error_names_the_line() {
    let dir = tempdir();
    let p = write(dir.path(), "bad.toml", "name = \"x\"\n[run\nseed = 1\n");
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml:2"), "{err}");
}

#[test]
fn unknown_field_is_named_with_its_line() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    let text = text.replacen("[run]\n", "[run]\nhorizn_days = 3\n", 1);
    let p = write(dir.path(), "typo.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("horizn_days"), "{err}");
    assert!(err.contains("typo.toml:"), "{err}");
}

#[test]
fn every_validation_problem_is_reported_at_once() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    // Three independent problems: a share sum, an unknown tier on the path, a negative mean.
    let text = text
        .replacen(
            "[escalation]\npath = [\"T1\"",
            "[escalation]\npath = [\"T9\", \"T1\"",
            1,
        )
        .replacen("mean = 6,", "mean = -6,", 1)
        .replacen("share = 0.15", "share = 0.25", 1);
    let p = write(dir.path(), "many.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("T9"), "{err}");
    assert!(err.contains("tiers.T1.handle_minutes"), "{err}");
    assert!(err.contains("-6"), "{err}");
    assert!(err.contains("segments"), "{err}");
    assert!(err.contains("1.1"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_flags_are_errors() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let p = p.to_str().unwrap_or_default();
    for args in [
        vec!["run", p, "--replications", "0"],
        vec!["run", p, "--threads", "0"],
        vec!["run", p, "--seed", "abc"],
        vec!["frobnicate"],
    ] {
        let o = escalsim(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
}

#[test]
fn run_flags_are_range_checked_by_every_command() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let p = p.to_str().unwrap_or_default();
    for (args, message) in [
        (
            vec!["run", p, "--threads", "10000"],
            "invalid value '10000' for '--threads <N>': 10000 is not in 1..=256",
        ),
        (
            vec!["plan", p, "--threads", "257"],
            "invalid value '257' for '--threads <N>': 257 is not in 1..=256",
        ),
        (
            vec!["check", p, "--baseline", "b.json", "--threads", "0"],
            "invalid value '0' for '--threads <N>': 0 is not in 1..=256",
        ),
        (
            vec!["run", p, "--replications", "100001"],
            "invalid value '100001' for '--replications <N>': 100001 is not in 1..=100000",
        ),
        (
            vec!["check", p, "--baseline", "b.json", "--seed", "3"],
            "--seed requires --update-baseline",
        ),
        (
            vec!["plan", p, "--replications", "1"],
            "--replications must be at least 2 for a confidence interval, got 1",
        ),
    ] {
        let o = escalsim(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn shift_ending_before_it_starts_is_an_error_with_a_fix() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    let text = text.replacen(
        "start = \"06:00\", end = \"14:00\", agents = 8",
        "start = \"22:00\", end = \"06:00\", agents = 8",
        1,
    );
    let p = write(dir.path(), "night.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("tiers.T1.shifts[0]"), "{err}");
    assert!(err.contains("fix:"), "{err}");
}

#[test]
fn a_tier_without_agents_at_some_time_is_a_warning_not_an_error() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    // T3 only on weekday office hours: tickets reaching it at night wait.
    let text = text.replacen(
        "[tiers.T3]\nrole = \"engineer\"\nowner = \"engineering manager\"\nagents = 4",
        "[tiers.T3]\nrole = \"engineer\"\nowner = \"engineering manager\"\nshifts = [{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], start = \"09:00\", end = \"17:00\", agents = 4 }]",
        1,
    );
    let p = write(dir.path(), "office.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("warning: tiers.T3"), "{err}");
    assert!(err.contains("unbounded"), "{err}");
}

#[test]
fn trace_with_shard_or_an_unwritable_path_is_refused() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p.to_str().unwrap_or_default(),
            "--trace",
            "t.csv",
            "--shard",
            "0/2",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("--trace t.csv cannot be combined with --shard 0/2"),
        "{e}"
    );
    assert!(!dir.path().join("t.csv").exists());
    // A trace that cannot be written fails before anything runs.
    for (trace, message) in [
        (
            "missing/t.csv",
            "--trace missing/t.csv: the folder missing does not exist",
        ),
        (".", "--trace .: is a folder"),
    ] {
        let o = escalsim(
            dir.path(),
            &["run", p.to_str().unwrap_or_default(), "--trace", trace],
        );
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
        assert!(!dir.path().join("reports").exists());
    }
}

#[test]
fn mistyped_candidate_and_policy_names_are_refused_before_any_run() {
    let dir = tempdir();
    let p = shipped("support-basic.toml");
    let p = p.to_str().unwrap_or_default();
    // 1,000 replications would take minutes: the name is checked before any of them.
    let start = std::time::Instant::now();
    let o = escalsim(
        dir.path(),
        &[
            "run",
            p,
            "--replications",
            "1000",
            "--baseline",
            "tiered-fifo @ basline",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains(
            "no candidate named \"tiered-fifo @ basline\"; did you mean \"tiered-fifo @ baseline\"?"
        ),
        "{e}"
    );
    assert!(e.contains("(known: \"tiered-fifo @ baseline\""), "{e}");
    assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
    assert!(!dir.path().join("reports").exists());
    // A name nothing resembles gets the list, not a guess.
    let o = escalsim(dir.path(), &["run", p, "--baseline", "zzzz"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("did you mean"), "{}", stderr(&o));
    for args in [
        vec!["plan", p, "--policy", "tiered-fifoo"],
        vec!["diagram", p, "--policy", "tiered-fifoo"],
    ] {
        let o = escalsim(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("did you mean \"tiered-fifo\"?"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn run_output_fits_columns_and_wide_gives_the_full_tables() {
    let dir = tempdir();
    let p = shipped("saas-outage.toml");
    let p = p.to_str().unwrap_or_default();
    let args = ["run", p, "--out", "r", "--format", "json"];
    let o = crate::support::escalsim_env(dir.path(), &args, &[("COLUMNS", "120")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest <= 120, "a line of {longest} columns:\n{out}");
    assert!(longest > 100, "COLUMNS=120 was not used ({longest})");
    // The tables are all there, wrapped: every candidate and the key differences.
    for needle in [
        "outage-sop @",
        "ai-confident @",
        "resolution_breach_rate",
        "verdict",
    ] {
        assert!(out.contains(needle), "{needle}:\n{out}");
    }
    // Without COLUMNS (and not on a terminal): 100.
    let o = crate::support::escalsim_env(dir.path(), &args, &[("COLUMNS", "")]);
    let longest = stdout(&o)
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    assert!(longest <= 100 && longest > 80, "{longest}");
    // --wide: every row of the headline table on one line, as wide as it needs.
    let mut wide_args = args.to_vec();
    wide_args.push("--wide");
    let o = crate::support::escalsim_env(dir.path(), &wide_args, &[("COLUMNS", "120")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out
        .lines()
        .find(|l| l.starts_with("candidate") && l.contains("resolution breach"))
        .unwrap_or_default();
    for column in ["first-response breach", "escalations/ticket", "cost"] {
        assert!(header.contains(column), "{column} not in {header:?}");
    }
    assert!(header.chars().count() > 120, "{header}");
    assert!(
        out.lines().any(|l| l.starts_with("tiered @ baseline")
            && l.contains('±')
            && l.matches('±').count() >= 5),
        "{out}"
    );
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn validate_json_lists_every_problem_with_the_same_exit_codes() {
    let dir = tempdir();
    // Valid, nothing to say: exit 0.
    let p = shipped("support-basic.toml");
    let o = escalsim(
        dir.path(),
        &[
            "validate",
            p.to_str().unwrap_or_default(),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["format"], "escalsim-validate");
    assert_eq!(v["valid"], true);
    assert_eq!(v["scenario"], "support-basic");
    assert_eq!(v["problems"].as_array().map(Vec::len), Some(0));
    // Invalid: every error with path, message and fix; exit 2.
    let bad = write(
        dir.path(),
        "bad.toml",
        "name = \"b\"\n[run]\nhorizon_days = 1\n[escalation]\npath = [\"T9\"]\n",
    );
    let o = escalsim(
        dir.path(),
        &[
            "validate",
            bad.to_str().unwrap_or_default(),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    let problems = v["problems"].as_array().cloned().unwrap_or_default();
    assert!(problems.len() >= 3, "{problems:?}");
    let seed = problems
        .iter()
        .find(|p| p["path"] == "run.seed")
        .unwrap_or_else(|| panic!("no run.seed problem: {problems:?}"));
    assert_eq!(seed["level"], "error");
    assert_eq!(seed["message"], "missing required field");
    assert!(seed["fix"].as_str().is_some_and(|f| f.contains("seed =")));
    // A syntax error has its line and column.
    let syntax = write(
        dir.path(),
        "syntax.toml",
        "name = \"b\"\n[run]\nhorizon_days = \"x\"\n",
    );
    let o = escalsim(
        dir.path(),
        &[
            "validate",
            syntax.to_str().unwrap_or_default(),
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let v = json(&o);
    assert_eq!(v["problems"][0]["line"], 3);
    // Lint findings carry their code; --deny warnings fails them (exit 1).
    let sop = crate::support::repo().join("tests/snapshots/sop.toml");
    let args = [
        "validate",
        sop.to_str().unwrap_or_default(),
        "--format",
        "json",
        "--max-branches",
        "1",
    ];
    let o = escalsim(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let lint = &v["problems"][0];
    assert_eq!(lint["code"], "SOP005", "{v}");
    assert_eq!(lint["level"], "warning");
    assert!(
        lint["path"]
            .as_str()
            .is_some_and(|p| p.starts_with("policies."))
    );
    let mut deny = args.to_vec();
    deny.extend(["--deny", "warnings"]);
    assert_eq!(escalsim(dir.path(), &deny).status.code(), Some(1));
}

#[test]
fn completions_and_the_man_page() {
    let dir = tempdir();
    for (shell, needle) in [
        ("bash", "_escalsim()"),
        ("zsh", "#compdef escalsim"),
        ("fish", "complete -c escalsim"),
    ] {
        let o = escalsim(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(needle), "{shell}: {out}");
        // Subcommands and their flags are completed.
        assert!(out.contains("validate") && out.contains("wide"), "{shell}");
    }
    let o = escalsim(dir.path(), &["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = escalsim(dir.path(), &["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let man = stdout(&o);
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..man.len().min(200)]
    );
    assert!(man.contains(".TH escalsim 1"), "no title");
    assert!(
        man.contains(".SH \"ESCALSIM RUN\"") && man.contains("\\-\\-baseline"),
        "no run section"
    );
}
