//! `escalsim fit`: the estimators on a hand-made log with known answers, the
//! recommender on a tiny train/test split, the written fragment pasted into a
//! scenario, the shipped UCI log, and the error without `[replay]`.

use std::path::Path;

use escalsim::fit::recommend::{self, Level, Recommender};
use escalsim::fit::{self, Obs};
use escalsim::model::{CategoryId, Scenario, Severity, TierId};
use escalsim::tickets::replay::{self, LoadOptions};

use crate::support::{escalsim, repo, stderr, stdout, tempdir, write};

const HEAD: &str = r#"
name = "fit-test"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 14
replications = 1
seed = 1
[escalation]
path = ["T1", "T2", "T3"]
[segments.std]
share = 1
[sla.critical]
first_response_hours = 1
resolution_hours = 4
[sla.high]
first_response_hours = 1
resolution_hours = 4
[sla.medium]
first_response_hours = 1
resolution_hours = 8
[sla.low]
first_response_hours = 1
resolution_hours = 8
"#;

/// The tables `fit` writes (replaced by the fragment).
const FITTED: &str = r#"
[tiers.T1]
agents = 1
handle_minutes = { dist = "constant", value = 10 }
[tiers.T2]
agents = 1
handle_minutes = { dist = "constant", value = 20 }
[tiers.T3]
agents = 1
handle_minutes = { dist = "constant", value = 30 }
[categories.net]
share = 0.5
needs = { T1 = 1 }
[categories.billing]
share = 0.5
needs = { T1 = 1 }
[severity]
medium = 1
[arrivals]
per_hour = 1
"#;

/// Ten tickets over two weeks (Mon 5 Jan – Sun 18 Jan 2026) with recorded paths.
const LOG: &str = "id,arrival,severity,segment,category,path
1,2026-01-05T09:00:00.000,medium,std,net,T1:10
2,2026-01-05T09:30:00.000,medium,std,net,T1:20;T2:40
3,2026-01-06T10:00:00.000,high,std,billing,T1:30
4,2026-01-07T10:15:00.000,medium,std,net,T1:10;T2:20
5,2026-01-08T14:00:00.000,medium,std,billing,T1:20;T3:60
6,2026-01-12T09:00:00.000,medium,std,net,T1:30;T2:30
7,2026-01-13T10:00:00.000,medium,std,net,T1:10
8,2026-01-18T23:00:00.000,high,std,billing,T2:10;T1:5
9,2026-01-18T23:30:00.000,medium,std,billing,T1:40
10,2026-01-18T23:45:00.000,medium,std,net,T1:10;T2:10
";

