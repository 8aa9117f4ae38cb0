//! SLA lints: a missing update interval while status updates are on (SOP002), a
//! resolution target shorter than the first response (SOP007), and a more urgent
//! severity with a looser target than a less urgent one (SOP008), per segment too.
//!
//! Validation already requires a first-response and a resolution target for every
//! severity, and a segment override inherits every field it omits, so every
//! (segment, severity) pair has both targets; the target that can be missing is the
//! update interval. Targets are compared as the effective target of each segment
//! (override, else the severity's own). Two targets on different calendars are only
//! compared when the less urgent one runs around the clock: calendar time on a
//! working-hours calendar is never shorter than the same span around the clock.

use super::{Code, Findings, join};
use crate::diagram::text::duration;
use crate::model::time::SimTime;
use crate::model::{Scenario, SegmentId, Severity, SlaTarget};
use crate::scenario::resolution_before_first_response_message;

pub(super) fn lint(s: &Scenario, out: &mut Findings) {
    update_targets(s, out);
    for (segment, path, label) in targets(s) {
        for &v in &Severity::ALL {
            let t = target_in(s, segment, v);
            if segment.is_some() && !is_override(s, segment, v) {
                continue;
            }
            // Validation's test and wording; validation reports it too, under the
            // same code and path, and `check` shows it once.
            if let Some((message, fix)) = resolution_before_first_response_message(&label, v, t) {
                out.push(
                    Code::ResolutionBeforeFirstResponse,
                    join(&path, v.name()),
                    message,
                    fix,
                );
            }
        }
        for (i, &a) in Severity::ALL.iter().enumerate() {
            for &b in &Severity::ALL[i + 1..] {
                if segment.is_some() && !is_override(s, segment, a) && !is_override(s, segment, b) {
                    continue;
                }
                looser(s, out, segment, &path, &label, a, b);
            }
        }
    }
}

/// The severity tables and each segment with overrides: `(segment, TOML path, label
/// for messages)`.
fn targets(s: &Scenario) -> Vec<(Option<SegmentId>, String, String)> {
    let mut out = vec![(None, "sla".to_string(), String::new())];
    for (g, seg) in s.segments.iter().enumerate() {
        let id = SegmentId(g as u16);
        if Severity::ALL.iter().any(|&v| is_override(s, Some(id), v)) {
            out.push((
                Some(id),
                join(&join("sla", "segments"), &seg.name),
                format!("{} ", seg.name),
            ));
        }
    }
    out
}

fn is_override(s: &Scenario, segment: Option<SegmentId>, v: Severity) -> bool {
    segment.is_some_and(|g| {
        s.sla
            .by_segment
            .get(g.index())
            .is_some_and(|o| o[v.index()].is_some())
    })
}

fn target_in(s: &Scenario, segment: Option<SegmentId>, v: Severity) -> &SlaTarget {
    match segment {
        Some(g) => s.sla.target(v, g),
        None => &s.sla.by_severity[v.index()],
    }
}

/// Whether `a` ms on `a_target`'s calendar is surely longer than `b` ms on
/// `b_target`'s.
fn surely_longer(s: &Scenario, a: SimTime, at: &SlaTarget, b: SimTime, bt: &SlaTarget) -> bool {
    let around_the_clock = s
        .calendars
        .get(bt.calendar.0 as usize)
        .is_some_and(|c| c.weekly_open_ms.is_none());
    a > b && (at.calendar == bt.calendar || around_the_clock)
}

/// SOP008 for severities `a` (more urgent) and `b` in one segment.
fn looser(
    s: &Scenario,
    out: &mut Findings,
    segment: Option<SegmentId>,
    path: &str,
    label: &str,
    a: Severity,
    b: Severity,
) {
    let (ta, tb) = (target_in(s, segment, a), target_in(s, segment, b));
    let at = if segment.is_some() && !is_override(s, segment, a) {
        join(path, b.name())
    } else {
        join(path, a.name())
    };
    for (what, x, y) in [
        ("first response", ta.first_response_ms, tb.first_response_ms),
        ("resolution", ta.resolution_ms, tb.resolution_ms),
    ] {
        if surely_longer(s, x, ta, y, tb) {
            out.push(
                Code::LooserTargetForHigherSeverity,
                at.clone(),
                format!(
                    "{label}{a} tickets get a looser {what} target ({}) than {label}{b} tickets ({}), though they are more urgent",
                    duration(x),
                    duration(y)
                ),
                format!(
                    "give {a} a {what} target at most {} (or relax {b}'s)",
                    duration(y)
                ),
            );
        }
    }
}

/// SOP002: with status updates on in some policy and some update interval set, a
/// severity that tickets have but no update interval, when it is critical or a less
/// urgent severity has one.
fn update_targets(s: &Scenario, out: &mut Findings) {
    let Some(policy) = s.policies.iter().find(|p| p.status_updates) else {
        return;
    };
    // With no interval at all, validation already warns that no update is ever sent.
    if s.sla
        .by_severity
        .iter()
        .all(|t| t.update_interval_ms.is_none())
    {
        return;
    }
    let present = severities_present(s);
    for (i, &v) in Severity::ALL.iter().enumerate() {
        if !present[v.index()] || s.sla.by_severity[v.index()].update_interval_ms.is_some() {
            continue;
        }
        let less_urgent_has = Severity::ALL[i + 1..]
            .iter()
            .find(|w| s.sla.by_severity[w.index()].update_interval_ms.is_some());
        let why = match (v, less_urgent_has) {
            (_, Some(w)) => format!("though {w} tickets get updates"),
            (Severity::Critical, None) => "the most urgent tickets".to_string(),
            _ => continue,
        };
        out.push(
            Code::MissingUpdateTarget,
            join("sla", v.name()),
            format!(
                "policy `{}` sends customer status updates, but {v} tickets have no update interval, so their customers never get one ({why})",
                policy.name
            ),
            format!(
                "add update_interval_minutes (or update_interval_hours) to [sla.{v}]"
            ),
        );
    }
}

/// Whether tickets of each severity can arrive (default, category or burst shares).
fn severities_present(s: &Scenario) -> [bool; 4] {
    let mut out = [false; 4];
    let mut add = |shares: &[f64; 4]| {
        for (o, &x) in out.iter_mut().zip(shares) {
            *o |= x > 0.0;
        }
    };
    if s.categories.iter().any(|c| c.severity_shares.is_none()) {
        add(&s.severity_shares);
    }
    for c in &s.categories {
        if let Some(sh) = &c.severity_shares {
            add(sh);
        }
    }
    for b in &s.arrivals.bursts {
        if let Some(sh) = &b.severity_shares {
            add(sh);
        }
    }
    out
}
