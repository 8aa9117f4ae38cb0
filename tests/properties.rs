//! Property tests (proptest, modest case counts): arbitrary small valid scenarios run
//! without panics, conserve every ticket and give identical results at any thread count;
//! arbitrary bytes or damaged text as a scenario give an error, never a panic.

use escalsim::experiment::{self, Options};
use escalsim::tickets::synthetic;
use proptest::prelude::*;

use crate::support::shipped;

/// One tier of a generated scenario: agents, mean handle minutes, need share.
type TierGen = (u32, u32, u32);

/// A small valid scenario as TOML text.
fn scenario_text(
    tiers: &[TierGen],
    per_hour: u32,
    horizon_hours: u32,
    warmup_hours: u32,
    patience: Option<u32>,
    high_share_pct: u32,
    seed: u64,
) -> String {
    let names: Vec<String> = (1..=tiers.len()).map(|i| format!("T{i}")).collect();
    let mut t = format!(
        "name = \"prop\"\n[run]\nstart = 2026-01-05T00:00:00\nhorizon_days = {}\nwarmup_days = {}\nreplications = 2\nseed = {seed}\n\n",
        f64::from(horizon_hours) / 24.0,
        f64::from(warmup_hours.min(horizon_hours - 1)) / 24.0,
    );
    for (name, (agents, mean, _)) in names.iter().zip(tiers) {
        t += &format!(
            "[tiers.{name}]\nagents = {agents}\nhandle_minutes = {{ dist = \"exponential\", mean = {mean} }}\n\n"
        );
    }
    let path: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    t += &format!("[escalation]\npath = [{}]\n\n", path.join(", "));
    t += "[segments.all]\nshare = 1\n";
    if let Some(p) = patience {
        t += &format!("patience_minutes = {{ dist = \"exponential\", mean = {p} }}\n");
    }
    let total: u32 = tiers.iter().map(|x| x.2).sum();
    let needs: Vec<String> = names
        .iter()
        .zip(tiers)
        .map(|(n, x)| format!("{n} = {}", f64::from(x.2) / f64::from(total)))
        .collect();
    t += &format!(
        "\n[categories.general]\nshare = 1\nneeds = {{ {} }}\n\n",
        needs.join(", ")
    );
    let high = f64::from(high_share_pct) / 100.0;
    t += &format!("[severity]\nhigh = {high}\nlow = {}\n\n", 1.0 - high);
    for sev in ["critical", "high", "medium", "low"] {
        t += &format!("[sla.{sev}]\nfirst_response_minutes = 30\nresolution_hours = 8\n\n");
    }
    t += &format!(
        "[arrivals]\nper_hour = {per_hour}\n\n[policies.fifo]\ndiscipline = \"fifo\"\n\n[policies.severity]\ndiscipline = \"severity\"\n"
    );
    t
}

fn small_scenario() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((1u32..6, 1u32..90, 1u32..10), 1..4),
        1u32..80,
        2u32..96,
        0u32..24,
        prop::option::of(1u32..240),
        1u32..100,
        // TOML integers are i64.
        0..=i64::MAX as u64,
    )
        .prop_map(|(tiers, rate, horizon, warmup, patience, high, seed)| {
            scenario_text(&tiers, rate, horizon, warmup, patience, high, seed)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn small_valid_scenarios_conserve_tickets_at_any_thread_count(text in small_scenario()) {
        let loaded = escalsim::scenario::from_str(&text, "prop.toml")
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let s = &loaded.scenario;
        let run = |threads| {
            experiment::run_all(s, &Options { threads }, |r| synthetic::synthetic(s, r), &|| {})
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))
        };
        let one = run(1)?;
        let three = run(3)?;
        for c in &one {
            for r in &c.runs {
                prop_assert!(r.conserves(), "{}: conservation failed\n{text}", c.name);
            }
        }
        let a = experiment::summarise(s, &one, &loaded.source_hash, "synthetic");
        let b = experiment::summarise(s, &three, &loaded.source_hash, "synthetic");
        let (a, b) = (serde_json::to_string(&a), serde_json::to_string(&b));
        prop_assert!(a.is_ok() && a.ok() == b.ok(), "results differ across thread counts\n{text}");
    }

    #[test]
    fn arbitrary_bytes_as_a_scenario_are_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(escalsim::scenario::from_str(&text, "fuzz.toml").is_err());
    }

    #[test]
    fn damaged_scenarios_never_panic(cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..40, "[\\[\\]=\"a-z0-9.\\-\n ]{0,12}"), 1..6)) {
        let mut text = std::fs::read_to_string(shipped("support-basic.toml")).unwrap_or_default();
        for (at, len, insert) in cuts {
            let mut start = at.index(text.len().max(1));
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end, &insert);
        }
        // Valid or not, it must return rather than panic; a valid one must also load its warnings.
        let _ = escalsim::scenario::from_str(&text, "damaged.toml");
    }
}
