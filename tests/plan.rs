//! `escalsim plan` against exact answers: on single-tier stationary M/M/c cases it must
//! return the Erlang C minimum staffing of the reference table (`staffing_erlang_c`
//! rows of `tests/data/queueing_cases.csv`), and the CLI writes a staffing model that
//! the scenario accepts back.

use escalsim::plan::{self, PlanOptions};
use escalsim::tickets::TicketSource;

use crate::support::{escalsim, scenario_from, shipped, stderr, stdout, tempdir};

/// `(case, lambda/h, aht min, threshold min, target, required agents)` read from the
/// reference CSV.
fn staffing_cases() -> Vec<(String, f64, f64, f64, f64, u32)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/queueing_cases.csv");
    let mut r = csv::Reader::from_path(path).expect("reference CSV readable");
    let headers = r.headers().expect("header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} missing"))
    };
    let (id, model, lambda, aht, t, target, req) = (
        col("case_id"),
        col("model"),
        col("lambda_per_hour"),
        col("aht_min"),
        col("sl_threshold_min"),
        col("sl_target"),
        col("required_agents"),
    );
    let num = |rec: &csv::StringRecord, i: usize| -> f64 {
        rec[i]
            .parse()
            .unwrap_or_else(|_| panic!("{}: column {i} not a number", &rec[0]))
    };
    r.records()
        .map(|x| x.expect("record"))
        .filter(|rec| &rec[model] == "staffing_erlang_c")
        .map(|rec| {
            (
                rec[id].to_string(),
                num(&rec, lambda),
                num(&rec, aht),
                num(&rec, t),
                num(&rec, target),
                num(&rec, req) as u32,
            )
        })
        .collect()
}

fn single_tier(lambda: f64, aht: f64, threshold: f64) -> String {
    // About 60 000 arrivals per replication.
    let horizon_days = 60_000.0 / lambda / 24.0;
    let sla = |sev: &str| {
        format!("[sla.{sev}]\nfirst_response_minutes = {threshold}\nresolution_hours = 100000\n")
    };
    format!(
        r#"name = "erlang"
[run]
start = "2026-01-05T00:00:00"
horizon_days = {horizon_days}
warmup_days = {warmup}
replications = 10
seed = 11
[tiers.T1]
agents = 1
handle_minutes = {{ dist = "exponential", mean = {aht} }}
[segments.all]
share = 1
[categories.any]
share = 1
needs = {{ T1 = 1 }}
sentiment = {{ mean = 0, sd = 0 }}
[severity]
medium = 1
{}{}{}{}
[arrivals]
per_hour = {lambda}
"#,
        sla("critical"),
        sla("high"),
        sla("medium"),
        sla("low"),
        warmup = horizon_days / 50.0,
    )
}

#[test]
fn single_tier_plans_match_erlang_c_minimum_staffing() {
    let cases = staffing_cases();
    assert_eq!(cases.len(), 3, "{cases:?}");
    for (id, lambda, aht, t, target, required) in cases {
        let loaded = scenario_from(&single_tier(lambda, aht, t));
        let options = PlanOptions {
            policy: 0,
            attainment: target,
            block_hours: 168,
            max_rounds: 10,
            threads: 2,
        };
        let p = plan::plan(
            &loaded.scenario,
            &TicketSource::Synthetic,
            &options,
            &|_| {},
        )
        .expect("plan runs");
        assert!(p.meets, "{id}: no plan found");
        assert_eq!(p.erlang_start[0][0], required, "{id}: Erlang C start");
        assert_eq!(
            p.agents[0][0], required,
            "{id}: planned agents (steps {:?})",
            p.steps
        );
        // The one fewer was tried and rejected (the plan is minimal, not just feasible).
        assert!(
            p.steps.iter().any(|s| s.action.starts_with("trim")),
            "{id}: {:?}",
            p.steps
        );
    }
}

