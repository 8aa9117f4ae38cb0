//! SOP rule lints: an escalation cycle with no exit (SOP004), too many decision
//! branches (SOP005), critical tickets routed by the AI without human review (SOP006)
//! and a rule shadowed by an earlier one (SOP011, validation's test).
//!
//! Escalation cycles: conditions test a ticket, not the tier it is at, so an
//! escalation rule whose conditions stay true as the ticket moves (severity, segment,
//! category, keywords, prediction, values, and `hops`/`bounces`/`ai_score` at least,
//! `sla_remaining` below) fires again at the ticket's next escalation. The SOP ignores a
//! route back to the tier that just failed the ticket and takes the default (one step
//! up the path), so a rule sending tickets down to tier `x` makes them alternate
//! between `x` and the step above it; if neither resolves their need, that is a cycle.
//! It has an exit only if an earlier escalation rule can start to match later (a
//! condition on `hops`/`bounces`/`ai_score` at least, `sla_remaining` below or
//! `waited`) and sends the ticket elsewhere.

use super::{Code, Findings, Options, policy_path};
use crate::diagram::text;
use crate::model::sop::{Cmp, Condition, DecisionPoint, Field, Route, Rule, Sop};
use crate::model::{PolicyKind, Scenario, Severity, TierId};
use crate::scenario::shadow::{shadow_message, shadowed_rules};

pub(super) fn lint(s: &Scenario, options: &Options, out: &mut Findings) {
    for p in &s.policies {
        let base = policy_path(&p.name);
        match &p.kind {
            PolicyKind::Ai => ai_review(s, &p.name, &base, out),
            PolicyKind::Sop(sop) => {
                branches(sop, &p.name, &base, options, out);
                cycles(s, sop, &p.name, &base, out);
                ping_pong(s, sop, &base, out);
                ai_rules(sop, &p.name, &base, out);
                shadowed(sop, &base, out);
            }
            _ => {}
        }
    }
}

/// SOP012: two `waited_over` triggers that move queued tickets to different tiers. A
/// ticket moved to one tier by the first can wait there long enough for the second to
/// move it on, and back: each move starts a new queue visit, so both fire again. (The
/// conditions of the triggers may keep them apart; the lint does not try to prove it.
/// The engine stops such a ticket after `engine::MAX_TRIGGER_MOVES` moves.)
fn ping_pong(s: &Scenario, sop: &Sop, base: &str, out: &mut Findings) {
    let movers: Vec<(usize, TierId)> = sop
        .triggers
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.when, crate::model::sop::TriggerTime::WaitedOver(_)))
        .filter_map(|(i, t)| t.escalate_to.map(|to| (i, to)))
        .collect();
    for (k, &(i, a)) in movers.iter().enumerate() {
        if let Some(&(j, b)) = movers[k + 1..].iter().find(|&&(_, b)| b != a) {
            let (ta, tb) = (&sop.triggers[i], &sop.triggers[j]);
            out.push(
                Code::TriggerPingPong,
                format!("{base}.triggers[{j}]"),
                format!(
                    "triggers \"{}\" (to `{}`) and \"{}\" (to `{}`) both move tickets that waited: a ticket matching both can be moved back and forth between the two tiers",
                    ta.name,
                    text::tier(s, a),
                    tb.name,
                    text::tier(s, b)
                ),
                "give the triggers conditions that exclude each other (e.g. different severities or segments), or move tickets only up the escalation path",
            );
            return;
        }
    }
}

fn rule_path(base: &str, i: usize) -> String {
    format!("{base}.rules[{i}]")
}

/// SOP005.
fn branches(sop: &Sop, name: &str, base: &str, options: &Options, out: &mut Findings) {
    let n = sop.rules.len() + sop.triggers.len();
    if n > options.max_branches {
        out.push(
            Code::TooManyBranches,
            base,
            format!(
                "policy `{name}` has {n} decision branches ({} rules, {} timed triggers), more than {}: an SOP this long is hard to follow and to keep consistent",
                sop.rules.len(),
                sop.triggers.len(),
                options.max_branches
            ),
            "merge rules with the same action, drop rules that rarely fire (see the per-rule firing counts), or raise the limit with --max-branches",
        );
    }
}

