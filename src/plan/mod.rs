//! Capacity planning: the cheapest staffing per tier and per block of the week that
//! meets every SLA of the scenario at 95 % confidence under its load profile (peaks
//! and incident bursts included).
//!
//! 1. **Offered load and feasibility** ([`load`]): a pilot simulation with unlimited
//!    agents measures the busy agents per tier over time (with no queueing, busy
//!    agents = offered load in erlangs); per block of the week the busiest week
//!    counts. Its SLA attainment is the ceiling of any staffing: when it misses a
//!    target, planning stops with [`PlanError::Infeasible`]. No cell is ever planned
//!    below its offered load ([`load::floor`]).
//! 2. **Start** ([`erlang`]): per tier and block, the Erlang C minimum head count for
//!    that load: at the entry tier, `attainment` of tickets answered within the
//!    tightest first-response target; at later tiers, within a tenth of the tightest
//!    resolution target.
//! 3. **Refine** ([`evaluate`]): simulate the plan with common random numbers; while
//!    some block fails an SLA, add one agent in each failing block to the tier with the
//!    longest queue there (tiers interact through escalations, which Erlang C ignores).
//!    Shrinkage and the occupancy cap come from `[planning]`: no cell is planned
//!    above the cap, and each cell's productive agents become people to roster.
//! 4. **Trim**: try one agent fewer, in every block at once, at the tier with the
//!    lowest utilisation there (only where at least one of its agents was idle on
//!    average and the cell stays at or above its offered load); keep the removals
//!    whose blocks still pass, confirm by simulation, and repeat until nothing more
//!    can go.

pub mod blocks;
pub mod erlang;
pub mod evaluate;
pub mod load;

use crate::experiment::ExperimentError;
use crate::model::time::HOUR_MS;
use crate::model::{Scenario, Staffing};
use crate::tickets::TicketSource;

use blocks::Blocks;
use evaluate::{Evaluation, evaluate};

/// How to plan.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// Index of the policy to plan for.
    pub policy: usize,
    /// Share of tickets that must meet each SLA (e.g. 0.9), judged on the lower end of
    /// its 95 % confidence interval.
    pub attainment: f64,
    /// Block length in hours (divides 168).
    pub block_hours: u32,
    /// Refinement rounds before giving up.
    pub max_rounds: u32,
    /// Worker threads.
    pub threads: usize,
}

/// One step of the search, for the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What was tried.
    pub action: String,
    /// Agent-hours per week of the plan tried.
    pub agent_hours_per_week: f64,
    /// Whether it met every SLA.
    pub meets: bool,
}

/// A finished plan.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The blocks of the week.
    pub blocks: Blocks,
    /// `agents[tier][block]`.
    pub agents: Vec<Vec<u32>>,
    /// `offered[tier][block]`: offered load, erlangs (busiest week).
    pub offered: Vec<Vec<f64>>,
    /// `shrinkage[block]`: mean shrinkage over the block (`[planning]`).
    pub shrinkage: Vec<f64>,
    /// `people[tier][block]`: people to roster for the planned productive agents,
    /// `ceil(agents / (1 − shrinkage))`.
    pub people: Vec<Vec<u32>>,
    /// The Erlang C starting point, `[tier][block]`.
    pub erlang_start: Vec<Vec<u32>>,
    /// The simulation of the final plan.
    pub evaluation: Evaluation,
    /// Whether it meets every SLA (false when `max_rounds` ran out).
    pub meets: bool,
    /// The search, step by step.
    pub steps: Vec<Step>,
}

/// Why planning failed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A simulation failed.
    #[error(transparent)]
    Run(#[from] ExperimentError),
    /// Bad options.
    #[error("{0}")]
    Options(String),
    /// No staffing can meet the targets: even with unlimited agents (nobody waits)
    /// these attainments stay below what is asked.
    #[error("the targets cannot be met at any staffing")]
    Infeasible(Box<Infeasible>),
}

/// What an unlimited-capacity pilot could not reach.
#[derive(Clone, Debug)]
pub struct Infeasible {
    /// The attainment asked for.
    pub attainment: f64,
    /// The pilot's judgement: its failing attainments are the ceilings.
    pub ceiling: Evaluation,
    /// The blocks of the week.
    pub blocks: Blocks,
}

