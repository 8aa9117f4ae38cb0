//! `[arrivals]` → [`Arrivals`]: the base rate, hour-of-day and day-of-week profiles,
//! day-to-day over-dispersion, peak seasons and incident bursts (with their own
//! category and severity mix). Date-times become simulation ms through the run's
//! [`Clock`].

use super::context::{Refs, Timeline};
use super::dists::{Quantity, dist};
use super::problem::{Problems, index, join};
use super::raw::{RawArrivals, RawBurst, RawPeak};
use super::suggest::word;
use super::validate_mix::severity_shares;
use super::values::{
    WEEKDAYS, datetime, duration, non_negative, positive, required, share, shares_sum_to_one,
};
use crate::model::time::{SimTime, minutes_to_ms};
use crate::model::{Arrivals, Burst, CategoryId, Dist, Peak};

/// Validates the arrival process.
pub(crate) fn arrivals(
    problems: &mut Problems,
    raw: Option<&RawArrivals>,
    refs: &Refs,
    timeline: Option<Timeline<'_>>,
) -> Option<Arrivals> {
    let Some(raw) = raw else {
        problems.error(
            "arrivals",
            "missing required table: how many tickets arrive",
            "add [arrivals] with per_hour = <tickets per hour>, e.g. per_hour = 120",
        );
        return None;
    };
    let per_hour = required(
        problems,
        "arrivals.per_hour",
        &raw.per_hour,
        "give the base arrival rate in tickets per hour, e.g. per_hour = 120",
    )
    .and_then(|&v| {
        positive(
            problems,
            "arrivals.per_hour",
            v,
            "give the base arrival rate in tickets per hour, e.g. per_hour = 120",
        )
    });
    let hours = hour_of_day(problems, raw.hour_of_day.as_deref());
    let days = day_of_week(problems, raw);
    let cv = match raw.daily_overdispersion_cv {
        None => Some(None),
        Some(v) => non_negative(
            problems,
            "arrivals.daily_overdispersion_cv",
            v,
            "give the day-to-day coefficient of variation of the rate, e.g. 0.1 (0 for none)",
        )
        .map(|v| (v > 0.0).then_some(v)),
    };
    let peaks: Vec<Option<Peak>> = raw
        .peaks
        .iter()
        .enumerate()
        .map(|(i, p)| peak(problems, &index("arrivals.peaks", i), p, timeline))
        .collect();
    let bursts: Vec<Option<Burst>> = raw
        .bursts
        .iter()
        .enumerate()
        .map(|(i, b)| burst(problems, &index("arrivals.bursts", i), b, refs, timeline))
        .collect();
    Some(Arrivals {
        base_per_hour: per_hour?,
        hour_of_day: hours?,
        day_of_week: days?,
        peaks: peaks.into_iter().collect::<Option<Vec<_>>>()?,
        bursts: bursts.into_iter().collect::<Option<Vec<_>>>()?,
        daily_overdispersion_cv: cv?,
    })
}

fn hour_of_day(problems: &mut Problems, raw: Option<&[f64]>) -> Option<[f64; 24]> {
    let path = "arrivals.hour_of_day";
    let Some(list) = raw else {
        return Some([1.0; 24]);
    };
    let fix = "list 24 multipliers >= 0, the first for 00:00–01:00, e.g. 0.2 at night and 1.5 at the morning peak";
    if list.len() != 24 {
        problems.error(
            path,
            format!(
                "must list exactly 24 multipliers (one per hour, 00:00–01:00 first), got {}",
                list.len()
            ),
            fix,
        );
        return None;
    }
    let mut out = [0.0; 24];
    let mut ok = true;
    for (i, &v) in list.iter().enumerate() {
        match non_negative(problems, &index(path, i), v, fix) {
            Some(v) => out[i] = v,
            None => ok = false,
        }
    }
    if ok && out.iter().all(|&v| v == 0.0) {
        problems.error(
            path,
            "every multiplier is 0, so no tickets would arrive",
            fix,
        );
        return None;
    }
    ok.then_some(out)
}

