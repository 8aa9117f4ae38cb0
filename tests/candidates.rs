//! Candidates as the planner pairs them: `[[candidates]]` and a policy's `staffing`
//! list run only the pairs they name, in their order and under their names, with the
//! same numbers those pairs get in the full cross product; bad pairings are refused
//! with their `file:line:column`.

use crate::support::{escalsim, shipped, stderr, stdout, tempdir, write};
use escalsim::scenario::{Level, Problem, ScenarioError, from_str};

/// Two policies × two staffing models, before any pairing.
const BASE: &str = r#"
name = "pairs"
[run]
start = 2026-01-05T00:00:00
horizon_days = 3
replications = 2
seed = 7
[tiers.T1]
agents = 2
handle_minutes = { dist = "exponential", mean = 5 }
[tiers.T2]
agents = 1
handle_minutes = { dist = "exponential", mean = 15 }
[segments.all]
share = 1
[categories.general]
share = 1
needs = { T1 = 0.8, T2 = 0.2 }
[severity]
medium = 0.5
high = 0.5
[sla.critical]
first_response_minutes = 15
resolution_hours = 4
[sla.high]
first_response_minutes = 30
resolution_hours = 8
[sla.medium]
first_response_hours = 2
resolution_hours = 24
[sla.low]
first_response_hours = 4
resolution_hours = 48
[arrivals]
per_hour = 10
[staffing.baseline]
[staffing.lean]
T1 = { agents = 1 }
[policies.fifo]
kind = "tiered"
[policies.severity]
kind = "tiered"
discipline = "severity"
"#;

fn names(text: &str) -> Vec<String> {
    let l = match from_str(text, "pairs.toml") {
        Ok(l) => l,
        Err(e) => panic!("expected a valid scenario:\n{e}"),
    };
    let s = &l.scenario;
    s.candidates()
        .into_iter()
        .map(|c| s.candidate_name(c))
        .collect()
}

fn problems(text: &str) -> Vec<Problem> {
    match from_str(text, "pairs.toml") {
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("expected validation problems, got:\n{e}"),
        Ok(l) => l.warnings,
    }
}

fn at<'a>(list: &'a [Problem], path: &str) -> &'a Problem {
    match list.iter().find(|p| p.path == path) {
        Some(p) => p,
        None => panic!("no problem at {path}; got {list:#?}"),
    }
}

#[test]
fn without_pairing_every_policy_runs_under_every_model() {
    assert_eq!(
        names(BASE),
        [
            "fifo @ baseline",
            "fifo @ lean",
            "severity @ baseline",
            "severity @ lean"
        ]
    );
}

#[test]
fn a_policy_staffing_list_pairs_only_that_policy() {
    let text = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = [\"lean\"]\n",
    );
    assert_eq!(
        names(&text),
        ["fifo @ baseline", "fifo @ lean", "severity @ lean"]
    );
    // The listed order is the candidate order.
    let text = BASE.replace(
        "kind = \"tiered\"\n[policies.severity]",
        "kind = \"tiered\"\nstaffing = [\"lean\", \"baseline\"]\n[policies.severity]",
    );
    assert_eq!(names(&text)[..2], ["fifo @ lean", "fifo @ baseline"]);
}

#[test]
fn an_explicit_list_runs_its_pairs_in_order_under_their_names() {
    let text = format!(
        "{BASE}\n[[candidates]]\npolicy = \"severity\"\nstaffing = \"lean\"\nname = \"severity on lean\"\n\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"baseline\"\n"
    );
    assert_eq!(names(&text), ["severity on lean", "fifo @ baseline"]);
}

#[test]
fn staffing_may_be_left_out_when_there_is_one_model() {
    let text = BASE.replace("[staffing.lean]\nT1 = { agents = 1 }\n", "")
        + "\n[[candidates]]\npolicy = \"severity\"\n";
    assert_eq!(names(&text), ["severity"]);
}

#[test]
fn bad_pairings_are_refused_with_their_paths() {
    let list = format!(
        "{BASE}\n[[candidates]]\npolicy = \"fifoo\"\nstaffing = \"baseline\"\n\n[[candidates]]\npolicy = \"fifo\"\n\n[[candidates]]\npolicy = \"severity\"\nstaffing = \"lean\"\nname = \"fifo\"\n\n[[candidates]]\npolicy = \"severity\"\nstaffing = \"lean\"\n\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"lean\"\nname = \" \"\n"
    );
    let ps = problems(&list);
    let p = at(&ps, "candidates[0].policy");
    assert_eq!(
        p.message,
        "unknown policy `fifoo` (known: `fifo`, `severity`)"
    );
    assert_eq!(p.fix, "did you mean `fifo`?");
    assert!(
        at(&ps, "candidates[1]")
            .message
            .contains("missing required field `staffing`")
    );
    assert!(
        at(&ps, "candidates[2].name")
            .message
            .contains("the name of another policy")
    );
    assert_eq!(
        at(&ps, "candidates[3]").message,
        "policy `severity` under staffing `lean` is already candidates[2]"
    );
    assert!(at(&ps, "candidates[4].name").message.contains("non-blank"));
    assert!(ps.iter().all(|p| p.level == Level::Error), "{ps:#?}");

    let empty = format!("candidates = []\n{BASE}");
    assert!(
        at(&problems(&empty), "candidates")
            .message
            .contains("empty")
    );

    let both = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = [\"lean\"]\n",
    ) + "\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"lean\"\n";
    assert!(
        at(&problems(&both), "policies.severity.staffing")
            .message
            .contains("both say which candidates run")
    );

    let lists = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = [\"lean\", \"lean\", \"leen\"]\n",
    );
    let ps = problems(&lists);
    assert_eq!(
        at(&ps, "policies.severity.staffing[1]").message,
        "staffing model `lean` is listed twice"
    );
    assert_eq!(
        at(&ps, "policies.severity.staffing[2]").fix,
        "did you mean `lean`?"
    );
    let none = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = []\n",
    );
    assert!(
        at(&problems(&none), "policies.severity.staffing")
            .message
            .contains("empty")
    );
    let twice = format!(
        "{BASE}\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"lean\"\nname = \"x\"\n\n[[candidates]]\npolicy = \"severity\"\nstaffing = \"lean\"\nname = \"x\"\n"
    );
    assert_eq!(
        at(&problems(&twice), "candidates[1].name").message,
        "candidates[0] is already shown as `x`"
    );
}

