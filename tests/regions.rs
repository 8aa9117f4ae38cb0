//! Time and place: a region's shifts in local time across DST, its holidays closing a
//! team, and dated staffing (shifts and overrides between `from` and `until`), each
//! checked against hand-computed UTC head-count changes.

use crate::support::scenario_from;
use escalsim::model::time::{DAY_MS, HOUR_MS};

/// Berlin, 09:00–17:00 local every day, 2 agents, from Monday 2026-03-23 00:00 UTC for
/// 14 days (DST starts on Sunday 2026-03-29).
const BERLIN: &str = r#"
name = "dst"
[run]
start = 2026-03-23T00:00:00
horizon_days = 14
replications = 1
seed = 1
[regions.emea]
time_zone = "Europe/Berlin"
HOLIDAYS
[tiers.T1]
region = "emea"
shifts = [{ days = ["mon","tue","wed","thu","fri","sat","sun"], start = "09:00", end = "17:00", agents = 2 SHIFT_DATES}]
handle_minutes = { dist = "constant", value = 5 }
[segments.all]
share = 1
[categories.general]
share = 1
needs = { T1 = 1 }
[severity]
medium = 1
[sla.critical]
first_response_minutes = 15
resolution_hours = 4
[sla.high]
first_response_minutes = 30
resolution_hours = 8
[sla.medium]
first_response_hours = 2
resolution_hours = 24
[sla.low]
first_response_hours = 4
resolution_hours = 48
[arrivals]
per_hour = 1
MODELS
"#;

fn text(holidays: &str, shift_dates: &str, models: &str) -> String {
    BERLIN
        .replace("HOLIDAYS", holidays)
        .replace("SHIFT_DATES", shift_dates)
        .replace("MODELS", models)
}

/// The tier's head-count changes over the horizon under staffing model `model`.
fn changes(text: &str, model: usize) -> Vec<(i64, u32)> {
    let l = scenario_from(text);
    let s = &l.scenario;
    s.staffing_models[model]
        .staffing_for(s, escalsim::model::TierId(0))
        .changes(&s.clock, s.run.horizon_ms)
}

/// On-duty spans of day `d` (0 = 2026-03-23), UTC hours.
fn day(d: i64, from_h: i64, to_h: i64, agents: u32) -> [(i64, u32); 2] {
    [
        (d * DAY_MS + from_h * HOUR_MS, agents),
        (d * DAY_MS + to_h * HOUR_MS, 0),
    ]
}

#[test]
fn a_berlin_shift_moves_an_hour_earlier_in_utc_when_dst_starts() {
    let got = changes(&text("", "", ""), 0);
    let mut want = vec![(0, 0)];
    for d in 0..14 {
        // CET (UTC+1) until Saturday 28 March; CEST (UTC+2) from Sunday 29 March.
        let (a, b) = if d < 6 { (8, 16) } else { (7, 15) };
        want.extend(day(d, a, b, 2));
    }
    assert_eq!(got, want);
}

#[test]
fn a_holiday_closes_the_team_for_the_local_day() {
    let got = changes(&text("holidays = [2026-04-03]", "", ""), 0);
    // Good Friday, 3 April, is day 11: no service at all that day.
    assert!(
        got.iter()
            .all(|&(t, _)| !(11 * DAY_MS..12 * DAY_MS).contains(&t)),
        "{got:?}"
    );
    assert_eq!(got.len(), 1 + 2 * 13);
    // An open_on_holidays team works as usual.
    let open = text("holidays = [2026-04-03]", "", "").replace(
        "region = \"emea\"",
        "region = \"emea\"\nopen_on_holidays = true",
    );
    assert_eq!(changes(&open, 0), changes(&text("", "", ""), 0));
}

#[test]
fn a_dated_shift_applies_only_between_its_dates() {
    let got = changes(
        &text("", ", from = 2026-03-30, until = \"2026-03-31\" ", ""),
        0,
    );
    let mut want = vec![(0, 0)];
    want.extend(day(7, 7, 15, 2));
    want.extend(day(8, 7, 15, 2));
    assert_eq!(got, want);
}

#[test]
fn a_dated_override_applies_only_between_its_dates() {
    let models = "[staffing.baseline]\n[staffing.peak]\nT1 = { agents = 5, from = 2026-03-25, until = 2026-03-26 }\n";
    let base = changes(&text("", "", models), 0);
    assert_eq!(base, changes(&text("", "", ""), 0));
    let got = changes(&text("", "", models), 1);
    let mut want = vec![(0, 0)];
    want.extend(day(0, 8, 16, 2));
    want.extend(day(1, 8, 16, 2));
    // Local midnight 25 March (23:00 UTC on the 24th) to local midnight 27 March.
    want.push((2 * DAY_MS - HOUR_MS, 5));
    want.push((4 * DAY_MS - HOUR_MS, 0));
    for d in 4..14 {
        let (a, b) = if d < 6 { (8, 16) } else { (7, 15) };
        want.extend(day(d, a, b, 2));
    }
    assert_eq!(got, want);
}

#[test]
fn a_utc_region_without_dates_changes_nothing() {
    let utc = text("", "", "").replace("Europe/Berlin", "UTC");
    let plain = utc.replace("region = \"emea\"\n", "");
    let l = scenario_from(&plain);
    assert!(l.scenario.tiers[0].staffing.roster.is_none());
    assert_eq!(changes(&utc, 0), changes(&plain, 0));
}

#[test]
fn bad_regions_are_refused_with_their_paths() {
    let bad = text(
        "holidays = [\"2026-13-01\"]",
        ", until = 2026-03-01, from = 2026-03-02 ",
        "",
    )
    .replace("Europe/Berlin", "Europe/Berlinn")
        + "\n[tiers.T2]\nregion = \"amer\"\nagents = 1\nhandle_minutes = { dist = \"constant\", value = 5 }\n";
    let e = match escalsim::scenario::from_str(&bad, "r.toml") {
        Err(e) => e.to_string(),
        Ok(_) => panic!("expected errors"),
    };
    for want in [
        "regions.emea.time_zone: unknown time zone `Europe/Berlinn`",
        "did you mean `Europe/Berlin`?",
        "regions.emea.holidays[0]: must be a date",
        "tiers.T1.shifts[0].until: until (2026-03-01) is before from (2026-03-02)",
        "tiers.T2.region: unknown region `amer`",
    ] {
        assert!(e.contains(want), "{want}\n{e}");
    }
}
