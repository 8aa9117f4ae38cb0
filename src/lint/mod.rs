//! The SOP linter: checks a validated scenario's escalation SOP against the practices
//! that keep SOPs workable, beyond what validation refuses. Every lint has a stable
//! [`Code`] (`SOP001` …), a one-line explanation and a fix; `docs/lints.md` documents
//! each one and what it means in escalsim's model.
//!
//! ```text
//! Scenario ──► tiers (owner, reachability) ─┐
//!          ──► sla (update targets, contradictions) ─┼──► Vec<Finding>, in code order
//!          ──► rules (cycles, size, AI review, shadowing) ─┤
//!          ──► labels (duplicates, unclear names) ─┘
//! ```
//!
//! A finding is a [`Problem`] like every validation problem — a warning with its lint
//! code, TOML path, `line:column`, message and fix — and [`check`] gives a loaded
//! scenario's warnings and findings together, each problem once (validation already
//! warns about shadowed rules and first responses slower than resolution, under the
//! same codes). Lints never change the scenario and never fail; `escalsim validate
//! --deny warnings` turns warnings into a failed check (exit 1).

mod labels;
mod rules;
mod sla;
mod tiers;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::model::Scenario;
use crate::scenario::{Level, Loaded, Problem, join};

/// Default of `--max-branches`: the most rules and timed triggers one policy may have
/// before lint [`Code::TooManyBranches`] fires.
pub const DEFAULT_MAX_BRANCHES: usize = 12;

/// A lint, by its stable code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// SOP001: a tier without an owner.
    TierWithoutOwner,
    /// SOP002: status updates are sent but a severity has no update interval.
    MissingUpdateTarget,
    /// SOP003: a tier no ticket can reach.
    UnreachableTier,
    /// SOP004: an escalation rule that sends tickets back to a tier that cannot
    /// resolve them, at every escalation.
    EscalationCycle,
    /// SOP005: more decision branches than the limit.
    TooManyBranches,
    /// SOP006: critical tickets routed by the AI without human review.
    AiCriticalWithoutReview,
    /// SOP007: a resolution target shorter than its first-response target.
    ResolutionBeforeFirstResponse,
    /// SOP008: a more urgent severity with a looser target than a less urgent one.
    LooserTargetForHigherSeverity,
    /// SOP009: names that differ only by case or punctuation.
    DuplicateLabels,
    /// SOP010: empty, very short or generic names.
    UnclearLabel,
    /// SOP011: a rule that an earlier rule always takes first.
    ShadowedRule,
    /// SOP012: timed triggers that can move a queued ticket back and forth between
    /// tiers.
    TriggerPingPong,
}

impl Code {
    /// Every lint, in code order.
    pub const ALL: [Code; 12] = [
        Code::TierWithoutOwner,
        Code::MissingUpdateTarget,
        Code::UnreachableTier,
        Code::EscalationCycle,
        Code::TooManyBranches,
        Code::AiCriticalWithoutReview,
        Code::ResolutionBeforeFirstResponse,
        Code::LooserTargetForHigherSeverity,
        Code::DuplicateLabels,
        Code::UnclearLabel,
        Code::ShadowedRule,
        Code::TriggerPingPong,
    ];

