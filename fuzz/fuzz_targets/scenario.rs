//! Any bytes as a scenario file: parsing and validation return an error or a scenario,
//! never panic. A valid scenario is then sized (the limits' integration of the arrival
//! rate) and, when small, run for one candidate × replication: a validated scenario
//! must always be consistent enough for the engine, and the run must conserve tickets.
#![no_main]

use escalsim::model::time::DAY_MS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = escalsim::scenario::from_str(text, "fuzz.toml") else {
        return;
    };
    let s = loaded.scenario;
    if s.run.horizon_ms > 60 * DAY_MS {
        return;
    }
    let expected = escalsim::limits::expected_tickets(&s);
    if !(expected <= 5_000.0) {
        return;
    }
    let c = s.candidates()[0];
    let mut policy = escalsim::policy::build(&s, &s.policies[c.policy], 0);
    let tickets = escalsim::tickets::synthetic(&s, 0);
    if let Ok(m) =
        escalsim::engine::run(&s, &s.staffing_models[c.staffing], policy.as_mut(), tickets)
    {
        assert!(m.conserves());
    }
});
