//! End-to-end tests of bad escalation sections: each kind of bad input with its path
//! and fix, the shadowed-rule and no-effect warnings, limits, the shipped scenarios and
//! the documented examples. Scenarios are only validated here, never run.

use super::sop::{BASE, FULL, at, errors, full_edit, ok, with};
use escalsim::model::PolicyKind;
use escalsim::scenario::*;

#[test]
fn unknown_condition_key_names_the_path_the_known_keys_and_the_closest() {
    let list = errors(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"a\"\nwhen = { severity = [\"high\"] }\npriority = 1\n\
         [[policies.sop.rules]]\nname = \"b\"\nwhen = { segment = [\"enterprise\"] }\npriority = 2\n\
         [[policies.sop.rules]]\nname = \"c\"\nwhen = { sentiment_blow = -0.3 }\npriority = 1\n",
    ));
    let p = at(&list, "policies.sop.rules[2].when.sentiment_blow");
    assert!(
        p.message.starts_with(
            "unknown condition `sentiment_blow` (known: `severity`, `severity_at_least`, `segment`"
        ) && p
            .message
            .contains("`<field>_min` (>=) or `<field>_below` (<)")
            && p.message.contains("`sla_remaining_minutes`"),
        "{}",
        p.message
    );
    assert_eq!(p.fix, "did you mean `sentiment_below`?");
    assert_eq!(list.len(), 1, "{list:#?}");
}

#[test]
fn unknown_tiers_in_actions_are_errors_with_suggestions() {
    let text = full_edit("route = \"T3\"", "route = \"T4\"")
        .replacen("escalate_to = \"T2\"", "escalate_to = \"t2\"", 1)
        .replacen("bypass_to = \"T3\"", "bypass_to = \"Engineering\"", 1)
        .replacen("route = \"predicted\"", "route = \"predicte\"", 1);
    let list = errors(&text);
    let route = at(&list, "policies.sop.rules[0].route");
    assert_eq!(
        route.message,
        "unknown tier `T4` (known: `T1`, `T2`, `T3`, or \"predicted\" for the AI's predicted tier)"
    );
    assert_eq!(route.fix, "use one of `T1`, `T2`, `T3`, `predicted`");
    assert_eq!(
        at(&list, "policies.sop.rules[1].route").fix,
        "did you mean `predicted`?"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0].escalate_to").fix,
        "did you mean `T2`?"
    );
    let bypass = at(&list, "incident.bypass_to");
    assert_eq!(
        bypass.message,
        "unknown tier `Engineering` (known: `T1`, `T2`, `T3`)"
    );
    assert_eq!(list.len(), 4, "{list:#?}");
}

#[test]
fn unknown_keywords_are_errors_naming_the_vocabulary() {
    let text = full_edit(
        "keywords_any = [\"outage\", \"down\"]",
        "keywords_any = [\"outage\", \"dwn\"]",
    )
    .replacen(
        "risk_keywords = [\"outage\", \"500\"]",
        "risk_keywords = [\"fraud\"]",
        1,
    );
    let list = errors(&text);
    let k = at(&list, "policies.sop.rules[0].when.keywords_any[1]");
    assert!(
        k.message
            .starts_with("unknown keyword `dwn` (known: `refund`"),
        "{}",
        k.message
    );
    assert_eq!(k.fix, "did you mean `down`?");
    let r = at(&list, "ai.weights.risk_keywords[0]");
    assert!(
        r.fix.contains("keywords = [\"fraud\"] in a category"),
        "{}",
        r.fix
    );
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn priority_and_raise_priority_together_are_refused() {
    let list = errors(&full_edit(
        "priority = 1\n",
        "priority = 1\nraise_priority = 1\n",
    ));
    let p = at(&list, "policies.sop.rules[0]");
    assert_eq!(
        p.message,
        "give `priority` (set the level) or `raise_priority` (raise by levels), not both"
    );
    let list = errors(&full_edit("priority = 1\n", "priority = 6\n"));
    assert_eq!(
        at(&list, "policies.sop.rules[0].priority").message,
        "must be a whole number from 1 to 5, got 6"
    );
    let list = errors(&full_edit("raise_priority = 2", "raise_priority = 0"));
    assert!(
        at(&list, "policies.sop.rules[1].raise_priority")
            .message
            .contains("from 1 to 4")
    );
}

#[test]
fn triggers_need_exactly_one_time() {
    let both = full_edit(
        "waited_over_minutes = 60",
        "waited_over_minutes = 60\nsla_remaining_below_minutes = 10",
    );
    let list = errors(&both);
    assert_eq!(
        at(&list, "policies.sop.triggers[1]").message,
        "give `sla_remaining_below_minutes` or `waited_over_minutes`, not both"
    );
    let neither = full_edit("waited_over_minutes = 60\n", "");
    let list = errors(&neither);
    let p = at(
        &list,
        "policies.sop.triggers[1].sla_remaining_below_minutes",
    );
    assert!(
        p.message.starts_with("missing when the trigger fires"),
        "{}",
        p.message
    );
    let negative = full_edit("waited_over_minutes = 60", "waited_over_minutes = -5");
    assert!(
        errors(&negative)
            .iter()
            .any(|p| p.path == "policies.sop.triggers[1].waited_over_minutes")
    );
}

#[test]
fn rules_and_triggers_only_on_sop_policies() {
    let list = errors(&with(
        "[policies.fifo]\nkind = \"tiered\"\n\
         [[policies.fifo.rules]]\nname = \"a\"\nroute = \"T2\"\n\
         [[policies.fifo.triggers]]\nname = \"b\"\nwaited_over_minutes = 5\nalert_owner = true\n",
    ));
    let p = at(&list, "policies.fifo.rules");
    assert_eq!(
        p.message,
        "rules are only used by kind = \"sop\" policies, but this policy's kind is `tiered`"
    );
    assert_eq!(p.fix, "set kind = \"sop\", or remove the rules");
    at(&list, "policies.fifo.triggers");
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn rules_must_do_something_with_unique_names_and_configured_review() {
    let text = with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"same\"\nwhen = { category = [\"billing\"] }\nreview = true\n\
         [[policies.sop.rules]]\nname = \"idle\"\nalert = []\nalert_owner = false\n\
         [[policies.sop.triggers]]\nname = \"same\"\nwaited_over_minutes = 5\n",
    );
    let list = errors(&text);
    assert!(
        at(&list, "policies.sop.rules[0].review")
            .message
            .contains("no [ai.review]")
    );
    assert_eq!(
        at(&list, "policies.sop.rules[1]").message,
        "rule `idle` does nothing"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0]").message,
        "trigger `same` does nothing"
    );
    assert_eq!(
        at(&list, "policies.sop.triggers[0].name").message,
        "name `same` is already used by rules[0]"
    );
    assert_eq!(list.len(), 4, "{list:#?}");
}

