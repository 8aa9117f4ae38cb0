//! Raw scenario → validated [`Scenario`]: runs every table's checks in dependency
//! order, collecting all problems, and assembles the scenario only when there are no
//! errors. Also checks the top-level fields (`name`, `[run]`, `[policies]`).
//!
//! Order: names of every table first (so any table can refer to any other), then the
//! keyword and role vocabularies, calendars, escalation path, tiers, the ticket mix,
//! routing checks, staffing models, SLAs, arrivals, `[ai]`, `[feedback]`, `[incident]`
//! and policies (with their rules and triggers), then which policy runs under which
//! staffing model (`[[candidates]]`).

use super::context::{AiRefs, Refs, SopRefs, Timeline};
use super::problem::{Problem, Problems, join};
use super::raw::{RawPolicy, RawRun, RawScenario};
use super::suggest::{Names, word};
use super::validate_ai::{ai, min_confidence, min_confidence_warnings};
use super::validate_arrivals::arrivals;
use super::validate_calendars::calendars;
use super::validate_feedback::{feedback, incident, loop_warnings};
use super::validate_mix::{categories, segments, severity_shares};
use super::validate_routing::{check_needs, escalation_path};
use super::validate_sla::sla;
use super::validate_sop::{refuse_rules, sop};
use super::validate_staffing::{staffing_models, unstaffed_warnings};
use super::validate_tiers::{tier_count, tiers};
use super::validate_transfers::{refuse_transfers, transfers};
use super::validate_vocab::{keywords, owner_role_name, roles};
use super::values::{
    MAX_DURATION_DAYS, count, datetime, duration_value, non_negative, positive, required,
};
use crate::model::time::{DAY_MS, MINUTE_MS, SimTime, minutes_to_ms};
use crate::model::{
    Clock, DEFAULT_RISK_SCALE_MS, Discipline, MAX_REPLICATIONS, PolicyKind, PolicySpec, RoleId,
    RunSettings, Scenario, TierId,
};

/// Validates a parsed file. Returns the scenario (only when there are no errors) and
/// every problem, errors first.
pub(crate) fn validate(raw: &RawScenario) -> (Option<Scenario>, Vec<Problem>) {
    let mut ps = Problems::default();
    let scenario = build(&mut ps, raw);
    let errors = ps.error_count();
    let scenario = match scenario {
        Some(s) if errors == 0 => Some(s),
        None if errors == 0 => {
            // Every check that refuses a value reports why; this is a safety net.
            ps.error(
                "",
                "the scenario could not be built, but no specific problem was found",
                "please report this as a bug in escalsim, with the scenario file",
            );
            None
        }
        _ => None,
    };
    (scenario, ps.into_sorted())
}

