//! `[tiers.<name>]` → [`Tier`]s, and the staffing check shared with staffing models:
//! a constant head count (`agents`) or a weekly schedule (`shifts`) → [`Staffing`].

use indexmap::IndexMap;

use super::context::Refs;
use super::dists::{Quantity, dist};
use super::problem::{Problems, index, join};
use super::raw::{RawShift, RawTier};
use super::suggest::Names;
use super::validate_regions::Place;
use super::values::{
    WEEKDAYS, count, date, fmt_time_of_day, non_negative, required, time_of_day, weekdays,
};
use crate::model::staffing::{DatedShift, Roster};
use crate::model::{MAX_TIERS, Shift, Staffing, Tier, TierId};
use chrono::NaiveDate;

/// The most agents one tier (or one shift) may have.
pub(crate) const MAX_AGENTS: u32 = 100_000;

const HANDLE: Quantity = Quantity {
    unit: "minutes",
    typical: 10.0,
};
const SHORT: Quantity = Quantity {
    unit: "minutes",
    typical: 3.0,
};

/// Checks the number of tiers.
pub(crate) fn tier_count(problems: &mut Problems, tiers: &Names) {
    if tiers.names.is_empty() {
        problems.error(
            "tiers",
            "no tiers are declared",
            "declare at least one tier, e.g. [tiers.T1] with agents = 5 and handle_minutes = { dist = \"exponential\", mean = 10 }",
        );
    } else if tiers.names.len() > MAX_TIERS {
        problems.error(
            "tiers",
            format!(
                "declares {} tiers; at most {MAX_TIERS} are supported",
                tiers.names.len()
            ),
            "merge tiers that share agents and skills",
        );
    }
}

/// Validates every tier. `path` is the escalation path as far as it is valid; it
/// gives the default `resolves` (the tier itself and every tier before it on the path).
pub(crate) fn tiers(
    problems: &mut Problems,
    raw: &IndexMap<String, RawTier>,
    refs: &Refs,
    path: &[TierId],
    places: &[Place],
) -> Vec<Option<Tier>> {
    let nowhere = Place::default();
    raw.iter()
        .enumerate()
        .map(|(i, (name, t))| {
            let place = places.get(i).unwrap_or(&nowhere);
            tier(problems, name, TierId(i as u16), t, refs, path, place)
        })
        .collect()
}

