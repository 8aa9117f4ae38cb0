//! `[sla.<severity>]` and `[sla.segments.<segment>.<severity>]` → [`Sla`]. Every
//! severity needs a target; a per-segment override may give only some fields, the
//! rest come from the severity's target.

use super::context::Refs;
use super::problem::{Problems, join};
use super::raw::{RawSla, RawSlaTarget, sla_by_severity};
use super::suggest::word;
use super::values::{duration, non_negative, positive};
use crate::model::time::{self, SimTime};
use crate::model::{CalendarId, FirstResponse, Severity, Sla, SlaTarget};

/// Validates the SLA tables.
pub(crate) fn sla(problems: &mut Problems, raw: Option<&RawSla>, refs: &Refs) -> Option<Sla> {
    let Some(raw) = raw else {
        problems.error(
            "sla",
            "missing required table: SLA targets for each severity",
            "add [sla.critical], [sla.high], [sla.medium] and [sla.low], each with first_response_minutes and resolution_hours",
        );
        return None;
    };
    let tables = sla_by_severity(&raw.critical, &raw.high, &raw.medium, &raw.low);
    let mut base: [Option<SlaTarget>; 4] = [None, None, None, None];
    for (sev, t) in Severity::ALL.into_iter().zip(tables) {
        let path = join("sla", sev.name());
        base[sev.index()] = match t {
            None => {
                problems.error(
                    &path,
                    format!(
                        "missing SLA targets for severity `{sev}` (all four severities need one)"
                    ),
                    format!("add [sla.{sev}] with first_response_minutes and resolution_hours"),
                );
                None
            }
            Some(t) => target(problems, &path, t, None, refs),
        };
        if let Some(t) = &base[sev.index()] {
            resolution_before_first_response(problems, &path, "", sev, t);
        }
    }

    let mut by_segment: Vec<[Option<SlaTarget>; 4]> =
        vec![[None, None, None, None]; refs.segments.names.len()];
    let mut ok = true;
    for (seg, overrides) in &raw.segments {
        let seg_path = join(&join("sla", "segments"), seg);
        let id = refs.segments.lookup(problems, &seg_path, seg);
        if id.is_none() {
            ok = false;
        }
        let tables = sla_by_severity(
            &overrides.critical,
            &overrides.high,
            &overrides.medium,
            &overrides.low,
        );
        for (sev, t) in Severity::ALL.into_iter().zip(tables) {
            let Some(t) = t else { continue };
            let path = join(&seg_path, sev.name());
            let inherited = base[sev.index()].as_ref();
            let built = target(problems, &path, t, Some(inherited), refs);
            if let Some(b) = &built {
                resolution_before_first_response(problems, &path, &format!("{seg} "), sev, b);
            }
            match (id, built) {
                (Some(id), Some(b)) => by_segment[id][sev.index()] = Some(b),
                _ => ok = false,
            }
        }
    }
    let short_abandon_ms = match raw.short_abandon_seconds {
        None => Some(0),
        Some(v) => non_negative(
            problems,
            "sla.short_abandon_seconds",
            v,
            "give the short-abandon threshold in seconds as a number >= 0, e.g. short_abandon_seconds = 20",
        )
        .map(|s| (s * 1000.0).round() as SimTime),
    };
    let first = first_response(problems, raw, refs);
    let [c, h, m, l] = base;
    Some(Sla {
        by_severity: [c?, h?, m?, l?],
        by_segment: ok.then_some(by_segment)?,
        short_abandon_ms: short_abandon_ms?,
        first_response: first?,
    })
}