fn day_of_week(problems: &mut Problems, raw: &RawArrivals) -> Option<[f64; 7]> {
    let path = "arrivals.day_of_week";
    let Some(map) = &raw.day_of_week else {
        return Some([1.0; 7]);
    };
    let fix =
        "give multipliers >= 0 by weekday, e.g. { sat = 0.4, sun = 0.3 } (missing days are 1)";
    let mut out = [1.0; 7];
    let mut ok = true;
    for (day, &v) in map {
        let at = join(path, day);
        let lower = day.to_lowercase();
        let Some(d) = WEEKDAYS.iter().position(|w| *w == lower) else {
            word(
                problems,
                &at,
                "weekday",
                day,
                (&WEEKDAYS, "expected mon, tue, wed, thu, fri, sat or sun"),
                "use mon, tue, wed, thu, fri, sat or sun",
            );
            ok = false;
            continue;
        };
        match non_negative(problems, &at, v, fix) {
            Some(v) => out[d] = v,
            None => ok = false,
        }
    }
    if ok && out.iter().all(|&v| v == 0.0) {
        problems.error(
            path,
            "every multiplier is 0, so no tickets would arrive",
            fix,
        );
        return None;
    }
    ok.then_some(out)
}

fn name(
    problems: &mut Problems,
    path: &str,
    raw: &Option<String>,
    example: &str,
) -> Option<String> {
    let at = join(path, "name");
    match raw {
        Some(n) if !n.trim().is_empty() => Some(n.clone()),
        Some(_) => {
            problems.error(
                at,
                "must not be empty",
                format!("give a name for reports, e.g. name = \"{example}\""),
            );
            None
        }
        None => {
            problems.error(
                at,
                "missing required field",
                format!("give a name for reports, e.g. name = \"{example}\""),
            );
            None
        }
    }
}

fn outside_run_warning(
    problems: &mut Problems,
    path: &str,
    what: &str,
    start: SimTime,
    end: SimTime,
    timeline: Timeline<'_>,
) {
    if end <= 0 || start >= timeline.horizon_ms {
        problems.warning(
            path,
            format!(
                "this {what} ({} to {}) lies outside the run ({} to {}), so it has no effect",
                timeline.clock.datetime(start),
                timeline.clock.datetime(end),
                timeline.clock.datetime(0),
                timeline.clock.datetime(timeline.horizon_ms)
            ),
            "move it inside the run, lengthen run.horizon_days, or remove it",
        );
    }
}

fn peak(
    problems: &mut Problems,
    path: &str,
    p: &RawPeak,
    timeline: Option<Timeline<'_>>,
) -> Option<Peak> {
    let name = name(problems, path, &p.name, "black friday");
    let start_path = join(path, "start");
    let end_path = join(path, "end");
    let start = required(
        problems,
        &start_path,
        &p.start,
        "give the first moment of the peak, e.g. start = 2026-11-27T00:00:00",
    )
    .and_then(|v| datetime(problems, &start_path, v));
    let end = required(
        problems,
        &end_path,
        &p.end,
        "give the end of the peak (exclusive), e.g. end = 2026-12-01T00:00:00",
    )
    .and_then(|v| datetime(problems, &end_path, v));
    let mult_path = join(path, "multiplier");
    let multiplier = required(
        problems,
        &mult_path,
        &p.multiplier,
        "give the rate multiplier during the peak, e.g. multiplier = 1.8",
    )
    .and_then(|&v| {
        positive(
            problems,
            &mult_path,
            v,
            "give the rate multiplier during the peak, e.g. multiplier = 1.8",
        )
    });
    let (start, end) = (start?, end?);
    if end <= start {
        problems.error(
            &end_path,
            format!("the peak ends ({end}) before or when it starts ({start})"),
            "give an end later than the start",
        );
        return None;
    }
    let timeline = timeline?;
    let (start, end) = (timeline.clock.sim_time(start), timeline.clock.sim_time(end));
    outside_run_warning(problems, path, "peak", start, end, timeline);
    Some(Peak {
        name: name?,
        start,
        end,
        multiplier: multiplier?,
    })
}