fn build(ps: &mut Problems, raw: &RawScenario) -> Option<Scenario> {
    let name = scenario_name(ps, &raw.name);
    let (run, clock) = run(ps, raw.run.as_ref());

    let (calendar_names, calendars) = calendars(ps, &raw.calendars);
    let refs = Refs {
        calendars: calendar_names,
        tiers: Names::new("tier", "[tiers.<name>]", raw.tiers.keys().cloned()),
        segments: Names::new("segment", "[segments.<name>]", raw.segments.keys().cloned()),
        categories: Names::new(
            "category",
            "[categories.<name>]",
            raw.categories.keys().cloned(),
        ),
    };
    tier_count(ps, &refs.tiers);
    let (keyword_names, keyword_masks) = keywords(ps, &raw.categories);
    let roles = roles(ps, raw);
    let too_many_tiers = refs.tiers.names.len() > crate::model::MAX_TIERS;

    let (region_names, regions) = super::validate_regions::regions(ps, &raw.regions);
    let places = super::validate_regions::tier_places(ps, &raw.tiers, &region_names, &regions);
    let (path, path_ok) = escalation_path(ps, raw.escalation.as_ref(), &refs.tiers);
    let tiers: Option<Vec<_>> = tiers(ps, &raw.tiers, &refs, &path, &places)
        .into_iter()
        .collect();
    let tiers = tiers.map(|mut tiers| {
        for (t, (name, rt)) in tiers.iter_mut().zip(&raw.tiers) {
            let owner = owner_role_name(name, rt.owner.as_deref());
            let id = roles.iter().position(|r| *r == owner).unwrap_or(0);
            t.owner_role = RoleId(id as u16);
        }
        tiers
    });
    let segments: Option<Vec<_>> = segments(ps, &raw.segments).into_iter().collect();
    let categories: Option<Vec<_>> = categories(ps, &raw.categories, &refs).into_iter().collect();
    let categories = categories.map(|mut categories| {
        for (c, &mask) in categories.iter_mut().zip(&keyword_masks) {
            c.keyword_mask = mask;
        }
        categories
    });
    let severity = match &raw.severity {
        None => {
            ps.error(
                "severity",
                "missing required table: default severity shares",
                "add [severity] with shares summing to 1, e.g. critical = 0.05, high = 0.15, medium = 0.5, low = 0.3",
            );
            None
        }
        Some(s) => severity_shares(ps, "severity", s, "severity shares", true),
    };

    let models: Option<Vec<_>> =
        staffing_models(ps, &raw.staffing, &refs, &places, tiers.as_deref())
            .into_iter()
            .collect();
    // Routing checks and staffing warnings need the whole path and every tier.
    if let (Some(tiers), Some(categories), true) = (&tiers, &categories, path_ok && !too_many_tiers)
    {
        let receives = check_needs(ps, tiers, &path, categories);
        if let Some(models) = &models {
            unstaffed_warnings(ps, tiers, models, &receives);
        }
    }

    let sla = sla(ps, raw.sla.as_ref(), &refs);
    let timeline = match (&clock, &run) {
        (Some(clock), Some(run)) => Some(Timeline {
            clock,
            horizon_ms: run.horizon_ms,
        }),
        _ => None,
    };
    let arrivals = arrivals(ps, raw.arrivals.as_ref(), &refs, timeline);
    let ai_refs = AiRefs {
        keywords: &keyword_names,
        roles: &roles,
        tiers: &refs.tiers,
        categories: &refs.categories,
        typed_categories: categories.as_deref(),
    };
    let ai = ai(ps, raw.ai.as_ref(), &ai_refs);
    let feedback = feedback(ps, raw.feedback.as_ref(), &refs);
    let incident = incident(ps, raw.incident.as_ref(), &refs, &roles);
    let cx = SopRefs {
        refs: &refs,
        keywords: &keyword_names,
        roles: &roles,
        has_review: raw.ai.as_ref().is_some_and(|a| a.review.is_some()),
    };
    let policies = policies(
        ps,
        &raw.policies,
        &cx,
        raw.incident.is_some(),
        path_ok.then(|| path.first().copied()).flatten(),
    );
    if let (Some(ai), Some(policies)) = (&ai, &policies) {
        min_confidence_warnings(ps, ai, policies);
    }
    if let (Some(policies), Some(sla)) = (&policies, &sla) {
        loop_warnings(
            ps,
            policies,
            sla,
            raw.incident.is_some(),
            raw.feedback.is_some(),
        );
    }
    let pairings = pairings(ps, raw);
    let checks = super::validate_check::checks(ps, raw.check.as_ref());
    let targets = super::validate_targets::targets(ps, &raw.targets, &refs);
    let planning = super::validate_planning::planning(ps, raw.planning.as_ref());
    let replay = super::validate_replay::replay(ps, raw.replay.as_ref());

    Some(Scenario {
        name: name?,
        description: raw.description.clone().unwrap_or_default(),
        run: run?,
        clock: clock?,
        calendars: calendars.into_iter().collect::<Option<Vec<_>>>()?,
        tiers: tiers?,
        escalation_path: path_ok.then_some(path)?,
        segments: segments?,
        categories: categories?,
        severity_shares: severity?,
        sla: sla?,
        arrivals: arrivals?,
        staffing_models: models?,
        policies: policies?,
        pairings: pairings?,
        checks: checks?,
        targets: targets?,
        planning: planning?,
        replay,
        roles,
        keywords: keyword_names.names,
        ai: ai?,
        feedback: feedback?,
        incident: incident?,
    })
}

/// The candidates' pairings, over the declared policy and staffing model names (the
/// implicit `tiered` and `as-scheduled` when none are declared).
fn pairings(ps: &mut Problems, raw: &RawScenario) -> Option<Option<Vec<crate::model::Pairing>>> {
    let names = |keys: Vec<String>, implicit: &str| {
        if keys.is_empty() {
            vec![implicit.to_string()]
        } else {
            keys
        }
    };
    let policies = names(raw.policies.keys().cloned().collect(), "tiered");
    let models = names(
        raw.staffing.keys().cloned().collect(),
        super::validate_staffing::AS_SCHEDULED,
    );
    super::validate_candidates::pairings(
        ps,
        raw.candidates.as_deref(),
        &raw.policies,
        &policies,
        &models,
    )
}

