//! Rule SOPs: `[[policies.<name>.rules]]` and `[[policies.<name>.triggers]]` of a
//! `kind = "sop"` policy → [`Sop`]; rules and triggers on any other kind are refused.
//!
//! Checks each rule and trigger on its own (name, decision point, conditions via
//! [`super::validate_when`], a known target tier, a valid priority change, roles, that
//! it does something), then across the policy: names unique among rules and triggers,
//! and a warning for every rule that an earlier one shadows ([`shadowed_rules`]).

use super::context::SopRefs;
use super::problem::{Problems, index, join};
use super::raw::{RawPolicy, RawRule, RawTrigger};
use super::shadow::{shadow_message, shadowed_rules};
use super::suggest::{Names, closest, list, word};
use super::validate_vocab::role_ids;
use super::validate_when::conditions;
use super::values::{count, duration_value, non_negative, required};
use crate::model::TierId;
use crate::model::sop::{
    Action, DecisionPoint, LOWEST_PRIORITY, PriorityChange, Route, Rule, Sop, Trigger, TriggerTime,
};
use crate::model::time::MINUTE_MS;

const POINTS: [DecisionPoint; 2] = [DecisionPoint::Arrival, DecisionPoint::Escalation];

/// The rules and triggers of the `sop` policy whose table is at `base`.
pub(crate) fn sop(problems: &mut Problems, base: &str, p: &RawPolicy, cx: &SopRefs) -> Option<Sop> {
    let rules_path = join(base, "rules");
    let triggers_path = join(base, "triggers");
    let rules: Vec<Option<Rule>> = p
        .rules
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, r)| rule(problems, &index(&rules_path, i), r, cx))
        .collect();
    let triggers: Vec<Option<Trigger>> = p
        .triggers
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, t)| trigger(problems, &index(&triggers_path, i), t, cx))
        .collect();
    unique_names(problems, base, p);
    if rules.is_empty() && triggers.is_empty() {
        problems.warning(
            base,
            "this sop policy has no rules or triggers, so it routes every ticket like `tiered`",
            "add [[policies.<name>.rules]] or [[policies.<name>.triggers]] (see docs/sop.md), or use kind = \"tiered\"",
        );
    }
    let rules: Option<Vec<Rule>> = rules.into_iter().collect();
    if let Some(rules) = &rules {
        shadow_warnings(problems, &rules_path, rules);
    }
    Some(Sop {
        rules: rules?,
        triggers: triggers.into_iter().collect::<Option<Vec<_>>>()?,
    })
}

/// Refuses rules and triggers on a policy whose kind is not `sop`.
pub(crate) fn refuse_rules(problems: &mut Problems, base: &str, p: &RawPolicy, kind: &str) {
    for (field, given) in [
        ("rules", p.rules.is_some()),
        ("triggers", p.triggers.is_some()),
    ] {
        if given {
            problems.error(
                join(base, field),
                format!("{field} are only used by kind = \"sop\" policies, but this policy's kind is `{kind}`"),
                format!("set kind = \"sop\", or remove the {field}"),
            );
        }
    }
}

fn name(problems: &mut Problems, path: &str, name: &Option<String>, what: &str) -> Option<String> {
    let at = join(path, "name");
    let fix = format!(
        "give the {what} a short name, unique within the policy, e.g. name = \"outage to engineering\""
    );
    let n = required(problems, &at, name, &fix)?;
    if n.trim().is_empty() {
        problems.error(
            at,
            format!("must not be empty (it names the {what} in reports)"),
            fix,
        );
        return None;
    }
    Some(n.clone())
}

