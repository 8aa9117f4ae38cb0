//! Writing the result of `escalsim fit` as a scenario fragment: complete `[arrivals]`,
//! `[severity]`, `[tiers.<name>]` and `[categories.<name>]` tables that replace the
//! scenario's own, followed by the transfer matrix, the resolution patterns and the
//! recommender's evaluation as comments (see `docs/replay.md`, "Fitting").

use std::fmt::Write as _;

use crate::fit::sojourn::Moments;
use crate::fit::{Fit, shares, summary};
use crate::model::{Dist, Scenario, Severity};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Shares are written in units of 1/SHARE_UNITS (4 decimals) summing to exactly 1.
const SHARE_UNITS: u64 = 10_000;

/// A TOML key: bare when it can be, else a quoted string.
fn key(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { name.to_string() } else { string(name) }
}

/// A TOML basic string.
fn string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number with at most 4 decimals (trailing zeros dropped); tiny positive values in
/// exponent form so they stay > 0.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "0" && x > 0.0 {
        format!("{x:e}")
    } else {
        s
    }
}

fn share(units: u64) -> String {
    format!("{}.{:04}", units / SHARE_UNITS, units % SHARE_UNITS)
}

/// A fitted sojourn as a distribution table: lognormal(mean, cv); constant when
/// every observation is equal (cv 0).
fn moments_toml(m: &Moments) -> String {
    let cv = num(m.cv);
    if m.mean_minutes > 0.0 && cv != "0" {
        format!(
            "{{ dist = \"lognormal\", mean = {}, cv = {cv} }}",
            num(m.mean_minutes)
        )
    } else {
        format!("{{ dist = \"constant\", value = {} }}", num(m.mean_minutes))
    }
}

/// A scenario distribution as a table (for tiers the log never visited).
fn dist_toml(d: &Dist) -> String {
    match d {
        Dist::Constant { value } => format!("{{ dist = \"constant\", value = {value} }}"),
        Dist::Exponential { mean, .. } => format!("{{ dist = \"exponential\", mean = {mean} }}"),
        Dist::LogNormal { mean, cv, .. } => {
            format!("{{ dist = \"lognormal\", mean = {mean}, cv = {cv} }}")
        }
        Dist::Gamma { shape, scale, .. } => {
            format!("{{ dist = \"gamma\", shape = {shape}, scale = {scale} }}")
        }
        Dist::Uniform { min, max, .. } => {
            format!("{{ dist = \"uniform\", min = {min}, max = {max} }}")
        }
        Dist::Empirical { values } => {
            let v: Vec<String> = values.iter().map(|x| x.to_string()).collect();
            format!("{{ dist = \"empirical\", values = [{}] }}", v.join(", "))
        }
    }
}

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            let _ = writeln!(out, "# {line}");
        }
    }
}

/// The fragment for `scenario` fitted from the log at `source` (shown in the header).
pub fn fit_fragment(scenario: &Scenario, fit: &Fit, source: &str) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        &format!(
            "Scenario fragment written by `escalsim fit` for scenario `{}` from {source}:\n\
             {} tickets in the run window, {} with a recorded path. These tables replace the\n\
             scenario's [arrivals], [severity], [tiers.*] and [categories.*]. Not written (copy\n\
             them from the scenario if used): tier shifts, resolves, triage_minutes and\n\
             handoff_minutes; category keywords, sentiment and severity; arrival peaks and\n\
             bursts. Formulas: docs/replay.md, \"Fitting\".",
            scenario.name, fit.tickets, fit.with_path
        ),
    );
    out.push('\n');
    arrivals(&mut out, fit);
    severity(&mut out, fit);
    tiers(&mut out, scenario, fit);
    categories(&mut out, scenario, fit);
    for table in [
        summary::transfers(scenario, fit),
        summary::resolving(scenario, fit),
        summary::recommender(scenario, fit),
    ] {
        comment(&mut out, &table);
        out.push('\n');
    }
    out
}

fn arrivals(out: &mut String, fit: &Fit) {
    let a = &fit.arrivals;
    comment(
        out,
        &format!(
            "Arrivals: {} tickets over {} whole days (first to last arrival day).\n\
             per_hour = N / (24 × days); hour_of_day[h] = 24 × n_h / N; day_of_week[d] = 7 × r_d / Σr\n\
             with r_d = n_d / (times weekday d occurs in the window). Both average 1.\n\
             tickets per hour of day: {:?}\n\
             tickets per weekday (mon first): {:?}",
            a.tickets, a.days, a.hour_counts, a.day_counts
        ),
    );
    comment(out, &summary::quiet_warning(fit));
    out.push_str("[arrivals]\n");
    let _ = writeln!(out, "per_hour = {}", num(a.per_hour));
    let hours: Vec<String> = a.hour_of_day.iter().map(|&m| num(m)).collect();
    let _ = writeln!(
        out,
        "hour_of_day = [{},\n               {}]",
        hours[..12].join(", "),
        hours[12..].join(", ")
    );
    let days: Vec<String> = DAYS
        .iter()
        .zip(a.day_of_week)
        .map(|(d, m)| format!("{d} = {}", num(m)))
        .collect();
    let _ = writeln!(out, "day_of_week = {{ {} }}\n", days.join(", "));
}