#[test]
fn plan_cli_writes_a_staffing_model_the_scenario_accepts() {
    let dir = tempdir();
    let scenario = shipped("support-basic.toml");
    let o = escalsim(
        dir.path(),
        &[
            "plan",
            scenario.to_str().unwrap_or_default(),
            "--replications",
            "4",
            "--out",
            "p",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Mon 08:00–12:00"), "{out}");
    assert!(out.contains("agent-hours per week"), "{out}");
    assert!(out.contains("result: meets every SLA target"), "{out}");
    let fragment = std::fs::read_to_string(dir.path().join("p/staffing.toml")).unwrap_or_default();
    let text = std::fs::read_to_string(&scenario).unwrap_or_default();
    let extended = format!("{text}\n{fragment}");
    let s = escalsim::scenario::from_str(&extended, "extended.toml")
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    assert_eq!(s.staffing_models.len(), 3);
    assert_eq!(s.staffing_models[2].name, "planned-tiered-fifo");
    let csv = std::fs::read_to_string(dir.path().join("p/plan.csv")).unwrap_or_default();
    assert_eq!(csv.lines().count(), 1 + 3 * 42, "{csv}");
}

/// Two tiers whose names must be quoted in TOML (`[tiers."Tier 1"]`), on a staffed
/// week with a busy day shift, so the plan has per-block shifts.
const QUOTED_TIERS: &str = r#"name = "quoted"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 7
replications = 3
seed = 5
[escalation]
path = ["Tier 1", "Tier 2"]
[tiers."Tier 1"]
agents = 2
handle_minutes = { dist = "exponential", mean = 20 }
[tiers."Tier 2"]
agents = 1
handle_minutes = { dist = "exponential", mean = 30 }
[segments."all customers"]
share = 1
[categories."how to"]
share = 1
needs = { "Tier 1" = 0.7, "Tier 2" = 0.3 }
[severity]
medium = 1
[sla.critical]
first_response_minutes = 60
resolution_hours = 8
[sla.high]
first_response_minutes = 60
resolution_hours = 8
[sla.medium]
first_response_minutes = 60
resolution_hours = 8
[sla.low]
first_response_minutes = 60
resolution_hours = 8
[arrivals]
per_hour = 6
hour_of_day = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0.5, 0.5, 0.5, 0.5, 0.2, 0.2]
[policies.fifo]
kind = "tiered"
"#;

#[test]
fn plan_staffing_for_quoted_tier_names_appends_to_a_valid_scenario() {
    let dir = tempdir();
    std::fs::write(dir.path().join("q.toml"), QUOTED_TIERS).expect("write scenario");
    let o = escalsim(dir.path(), &["plan", "q.toml", "--out", "p", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fragment = std::fs::read_to_string(dir.path().join("p/staffing.toml"))
        .unwrap_or_else(|e| panic!("no staffing.toml: {e}"));
    assert!(fragment.contains("\"Tier 1\""), "{fragment}");
    let extended = format!("{QUOTED_TIERS}\n{fragment}");
    let s = escalsim::scenario::from_str(&extended, "extended.toml")
        .unwrap_or_else(|e| panic!("appended staffing invalid:\n{e}\n{fragment}"))
        .scenario;
    let model = s.staffing_models.last().expect("a staffing model");
    assert_eq!(model.name, "planned-fifo");
    assert_eq!(model.overrides.len(), 2);
    assert!(
        model.overrides.iter().all(Option::is_some),
        "every tier planned: {fragment}"
    );
}

#[test]
fn plan_rejects_bad_options() {
    let dir = tempdir();
    let scenario = shipped("support-basic.toml");
    let s = scenario.to_str().unwrap_or_default();
    for (args, needle) in [
        (vec!["plan", s, "--block-hours", "5"], "--block-hours"),
        (vec!["plan", s, "--attainment", "1.5"], "--attainment"),
        (
            vec!["plan", s, "--policy", "nope"],
            "unknown policy \"nope\"",
        ),
    ] {
        let o = escalsim(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
}

/// `plan.csv` rows of a finished plan: (tier, block, agents, offered load).
fn plan_cells(csv: &str) -> Vec<(String, String, u32, f64)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let num = |i: usize| f.get(i).copied().unwrap_or_default();
            (
                num(0).to_string(),
                num(1).to_string(),
                num(3).parse().unwrap_or_else(|e| panic!("{l}: {e}")),
                num(4).parse().unwrap_or_else(|e| panic!("{l}: {e}")),
            )
        })
        .collect()
}

#[test]
fn no_cell_is_planned_below_its_offered_load_and_segments_are_judged() {
    let dir = tempdir();
    let scenario = shipped("peak-4tier.toml");
    let o = escalsim(
        dir.path(),
        &["plan", scenario.to_str().unwrap_or_default(), "--out", "p"],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("p/plan.csv")).unwrap_or_default();
    let cells = plan_cells(&csv);
    assert_eq!(cells.len(), 4 * 42, "{csv}");
    let below: Vec<_> = cells
        .iter()
        .filter(|(_, _, agents, load)| f64::from(*agents) < *load)
        .collect();
    assert!(
        below.is_empty(),
        "planned below the offered load: {below:?}"
    );
    // Every segment is judged over the run beside every severity.
    for seg in ["segment vip", "segment regular"] {
        assert_eq!(
            out.matches(seg).count(),
            2,
            "{seg} first response and resolution:\n{out}"
        );
    }
    assert!(out.contains("result: meets every SLA target"), "{out}");
}

#[test]
fn a_target_no_staffing_can_meet_is_reported_as_such() {
    let dir = tempdir();
    let scenario = shipped("peak-4tier.toml");
    let o = escalsim(
        dir.path(),
        &[
            "plan",
            scenario.to_str().unwrap_or_default(),
            "--attainment",
            "0.9995",
            "--out",
            "p",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", stderr(&o));
    assert!(out.contains("99.95% of tickets within every SLA"), "{out}");
    assert!(
        out.contains("result: these targets cannot be met at any staffing"),
        "{out}"
    );
    // The ceiling: critical tickets' own work exceeds their resolution target.
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with("critical") && l.contains("resolution"))
        .unwrap_or_else(|| panic!("no critical ceiling in:\n{out}"));
    assert!(line.ends_with("  below the target"), "{line}");
    // A block whose interval still reaches the target is not called impossible.
    assert!(
        out.contains("only the interval's lower end is below"),
        "{out}"
    );
    assert!(out.contains("No plan was written."), "{out}");
    assert!(!dir.path().join("p").exists(), "nothing is written");
}

#[test]
fn shrinkage_and_the_occupancy_cap_give_people_to_roster() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("peak-4tier.toml")).unwrap_or_default();
    let text = format!(
        "{text}\n[planning]\nshrinkage = 0.3\noccupancy_cap = 0.85\n[[planning.shrinkage_windows]]\ndays = [\"mon\"]\nstart = \"08:00\"\nend = \"10:00\"\nshrinkage = 0.6\n"
    );
    let path = crate::support::write(dir.path(), "s.toml", &text);
    let o = escalsim(
        dir.path(),
        &["plan", path.to_str().unwrap_or_default(), "--out", "p"],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}\n{}", stderr(&o));
    assert!(
        out.contains("paid to roster (shrinkage 30–45 % by block, occupancy at most 85 %)"),
        "{out}"
    );
    let csv = std::fs::read_to_string(dir.path().join("p/plan.csv")).unwrap_or_default();
    let mut rows = 0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let num = |i: usize| -> f64 { f[i].parse().unwrap_or_else(|e| panic!("{line}: {e}")) };
        let (agents, load, shrinkage, people) = (num(3), num(4), num(6), num(7));
        // Never busier than the cap on the offered load.
        assert!(agents >= load / 0.85 - 1e-6, "{line}");
        // Monday 08–12 has two hours at 60 % and two at 30 %: 45 %; every other block 30 %.
        let want = if f[1] == "Mon 08:00–12:00" {
            0.45
        } else {
            0.3
        };
        assert_eq!(shrinkage, want, "{line}");
        assert_eq!(people, (agents / (1.0 - shrinkage) - 1e-9).ceil(), "{line}");
        rows += 1;
    }
    assert_eq!(rows, 4 * 42);
}

#[test]
fn bad_planning_settings_are_refused_with_their_field() {
    let dir = tempdir();
    let text = std::fs::read_to_string(shipped("peak-4tier.toml")).unwrap_or_default();
    let text = format!(
        "{text}\n[planning]\nshrinkage = 1.0\noccupancy_cap = 0\n[[planning.shrinkage_windows]]\ndays = [\"mon\"]\nstart = \"10:00\"\nend = \"09:00\"\nshrinkage = 0.5\n"
    );
    let path = crate::support::write(dir.path(), "s.toml", &text);
    let o = escalsim(dir.path(), &["validate", path.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for field in [
        "planning.shrinkage:",
        "planning.occupancy_cap:",
        "planning.shrinkage_windows[0].end:",
    ] {
        assert!(err.contains(field), "{field} in\n{err}");
    }
}