fn tier(
    problems: &mut Problems,
    name: &str,
    id: TierId,
    t: &RawTier,
    refs: &Refs,
    path: &[TierId],
    place: &Place,
) -> Option<Tier> {
    let base = join("tiers", name);
    let n = refs.tiers.names.len();
    let staffing = staffing_at(problems, &base, t.agents, t.shifts.as_deref(), place);

    let resolves = match &t.resolves {
        Some(list) => {
            let rpath = join(&base, "resolves");
            let mut flags = vec![false; n];
            let mut ok = true;
            for (i, other) in list.iter().enumerate() {
                match refs.tiers.lookup(problems, &index(&rpath, i), other) {
                    Some(j) => flags[j] = true,
                    None => ok = false,
                }
            }
            ok.then_some(flags)
        }
        None => {
            let mut flags = vec![false; n];
            flags[id.index()] = true;
            if let Some(pos) = path.iter().position(|&p| p == id) {
                for p in &path[..pos] {
                    flags[p.index()] = true;
                }
            }
            Some(flags)
        }
    };

    let hpath = join(&base, "handle_minutes");
    let handle = required(
        problems,
        &hpath,
        &t.handle_minutes,
        "give the handle time in minutes, e.g. handle_minutes = { dist = \"exponential\", mean = 10 }",
    )
    .and_then(|d| dist(problems, &hpath, d, HANDLE));

    let by_cat_path = join(&base, "handle_minutes_by_category");
    let mut by_category: Vec<Option<crate::model::Dist>> = vec![None; refs.categories.names.len()];
    let mut by_cat_ok = true;
    for (cat, d) in &t.handle_minutes_by_category {
        let p = join(&by_cat_path, cat);
        let id = refs.categories.lookup(problems, &p, cat);
        let d = dist(problems, &p, d, HANDLE);
        match (id, d) {
            (Some(id), Some(d)) => by_category[id] = Some(d),
            _ => by_cat_ok = false,
        }
    }

    let optional = |problems: &mut Problems, field: &str, d: &Option<super::raw::RawDist>| match d {
        None => Some(None),
        Some(d) => dist(problems, &join(&base, field), d, SHORT).map(Some),
    };
    let triage = optional(problems, "triage_minutes", &t.triage_minutes);
    let handoff = optional(problems, "handoff_minutes", &t.handoff_minutes);

    let cost = match t.cost_per_agent_hour {
        None => Some(0.0),
        Some(c) => non_negative(
            problems,
            &join(&base, "cost_per_agent_hour"),
            c,
            "give the cost of one agent-hour in currency units, e.g. 35",
        ),
    };

    let pickup = match t.pickup_target_minutes {
        None => Some(None),
        Some(v) => super::values::positive(
            problems,
            &join(&base, "pickup_target_minutes"),
            v,
            "give the time within which a queued ticket should be picked up, e.g. 30",
        )
        .map(|m| Some(crate::model::time::minutes_to_ms(m))),
    };
    let touches = match &t.touches {
        None => Some(None),
        Some(raw) => {
            super::validate_touches::touches(problems, &join(&base, "touches"), raw, refs).map(Some)
        }
    };

    Some(Tier {
        owner_role: crate::model::RoleId(0),
        name: name.to_string(),
        role: t.role.clone().unwrap_or_default(),
        owner: t.owner.clone().unwrap_or_default(),
        staffing: staffing?,
        resolves: resolves?,
        handle_minutes: handle?,
        handle_minutes_by_category: by_cat_ok.then_some(by_category)?,
        triage_minutes: triage?,
        handoff_minutes: handoff?,
        cost_per_agent_hour: cost?,
        touches: touches?,
        pickup_target_ms: pickup?,
    })
}

/// Staffing from exactly one of `agents` (constant) and `shifts` (weekly schedule) in
/// the table at `path`, on the run's clock.
#[cfg(test)]
pub(crate) fn staffing(
    problems: &mut Problems,
    path: &str,
    agents: Option<i64>,
    shifts: Option<&[RawShift]>,
) -> Option<Staffing> {
    staffing_at(problems, path, agents, shifts, &Place::default())
}

/// Staffing from exactly one of `agents` (constant) and `shifts` (weekly schedule) in
/// the table at `path`, at `place`. Without a region or dated shifts it is a weekly
/// step function on the run's clock (as it always was); otherwise a dated roster in
/// the region's local time, closed on its holidays.
pub(crate) fn staffing_at(
    problems: &mut Problems,
    path: &str,
    agents: Option<i64>,
    shifts: Option<&[RawShift]>,
    place: &Place,
) -> Option<Staffing> {
    let weekly = weekly_or_dated(problems, path, agents, shifts)?;
    let (staffing, dated) = weekly;
    if dated.is_empty() && place.zone.is_none() && place.closed.is_empty() {
        return Some(staffing);
    }
    let shifts = if dated.is_empty() {
        staffing.dated_shifts()
    } else {
        dated
    };
    Some(Staffing::from_roster(Roster {
        zone: place.zone.unwrap_or(chrono_tz::Tz::UTC),
        shifts,
        closed: place.closed.clone(),
    }))
}

