//! #17 item 5: what-if sweeps. Points are paired with the base (same seeds), a
//! scaled work time scales each ticket's work exactly, and bad axes, names and
//! metrics are clear errors (axes and names before anything runs).

use escalsim::experiment::Options;
use escalsim::sweep::{self, axis};
use escalsim::tickets::TicketSource;

use crate::support::{escalsim, scenario_from, sla_all, stderr, stdout, tempdir, write};

/// One tier with far more agents than tickets: nobody waits, so a ticket's time to
/// resolution is its work. No tickets arrive on the last day (Wednesday), so every
/// ticket is resolved before the horizon.
fn ample() -> String {
    format!(
        r#"
name = "sweep-test"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 3
warmup_days = 0
replications = 4
seed = 11
[tiers.T1]
role = "desk"
owner = "lead"
agents = 500
handle_minutes = {{ dist = "lognormal", mean = 20, cv = 0.8 }}
cost_per_agent_hour = 1
[escalation]
path = ["T1"]
[segments.all]
share = 1
account_value = {{ dist = "constant", value = 0 }}
[categories.general]
share = 1
needs = {{ T1 = 1 }}
[severity]
medium = 1
{}
[arrivals]
per_hour = 30
day_of_week = {{ wed = 0 }}
[staffing.as-scheduled]
[policies.fifo]
kind = "tiered"
discipline = "fifo"
"#,
        sla_all(60.0, 48.0)
    )
}

