//! SOP lints (docs/lints.md): each lint fires on a small scenario made for it — the
//! lint-free `tests/data/lints/base.toml` with one change — and every shipped
//! scenario is lint-free; `validate --deny warnings` fails (exit 1) on any warning.

use escalsim::lint::{Code, Options, lint};
use escalsim::model::Scenario;

use crate::support::{escalsim, repo, scenario_from, stderr, stdout, tempdir, write};

/// The lint-free base scenario's text.
pub fn base_text() -> String {
    let p = repo().join("tests/data/lints/base.toml");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The base text with each `(from, to)` replaced (each `from` must occur) and `extra`
/// appended.
fn changed(replacements: &[(&str, &str)], extra: &str) -> String {
    let mut text = base_text();
    for (from, to) in replacements {
        assert!(text.contains(from), "base.toml lacks {from:?}");
        text = text.replacen(from, to, 1);
    }
    text.push_str(extra);
    text
}

fn scenario(text: &str) -> Scenario {
    scenario_from(text).scenario
}

/// `(code, path)` of every finding.
fn found(s: &Scenario) -> Vec<(String, String)> {
    lint(s, &Options::default())
        .into_iter()
        .map(|f| (f.code.unwrap_or_default().to_string(), f.path))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| (c.to_string(), p.to_string()))
        .collect()
}

/// An SOP policy `sop` with the given rules, as TOML to append.
fn sop(rules: &str) -> String {
    format!("\n[policies.sop]\nkind = \"sop\"\ndiscipline = \"fifo\"\n{rules}")
}

/// One `[[policies.sop.rules]]` table.
fn rule(name: &str, body: &str) -> String {
    format!("\n[[policies.sop.rules]]\nname = \"{name}\"\n{body}\n")
}

