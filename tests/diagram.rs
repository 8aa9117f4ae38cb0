//! `escalsim diagram`: snapshots of the Mermaid and DOT output for a shipped scenario
//! and for an SOP policy with every feature (set `UPDATE_SNAPSHOTS=1` to rewrite
//! `tests/snapshots/diagram/`), Graphviz accepts the DOT (skipped when `dot` is not
//! installed), and the command's exit codes and errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use escalsim::diagram::{self, Format};
use escalsim::model::sop::{
    Action, Cmp, Condition, DecisionPoint, Field, PriorityChange, Route, Rule, Sop, Trigger,
    TriggerTime,
};
use escalsim::model::{
    CategoryId, Discipline, Dist, Incident, PolicyKind, PolicySpec, Review, RoleId, Scenario,
    SegmentId, Severity, TierId,
};

use crate::lints::base_text;
use crate::support::{escalsim, repo, scenario_from, shipped, stderr, stdout, tempdir};

/// Compares `got` with `tests/snapshots/diagram/<name>`, or rewrites it when
/// `UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, got: &str) {
    let dir = repo().join("tests/snapshots/diagram");
    let path = dir.join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, got).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        got == want,
        "{name} differs from {} (rerun with UPDATE_SNAPSHOTS=1 if the change is intended):\n{got}",
        path.display()
    );
}

fn diagram_cli(dir: &Path, scenario: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["diagram", scenario.to_str().unwrap_or_default()];
    args.extend(extra);
    escalsim(dir, &args)
}

/// The base lint scenario with roles, an AI review, an incident detector and an SOP
/// policy using every feature.
fn sop_scenario() -> Scenario {
    let mut s = scenario_from(&base_text()).scenario;
    s.roles = [
        "support team lead",
        "support manager",
        "engineering manager",
        "regional manager",
    ]
    .map(String::from)
    .to_vec();
    s.keywords = ["invoice", "password", "outage", "down"]
        .map(String::from)
        .to_vec();
    s.ai.tier_accuracy = 0.85;
    s.ai.review = Some(Review {
        role: RoleId(1),
        severity_at_least: Some(Severity::Critical),
        below_confidence: Some(0.6),
        delay_minutes: Dist::Constant { value: 10.0 },
        work_minutes: 4.0,
        catch_rate: 0.9,
    });
    s.incident = Some(Incident {
        categories: vec![CategoryId(1)],
        window_ms: 30 * 60_000,
        threshold: 20,
        clear_below: 5,
        bypass_to: TierId(2),
        alert: vec![RoleId(3)],
        notice_after_ms: 15 * 60_000,
        notice_suppression: 0.4,
    });
    s.feedback.max_reopens = 2;
    let rules = vec![
        Rule {
            name: "outage \"down\" <now> & #1".into(),
            on: DecisionPoint::Arrival,
            when: vec![
                Condition::KeywordsAny(0b1100),
                Condition::Compare(Field::Sentiment, Cmp::Below, -0.3),
            ],
            action: Action {
                route: Some(Route::Tier(TierId(2))),
                priority: Some(PriorityChange::Set(1)),
                alert: vec![RoleId(2)],
                alert_owner: true,
                review: false,
            },
        },
        Rule {
            name: "confident AI for urgent tickets".into(),
            on: DecisionPoint::Arrival,
            when: vec![
                Condition::SeverityAtLeast(Severity::High),
                Condition::Compare(Field::AiConfidence, Cmp::AtLeast, 0.8),
            ],
            action: Action {
                route: Some(Route::Predicted),
                review: true,
                ..Action::default()
            },
        },
        Rule {
            name: "bounced twice to engineering".into(),
            on: DecisionPoint::Escalation,
            when: vec![Condition::Compare(Field::Bounces, Cmp::AtLeast, 2.0)],
            action: Action {
                route: Some(Route::Tier(TierId(2))),
                alert_owner: true,
                ..Action::default()
            },
        },
    ];
    let triggers = vec![Trigger {
        name: "enterprise SLA at risk".into(),
        when: TriggerTime::SlaRemainingBelow(30 * 60_000),
        also: vec![Condition::SegmentIn(vec![SegmentId(0)])],
        escalate_to: Some(TierId(1)),
        priority: Some(PriorityChange::Raise(1)),
        alert: vec![RoleId(1)],
        alert_owner: false,
    }];
    let mut p = PolicySpec::new(
        "sop-v2",
        PolicyKind::Sop(Box::new(Sop { rules, triggers })),
        Discipline::SlaRisk,
    );
    p.status_updates = true;
    p.incident_mode = true;
    s.policies = vec![p];
    s
}

