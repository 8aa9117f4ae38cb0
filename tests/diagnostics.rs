//! Scenario diagnostics: every problem of a file at once — shape errors (a value of
//! the wrong type, an unknown key) together with the meaning problems of the rest —
//! each with `file:line:column`, its TOML path and a fix.

use escalsim::scenario::{Level, Problem, ScenarioError, from_str};

use crate::support::repo;

fn support_basic() -> String {
    let p = repo().join("scenarios/support-basic.toml");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// `text` with `from` (which must occur) replaced by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "no {from:?}");
    text.replacen(from, to, 1)
}

fn problems(text: &str) -> Vec<Problem> {
    match from_str(text, "org.toml") {
        Err(ScenarioError::Invalid { problems, .. }) => problems,
        Err(e) => panic!("expected problems, got: {e}"),
        Ok(_) => panic!("accepted"),
    }
}

/// 1-based line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
}

fn at<'a>(list: &'a [Problem], path: &str) -> &'a Problem {
    list.iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no problem at {path}: {list:#?}"))
}

fn line_column(p: &Problem) -> (usize, usize) {
    let l = p.location.unwrap_or_else(|| panic!("no location: {p:?}"));
    (l.line, l.column)
}

#[test]
fn type_errors_in_two_tables_are_both_reported_with_the_rest() {
    let text = edit(&support_basic(), "agents = 5", "agents = \"five\"");
    let text = edit(&text, "horizon_days = 14", "horizon_days = \"two weeks\"");
    // And a meaning problem elsewhere, found in the same pass.
    let text = edit(&text, "share = 0.15", "share = -0.15");
    let list = problems(&text);

    let agents = at(&list, "tiers.T2.agents");
    assert_eq!(agents.level, Level::Error);
    assert!(
        agents.message.contains("invalid type: string \"five\""),
        "{agents:?}"
    );
    assert_eq!(
        line_column(agents),
        (line_of(&text, "agents = \"five\""), 10)
    );
    let horizon = at(&list, "run.horizon_days");
    assert!(
        horizon.message.contains("invalid type: string"),
        "{horizon:?}"
    );
    assert_eq!(line_column(horizon), (line_of(&text, "horizon_days"), 16));
    let share = at(&list, "segments.enterprise.share");
    assert_eq!(line_column(share), (line_of(&text, "share = -0.15"), 9));
    // A dropped value is not reported again as missing.
    assert_eq!(
        list.iter().filter(|p| p.path == "tiers.T2.agents").count(),
        1
    );

    let Err(e) = from_str(&text, "org.toml") else {
        panic!("accepted")
    };
    let shown = e.to_string();
    let want = format!(
        "org.toml:{}:10: error: tiers.T2.agents: invalid type",
        line_of(&text, "agents = \"five\"")
    );
    assert!(shown.contains(&want), "{shown}");
    assert!(shown.contains("\n  fix: "), "{shown}");
    assert!(
        shown
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("org.toml: 3 errors")),
        "{shown}"
    );
}

#[test]
fn a_missing_required_field_points_at_its_table_header() {
    let text = edit(
        &support_basic(),
        "agents = 4\nhandle_minutes = { dist = \"gamma\", mean = 60, cv = 1.0 }",
        "agents = 4",
    );
    let list = problems(&text);
    let p = at(&list, "tiers.T3.handle_minutes");
    assert!(p.message.contains("missing required field"), "{p:?}");
    assert_eq!(line_column(p), (line_of(&text, "[tiers.T3]"), 1));
}

#[test]
fn problems_inside_multi_line_inline_tables_and_arrays_are_located() {
    // A problem in the fourth element of a multi-line array of inline tables.
    let text = edit(
        &support_basic(),
        "{ days = [\"sat\", \"sun\"], start = \"06:00\", end = \"14:00\", agents = 4 },",
        "{ days = [\"sat\", \"sun\"], start = \"06:00\", end = \"14:00\",\n    agents = -4 },",
    );
    let list = problems(&text);
    let p = at(&list, "tiers.T1.shifts[3].agents");
    assert_eq!(line_column(p), (line_of(&text, "    agents = -4"), 14));

    // A shape error in a weekday list split over lines.
    let text = edit(
        &support_basic(),
        "days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\nopen",
        "days = [\n  \"mon\",\n  2,\n]\nopen",
    );
    let list = problems(&text);
    let p = at(&list, "calendars.business.days");
    assert!(p.message.contains("invalid type: integer"), "{p:?}");
    assert_eq!(line_column(p), (line_of(&text, "  2,"), 3));
}