/// The weekly staffing, and the shifts with their dates when any shift has dates
/// (empty otherwise).
fn weekly_or_dated(
    problems: &mut Problems,
    path: &str,
    agents: Option<i64>,
    shifts: Option<&[RawShift]>,
) -> Option<(Staffing, Vec<DatedShift>)> {
    match (agents, shifts) {
        (Some(_), Some(_)) => {
            problems.error(
                path,
                "give either `agents` (a constant head count) or `shifts` (a weekly schedule), not both",
                "remove one of them",
            );
            None
        }
        (None, None) => {
            problems.error(
                join(path, "agents"),
                "missing required field: give `agents` (a constant head count) or `shifts` (a weekly schedule)",
                "e.g. agents = 5, or shifts = [{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], start = \"08:00\", end = \"16:00\", agents = 5 }]",
            );
            None
        }
        (Some(a), None) => count(
            problems,
            &join(path, "agents"),
            a,
            0,
            MAX_AGENTS,
            "give the number of agents on duty at all times, e.g. agents = 5",
        )
        .map(|a| (Staffing::constant(a), Vec::new())),
        (None, Some(list)) => {
            let spath = join(path, "shifts");
            if list.is_empty() {
                problems.error(
                    &spath,
                    "must list at least one shift",
                    "add a shift, e.g. { days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], start = \"08:00\", end = \"16:00\", agents = 5 }, or use `agents` for a constant head count",
                );
                return None;
            }
            let shifts: Vec<Option<DatedShift>> = list
                .iter()
                .enumerate()
                .map(|(i, s)| shift(problems, &index(&spath, i), s))
                .collect();
            let shifts: Vec<DatedShift> = shifts.into_iter().collect::<Option<_>>()?;
            let weekly: Vec<Shift> = shifts.iter().map(|s| s.shift.clone()).collect();
            let dated = if shifts.iter().any(|s| s.from.is_some() || s.until.is_some()) {
                shifts
            } else {
                Vec::new()
            };
            Some((Staffing::from_shifts(&weekly), dated))
        }
    }
}

fn shift(problems: &mut Problems, path: &str, s: &RawShift) -> Option<DatedShift> {
    let (from, until) = date_window(problems, path, s.from.as_ref(), s.until.as_ref())?;
    Some(DatedShift {
        shift: weekly_shift(problems, path, s)?,
        from,
        until,
    })
}

/// `from` and `until` dates of the table at `path` (each optional; `until` not
/// before `from`).
pub(crate) fn date_window(
    problems: &mut Problems,
    path: &str,
    from: Option<&toml::Value>,
    until: Option<&toml::Value>,
) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let from_at = join(path, "from");
    let until_at = join(path, "until");
    let f = match from {
        None => Some(None),
        Some(v) => date(problems, &from_at, v).map(Some),
    };
    let u = match until {
        None => Some(None),
        Some(v) => date(problems, &until_at, v).map(Some),
    };
    let (f, u) = (f?, u?);
    if let (Some(a), Some(b)) = (f, u) {
        if b < a {
            problems.error(
                until_at,
                format!("until ({b}) is before from ({a})"),
                "give the last day it applies, on or after `from` (both dates are included)",
            );
            return None;
        }
    }
    Some((f, u))
}