fn burst(
    problems: &mut Problems,
    path: &str,
    b: &RawBurst,
    refs: &Refs,
    timeline: Option<Timeline<'_>>,
) -> Option<Burst> {
    let name = name(problems, path, &b.name, "api outage");
    let start_path = join(path, "start");
    let start = required(
        problems,
        &start_path,
        &b.start,
        "give when the burst starts, e.g. start = 2026-01-07T10:00:00",
    )
    .and_then(|v| datetime(problems, &start_path, v));
    let fix = burst_fix(problems, path, b);
    let length = duration(
        problems,
        path,
        "duration",
        b.duration_minutes,
        b.duration_hours,
        !matches!(fix, Some(Some(_))),
        "give how long the burst lasts, e.g. duration_minutes = 180",
    );
    let extra_path = join(path, "extra_per_hour");
    let extra = required(
        problems,
        &extra_path,
        &b.extra_per_hour,
        "give the extra tickets per hour during the burst, e.g. extra_per_hour = 200",
    )
    .and_then(|&v| {
        positive(
            problems,
            &extra_path,
            v,
            "give the extra tickets per hour during the burst, e.g. extra_per_hour = 200",
        )
    });
    let categories = match &b.categories {
        None => Some(None),
        Some(map) => burst_categories(problems, &join(path, "categories"), map, refs).map(Some),
    };
    let severity = match &b.severity {
        None => Some(None),
        Some(s) => severity_shares(
            problems,
            &join(path, "severity"),
            s,
            "the burst's severity shares",
            false,
        )
        .map(Some),
    };
    let fix = fix?;
    let length = match (length?, &fix) {
        (Some(ms), _) => ms,
        // The nominal end of an outage with a drawn fix time: its mean.
        (None, Some(d)) => minutes_to_ms(d.mean()).max(1),
        (None, None) => return None,
    };
    let start = start?;
    let timeline = timeline?;
    let start = timeline.clock.sim_time(start);
    let end = start + length;
    outside_run_warning(problems, path, "burst", start, end, timeline);
    Some(Burst {
        name: name?,
        start,
        end,
        outage: b.outage.unwrap_or(false) || fix.is_some(),
        fix_minutes: fix,
        extra_per_hour: extra?,
        categories: categories?,
        severity_shares: severity?,
    })
}

const FIX: Quantity = Quantity {
    unit: "minutes",
    typical: 120.0,
};

/// A burst's `fix_minutes`: the drawn time from its start to the fix of the outage
/// behind it, instead of a fixed duration. `Some(None)`: not given; `None`: an error
/// was reported.
fn burst_fix(problems: &mut Problems, path: &str, b: &RawBurst) -> Option<Option<Dist>> {
    let Some(d) = &b.fix_minutes else {
        return Some(None);
    };
    let fix_path = join(path, "fix_minutes");
    if b.duration_minutes.is_some() || b.duration_hours.is_some() {
        problems.error(
            &fix_path,
            "is given with a duration: an outage lasts until its fix",
            "keep fix_minutes (a drawn time to the fix) or the duration (a fixed one), not both",
        );
        return None;
    }
    if b.outage == Some(false) {
        problems.error(
            &fix_path,
            "is given with outage = false: only an outage has a fix",
            "remove outage = false, or remove fix_minutes and give a duration",
        );
        return None;
    }
    dist(problems, &fix_path, d, FIX).map(Some)
}