fn severity(out: &mut String, fit: &Fit) {
    let units = shares::units(&fit.severity_counts, SHARE_UNITS);
    let _ = writeln!(out, "[severity]   # shares of the {} tickets", fit.tickets);
    for s in Severity::ALL {
        let _ = writeln!(
            out,
            "{} = {}   # {} tickets",
            s.name(),
            share(units[s.index()]),
            fit.severity_counts[s.index()]
        );
    }
    out.push('\n');
}

fn tiers(out: &mut String, scenario: &Scenario, fit: &Fit) {
    comment(
        out,
        "Tiers: agents = the log's peak number of concurrently open tickets at the tier\n\
         (as `escalsim calibrate`); handle_minutes = lognormal by moments of each ticket's\n\
         total recorded time at the tier; per category with >= 30 observations.",
    );
    for (t, tier) in scenario.tiers.iter().enumerate() {
        let _ = writeln!(out, "[tiers.{}]", key(&tier.name));
        let _ = writeln!(out, "role = {}", string(&tier.role));
        let _ = writeln!(out, "owner = {}", string(&tier.owner));
        let _ = writeln!(
            out,
            "agents = {}",
            fit.peak_agents.get(t).copied().unwrap_or(1)
        );
        match fit.sojourns.per_tier.get(t).copied().flatten() {
            Some(m) => {
                let _ = writeln!(out, "handle_minutes = {}   # n = {}", moments_toml(&m), m.n);
            }
            None => {
                let _ = writeln!(
                    out,
                    "handle_minutes = {}   # never visited in the log: the scenario's",
                    dist_toml(&tier.handle_minutes)
                );
            }
        }
        let by_cat: Vec<String> = scenario
            .categories
            .iter()
            .enumerate()
            .filter_map(|(c, cat)| {
                let m = fit
                    .sojourns
                    .per_category
                    .get(t)?
                    .get(c)
                    .copied()
                    .flatten()?;
                Some(format!("{} = {}", key(&cat.name), moments_toml(&m)))
            })
            .collect();
        if !by_cat.is_empty() {
            let _ = writeln!(
                out,
                "handle_minutes_by_category = {{ {} }}",
                by_cat.join(", ")
            );
        }
        let _ = writeln!(
            out,
            "cost_per_agent_hour = {}\n",
            num(tier.cost_per_agent_hour)
        );
    }
}

fn categories(out: &mut String, scenario: &Scenario, fit: &Fit) {
    comment(
        out,
        "Categories: share = the category's share of the tickets; needs = the shares of its\n\
         resolving tiers (the tier of the last recorded stay).",
    );
    let cat_units = shares::units(&fit.category_counts, SHARE_UNITS);
    for (c, cat) in scenario.categories.iter().enumerate() {
        let _ = writeln!(out, "[categories.{}]", key(&cat.name));
        let _ = writeln!(
            out,
            "share = {}   # {} tickets",
            share(cat_units.get(c).copied().unwrap_or(0)),
            fit.category_counts.get(c).copied().unwrap_or(0)
        );
        let counts = fit
            .resolving
            .by_category
            .get(c)
            .cloned()
            .unwrap_or_default();
        let resolved: u64 = counts.iter().sum();
        if resolved == 0 {
            let needs: Vec<String> = cat
                .needs
                .iter()
                .map(|&(t, p)| format!("{} = {p}", key(&scenario.tiers[t.index()].name)))
                .collect();
            let _ = writeln!(
                out,
                "needs = {{ {} }}   # no resolved ticket in the log: the scenario's\n",
                needs.join(", ")
            );
            continue;
        }
        let units = shares::units(&counts, SHARE_UNITS);
        let needs: Vec<String> = scenario
            .tiers
            .iter()
            .zip(&units)
            .filter(|(_, u)| **u > 0)
            .map(|(t, &u)| format!("{} = {}", key(&t.name), share(u)))
            .collect();
        let _ = writeln!(
            out,
            "needs = {{ {} }}   # resolving tier of {resolved} tickets\n",
            needs.join(", ")
        );
    }
}
