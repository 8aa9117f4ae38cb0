//! Any bytes as a replayed ticket file (native schema) for a small fixed scenario: the
//! reader returns tickets or an error naming a line, never panics, and never holds
//! more than its record bound; the tickets it returns run through the engine and
//! conserve.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = include_str!("../../tests/snapshots/tiny.toml");

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("escalsim-fuzz-replay-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let tickets = dir.join("t.csv");
    if std::fs::write(&tickets, data).is_err() {
        return;
    }
    let text = format!(
        "{SCENARIO}\n[replay]\ntickets = {:?}\n",
        tickets.display().to_string()
    );
    let Ok(loaded) = escalsim::scenario::from_str(&text, "fuzz.toml") else {
        return;
    };
    let s = loaded.scenario;
    let Some(source) = s.replay.clone() else {
        return;
    };
    let Ok(replay) = escalsim::tickets::replay::load(&s, &source, &Default::default()) else {
        return;
    };
    let c = s.candidates()[0];
    let mut policy = escalsim::policy::build(&s, &s.policies[c.policy], 0);
    if let Ok(m) = escalsim::engine::run(
        &s,
        &s.staffing_models[c.staffing],
        policy.as_mut(),
        replay.tickets(&s, 0),
    ) {
        assert!(m.conserves());
    }
});