fn burst_categories(
    problems: &mut Problems,
    path: &str,
    map: &indexmap::IndexMap<String, f64>,
    refs: &Refs,
) -> Option<Vec<(CategoryId, f64)>> {
    if map.is_empty() {
        problems.error(
            path,
            "must name at least one category",
            "give the burst's category mix, e.g. categories = { outage = 1.0 }, or remove it to use the scenario's mix",
        );
        return None;
    }
    let mut out = Vec::new();
    let mut named = Vec::new();
    let mut ok = true;
    for (cat, &v) in map {
        let at = join(path, cat);
        let id = refs.categories.lookup(problems, &at, cat);
        let v = share(problems, &at, v, "give a share from 0 to 1, e.g. 0.5");
        if let Some(v) = v {
            named.push((cat.clone(), v));
        }
        match (id, v) {
            (Some(id), Some(v)) => out.push((CategoryId(id as u16), v)),
            _ => ok = false,
        }
    }
    if named.len() == map.len()
        && !shares_sum_to_one(problems, path, "the burst's category shares", &named)
    {
        ok = false;
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::suggest::Names;
    use super::*;
    use crate::model::Clock;
    use crate::model::time::{DAY_MS, HOUR_MS};
    use chrono::NaiveDate;

    fn refs() -> Refs {
        Refs {
            calendars: Names::new("calendar", "", ["always".to_string()]),
            tiers: Names::new("tier", "", ["T1".to_string()]),
            segments: Names::new("segment", "", Vec::<String>::new()),
            categories: Names::new(
                "category",
                "[categories.<name>]",
                ["billing", "outage"].map(String::from),
            ),
        }
    }

    fn clock() -> Clock {
        Clock::new(
            NaiveDate::from_ymd_opt(2026, 1, 5)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or_default(),
        )
    }

    fn run(src: &str) -> (Option<Arrivals>, Vec<super::super::problem::Problem>) {
        let raw: RawArrivals = toml::from_str(src).unwrap_or_default();
        let clock = clock();
        let mut ps = Problems::default();
        let a = arrivals(
            &mut ps,
            Some(&raw),
            &refs(),
            Some(Timeline {
                clock: &clock,
                horizon_ms: 28 * DAY_MS,
            }),
        );
        (a, ps.into_sorted())
    }

    #[test]
    fn profiles_peaks_and_bursts_convert() {
        let (a, problems) = run(
            "per_hour = 120\nday_of_week = { sat = 0.4, Sun = 0.3 }\ndaily_overdispersion_cv = 0.1\n\
             [[peaks]]\nname = 'sale'\nstart = 2026-01-10T00:00:00\nend = '2026-01-12T00:00'\nmultiplier = 1.8\n\
             [[bursts]]\nname = 'api outage'\nstart = 2026-01-07T10:00:00\nduration_minutes = 180\n\
             extra_per_hour = 200\ncategories = { outage = 1.0 }\nseverity = { critical = 0.5, high = 0.5 }\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let Some(a) = a else {
            panic!("valid arrivals refused")
        };
        assert_eq!(a.base_per_hour, 120.0);
        assert_eq!(a.hour_of_day, [1.0; 24]);
        assert_eq!(a.day_of_week, [1.0, 1.0, 1.0, 1.0, 1.0, 0.4, 0.3]);
        assert_eq!(a.daily_overdispersion_cv, Some(0.1));
        assert_eq!((a.peaks[0].start, a.peaks[0].end), (5 * DAY_MS, 7 * DAY_MS));
        let b = &a.bursts[0];
        assert_eq!(
            (b.start, b.end),
            (2 * DAY_MS + 10 * HOUR_MS, 2 * DAY_MS + 13 * HOUR_MS)
        );
        assert_eq!(b.categories, Some(vec![(CategoryId(1), 1.0)]));
        assert_eq!(b.severity_shares, Some([0.5, 0.5, 0.0, 0.0]));
    }

    #[test]
    fn bad_arrivals_report_every_problem() {
        let (a, problems) = run(
            "per_hour = -5\nhour_of_day = [1, 2]\nday_of_week = { funday = 2 }\n\
             [[peaks]]\nstart = 2026-01-10T00:00:00\nend = 2026-01-09T00:00:00\nmultiplier = 0\n\
             [[bursts]]\nname = 'x'\nstart = 2027-01-07T10:00:00\nduration_hours = 2\n\
             extra_per_hour = 10\ncategories = { outgae = 1.0 }\n",
        );
        assert!(a.is_none());
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "arrivals.per_hour",
                "arrivals.hour_of_day",
                "arrivals.day_of_week.funday",
                "arrivals.peaks[0].name",
                "arrivals.peaks[0].multiplier",
                "arrivals.peaks[0].end",
                "arrivals.bursts[0].categories.outgae",
                "arrivals.bursts[0]",
            ]
        );
        assert_eq!(problems[6].fix, "did you mean `outage`?");
        assert!(problems[7].message.contains("outside the run"));
    }
}
