//! The AI-assisted policy against its bounds: with perfect accuracy it routes exactly
//! like `oracle`, with no skill like `random`; and every candidate of a replication
//! sees identical tickets (attributes, latent truth, work and AI estimates).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use escalsim::engine;
use escalsim::experiment::{self, Options};
use escalsim::metrics::summary::Summary;
use escalsim::model::time::DAY_MS;
use escalsim::policy;
use escalsim::tickets::synthetic;

use crate::support::shipped;

/// support-basic with `policies` (TOML) instead of its own, and `ai` as its `[ai]`.
fn scenario_text(policies: &str, ai: &str) -> String {
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    let i = text
        .find("[policies.tiered-fifo]")
        .expect("support-basic has policies");
    let j = text
        .find("# What `escalsim check` watches")
        .expect("and a check section");
    format!("{}{ai}\n\n{policies}\n\n{}", &text[..i], &text[j..])
}

fn summary(text: &str, days: i64, replications: u32) -> Summary {
    let loaded = escalsim::scenario::from_str(text, "ai.toml").unwrap_or_else(|e| panic!("{e}"));
    let mut s = loaded.scenario;
    s.run.horizon_ms = days * DAY_MS;
    s.run.replications = replications;
    s.staffing_models.truncate(1);
    let runs = experiment::run_all(
        &s,
        &Options { threads: 2 },
        |r| synthetic::synthetic(&s, r),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    experiment::summarise(&s, &runs, &loaded.source_hash, "synthetic")
}

fn per_rep(s: &Summary, candidate: &str, metric: &str) -> Vec<f64> {
    s.candidates
        .iter()
        .find(|c| c.name == candidate)
        .unwrap_or_else(|| panic!("no candidate {candidate}"))
        .metric(metric)
        .unwrap_or_else(|| panic!("no metric {metric}"))
        .per_replication
        .clone()
}

#[test]
fn perfect_ai_routes_exactly_like_the_oracle() {
    // Perfect tier prediction; noisy sentiment does not affect routing.
    let text = scenario_text(
        "[policies.oracle]\nkind = \"oracle\"\n\n[policies.ai]\nkind = \"ai\"\n",
        "[ai]\ntier_accuracy = 1.0\nsentiment_noise_sd = 0.3\n",
    );
    let s = summary(&text, 6, 3);
    let metrics = [
        "resolution_breach_rate",
        "ttr_mean_hours",
        "ttr_p90_hours",
        "escalations_per_ticket",
        "tier.T1.handled",
        "tier.T2.handled",
        "tier.T3.handled",
        "tier.T2.wait_mean_minutes",
        "misroutes",
    ];
    for m in metrics {
        assert_eq!(per_rep(&s, "oracle", m), per_rep(&s, "ai", m), "{m}");
    }
}

#[test]
fn no_skill_ai_routes_like_random() {
    // Three tiers on the path: accuracy 1/3 makes the prediction uniform over the
    // path and independent of the truth, which is what `random` draws.
    let text = scenario_text(
        "[policies.random]\nkind = \"random\"\n\n[policies.ai]\nkind = \"ai\"\n",
        "[ai]\ntier_accuracy = 0.3333333333333333\n",
    );
    let s = summary(&text, 7, 8);
    for m in [
        "escalations_per_ticket",
        "tier.T1.handled",
        "tier.T3.handled",
    ] {
        let a = per_rep(&s, "random", m);
        let b = per_rep(&s, "ai", m);
        let n = a.len() as f64;
        let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
        let var = |v: &[f64]| {
            let m = mean(v);
            v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)
        };
        let se = ((var(&a) + var(&b)) / n).sqrt();
        let z = (mean(&a) - mean(&b)) / se;
        assert!(
            z.abs() < 4.0,
            "{m}: random {} vs no-skill AI {} (z = {z:.2})",
            mean(&a),
            mean(&b)
        );
    }
    // And it is no oracle: it misroutes about two tickets in three.
    let misroute = per_rep(&s, "ai", "misroute_rate");
    assert!(
        misroute.iter().all(|&r| (0.55..0.78).contains(&r)),
        "misroute rates {misroute:?}"
    );
}