fn rule(problems: &mut Problems, path: &str, r: &RawRule, cx: &SopRefs) -> Option<Rule> {
    let name = name(problems, path, &r.name, "rule");
    let on = match r.on.as_deref() {
        None => Some(DecisionPoint::Arrival),
        Some(s) => word(
            problems,
            &join(path, "on"),
            "decision point",
            s,
            (
                &POINTS.map(DecisionPoint::name),
                "known: arrival, escalation",
            ),
            "use on = \"arrival\" (which tier first) or on = \"escalation\" (which tier next)",
        )
        .map(|i| POINTS[i]),
    };
    let when = conditions(
        problems,
        &join(path, "when"),
        r.when.as_ref(),
        cx.refs,
        cx.keywords,
    );
    let route = match r.route.as_deref() {
        None => Some(None),
        Some("predicted") => Some(Some(Route::Predicted)),
        Some(t) => route_tier(problems, &join(path, "route"), t, &cx.refs.tiers)
            .map(|id| Some(Route::Tier(id))),
    };
    let priority = priority_change(problems, path, r.priority, r.raise_priority);
    let alert = role_ids(
        problems,
        &join(path, "alert"),
        r.alert.as_deref().unwrap_or(&[]),
        cx.roles,
    );
    let review = r.review.unwrap_or(false);
    let mut ok = true;
    if review && !cx.has_review {
        problems.error(
            join(path, "review"),
            "review = true, but the scenario has no [ai.review] saying who reviews and how long it takes",
            "add [ai.review] with role, delay_minutes and catch_rate (see docs/sop.md), or remove `review`",
        );
        ok = false;
    }
    let does_something = r.route.is_some()
        || r.priority.is_some()
        || r.raise_priority.is_some()
        || r.alert.as_ref().is_some_and(|a| !a.is_empty())
        || r.alert_owner == Some(true)
        || review;
    if !does_something {
        problems.error(
            path,
            format!("rule `{}` does nothing", r.name.as_deref().unwrap_or("")),
            "give at least one of `route`, `priority` or `raise_priority`, `alert`, alert_owner = true or review = true",
        );
        ok = false;
    }
    ok.then_some(())?;
    Some(Rule {
        name: name?,
        on: on?,
        when: when?,
        action: Action {
            route: route?,
            priority: priority?,
            alert: alert?,
            alert_owner: r.alert_owner.unwrap_or(false),
            review,
        },
    })
}

/// A rule's `route` tier; the message also offers `predicted`.
fn route_tier(problems: &mut Problems, path: &str, name: &str, tiers: &Names) -> Option<TierId> {
    if let Some(i) = tiers.get(name) {
        return Some(TierId(i as u16));
    }
    let known = tiers.names.iter().map(String::as_str).chain(["predicted"]);
    let fix = match closest(name, known.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("use one of {}", list(known)),
    };
    problems.error(
        path,
        format!(
            "unknown tier `{name}` (known: {}, or \"predicted\" for the AI's predicted tier)",
            tiers.list()
        ),
        fix,
    );
    None
}

/// `priority` (set a level) or `raise_priority` (raise by levels) of the table at
/// `path`; `Some(None)` when neither is given.
fn priority_change(
    problems: &mut Problems,
    path: &str,
    priority: Option<i64>,
    raise: Option<i64>,
) -> Option<Option<PriorityChange>> {
    let lowest = u32::from(LOWEST_PRIORITY);
    match (priority, raise) {
        (Some(_), Some(_)) => {
            problems.error(
                path,
                "give `priority` (set the level) or `raise_priority` (raise by levels), not both",
                "remove one of them",
            );
            None
        }
        (None, None) => Some(None),
        (Some(p), None) => count(
            problems,
            &join(path, "priority"),
            p,
            1,
            lowest,
            &format!("give a level from 1 (served first) to {lowest}, e.g. priority = 1"),
        )
        .map(|p| Some(PriorityChange::Set(p as u8))),
        (None, Some(n)) => count(
            problems,
            &join(path, "raise_priority"),
            n,
            1,
            lowest - 1,
            &format!(
                "give how many levels to raise towards 1, from 1 to {}, e.g. raise_priority = 1",
                lowest - 1
            ),
        )
        .map(|n| Some(PriorityChange::Raise(n as u8))),
    }
}