fn scenario_name(ps: &mut Problems, name: &Option<String>) -> Option<String> {
    let fix = "give a short name of letters, digits, `_`, `.` and `-`, e.g. name = \"support-basic\" (it names the output folder)";
    let name = required(ps, "name", name, fix)?;
    let ok = !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Some(name.clone())
    } else {
        ps.error(
            "name",
            format!("must be letters, digits, `_`, `.` or `-` only (it names the output folder), got {name:?}"),
            fix,
        );
        None
    }
}

fn run(ps: &mut Problems, raw: Option<&RawRun>) -> (Option<RunSettings>, Option<Clock>) {
    let Some(raw) = raw else {
        ps.error(
            "run",
            "missing required table: run length, replications and seed",
            "add [run] with start = 2026-01-05T00:00:00, horizon_days = 28, replications = 10, seed = 42",
        );
        return (None, None);
    };
    let clock = required(
        ps,
        "run.start",
        &raw.start,
        "give the local date-time of simulation time 0, e.g. start = 2026-01-05T00:00:00",
    )
    .and_then(|v| datetime(ps, "run.start", v))
    .map(Clock::new);

    let horizon_fix = "give the simulated length in days, e.g. horizon_days = 28";
    let horizon = required(ps, "run.horizon_days", &raw.horizon_days, horizon_fix)
        .and_then(|&d| positive(ps, "run.horizon_days", d, horizon_fix))
        .and_then(|d| days_to_ms(ps, "run.horizon_days", d, horizon_fix));
    let warmup_fix =
        "give the warm-up in days, shorter than the horizon, e.g. warmup_days = 2 (0 for none)";
    let warmup = match raw.warmup_days {
        None => Some(0),
        Some(d) => non_negative(ps, "run.warmup_days", d, warmup_fix)
            .and_then(|d| days_to_ms(ps, "run.warmup_days", d, warmup_fix)),
    };
    if let (Some(h), Some(w)) = (horizon, warmup) {
        if w >= h {
            ps.error(
                "run.warmup_days",
                format!(
                    "warm-up ({} days) must be shorter than the horizon ({} days)",
                    super::problem::num(w as f64 / DAY_MS as f64),
                    super::problem::num(h as f64 / DAY_MS as f64)
                ),
                "shorten warmup_days or lengthen horizon_days; the warm-up is deleted from the statistics",
            );
        }
    }
    let reps_fix = "give the number of independent replications, e.g. replications = 10";
    let replications = required(ps, "run.replications", &raw.replications, reps_fix)
        .and_then(|&r| count(ps, "run.replications", r, 1, MAX_REPLICATIONS, reps_fix));
    let seed_fix = "give a whole number >= 0 as the master seed, e.g. seed = 42";
    let seed =
        required(ps, "run.seed", &raw.seed, seed_fix).and_then(|&s| match u64::try_from(s) {
            Ok(s) => Some(s),
            Err(_) => {
                ps.error(
                    "run.seed",
                    format!("must be a whole number >= 0, got {s}"),
                    seed_fix,
                );
                None
            }
        });
    let settings = match (horizon, warmup, replications, seed) {
        (Some(h), Some(w), Some(r), Some(s)) if w < h => Some(RunSettings {
            horizon_ms: h,
            warmup_ms: w,
            replications: r,
            seed: s,
        }),
        _ => None,
    };
    (settings, clock)
}

fn days_to_ms(ps: &mut Problems, path: &str, days: f64, fix: &str) -> Option<SimTime> {
    if days > MAX_DURATION_DAYS {
        ps.error(
            path,
            format!("must be at most {MAX_DURATION_DAYS} days, got {days}"),
            fix,
        );
        return None;
    }
    Some(minutes_to_ms(days * (DAY_MS / MINUTE_MS) as f64))
}

const KINDS: [&str; 7] = [
    "tiered",
    "recorded",
    "oracle",
    "random",
    "sop",
    "ai",
    "transfers",
];
const DISCIPLINES: [Discipline; 5] = [
    Discipline::Fifo,
    Discipline::SeverityPriority,
    Discipline::EarliestDeadline,
    Discipline::SlaRisk,
    Discipline::AiScore,
];

