//! `escalsim diagram`: snapshots of the Mermaid and DOT output for a shipped scenario
//! and for an SOP policy with every feature (set `UPDATE_SNAPSHOTS=1` to rewrite
//! `tests/snapshots/diagram/`), Graphviz accepts the DOT (skipped when `dot` is not
//! installed), and the command's exit codes and errors.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use escalsim::diagram::{self, Format};

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

/// An SOP policy with every feature the diagram draws, and an `ai` policy.
fn sop_file() -> PathBuf {
    repo().join("tests/data/diagram/sop.toml")
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
    let tmp = tempdir();
    for (format, name) in [("mermaid", "sop.mmd"), ("dot", "sop.dot")] {
        let o = diagram_cli(tmp.path(), &sop_file(), &["--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        snapshot(name, &stdout(&o));
    }
    // Names with syntax characters stay inside their labels.
    let s = scenario_from(&std::fs::read_to_string(sop_file()).unwrap_or_default()).scenario;
    let charts = diagram::all(&s);
    let m = diagram::render(&charts, Format::Mermaid);
    assert!(
        m.contains("{\"outage #34;down#34; #60;now#62; #38; #35;1:<br/>AI detects"),
        "{m}"
    );
    for line in m.lines() {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
    }
    let d = diagram::render(&charts, Format::Dot);
    assert!(
        d.contains(r#"label="outage \"down\" <now> & #1:\nAI detects"#),
        "{d}"
    );
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
    let mut sources = Vec::new();
    let files = [
        "support-basic.toml",
        "peak-4tier.toml",
        "bench-3tier.toml",
        "saas-outage.toml",
        "b2b-accounts.toml",
    ]
    .map(shipped)
    .into_iter()
    .chain([sop_file()]);
    for file in files {
        let name = file.display().to_string();
        let o = diagram_cli(tmp.path(), &file, &["--format", "dot"]);
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

#[test]
fn a_transfers_policy_draws_every_outcome_with_its_probability() {
    let loaded = scenario_from(&crate::lifecycle::send_back_network(10.0));
    let text = diagram::render(&diagram::all(&loaded.scenario), Format::Mermaid);
    for edge in [
        "-->|\"100 #37;\"|",
        "-->|\"resolves 50 #37;\"|",
        "-->|\"transfers 50 #37;\"|",
        "-->|\"sends back 20 #37;\"|",
        "-->|\"transfers 40 #37;\"|",
        "-->|\"sends back 30 #37;\"|",
        "-->|\"resolves 70 #37;\"|",
    ] {
        assert_eq!(text.matches(edge).count(), 1, "{edge} in\n{text}");
    }
    // No path-climbing edges: the matrix alone routes.
    assert!(!text.contains("cannot resolve"), "{text}");
}
