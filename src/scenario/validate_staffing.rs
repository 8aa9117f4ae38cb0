//! `[staffing.<model>]` → [`StaffingModel`]s (per-tier overrides of agents or shifts,
//! for the whole run or between `from` and `until` dates),
//! and the warning for tiers that can receive work but have no agents at some time of
//! the week under some staffing model.

use indexmap::IndexMap;

use super::context::Refs;
use super::problem::{Problems, join};
use super::raw::RawStaffing;
use super::validate_regions::Place;
use super::validate_tiers::{date_window, staffing_at};
use super::values::fmt_week_time;
use crate::model::staffing::{DatedShift, Roster};
use crate::model::time::{SimTime, WEEK_MS};
use crate::model::{Staffing, StaffingModel, Tier};
use chrono::NaiveDate;

/// The model used when the file declares none: every tier as scheduled in `[tiers]`.
pub(crate) const AS_SCHEDULED: &str = "as-scheduled";

/// Validates the staffing models; with none declared, one model `as-scheduled` with no
/// overrides.
pub(crate) fn staffing_models(
    problems: &mut Problems,
    raw: &IndexMap<String, IndexMap<String, RawStaffing>>,
    refs: &Refs,
    places: &[Place],
    typed_tiers: Option<&[Tier]>,
) -> Vec<Option<StaffingModel>> {
    let n = refs.tiers.names.len();
    if raw.is_empty() {
        return vec![Some(StaffingModel {
            name: AS_SCHEDULED.to_string(),
            overrides: vec![None; n],
        })];
    }
    raw.iter()
        .map(|(name, tiers)| {
            let base = join("staffing", name);
            let mut overrides: Vec<Option<Staffing>> = vec![None; n];
            let mut ok = true;
            for (tier, s) in tiers {
                let path = join(&base, tier);
                let id = refs.tiers.lookup(problems, &path, tier);
                let nowhere = Place::default();
                let place = id.and_then(|i| places.get(i)).unwrap_or(&nowhere);
                let st = staffing_at(problems, &path, s.agents, s.shifts.as_deref(), place);
                let window = date_window(problems, &path, s.from.as_ref(), s.until.as_ref());
                let st = match (st, window, id) {
                    (Some(st), Some((None, None)), _) => Some(st),
                    (Some(st), Some((from, until)), Some(i)) => {
                        // The tier's own staffing outside the dates; tier errors are
                        // reported by the tier.
                        typed_tiers
                            .and_then(|ts| ts.get(i))
                            .map(|t| between(&t.staffing, &st, from, until, place))
                    }
                    _ => None,
                };
                match (id, st) {
                    (Some(id), Some(st)) => overrides[id] = Some(st),
                    _ => ok = false,
                }
            }
            ok.then(|| StaffingModel {
                name: name.clone(),
                overrides,
            })
        })
        .collect()
}

/// `over` on the local dates from `from` to `until` (inclusive, open-ended when
/// `None`), `base` on every other date, at `place`.
fn between(
    base: &Staffing,
    over: &Staffing,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    place: &Place,
) -> Staffing {
    let day = chrono::Duration::days(1);
    let mut shifts: Vec<DatedShift> = over
        .dated_shifts()
        .iter()
        .filter_map(|s| s.within(from, until))
        .collect();
    for s in base.dated_shifts() {
        if let Some(f) = from {
            shifts.extend(s.within(None, Some(f - day)));
        }
        if let Some(u) = until {
            shifts.extend(s.within(Some(u + day), None));
        }
    }
    Staffing::from_roster(Roster {
        zone: place.zone.unwrap_or(chrono_tz::Tz::UTC),
        shifts,
        closed: place.closed.clone(),
    })
}

/// Warns, for every tier that can receive work, about each span of the week with no
/// agents on duty, naming the staffing models concerned. A tier's own schedule is
/// reported once (at `tiers.<tier>`) for all models that use it; an override at
/// `staffing.<model>.<tier>`.
pub(crate) fn unstaffed_warnings(
    problems: &mut Problems,
    tiers: &[Tier],
    models: &[StaffingModel],
    receives: &[bool],
) {
    for (i, tier) in tiers.iter().enumerate() {
        if !receives.get(i).copied().unwrap_or(false) {
            continue;
        }
        let own_users: Vec<&str> = models
            .iter()
            .filter(|m| m.overrides.get(i).is_none_or(Option::is_none))
            .map(|m| m.name.as_str())
            .collect();
        if !own_users.is_empty() {
            warn(
                problems,
                &join("tiers", &tier.name),
                &tier.name,
                &tier.staffing,
                &own_users,
            );
        }
        for m in models {
            if let Some(Some(s)) = m.overrides.get(i) {
                let path = join(&join("staffing", &m.name), &tier.name);
                warn(problems, &path, &tier.name, s, &[m.name.as_str()]);
            }
        }
    }
}