impl Plan {
    /// The plan for `tier` as a weekly staffing step function.
    pub fn staffing(&self, tier: usize) -> Staffing {
        staffing_of(&self.blocks, &self.agents[tier])
    }

    /// Agent-hours per week.
    pub fn agent_hours_per_week(&self) -> f64 {
        agent_hours(&self.blocks, &self.agents)
    }

    /// People-hours to roster per week (paid time, shrinkage included).
    pub fn people_hours_per_week(&self) -> f64 {
        agent_hours(&self.blocks, &self.people)
    }

    /// Cost per week of the people rostered (paid hours) at each tier's
    /// `cost_per_agent_hour`.
    pub fn cost_per_week(&self, scenario: &Scenario) -> f64 {
        let h = self.blocks.len_ms as f64 / HOUR_MS as f64;
        self.people
            .iter()
            .zip(&scenario.tiers)
            .map(|(a, t)| a.iter().map(|&n| f64::from(n)).sum::<f64>() * h * t.cost_per_agent_hour)
            .sum()
    }
}

fn staffing_of(blocks: &Blocks, agents: &[u32]) -> Staffing {
    let mut steps: Vec<(i64, u32)> = Vec::new();
    for (b, &n) in agents.iter().enumerate() {
        if steps.last().map(|s| s.1) != Some(n) {
            steps.push((blocks.start_ms(b), n));
        }
    }
    if steps.is_empty() {
        steps.push((0, 0));
    }
    Staffing {
        steps,
        roster: None,
    }
}

fn agent_hours(blocks: &Blocks, agents: &[Vec<u32>]) -> f64 {
    let h = blocks.len_ms as f64 / HOUR_MS as f64;
    agents
        .iter()
        .flat_map(|a| a.iter())
        .map(|&n| f64::from(n) * h)
        .sum()
}