#[test]
fn shipped_scenario_matches_its_mermaid_and_dot_snapshots() {
    let tmp = tempdir();
    let p = shipped("support-basic.toml");
    let o = diagram_cli(tmp.path(), &p, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    snapshot("support-basic.mmd", &stdout(&o));
    let o = diagram_cli(tmp.path(), &p, &["--format", "dot"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    snapshot("support-basic.dot", &stdout(&o));
}

#[test]
fn sop_policy_matches_its_mermaid_and_dot_snapshots() {
    let s = sop_scenario();
    let charts = diagram::all(&s);
    snapshot("sop.mmd", &diagram::render(&charts, Format::Mermaid));
    snapshot("sop.dot", &diagram::render(&charts, Format::Dot));
}

/// `dot`, if installed.
fn graphviz() -> Option<PathBuf> {
    ["/usr/bin/dot", "/usr/local/bin/dot"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

#[test]
fn graphviz_accepts_the_dot_output() {
    let Some(dot) = graphviz() else {
        println!("skipped: Graphviz `dot` is not installed (apt-get install -y graphviz)");
        return;
    };
    let tmp = tempdir();
    let mut sources = vec![diagram::render(&diagram::all(&sop_scenario()), Format::Dot)];
    for name in ["support-basic.toml", "peak-4tier.toml", "bench-3tier.toml"] {
        let o = diagram_cli(tmp.path(), &shipped(name), &["--format", "dot"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        sources.push(stdout(&o));
    }
    for src in sources {
        let mut child = Command::new(&dot)
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start dot: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(src.as_bytes())
                .unwrap_or_else(|e| panic!("cannot write to dot: {e}"));
        }
        let o = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("dot failed: {e}"));
        assert!(o.status.success(), "dot refused:\n{}\n{src}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
    }
}

#[test]
fn one_policy_a_file_and_clear_errors() {
    let tmp = tempdir();
    let p = shipped("support-basic.toml");
    // Every policy: one subgraph each.
    let all = stdout(&diagram_cli(tmp.path(), &p, &[]));
    assert_eq!(all.matches("  subgraph ").count(), 2, "{all}");
    // One policy.
    let o = diagram_cli(tmp.path(), &p, &["--policy", "tiered-severity"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let one = stdout(&o);
    assert!(
        one.starts_with(
            "flowchart TD\n  subgraph p0[\"tiered-severity — tiered policy, severity queues\"]\n"
        ),
        "{one}"
    );
    assert_eq!(one.matches("  subgraph ").count(), 1);
    // Into a file, nothing on stdout.
    let o = diagram_cli(
        tmp.path(),
        &p,
        &["--format", "dot", "--output", "out/flow.dot"],
    );
    assert_eq!(o.status.code(), Some(2), "the folder does not exist");
    std::fs::create_dir_all(tmp.path().join("out")).unwrap_or_else(|e| panic!("{e}"));
    let o = diagram_cli(
        tmp.path(),
        &p,
        &["--format", "dot", "--output", "out/flow.dot"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let written = std::fs::read_to_string(tmp.path().join("out/flow.dot")).unwrap_or_default();
    assert!(written.starts_with("digraph escalsim {\n"), "{written}");
    // An unknown policy names the known ones.
    let o = diagram_cli(tmp.path(), &p, &["--policy", "sop-v3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "unknown policy `sop-v3`; the scenario's policies are: `tiered-fifo`, `tiered-severity`"
        ),
        "{}",
        stderr(&o)
    );
    // A bad format or an invalid scenario is an error too.
    let o = diagram_cli(tmp.path(), &p, &["--format", "svg"]);
    assert_eq!(o.status.code(), Some(2));
    let bad = crate::support::write(tmp.path(), "bad.toml", "name = \"x\"\n");
    let o = diagram_cli(tmp.path(), &bad, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid scenario"), "{}", stderr(&o));
}
