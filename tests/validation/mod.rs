//! End-to-end tests of the scenario API: the shipped scenarios, parse errors with
//! positions, a kitchen-sink file whose every problem is reported at once, each
//! cross-table rule, and robustness against arbitrary edits.

mod confusion;
mod sop;
mod sop_errors;
mod targets;
mod transfers;

use escalsim::model::time::{DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS};
use escalsim::model::{CalendarId, Discipline, Dist, Severity, TierId};
use escalsim::scenario::*;

const SUPPORT_BASIC: &str = include_str!("../../scenarios/support-basic.toml");
const BENCH_3TIER: &str = include_str!("../../scenarios/bench-3tier.toml");

pub(super) fn loaded(text: &str) -> Loaded {
    match from_str(text, "test.toml") {
        Ok(l) => l,
        Err(e) => panic!("expected a valid scenario, got:\n{e}"),
    }
}

pub(super) fn problems(text: &str) -> Vec<Problem> {
    match from_str(text, "test.toml") {
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("expected validation problems, got:\n{e}"),
        Ok(l) => l.warnings,
    }
}

fn paths(list: &[Problem]) -> Vec<&str> {
    list.iter().map(|p| p.path.as_str()).collect()
}

pub(super) fn find<'a>(list: &'a [Problem], path: &str) -> &'a Problem {
    match list.iter().find(|p| p.path == path) {
        Some(p) => p,
        None => panic!("no problem at {path}; got {:#?}", paths(list)),
    }
}

/// A small valid scenario that tests modify.
const MINIMAL: &str = r#"
name = "mini"
[run]
start = 2026-01-05T00:00:00
horizon_days = 7
replications = 2
seed = 1
[tiers.T1]
agents = 2
handle_minutes = { dist = "exponential", mean = 5 }
[tiers.T2]
agents = 1
handle_minutes = { dist = "exponential", mean = 15 }
[segments.all]
share = 1
[categories.general]
share = 1
needs = { T1 = 0.8, T2 = 0.2 }
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
per_hour = 10
"#;