fn hand_made(dir: &Path) -> (Scenario, Vec<escalsim::tickets::Ticket>) {
    write(dir, "log.csv", LOG);
    let text = format!("{HEAD}\n[replay]\ntickets = \"log.csv\"\n{FITTED}");
    let path = write(dir, "s.toml", &text);
    let s = escalsim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    let src = s.replay.clone().unwrap_or_else(|| panic!("no [replay]"));
    let r = replay::load(&s, &src, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let t = r.tickets(&s, 0).collect();
    (s, t)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn estimators_on_a_hand_made_log() {
    let d = tempdir();
    let (s, t) = hand_made(d.path());
    let f = fit::fit(&s, &t, 0.3).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((f.tickets, f.with_path), (10, 10));
    // Arrivals: 14 whole days; hours 9, 10, 14, 23 hold 3, 3, 1, 3 tickets.
    let a = &f.arrivals;
    assert_eq!(a.days, 14);
    assert!(close(a.per_hour, 10.0 / 336.0));
    assert_eq!((a.hour_counts[9], a.hour_counts[10]), (3, 3));
    assert_eq!((a.hour_counts[14], a.hour_counts[23]), (1, 3));
    assert!(close(a.hour_of_day[9], 24.0 * 3.0 / 10.0));
    assert_eq!(a.day_counts, [3, 2, 1, 1, 0, 0, 3]);
    // Per occurrence (each weekday twice): 1.5, 1, .5, .5, 0, 0, 1.5 (sum 5).
    assert!(close(a.day_of_week[0], 7.0 * 1.5 / 5.0));
    assert!(close(a.day_of_week[4], 0.0));
    // Transfers: T1 → T2 ×4, T1 → T3 ×1, resolved at T1 ×5; T2 → T1 ×1, resolved ×4.
    assert_eq!(f.transfers.entry, [9, 1, 0]);
    assert_eq!(
        f.transfers.next,
        [vec![0, 4, 1, 5], vec![1, 0, 0, 4], vec![0, 0, 0, 1]]
    );
    assert_eq!(f.transfers.probabilities(1), Some(vec![0.2, 0.0, 0.0, 0.8]));
    // Resolving tiers: net T1 2, T2 4; billing T1 3, T3 1.
    assert_eq!(f.resolving.by_category, [vec![2, 4, 0], vec![3, 0, 1]]);
    assert_eq!(
        f.resolving.by_category_severity[1][Severity::High.index()],
        [2, 0, 0]
    );
    // Sojourns: T1 totals 10,20,30,10,20,30,10,5,40,10; T2 40,20,30,10,10.
    let t1 = f.sojourns.per_tier[0].unwrap_or_else(|| panic!("T1"));
    assert_eq!(t1.n, 10);
    assert!(close(t1.mean_minutes, 18.5));
    let t2 = f.sojourns.per_tier[1].unwrap_or_else(|| panic!("T2"));
    assert!(close(t2.mean_minutes, 22.0));
    assert!(close(t2.cv, 170f64.sqrt() / 22.0)); // sample variance 680 / 4
    assert!(f.sojourns.per_category[0].iter().all(Option::is_none)); // < 30 each
    assert_eq!(f.severity_counts, [0, 2, 8, 0]);
}

fn obs(cat: u16, sev: Severity, path: &[u16]) -> Obs {
    Obs {
        arrival_ms: 0,
        severity: sev,
        category: CategoryId(cat),
        path: path.iter().map(|&t| (TierId(t), 60_000)).collect(),
    }
}

#[test]
fn recommender_on_a_tiny_split() {
    use Severity::{High, Low, Medium};
    let train = [
        obs(0, Medium, &[0]),
        obs(0, Medium, &[0, 1]),
        obs(0, Medium, &[0, 1]),
        obs(1, High, &[0, 2]),
        obs(1, Low, &[1, 0]),
    ];
    let r = Recommender::train(3, &train, 1);
    assert_eq!(r.baseline(), TierId(0)); // T1 2, T2 2, T3 1: ties to the lower tier
    let test = [
        (obs(0, Medium, &[0, 1]), 1, Level::TierCategoryPriority), // right
        (obs(0, Medium, &[0]), 1, Level::TierCategoryPriority),    // wrong
        (obs(1, High, &[1, 2]), 2, Level::CategoryPriority),       // right
        (obs(1, Medium, &[0]), 0, Level::Category),                // tie T1/T3: right
        (obs(2, Low, &[2, 1]), 0, Level::Global),                  // unseen: wrong
    ];
    for (o, want, level) in &test {
        let got = r.predict(o.path[0].0, o.category, o.severity);
        assert_eq!(got, (TierId(*want), *level), "{o:?}");
    }
    let all: Vec<Obs> = train
        .iter()
        .cloned()
        .chain(test.iter().map(|(o, _, _)| o.clone()))
        .collect();
    let e = recommend::evaluate(3, &all, 0.5, 1).unwrap_or_else(|| panic!("no split"));
    assert_eq!((e.train, e.test), (5, 5));
    assert_eq!((e.correct, e.baseline_correct), (3, 2));
    assert!(close(e.accuracy(), 0.6) && close(e.baseline_accuracy(), 0.4));
    assert_eq!(e.confusion, [vec![1, 1, 0], vec![1, 1, 0], vec![0, 0, 1]]);
    assert_eq!(e.by_level, [(2, 1), (1, 1), (1, 1), (1, 0)]);
    assert!(recommend::evaluate(3, &all[..1], 0.3, 1).is_none());
}

/// Drops the tables a fit fragment replaces from scenario text.
fn without_fitted_tables(text: &str) -> String {
    let mut keep = true;
    let mut out = String::new();
    for line in text.lines() {
        let l = line.trim_start();
        if l.starts_with('[') {
            keep = ![
                "[tiers.",
                "[categories.",
                "[severity]",
                "[arrivals",
                "[[arrivals.",
            ]
            .iter()
            .any(|p| l.starts_with(p));
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn fragment_pastes_into_the_scenario_and_recommender_is_reported() {
    let d = tempdir();
    hand_made(d.path());
    let o = escalsim(d.path(), &["fit", "s.toml", "--out", "out/fit.toml"]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    // Train on tickets 1–7, test on 8–10 (see recommender docs): 3/3 vs baseline 2/3.
    assert!(
        out.contains("accuracy 1.000 (3/3); baseline (always T1) 0.667 (2/3)"),
        "{out}"
    );
    let fragment = std::fs::read_to_string(d.path().join("out/fit.toml"))
        .unwrap_or_else(|e| panic!("no fragment: {e}"));
    let tables: toml::Table = toml::from_str(&fragment)
        .unwrap_or_else(|e| panic!("fragment is not TOML: {e}\n{fragment}"));
    let at = |path: &[&str]| {
        let mut v = tables.get(path[0]);
        for k in &path[1..] {
            v = v.and_then(|v| v.get(k));
        }
        v.and_then(toml::Value::as_float)
            .unwrap_or_else(|| panic!("no number at {path:?}:\n{fragment}"))
    };
    assert_eq!(at(&["categories", "net", "needs", "T1"]), 0.3333);
    assert_eq!(at(&["categories", "net", "needs", "T2"]), 0.6667);
    assert_eq!(at(&["arrivals", "day_of_week", "mon"]), 2.1);
    assert_eq!(at(&["arrivals", "day_of_week", "tue"]), 1.4);
    let csv = std::fs::read_to_string(d.path().join("out/fit.transfers.csv"))
        .unwrap_or_else(|e| panic!("no transfers CSV: {e}"));
    // A native `path` column has no group names: groups are the tiers.
    assert_eq!(
        csv,
        "from_group,from_tier,to_group,to_tier,count,probability
T1,T1,T2,T2,4,0.4000
T1,T1,T3,T3,1,0.1000
T1,T1,resolved,,5,0.5000
T2,T2,T1,T1,1,0.2000
T2,T2,resolved,,4,0.8000
T3,T3,resolved,,1,1.0000
"
    );
    let again = escalsim(
        d.path(),
        &["fit", "s.toml", "--out", "out/again.toml", "-q"],
    );
    assert!(again.status.success() && stdout(&again).is_empty());
    let twice = std::fs::read_to_string(d.path().join("out/again.toml")).unwrap_or_default();
    assert_eq!(twice, fragment, "fit output is deterministic");
    let text = format!("{HEAD}\n{fragment}");
    let s = escalsim::scenario::from_str(&text, "pasted.toml")
        .unwrap_or_else(|e| panic!("pasted fragment invalid:\n{e}\n{text}"))
        .scenario;
    assert!(close(s.tiers[1].handle_minutes.mean(), 22.0));
    assert!(close(s.tiers[2].handle_minutes.mean(), 60.0)); // one stay: constant
    assert!(close(s.severity_shares[1], 0.2));
    assert!(close(s.arrivals.base_per_hour, 0.0298)); // 10 / 336, 4 decimals
    assert_eq!(
        s.categories[1].needs,
        [(TierId(0), 0.75), (TierId(2), 0.25)]
    );
    // The log's routing as a runnable `transfers` policy, from the transfer counts
    // above (no two consecutive stays at one tier, so visits are stays).
    let p = s
        .policies
        .iter()
        .find(|p| p.name == "fitted-transfers")
        .unwrap_or_else(|| panic!("no fitted-transfers policy:\n{fragment}"));
    let escalsim::model::PolicyKind::Transfers(m) = &p.kind else {
        panic!("fitted-transfers is not a transfers policy");
    };
    assert_eq!(m.entry, [0.9, 0.1, 0.0]);
    assert_eq!(m.resolve, [0.5, 0.8, 1.0]);
    assert_eq!(m.next[0], [0.0, 0.4, 0.1]);
    assert_eq!(m.next[1], [0.2, 0.0, 0.0]);
    assert!(fragment.contains("0 of 10 tickets (0.0 %)"), "{fragment}");
}

#[test]
fn uci_fit_runs_and_its_fragment_pastes() {
    let d = tempdir();
    let out_file = d.path().join("fit.toml");
    let o = escalsim(
        &repo(),
        &[
            "fit",
            "scenarios/uci-servicenow.toml",
            "--out",
            out_file.to_str().unwrap_or_default(),
        ],
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(
        out.contains("fitted from 24918 tickets (24918 with a recorded path)"),
        "{out}"
    );
    assert!(
        out.contains("accuracy 0.791 (5911/7475); baseline (always L1) 0.658 (4919/7475)"),
        "{out}"
    );
    assert!(
        out.contains("warning: 261 of the 354 days have fewer than a quarter"),
        "{out}"
    );
    let fragment =
        std::fs::read_to_string(&out_file).unwrap_or_else(|e| panic!("no fragment: {e}"));
    let scenario = std::fs::read_to_string(repo().join("scenarios/uci-servicenow.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = format!("{}\n{fragment}", without_fitted_tables(&scenario));
    let s = escalsim::scenario::from_str(&text, "uci-pasted.toml")
        .unwrap_or_else(|e| panic!("pasted fragment invalid:\n{e}"))
        .scenario;
    assert_eq!(s.tiers.len(), 3);
    let csv = std::fs::read_to_string(d.path().join("fit.transfers.csv")).unwrap_or_default();
    assert!(
        csv.contains("\nGroup 70,L1,"),
        "{}",
        &csv[..csv.len().min(400)]
    );
    assert!(s.categories.iter().all(|c| !c.needs.is_empty()));
    // The log's routing between visits, runnable as a policy (docs/replay.md).
    let fitted = s.policies.iter().find(|p| p.name == "fitted-transfers");
    let Some(escalsim::model::PolicyKind::Transfers(m)) = fitted.map(|p| &p.kind) else {
        panic!("no fitted-transfers policy");
    };
    assert_eq!(m.entry, [0.7447, 0.2194, 0.0359]);
    assert_eq!(m.resolve, [0.6955, 0.6528, 0.5312]);
    assert!(fragment.contains("2466 of 24918 tickets (9.9 %)"));
}

#[test]
fn without_replay_is_a_clear_error() {
    let d = tempdir();
    write(d.path(), "s.toml", &format!("{HEAD}{FITTED}"));
    let o = escalsim(d.path(), &["fit", "s.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("s.toml: fitting needs a log: add a [replay] table"),
        "{}",
        stderr(&o)
    );
    let o = escalsim(d.path(), &["fit", "s.toml", "--holdout", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--holdout must be a fraction between 0 and 1"));
}