fn policies(
    ps: &mut Problems,
    raw: &indexmap::IndexMap<String, RawPolicy>,
    cx: &SopRefs,
    has_incident: bool,
    path_start: Option<TierId>,
) -> Option<Vec<PolicySpec>> {
    if raw.is_empty() {
        return Some(vec![PolicySpec::new(
            "tiered",
            PolicyKind::Tiered,
            Discipline::Fifo,
        )]);
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut ok = true;
    for (name, p) in raw {
        let base = join("policies", name);
        let kind_name = p.kind.as_deref().unwrap_or("tiered");
        if kind_name != "sop" && KINDS.contains(&kind_name) {
            refuse_rules(ps, &base, p, kind_name);
        }
        if kind_name != "transfers" && KINDS.contains(&kind_name) {
            refuse_transfers(ps, &base, p, kind_name);
        }
        let kind = match kind_name {
            "tiered" => Some(PolicyKind::Tiered),
            "recorded" => Some(PolicyKind::Recorded),
            "oracle" => Some(PolicyKind::Oracle),
            "random" => Some(PolicyKind::Random),
            "sop" => sop(ps, &base, p, cx).map(|s| PolicyKind::Sop(Box::new(s))),
            "ai" => Some(PolicyKind::Ai),
            "transfers" => transfers(ps, &base, p, &cx.refs.tiers, path_start)
                .map(|m| PolicyKind::Transfers(Box::new(m))),
            other => {
                let known = KINDS.join(", ");
                word(
                    ps,
                    &join(&base, "kind"),
                    "policy kind",
                    other,
                    (&KINDS, &format!("known: {known}")),
                    &format!("use one of: {known}"),
                );
                None
            }
        };
        let discipline_name = p.discipline.as_deref().unwrap_or("fifo");
        let names = DISCIPLINES.map(Discipline::name);
        let discipline = word(
            ps,
            &join(&base, "discipline"),
            "queue discipline",
            discipline_name,
            (&names, &format!("known: {}", names.join(", "))),
            "use fifo (first come, first served), severity (most severe first), deadline (earliest SLA deadline first), sla-risk (SLA risk weighted by customer value) or ai-score (highest AI score first)",
        )
        .map(|i| DISCIPLINES[i]);
        let options = policy_options(ps, &base, p, discipline, has_incident);
        let min_confidence = min_confidence(ps, &base, p.min_confidence, kind_name);
        match (kind, discipline, options, min_confidence) {
            (
                Some(kind),
                Some(discipline),
                Some((risk_scale_ms, status_updates, incident_mode)),
                Some(min_confidence),
            ) => out.push(PolicySpec {
                risk_scale_ms,
                status_updates,
                incident_mode,
                min_confidence,
                ..PolicySpec::new(name, kind, discipline)
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// `risk_scale_minutes` (ms), `status_updates` and `incident_mode` of a policy.
fn policy_options(
    ps: &mut Problems,
    base: &str,
    p: &RawPolicy,
    discipline: Option<Discipline>,
    has_incident: bool,
) -> Option<(SimTime, bool, bool)> {
    let at = join(base, "risk_scale_minutes");
    let risk_scale = match p.risk_scale_minutes {
        None => Some(DEFAULT_RISK_SCALE_MS),
        Some(m) => {
            if discipline.is_some_and(|d| d != Discipline::SlaRisk) {
                ps.warning(
                    &at,
                    "risk_scale_minutes only affects discipline = \"sla-risk\", which this policy does not use",
                    "remove it, or set discipline = \"sla-risk\"",
                );
            }
            duration_value(
                ps,
                &at,
                m,
                MINUTE_MS,
                "give the scale of the lateness cost in minutes, > 0, e.g. risk_scale_minutes = 60",
            )
        }
    };
    let incident_mode = p.incident_mode.unwrap_or(false);
    if incident_mode && !has_incident {
        ps.error(
            join(base, "incident_mode"),
            "incident_mode = true, but the scenario has no [incident] section saying what a spike is",
            "add [incident] with categories, window_minutes, threshold and bypass_to (see docs/sop.md), or remove incident_mode",
        );
        return None;
    }
    Some((
        risk_scale?,
        p.status_updates.unwrap_or(false),
        incident_mode,
    ))
}