fn trigger(problems: &mut Problems, path: &str, t: &RawTrigger, cx: &SopRefs) -> Option<Trigger> {
    let name = name(problems, path, &t.name, "trigger");
    let time_fix = "give sla_remaining_below_minutes = 30 (fires when the resolution SLA has less than 30 minutes left) or waited_over_minutes = 60 (fires after an hour in one queue)";
    let when = match (t.sla_remaining_below_minutes, t.waited_over_minutes) {
        (Some(_), Some(_)) => {
            problems.error(
                path,
                "give `sla_remaining_below_minutes` or `waited_over_minutes`, not both",
                "split it into two triggers, one for each moment",
            );
            None
        }
        (None, None) => {
            problems.error(
                join(path, "sla_remaining_below_minutes"),
                "missing when the trigger fires (give `sla_remaining_below_minutes` or `waited_over_minutes`)",
                time_fix,
            );
            None
        }
        (Some(m), None) => {
            let at = join(path, "sla_remaining_below_minutes");
            let fix = "give the SLA time left in minutes, >= 0 (0 fires at the breach), e.g. 30";
            match non_negative(problems, &at, m, fix) {
                Some(0.0) => Some(TriggerTime::SlaRemainingBelow(0)),
                Some(m) => duration_value(problems, &at, m, MINUTE_MS, fix)
                    .map(TriggerTime::SlaRemainingBelow),
                None => None,
            }
        }
        (None, Some(m)) => duration_value(
            problems,
            &join(path, "waited_over_minutes"),
            m,
            MINUTE_MS,
            "give the wait in one queue in minutes, > 0, e.g. 60",
        )
        .map(TriggerTime::WaitedOver),
    };
    let also = conditions(
        problems,
        &join(path, "when"),
        t.when.as_ref(),
        cx.refs,
        cx.keywords,
    );
    let escalate_to = match t.escalate_to.as_deref() {
        None => Some(None),
        Some(n) => cx
            .refs
            .tiers
            .lookup(problems, &join(path, "escalate_to"), n)
            .map(|i| Some(TierId(i as u16))),
    };
    let priority = priority_change(problems, path, t.priority, t.raise_priority);
    let alert = role_ids(
        problems,
        &join(path, "alert"),
        t.alert.as_deref().unwrap_or(&[]),
        cx.roles,
    );
    let does_something = t.escalate_to.is_some()
        || t.priority.is_some()
        || t.raise_priority.is_some()
        || t.alert.as_ref().is_some_and(|a| !a.is_empty())
        || t.alert_owner == Some(true);
    if !does_something {
        problems.error(
            path,
            format!("trigger `{}` does nothing", t.name.as_deref().unwrap_or("")),
            "give at least one of `escalate_to`, `priority` or `raise_priority`, `alert` or alert_owner = true",
        );
        return None;
    }
    Some(Trigger {
        name: name?,
        when: when?,
        also: also?,
        escalate_to: escalate_to?,
        priority: priority?,
        alert: alert?,
        alert_owner: t.alert_owner.unwrap_or(false),
    })
}

/// Rule and trigger names must be unique within a policy (they share one namespace).
fn unique_names(problems: &mut Problems, base: &str, p: &RawPolicy) {
    let rules = p.rules.iter().flatten().map(|r| ("rules", &r.name));
    let triggers = p.triggers.iter().flatten().map(|t| ("triggers", &t.name));
    let mut seen: Vec<(&str, String)> = Vec::new();
    let mut counts = [0usize; 2];
    for (table, n) in rules.chain(triggers) {
        let slot = usize::from(table == "triggers");
        let at = index(table, counts[slot]);
        counts[slot] += 1;
        let Some(n) = n.as_deref().filter(|n| !n.trim().is_empty()) else {
            continue;
        };
        match seen.iter().find(|(s, _)| *s == n) {
            Some((_, first)) => problems.error(
                join(&format!("{base}.{at}"), "name"),
                format!("name `{n}` is already used by {first}"),
                "give each rule and trigger of a policy its own name (reports and traces use it)",
            ),
            None => seen.push((n, at)),
        }
    }
}

/// Warns about every rule an earlier rule shadows (see [`shadowed_rules`]): lint
/// SOP011, worded by [`shadow_message`] as the linter words it.
fn shadow_warnings(problems: &mut Problems, rules_path: &str, rules: &[Rule]) {
    for (later, earlier) in shadowed_rules(rules) {
        let (message, fix) = shadow_message(rules, later, earlier);
        problems.lint("SOP011", index(rules_path, later), message, fix);
    }
}
