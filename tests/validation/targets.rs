//! `[targets]`: limits read with their direction, and every wrong target reported with
//! its path.

use super::{edit, find, loaded, problems};

#[test]
fn targets_are_read_with_their_direction() {
    let l = loaded(&edit(
        "",
        "[targets]\nresolution_breach_rate = 0.01\nservice_level_offered = 0.8\n\"first_response_breach_rate.segment.all\" = 0.005\n\"tier.T2.wait_mean_minutes\" = 30",
    ));
    let t = &l.scenario.targets;
    assert_eq!(t.len(), 4);
    assert_eq!(
        (t[0].metric.as_str(), t[0].limit, t[0].at_most),
        ("resolution_breach_rate", 0.01, true)
    );
    // A service level is better higher: a lower limit.
    assert!(!t[1].at_most);
    assert!(t[2].at_most && t[3].at_most);
}

#[test]
fn wrong_targets_are_refused_with_their_path() {
    let ps = problems(&edit("", "[targets]\nresolution_breach = 0.01"));
    let p = find(&ps, "targets.resolution_breach");
    assert!(p.fix.contains("resolution_breach_rate"), "{}", p.fix);
    let ps = problems(&edit("", "[targets]\nresolution_breach_rate = 1.5"));
    let p = find(&ps, "targets.resolution_breach_rate");
    assert!(p.message.contains("share from 0 to 1"), "{}", p.message);
    let ps = problems(&edit("", "[targets]\n\"tier.T9.utilisation\" = 0.8"));
    let p = find(&ps, "targets.\"tier.T9.utilisation\"");
    assert!(p.message.contains("T9"), "{}", p.message);
    let ps = problems(&edit("", "[targets]\nresolution_breach_rate = \"1%\""));
    let p = find(&ps, "targets.resolution_breach_rate");
    assert!(p.message.contains("must be a number"), "{}", p.message);
    let ps = problems(&edit("", "[targets]\nttr_mean_hours = -1"));
    let p = find(&ps, "targets.ttr_mean_hours");
    assert!(p.fix.contains("hours"), "{}", p.fix);
    let ps = problems(&edit("", "[targets]\narrived = 100"));
    let p = find(&ps, "targets.arrived");
    assert!(p.message.contains("no better direction"), "{}", p.message);
    let ps = problems(&edit(
        "",
        "[targets]\n\"resolution_breach_rate.severity.urgent\" = 0.1",
    ));
    let p = find(&ps, "targets.\"resolution_breach_rate.severity.urgent\"");
    assert!(p.message.contains("urgent"), "{}", p.message);
}