/// `sla.first_response` (`agent_touch`, `auto_reply`, `triage_reply`) with its fields.
fn first_response(problems: &mut Problems, raw: &RawSla, refs: &Refs) -> Option<FirstResponse> {
    const KINDS: [&str; 3] = ["agent_touch", "auto_reply", "triage_reply"];
    let kind = raw.first_response.as_deref().unwrap_or("agent_touch");
    word(
        problems,
        "sla.first_response",
        "first-response definition",
        kind,
        (&KINDS, "known: `agent_touch`, `auto_reply`, `triage_reply`"),
        "use \"agent_touch\" (the first agent starting work), \"auto_reply\" (an automatic acknowledgement) or \"triage_reply\" (a frontline reply as its own work)",
    )?;
    // Each field belongs to one definition; given with another it has no effect.
    let mut clean = true;
    for (field, given, belongs) in [
        (
            "auto_reply_minutes",
            raw.auto_reply_minutes.is_some(),
            "auto_reply",
        ),
        (
            "triage_reply_minutes",
            raw.triage_reply_minutes.is_some(),
            "triage_reply",
        ),
        (
            "triage_reply_tier",
            raw.triage_reply_tier.is_some(),
            "triage_reply",
        ),
    ] {
        if given && kind != belongs {
            problems.error(
                join("sla", field),
                format!("has no effect with first_response = \"{kind}\""),
                "remove it, or choose the first_response definition it belongs to",
            );
            clean = false;
        }
    }
    let built = match kind {
        "auto_reply" => {
            let after = match raw.auto_reply_minutes {
                None => Some(0.0),
                Some(v) => non_negative(
                    problems,
                    "sla.auto_reply_minutes",
                    v,
                    "give the delay of the acknowledgement in minutes, e.g. 1",
                ),
            }?;
            FirstResponse::AutoReply {
                after_ms: crate::model::time::minutes_to_ms(after),
            }
        }
        "triage_reply" => {
            let work = match raw.triage_reply_minutes {
                None => {
                    problems.error(
                        "sla.triage_reply_minutes",
                        "missing: how long a frontline agent takes to write the triage reply",
                        "add triage_reply_minutes = 3",
                    );
                    None
                }
                Some(v) => positive(
                    problems,
                    "sla.triage_reply_minutes",
                    v,
                    "give the work of one triage reply in minutes, e.g. 3",
                ),
            };
            let tier = match &raw.triage_reply_tier {
                None => Some(None),
                Some(name) => refs
                    .tiers
                    .lookup(problems, "sla.triage_reply_tier", name)
                    .map(|i| Some(crate::model::TierId(i as u16))),
            };
            FirstResponse::TriageReply {
                tier: tier?,
                work_minutes: work?,
            }
        }
        _ => FirstResponse::AgentTouch,
    };
    clean.then_some(built)
}

/// One target at `path`. For an override, `inherit` is `Some(base target)`: missing
/// fields come from it (and are not required); `Some(None)` means the base target is
/// invalid, which was reported already.
fn target(
    problems: &mut Problems,
    path: &str,
    t: &RawSlaTarget,
    inherit: Option<Option<&SlaTarget>>,
    refs: &Refs,
) -> Option<SlaTarget> {
    let required = inherit.is_none();
    let first = duration(
        problems,
        path,
        "first_response",
        t.first_response_minutes,
        t.first_response_hours,
        required,
        "give the first-response target, e.g. first_response_minutes = 30",
    );
    let resolution = duration(
        problems,
        path,
        "resolution",
        t.resolution_minutes,
        t.resolution_hours,
        required,
        "give the resolution target, e.g. resolution_hours = 8",
    );
    let update = duration(
        problems,
        path,
        "update_interval",
        t.update_interval_minutes,
        t.update_interval_hours,
        false,
        "give the interval between customer updates, e.g. update_interval_minutes = 60",
    );
    let calendar = match &t.calendar {
        None => Some(None),
        Some(name) => refs
            .calendars
            .lookup(problems, &join(path, "calendar"), name)
            .map(|i| Some(CalendarId(i as u16))),
    };
    let pause = match &t.pause_on {
        None => Some(None),
        Some(list) => {
            super::validate_touches::pause_on(problems, &join(path, "pause_on"), list).map(Some)
        }
    };
    let (first, resolution, update, calendar, pause) =
        (first?, resolution?, update?, calendar?, pause?);
    let base = inherit.flatten();
    if inherit.is_some() && base.is_none() {
        return None;
    }
    let built = SlaTarget {
        first_response_ms: first.or(base.map(|b| b.first_response_ms))?,
        resolution_ms: resolution.or(base.map(|b| b.resolution_ms))?,
        update_interval_ms: if t.update_interval_minutes.is_some()
            || t.update_interval_hours.is_some()
        {
            update
        } else {
            base.and_then(|b| b.update_interval_ms)
        },
        calendar: calendar
            .or(base.map(|b| b.calendar))
            .unwrap_or(CalendarId(0)),
        pause_on: pause.or(base.map(|b| b.pause_on)).unwrap_or_default(),
    };
    Some(built)
}

/// Lint SOP007 at `path` when target `t` (of `label` `sev` tickets: `""` or a segment
/// name and a space) resolves before its first response: what is wrong and the fix,
/// as validation and the linter word it.
pub(crate) fn resolution_before_first_response_message(
    label: &str,
    sev: Severity,
    t: &SlaTarget,
) -> Option<(String, &'static str)> {
    (t.resolution_ms < t.first_response_ms).then(|| {
        (
            format!(
                "{label}{sev} tickets must be resolved within {} but only need a first response within {}: a ticket resolved on time may already have breached its first response",
                time::duration(t.resolution_ms),
                time::duration(t.first_response_ms)
            ),
            "check the units; the resolution target is usually several times the first-response target",
        )
    })
}

