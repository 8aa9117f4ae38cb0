//! `escalsim plan SCENARIO --policy NAME`: the cheapest staffing per tier and block of
//! the week that meets every SLA, printed and written as a table, a CSV and a staffing
//! model to paste into the scenario.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::chart::{self, staffing::StaffingChart};
use crate::cli::PlanArgs;
use crate::plan::{self, Plan, PlanOptions};
use crate::report::{table::render_rows, write_atomic};
use crate::scenario::write::{comment_lines, staffing_model_toml};

use super::{Outcome, load_scenario, replay_input};

/// Plans, prints and writes. Exit 1 when no plan meeting the SLAs was found.
pub fn run(args: PlanArgs) -> anyhow::Result<Outcome> {
    let mut loaded = load_scenario(&args.scenario, args.quiet)?;
    if let Some(r) = args.run.replications.filter(|&r| r < 2) {
        bail!("--replications must be at least 2 for a confidence interval, got {r}");
    }
    args.run.apply(&mut loaded.scenario.run);
    let s = &loaded.scenario;
    if s.run.replications < 2 {
        bail!(
            "{}: run.replications is {}; planning needs at least 2 (use --replications)",
            args.scenario.display(),
            s.run.replications
        );
    }
    let policy = match &args.policy {
        None => 0,
        Some(name) => s
            .policies
            .iter()
            .position(|p| &p.name == name)
            .with_context(|| {
                let known: Vec<&str> = s.policies.iter().map(|p| p.name.as_str()).collect();
                format!(
                    "unknown policy \"{name}\"{} (the scenario has: {})",
                    crate::metrics::compare::did_you_mean(name, &known),
                    known.join(", ")
                )
            })?,
    };
    let threads = args.run.threads();
    let options = PlanOptions {
        policy,
        attainment: args.attainment,
        block_hours: args.block_hours,
        max_rounds: args.max_rounds,
        threads,
    };
    let quiet = args.quiet;
    let tickets = replay_input::load(s, None, quiet)?;
    let planned = plan::plan(s, &tickets, &options, &|step| {
        if !quiet {
            eprintln!(
                "  {:<40} {:>9.0} agent-h/week  {}",
                step.action,
                step.agent_hours_per_week,
                if step.meets {
                    "meets every SLA"
                } else {
                    "misses an SLA"
                }
            );
        }
    });
    let result = match planned {
        Err(plan::PlanError::Infeasible(why)) => {
            let source = replay_input::check_after(&tickets, s)?;
            let text = render_infeasible(s, &why, &options, &source);
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("writing the plan")?;
            return Ok(Outcome::CheckFailed);
        }
        other => other.with_context(|| format!("planning {}", args.scenario.display()))?,
    };
    let source = replay_input::check_after(&tickets, s)?;

    let text = render(s, &result, &options, &source);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&s.name).join("plan"));
    std::fs::create_dir_all(&out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let per_tier: Vec<_> = (0..s.tiers.len()).map(|t| result.staffing(t)).collect();
    let model_name = format!("planned-{}", s.policies[policy].name);
    let toml = format!(
        "{}{}",
        comment_lines(&format!(
            "Staffing planned by `escalsim plan` for policy \"{}\": {} of tickets within every SLA\n(lower end of the 95 % interval), blocks of {} h. Append to the scenario to compare it.",
            s.policies[policy].name,
            percent(options.attainment),
            options.block_hours,
        )),
        staffing_model_toml(&model_name, s, &per_tier)?
    );
    let files = [
        ("plan.txt", text.clone().into_bytes()),
        ("plan.csv", csv(s, &result).into_bytes()),
        ("staffing.toml", toml.into_bytes()),
    ];
    for (name, bytes) in &files {
        let p = out_dir.join(name);
        write_atomic(&p, bytes).with_context(|| format!("writing {}", p.display()))?;
    }
    let chart = StaffingChart {
        title: format!(
            "{}: planned agents against offered load over the week",
            s.name
        ),
        tiers: s.tiers.iter().map(|t| t.name.clone()).collect(),
        block_hours: f64::from(options.block_hours),
        agents: result.agents.clone(),
        offered: result.offered.clone(),
    };
    let charts_dir = out_dir.join("charts");
    chart::save(&chart, &charts_dir)
        .with_context(|| format!("drawing the staffing chart into {}", charts_dir.display()))?;
    if !quiet {
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing the plan")?;
        for (name, _) in &files {
            eprintln!("wrote {}", out_dir.join(name).display());
        }
        eprintln!(
            "wrote {} (.svg, .png)",
            charts_dir.join("staffing").display()
        );
    }
    Ok(if result.meets {
        Outcome::Ok
    } else {
        Outcome::CheckFailed
    })
}