fn sweep_of(text: &str, vary: &[&str]) -> sweep::Sweep {
    let s = scenario_from(text).scenario;
    let vary: Vec<axis::Vary> = vary
        .iter()
        .map(|v| axis::parse(v).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    sweep::run(
        &s,
        &vary,
        &TicketSource::Synthetic,
        &Options { threads: 2 },
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// With no waiting, `handle=1.5` gives every ticket 1.5 × its work: the TTR mean of
/// each replication is 1.5 × the base's (to the millisecond rounding; fresh draws
/// instead of scaled ones would differ by about 2 %, the standard error of a
/// replication's mean), so the paired difference is 0.5 × the base in every
/// replication, and the arrivals are the same tickets.
#[test]
fn a_work_time_factor_scales_each_tickets_work() {
    let r = sweep_of(&ample(), &["handle=1.5"]);
    let base = r.base.candidates[0].metric("ttr_mean_hours").expect("TTR");
    let p = &r.points[0];
    let at = p.candidates[0].metric("ttr_mean_hours").expect("TTR");
    for (b, x) in base.per_replication.iter().zip(&at.per_replication) {
        assert!((x - 1.5 * b).abs() <= 1e-6 * b, "{x} vs 1.5 × {b}");
    }
    let arrived = |c: &escalsim::metrics::summary::CandidateSummary| {
        c.metric("arrived")
            .expect("arrived")
            .per_replication
            .clone()
    };
    assert_eq!(arrived(&r.base.candidates[0]), arrived(&p.candidates[0]));
    let d = r.delta(p, 0, "ttr_mean_hours").expect("a difference");
    assert!((d.mean - 0.5 * base.mean).abs() <= 1e-6 * base.mean);
    // d = 0.5 × base in every replication, so its spread is half the base's: the
    // interval is t(0.975, 3) × 0.5 × sd / √4.
    let expected = 3.182_446_305 * 0.5 * base.sd / 2.0;
    assert!(
        (d.half_width - expected).abs() <= 1e-4 * expected,
        "{d:?} vs {expected}"
    );
}

/// `volume=2` doubles the arrival rate: about twice the tickets (Poisson counts of
/// about 1,440 a replication: within 8 %), and a value equal to the base (×1) is the
/// base point itself, not a second run.
#[test]
fn a_volume_factor_scales_arrivals_and_the_base_value_is_the_base() {
    let r = sweep_of(&ample(), &["volume=1,2"]);
    let mean = |c: &escalsim::metrics::summary::CandidateSummary| {
        c.metric("arrived").expect("arrived").mean
    };
    let (b, one, two) = (
        mean(&r.base.candidates[0]),
        mean(&r.points[0].candidates[0]),
        mean(&r.points[1].candidates[0]),
    );
    assert_eq!(b, one);
    assert!((two / b - 2.0).abs() < 0.16, "{two} vs 2 × {b}");
    let d = r.delta(&r.points[0], 0, "arrived").expect("a difference");
    assert_eq!(d.mean, 0.0);
    // The tornado has one row: volume from ×1 to ×2.
    let t = r.tornado(0, "arrived");
    assert_eq!(t.len(), 1);
    assert_eq!(((t[0].1).0, (t[0].2).0), (1.0, 2.0));
}

#[test]
fn sweep_writes_its_table_csv_and_charts() {
    let d = tempdir();
    write(d.path(), "s.toml", &ample());
    let o = escalsim(
        d.path(),
        &[
            "sweep",
            "s.toml",
            "--vary",
            "headcount=0.5,2",
            "--vary",
            "handle=1.2",
            "--out",
            "out",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", stderr(&o));
    assert!(out.contains("headcount × 0.5"), "{out}");
    assert!(
        out.contains("sensitivity of resolution_breach_rate"),
        "{out}"
    );
    let csv = std::fs::read_to_string(d.path().join("out/sweep.csv")).unwrap_or_default();
    assert!(
        csv.starts_with("candidate,axis,value,metric,mean,difference,"),
        "{csv}"
    );
    // Base + 3 points, 3 default metrics, 1 candidate.
    assert_eq!(csv.lines().count(), 1 + 4 * 3, "{csv}");
    assert!(d.path().join("out/charts/tornado-1.png").is_file());
    assert!(d.path().join("out/charts/tornado-1.svg").is_file());
}

#[test]
fn bad_axes_names_and_metrics_are_errors() {
    let d = tempdir();
    write(d.path(), "s.toml", &ample());
    for (args, expect) in [
        (vec!["--vary", "colume=1.1"], "unknown axis `colume`"),
        (vec!["--vary", "volume=1.1,1.1"], "1.1 is listed twice"),
        (
            vec!["--vary", "volume=1.1", "--policy", "fifoo"],
            "--policy fifoo: no such name; the scenario has `fifo`",
        ),
        (
            vec!["--vary", "volume=1.1", "--metric", "breach"],
            "--metric breach: not a metric",
        ),
        (
            vec![
                "--vary",
                "ai_accuracy=0.8",
                "--metric",
                "tier.T9.utilisation",
            ],
            "--metric tier.T9.utilisation: this scenario's runs do not report it",
        ),
    ] {
        let mut a = vec!["sweep", "s.toml"];
        a.extend(args.iter().copied());
        let o = escalsim(d.path(), &a);
        assert_eq!(o.status.code(), Some(2), "{a:?}");
        let err = stderr(&o);
        assert!(err.contains(expect), "{a:?}: {err}");
    }
}

/// The sensitivity ranks axes by the range they span with the base point in it: an
/// axis with one value counts (handle × 1.5 moves TTR by half), an axis that moves
/// nothing (headcount on an unqueued tier) comes after it. An axis given twice is an
/// error.
#[test]
fn the_sensitivity_ranks_one_value_axes_by_their_effect() {
    let d = tempdir();
    write(d.path(), "s.toml", &ample());
    let o = escalsim(
        d.path(),
        &[
            "sweep",
            "s.toml",
            "--vary",
            "headcount=0.9,1.1",
            "--vary",
            "handle=1.5",
            "--metric",
            "ttr_mean_hours",
            "--out",
            "out",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("fifo:"))
        .unwrap_or_else(|| panic!("no sensitivity line in\n{out}"));
    let (h, c) = (
        line.find("handle × 1.5").unwrap_or(usize::MAX),
        line.find("headcount").unwrap_or(0),
    );
    assert!(h < c, "{line}");
    let o = escalsim(
        d.path(),
        &[
            "sweep",
            "s.toml",
            "--vary",
            "volume=1.1",
            "--vary",
            "volume=1.2",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--vary volume: the axis is given twice"));
}