fn resolution_before_first_response(
    problems: &mut Problems,
    path: &str,
    label: &str,
    sev: Severity,
    t: &SlaTarget,
) {
    if let Some((message, fix)) = resolution_before_first_response_message(label, sev, t) {
        problems.lint("SOP007", path, message, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::super::suggest::Names;
    use super::*;
    use crate::model::SegmentId;
    use crate::model::time::{HOUR_MS, MINUTE_MS};

    fn refs() -> Refs {
        Refs {
            calendars: Names::new(
                "calendar",
                "[calendars.<name>]",
                ["always", "business"].map(String::from),
            ),
            tiers: Names::new("tier", "", Vec::<String>::new()),
            segments: Names::new(
                "segment",
                "[segments.<name>]",
                ["enterprise", "consumer"].map(String::from),
            ),
            categories: Names::new("category", "", Vec::<String>::new()),
        }
    }

    const GOOD: &str = "\
        [critical]\nfirst_response_minutes = 15\nresolution_hours = 4\nupdate_interval_minutes = 30\n\
        [high]\nfirst_response_minutes = 30\nresolution_hours = 8\n\
        [medium]\nfirst_response_hours = 4\nresolution_hours = 24\ncalendar = 'business'\n\
        [low]\nfirst_response_hours = 8\nresolution_hours = 72\ncalendar = 'business'\n\
        [segments.enterprise.critical]\nfirst_response_minutes = 10\nresolution_hours = 2\n\
        [segments.enterprise.medium]\ncalendar = 'always'\n";

    #[test]
    fn targets_convert_and_overrides_inherit() {
        let raw: RawSla = toml::from_str(GOOD).unwrap_or_default();
        let mut ps = Problems::default();
        let sla = sla(&mut ps, Some(&raw), &refs());
        assert_eq!(ps.error_count(), 0);
        let Some(sla) = sla else {
            panic!("valid SLA refused");
        };
        let crit = &sla.by_severity[0];
        assert_eq!(crit.first_response_ms, 15 * MINUTE_MS);
        assert_eq!(crit.resolution_ms, 4 * HOUR_MS);
        assert_eq!(crit.update_interval_ms, Some(30 * MINUTE_MS));
        assert_eq!(crit.calendar, CalendarId(0));
        assert_eq!(sla.by_severity[2].calendar, CalendarId(1));
        let ent = SegmentId(0);
        let t = sla.target(Severity::Critical, ent);
        assert_eq!(
            (t.first_response_ms, t.resolution_ms),
            (10 * MINUTE_MS, 2 * HOUR_MS)
        );
        assert_eq!(t.update_interval_ms, Some(30 * MINUTE_MS), "inherited");
        let t = sla.target(Severity::Medium, ent);
        assert_eq!(
            (t.first_response_ms, t.calendar),
            (4 * HOUR_MS, CalendarId(0))
        );
        assert_eq!(
            sla.target(Severity::Medium, SegmentId(1)).calendar,
            CalendarId(1)
        );
    }

    #[test]
    fn short_abandon_threshold_is_seconds_and_must_not_be_negative() {
        let with = |line: &str| -> (Option<Sla>, Problems) {
            let raw: RawSla = toml::from_str(&format!("{line}\n{GOOD}")).unwrap_or_default();
            let mut ps = Problems::default();
            (sla(&mut ps, Some(&raw), &refs()), ps)
        };
        let (ok, ps) = with("short_abandon_seconds = 20");
        assert_eq!(ps.error_count(), 0);
        assert_eq!(ok.map(|s| s.short_abandon_ms), Some(20_000));
        let (none, _) = with("");
        assert_eq!(none.map(|s| s.short_abandon_ms), Some(0));
        let (bad, ps) = with("short_abandon_seconds = -5");
        assert!(bad.is_none());
        let text = format!("{ps:?}");
        assert!(
            text.contains("sla.short_abandon_seconds") && text.contains(">= 0"),
            "{text}"
        );
    }

    #[test]
    fn missing_severities_units_and_unknown_names_are_reported() {
        let raw: RawSla = toml::from_str(
            "[critical]\nfirst_response_minutes = 15\nresolution_minutes = 60\nresolution_hours = 1\n\
             [high]\nfirst_response_minutes = 30\nresolution_hours = 8\ncalendar = 'busness'\n\
             [low]\nfirst_response_hours = 10\nresolution_hours = 8\n\
             [segments.enterprize.high]\nfirst_response_minutes = 5\n",
        )
        .unwrap_or_default();
        let mut ps = Problems::default();
        assert!(sla(&mut ps, Some(&raw), &refs()).is_none());
        let list = ps.into_sorted();
        let paths: Vec<&str> = list.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sla.critical",
                "sla.high.calendar",
                "sla.medium",
                "sla.segments.enterprize",
                "sla.low",
            ]
        );
        assert_eq!(list[1].fix, "did you mean `business`?");
        assert_eq!(list[3].fix, "did you mean `enterprise`?");
        assert_eq!(list[4].level, super::super::problem::Level::Warning);
    }
}