fn weekly_shift(problems: &mut Problems, path: &str, s: &RawShift) -> Option<Shift> {
    let days_path = join(path, "days");
    let start_path = join(path, "start");
    let end_path = join(path, "end");
    let days = required(
        problems,
        &days_path,
        &s.days,
        "list the weekdays of the shift, e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
    )
    .and_then(|d| weekdays(problems, &days_path, d));
    let start = required(
        problems,
        &start_path,
        &s.start,
        "give the start time, e.g. start = \"08:00\"",
    )
    .and_then(|v| time_of_day(problems, &start_path, v, false));
    let end = required(
        problems,
        &end_path,
        &s.end,
        "give the end time, e.g. end = \"16:00\"",
    )
    .and_then(|v| time_of_day(problems, &end_path, v, true));
    let agents = required(
        problems,
        &join(path, "agents"),
        &s.agents,
        "give the agents on this shift, e.g. agents = 5",
    )
    .and_then(|&a| {
        count(
            problems,
            &join(path, "agents"),
            a,
            1,
            MAX_AGENTS,
            "give the number of agents on this shift (at least 1), e.g. agents = 5",
        )
    });
    if let (Some(st), Some(en)) = (start, end) {
        if en < st {
            let next_days = days
                .as_ref()
                .map(|d| {
                    let names: Vec<String> = d
                        .iter()
                        .map(|&x| format!("\"{}\"", WEEKDAYS[(x as usize + 1) % 7]))
                        .collect();
                    format!("days = [{}]", names.join(", "))
                })
                .unwrap_or_else(|| "the following days".to_string());
            problems.error(
                &end_path,
                format!(
                    "shift ends at {} before it starts at {}",
                    fmt_time_of_day(en),
                    fmt_time_of_day(st)
                ),
                format!(
                    "split an overnight shift into two: start = \"{}\", end = \"24:00\" on these days, and start = \"00:00\", end = \"{}\" with {next_days}",
                    fmt_time_of_day(st),
                    fmt_time_of_day(en)
                ),
            );
            return None;
        }
        if en == st {
            problems.error(
                &end_path,
                format!("shift ends when it starts ({})", fmt_time_of_day(st)),
                "give an end later than the start; a whole day is start = \"00:00\", end = \"24:00\"",
            );
            return None;
        }
    }
    Some(Shift {
        days: days?,
        start_ms: start?,
        end_ms: end?,
        agents: agents?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{DAY_MS, HOUR_MS};

    fn shifts(src: &str) -> Vec<RawShift> {
        #[derive(serde::Deserialize, Default)]
        struct W {
            shifts: Vec<RawShift>,
        }
        toml::from_str::<W>(src)
            .map(|w| w.shifts)
            .unwrap_or_default()
    }

    #[test]
    fn shifts_become_a_weekly_step_function() {
        let raw = shifts(
            "shifts = [\n\
             { days = ['mon','tue','wed','thu','fri'], start = '08:00', end = '16:00', agents = 5 },\n\
             { days = ['mon','tue','wed','thu','fri'], start = '12:00', end = '20:00', agents = 3 },\n\
             { days = ['sat'], start = '00:00', end = '24:00', agents = 1 },\n]",
        );
        assert_eq!(raw.len(), 3);
        let mut ps = Problems::default();
        let s = staffing(&mut ps, "tiers.T1", None, Some(&raw));
        assert_eq!(ps.error_count(), 0);
        let s = s.unwrap_or_else(|| Staffing::constant(999));
        assert_eq!(s.agents_at_week_ms(7 * HOUR_MS), 0);
        assert_eq!(s.agents_at_week_ms(8 * HOUR_MS), 5);
        assert_eq!(s.agents_at_week_ms(DAY_MS + 13 * HOUR_MS), 8);
        assert_eq!(s.agents_at_week_ms(4 * DAY_MS + 19 * HOUR_MS), 3);
        assert_eq!(s.agents_at_week_ms(5 * DAY_MS + 3 * HOUR_MS), 1);
        assert_eq!(s.agents_at_week_ms(6 * DAY_MS + 3 * HOUR_MS), 0);
        assert_eq!(s.max_agents(), 8);
    }

    #[test]
    fn overnight_shift_is_refused_with_a_split_suggestion() {
        let raw = shifts(
            "shifts = [{ days = ['fri','sun'], start = '22:00', end = '06:00', agents = 2 }]",
        );
        let mut ps = Problems::default();
        assert!(staffing(&mut ps, "tiers.T1", None, Some(&raw)).is_none());
        let list = ps.into_sorted();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].path, "tiers.T1.shifts[0].end");
        assert_eq!(
            list[0].message,
            "shift ends at 06:00 before it starts at 22:00"
        );
        assert!(
            list[0].fix.contains("split an overnight shift into two")
                && list[0].fix.contains("days = [\"sat\", \"mon\"]"),
            "{}",
            list[0].fix
        );
    }

    #[test]
    fn staffing_needs_exactly_one_form_and_valid_counts() {
        let mut ps = Problems::default();
        assert!(staffing(&mut ps, "a", None, None).is_none());
        assert!(staffing(&mut ps, "b", Some(3), Some(&[])).is_none());
        assert!(staffing(&mut ps, "c", Some(-1), None).is_none());
        assert!(staffing(&mut ps, "d", None, Some(&[])).is_none());
        let bad =
            shifts("shifts = [{ days = ['mon'], start = '09:00', end = '09:00', agents = 0 }]");
        assert!(staffing(&mut ps, "e", None, Some(&bad)).is_none());
        assert_eq!(
            staffing(&mut ps, "f", Some(0), None),
            Some(Staffing::constant(0))
        );
        let paths: Vec<String> = ps.into_sorted().into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "a.agents",
                "b",
                "c.agents",
                "d.shifts",
                "e.shifts[0].agents",
                "e.shifts[0].end"
            ]
        );
    }
}