/// `MINIMAL` with the line starting `old` replaced by `new` (or `new` appended when
/// `old` is empty).
pub(super) fn edit(old: &str, new: &str) -> String {
    if old.is_empty() {
        return format!("{MINIMAL}{new}\n");
    }
    let mut done = false;
    let lines: Vec<String> = MINIMAL
        .lines()
        .map(|l| {
            if !done && l.starts_with(old) {
                done = true;
                new.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no line starts with {old:?}");
    lines.join("\n")
}

#[test]
fn shipped_scenarios_validate_without_problems() {
    for (name, text) in [
        ("support-basic", SUPPORT_BASIC),
        ("bench-3tier", BENCH_3TIER),
    ] {
        let l = loaded(text);
        assert_eq!(l.scenario.name, name);
        assert!(l.warnings.is_empty(), "{name}: {:#?}", l.warnings);
        assert_eq!(l.source_hash.len(), 64);
    }
}

#[test]
fn bench_3tier_is_the_benchmark() {
    let s = loaded(BENCH_3TIER).scenario;
    assert_eq!(s.run.horizon_ms, 365 * DAY_MS);
    assert_eq!(s.run.warmup_ms, DAY_MS);
    assert_eq!(s.run.replications, 20);
    assert_eq!(s.arrivals.base_per_hour, 120.0);
    assert_eq!(s.arrivals.hour_of_day, [1.0; 24]);
    assert_eq!(s.arrivals.day_of_week, [1.0; 7]);
    assert!(s.arrivals.peaks.is_empty() && s.arrivals.bursts.is_empty());
    assert_eq!(s.arrivals.daily_overdispersion_cv, None);
    let agents: Vec<u32> = s.tiers.iter().map(|t| t.staffing.max_agents()).collect();
    assert_eq!(agents, [12, 11, 7]);
    assert!(s.tiers.iter().all(|t| t.staffing.is_constant()));
    let means: Vec<f64> = s.tiers.iter().map(|t| t.handle_minutes.mean()).collect();
    assert_eq!(means, [5.0, 15.0, 45.0]);
    assert!(
        s.tiers
            .iter()
            .all(|t| matches!(t.handle_minutes, Dist::Exponential { .. }))
    );
    assert!(
        s.tiers
            .iter()
            .all(|t| t.triage_minutes.is_none() && t.handoff_minutes.is_none())
    );
    // Each tier resolves its own need and those of the tiers before it.
    let resolves: Vec<Vec<bool>> = s.tiers.iter().map(|t| t.resolves.clone()).collect();
    assert_eq!(
        resolves,
        [
            vec![true, false, false],
            vec![true, true, false],
            vec![true, true, true]
        ]
    );
    assert_eq!(s.escalation_path, [TierId(0), TierId(1), TierId(2)]);
    assert_eq!(
        s.categories[0].needs,
        [(TierId(0), 0.7), (TierId(1), 0.24), (TierId(2), 0.06)]
    );
    assert_eq!(s.severity_shares, [0.0, 0.2, 0.0, 0.8]);
    assert!(s.segments.iter().all(|g| g.patience_minutes.is_none()));
    assert_eq!(s.calendars.len(), 1);
    assert_eq!(s.calendars[0].weekly_open_ms, None);
    let disciplines: Vec<Discipline> = s.policies.iter().map(|p| p.discipline).collect();
    assert_eq!(
        disciplines,
        [Discipline::SeverityPriority, Discipline::Fifo]
    );
    assert_eq!(s.candidates().len(), 2);
}

#[test]
fn support_basic_has_business_hours_shifts_and_candidates() {
    let s = loaded(SUPPORT_BASIC).scenario;
    assert_eq!(s.run.horizon_ms, 14 * DAY_MS);
    // Calendars: the built-in `always`, then `business` Mon–Fri 09:00–17:00.
    let names: Vec<&str> = s.calendars.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["always", "business"]);
    let business: Vec<(i64, i64)> = (0..5)
        .map(|d| (d * DAY_MS + 9 * HOUR_MS, d * DAY_MS + 17 * HOUR_MS))
        .collect();
    assert_eq!(s.calendars[1].weekly_open_ms, Some(business));
    assert_eq!(
        s.sla.by_severity[Severity::Medium.index()].calendar,
        CalendarId(1)
    );
    assert_eq!(
        s.sla.by_severity[Severity::Critical.index()].calendar,
        CalendarId(0)
    );
    // T1 shifts: 8 early + 3 mid at 10:00 on a Monday, 2 at night, 4 on Saturday.
    let t1 = &s.tiers[0].staffing;
    assert_eq!(t1.agents_at_week_ms(3 * HOUR_MS), 2);
    assert_eq!(t1.agents_at_week_ms(7 * HOUR_MS), 8);
    assert_eq!(t1.agents_at_week_ms(11 * HOUR_MS), 11);
    assert_eq!(t1.agents_at_week_ms(15 * HOUR_MS), 9);
    assert_eq!(t1.agents_at_week_ms(23 * HOUR_MS), 2);
    assert_eq!(t1.agents_at_week_ms(5 * DAY_MS + 10 * HOUR_MS), 4);
    assert!(t1.unstaffed_periods().is_empty());
    // Enterprise overrides, inherited update interval.
    let ent = escalsim::model::SegmentId(0);
    let t = s.sla.target(Severity::Critical, ent);
    assert_eq!(
        (t.first_response_ms, t.resolution_ms),
        (10 * MINUTE_MS, 2 * HOUR_MS)
    );
    assert_eq!(t.update_interval_ms, Some(30 * MINUTE_MS));
    // Burst on Wednesday of week 2 at 10:00 for 90 minutes.
    let b = &s.arrivals.bursts[0];
    assert_eq!(b.start, 9 * DAY_MS + 10 * HOUR_MS);
    assert_eq!(b.end - b.start, 90 * MINUTE_MS);
    assert_eq!(s.staffing_models.len(), 2);
    assert_eq!(
        s.staffing_models[1].overrides[1]
            .as_ref()
            .map(|x| x.max_agents()),
        Some(6)
    );
    assert_eq!(s.policies.len(), 2);
    assert_eq!(s.candidates().len(), 4);
    assert_eq!(s.tier_id("T2"), Some(TierId(1)));
}

#[test]
fn defaults_fill_in_optional_tables() {
    let s = loaded(MINIMAL).scenario;
    assert_eq!(s.escalation_path, [TierId(0), TierId(1)]);
    assert_eq!(s.run.warmup_ms, 0);
    assert_eq!(s.staffing_models.len(), 1);
    assert_eq!(s.staffing_models[0].name, "as-scheduled");
    assert_eq!(s.policies.len(), 1);
    assert_eq!(s.policies[0].name, "tiered");
    assert_eq!(s.policies[0].discipline, Discipline::Fifo);
    assert_eq!(s.tiers[0].cost_per_agent_hour, 0.0);
    assert_eq!(s.segments[0].account_value.mean(), 0.0);
    assert_eq!(s.sla.by_segment.len(), 1);
}

/// The one error of an invalid file, with its 1-based line and column.
fn only_error(text: &str) -> (Problem, usize, usize) {
    let list = problems(text);
    let errors: Vec<_> = list.iter().filter(|p| p.level == Level::Error).collect();
    assert_eq!(errors.len(), 1, "{list:#?}");
    let p = errors[0].clone();
    let l = p.location.unwrap_or_else(|| panic!("unlocated: {p:?}"));
    (p, l.line, l.column)
}

#[test]
fn unknown_field_error_names_it_its_line_and_the_expected_fields() {
    let text = edit(
        "handle_minutes = { dist = \"exponential\", mean = 15 }",
        "handle_minutes = { dist = \"exponential\", mean = 15 }\nagnets = 3",
    );
    let (p, line, column) = only_error(&text);
    let expected_line = text
        .lines()
        .position(|l| l.starts_with("agnets"))
        .map(|i| i + 1);
    assert_eq!(p.path, "tiers.T2.agnets");
    assert_eq!(Some(line), expected_line);
    assert_eq!(column, 1);
    assert!(
        p.message.contains("unknown field `agnets`"),
        "{}",
        p.message
    );
    assert!(
        p.message.contains("`agents`") && p.message.contains("`shifts`"),
        "{}",
        p.message
    );
    assert!(p.fix.contains("did you mean `agents`?"), "{}", p.fix);

    // Inside an inline table: the column points at the key.
    let text = edit(
        "per_hour = 10",
        "per_hour = 10\nday_of_week = { mon = 1 }\nhour_of_dya = []",
    );
    let Err(e) = from_str(&text, "org.toml") else {
        panic!("accepted")
    };
    let shown = e.to_string();
    let line = text
        .lines()
        .position(|l| l.starts_with("hour_of_dya"))
        .map_or(0, |i| i + 1);
    assert!(
        shown.starts_with(&format!(
            "org.toml:{line}:1: error: arrivals.hour_of_dya: unknown field `hour_of_dya`"
        )),
        "{shown}"
    );

    let text = edit(
        "needs = { T1 = 0.8, T2 = 0.2 }",
        "needs = { T1 = 0.8, T2 = 0.2 }\nsentiment = { mean = 0.1, sdev = 0.2 }",
    );
    let (p, line, column) = only_error(&text);
    let want_line = text
        .lines()
        .position(|l| l.starts_with("sentiment"))
        .map_or(0, |i| i + 1);
    assert_eq!((line, column), (want_line, 27));
    assert!(
        p.message
            .contains("unknown field `sdev`, expected `mean` or `sd`"),
        "{}",
        p.message
    );
}

#[test]
fn parse_errors_give_line_and_column() {
    let text = "name = \"x\"\n[run]\nhorizon_days = = 3\n";
    let Err(ScenarioError::Parse { line, column, .. }) = from_str(text, "f.toml") else {
        panic!("accepted");
    };
    assert_eq!((line, column), (3, 16));

    // Wrong type: the column points at the value.
    let text = "name = \"x\"\n[run]\nreplications = \"ten\"\n";
    let Err(e) = from_str(text, "f.toml") else {
        panic!("accepted")
    };
    let shown = e.to_string();
    assert!(
        shown.starts_with("f.toml:3:16: error: run.replications: "),
        "{shown}"
    );

    // Non-ASCII text before the error counts characters, not bytes.
    let text = "description = \"café ☕\"\nname = \"x\"\nname = \"y\"\n";
    let Err(ScenarioError::Parse {
        line,
        column,
        message,
        ..
    }) = from_str(text, "f.toml")
    else {
        panic!("accepted");
    };
    assert_eq!((line, column), (3, 1));
    assert!(message.contains("duplicate key `name`"), "{message}");
}

#[test]
fn kitchen_sink_reports_every_problem_at_once() {
    let text = r#"
name = "bad name!"
[run]
start = 2026-01-05T00:00:00
horizon_days = 2
warmup_days = 3
replications = 0
seed = -1
[calendars.business]
days = ["mon", "fry"]
open = "17:00"
close = "09:00"
[tiers.T1]
shifts = [{ days = ["mon"], start = "22:00", end = "06:00", agents = 3 }]
handle_minutes = { dist = "exponential", mean = -3 }
resolves = ["T1", "T7"]
[tiers.T2]
agents = 4
handle_minutes = { dist = "lognormal", mean = 10 }
handle_minutes_by_category = { biling = { dist = "constant", value = 3 } }
[escalation]
path = ["T1", "T2"]
[segments.enterprise]
share = 0.2
[segments.consumer]
share = 0.7
[categories.billing]
share = 1
needs = { T1 = 0.5, T3 = 0.5 }
[severity]
high = 0.3
low = 0.6
[sla.critical]
first_response_minutes = 15
resolution_hours = 4
calendar = "busines"
[sla.high]
first_response_minutes = 30
[sla.medium]
first_response_hours = 2
resolution_hours = 24
[arrivals]
per_hour = 0
[staffing.more]
T9 = { agents = 3 }
[policies.p]
discipline = "fifoo"
"#;
    let list = problems(text);
    let got = paths(&list);
    let want = [
        "name",
        "run.warmup_days",
        "run.replications",
        "run.seed",
        "calendars.business.days[1]",
        "calendars.business.close",
        "tiers.T1.shifts[0].end",
        "tiers.T1.resolves[1]",
        "tiers.T1.handle_minutes.mean",
        "tiers.T2.handle_minutes",
        "tiers.T2.handle_minutes_by_category.biling",
        "segments",
        "categories.billing.needs.T3",
        "severity",
        "staffing.more.T9",
        "sla.critical.calendar",
        "sla.high.resolution_minutes",
        "sla.low",
        "arrivals.per_hour",
        "policies.p.discipline",
    ];
    assert_eq!(got, want, "{list:#?}");
    assert!(list.iter().all(|p| p.level == Level::Error));
    assert!(
        list.iter().all(|p| !p.fix.is_empty()),
        "every problem suggests a fix"
    );
    assert_eq!(
        find(&list, "tiers.T2.handle_minutes_by_category.biling").fix,
        "did you mean `billing`?"
    );
    assert_eq!(
        find(&list, "sla.critical.calendar").fix,
        "did you mean `business`?"
    );
    assert_eq!(
        find(&list, "policies.p.discipline").fix,
        "did you mean `fifo`?"
    );
    assert_eq!(
        find(&list, "tiers.T1.handle_minutes.mean").message,
        "must be a finite number > 0, got -3"
    );
    assert!(find(&list, "segments").message.contains("sum to 0.9"));
    assert!(
        find(&list, "run.warmup_days")
            .message
            .contains("shorter than the horizon")
    );

    // The Display lists them all, prefixed with the file name, line and column, then
    // counts them.
    let Err(e) = from_str(text, "scenario.toml") else {
        panic!("accepted")
    };
    let shown = e.to_string();
    assert!(
        shown.starts_with("scenario.toml:2:8: error: name: must be letters"),
        "{shown}"
    );
    assert!(shown.ends_with("scenario.toml: 20 errors"), "{shown}");
    assert_eq!(shown.matches("\n  fix: ").count(), 20);
}

#[test]
fn display_counts_errors_and_warnings() {
    // An error plus a warning (zero share).
    let text =
        edit("medium = 1", "medium = 1\ncritical = 0").replace("per_hour = 10", "per_hour = -1");
    let Err(e) = from_str(&text, "scenario.toml") else {
        panic!("accepted")
    };
    let shown = e.to_string();
    let lines: Vec<&str> = shown.lines().collect();
    let line_of = |prefix: &str| {
        text.lines()
            .position(|l| l.starts_with(prefix))
            .map_or(0, |i| i + 1)
    };
    assert_eq!(
        lines[0],
        format!(
            "scenario.toml:{}:12: error: arrivals.per_hour: must be a finite number > 0, got -1",
            line_of("per_hour = -1")
        )
    );
    assert!(
        lines[2].starts_with(&format!(
            "scenario.toml:{}:12: warning: severity.critical: share is 0",
            line_of("critical = 0")
        )),
        "{shown}"
    );
    assert_eq!(
        lines.last().copied(),
        Some("scenario.toml: 1 error, 1 warning")
    );
}

#[test]
fn escalation_path_with_unknown_or_repeated_tiers() {
    let text = edit("", "[escalation]\npath = [\"T1\", \"T3\", \"T1\"]");
    let list = problems(&text);
    assert_eq!(paths(&list), ["escalation.path[1]", "escalation.path[2]"]);
    assert!(list[0].message.contains("unknown tier `T3`"));
    assert!(list[1].message.contains("more than once"));

    let list = problems(&edit("", "[escalation]\npath = []"));
    assert_eq!(paths(&list), ["escalation.path"]);
}

#[test]
fn needs_off_the_path_or_unresolvable_are_errors() {
    // T2 declared but not on the path.
    let list = problems(&edit("", "[escalation]\npath = [\"T1\"]"));
    assert_eq!(paths(&list), ["categories.general.needs.T2"]);
    assert!(list[0].message.contains("not on the escalation path (T1)"));
    assert!(list[0].fix.contains("add `T2` to escalation.path"));

    // T2 on the path but nobody resolves its need.
    let text = edit("agents = 1", "agents = 1\nresolves = [\"T1\"]");
    let list = problems(&text);
    assert_eq!(paths(&list), ["categories.general.needs.T2"]);
    assert!(
        list[0]
            .message
            .contains("no tier on the escalation path (T1 → T2) can resolve")
    );
}

#[test]
fn unstaffed_tier_warns_with_model_span_and_unbounded_queue() {
    let text = edit(
        "agents = 1",
        "shifts = [{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], start = \"08:00\", end = \"24:00\", agents = 1 }]",
    ) + "\n[staffing.baseline]\n[staffing.night-cover]\nT2 = { agents = 1 }\n";
    let l = loaded(&text);
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    let w = &l.warnings[0];
    assert_eq!(w.level, Level::Warning);
    assert_eq!(w.path, "tiers.T2");
    assert_eq!(
        w.message,
        "no agents Tue 00:00–Tue 08:00, Wed 00:00–Wed 08:00, Thu 00:00–Thu 08:00, \
         Fri 00:00–Fri 08:00, Sat 00:00–Mon 08:00 under staffing \"baseline\": tickets \
         reaching T2 then wait until agents arrive (queue unbounded there)"
    );

    // A tier no ticket reaches gets no warning, even unstaffed.
    let text = edit("agents = 1", "agents = 0").replace("T1 = 0.8, T2 = 0.2", "T1 = 1");
    assert!(loaded(&text).warnings.is_empty());
    // An override with zero agents on a tier that receives work does.
    let text = edit("", "[staffing.cut]\nT2 = { agents = 0 }");
    let l = loaded(&text);
    assert_eq!(paths(&l.warnings), ["staffing.cut.T2"]);
    assert!(
        l.warnings[0]
            .message
            .starts_with("no agents at any time of the week under staffing \"cut\"")
    );
}

#[test]
fn zero_shares_warn() {
    let text = edit(
        "[segments.all]",
        "[segments.vip]\nshare = 0\n[segments.all]",
    );
    let l = loaded(&text);
    assert_eq!(paths(&l.warnings), ["segments.vip.share"]);
}

#[test]
fn each_single_rule_reports_its_path() {
    let cases: [(&str, &str, &str); 16] = [
        ("horizon_days", "horizon_days = 0", "run.horizon_days"),
        ("replications", "replications = -2", "run.replications"),
        ("per_hour", "per_hour = -10", "arrivals.per_hour"),
        ("share = 1", "share = 1.5", "segments.all.share"),
        (
            "needs",
            "needs = { T1 = 0.8, T2 = 0.3 }",
            "categories.general.needs",
        ),
        (
            "needs",
            "needs = { T1 = 0.8, T4 = 0.2 }",
            "categories.general.needs.T4",
        ),
        ("medium = 1", "medium = 0.5", "severity"),
        ("agents = 2", "agents = -2", "tiers.T1.agents"),
        (
            "agents = 2",
            "shifts = [{ days = [\"mon\"], start = \"9:00\", end = \"8:00\", agents = 1 }]",
            "tiers.T1.shifts[0].end",
        ),
        (
            "agents = 2",
            "shifts = [{ days = [\"monday\", \"xyz\"], start = \"09:00\", end = \"17:00\", agents = 1 }]",
            "tiers.T1.shifts[0].days[1]",
        ),
        (
            "agents = 2",
            "shifts = [{ days = [\"mon\"], start = \"9h\", end = \"17:00\", agents = 1 }]",
            "tiers.T1.shifts[0].start",
        ),
        (
            "",
            "[calendars.always]\ndays = [\"mon\"]\nopen = \"09:00\"\nclose = \"17:00\"",
            "calendars.always",
        ),
        (
            "",
            "[sla.segments.al.high]\nfirst_response_minutes = 5",
            "sla.segments.al",
        ),
        ("", "[policies.x]\nkind = \"magic\"", "policies.x.kind"),
        ("name", "name = \"..\"", "name"),
        ("start", "start = \"someday\"", "run.start"),
    ];
    for (old, new, path) in cases {
        let list = problems(&edit(old, new));
        assert!(
            list.iter()
                .any(|p| p.path == path && p.level == Level::Error),
            "{new:?} should report {path}; got {list:#?}"
        );
    }
}

#[test]
fn missing_required_fields_are_all_reported() {
    let list = problems("");
    assert_eq!(
        paths(&list),
        [
            "name",
            "run",
            "tiers",
            "segments",
            "categories",
            "severity",
            "sla",
            "arrivals"
        ]
    );
}

#[test]
fn load_reads_files_hashes_them_and_reports_io_errors() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let path = dir.path().join("mini.toml");
    assert!(std::fs::write(&path, MINIMAL).is_ok());
    let l = match load(&path) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(l.source_hash, source_hash(MINIMAL));
    // Known SHA-256 of "abc".
    assert_eq!(
        source_hash("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );

    let missing = dir.path().join("nope.toml");
    let Err(e) = load(&missing) else {
        panic!("loaded a missing file")
    };
    assert!(matches!(e, ScenarioError::Io { .. }));
    assert!(e.to_string().contains("nope.toml"));

    let bin = dir.path().join("bin.toml");
    assert!(std::fs::write(&bin, b"name = \"x\"\n\xff\xfe").is_ok());
    let Err(ScenarioError::Parse {
        line,
        column,
        message,
        ..
    }) = load(&bin)
    else {
        panic!("accepted invalid UTF-8")
    };
    assert_eq!((line, column), (2, 1));
    assert!(message.contains("UTF-8"));
}

#[test]
fn never_panics_on_edited_files() {
    // Drop each line, and truncate at many points, of both shipped scenarios.
    for text in [SUPPORT_BASIC, BENCH_3TIER, MINIMAL] {
        let lines: Vec<&str> = text.lines().collect();
        for skip in 0..lines.len() {
            let edited: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, l)| *l)
                .collect();
            let _ = from_str(&edited.join("\n"), "x");
        }
        for cut in (0..text.len()).step_by(7) {
            if let Some(prefix) = text.get(..cut) {
                let _ = from_str(prefix, "x");
            }
        }
    }
    // Extreme numbers.
    for (old, new) in [
        ("horizon_days", "horizon_days = 1e308"),
        ("horizon_days", "horizon_days = nan"),
        ("per_hour", "per_hour = inf"),
        ("agents = 2", "agents = 9223372036854775807"),
        ("resolution_hours = 4", "resolution_hours = 1e300"),
        ("seed", "seed = -9223372036854775808"),
        ("start", "start = 0001-01-01T00:00:00"),
    ] {
        assert!(from_str(&edit(old, new), "x").is_err(), "{new} accepted");
    }
    // The latest start allowed still runs its horizon without overflow.
    let late = edit("start", "start = 9999-12-31T23:59:59");
    let s = loaded(&late).scenario;
    assert_eq!(s.clock.week_ms(WEEK_MS), s.clock.week_ms(0));
}

#[test]
fn documentation_examples_are_valid() {
    let doc = include_str!("../../docs/scenario.md");
    let blocks: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(blocks.len() >= 7, "found {} toml blocks", blocks.len());
    for b in &blocks {
        assert!(
            toml::from_str::<toml::Table>(b).is_ok(),
            "doc block is not TOML:\n{b}"
        );
    }
    // The full example (the last block) is a complete, clean scenario equal to the
    // shipped support-basic in everything but comments.
    let full = loaded(blocks[blocks.len() - 1]);
    assert!(full.warnings.is_empty(), "{:#?}", full.warnings);
    let shipped = loaded(SUPPORT_BASIC).scenario;
    assert_eq!(format!("{:?}", full.scenario), format!("{shipped:?}"));
}

#[test]
fn retrial_fields_are_checked_together() {
    let with = |fields: &str| {
        MINIMAL.replace(
            "[segments.all]\nshare = 1",
            &format!("[segments.all]\nshare = 1\n{fields}"),
        )
    };
    let ok = loaded(&with(
        "patience_minutes = { dist = \"exponential\", mean = 30 }\n\
         retrial_probability = 0.5\n\
         retrial_delay_minutes = { dist = \"constant\", value = 20 }",
    ));
    let r = ok.scenario.segments[0].retrial.as_ref();
    assert_eq!(r.map(|r| (r.probability, r.max_retrials)), Some((0.5, 3)));

    let ps = problems(&with("retrial_probability = 1.5\nmax_retrials = 0"));
    assert!(
        find(&ps, "segments.all.retrial_probability")
            .message
            .contains("0")
    );
    let ps = problems(&with("retrial_probability = 0.5"));
    assert!(
        find(&ps, "segments.all.retrial_delay_minutes")
            .message
            .contains("missing")
    );
    let ps = problems(&with("max_retrials = 2"));
    assert!(
        find(&ps, "segments.all.max_retrials")
            .message
            .contains("without retrial_probability")
    );
    let ps = problems(&with(
        "patience_minutes = { dist = \"exponential\", mean = 30 }\n\
         retrial_probability = 0.5\n\
         retrial_delay_minutes = { dist = \"constant\", value = 20 }\n\
         max_retrials = 21",
    ));
    assert!(
        find(&ps, "segments.all.max_retrials")
            .message
            .contains("1 to 20")
    );
    // No patience: nobody abandons, so the retrial fields are a warning.
    let warned = loaded(&with(
        "retrial_probability = 0.5\nretrial_delay_minutes = { dist = \"constant\", value = 20 }",
    ));
    assert!(
        warned
            .warnings
            .iter()
            .any(|w| w.path == "segments.all.retrial_probability")
    );
}

#[test]
fn touches_and_pauses_are_checked() {
    let with = |touches: &str, pause: &str| {
        MINIMAL
            .replace(
                "[tiers.T2]",
                &format!("[tiers.T1.touches]\n{touches}\n[tiers.T2]"),
            )
            .replace(
                "[sla.critical]\nfirst_response_minutes = 15",
                &format!("[sla.critical]\n{pause}\nfirst_response_minutes = 15"),
            )
    };
    let ok = loaded(&with(
        "more_probability = 0.5\nreply_delay_minutes = { dist = \"constant\", value = 60 }",
        "pause_on = [\"customer\", \"third_party\"]",
    ));
    let t = ok.scenario.tiers[0].touches.as_ref();
    assert_eq!(
        t.map(|t| (
            t.more_probability,
            t.max_touches,
            t.reply_probability,
            t.auto_resolve_ms
        )),
        Some((0.5, 20, 1.0, 72 * HOUR_MS))
    );
    assert_eq!(t.and_then(|t| t.owner_wait_ms), None);
    let owned = loaded(&with(
        "more_probability = 0.5\nreply_delay_minutes = { dist = \"constant\", value = 60 }\nsame_agent_wait_minutes = 90",
        "",
    ));
    let t = owned.scenario.tiers[0].touches.as_ref();
    assert_eq!(t.and_then(|t| t.owner_wait_ms), Some(90 * 60_000));
    let p = ok.scenario.sla.by_severity[0].pause_on;
    assert!(p.customer && p.third_party);
    assert!(!ok.scenario.sla.by_severity[1].pause_on.customer);

    let ps = problems(&with(
        "more_probability = 1\nthird_party_share = 0.5\nsame_agent_wait_minutes = -5",
        "pause_on = [\"custmer\"]",
    ));
    assert!(
        find(&ps, "tiers.T1.touches.same_agent_wait_minutes")
            .fix
            .contains("agent who touched the ticket last")
    );
    assert!(
        find(&ps, "tiers.T1.touches.more_probability")
            .message
            .contains("below 1")
    );
    assert!(
        find(&ps, "tiers.T1.touches.reply_delay_minutes")
            .message
            .contains("missing")
    );
    assert!(
        find(&ps, "tiers.T1.touches.third_party_delay_minutes")
            .message
            .contains("third_party_share")
    );
    assert!(
        find(&ps, "sla.critical.pause_on[0]")
            .message
            .contains("`custmer`")
    );
    let err = from_str(&with("more_probabilty = 0.5", ""), "test.toml")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("more_probabilty") && err.contains("`more_probability`"),
        "{err}"
    );
}