#[test]
fn candidates_in_a_replication_see_identical_tickets() {
    let text = scenario_text(
        "[policies.tiered]\nkind = \"tiered\"\n\n[policies.ai]\nkind = \"ai\"\n\
         discipline = \"ai-score\"\n\n[policies.random]\nkind = \"random\"\n",
        "[ai]\ntier_accuracy = 0.8\nsentiment_noise_sd = 0.2\nkeyword_recall = 0.9\n\
         keyword_precision = 0.8\n",
    );
    let loaded = escalsim::scenario::from_str(&text, "ai.toml").unwrap_or_else(|e| panic!("{e}"));
    let mut s = loaded.scenario;
    s.run.horizon_ms = 2 * DAY_MS;
    let mut by_rep = Vec::new();
    for rep in 0..2 {
        let mut hashes = Vec::new();
        for c in s.candidates() {
            let mut h = DefaultHasher::new();
            let mut pol = policy::build(&s, &s.policies[c.policy], rep);
            let tickets = synthetic::synthetic(&s, rep).inspect(|t| format!("{t:?}").hash(&mut h));
            engine::run(&s, &s.staffing_models[c.staffing], pol.as_mut(), tickets)
                .unwrap_or_else(|e| panic!("{e}"));
            hashes.push(h.finish());
        }
        assert!(
            hashes.windows(2).all(|w| w[0] == w[1]),
            "replication {rep}: candidates saw different tickets: {hashes:?}"
        );
        by_rep.push(hashes[0]);
    }
    assert_ne!(by_rep[0], by_rep[1], "replications share their tickets");
}

/// The metrics only `ai` policies define (who routed).
const AI_ONLY: [&str; 3] = ["ai_routed", "ai_to_path", "ai_followed_share"];

/// Confusion matrices for support-basic's three tiers: `t3` is the T3 row.
fn matrix(t3: &str) -> String {
    format!(
        "[ai]\nsentiment_noise_sd = 0.3\n\n[ai.confusion]\n\
         T1 = {{ T1 = 0.93, T2 = 0.06, T3 = 0.01 }}\n\
         T2 = {{ T1 = 0.15, T2 = 0.8, T3 = 0.05 }}\n\
         T3 = {t3}\n"
    )
}

#[test]
fn an_identity_confusion_matrix_gives_the_oracle_summary() {
    // Identity rows with a noisy sentiment: every estimate is drawn, every prediction
    // is right with confidence 1, and every reported number equals the oracle's.
    let text = scenario_text(
        "[policies.oracle]\nkind = \"oracle\"\n\n[policies.ai]\nkind = \"ai\"\n",
        "[ai]\nsentiment_noise_sd = 0.3\n\n[ai.confusion]\n\
         T1 = { T1 = 1 }\nT2 = { T2 = 1 }\nT3 = { T3 = 1 }\n",
    );
    let s = summary(&text, 6, 3);
    let oracle = s
        .candidates
        .iter()
        .find(|c| c.name == "oracle")
        .expect("oracle");
    assert!(oracle.metrics.len() > 50, "{}", oracle.metrics.len());
    for m in oracle
        .metrics
        .iter()
        .filter(|m| !AI_ONLY.contains(&m.name.as_str()))
    {
        let (a, b) = (per_rep(&s, "oracle", &m.name), per_rep(&s, "ai", &m.name));
        let same = a
            .iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()));
        assert!(same && a.len() == b.len(), "{}: {a:?} vs {b:?}", m.name);
    }
}

