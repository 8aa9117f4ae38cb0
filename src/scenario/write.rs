//! Writing scenario fragments: a staffing model as TOML that can be pasted into (or
//! appended to) a scenario file, e.g. the result of `escalsim plan`.

use std::fmt::Write as _;

use crate::model::time::{DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS};
use crate::model::{Scenario, Staffing};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn hhmm(ms: i64) -> String {
    format!("{:02}:{:02}", ms / HOUR_MS, (ms % HOUR_MS) / MINUTE_MS)
}

/// The shifts of a weekly staffing: one shift per day and constant stretch, split at
/// midnight (scenario shifts cannot cross midnight). Stretches with no agents are
/// left out.
fn shifts(staffing: &Staffing) -> Vec<(usize, i64, i64, u32)> {
    let mut out = Vec::new();
    for (i, &(start, agents)) in staffing.steps.iter().enumerate() {
        let end = staffing.steps.get(i + 1).map_or(WEEK_MS, |s| s.0);
        if agents == 0 {
            continue;
        }
        let mut from = start;
        while from < end {
            let day = (from / DAY_MS) as usize;
            let day_end = ((day as i64) + 1) * DAY_MS;
            let to = end.min(day_end);
            out.push((
                day,
                from - day as i64 * DAY_MS,
                to - day as i64 * DAY_MS,
                agents,
            ));
            from = to;
        }
    }
    out
}

/// `[staffing.<name>]` with one override per tier, as TOML text.
pub fn staffing_model_toml(name: &str, scenario: &Scenario, per_tier: &[Staffing]) -> String {
    let mut out = format!("[staffing.{name}]\n");
    for (tier, staffing) in scenario.tiers.iter().zip(per_tier) {
        if staffing.is_constant() {
            let _ = writeln!(
                out,
                "{} = {{ agents = {} }}",
                tier.name, staffing.steps[0].1
            );
            continue;
        }
        let _ = writeln!(out, "{} = {{ shifts = [", tier.name);
        for (day, start, end, agents) in shifts(staffing) {
            let end = if end == DAY_MS {
                "24:00".to_string()
            } else {
                hhmm(end)
            };
            let _ = writeln!(
                out,
                "  {{ days = [\"{}\"], start = \"{}\", end = \"{end}\", agents = {agents} }},",
                DAYS[day],
                hhmm(start)
            );
        }
        out.push_str("] }\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::from_str;

    #[test]
    fn written_staffing_reads_back_identically() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/support-basic.toml"
        ))
        .expect("shipped scenario");
        let s = from_str(&text, "support-basic.toml")
            .expect("valid")
            .scenario;
        let per_tier: Vec<Staffing> = s.tiers.iter().map(|t| t.staffing.clone()).collect();
        let fragment = staffing_model_toml("planned", &s, &per_tier);
        assert!(fragment.contains("T2 = { agents = 5 }"), "{fragment}");
        let extended = format!("{text}\n{fragment}");
        let s2 = from_str(&extended, "extended.toml")
            .expect("fragment valid")
            .scenario;
        let model = s2.staffing_models.last().expect("model");
        assert_eq!(model.name, "planned");
        for (t, tier) in s.tiers.iter().enumerate() {
            assert_eq!(
                model.overrides[t].as_ref(),
                Some(&tier.staffing),
                "{}",
                tier.name
            );
        }
    }
}
