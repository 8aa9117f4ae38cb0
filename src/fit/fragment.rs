//! The result of `escalsim fit` as a scenario fragment: complete `[arrivals]`,
//! `[severity]`, `[tiers.<name>]` and `[categories.<name>]` tables that replace the
//! scenario's own, each below a comment with its counts and formulas, followed by the
//! transfer matrix, the resolution patterns and the recommender's evaluation as
//! comments (see `docs/replay.md`, "Fitting"). The tables are written as TOML by
//! [`crate::scenario::write`]; this file only decides what goes into them.

use crate::fit::sojourn::Moments;
use crate::fit::{Fit, shares, summary};
use crate::model::{Scenario, Severity};
use crate::scenario::write::{
    Fitted, HandleTime, Tables, TierTable, WriteError, comment_lines, round4,
};

/// Shares are written in units of 1/SHARE_UNITS (4 decimals) summing to exactly 1.
const SHARE_UNITS: u64 = 10_000;

fn share(units: u64) -> f64 {
    units as f64 / SHARE_UNITS as f64
}

fn fitted(m: &Moments) -> Fitted {
    Fitted {
        mean_minutes: m.mean_minutes,
        cv: m.cv,
    }
}

/// The fragment for `scenario` fitted from the log at `source` (shown in the header).
pub fn fit_fragment(scenario: &Scenario, fit: &Fit, source: &str) -> Result<String, WriteError> {
    let mut out = comment_lines(&format!(
        "Scenario fragment written by `escalsim fit` for scenario `{}` from {source}:\n\
         {} tickets in the run window, {} with a recorded path. These tables replace the\n\
         scenario's [arrivals], [severity], [tiers.*] and [categories.*]. Not written (copy\n\
         them from the scenario if used): tier shifts, resolves, triage_minutes and\n\
         handoff_minutes; category keywords, sentiment and severity; arrival peaks and\n\
         bursts. It also adds [policies.fitted-transfers], the log's routing between tiers.\n\
         Formulas: docs/replay.md, \"Fitting\".",
        scenario.name, fit.tickets, fit.with_path
    ));
    out.push('\n');
    let mut tables = Tables::default();
    arrivals(&mut tables, fit);
    severity(&mut tables, fit);
    tiers(&mut tables, scenario, fit);
    categories(&mut tables, scenario, fit);
    policy(&mut tables, scenario, fit);
    out.push_str(&tables.to_toml()?);
    for table in [
        summary::transfers(scenario, fit),
        summary::resolving(scenario, fit),
        summary::recommender(scenario, fit),
    ] {
        out.push_str(&comment_lines(&table));
        out.push('\n');
    }
    Ok(out)
}

fn arrivals(tables: &mut Tables, fit: &Fit) {
    let a = &fit.arrivals;
    let mut comment = format!(
        "Arrivals: {} tickets over {} whole days (first to last arrival day).\n\
         per_hour = N / (24 × days); hour_of_day[h] = 24 × n_h / N; day_of_week[d] = 7 × r_d / Σr\n\
         with r_d = n_d / (times weekday d occurs in the window). Both average 1.\n\
         tickets per hour of day: {:?}\n\
         tickets per weekday (mon first): {:?}\n",
        a.tickets, a.days, a.hour_counts, a.day_counts
    );
    comment.push_str(&summary::quiet_warning(fit));
    tables.arrivals(&comment, a.per_hour, &a.hour_of_day, a.day_of_week);
}

fn severity(tables: &mut Tables, fit: &Fit) {
    let units = shares::units(&fit.severity_counts, SHARE_UNITS);
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|s| format!("{} {}", s.name(), fit.severity_counts[s.index()]))
        .collect();
    let comment = format!(
        "Severity: shares of the {} tickets ({}).",
        fit.tickets,
        counts.join(", ")
    );
    tables.severity(&comment, Severity::ALL.map(|s| share(units[s.index()])));
}