fn render(s: &crate::model::Scenario, p: &Plan, o: &PlanOptions, tickets: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "plan for {} under policy \"{}\": {} of tickets within every SLA (lower end of the 95% interval), {} replications, blocks of {} h\ntickets: {tickets}\n",
        s.name,
        s.policies[o.policy].name,
        percent(o.attainment),
        s.run.replications,
        o.block_hours
    );
    // With shrinkage, each cell also shows the people to roster for its agents.
    let shrunk = p.shrinkage.iter().any(|&x| x > 0.0);
    let mut header = vec!["block".to_string()];
    header.extend(s.tiers.iter().map(|t| {
        if shrunk {
            format!("{} agents (load) people", t.name)
        } else {
            format!("{} agents (load)", t.name)
        }
    }));
    header.push("block attainment, worst SLA [95% CI]".into());
    let mut rows = vec![header];
    for b in 0..p.blocks.count() {
        let mut row = vec![p.blocks.label(b)];
        for t in 0..s.tiers.len() {
            if shrunk {
                row.push(format!(
                    "{} ({:.1}) {}",
                    p.agents[t][b], p.offered[t][b], p.people[t][b]
                ));
            } else {
                row.push(format!("{} ({:.1})", p.agents[t][b], p.offered[t][b]));
            }
        }
        row.push(match &p.evaluation.blocks[b].worst {
            Some(a) => format!(
                "{:.1}% {} [{:.1}, {:.1}]",
                a.mean * 100.0,
                a.kind.name(),
                a.ci_low * 100.0,
                a.ci_high * 100.0
            ),
            None => "-".into(),
        });
        rows.push(row);
    }
    out.push_str(&render_rows(&rows));
    if shrunk {
        let _ = writeln!(
            out,
            "\nagent-hours per week: {:.0} productive, {:.0} paid to roster (shrinkage {:.0}–{:.0} % by block, occupancy at most {:.0} %); cost per week of the paid hours: {:.0}",
            p.agent_hours_per_week(),
            p.people_hours_per_week(),
            p.shrinkage.iter().copied().fold(f64::INFINITY, f64::min) * 100.0,
            p.shrinkage.iter().copied().fold(0.0, f64::max) * 100.0,
            s.planning.occupancy_cap * 100.0,
            p.cost_per_week(s)
        );
    } else {
        let _ = writeln!(
            out,
            "\nagent-hours per week: {:.0}; cost per week: {:.0}",
            p.agent_hours_per_week(),
            p.cost_per_week(s)
        );
    }
    let _ = writeln!(out, "\nSLA attainment over the run (mean [95% CI]):");
    for a in &p.evaluation.overall {
        let _ = writeln!(out, "{}", attainment_line(s, a));
    }
    let _ = writeln!(
        out,
        "\n{}",
        if p.meets {
            "result: meets every SLA target"
        } else {
            "result: NO plan meeting every SLA was found within --max-rounds; the table shows the last attempt"
        }
    );
    out
}

