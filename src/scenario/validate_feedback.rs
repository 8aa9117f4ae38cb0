//! Customer loops and spike detection: `[feedback]` → [`Feedback`], `[incident]` →
//! [`Incident`], and the checks that tie them to policies (`incident_mode`,
//! `status_updates`).
//!
//! Without `[feedback]` there are no follow-ups and no reopens and status updates take
//! no agent time ([`Feedback::default`], with a reopen probability of 0 per category).
//! Missing fields of a `[feedback]` section take the defaults documented in
//! docs/sop.md ([`FEEDBACK_DEFAULTS`]).

use super::context::Refs;
use super::dists::{Quantity, dist};
use super::problem::{Problems, join};
use super::raw::{RawFeedback, RawIncident};
use super::validate_vocab::role_ids;
use super::values::{count, duration_value, non_negative, positive, required, share};
use crate::model::time::MINUTE_MS;
use crate::model::{CategoryId, Dist, Feedback, Incident, PolicySpec, SimTime, Sla, TierId};

/// Defaults of the fields of a `[feedback]` section: update 3 minutes, no follow-ups
/// (5 minutes each when enabled), no reopens, misroutes double the reopen probability,
/// reopens after an exponential 24 hours, at most 2 per ticket.
pub(crate) const FEEDBACK_DEFAULTS: FeedbackDefaults = FeedbackDefaults {
    update_minutes: 3.0,
    followup_probability: 0.0,
    followup_minutes: 5.0,
    reopen_probability: 0.0,
    misroute_reopen_factor: 2.0,
    reopen_after_mean_hours: 24.0,
    max_reopens: 2,
};

/// See [`FEEDBACK_DEFAULTS`].
pub(crate) struct FeedbackDefaults {
    pub update_minutes: f64,
    pub followup_probability: f64,
    pub followup_minutes: f64,
    pub reopen_probability: f64,
    pub misroute_reopen_factor: f64,
    pub reopen_after_mean_hours: f64,
    pub max_reopens: u8,
}

const REOPEN_AFTER: Quantity = Quantity {
    unit: "hours",
    typical: 24.0,
};

/// The most arrivals an incident threshold may ask for.
const MAX_THRESHOLD: u32 = 1_000_000;

