//! `[calendars.<name>]` → [`Calendar`]s. The built-in `always` (24×7) calendar is id 0;
//! declared calendars follow in file order. A calendar is one weekly window
//! (`days`, `open`, `close`) or a list of windows (`hours`).

use indexmap::IndexMap;

use super::problem::{Problems, index, join};
use super::raw::{RawCalendar, RawWindow};
use super::suggest::Names;
use super::values::{fmt_time_of_day, required, time_of_day, weekdays};
use crate::model::Calendar;
use crate::model::time::{DAY_MS, SimTime};

/// The name of the built-in 24×7 calendar.
pub(crate) const ALWAYS: &str = "always";

/// Validates every calendar. Returns the calendar names (ids) and, per id, the
/// calendar if it is valid.
pub(crate) fn calendars(
    problems: &mut Problems,
    raw: &IndexMap<String, RawCalendar>,
) -> (Names, Vec<Option<Calendar>>) {
    let mut names = vec![ALWAYS.to_string()];
    let mut out = vec![Some(Calendar::always(ALWAYS))];
    for (name, cal) in raw {
        let path = join("calendars", name);
        if name == ALWAYS {
            problems.error(
                &path,
                "`always` is the built-in 24×7 calendar and cannot be redefined",
                "give this calendar another name, e.g. `business`, and refer to it by that name",
            );
            continue;
        }
        names.push(name.clone());
        out.push(calendar(problems, &path, name, cal));
    }
    (Names::new("calendar", "[calendars.<name>]", names), out)
}

fn calendar(
    problems: &mut Problems,
    path: &str,
    name: &str,
    cal: &RawCalendar,
) -> Option<Calendar> {
    let single = cal.days.is_some() || cal.open.is_some() || cal.close.is_some();
    let intervals = match (&cal.hours, single) {
        (Some(_), true) => {
            problems.error(
                path,
                "give either `days`, `open` and `close` (one window) or `hours` (a list of windows), not both",
                "move the single window into the `hours` list, or remove `hours`",
            );
            return None;
        }
        (None, false) => {
            problems.error(
                path,
                "missing opening hours: give `days`, `open` and `close`, or a list of windows in `hours`",
                "e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], open = \"09:00\", close = \"17:00\"",
            );
            return None;
        }
        (None, true) => window(problems, path, &cal.days, &cal.open, &cal.close)?,
        (Some(hours), false) => {
            let hours_path = join(path, "hours");
            if hours.is_empty() {
                problems.error(
                    &hours_path,
                    "must list at least one window",
                    "e.g. hours = [{ days = [\"sat\"], open = \"10:00\", close = \"14:00\" }]",
                );
                return None;
            }
            let mut all = Vec::new();
            let mut ok = true;
            for (i, RawWindow { days, open, close }) in hours.iter().enumerate() {
                match window(problems, &index(&hours_path, i), days, open, close) {
                    Some(iv) => all.extend(iv),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            all
        }
    };
    let built = Calendar::weekly(name, intervals);
    if built.is_none() {
        problems.error(
            path,
            "is never open",
            "give at least one window with open < close",
        );
    }
    built
}

/// One weekly window on each of `days`, as intervals in ms since Monday 00:00.
fn window(
    problems: &mut Problems,
    path: &str,
    days: &Option<Vec<String>>,
    open: &Option<toml::Value>,
    close: &Option<toml::Value>,
) -> Option<Vec<(SimTime, SimTime)>> {
    let days_path = join(path, "days");
    let open_path = join(path, "open");
    let close_path = join(path, "close");
    let days = required(
        problems,
        &days_path,
        days,
        "list the open weekdays, e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
    )
    .and_then(|d| weekdays(problems, &days_path, d));
    let open = required(
        problems,
        &open_path,
        open,
        "give the opening time, e.g. open = \"09:00\"",
    )
    .and_then(|v| time_of_day(problems, &open_path, v, false));
    let close = required(
        problems,
        &close_path,
        close,
        "give the closing time, e.g. close = \"17:00\"",
    )
    .and_then(|v| time_of_day(problems, &close_path, v, true));
    let (open, close) = (open?, close?);
    if close <= open {
        problems.error(
            &close_path,
            format!(
                "closes at {} but opens at {}: closing must be later than opening on the same day",
                fmt_time_of_day(close),
                fmt_time_of_day(open)
            ),
            format!(
                "for a window past midnight use `hours` with two windows: {} to \"24:00\", then \"00:00\" to {} on the following days",
                fmt_time_of_day(open),
                fmt_time_of_day(close)
            ),
        );
        return None;
    }
    Some(
        days?
            .iter()
            .map(|&d| {
                let base = SimTime::from(d) * DAY_MS;
                (base + open, base + close)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::HOUR_MS;

    fn parse(src: &str) -> IndexMap<String, RawCalendar> {
        toml::from_str(src).unwrap_or_default()
    }

    #[test]
    fn business_hours_become_weekday_intervals() {
        let raw = parse(
            "[business]\ndays = ['mon','tue','wed','thu','fri']\nopen = '09:00'\nclose = '17:00'\n\
             [weekend]\nhours = [{ days = ['sat'], open = '10:00', close = '14:00' },\n\
             { days = ['sun'], open = '12:00', close = '24:00' }]\n",
        );
        let mut ps = Problems::default();
        let (names, cals) = calendars(&mut ps, &raw);
        assert_eq!(ps.error_count(), 0);
        assert_eq!(names.names, ["always", "business", "weekend"]);
        assert_eq!(cals[0], Some(Calendar::always("always")));
        let business: Vec<(SimTime, SimTime)> = (0..5)
            .map(|d| (d * DAY_MS + 9 * HOUR_MS, d * DAY_MS + 17 * HOUR_MS))
            .collect();
        assert_eq!(
            cals[1].as_ref().and_then(|c| c.weekly_open_ms.clone()),
            Some(business)
        );
        assert_eq!(
            cals[2].as_ref().and_then(|c| c.weekly_open_ms.clone()),
            Some(vec![
                (5 * DAY_MS + 10 * HOUR_MS, 5 * DAY_MS + 14 * HOUR_MS),
                (6 * DAY_MS + 12 * HOUR_MS, 7 * DAY_MS),
            ])
        );
    }

    #[test]
    fn bad_calendars_report_each_problem() {
        let raw = parse(
            "[always]\ndays = ['mon']\nopen = '00:00'\nclose = '24:00'\n\
             [night]\ndays = ['mon','fry']\nopen = '22:00'\nclose = '06:00'\n\
             [late]\ndays = ['mon']\nopen = '18:00'\nclose = '09:00'\n\
             [empty]\n\
             [both]\ndays = ['mon']\nhours = []\n",
        );
        let mut ps = Problems::default();
        let (names, cals) = calendars(&mut ps, &raw);
        assert_eq!(names.names, ["always", "night", "late", "empty", "both"]);
        assert!(cals[1..].iter().all(Option::is_none));
        let list = ps.into_sorted();
        let paths: Vec<&str> = list.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "calendars.always",
                "calendars.night.days[1]",
                "calendars.night.close",
                "calendars.late.close",
                "calendars.empty",
                "calendars.both",
            ]
        );
        assert!(
            list[3]
                .message
                .contains("closes at 09:00 but opens at 18:00")
        );
        assert!(list[3].fix.contains("two windows"));
    }
}
