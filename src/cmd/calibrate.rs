//! `escalsim calibrate SCENARIO`: first the **reader self-check** (replay the log along
//! its recorded paths with one agent per concurrently open ticket; nothing queues, so
//! the figures agree by construction unless the reader, the time mapping or the engine
//! is wrong: it never says "calibration holds"), then, when the log names its people
//! (an `agent` column) or `--roster` names a staffing model, the **calibration on
//! people** ([`crate::calibrate::people`]), which can fail. Exit 1 when either fails.

use anyhow::{Context, bail};

use crate::calibrate::people::{self, PeopleCalibration};
use crate::calibrate::{Row, calibrate};
use crate::cli::CalibrateArgs;
use crate::model::Scenario;

use super::{Outcome, load_scenario, replay_input};

/// Runs the calibration and prints the comparison.
pub fn run(args: CalibrateArgs) -> anyhow::Result<Outcome> {
    if args.tolerance.is_nan() || args.tolerance < 0.0 {
        bail!("--tolerance must be a number >= 0, got {}", args.tolerance);
    }
    if args.predict_tolerance.is_nan() || args.predict_tolerance < 0.0 {
        bail!(
            "--predict-tolerance must be a number >= 0, got {}",
            args.predict_tolerance
        );
    }
    let loaded = load_scenario(&args.scenario, false)?;
    let scenario = &loaded.scenario;
    let roster = match &args.roster {
        None => None,
        Some(name) => match scenario.staffing_models.iter().find(|m| &m.name == name) {
            Some(m) => Some(m.clone()),
            None => bail!(
                "{}: --roster {}: no staffing model of that name; the scenario has {}",
                args.scenario.display(),
                crate::terminal::escape(name),
                scenario
                    .staffing_models
                    .iter()
                    .map(|m| format!("`{}`", crate::terminal::escape(&m.name)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
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
    print_rows(&cal.rows, args.tolerance);
    let self_check = cal.within();
    if self_check {
        println!(
            "\nreader self-check passed: every figure within ±{}. The log is read as recorded; this alone says nothing about how well a staffed model of the organisation predicts it",
            fmt_tol(args.tolerance)
        );
    } else {
        println!(
            "\nreader self-check FAILED: some figures differ by more than ±{}; the replay does not give back the log (see docs/replay.md, \"escalsim calibrate\")",
            fmt_tol(args.tolerance)
        );
    }
    let headcount = source.replay().and_then(|r| r.summary.headcount.as_ref());
    if headcount.is_none() && roster.is_none() {
        println!(
            "\nno calibration on people: the log names nobody (map its assignee column as `agent` in the mapping) and no --roster was given, so work content cannot be told from waiting (see docs/replay.md, \"Calibration on people\")"
        );
        return Ok(if self_check {
            Outcome::Ok
        } else {
            Outcome::CheckFailed
        });
    }
    let opts = people::Options {
        holdout: args.holdout,
        tolerance: args.predict_tolerance,
        block_hours: args.block_hours,
        roster: roster.clone(),
    };
    let pc = match people::calibrate_people(scenario, &tickets, headcount, &opts) {
        Ok(pc) => pc,
        Err(e @ (people::PeopleError::TooShort { .. } | people::PeopleError::NoTickets)) => {
            println!("\nno calibration on people: {e}");
            return Ok(if self_check {
                Outcome::Ok
            } else {
                Outcome::CheckFailed
            });
        }
        Err(e) => {
            return Err(anyhow::Error::new(e)
                .context(format!("calibrating {} on people", args.scenario.display())));
        }
    };
    print_people(
        scenario,
        &pc,
        roster.as_ref().map(|r| r.name.as_str()),
        &opts,
    );
    Ok(if self_check && pc.holds() {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

fn print_rows(rows: &[Row], tolerance: f64) {
    println!(
        "{:<20} {:>14} {:>14} {:>11}  within ±{}",
        "figure",
        "simulated",
        "recorded",
        "difference",
        fmt_tol(tolerance)
    );
    println!("{}", "-".repeat(76));
    for r in rows {
        let diff = if r.difference.is_nan() {
            "-".to_string()
        } else if r.name.contains("rate") {
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
}

fn print_people(
    scenario: &Scenario,
    pc: &PeopleCalibration,
    roster: Option<&str>,
    opts: &people::Options,
) {
    let day = |t: i64| scenario.clock.datetime(t).format("%Y-%m-%d").to_string();
    let last_day = |t: i64| day(t - 1);
    let staffed = match roster {
        Some(r) => format!("staffing model `{}`", crate::terminal::escape(r)),
        None => format!(
            "the people the log shows at work ({}-hour blocks of the week, averaged over each window's weeks)",
            opts.block_hours
        ),
    };
    println!(
        "\ncalibration on people — {staffed}; work content fitted on {} to {} ({} tickets), then {} to {} predicted ({} tickets, {:.0} % of the days held out)",
        day(pc.fit.0),
        last_day(pc.fit.1),
        pc.fit_tickets,
        day(pc.holdout.0),
        last_day(pc.holdout.1),
        pc.holdout_tickets,
        opts.holdout * 100.0
    );
    if pc.outside > 0 {
        println!(
            "{} tickets arrived in sparse weeks before or after these windows (under a quarter of the mean weekly arrivals) and are left out",
            pc.outside
        );
    }
    println!(
        "\n{:<8} {:>7} {:>9} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9} {:>6}",
        "tier",
        "people",
        "on duty",
        "(held)",
        "visits",
        "queue h",
        "active h",
        "pending h",
        "work h",
        "work %",
        "fit h",
        "busy"
    );
    println!("{}", "-".repeat(110));
    for t in &pc.tiers {
        println!(
            "{:<8} {:>7} {:>9.1} {:>9.1} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.3} {:>6.1}% {:>9.2} {:>6}{}",
            crate::terminal::escape(&t.name),
            if roster.is_some() {
                "-".to_string()
            } else {
                t.people.to_string()
            },
            t.on_duty_fit,
            t.on_duty_holdout,
            t.visits,
            t.queue_h,
            t.active_h,
            t.pending_h,
            t.work_h,
            t.factor * 100.0,
            t.fitted_active_h,
            if t.utilisation.is_finite() {
                format!("{:.0}%", t.utilisation * 100.0)
            } else {
                "-".to_string()
            },
            if t.visits == 0 {
                ""
            } else if !t.fitted {
                "  NOT FITTED"
            } else if t.saturated {
                "  SATURATED"
            } else {
                ""
            }
        );
    }
    println!(
        "(per visit, fitting window: queue = until a person is assigned, active = not pending (queue included), work = fitted agent work, work % = work / active, fit h = simulated active time at the fit, busy = simulated busy share of the people on duty)"
    );
    println!("\nheld-out window, simulated against recorded:");
    print_rows(&pc.rows, opts.tolerance);
    let names = |f: &dyn Fn(&people::TierFit) -> bool| -> String {
        let v: Vec<&str> = pc
            .tiers
            .iter()
            .filter(|t| t.visits > 0 && f(t))
            .map(|t| t.name.as_str())
            .collect();
        crate::terminal::escape(&v.join(", ")).into_owned()
    };
    let unfitted = names(&|t| !t.fitted);
    let saturated = names(&|t| t.fitted && t.saturated);
    if pc.holds() {
        println!(
            "\ncalibration holds on the held-out window: every figure within ±{}; the fitted work per visit can be used as the tiers' handle time with this staffing",
            fmt_tol(opts.tolerance)
        );
    } else if !unfitted.is_empty() {
        println!(
            "\ncalibration FAILED: no work content reproduces the recorded active time at {unfitted} within the tolerance (near saturation the simulated mean jumps past the recorded one). The headcount as logged is a lower bound of the people at work (try --block-hours 8 or 24, or a --roster); check the tier mapping too"
        );
    } else if !saturated.is_empty() {
        println!(
            "\ncalibration FAILED: at {saturated} the fit keeps the people at least {:.0} % busy: the recorded times are matched by a queue that never empties, not by work, and the held-out window shows it. With these people, capacity does not explain the log's times under first come first served: either more people worked than the log shows (the headcount is a lower bound; try --block-hours or --roster), or they hold tickets while working on others, or do not work them in order (see docs/replay.md, \"Calibration on people\")",
            people::SATURATED * 100.0
        );
    } else {
        println!(
            "\ncalibration FAILED: the held-out window differs by more than ±{}; the staffed model does not predict this log (see docs/replay.md, \"Calibration on people\")",
            fmt_tol(opts.tolerance)
        );
    }
}

fn fmt_tol(t: f64) -> String {
    format!("{}% (rates: {} pt)", t * 100.0, t * 100.0)
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        "-".to_string()
    } else if x.fract() == 0.0 && x.abs() < 1e12 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}