/// Validates `[feedback]` (absent: no loops).
pub(crate) fn feedback(
    problems: &mut Problems,
    raw: Option<&RawFeedback>,
    refs: &Refs,
) -> Option<Feedback> {
    let categories = refs.categories.names.len();
    let Some(raw) = raw else {
        return Some(Feedback {
            reopen_probability: vec![0.0; categories],
            ..Feedback::default()
        });
    };
    let d = &FEEDBACK_DEFAULTS;
    let update = non_negative(
        problems,
        "feedback.update_minutes",
        raw.update_minutes.unwrap_or(d.update_minutes),
        "give the agent time per customer status update, minutes, e.g. update_minutes = 3",
    );
    let followup = share(
        problems,
        "feedback.followup_probability",
        raw.followup_probability.unwrap_or(d.followup_probability),
        "give the probability that a customer without an update chases it, e.g. followup_probability = 0.3",
    );
    let followup_minutes = non_negative(
        problems,
        "feedback.followup_minutes",
        raw.followup_minutes.unwrap_or(d.followup_minutes),
        "give the frontline time per follow-up contact, minutes, e.g. followup_minutes = 5",
    );
    let reopen = match &raw.reopen_probability {
        None => Some(vec![d.reopen_probability; categories]),
        Some(table) => {
            let mut by_category: Vec<Option<f64>> = vec![None; categories];
            let mut fallback = d.reopen_probability;
            let mut ok = true;
            for (key, &p) in table {
                let at = join("feedback.reopen_probability", key);
                let p = share(
                    problems,
                    &at,
                    p,
                    "give a probability from 0 to 1, e.g. 0.05",
                );
                let id = if key == "default" && refs.categories.get(key).is_none() {
                    None
                } else {
                    match refs.categories.lookup(problems, &at, key) {
                        Some(id) => Some(id),
                        None => {
                            ok = false;
                            continue;
                        }
                    }
                };
                match (id, p) {
                    (_, None) => ok = false,
                    (Some(id), Some(p)) => by_category[id] = Some(p),
                    (None, Some(p)) => fallback = p,
                }
            }
            ok.then(|| by_category.iter().map(|p| p.unwrap_or(fallback)).collect())
        }
    };
    let factor = non_negative(
        problems,
        "feedback.misroute_reopen_factor",
        raw.misroute_reopen_factor
            .unwrap_or(d.misroute_reopen_factor),
        "give the multiplier of the reopen probability after a misroute, e.g. 2",
    );
    let after = match &raw.reopen_after_hours {
        None => Dist::exponential(d.reopen_after_mean_hours).ok(),
        Some(raw) => dist(problems, "feedback.reopen_after_hours", raw, REOPEN_AFTER),
    };
    let max_reopens = match raw.max_reopens {
        None => Some(d.max_reopens),
        Some(n) => count(
            problems,
            "feedback.max_reopens",
            n,
            0,
            u32::from(u8::MAX),
            "give the most times one ticket may reopen, e.g. max_reopens = 2",
        )
        .map(|n| n as u8),
    };
    if let (Some(probs), Some(0)) = (&reopen, max_reopens) {
        if probs.iter().any(|&p| p > 0.0) {
            problems.warning(
                "feedback.max_reopens",
                "max_reopens = 0, so no ticket reopens although `reopen_probability` is above 0",
                "allow reopens, e.g. max_reopens = 2, or set reopen_probability to 0",
            );
        }
    }
    let close = match raw.close_after_hours {
        None => Some(None),
        Some(h) => positive(
            problems,
            "feedback.close_after_hours",
            h,
            "give the hours after resolution at which a ticket closes, e.g. 168 (a week)",
        )
        .map(|h| Some((h * crate::model::time::HOUR_MS as f64).round() as SimTime)),
    };
    Some(Feedback {
        update_minutes: update?,
        followup_probability: followup?,
        followup_minutes: followup_minutes?,
        reopen_probability: reopen?,
        misroute_reopen_factor: factor?,
        reopen_after_hours: after?,
        max_reopens: max_reopens?,
        close_after_ms: close?,
    })
}

