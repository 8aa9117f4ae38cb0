//! `escalsim sweep SCENARIO --vary AXIS=V1,V2 …`: the what-if sweep
//! ([`crate::sweep`]): every candidate at the base point and at each varied point,
//! a table per metric of each point's value and its paired difference from the base,
//! the sensitivity (tornado) ranking per candidate, `sweep.csv` and one tornado chart
//! per candidate in the output folder.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::chart::tornado::{Row as TornadoRow, Swing, Tornado};
use crate::cli::SweepArgs;
use crate::experiment::Options;
use crate::metrics::catalog::{self, Format};
use crate::model::Scenario;
use crate::sweep::{self, Sweep};
use crate::terminal::escape;

use super::{Outcome, load_scenario, replay_input};

/// Runs the sweep and writes its files.
pub fn run(args: SweepArgs) -> anyhow::Result<Outcome> {
    let mut loaded = load_scenario(&args.scenario, args.quiet)?;
    args.run.apply(&mut loaded.scenario.run);
    let scenario = &mut loaded.scenario;
    keep(
        &args.scenario,
        "--policy",
        &args.policy,
        &mut scenario.policies,
        |p| &p.name,
    )?;
    keep(
        &args.scenario,
        "--staffing",
        &args.staffing,
        &mut scenario.staffing_models,
        |m| &m.name,
    )?;
    if scenario.candidates().is_empty() {
        bail!(
            "{}: no candidate pairs the policies and staffing models kept by --policy / --staffing; pick a pair its [[candidates]] or policies' staffing lists name",
            args.scenario.display()
        );
    }
    let scenario: &Scenario = scenario;
    let metrics: Vec<String> = if args.metric.is_empty() {
        [
            catalog::RESOLUTION_BREACH_RATE,
            catalog::TTR_MEAN_HOURS,
            catalog::COST,
        ]
        .map(String::from)
        .to_vec()
    } else {
        args.metric.clone()
    };
    for m in &metrics {
        if catalog::lookup(m).is_none() {
            bail!(
                "--metric {}: not a metric escalsim reports; see docs/metrics.md (e.g. resolution_breach_rate, ttr_p90_hours, tier.T2.utilisation)",
                escape(m)
            );
        }
    }
    let jobs = sweep::job_count(scenario, &args.vary);
    crate::limits::check(&crate::limits::estimate(scenario, jobs))
        .with_context(|| format!("{}", args.scenario.display()))?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name).join("sweep"));
    for (i, v) in args.vary.iter().enumerate() {
        if args.vary[..i].iter().any(|w| w.axis == v.axis) {
            bail!(
                "--vary {}: the axis is given twice; list all its values in one --vary, e.g. {}=0.9,1.1",
                v.axis.name(),
                v.axis.name()
            );
        }
    }
    let tickets = replay_input::load(scenario, None, args.quiet)?;
    if args
        .vary
        .iter()
        .any(|v| v.axis == sweep::axis::Axis::AiAccuracy)
        && tickets
            .replay()
            .is_some_and(|r| r.summary.predictions.0 > 0)
    {
        bail!(
            "{}: --vary ai_accuracy: the replayed tickets carry a team model's predicted_tier, which replaces the scenario AI's prediction, so its accuracy would change nothing",
            args.scenario.display()
        );
    }
    let bar = super::run::progress_bar(jobs as u64, args.quiet);
    let options = Options {
        threads: args.run.threads(),
    };
    let result = sweep::run(scenario, &args.vary, &tickets, &options, &|| bar.inc(1))
        .with_context(|| format!("sweeping {}", args.scenario.display()))?;
    bar.finish_and_clear();
    replay_input::check_after(&tickets, scenario)?;
    for m in &metrics {
        if result.base.candidates.iter().any(|c| c.metric(m).is_none()) {
            bail!(
                "--metric {}: this scenario's runs do not report it (a tier, segment or rule name that is not in the scenario?)",
                escape(m)
            );
        }
    }
    if !args.quiet {
        print(scenario, &result, &metrics);
    }
    write_files(scenario, &result, &metrics, &out_dir)?;
    if !args.quiet {
        println!(
            "\nwrote {} (sweep.csv, charts/tornado-*.svg/png)",
            out_dir.display()
        );
    }
    Ok(Outcome::Ok)
}

