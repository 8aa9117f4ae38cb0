//! Every shipped scenario loads without warnings and runs (shortened to keep the test
//! fast) with every ticket accounted for.

use escalsim::experiment::{self, Options};
use escalsim::model::time::DAY_MS;
use escalsim::tickets::synthetic;

use crate::support::repo;

#[test]
fn every_shipped_scenario_runs_and_conserves_tickets() {
    let mut paths: Vec<_> = std::fs::read_dir(repo().join("scenarios"))
        .expect("scenarios/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2, "{paths:?}");
    for path in paths {
        let loaded =
            escalsim::scenario::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            loaded.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.warnings
        );
        let mut s = loaded.scenario;
        s.run.horizon_ms = s.run.horizon_ms.min(21 * DAY_MS);
        s.run.warmup_ms = s.run.warmup_ms.min(DAY_MS);
        s.run.replications = 2;
        let runs = experiment::run_all(
            &s,
            &Options { threads: 2 },
            |r| synthetic::synthetic(&s, r),
            &|| {},
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for c in &runs {
            for r in &c.runs {
                assert!(r.arrived > 100, "{}: {} tickets", path.display(), r.arrived);
                assert_eq!(
                    r.all_arrived,
                    r.all_resolved + r.all_abandoned + r.all_open,
                    "{} {}",
                    path.display(),
                    c.name
                );
                assert!(r.resolved > 0);
            }
        }
    }
}