fn tiers(tables: &mut Tables, scenario: &Scenario, fit: &Fit) {
    let mut comment = String::from(
        "Tiers: agents = the log's peak number of concurrently open tickets at the tier\n\
         (as `escalsim calibrate`); handle_minutes = lognormal by moments of each ticket's\n\
         total recorded time at the tier; per category with >= 30 observations.\n",
    );
    for (t, tier) in scenario.tiers.iter().enumerate() {
        let handle = match fit.sojourns.per_tier.get(t).copied().flatten() {
            Some(m) => {
                comment.push_str(&format!("{}: handle_minutes from n = {}", tier.name, m.n));
                HandleTime::Fitted(fitted(&m))
            }
            None => {
                comment.push_str(&format!(
                    "{}: never visited in the log; handle_minutes is the scenario's",
                    tier.name
                ));
                HandleTime::Kept(tier.handle_minutes.clone())
            }
        };
        let by_cat: Vec<(String, Fitted)> = scenario
            .categories
            .iter()
            .enumerate()
            .filter_map(|(c, cat)| {
                let m = fit.sojourns.category(t, c)?;
                Some((cat.name.clone(), fitted(&m)))
            })
            .collect();
        tables.tier(
            &comment,
            &TierTable {
                name: tier.name.clone(),
                role: tier.role.clone(),
                owner: tier.owner.clone(),
                agents: fit.peak_agents.get(t).copied().unwrap_or(1),
                handle_minutes: handle,
                handle_minutes_by_category: by_cat,
                cost_per_agent_hour: round4(tier.cost_per_agent_hour),
            },
        );
        comment = String::new();
    }
}

/// The name of the `transfers` policy the fragment adds.
pub const FITTED_POLICY: &str = "fitted-transfers";

/// `[policies.fitted-transfers]`: the log's routing between visits as a `transfers`
/// policy (entry shares, and per tier the shares of resolving and of each next tier).
fn policy(tables: &mut Tables, scenario: &Scenario, fit: &Fit) {
    let tr = &fit.visit_transfers;
    let name = |t: usize| scenario.tiers[t].name.clone();
    let named = |units: &[u64], resolve: bool| -> Vec<(String, f64)> {
        units
            .iter()
            .enumerate()
            .filter(|(_, u)| **u > 0)
            .map(|(j, &u)| {
                let key = if resolve && j == scenario.tiers.len() {
                    "resolve".to_string()
                } else {
                    name(j)
                };
                (key, share(u))
            })
            .collect()
    };
    let entry = named(&shares::units(&tr.entry, SHARE_UNITS), false);
    let rows: Vec<(String, Vec<(String, f64)>)> = tr
        .next
        .iter()
        .enumerate()
        .filter(|(_, row)| row.iter().sum::<u64>() > 0)
        .map(|(t, row)| (name(t), named(&shares::units(row, SHARE_UNITS), true)))
        .collect();
    let comment = format!(
        "Routing as logged: a `transfers` policy (docs/scenario.md) with the log's entry tiers\n\
         and, per tier, the shares of visits resolved there and handed to each next tier,\n\
         counted over visits (consecutive stays at groups of one tier are one visit, as\n\
         handle_minutes is each ticket's total time at a tier). {} of {} tickets ({:.1} %)\n\
         come back to a tier they left; each such revisit draws a whole handle time again.",
        fit.revisiting,
        fit.with_path,
        100.0 * fit.revisiting as f64 / fit.with_path.max(1) as f64
    );
    tables.transfers_policy(&comment, FITTED_POLICY, &entry, &rows);
}

fn categories(tables: &mut Tables, scenario: &Scenario, fit: &Fit) {
    let mut comment = String::from(
        "Categories: share = the category's share of the tickets; needs = the shares of its\n\
         resolving tiers (the tier of the last recorded stay).\n",
    );
    let cat_units = shares::units(&fit.category_counts, SHARE_UNITS);
    for (c, cat) in scenario.categories.iter().enumerate() {
        let tickets = fit.category_counts.get(c).copied().unwrap_or(0);
        let counts = fit
            .resolving
            .by_category
            .get(c)
            .cloned()
            .unwrap_or_default();
        let resolved: u64 = counts.iter().sum();
        let needs: Vec<(String, f64)> = if resolved == 0 {
            comment.push_str(&format!(
                "{}: {tickets} tickets, none resolved in the log; needs are the scenario's",
                cat.name
            ));
            cat.needs
                .iter()
                .map(|&(t, p)| (scenario.tiers[t.index()].name.clone(), p))
                .collect()
        } else {
            comment.push_str(&format!(
                "{}: {tickets} tickets; needs from the resolving tier of {resolved}",
                cat.name
            ));
            let units = shares::units(&counts, SHARE_UNITS);
            scenario
                .tiers
                .iter()
                .zip(&units)
                .filter(|(_, u)| **u > 0)
                .map(|(t, &u)| (t.name.clone(), share(u)))
                .collect()
        };
        let share = share(cat_units.get(c).copied().unwrap_or(0));
        tables.category(&comment, &cat.name, share, &needs);
        comment = String::new();
    }
}