/// Keeps only the items named in `names` (all when empty); an unknown name is an
/// error listing the known ones.
fn keep<T>(
    path: &Path,
    flag: &str,
    names: &[String],
    items: &mut Vec<T>,
    name: impl Fn(&T) -> &String,
) -> anyhow::Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    for n in names {
        if !items.iter().any(|i| name(i) == n) {
            let known: Vec<String> = items
                .iter()
                .map(|i| format!("`{}`", escape(name(i))))
                .collect();
            bail!(
                "{}: {flag} {}: no such name; the scenario has {}",
                path.display(),
                escape(n),
                known.join(", ")
            );
        }
    }
    items.retain(|i| names.contains(name(i)));
    Ok(())
}

fn value(metric: &str, x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    match catalog::format(metric) {
        Format::Percent => format!("{:.2}%", x * 100.0),
        Format::Decimal3 => format!("{x:.3}"),
        Format::Whole => format!("{x:.0}"),
    }
}

fn difference(metric: &str, mean: f64, hw: f64) -> String {
    if !mean.is_finite() {
        return "-".into();
    }
    let (m, h, unit, digits) = match catalog::format(metric) {
        Format::Percent => (mean * 100.0, hw * 100.0, " pt", 2),
        Format::Decimal3 => (mean, hw, "", 3),
        Format::Whole => (mean, hw, "", 0),
    };
    // No "-0": a difference that rounds to zero prints as zero.
    let m = if format!("{m:.digits$}")
        .trim_start_matches('-')
        .trim_matches(['0', '.'])
        .is_empty()
    {
        0.0
    } else {
        m
    };
    if h.is_finite() {
        format!(
            "{m:+.digits$}{unit} [{:+.digits$}, {:+.digits$}]",
            m - h,
            m + h
        )
    } else {
        format!("{m:+.digits$}{unit}")
    }
}

fn point_label(p: &sweep::Point) -> String {
    match p.axis {
        None => "as is".into(),
        Some(a) => format!("{} {}", a.name(), a.show(p.value)),
    }
}

fn print(scenario: &Scenario, r: &Sweep, metrics: &[String]) {
    let n_points = r.points.len();
    println!(
        "{} — sweep: {} candidate(s) × {} replication(s) at the scenario as it is and {n_points} varied point(s); differences are paired against \"as is\" (same seeds), with 95 % intervals",
        escape(&scenario.name),
        r.base.candidates.len(),
        scenario.run.replications,
    );
    for m in metrics {
        println!("\n{}", escape(m));
        println!(
            "{:<34} {:<22} {:>12}  difference from as is [95 % interval]",
            "candidate", "point", "value"
        );
        println!("{}", "-".repeat(104));
        for (c, cand) in r.base.candidates.iter().enumerate() {
            let base = cand.metric(m).map_or(f64::NAN, |x| x.mean);
            println!(
                "{:<34} {:<22} {:>12}",
                escape(&cand.name),
                "as is",
                value(m, base)
            );
            for p in &r.points {
                if let Some(d) = r.delta(p, c, m) {
                    println!(
                        "{:<34} {:<22} {:>12}  {}",
                        "",
                        point_label(p),
                        value(m, d.value),
                        difference(m, d.mean, d.half_width)
                    );
                }
            }
        }
    }
    let m = &metrics[0];
    println!("\nsensitivity of {} (widest swing first):", escape(m));
    for (c, cand) in r.base.candidates.iter().enumerate() {
        let rows = sorted_tornado(r, c, m);
        let parts: Vec<String> = rows
            .iter()
            .map(|(label, lo, hi)| {
                if label.contains(" / ") {
                    format!(
                        "{label}: {} / {}",
                        difference(m, lo.mean, f64::NAN),
                        difference(m, hi.mean, f64::NAN)
                    )
                } else {
                    format!("{label}: {}", difference(m, hi.mean, f64::NAN))
                }
            })
            .collect();
        println!("  {}: {}", escape(&cand.name), parts.join("; "));
    }
}

