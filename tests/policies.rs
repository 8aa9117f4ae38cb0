//! The routing bounds: `oracle` (perfect information) sends every ticket straight to a
//! tier that can resolve it; `random` (no information) enters at a uniformly drawn
//! tier. Every candidate of a replication sees the same tickets.

use escalsim::experiment::{self, Options};
use escalsim::metrics::summary::Summary;
use escalsim::model::time::DAY_MS;
use escalsim::tickets::synthetic;

use crate::support::{escalsim, shipped, stderr, tempdir, write};

fn bounds_scenario() -> String {
    let text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
    let i = text
        .find("[staffing.baseline]")
        .expect("support-basic has staffing models");
    let j = text
        .find("# What `escalsim check` watches")
        .expect("and a check section");
    format!(
        "{}[policies.tiered]\nkind = \"tiered\"\n\n[policies.oracle]\nkind = \"oracle\"\n\n[policies.random]\nkind = \"random\"\n\n{}",
        &text[..i],
        &text[j..]
    )
}

fn summary(threads: usize) -> Summary {
    let loaded = escalsim::scenario::from_str(&bounds_scenario(), "bounds.toml")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut s = loaded.scenario;
    s.run.horizon_ms = 8 * DAY_MS;
    s.run.replications = 4;
    let runs = experiment::run_all(
        &s,
        &Options { threads },
        |r| synthetic::synthetic(&s, r),
        &|| {},
    )
    .expect("runs");
    experiment::summarise(&s, &runs, &loaded.source_hash, "synthetic")
}

fn per_rep(s: &Summary, candidate: &str, metric: &str) -> Vec<f64> {
    let c = s
        .candidates
        .iter()
        .find(|c| c.name == candidate)
        .unwrap_or_else(|| panic!("no candidate {candidate}"));
    c.metric(metric)
        .unwrap_or_else(|| panic!("no metric {metric}"))
        .per_replication
        .clone()
}

#[test]
fn oracle_never_escalates_and_beats_tiered_in_every_replication() {
    let s = summary(2);
    assert!(
        per_rep(&s, "oracle", "escalations_per_ticket")
            .iter()
            .all(|&x| x == 0.0)
    );
    assert!(
        per_rep(&s, "tiered", "escalations_per_ticket")
            .iter()
            .all(|&x| x > 0.3)
    );
    // Same tickets (common random numbers): arrivals agree replication by replication.
    let arrived = per_rep(&s, "tiered", "arrived");
    assert_eq!(arrived, per_rep(&s, "oracle", "arrived"));
    assert_eq!(arrived, per_rep(&s, "random", "arrived"));
    // T1 only sees the tickets that need it; faster resolution in every replication.
    let (t1_oracle, t1_tiered) = (
        per_rep(&s, "oracle", "tier.T1.handled"),
        per_rep(&s, "tiered", "tier.T1.handled"),
    );
    let (ttr_oracle, ttr_tiered) = (
        per_rep(&s, "oracle", "ttr_mean_hours"),
        per_rep(&s, "tiered", "ttr_mean_hours"),
    );
    for r in 0..arrived.len() {
        assert!(t1_oracle[r] < 0.8 * t1_tiered[r], "replication {r}");
        assert!(ttr_oracle[r] < ttr_tiered[r], "replication {r}");
    }
}

#[test]
fn random_enters_each_tier_about_equally_and_is_deterministic() {
    let s = summary(2);
    let arrived = per_rep(&s, "random", "arrived");
    let t1 = per_rep(&s, "random", "tier.T1.handled");
    let esc_random = per_rep(&s, "random", "escalations_per_ticket");
    let esc_tiered = per_rep(&s, "tiered", "escalations_per_ticket");
    for r in 0..arrived.len() {
        // A third of the tickets enter at T1 (which finishes nearly all it gets); the
        // rest skip it, so there are fewer hand-offs than when climbing from T1.
        let share_t1 = t1[r] / arrived[r];
        assert!(
            (share_t1 - 1.0 / 3.0).abs() < 0.03,
            "replication {r}: {share_t1}"
        );
        assert!(esc_random[r] < esc_tiered[r], "replication {r}");
    }
    let again = summary(1);
    assert_eq!(
        serde_json::to_string(&s).unwrap_or_default(),
        serde_json::to_string(&again).unwrap_or_default(),
        "results differ between 1 and 2 threads"
    );
}

#[test]
fn misspelt_policy_kind_gets_a_suggestion() {
    let dir = tempdir();
    let text = bounds_scenario().replace("kind = \"oracle\"", "kind = \"orcale\"");
    let p = write(dir.path(), "k.toml", &text);
    let o = escalsim(dir.path(), &["validate", p.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("policies.oracle.kind"), "{err}");
    assert!(err.contains("did you mean `oracle`"), "{err}");
}

#[test]
fn bounds_are_never_recommended_ranked_or_on_the_pareto_front() {
    use escalsim::metrics::compare::{Method, compare};
    use escalsim::metrics::decision::decide;
    let s = summary(2);
    let bounds: Vec<&str> = s
        .candidates
        .iter()
        .filter(|c| c.bound)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(bounds, ["oracle", "random"]);
    // The oracle has the lowest breach rate, yet only tiered can be recommended.
    let d = decide(&s, 0, Method::Paired);
    assert_eq!(d.recommended.as_deref(), Some("tiered"));
    let c = compare(&s.candidates, 0, Method::Paired);
    let ranked: Vec<&str> = c.ranking.iter().map(|r| r.candidate.as_str()).collect();
    assert_eq!(ranked, ["tiered"]);
    assert!(c.pareto.iter().filter(|p| p.bound).all(|p| !p.on_front));
    assert!(
        c.pareto
            .iter()
            .any(|p| p.candidate == "tiered" && p.on_front)
    );
}