fn warn(problems: &mut Problems, path: &str, tier: &str, staffing: &Staffing, models: &[&str]) {
    let gaps = weekly_gaps(staffing);
    if gaps.is_empty() {
        return;
    }
    let under = format!(
        "under staffing {}",
        models
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if gaps == [(0, WEEK_MS)] {
        problems.warning(
            path,
            format!(
                "no agents at any time of the week {under}: tickets reaching {tier} are never served (queue unbounded)"
            ),
            format!("give {tier} agents, or take it off the escalation path"),
        );
        return;
    }
    let spans: Vec<String> = gaps
        .iter()
        .map(|&(s, e)| format!("{}–{}", fmt_week_time(s), fmt_week_time(e)))
        .collect();
    problems.warning(
        path,
        format!(
            "no agents {} {under}: tickets reaching {tier} then wait until agents arrive (queue unbounded there)",
            spans.join(", ")
        ),
        format!(
            "if {tier} must work around the clock, add shifts covering these spans; otherwise this is expected (e.g. a business-hours team)"
        ),
    );
}

/// Spans of the week with no agents, as (start, end) ms since Monday 00:00, a span
/// crossing Sunday midnight joined into one whose end is in the next week's
/// coordinates modulo the week (e.g. Sat 00:00 → Mon 08:00). The whole week is
/// `[(0, WEEK_MS)]`.
fn weekly_gaps(staffing: &Staffing) -> Vec<(SimTime, SimTime)> {
    let mut gaps = staffing.unstaffed_periods();
    if gaps.len() >= 2 {
        let first = gaps[0];
        let last = gaps[gaps.len() - 1];
        if first.0 == 0 && last.1 == WEEK_MS {
            gaps.remove(0);
            if let Some(l) = gaps.last_mut() {
                l.1 = first.1;
            }
        }
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{DAY_MS, HOUR_MS};
    use crate::model::{Dist, Shift};

    fn tier(name: &str, staffing: Staffing) -> Tier {
        Tier {
            owner_role: crate::model::RoleId(0),
            name: name.into(),
            role: String::new(),
            owner: String::new(),
            staffing,
            resolves: vec![true, true],
            handle_minutes: Dist::Constant { value: 1.0 },
            handle_minutes_by_category: vec![],
            triage_minutes: None,
            handoff_minutes: None,
            cost_per_agent_hour: 0.0,
            touches: None,
            pickup_target_ms: None,
        }
    }

    fn weekdays_8_to_16(agents: u32) -> Staffing {
        Staffing::from_shifts(&[Shift {
            days: vec![0, 1, 2, 3, 4],
            start_ms: 8 * HOUR_MS,
            end_ms: 16 * HOUR_MS,
            agents,
        }])
    }

    #[test]
    fn gaps_wrap_around_the_weekend() {
        let s = Staffing::from_shifts(&[Shift {
            days: vec![0, 1, 2, 3, 4],
            start_ms: 8 * HOUR_MS,
            end_ms: 24 * HOUR_MS,
            agents: 2,
        }]);
        let gaps = weekly_gaps(&s);
        assert_eq!(gaps.len(), 5);
        assert_eq!(gaps[0], (DAY_MS, DAY_MS + 8 * HOUR_MS));
        assert_eq!(gaps[4], (5 * DAY_MS, 8 * HOUR_MS));
        assert!(weekly_gaps(&Staffing::constant(3)).is_empty());
        assert_eq!(weekly_gaps(&Staffing::constant(0)), [(0, WEEK_MS)]);
    }

    #[test]
    fn warnings_name_the_model_span_and_unbounded_queue() {
        let tiers = [
            tier("T1", Staffing::constant(5)),
            tier("T2", weekdays_8_to_16(3)),
            tier("T3", Staffing::constant(0)),
        ];
        let models = [
            StaffingModel {
                name: "baseline".into(),
                overrides: vec![None, None, None],
            },
            StaffingModel {
                name: "weekend-cover".into(),
                overrides: vec![None, Some(Staffing::constant(1)), None],
            },
        ];
        let mut ps = Problems::default();
        unstaffed_warnings(&mut ps, &tiers, &models, &[true, true, false]);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0].path, "tiers.T2");
        assert_eq!(
            list[0].message,
            "no agents Mon 16:00–Tue 08:00, Tue 16:00–Wed 08:00, Wed 16:00–Thu 08:00, \
             Thu 16:00–Fri 08:00, Fri 16:00–Mon 08:00 under staffing \
             \"baseline\": tickets reaching T2 then wait until agents arrive (queue unbounded there)"
        );
    }
}
