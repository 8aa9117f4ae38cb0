//! `escalsim calibrate SCENARIO`: the **reader self-check**: replay the scenario's log
//! along its recorded paths with one agent per concurrently open ticket, and print
//! simulated against recorded figures; exit 1 when a figure is outside the tolerance.
//! Nothing queues in that replay, so the figures agree by construction unless the
//! reader, the time mapping or the engine is wrong: it never says "calibration holds".

use anyhow::{Context, bail};

use crate::calibrate::calibrate;
use crate::cli::CalibrateArgs;

use super::{Outcome, load_scenario, replay_input};

/// Runs the calibration and prints the comparison.
pub fn run(args: CalibrateArgs) -> anyhow::Result<Outcome> {
    if args.tolerance.is_nan() || args.tolerance < 0.0 {
        bail!("--tolerance must be a number >= 0, got {}", args.tolerance);
    }
    let loaded = load_scenario(&args.scenario, false)?;
    let scenario = &loaded.scenario;
    let source = replay_input::load(scenario, args.skip_bad_rows.as_deref(), false)?;
    if source.replay().is_none() {
        bail!(
            "{}: calibration needs a log: add a [replay] table with tickets = \"…\" (see docs/replay.md)",
            args.scenario.display()
        );
    }
    let tickets: Vec<_> = source.tickets(scenario, 0).collect();
    replay_input::check_after(&source, scenario)?;
    if !tickets.iter().any(|t| t.recorded.is_some()) {
        bail!(
            "{}: no replayed ticket has a recorded path; calibration needs an event log or a `path` column (see docs/replay.md)",
            args.scenario.display()
        );
    }
    let cal = calibrate(scenario, &tickets, args.tolerance).with_context(|| {
        format!(
            "replaying {} along its recorded paths",
            args.scenario.display()
        )
    })?;
    let agents: Vec<String> = cal.agents.iter().map(|(t, a)| format!("{t} {a}")).collect();
    println!(
        "{} — reader self-check, not a calibration: {} tickets along their recorded paths with one agent per concurrently open ticket (peak concurrency: {}), so nothing queues and the replay must give back the recorded figures",
        scenario.name,
        cal.tickets,
        agents.join(", ")
    );
    if cal.unresolved > 0 {
        println!(
            "{} of them have no recorded resolution (the log ends at their last update): the replay ends them after their last stay; they are not counted as resolved, nor in the TTR figures",
            cal.unresolved
        );
    }
    println!();
    println!(
        "{:<20} {:>14} {:>14} {:>11}  within ±{}",
        "figure",
        "simulated",
        "recorded",
        "difference",
        fmt_tol(args.tolerance)
    );
    println!("{}", "-".repeat(76));
    for r in &cal.rows {
        let diff = if r.name.contains("rate") {
            format!("{:.2} pt", r.difference * 100.0)
        } else {
            format!("{:.2}%", r.difference * 100.0)
        };
        println!(
            "{:<20} {:>14} {:>14} {:>11}  {}",
            crate::terminal::escape(&r.name),
            fmt(r.simulated),
            fmt(r.recorded),
            diff,
            if r.within { "yes" } else { "NO" }
        );
    }
    if cal.within() {
        println!(
            "\nreader self-check passed: every figure within ±{}. The log is read as recorded; this says nothing about how well a staffed model of the organisation predicts it",
            fmt_tol(args.tolerance)
        );
        Ok(Outcome::Ok)
    } else {
        println!(
            "\nreader self-check FAILED: some figures differ by more than ±{}; the replay does not give back the log (see docs/replay.md, \"escalsim calibrate\")",
            fmt_tol(args.tolerance)
        );
        Ok(Outcome::CheckFailed)
    }
}

fn fmt_tol(t: f64) -> String {
    format!("{}% (rates: {} pt)", t * 100.0, t * 100.0)
}

fn fmt(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e12 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}