#[test]
fn a_shadowed_rule_is_reported_once_as_its_lint_with_its_location() {
    let text = format!(
        "{}\n[policies.shadowed]\nkind = \"sop\"\n\
         [[policies.shadowed.rules]]\nname = \"everyone\"\npriority = 3\n\
         [[policies.shadowed.rules]]\nname = \"vip\"\nwhen = {{ segment = [\"enterprise\"] }}\npriority = 1\n",
        support_basic()
    );
    let loaded = crate::support::scenario_from(&text);
    // Validation warns about it, under the lint's code and at its header.
    let header = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("[[policies.shadowed.rules]]"))
        .map(|(i, _)| i + 1)
        .nth(1);
    let w = at(&loaded.warnings, "policies.shadowed.rules[1]");
    assert_eq!(w.code, Some("SOP011"));
    assert_eq!(Some(line_column(w)), header.map(|l| (l, 1)));
    // Validation and the linter together: once.
    let all = escalsim::lint::check(&loaded, &escalsim::lint::Options::default());
    let shadowed: Vec<_> = all.iter().filter(|p| p.code == Some("SOP011")).collect();
    assert_eq!(shadowed.len(), 1, "{all:#?}");
    assert_eq!(Some(line_column(shadowed[0])), header.map(|l| (l, 1)));

    let tmp = crate::support::tempdir();
    let p = crate::support::write(tmp.path(), "shadow.toml", &text);
    let o = crate::support::escalsim(
        tmp.path(),
        &[
            "validate",
            p.to_str().unwrap_or_default(),
            "--deny",
            "warnings",
        ],
    );
    let err = crate::support::stderr(&o);
    assert_eq!(err.matches("can never fire").count(), 1, "{err}");
    let want = format!(
        "{}:{}:1: warning[SOP011]: policies.shadowed.rules[1]: rule `vip`",
        p.display(),
        header.unwrap_or_default()
    );
    assert!(err.contains(&want), "{err}");
    assert_eq!(o.status.code(), Some(1), "{err}");
}

#[test]
fn a_wrong_type_on_any_line_is_reported_on_that_line() {
    // Every `key = value` line of every shipped scenario, its value replaced by a
    // boolean (or, for boolean fields, a string): either still valid, or an error on
    // that very line.
    let mut files: Vec<_> = std::fs::read_dir(repo().join("scenarios"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for p in &files {
        let name = p.display();
        let text = std::fs::read_to_string(p).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let Some((key, value)) = line.split_once(" = ") else {
                continue;
            };
            if key.starts_with([' ', '#', '[']) || key.contains('"') {
                continue;
            }
            let wrong = if value.trim_start().starts_with("true") || value.starts_with("false") {
                "\"yes\""
            } else {
                "true"
            };
            let mut lines: Vec<&str> = text.lines().collect();
            let edited = format!("{key} = {wrong}");
            lines[i] = &edited;
            // A multi-line value cut short leaves its tail behind: skip those.
            let open = |c| value.matches(c).count();
            if open('[') != open(']') || open('{') != open('}') {
                continue;
            }
            let edited_text = lines.join("\n");
            let Err(e) = from_str(&edited_text, "org.toml") else {
                continue;
            };
            let ScenarioError::Invalid { problems, .. } = &e else {
                panic!("{name}:{}: {e}", i + 1);
            };
            assert!(
                problems
                    .iter()
                    .any(|p| p.level == Level::Error
                        && p.location.is_some_and(|l| l.line == i + 1)),
                "{name}:{}: `{edited}` not reported on its line:\n{e}",
                i + 1
            );
        }
    }
}
