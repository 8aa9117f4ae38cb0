//! Plain-language wording of a scenario's routing pieces for diagram labels (and lint
//! messages): durations, SLA targets, rule conditions, priority changes and alerted
//! roles. The text is unescaped; each diagram writer escapes it for its format.

use crate::model::sop::{Cmp, Condition, Field, PriorityChange};
use crate::model::{RoleId, Scenario, SegmentId, Severity, SlaTarget, TierId};

pub use crate::model::time::{duration, number};

/// A share as a whole percentage, e.g. `85 %`.
pub fn percent(share: f64) -> String {
    format!("{} %", number(share * 100.0))
}

/// The name of tier `t` (`tier #n` if out of range, which a validated scenario never
/// has).
pub fn tier(s: &Scenario, t: TierId) -> String {
    s.tiers
        .get(t.index())
        .map_or_else(|| format!("tier #{}", t.0), |x| x.name.clone())
}

/// The name of role `r`.
pub fn role(s: &Scenario, r: RoleId) -> String {
    s.roles
        .get(r.index())
        .cloned()
        .unwrap_or_else(|| format!("role #{}", r.0))
}

/// Roles alerted, plus `owner` (e.g. "owner of T3 (engineering manager)") when
/// given: `support manager, owner of T3 (engineering manager)`.
pub fn alerted(s: &Scenario, roles: &[RoleId], owner: Option<String>) -> String {
    let mut parts: Vec<String> = roles.iter().map(|&r| role(s, r)).collect();
    parts.extend(owner);
    parts.join(", ")
}

/// `owner of T3 (engineering manager)`, or `owner of T3` when it has none.
pub fn owner_of(s: &Scenario, t: TierId) -> String {
    match s.tiers.get(t.index()).map(|x| x.owner.trim()) {
        Some(o) if !o.is_empty() => format!("owner of {} ({o})", tier(s, t)),
        _ => format!("owner of {}", tier(s, t)),
    }
}

/// `set priority 1` or `raise priority by 2`.
pub fn priority(p: PriorityChange) -> String {
    match p {
        PriorityChange::Set(level) => format!("set priority {level}"),
        PriorityChange::Raise(n) => format!("raise priority by {n}"),
    }
}

/// The conditions of a rule or trigger joined by `and`; `always` when there are none.
pub fn conditions(s: &Scenario, when: &[Condition]) -> String {
    if when.is_empty() {
        return "always".into();
    }
    when.iter()
        .map(|c| condition(s, c))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// One condition, e.g. `severity critical or high`, `SLA remaining < 30 min`.
pub fn condition(s: &Scenario, c: &Condition) -> String {
    let names = |list: Vec<String>| list.join(" or ");
    match c {
        Condition::SeverityIn(list) => format!(
            "severity {}",
            names(list.iter().map(|v| v.name().to_string()).collect())
        ),
        Condition::SeverityAtLeast(v) => format!("severity ≥ {v}"),
        Condition::SegmentIn(list) => format!(
            "segment {}",
            names(list.iter().map(|&g| segment(s, g)).collect())
        ),
        Condition::CategoryIn(list) => format!(
            "category {}",
            names(
                list.iter()
                    .map(|c| {
                        s.categories
                            .get(c.index())
                            .map_or_else(|| format!("category #{}", c.0), |x| x.name.clone())
                    })
                    .collect()
            )
        ),
        Condition::KeywordsAny(mask) => format!(
            "AI detects {}",
            names(
                keywords(s, *mask)
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect()
            )
        ),
        Condition::PredictedTierIn(list) => format!(
            "AI predicts {}",
            names(list.iter().map(|&t| tier(s, t)).collect())
        ),
        Condition::Compare(field, cmp, x) => {
            let op = match cmp {
                Cmp::AtLeast => "≥",
                Cmp::Below => "<",
            };
            format!("{} {op} {}", field_label(*field), field_value(*field, *x))
        }
    }
}

/// The keywords of a mask over [`Scenario::keywords`], in vocabulary order.
pub fn keywords(s: &Scenario, mask: u64) -> Vec<&str> {
    s.keywords
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < 64 && mask & (1u64 << i) != 0)
        .map(|(_, k)| k.as_str())
        .collect()
}

fn segment(s: &Scenario, g: SegmentId) -> String {
    s.segments
        .get(g.index())
        .map_or_else(|| format!("segment #{}", g.0), |x| x.name.clone())
}

/// A field as people say it: `account value`, `SLA remaining`.
pub fn field_label(f: Field) -> &'static str {
    match f {
        Field::AccountValue => "account value",
        Field::OrderValue => "order value",
        Field::Sentiment => "sentiment",
        Field::AiScore => "AI score",
        Field::AiConfidence => "AI confidence",
        Field::Reopens => "reopens",
        Field::Hops => "hops",
        Field::Bounces => "bounces",
        Field::WaitedMinutes => "waited",
        Field::SlaRemainingMinutes => "SLA remaining",
    }
}

fn field_value(f: Field, x: f64) -> String {
    match f {
        Field::WaitedMinutes | Field::SlaRemainingMinutes => format!("{} min", number(x)),
        _ => number(x),
    }
}

/// `15 min / 4 h`, with the calendar's name appended when the SLA clock does not run
/// around the clock (`4 h / 16 h business`).
pub fn target(s: &Scenario, t: &SlaTarget) -> String {
    let mut out = format!(
        "{} / {}",
        duration(t.first_response_ms),
        duration(t.resolution_ms)
    );
    if let Some(c) = s
        .calendars
        .get(t.calendar.0 as usize)
        .filter(|c| c.weekly_open_ms.is_some())
    {
        out.push(' ');
        out.push_str(&c.name);
    }
    out
}

/// SLA lines for a tier label: the per-severity targets (first response / resolution)
/// on two lines, then one line per segment with overrides.
pub fn sla_lines(s: &Scenario) -> Vec<String> {
    let by_sev = |sevs: &[Severity]| {
        sevs.iter()
            .map(|&v| format!("{v} {}", target(s, &s.sla.by_severity[v.index()])))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let mut lines = vec![
        "SLA first response / resolution:".to_string(),
        by_sev(&[Severity::Critical, Severity::High]),
        by_sev(&[Severity::Medium, Severity::Low]),
    ];
    for (g, overrides) in s.sla.by_segment.iter().enumerate() {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .filter_map(|&v| {
                overrides[v.index()]
                    .as_ref()
                    .map(|t| format!("{v} {}", target(s, t)))
            })
            .collect();
        if !parts.is_empty() {
            lines.push(format!(
                "{}: {}",
                segment(s, SegmentId(g as u16)),
                parts.join(" · ")
            ));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{HOUR_MS, MINUTE_MS};

    #[test]
    fn durations_and_numbers_read_naturally() {
        assert_eq!(duration(15 * MINUTE_MS), "15 min");
        assert_eq!(duration(4 * HOUR_MS), "4 h");
        assert_eq!(duration(90 * MINUTE_MS), "90 min");
        assert_eq!(duration(0), "0 min");
        assert_eq!(duration(30_000), "0.5 min");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-0.0), "0");
        assert_eq!(percent(0.85), "85 %");
    }
}