#[test]
fn the_base_and_every_shipped_scenario_are_lint_free() {
    assert_eq!(found(&scenario(&base_text())), []);
    let dir = repo().join("scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    let tmp = tempdir();
    for p in names {
        let loaded = escalsim::scenario::load(&p)
            .unwrap_or_else(|e| panic!("{} invalid:\n{e}", p.display()));
        assert_eq!(found(&loaded.scenario), [], "{}", p.display());
        let o = escalsim(
            tmp.path(),
            &[
                "validate",
                p.to_str().unwrap_or_default(),
                "--deny",
                "warnings",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}: {}", p.display(), stderr(&o));
        assert!(
            stdout(&o).contains("0 warning(s), 0 SOP lint finding(s)"),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn sop001_tier_without_owner() {
    let s = scenario(&changed(&[("owner = \"support manager\"\n", "")], ""));
    assert_eq!(found(&s), pairs(&[("SOP001", "tiers.T2.owner")]));
}

#[test]
fn sop002_status_updates_without_an_interval() {
    let text = changed(&[("update_interval_minutes = 30\n", "")], "");
    assert_eq!(found(&scenario(&text)), [], "no policy sends updates");
    let text = changed(
        &[
            ("update_interval_minutes = 30\n", ""),
            (
                "discipline = \"fifo\"",
                "discipline = \"fifo\"\nstatus_updates = true",
            ),
        ],
        "\n[feedback]\nfollowup_probability = 0.2\n",
    );
    assert_eq!(
        found(&scenario(&text)),
        pairs(&[("SOP002", "sla.critical")])
    );
}

#[test]
fn sop003_unreachable_tiers() {
    let specialists = "\n[tiers.Specialists]\nowner = \"specialist lead\"\nagents = 1\nhandle_minutes = { dist = \"exponential\", mean = 60 }\n";
    let s = scenario(&changed(&[], specialists));
    assert_eq!(found(&s), pairs(&[("SOP003", "tiers.Specialists")]));
    let routed = format!(
        "{specialists}{}",
        sop(&rule(
            "reopened twice to specialists",
            "when = { reopens_min = 2 }\nroute = \"Specialists\"\nalert_owner = true"
        ))
    );
    assert_eq!(found(&scenario(&changed(&[], &routed))), []);
    // A tier that only does the human reviews has work without tickets.
    let reviewers = format!(
        "{specialists}\n[ai.review]\nrole = \"specialist lead\"\nseverity_at_least = \"high\"\ndelay_minutes = {{ dist = \"constant\", value = 10 }}\ncatch_rate = 0.8\ntier = \"Specialists\"\n"
    );
    assert_eq!(found(&scenario(&changed(&[], &reviewers))), []);
    // On the path, but tiers before it resolve every need.
    let s = scenario(&changed(
        &[
            (
                "needs = { T1 = 0.6, T2 = 0.3, T3 = 0.1 }",
                "needs = { T1 = 1 }",
            ),
            ("needs = { T2 = 0.4, T3 = 0.6 }", "needs = { T2 = 1 }"),
        ],
        "",
    ));
    assert_eq!(found(&s), pairs(&[("SOP003", "tiers.T3")]));
}

#[test]
fn sop004_escalation_cycle_without_exit() {
    let to_seniors = rule(
        "enterprise escalations to seniors",
        "on = \"escalation\"\nwhen = { segment = [\"enterprise\"] }\nroute = \"T2\"",
    );
    // T2 routes back to itself are ignored: the step up (T3) resolves them.
    assert_eq!(found(&scenario(&changed(&[], &sop(&to_seniors)))), []);
    let to_seniors = to_seniors.replace("route = \"T2\"", "route = \"T1\"");
    let s = scenario(&changed(&[], &sop(&to_seniors)));
    assert_eq!(found(&s), pairs(&[("SOP004", "policies.sop.rules[0]")]));
    // The AI's prediction at every escalation: wrong predictions bounce too.
    let predicted = rule(
        "escalations to the predicted tier",
        "on = \"escalation\"\nwhen = { severity = [\"low\"] }\nroute = \"predicted\"",
    );
    let text = changed(
        &[],
        &format!("\n[ai]\ntier_accuracy = 0.8\n{}", sop(&predicted)),
    );
    assert_eq!(
        found(&scenario(&text)),
        pairs(&[("SOP004", "policies.sop.rules[0]")])
    );
    // An earlier rule on bounces sends bounced tickets up: an exit.
    let bounced = rule(
        "bounced tickets to engineering",
        "on = \"escalation\"\nwhen = { bounces_min = 1 }\nroute = \"T3\"",
    );
    let s = scenario(&changed(&[], &sop(&format!("{bounced}{to_seniors}"))));
    assert_eq!(found(&s), []);
    // Only tickets the frontline or the step above it resolve: no cycle.
    let general = rule(
        "general escalations to the frontline",
        "on = \"escalation\"\nwhen = { category = [\"general\"], predicted_tier = [\"T1\", \"T2\"], severity = [\"medium\", \"low\"] }\nroute = \"T1\"",
    );
    assert_eq!(found(&scenario(&changed(&[], &sop(&general)))), []);
}

#[test]
fn sop005_too_many_branches() {
    let rules: String = (1..=13)
        .map(|i| {
            rule(
                &format!("accounts under {i}0k to seniors"),
                &format!("when = {{ account_value_below = {i}0000 }}\nroute = \"T2\""),
            )
        })
        .collect();
    let text = changed(&[], &sop(&rules));
    let s = scenario(&text);
    assert_eq!(found(&s), pairs(&[("SOP005", "policies.sop")]));
    assert_eq!(lint(&s, &Options { max_branches: 13 }), []);
    // The CLI flag.
    let tmp = tempdir();
    let p = write(tmp.path(), "long.toml", &text);
    let path = p.to_str().unwrap_or_default();
    for (limit, code) in [("12", 1), ("13", 0)] {
        let o = escalsim(
            tmp.path(),
            &[
                "validate",
                path,
                "--deny",
                "warnings",
                "--max-branches",
                limit,
            ],
        );
        assert_eq!(o.status.code(), Some(code), "{limit}: {}", stderr(&o));
    }
}

#[test]
fn sop006_ai_routes_critical_tickets_without_review() {
    let ai = "\n[policies.ai]\nkind = \"ai\"\ndiscipline = \"fifo\"\n";
    let s = scenario(&changed(&[], ai));
    assert_eq!(found(&s), pairs(&[("SOP006", "policies.ai")]));
    let review = "\n[ai.review]\nrole = \"support manager\"\nbelow_confidence = 0.6\ndelay_minutes = { dist = \"constant\", value = 10 }\ncatch_rate = 0.8\n";
    let s = scenario(&changed(&[], &format!("{ai}{review}")));
    assert_eq!(
        found(&s),
        pairs(&[("SOP006", "policies.ai")]),
        "confidence only"
    );
    let critical = review.replace("below_confidence = 0.6", "severity_at_least = \"high\"");
    assert_eq!(
        found(&scenario(&changed(&[], &format!("{ai}{critical}")))),
        []
    );
    // SOP rules: a predicted route critical tickets can take, without review.
    let rules = [
        rule(
            "confident predictions for high",
            "when = { severity = [\"high\"], ai_confidence_min = 0.8 }\nroute = \"predicted\"",
        ),
        rule(
            "confident predictions",
            "when = { ai_confidence_min = 0.9 }\nroute = \"predicted\"",
        ),
        rule(
            "reviewed high scores",
            "when = { ai_score_min = 0.7 }\nroute = \"T3\"\nreview = true",
        ),
    ]
    .concat();
    let s = scenario(&changed(&[], &format!("{review}{}", sop(&rules))));
    assert_eq!(found(&s), pairs(&[("SOP006", "policies.sop.rules[1]")]));
}

#[test]
fn sop007_resolution_shorter_than_first_response() {
    let s = scenario(&changed(
        &[(
            "first_response_hours = 8\nresolution_hours = 48",
            "first_response_hours = 50\nresolution_hours = 48",
        )],
        "",
    ));
    assert_eq!(found(&s), pairs(&[("SOP007", "sla.low")]));
    // Validation warns about it too; validate prints it once, with its code.
    let tmp = tempdir();
    let p = write(
        tmp.path(),
        "slow.toml",
        &changed(
            &[(
                "first_response_hours = 8\nresolution_hours = 48",
                "first_response_hours = 50\nresolution_hours = 48",
            )],
            "",
        ),
    );
    let o = escalsim(tmp.path(), &["validate", p.to_str().unwrap_or_default()]);
    let err = stderr(&o);
    assert_eq!(err.matches("sla.low").count(), 1, "{err}");
    assert!(err.contains("warning[SOP007]: sla.low: low tickets must be resolved within 48 h but only need a first response within 50 h"), "{err}");
    let s = scenario(&changed(
        &[],
        "\n[sla.segments.consumer.high]\nresolution_minutes = 20\nfirst_response_minutes = 25\n",
    ));
    assert_eq!(
        found(&s),
        pairs(&[
            ("SOP007", "sla.segments.consumer.high"),
            ("SOP008", "sla.segments.consumer.high"),
        ])
    );
}

#[test]
fn sop008_looser_target_for_a_higher_severity() {
    let s = scenario(&changed(
        &[(
            "first_response_minutes = 30\nresolution_hours = 8",
            "first_response_minutes = 30\nresolution_hours = 30",
        )],
        "",
    ));
    assert_eq!(found(&s), pairs(&[("SOP008", "sla.high")]));
    // Enterprise critical (an override) is looser than enterprise high (inherited).
    let s = scenario(&changed(
        &[(
            "first_response_minutes = 10\nresolution_hours = 2",
            "first_response_minutes = 45\nresolution_hours = 2",
        )],
        "",
    ));
    assert_eq!(
        found(&s),
        pairs(&[("SOP008", "sla.segments.enterprise.critical")])
    );
}

#[test]
fn sop009_names_differing_only_by_case_or_punctuation() {
    let s = scenario(&changed(
        &[(
            "owner = \"engineering manager\"",
            "owner = \"Support-Manager\"",
        )],
        "",
    ));
    assert_eq!(found(&s), pairs(&[("SOP009", "tiers.T3.owner")]));
    let s = scenario(&changed(
        &[],
        "\n[policies.Tiered]\nkind = \"tiered\"\ndiscipline = \"severity\"\n",
    ));
    assert_eq!(found(&s), pairs(&[("SOP009", "policies.Tiered")]));
}

#[test]
fn sop010_unclear_names() {
    let s = scenario(&changed(
        &[("owner = \"support manager\"", "owner = \"x\"")],
        "",
    ));
    assert_eq!(found(&s), pairs(&[("SOP010", "tiers.T2.owner")]));
    let rules = [
        rule(
            "rule1",
            "when = { segment = [\"enterprise\"] }\nroute = \"T2\"",
        ),
        rule("r2", "when = { segment = [\"consumer\"] }\npriority = 2"),
    ]
    .concat();
    let s = scenario(&changed(&[], &sop(&rules)));
    assert_eq!(
        found(&s),
        pairs(&[
            ("SOP010", "policies.sop.rules[0]"),
            ("SOP010", "policies.sop.rules[1]"),
        ])
    );
}

#[test]
fn sop011_rule_shadowed_by_an_earlier_one() {
    let rules = [
        rule(
            "urgent to seniors",
            "when = { severity_at_least = \"high\" }\nroute = \"T2\"",
        ),
        rule(
            "critical enterprise to engineering",
            "when = { segment = [\"enterprise\"], severity = [\"critical\"] }\nroute = \"T3\"",
        ),
    ]
    .concat();
    let text = changed(&[], &sop(&rules));
    assert_eq!(
        found(&scenario(&text)),
        pairs(&[("SOP011", "policies.sop.rules[1]")])
    );
    // Validation warns about it too; validate prints it once, with its code.
    let tmp = tempdir();
    let p = write(tmp.path(), "shadow.toml", &text);
    let o = escalsim(tmp.path(), &["validate", p.to_str().unwrap_or_default()]);
    let err = stderr(&o);
    assert_eq!(err.matches("can never fire").count(), 1, "{err}");
    assert!(
        err.contains(
            "warning[SOP011]: policies.sop.rules[1]: rule `critical enterprise to engineering`"
        ),
        "{err}"
    );
    assert!(stdout(&o).contains("0 warning(s), 1 SOP lint finding(s)"));
}

#[test]
fn every_code_is_documented_with_its_explanation() {
    let doc = std::fs::read_to_string(repo().join("docs/lints.md")).unwrap_or_default();
    for c in Code::ALL {
        assert!(
            doc.contains(&format!("## {} `{}`", c.code(), c.name())),
            "{c}"
        );
        assert!(doc.contains(c.explanation()), "{c}");
    }
}

#[test]
fn validate_deny_warnings_fails_on_any_warning() {
    let tmp = tempdir();
    let run = |name: &str, text: &str, deny: bool| {
        let p = write(tmp.path(), name, text);
        let mut args = vec!["validate", p.to_str().unwrap_or_default()];
        if deny {
            args.extend(["--deny", "warnings"]);
        }
        escalsim(tmp.path(), &args)
    };
    let clean = base_text();
    assert_eq!(run("clean.toml", &clean, true).status.code(), Some(0));
    // A lint finding: printed with code, path, message and fix; exit 1 only with --deny.
    let ownerless = changed(&[("owner = \"support manager\"\n", "")], "");
    let o = run("ownerless.toml", &ownerless, false);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    // The owner is missing: the location is its table's header.
    let header = ownerless
        .lines()
        .position(|l| l.starts_with("[tiers.T2]"))
        .map_or(0, |i| i + 1);
    assert!(
        err.contains(&format!(
            "ownerless.toml:{header}:1: warning[SOP001]: tiers.T2.owner: tier `T2` has no owner"
        )),
        "{err}"
    );
    assert!(
        err.contains("\n  fix: add owner = \"<role>\" to [tiers.T2]"),
        "{err}"
    );
    assert!(stdout(&o).contains("0 warning(s), 1 SOP lint finding(s)"));
    let o = run("ownerless.toml", &ownerless, true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--deny warnings: 1 warning(s) found"));
    // A validation warning (T3 unstaffed at weekends) fails it too.
    let unstaffed = changed(
        &[(
            "agents = 2\nhandle_minutes = { dist = \"exponential\", mean = 40 }",
            "shifts = [{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], start = \"00:00\", end = \"24:00\", agents = 2 }]\nhandle_minutes = { dist = \"exponential\", mean = 40 }",
        )],
        "",
    );
    let o = run("unstaffed.toml", &unstaffed, true);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 warning(s), 0 SOP lint finding(s)"),
        "{}",
        stdout(&o)
    );
    // An invalid scenario stays exit 2.
    let o = run(
        "invalid.toml",
        &changed(&[("per_hour = 10", "per_hour = -1")], ""),
        true,
    );
    assert_eq!(o.status.code(), Some(2));
}