/// Validates `[incident]`; `Some(None)` when absent.
pub(crate) fn incident(
    problems: &mut Problems,
    raw: Option<&RawIncident>,
    refs: &Refs,
    roles: &[String],
) -> Option<Option<Incident>> {
    let Some(raw) = raw else {
        return Some(None);
    };
    let categories = required(
        problems,
        "incident.categories",
        &raw.categories,
        "list the categories whose arrivals are watched, e.g. categories = [\"outage\"]",
    )
    .and_then(|list| {
        if list.is_empty() {
            problems.error(
                "incident.categories",
                "must list at least one category",
                "list the categories whose arrivals are watched, e.g. categories = [\"outage\"]",
            );
            return None;
        }
        let mut out: Vec<CategoryId> = Vec::with_capacity(list.len());
        let mut ok = true;
        for (i, name) in list.iter().enumerate() {
            let at = super::problem::index("incident.categories", i);
            match refs.categories.lookup(problems, &at, name) {
                Some(id) if !out.contains(&CategoryId(id as u16)) => {
                    out.push(CategoryId(id as u16))
                }
                Some(_) => {}
                None => ok = false,
            }
        }
        ok.then_some(out)
    });
    let window = required(
        problems,
        "incident.window_minutes",
        &raw.window_minutes,
        "give the sliding window in minutes, e.g. window_minutes = 30",
    )
    .and_then(|&m| {
        duration_value(
            problems,
            "incident.window_minutes",
            m,
            MINUTE_MS,
            "give the sliding window in minutes, > 0, e.g. 30",
        )
    });
    let threshold_fix = "give the arrivals of watched categories within the window that start an incident, e.g. threshold = 20";
    let threshold = required(
        problems,
        "incident.threshold",
        &raw.threshold,
        threshold_fix,
    )
    .and_then(|&n| {
        count(
            problems,
            "incident.threshold",
            n,
            1,
            MAX_THRESHOLD,
            threshold_fix,
        )
    });
    let clear_below = match (raw.clear_below, threshold) {
        (None, t) => t.map(|t| t.div_ceil(2)),
        (Some(c), t) => {
            let c = count(
                problems,
                "incident.clear_below",
                c,
                1,
                MAX_THRESHOLD,
                "give the window count below which the incident ends, at most the threshold",
            );
            match (c, t) {
                (Some(c), Some(t)) if c > t => {
                    problems.error(
                        "incident.clear_below",
                        format!("must be at most the threshold ({t}), got {c}"),
                        format!("lower clear_below to {t} or less (it ends the incident once the count falls below it)"),
                    );
                    None
                }
                (c, _) => c,
            }
        }
    };
    let bypass_to = required(
        problems,
        "incident.bypass_to",
        &raw.bypass_to,
        "name the tier that takes watched tickets during an incident, e.g. bypass_to = \"T3\"",
    )
    .and_then(|t| refs.tiers.lookup(problems, "incident.bypass_to", t))
    .map(|i| TierId(i as u16));
    let alert = role_ids(
        problems,
        "incident.alert",
        raw.alert.as_deref().unwrap_or(&[]),
        roles,
    );
    let notice_fix = "give the delay from detection to the proactive customer notice, minutes, e.g. notice_after_minutes = 15";
    let notice_after = match raw.notice_after_minutes {
        None => Some(0),
        Some(m) => match non_negative(problems, "incident.notice_after_minutes", m, notice_fix) {
            Some(0.0) => Some(0),
            Some(m) => duration_value(
                problems,
                "incident.notice_after_minutes",
                m,
                MINUTE_MS,
                notice_fix,
            ),
            None => None,
        },
    };
    let suppression = share(
        problems,
        "incident.notice_suppression",
        raw.notice_suppression.unwrap_or(0.0),
        "give the share of further watched tickets the notice prevents, e.g. notice_suppression = 0.3",
    );
    let ack = match raw.ack_minutes {
        None => Some(None),
        Some(m) => duration_value(
            problems,
            "incident.ack_minutes",
            m,
            MINUTE_MS,
            "give the incident tier's work to acknowledge and link an outage ticket, minutes, e.g. ack_minutes = 2",
        )
        .map(Some),
    };
    Some(Some(Incident {
        categories: categories?,
        ack_ms: ack?,
        window_ms: window?,
        threshold: threshold?,
        clear_below: clear_below?,
        bypass_to: bypass_to?,
        alert: alert?,
        notice_after_ms: notice_after?,
        notice_suppression: suppression?,
    }))
}

/// Warnings tying loops to policies: `[incident]` that no policy uses, and
/// `status_updates` that cannot have an effect.
pub(crate) fn loop_warnings(
    problems: &mut Problems,
    policies: &[PolicySpec],
    sla: &Sla,
    has_incident: bool,
    has_feedback: bool,
) {
    if has_incident && !policies.iter().any(|p| p.incident_mode) {
        problems.warning(
            "incident",
            "no policy sets incident_mode = true, so spike detection is never used",
            "set incident_mode = true on the policies that should switch to incident mode, or remove [incident]",
        );
    }
    let any_interval = sla
        .by_severity
        .iter()
        .chain(sla.by_segment.iter().flatten().flatten())
        .any(|t| t.update_interval_ms.is_some());
    for p in policies.iter().filter(|p| p.status_updates) {
        let at = join(&join("policies", &p.name), "status_updates");
        if !any_interval {
            problems.warning(
                at,
                "status_updates = true, but no SLA target has an update interval, so no update is ever sent",
                "give the SLA targets an update_interval_minutes (or _hours), e.g. [sla.high] update_interval_hours = 4",
            );
        } else if !has_feedback {
            problems.warning(
                at,
                "status_updates = true has no effect without [feedback]: updates take no agent time and customers never follow up",
                "add [feedback] with update_minutes and followup_probability (see docs/sop.md)",
            );
        }
    }
}