/// Whether a condition that holds at one escalation still holds at the next.
fn persists(c: &Condition) -> bool {
    match c {
        Condition::Compare(f, cmp, _) => match (f, cmp) {
            (Field::WaitedMinutes, _) => false,
            (Field::Hops | Field::Bounces | Field::AiScore, Cmp::AtLeast) => true,
            (Field::Hops | Field::Bounces | Field::AiScore, Cmp::Below) => false,
            (Field::SlaRemainingMinutes, Cmp::Below) => true,
            (Field::SlaRemainingMinutes, Cmp::AtLeast) => false,
            _ => true,
        },
        _ => true,
    }
}

/// Whether a condition that fails at one escalation may hold at a later one.
fn may_start_to_hold(c: &Condition) -> bool {
    matches!(
        c,
        Condition::Compare(
            Field::Hops | Field::Bounces | Field::AiScore,
            Cmp::AtLeast,
            _
        ) | Condition::Compare(Field::SlaRemainingMinutes, Cmp::Below, _)
            | Condition::Compare(Field::WaitedMinutes, _, _)
    )
}

/// The needs tickets matching `r` can have (by its category and, with a perfect AI,
/// its predicted-tier conditions).
fn needs_of(s: &Scenario, r: &Rule) -> Vec<TierId> {
    let mut out: Vec<TierId> = s
        .categories
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            r.when.iter().all(|c| match c {
                Condition::CategoryIn(list) => list.iter().any(|c| c.index() == *i),
                _ => true,
            })
        })
        .flat_map(|(_, c)| c.needs.iter().filter(|(_, p)| *p > 0.0).map(|(t, _)| *t))
        .collect();
    if s.ai.tier_accuracy >= 1.0 {
        for c in &r.when {
            if let Condition::PredictedTierIn(list) = c {
                out.retain(|t| list.contains(t));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The tier after `t` on the escalation path (`None` at the top or off the path).
fn step_up(s: &Scenario, t: TierId) -> Option<TierId> {
    let path = &s.escalation_path;
    path.iter()
        .position(|&p| p == t)
        .and_then(|k| path.get(k + 1).copied())
}

/// The lowest tier on the path that resolves `need` (the top when none does), as the
/// SOP routes a prediction.
fn lowest(s: &Scenario, need: TierId) -> Option<TierId> {
    s.lowest_resolving(need)
        .or(s.escalation_path.last().copied())
}

/// A cycle for tickets needing `need` routed to `x` at every escalation: `x` cannot
/// resolve them, and neither can the step up from `x` (where the default takes a
/// ticket the rule would send back to the tier that just failed it). Returns the step.
fn cycle_at(s: &Scenario, x: TierId, need: TierId) -> Option<TierId> {
    let resolves = |t: TierId| s.tiers[t.index()].resolves[need.index()];
    let y = step_up(s, x)?;
    (!resolves(x) && !resolves(y)).then_some(y)
}

/// SOP004.
fn cycles(s: &Scenario, sop: &Sop, name: &str, base: &str, out: &mut Findings) {
    // Routes of earlier escalation rules that may start to match later.
    let mut later_routes: Vec<Option<Route>> = Vec::new();
    for (i, r) in sop.rules.iter().enumerate() {
        if r.on != DecisionPoint::Escalation {
            continue;
        }
        let exit = later_routes.iter().any(|&to| to != r.action.route);
        if r.when.iter().all(persists) && !exit {
            let needs = needs_of(s, r);
            match r.action.route {
                Some(Route::Tier(x)) => {
                    let stuck: Vec<(TierId, TierId)> = needs
                        .iter()
                        .filter_map(|&n| cycle_at(s, x, n).map(|y| (n, y)))
                        .collect();
                    if let Some(&(_, y)) = stuck.first() {
                        let (x, y) = (text::tier(s, x), text::tier(s, y));
                        let needs = stuck
                            .iter()
                            .map(|&(n, _)| format!("`{}`", text::tier(s, n)))
                            .collect::<Vec<_>>()
                            .join(", ");
                        out.push(
                            Code::EscalationCycle,
                            rule_path(base, i),
                            format!(
                                "escalation rule `{}` of policy `{name}` sends tickets down to `{x}` at every escalation; tickets needing {needs} go `{x}` → `{y}` (the step up, when the rule would route back to the tier that just failed) → `{x}` …, and neither resolves them: a cycle with no exit",
                                r.name
                            ),
                            "route them to a tier that resolves them, narrow the rule (e.g. category, predicted_tier or hops_below), or add an earlier escalation rule on bounces_min that sends bounced tickets up",
                        );
                    }
                }
                Some(Route::Predicted) if s.ai.tier_accuracy < 1.0 => {
                    let stuck = (0..s.tiers.len()).map(|p| TierId(p as u16)).find_map(|p| {
                        let x = lowest(s, p)?;
                        needs
                            .iter()
                            .find_map(|&n| cycle_at(s, x, n).map(|y| (p, n, x, y)))
                    });
                    if let Some((p, n, x, y)) = stuck {
                        out.push(
                            Code::EscalationCycle,
                            rule_path(base, i),
                            format!(
                                "escalation rule `{}` of policy `{name}` sends tickets to the AI's predicted tier at every escalation; the AI is right {} of the time, and a ticket needing `{}` predicted as `{}` goes `{}` → `{}` → `{}` …, neither resolving it: a cycle with no exit",
                                r.name,
                                text::percent(s.ai.tier_accuracy),
                                text::tier(s, n),
                                text::tier(s, p),
                                text::tier(s, x),
                                text::tier(s, y),
                                text::tier(s, x)
                            ),
                            "route on the prediction at arrival only, or add an earlier escalation rule on bounces_min that sends bounced tickets up the path",
                        );
                    }
                }
                _ => {}
            }
        }
        if r.when.iter().any(may_start_to_hold) {
            later_routes.push(r.action.route);
        }
    }
}

/// Whether a rule's conditions let critical tickets through.
fn admits_critical(r: &Rule) -> bool {
    r.when.iter().all(|c| match c {
        Condition::SeverityIn(list) => list.contains(&Severity::Critical),
        _ => true,
    })
}

/// Whether a rule's route is decided by the AI (predicted route or AI conditions).
fn decided_by_ai(r: &Rule) -> bool {
    r.action.route.is_some()
        && (r.action.route == Some(Route::Predicted)
            || r.when.iter().any(|c| {
                matches!(
                    c,
                    Condition::PredictedTierIn(_)
                        | Condition::Compare(Field::AiScore | Field::AiConfidence, _, _)
                )
            }))
}

/// SOP006 for `kind = "sop"`.
fn ai_rules(sop: &Sop, name: &str, base: &str, out: &mut Findings) {
    for (i, r) in sop.rules.iter().enumerate() {
        if decided_by_ai(r) && admits_critical(r) && !r.action.review {
            out.push(
                Code::AiCriticalWithoutReview,
                rule_path(base, i),
                format!(
                    "rule `{}` of policy `{name}` routes critical tickets on the AI's estimate with no human review: a wrong prediction sends a critical ticket to the wrong tier unchecked",
                    r.name
                ),
                "add review = true to the rule (with a reviewer in [ai.review]), or exclude critical tickets with a severity condition",
            );
        }
    }
}

/// SOP006 for `kind = "ai"`: the scenario's review must cover critical tickets.
fn ai_review(s: &Scenario, name: &str, base: &str, out: &mut Findings) {
    let covered =
        s.ai.review
            .as_ref()
            .is_some_and(|r| r.severity_at_least.is_some());
    if !covered {
        out.push(
            Code::AiCriticalWithoutReview,
            base,
            format!(
                "policy `{name}` routes every ticket, critical ones included, to the AI's predicted tier, and [ai.review] does not review critical tickets"
            ),
            "add [ai.review] with severity_at_least = \"critical\" (or \"high\") and a reviewer role",
        );
    }
}

/// SOP011, by validation's test and wording ([`shadowed_rules`], [`shadow_message`]);
/// validation reports it too, under the same code and path, and [`super::check`]
/// shows it once.
fn shadowed(sop: &Sop, base: &str, out: &mut Findings) {
    for (j, e) in shadowed_rules(&sop.rules) {
        let (message, fix) = shadow_message(&sop.rules, j, e);
        out.push(Code::ShadowedRule, rule_path(base, j), message, fix);
    }
}