#[test]
fn models_and_policies_in_no_candidate_are_warned_about() {
    let text = format!("{BASE}\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"lean\"\n");
    let ps = problems(&text);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    assert_eq!(
        at(&ps, "staffing.baseline").message,
        "staffing model `baseline` is in no candidate, so it never runs"
    );
    assert_eq!(
        at(&ps, "policies.severity").message,
        "policy `severity` is in no candidate, so it never runs"
    );
    assert!(ps.iter().all(|p| p.level == Level::Warning));
}

#[test]
fn validate_points_at_a_bad_name_with_file_line_and_column() {
    let dir = tempdir();
    let text = format!("{BASE}\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"leen\"\n");
    let line = text.lines().count();
    write(dir.path(), "pairs.toml", &text);
    let o = escalsim(dir.path(), &["validate", "pairs.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "pairs.toml:{line}:12: error: candidates[0].staffing: unknown staffing model `leen` (known: `baseline`, `lean`)\n  fix: did you mean `lean`?"
        )),
        "{err}"
    );
}

/// The `candidate` column of summary.csv, each name once, in order.
fn csv_candidates(csv: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in csv.lines().skip(1) {
        let name = line.split(',').next().unwrap_or_default().to_string();
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

/// The summary.csv rows of `candidate`, without the candidate column.
fn rows_of(csv: &str, candidate: &str) -> Vec<String> {
    csv.lines()
        .filter_map(|l| l.strip_prefix(&format!("{candidate},")))
        .map(str::to_string)
        .collect()
}

#[test]
fn run_reports_only_the_paired_candidates_with_the_cross_product_numbers() {
    let dir = tempdir();
    let paired = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = [\"lean\"]\n",
    );
    write(dir.path(), "all.toml", BASE);
    write(dir.path(), "paired.toml", &paired);
    let run = |file: &str, out: &str, threads: &str| {
        let o = escalsim(
            dir.path(),
            &["run", file, "--out", out, "--threads", threads, "--quiet"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let read = |name: &str| {
            std::fs::read_to_string(dir.path().join(out).join(name))
                .unwrap_or_else(|e| panic!("{out}/{name}: {e}"))
        };
        (read("summary.csv"), read("summary.json"), read("report.md"))
    };
    let (all, _, _) = run("all.toml", "all", "1");
    let (csv1, json1, md) = run("paired.toml", "p1", "1");
    let (csv2, json2, _) = run("paired.toml", "p2", "2");
    assert_eq!(
        csv_candidates(&csv1),
        ["fifo @ baseline", "fifo @ lean", "severity @ lean"]
    );
    assert!(!md.contains("severity @ baseline"), "{md}");
    // Byte-identical at any thread count.
    assert_eq!(csv1, csv2);
    assert_eq!(json1, json2);
    // Common random numbers: a pair's numbers do not depend on which others run.
    for c in ["fifo @ baseline", "fifo @ lean", "severity @ lean"] {
        assert!(!rows_of(&csv1, c).is_empty());
        assert_eq!(rows_of(&csv1, c), rows_of(&all, c), "{c}");
    }
}

#[test]
fn validate_counts_paired_candidates() {
    let dir = tempdir();
    let text = format!(
        "{BASE}\n[[candidates]]\npolicy = \"fifo\"\nstaffing = \"lean\"\n\n[[candidates]]\npolicy = \"severity\"\nstaffing = \"baseline\"\n"
    );
    write(dir.path(), "pairs.toml", &text);
    let o = escalsim(dir.path(), &["validate", "pairs.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("2 candidates (paired from 2 policies and 2 staffing models)"),
        "{}",
        stdout(&o)
    );
    // The shipped scenarios keep the cross product.
    let p = shipped("support-basic.toml");
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert!(
        stdout(&o).contains("4 candidates (2 policies × 2 staffing models)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn sweep_refuses_a_policy_and_model_that_no_candidate_pairs() {
    let dir = tempdir();
    let text = BASE.replace(
        "discipline = \"severity\"\n",
        "discipline = \"severity\"\nstaffing = [\"lean\"]\n",
    );
    write(dir.path(), "pairs.toml", &text);
    let o = escalsim(
        dir.path(),
        &[
            "sweep",
            "pairs.toml",
            "--policy",
            "severity",
            "--staffing",
            "baseline",
            "--vary",
            "volume=1.1",
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no candidate pairs"), "{}", stderr(&o));
}