/// The tornado rows of candidate `c`, widest swing first.
fn sorted_tornado(r: &Sweep, c: usize, metric: &str) -> Vec<(String, Swing, Swing)> {
    let mut rows: Vec<(String, Swing, Swing, f64)> = r
        .tornado(c, metric)
        .into_iter()
        .map(|(a, (lv, lo), (hv, hi))| {
            // The range the axis spans with the base point (difference 0) in it, so
            // an axis with one value, or whose ends move the same way, ranks by its
            // largest effect.
            let swing = [0.0, lo.mean, hi.mean]
                .iter()
                .copied()
                .fold(f64::MIN, f64::max)
                - [0.0, lo.mean, hi.mean]
                    .iter()
                    .copied()
                    .fold(f64::MAX, f64::min);
            let label = if lv == hv {
                format!("{} {}", a.name(), a.show(lv))
            } else {
                format!("{} {} / {}", a.name(), a.show(lv), a.show(hv))
            };
            (
                label,
                Swing {
                    mean: lo.mean,
                    half_width: lo.half_width,
                },
                Swing {
                    mean: hi.mean,
                    half_width: hi.half_width,
                },
                if swing.is_finite() { swing } else { 0.0 },
            )
        })
        .collect();
    rows.sort_by(|a, b| b.3.total_cmp(&a.3));
    rows.into_iter().map(|(l, a, b, _)| (l, a, b)).collect()
}

fn write_files(
    scenario: &Scenario,
    r: &Sweep,
    metrics: &[String],
    dir: &Path,
) -> anyhow::Result<()> {
    crate::out_file::real_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("sweep.csv");
    let tmp = crate::out_file::partial(&path);
    let file =
        crate::out_file::fresh(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    w.write_record([
        "candidate",
        "axis",
        "value",
        "metric",
        "mean",
        "difference",
        "difference_ci_low",
        "difference_ci_high",
        "replications",
    ])?;
    let cell = |s: &str| crate::csv_cell::cell(s).into_owned();
    for (c, cand) in r.base.candidates.iter().enumerate() {
        for m in metrics {
            let base = cand.metric(m).map_or(f64::NAN, |x| x.mean);
            w.write_record([
                cell(&cand.name),
                String::new(),
                String::new(),
                m.clone(),
                num(base),
                "0".into(),
                "0".into(),
                "0".into(),
                scenario.run.replications.to_string(),
            ])?;
            for p in &r.points {
                let Some(d) = r.delta(p, c, m) else { continue };
                w.write_record([
                    cell(&cand.name),
                    p.axis.map_or("", |a| a.name()).to_string(),
                    num(p.value),
                    m.clone(),
                    num(d.value),
                    num(d.mean),
                    num(d.mean - d.half_width),
                    num(d.mean + d.half_width),
                    scenario.run.replications.to_string(),
                ])?;
            }
        }
    }
    let mut inner = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    inner.flush()?;
    drop(inner);
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))?;

    let m = &metrics[0];
    let scale = if catalog::format(m) == Format::Percent {
        100.0
    } else {
        1.0
    };
    let unit = if scale == 100.0 { " (points)" } else { "" };
    for (c, cand) in r.base.candidates.iter().enumerate() {
        let rows: Vec<TornadoRow> = sorted_tornado(r, c, m)
            .into_iter()
            .map(|(label, low, high)| TornadoRow { label, low, high })
            .collect();
        if rows.is_empty() {
            continue;
        }
        let chart = Tornado {
            stem: format!("tornado-{}", c + 1),
            title: format!("{}: what moves {m}", cand.name),
            axis: format!("difference from the scenario as it is{unit}"),
            rows,
            scale,
        };
        crate::chart::save(&chart, &dir.join("charts"))?;
    }
    Ok(())
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}