#[test]
fn a_rule_after_an_unconditional_rule_warns() {
    let l = ok(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"everyone\"\npriority = 3\n\
         [[policies.sop.rules]]\nname = \"escalations\"\non = \"escalation\"\nroute = \"T3\"\n\
         [[policies.sop.rules]]\nname = \"vip\"\nwhen = { segment = [\"enterprise\"] }\npriority = 1\n",
    ));
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    let w = &l.warnings[0];
    assert_eq!(w.level, Level::Warning);
    assert_eq!(w.path, "policies.sop.rules[2]");
    assert_eq!(
        w.message,
        "rule `vip` can never fire: the earlier rule `everyone` (rules[0]) at the same decision point (arrival) has no conditions, so it matches every ticket, and the first matching rule fires"
    );
    assert_eq!(
        w.fix,
        "move `vip` above `everyone`, narrow the conditions of `everyone`, or remove `vip`"
    );
}

#[test]
fn rules_with_identical_or_looser_earlier_conditions_warn() {
    let l = ok(&with(
        "[policies.sop]\nkind = \"sop\"\n\
         [[policies.sop.rules]]\nname = \"angry\"\nwhen = { sentiment_below = -0.5, severity = [\"high\"] }\npriority = 1\n\
         [[policies.sop.rules]]\nname = \"angry again\"\nwhen = { severity = [\"high\"], sentiment_below = -0.5 }\nroute = \"T2\"\n\
         [[policies.sop.rules]]\nname = \"furious\"\nwhen = { sentiment_below = -0.8, severity_at_least = \"high\", reopens_min = 1 }\nroute = \"T3\"\n",
    ));
    let found: Vec<(&str, &str)> = l
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, "policies.sop.rules[1]");
    assert!(
        found[0]
            .1
            .contains("`angry again` can never fire: the earlier rule `angry` (rules[0])")
            && found[0].1.contains("has the same conditions"),
        "{}",
        found[0].1
    );
    // `furious` allows critical tickets, which `angry` (severity high only) does not
    // match, so it is not shadowed.
}

#[test]
fn feedback_incident_and_ai_values_are_checked() {
    let text = full_edit("tier_accuracy = 0.8", "tier_accuracy = 0")
        .replacen("below_confidence = 0.6\n", "", 1)
        .replacen("outage = 0.1", "outtage = 0.1, howto = 1.5", 1)
        .replacen("threshold = 10", "threshold = 10\nclear_below = 11", 1)
        .replacen(
            "[ai.weights]\n",
            "[ai.weights]\naccount_value_scale = 0\n",
            1,
        );
    let list = errors(&text);
    assert!(
        at(&list, "ai.tier_accuracy")
            .message
            .contains("greater than 0")
    );
    assert!(
        at(&list, "ai.review")
            .message
            .starts_with("no decision is ever reviewed")
    );
    assert_eq!(
        at(&list, "feedback.reopen_probability.outtage").fix,
        "did you mean `outage`?"
    );
    at(&list, "feedback.reopen_probability.howto");
    assert_eq!(
        at(&list, "incident.clear_below").message,
        "must be at most the threshold (10), got 11"
    );
    at(&list, "ai.weights.account_value_scale");
    assert_eq!(list.len(), 6, "{list:#?}");

    let no_incident = with(&FULL[..FULL.find("[incident]").unwrap_or(FULL.len())]);
    let list = errors(&no_incident);
    assert!(
        at(&list, "policies.sop.incident_mode")
            .message
            .contains("no [incident]")
    );
}