/// `  high      resolution       96.10% [95.20, 97.00]  (1234 tickets)`.
fn attainment_line(s: &crate::model::Scenario, a: &plan::evaluate::Attainment) -> String {
    format!(
        "  {:<24} {:<15} {:>6.2}% [{:.2}, {:.2}]  ({} tickets)",
        crate::terminal::escape(&a.scope.label(s)),
        a.kind.name(),
        a.mean * 100.0,
        a.ci_low * 100.0,
        a.ci_high * 100.0,
        a.outcomes
    )
}

/// Why no staffing can meet the targets: the unlimited-capacity pilot's attainments
/// that stay below what is asked.
fn render_infeasible(
    s: &crate::model::Scenario,
    why: &plan::Infeasible,
    o: &PlanOptions,
    tickets: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "plan for {} under policy \"{}\": {} of tickets within every SLA (lower end of the 95% interval), {} replications, blocks of {} h\ntickets: {tickets}\n",
        s.name,
        s.policies[o.policy].name,
        percent(o.attainment),
        s.run.replications,
        o.block_hours
    );
    let failing = why.ceiling.failing(why.attainment);
    // Three strengths: the whole interval is below the target (cannot), only the mean
    // is (probably cannot), or only the interval's lower end is (cannot be shown).
    let verdict = |a: &plan::evaluate::Attainment| {
        if a.ci_high < why.attainment {
            (2, "below the target")
        } else if a.mean < why.attainment {
            (1, "mean below the target, interval reaches it")
        } else {
            (0, "only the interval's lower end is below")
        }
    };
    let worst = failing.iter().map(|(_, a)| verdict(a).0).max().unwrap_or(0);
    let _ = writeln!(
        out,
        "result: {}. With unlimited agents (nobody waits for an agent) the ceiling is, mean [95% CI]:",
        match worst {
            2 => "these targets cannot be met at any staffing".to_string(),
            1 => "these targets can probably not be met at any staffing".to_string(),
            _ => format!(
                "these targets cannot be shown to be met at any staffing with {} replications",
                s.run.replications
            ),
        }
    );
    for (block, a) in &failing {
        let note = verdict(a).1;
        match block {
            None => {
                let _ = writeln!(out, "{}  {note}", attainment_line(s, a));
            }
            Some(b) => {
                let _ = writeln!(
                    out,
                    "  block {:<18} {:<15} {:>6.2}% [{:.2}, {:.2}]  ({} tickets, all severities)  {note}",
                    why.blocks.label(*b),
                    a.kind.name(),
                    a.mean * 100.0,
                    a.ci_low * 100.0,
                    a.ci_high * 100.0,
                    a.outcomes
                );
            }
        }
    }
    let advice = if worst == 2 {
        "The work itself (handle times, hand-offs, customer waits, reviews) takes longer than these targets allow for too many tickets: lower --attainment below the ceiling, loosen the targets, or shorten the work."
    } else {
        "The ceiling is at or near the target: more --replications narrow the intervals, or lower --attainment a little."
    };
    let _ = writeln!(out, "\n{advice} No plan was written.");
    out
}

/// `90%`, `99.9%`: the attainment asked for, never rounded up to a different figure.
fn percent(x: f64) -> String {
    let p = x * 100.0;
    let text = format!("{p:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

fn csv(s: &crate::model::Scenario, p: &Plan) -> String {
    let mut out = String::from(
        "tier,block,start_hour_of_week,agents,offered_load_erlangs,erlang_c_start,shrinkage,people_to_roster\n",
    );
    for (t, tier) in s.tiers.iter().enumerate() {
        for b in 0..p.blocks.count() {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                tier.name,
                p.blocks.label(b),
                p.blocks.start_ms(b) / crate::model::time::HOUR_MS,
                p.agents[t][b],
                crate::report::fmt_number(p.offered[t][b]),
                p.erlang_start[t][b],
                crate::report::fmt_number(p.shrinkage[b]),
                p.people[t][b]
            );
        }
    }
    out
}