#[test]
fn first_response_definitions_are_checked() {
    let with = |fields: &str| {
        MINIMAL.replace(
            "[sla.critical]\nfirst_response_minutes = 15",
            &format!("[sla]\n{fields}\n[sla.critical]\nfirst_response_minutes = 15"),
        )
    };
    use escalsim::model::FirstResponse;
    let ok = loaded(&with(
        "first_response = \"triage_reply\"\ntriage_reply_minutes = 2\ntriage_reply_tier = \"T2\"",
    ));
    assert_eq!(
        ok.scenario.sla.first_response,
        FirstResponse::TriageReply {
            tier: Some(TierId(1)),
            work_minutes: 2.0
        }
    );
    let ok = loaded(&with("first_response = \"auto_reply\""));
    assert_eq!(
        ok.scenario.sla.first_response,
        FirstResponse::AutoReply { after_ms: 0 }
    );
    let ps = problems(&with("first_response = \"auto\""));
    assert!(
        find(&ps, "sla.first_response")
            .message
            .contains("`auto_reply`")
    );
    let ps = problems(&with("first_response = \"triage_reply\""));
    assert!(
        find(&ps, "sla.triage_reply_minutes")
            .message
            .contains("missing")
    );
    let ps = problems(&with("auto_reply_minutes = 2"));
    assert!(
        find(&ps, "sla.auto_reply_minutes")
            .message
            .contains("no effect")
    );
    let ps = problems(&with(
        "first_response = \"triage_reply\"\ntriage_reply_minutes = 2\ntriage_reply_tier = \"T9\"",
    ));
    assert!(find(&ps, "sla.triage_reply_tier").message.contains("T9"));
}

#[test]
fn too_many_segments_are_one_clear_error() {
    let mut many = String::new();
    for i in 0..1001 {
        many.push_str(&format!("[segments.s{i}]\nshare = 0.000999000999000999\n"));
    }
    let text = MINIMAL.replace("[segments.all]\nshare = 1\n", &many);
    let ps = problems(&text);
    let p = find(&ps, "segments");
    assert!(
        p.message.contains("1001 customer segments"),
        "{}",
        p.message
    );
    assert!(p.message.contains("at most 1000"), "{}", p.message);
}