    /// The stable code, `SOP001` …
    pub fn code(self) -> &'static str {
        match self {
            Code::TierWithoutOwner => "SOP001",
            Code::MissingUpdateTarget => "SOP002",
            Code::UnreachableTier => "SOP003",
            Code::EscalationCycle => "SOP004",
            Code::TooManyBranches => "SOP005",
            Code::AiCriticalWithoutReview => "SOP006",
            Code::ResolutionBeforeFirstResponse => "SOP007",
            Code::LooserTargetForHigherSeverity => "SOP008",
            Code::DuplicateLabels => "SOP009",
            Code::UnclearLabel => "SOP010",
            Code::ShadowedRule => "SOP011",
            Code::TriggerPingPong => "SOP012",
        }
    }

    /// The lint with stable code `code` (`SOP011`).
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.code() == code)
    }

    /// A short kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Code::TierWithoutOwner => "tier-without-owner",
            Code::MissingUpdateTarget => "missing-update-target",
            Code::UnreachableTier => "unreachable-tier",
            Code::EscalationCycle => "escalation-cycle",
            Code::TooManyBranches => "too-many-branches",
            Code::AiCriticalWithoutReview => "ai-critical-without-review",
            Code::ResolutionBeforeFirstResponse => "resolution-before-first-response",
            Code::LooserTargetForHigherSeverity => "looser-target-for-higher-severity",
            Code::DuplicateLabels => "duplicate-labels",
            Code::UnclearLabel => "unclear-label",
            Code::ShadowedRule => "shadowed-rule",
            Code::TriggerPingPong => "trigger-ping-pong",
        }
    }

    /// What the lint checks, in one line.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::TierWithoutOwner => {
                "every step of the SOP needs an owner accountable for its part of the SLA"
            }
            Code::MissingUpdateTarget => {
                "a policy sends customer status updates, but a severity has no update interval to send them at"
            }
            Code::UnreachableTier => {
                "a tier that no route, escalation, trigger or bypass can send a ticket to"
            }
            Code::EscalationCycle => {
                "an escalation rule keeps sending tickets back to a tier that cannot resolve them"
            }
            Code::TooManyBranches => {
                "a policy with more rules and timed triggers than people can follow"
            }
            Code::AiCriticalWithoutReview => {
                "critical tickets are routed on the AI's estimate with no human review"
            }
            Code::ResolutionBeforeFirstResponse => {
                "a resolution target shorter than the first-response target of the same tickets"
            }
            Code::LooserTargetForHigherSeverity => {
                "a more urgent severity has a looser SLA target than a less urgent one"
            }
            Code::DuplicateLabels => "two names that differ only by case, spaces or punctuation",
            Code::UnclearLabel => "a name that is empty, very short or says nothing",
            Code::ShadowedRule => {
                "a rule that never fires because an earlier rule always matches first"
            }
            Code::TriggerPingPong => {
                "timed triggers that can move a queued ticket back and forth between tiers"
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Lint settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Most rules plus timed triggers per policy ([`Code::TooManyBranches`]).
    pub max_branches: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_branches: DEFAULT_MAX_BRANCHES,
        }
    }
}

/// Every finding for scenario `s` (warnings with their codes, not yet located),
/// sorted by code, each lint's findings in scenario order.
pub fn lint(s: &Scenario, options: &Options) -> Vec<Problem> {
    let mut out = Findings::default();
    tiers::lint(s, &mut out);
    sla::lint(s, &mut out);
    rules::lint(s, options, &mut out);
    labels::lint(s, &mut out);
    let mut list = out.0;
    list.sort_by_key(|f| f.code);
    list
}

/// A loaded scenario's warnings and lint findings, each problem once, located in its
/// file: the uncoded warnings of validation in the order found, then every coded
/// problem by code. Validation warns about SOP007 and SOP011 itself, with the lint's
/// code, path and wording: the lint's copy takes the warning's place.
pub fn check(loaded: &Loaded, options: &Options) -> Vec<Problem> {
    let mut list: Vec<Problem> = loaded
        .warnings
        .iter()
        .filter(|w| w.level == Level::Warning)
        .cloned()
        .collect();
    for f in lint(&loaded.scenario, options) {
        list.retain(|w| (w.code, &w.path) != (f.code, &f.path));
        list.push(f);
    }
    list.sort_by_key(|p| p.code);
    loaded.locate(&mut list);
    list
}

/// The findings collected so far.
#[derive(Debug, Default)]
struct Findings(Vec<Problem>);

impl Findings {
    fn push(
        &mut self,
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.0.push(Problem::new(
            Level::Warning,
            Some(code.code()),
            path,
            message,
            fix,
        ));
    }
}

/// `policies.<name>`.
fn policy_path(name: &str) -> String {
    join("policies", name)
}