#[test]
fn loops_without_effect_warn() {
    let text = with(
        &FULL
            .replacen("incident_mode = true\n", "", 1)
            .replacen(
                "discipline = \"ai-score\"",
                "discipline = \"fifo\"\nrisk_scale_minutes = 30\nstatus_updates = true",
                1,
            )
            .replacen("[feedback]", "[feedback]\nmax_reopens = 0", 1),
    );
    let l = ok(&text);
    let paths: Vec<&str> = l.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "feedback.max_reopens",
            "policies.assist.risk_scale_minutes",
            "incident",
        ]
    );
}

#[test]
fn keyword_and_role_limits_are_enforced() {
    let many: Vec<String> = (0..65).map(|i| format!("\"k{i}\"")).collect();
    let text = with("").replacen(
        "keywords = [\"refund\", \"invoice\"]",
        &format!("keywords = [{}]", many.join(", ")),
        1,
    );
    let list = errors(&text);
    let p = at(&list, "categories.billing.keywords[64]");
    assert!(p.message.contains("at most 64"), "{}", p.message);

    let roles: Vec<String> = (0..70).map(|i| format!("\"r{i}\"")).collect();
    let text = with(&format!(
        "[policies.sop]\nkind = \"sop\"\n[[policies.sop.rules]]\nname = \"a\"\nalert = [{}]\n",
        roles.join(", ")
    ));
    let list = errors(&text);
    // Three tier owners, so the 62nd alerted role is the 65th role.
    let p = at(&list, "policies.sop.rules[0].alert[61]");
    assert!(
        p.message.contains("at most 64 distinct roles"),
        "{}",
        p.message
    );
}

#[test]
fn every_shipped_scenario_still_validates() {
    for (name, text) in [
        (
            "support-basic",
            include_str!("../../scenarios/support-basic.toml"),
        ),
        (
            "bench-3tier",
            include_str!("../../scenarios/bench-3tier.toml"),
        ),
        (
            "peak-4tier",
            include_str!("../../scenarios/peak-4tier.toml"),
        ),
        (
            "uci-servicenow",
            include_str!("../../scenarios/uci-servicenow.toml"),
        ),
    ] {
        let l = ok(text);
        assert!(l.warnings.is_empty(), "{name}: {:#?}", l.warnings);
        let s = &l.scenario;
        assert!(
            !s.roles.is_empty() && s.roles.len() <= escalsim::model::MAX_ROLES,
            "{name}"
        );
        for t in &s.tiers {
            assert!(
                t.owner == s.roles[t.owner_role.index()] || t.owner.is_empty(),
                "{name}"
            );
        }
        for c in &s.categories {
            assert_eq!(c.keyword_mask.count_ones() as usize, {
                let mut k = c.keywords.clone();
                k.sort();
                k.dedup();
                k.len()
            });
        }
        assert_eq!(
            s.feedback.reopen_probability.len(),
            s.categories.len(),
            "{name}"
        );
        assert!(s.incident.is_none(), "{name}");
    }
}

#[test]
fn documented_examples_validate_together() {
    let doc = include_str!("../../docs/sop.md");
    let blocks: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        // The confusion example replaces `tier_accuracy`: tests_confusion checks it.
        .filter(|b| !b.contains("[ai.confusion]"))
        .collect();
    assert!(blocks.len() >= 8, "found {} toml blocks", blocks.len());
    let l = ok(&with(&blocks.concat()));
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    let s = l.scenario;
    assert!(
        matches!(&s.policies[0].kind, PolicyKind::Sop(sop) if sop.rules.len() == 1 && sop.triggers.len() == 1)
    );
    assert!(s.ai.review.is_some() && s.incident.is_some());
    assert_eq!(s.ai.weights.keywords, 0.3);
    assert_eq!(s.feedback.reopen_probability, [0.08, 0.03, 0.03]);
}

#[test]
fn never_panics_on_edited_escalation_sections() {
    let text = with(FULL);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len() - FULL.lines().count();
    for skip in start..lines.len() {
        let edited: Vec<&str> = lines
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| *l)
            .collect();
        let _ = from_str(&edited.join("\n"), "x");
    }
    for cut in (BASE.len()..text.len()).step_by(5) {
        if let Some(prefix) = text.get(..cut) {
            let _ = from_str(prefix, "x");
        }
    }
    for (old, new) in [
        ("sentiment_below = -0.3", "sentiment_below = nan"),
        ("reopens_min = 2", "reopens_min = 1.5"),
        ("priority = 1\n", "priority = -9223372036854775808\n"),
        ("waited_over_minutes = 60", "waited_over_minutes = inf"),
        ("threshold = 10", "threshold = 9223372036854775807"),
        ("window_minutes = 30", "window_minutes = 1e300"),
        (
            "when = { segment = [\"enterprise\"] }",
            "when = { segment = [1, [2]] }",
        ),
    ] {
        assert!(
            from_str(&full_edit(old, new), "x").is_err(),
            "{new} accepted"
        );
    }
}
