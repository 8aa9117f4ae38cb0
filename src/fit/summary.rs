//! The fit as plain-text tables (no TOML): printed by `escalsim fit` and written as
//! comments into the fragment. Rows follow tier, category and severity order.

use std::fmt::Write as _;

use super::Fit;
use super::recommend::Level;
use crate::model::{Scenario, Severity};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn pct(num: u64, den: u64) -> String {
    if den == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * num as f64 / den as f64)
    }
}

/// Arrivals: the window, `per_hour` and the multipliers, in three lines.
pub fn arrivals(fit: &Fit) -> String {
    let a = &fit.arrivals;
    let hours: Vec<String> = a.hour_of_day.iter().map(|m| format!("{m:.2}")).collect();
    let days: Vec<String> = DAYS
        .iter()
        .zip(a.day_of_week)
        .map(|(d, m)| format!("{d} {m:.2}"))
        .collect();
    format!(
        "arrivals: {} tickets over {} whole days: per_hour {:.4}{}\nhour_of_day (00-23): {}\nday_of_week: {}\n",
        a.tickets,
        a.days,
        a.per_hour,
        if a.short_window {
            " (window under a week: day_of_week left at 1)"
        } else {
            ""
        },
        hours.join(" "),
        days.join(", ")
    ) + &quiet_warning(fit)
}

/// A warning when most days of the window are quiet (else empty).
pub fn quiet_warning(fit: &Fit) -> String {
    let a = &fit.arrivals;
    if !a.mostly_quiet() {
        return String::new();
    }
    format!(
        "warning: {} of the {} days have fewer than a quarter of the mean daily arrivals: a sparse stretch dilutes per_hour; narrow the window with [run] start / horizon_days\n",
        a.quiet_days, a.days
    )
}

/// Sojourns per tier and the tier × category ones with enough observations.
pub fn sojourns(scenario: &Scenario, fit: &Fit) -> String {
    let mut s = String::from(
        "sojourn per ticket at a tier (minutes; lognormal by moments)\ntier       category          n         mean      cv\n",
    );
    for (t, tier) in scenario.tiers.iter().enumerate() {
        let rows = std::iter::once(("(all)", fit.sojourns.per_tier.get(t).copied().flatten()))
            .chain(
                scenario
                    .categories
                    .iter()
                    .enumerate()
                    .filter_map(|(c, cat)| {
                        let m = fit.sojourns.category(t, c)?;
                        Some((cat.name.as_str(), Some(m)))
                    }),
            );
        for (cat, m) in rows {
            match m {
                Some(m) => {
                    let _ = writeln!(
                        s,
                        "{:<10} {:<12} {:>8} {:>12.1} {:>7.3}",
                        tier.name, cat, m.n, m.mean_minutes, m.cv
                    );
                }
                None => {
                    let _ = writeln!(s, "{:<10} {:<12} {:>8}  (never visited)", tier.name, cat, 0);
                }
            }
        }
    }
    s
}

/// The transfer matrix: counts and `P(next | current)`.
pub fn transfers(scenario: &Scenario, fit: &Fit) -> String {
    let tr = &fit.transfers;
    let mut s = format!(
        "transfers between tiers ({} tickets with a recorded path): count (probability of the next tier given the current)\n{:<10}",
        fit.with_path, "from\\to"
    );
    for t in &scenario.tiers {
        let _ = write!(s, " {:>18}", t.name);
    }
    let _ = writeln!(s, " {:>18}", "resolved");
    for (i, tier) in scenario.tiers.iter().enumerate() {
        let _ = write!(s, "{:<10}", tier.name);
        let probs = tr.probabilities(i).unwrap_or_default();
        for (j, c) in tr.next[i].iter().enumerate() {
            let p = probs.get(j).map_or("-".into(), |p| format!("{p:.3}"));
            let _ = write!(s, " {:>18}", format!("{c} ({p})"));
        }
        s.push('\n');
    }
    let entry: Vec<String> = scenario
        .tiers
        .iter()
        .zip(&tr.entry)
        .map(|(t, c)| format!("{} {c} ({})", t.name, pct(*c, fit.with_path)))
        .collect();
    let _ = writeln!(s, "first tier: {}", entry.join(", "));
    s
}

/// Resolving-tier shares per category and per category × priority.
pub fn resolving(scenario: &Scenario, fit: &Fit) -> String {
    let mut s =
        String::from("resolving tier per category and priority: tickets, then share per tier\n");
    let _ = write!(s, "{:<12} {:<9} {:>7}", "category", "priority", "n");
    for t in &scenario.tiers {
        let _ = write!(s, " {:>8}", t.name);
    }
    s.push('\n');
    for (c, cat) in scenario.categories.iter().enumerate() {
        let all = fit.resolving.by_category.get(c);
        let rows = std::iter::once(("(all)", all)).chain(Severity::ALL.iter().map(|sev| {
            (
                sev.name(),
                fit.resolving
                    .by_category_severity
                    .get(c)
                    .map(|r| &r[sev.index()]),
            )
        }));
        for (sev, counts) in rows {
            let Some(counts) = counts else { continue };
            let n: u64 = counts.iter().sum();
            if n == 0 {
                continue;
            }
            let _ = write!(s, "{:<12} {:<9} {:>7}", cat.name, sev, n);
            for &k in counts {
                let _ = write!(s, " {:>8}", pct(k, n));
            }
            s.push('\n');
        }
    }
    s
}

/// The recommender's held-out evaluation.
pub fn recommender(scenario: &Scenario, fit: &Fit) -> String {
    let e = &fit.evaluation;
    let name = |i: usize| scenario.tiers.get(i).map_or("?", |t| t.name.as_str());
    let mut s = format!(
        "resolving-tier recommender (historical pattern, min support {}): trained on the first {} tickets, tested on the last {} (holdout {})\n",
        e.min_support, e.train, e.test, e.holdout
    );
    let _ = writeln!(
        s,
        "accuracy {:.3} ({}/{}); baseline (always {}) {:.3} ({}/{})",
        e.accuracy(),
        e.correct,
        e.test,
        name(e.baseline_tier.index()),
        e.baseline_accuracy(),
        e.baseline_correct,
        e.test
    );
    let _ = write!(s, "confusion (rows actual, columns predicted)\n{:<10}", "");
    for t in &scenario.tiers {
        let _ = write!(s, " {:>8}", t.name);
    }
    s.push('\n');
    for (i, row) in e.confusion.iter().enumerate() {
        let _ = write!(s, "{:<10}", name(i));
        for c in row {
            let _ = write!(s, " {c:>8}");
        }
        s.push('\n');
    }
    let levels: Vec<String> = Level::ALL
        .iter()
        .map(|&l| {
            let (n, ok) = e.by_level[l as usize];
            format!("{} {n} (right {})", l.label(), pct(ok, n))
        })
        .collect();
    let _ = writeln!(s, "answered by: {}", levels.join(", "));
    s
}