/// Plans staffing for `scenario` on the tickets of `tickets` (see the module
/// documentation).
pub fn plan(
    scenario: &Scenario,
    tickets: &TicketSource,
    options: &PlanOptions,
    on_step: &dyn Fn(&Step),
) -> Result<Plan, PlanError> {
    let blocks = Blocks::new(options.block_hours).ok_or_else(|| {
        PlanError::Options(format!(
            "--block-hours must divide the 168-hour week (e.g. 1, 2, 4, 6, 8, 12, 24, 168), got {}",
            options.block_hours
        ))
    })?;
    if !(options.attainment > 0.0 && options.attainment < 1.0) {
        return Err(PlanError::Options(format!(
            "--attainment must be between 0 and 1 (e.g. 0.9), got {}",
            options.attainment
        )));
    }
    let pilot = load::pilot(scenario, tickets, options.policy, options.threads)?;
    let ceiling = evaluate::judge(scenario, &pilot, &blocks);
    if !ceiling.meets(options.attainment) && pilot_is_a_bound(&scenario.policies[options.policy]) {
        return Err(PlanError::Infeasible(Box::new(Infeasible {
            attainment: options.attainment,
            ceiling,
            blocks,
        })));
    }
    let offered = load::offered_load(scenario, &pilot, &blocks);
    let floor = load::floor(&offered, &scenario.planning);
    let start: Vec<Vec<u32>> = load::erlang_start(scenario, &offered, &blocks, options.attainment)
        .into_iter()
        .zip(&floor)
        .map(|(row, low)| row.into_iter().zip(low).map(|(a, &f)| a.max(f)).collect())
        .collect();
    let mut agents = start.clone();
    let mut steps = Vec::new();
    let eval = |agents: &[Vec<u32>]| -> Result<Evaluation, PlanError> {
        let staffing: Vec<Staffing> = agents.iter().map(|a| staffing_of(&blocks, a)).collect();
        Ok(evaluate(
            scenario,
            tickets,
            options.policy,
            &staffing,
            &blocks,
            options.threads,
        )?)
    };
    let log = |steps: &mut Vec<Step>, action: String, agents: &[Vec<u32>], meets: bool| {
        let s = Step {
            action,
            agent_hours_per_week: agent_hours(&blocks, agents),
            meets,
        };
        on_step(&s);
        steps.push(s);
    };

    // Refine upwards until every block passes.
    let mut current = eval(&agents)?;
    let mut meets = current.meets(options.attainment);
    log(&mut steps, "Erlang C start".into(), &agents, meets);
    let mut round = 0;
    while !meets && round < options.max_rounds {
        round += 1;
        let failing = current.failing_blocks(options.attainment);
        let targets: Vec<usize> = if failing.is_empty() {
            // Only the overall figure fails: strengthen every block's busiest tier.
            (0..blocks.count()).collect()
        } else {
            failing
        };
        let mut added = 0;
        for &b in &targets {
            let r = &current.blocks[b];
            let tier = (0..agents.len())
                .max_by(|&x, &y| {
                    let px = pressure(r.mean_queue[x], r.busy[x], agents[x][b]);
                    let py = pressure(r.mean_queue[y], r.busy[y], agents[y][b]);
                    px.total_cmp(&py).then(y.cmp(&x))
                })
                .unwrap_or(0);
            agents[tier][b] += 1;
            added += 1;
        }
        current = eval(&agents)?;
        meets = current.meets(options.attainment);
        log(
            &mut steps,
            format!("round {round}: +1 agent in {added} block(s)"),
            &agents,
            meets,
        );
    }

    // Trim: one agent fewer per block where utilisation allows, keep what still passes.
    if meets {
        for pass in 1..=options.max_rounds {
            let mut trial = agents.clone();
            let mut changed = Vec::new();
            for b in 0..blocks.count() {
                let r = &current.blocks[b];
                let tier = (0..agents.len())
                    .filter(|&t| {
                        agents[t][b] > floor[t][b] && r.busy[t] < f64::from(agents[t][b]) - 1.0
                    })
                    .min_by(|&x, &y| {
                        let ux = r.busy[x] / f64::from(agents[x][b]);
                        let uy = r.busy[y] / f64::from(agents[y][b]);
                        ux.total_cmp(&uy).then(x.cmp(&y))
                    });
                if let Some(t) = tier {
                    trial[t][b] -= 1;
                    changed.push((t, b));
                }
            }
            if changed.is_empty() {
                break;
            }
            let e = eval(&trial)?;
            let failing = e.failing_blocks(options.attainment);
            if e.meets(options.attainment) {
                log(
                    &mut steps,
                    format!("trim {pass}: -1 agent in {} block(s)", changed.len()),
                    &trial,
                    true,
                );
                agents = trial;
                current = e;
                continue;
            }
            // Undo the removals in failing blocks and confirm.
            for &(t, b) in &changed {
                if failing.contains(&b) {
                    trial[t][b] += 1;
                }
            }
            if trial == agents {
                log(
                    &mut steps,
                    format!("trim {pass}: nothing could go"),
                    &agents,
                    true,
                );
                break;
            }
            let e = eval(&trial)?;
            let ok = e.meets(options.attainment);
            log(
                &mut steps,
                format!("trim {pass}: keep removals in passing blocks"),
                &trial,
                ok,
            );
            if ok {
                agents = trial;
                current = e;
            } else {
                break;
            }
        }
    }

    let shrinkage: Vec<f64> = (0..blocks.count())
        .map(|b| {
            scenario
                .planning
                .mean_shrinkage(blocks.start_ms(b), blocks.len_ms)
        })
        .collect();
    let people = agents
        .iter()
        .map(|row| {
            row.iter()
                .zip(&shrinkage)
                .map(|(&a, &s)| crate::model::Planning::people(a, s))
                .collect()
        })
        .collect();
    Ok(Plan {
        blocks,
        agents,
        offered,
        shrinkage,
        people,
        erlang_start: start,
        evaluation: current,
        meets,
        steps,
    })
}

/// Whether the unlimited-capacity pilot bounds every staffing's attainment for this
/// policy: not when its routing reacts to waiting (timed triggers, incident mode),
/// which nobody does with unlimited agents. Planning then goes ahead without the
/// feasibility stop.
fn pilot_is_a_bound(p: &crate::model::PolicySpec) -> bool {
    let timed = matches!(&p.kind, crate::model::PolicyKind::Sop(sop) if !sop.triggers.is_empty());
    !timed && !p.incident_mode
}

/// How much a tier needs an extra agent in a block: its queue per agent, or its
/// utilisation when nothing queues.
fn pressure(queue: f64, busy: f64, agents: u32) -> f64 {
    let n = f64::from(agents.max(1));
    if queue > 1e-9 {
        1.0 + queue / n
    } else {
        busy / n
    }
}