#[test]
fn changing_one_row_of_the_matrix_moves_no_other_ticket() {
    // Two scenarios differing only in the T3 row: the same tickets, with the same
    // predicted tier for every ticket that does not need T3.
    let tickets = |t3: &str| {
        let text = scenario_text("[policies.ai]\nkind = \"ai\"\n", &matrix(t3));
        let loaded =
            escalsim::scenario::from_str(&text, "ai.toml").unwrap_or_else(|e| panic!("{e}"));
        let mut s = loaded.scenario;
        s.run.horizon_ms = 3 * DAY_MS;
        synthetic::synthetic(&s, 0).collect::<Vec<_>>()
    };
    let a = tickets("{ T1 = 0.05, T2 = 0.2, T3 = 0.75 }");
    let b = tickets("{ T1 = 0.3, T2 = 0.3, T3 = 0.4 }");
    assert_eq!(a.len(), b.len());
    let (mut others, mut t3_moved) = (0, 0);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            (
                x.id,
                x.arrival,
                x.needed_tier,
                x.ai.sentiment,
                x.ai.keywords
            ),
            (
                y.id,
                y.arrival,
                y.needed_tier,
                y.ai.sentiment,
                y.ai.keywords
            )
        );
        if x.needed_tier.index() == 2 {
            t3_moved += usize::from(x.ai.predicted_tier != y.ai.predicted_tier);
        } else {
            assert_eq!(x.ai.predicted_tier, y.ai.predicted_tier, "ticket {}", x.id);
            others += 1;
        }
    }
    assert!(others > 1000 && t3_moved > 20, "{others} {t3_moved}");
}

#[test]
fn min_confidence_one_routes_exactly_like_tiered() {
    // Every confidence of an 80 %-accurate AI is below 1, so every ticket follows the
    // path: every number equals tiered's, and the AI routed nothing. A critical
    // review gate does not apply to tickets the AI did not route.
    let text = scenario_text(
        "[policies.tiered]\nkind = \"tiered\"\n\n\
         [policies.ai]\nkind = \"ai\"\nmin_confidence = 1\n",
        "[ai]\ntier_accuracy = 0.8\nsentiment_noise_sd = 0.2\n\n[ai.review]\n\
         role = \"support team lead\"\nseverity_at_least = \"critical\"\n\
         delay_minutes = { dist = \"constant\", value = 10 }\ncatch_rate = 0.8\n",
    );
    let s = summary(&text, 6, 3);
    let tiered = s
        .candidates
        .iter()
        .find(|c| c.name == "tiered")
        .expect("tiered");
    for m in tiered
        .metrics
        .iter()
        .filter(|m| !AI_ONLY.contains(&m.name.as_str()))
    {
        let (a, b) = (per_rep(&s, "tiered", &m.name), per_rep(&s, "ai", &m.name));
        let same = a
            .iter()
            .zip(&b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()));
        assert!(same && a.len() == b.len(), "{}: {a:?} vs {b:?}", m.name);
    }
    assert!(per_rep(&s, "ai", "ai_routed").iter().all(|&n| n == 0.0));
    assert!(per_rep(&s, "ai", "ai_to_path").iter().all(|&n| n > 500.0));
    assert_eq!(per_rep(&s, "ai", "ai_followed_share"), [0.0; 3]);
    assert!(
        per_rep(&s, "tiered", "ai_followed_share")
            .iter()
            .all(|x| x.is_nan())
    );
}

#[test]
fn min_confidence_splits_contacts_by_their_confidence() {
    // Threshold 0.9 on the matrices' calibrated confidence: the AI routes exactly the
    // contacts at or above it (a reopen re-enters with the same estimate), and the
    // threshold 0 routes like plain `ai`.
    let text = scenario_text(
        "[policies.ai]\nkind = \"ai\"\n\n[policies.sure]\nkind = \"ai\"\nmin_confidence = 0.9\n\n\
         [policies.zero]\nkind = \"ai\"\nmin_confidence = 0\n",
        &matrix("{ T1 = 0.05, T2 = 0.2, T3 = 0.75 }"),
    );
    let s = summary(&text, 6, 2);
    for m in [
        "resolution_breach_rate",
        "ttr_mean_hours",
        "misroutes",
        "ai_routed",
    ] {
        assert_eq!(per_rep(&s, "ai", m), per_rep(&s, "zero", m), "{m}");
    }
    assert_eq!(per_rep(&s, "ai", "ai_followed_share"), [1.0; 2]);
    let share = per_rep(&s, "sure", "ai_followed_share");
    assert!(share.iter().all(|&x| (0.3..0.95).contains(&x)), "{share:?}");
    // Fewer misroutes when only confident predictions are followed.
    let (all, sure) = (
        per_rep(&s, "ai", "misroutes"),
        per_rep(&s, "sure", "misroutes"),
    );
    assert!(
        all.iter().zip(&sure).all(|(a, b)| b < a),
        "{all:?} {sure:?}"
    );
}
