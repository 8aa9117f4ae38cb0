//! `escalsim check SCENARIO --baseline FILE`: re-run the scenario with the baseline's
//! seed and replications and fail (exit 1) when a watched metric regressed beyond its
//! tolerance with 95 % confidence. For CI jobs on repositories that keep their SOP
//! scenario under version control. A scenario with `[replay]` replays its log.

use std::io::Write as _;

use anyhow::{Context, bail};

use crate::cli::CheckArgs;
use crate::experiment::{self, Options};
use crate::metrics::gate;
use crate::model::Watch;
use crate::report::{Exporter, gate as gate_report, json::Json, write_atomic};
use crate::tickets::fingerprint::{Tee, fingerprint};

use super::{Outcome, baseline, load_scenario, replay_input};

/// Parses `METRIC=+TOL` (may rise by at most TOL) or `METRIC=-TOL` (may fall by at
/// most TOL).
fn parse_watch(s: &str) -> anyhow::Result<Watch> {
    let usage = "use METRIC=+TOL (may rise by at most TOL) or METRIC=-TOL (may fall by at most TOL), e.g. --watch resolution_breach_rate.segment.enterprise=+0.01";
    let Some((metric, tol)) = s.rsplit_once('=') else {
        bail!("--watch {s:?}: missing `=`; {usage}");
    };
    let (sign, number) = match tol.trim().chars().next() {
        Some('+') => ('+', &tol.trim()[1..]),
        Some('-') => ('-', &tol.trim()[1..]),
        _ => bail!("--watch {s:?}: the tolerance must start with + or -; {usage}"),
    };
    let v: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)
        .with_context(|| format!("--watch {s:?}: {number:?} is not a number >= 0; {usage}"))?;
    Ok(Watch {
        metric: metric.trim().to_string(),
        max_increase: (sign == '+').then_some(v),
        max_decrease: (sign == '-').then_some(v),
        candidates: Vec::new(),
    })
}

/// Runs the check.
pub fn run(args: CheckArgs) -> anyhow::Result<Outcome> {
    if !args.update_baseline {
        for (flag, given) in [
            ("--replications", args.run.replications.is_some()),
            ("--seed", args.run.seed.is_some()),
        ] {
            if given {
                bail!(
                    "{flag} requires --update-baseline: a check re-runs the baseline's seed and replications"
                );
            }
        }
    }
    let mut loaded = load_scenario(&args.scenario, args.quiet)?;
    let mut watches = loaded.scenario.checks.clone();
    for w in &args.watch {
        watches.push(parse_watch(w)?);
    }
    let baseline = if args.baseline.exists() || !args.update_baseline {
        Some(baseline::read(&args.baseline, &watches)?)
    } else {
        None
    };
    if let Some(b) = &baseline {
        loaded.scenario.run.seed = b.run.seed;
        loaded.scenario.run.replications = b.run.replications;
    }
    if let Some(r) = args.run.replications.filter(|&r| r < 2) {
        bail!("--replications must be at least 2 (the check needs confidence intervals), got {r}");
    }
    args.run.apply(&mut loaded.scenario.run);
    if watches.is_empty() && !args.update_baseline {
        bail!(
            "{}: nothing to watch: add [[check.watch]] tables to the scenario (see docs/ci.md) or pass --watch METRIC=+TOL",
            args.scenario.display()
        );
    }
    let threads = args.run.threads();
    let s = &loaded.scenario;
    crate::limits::check(&crate::limits::estimate(s, experiment::job_count(s))).with_context(
        || {
            format!(
                "{}: with {} replications (from the baseline or --replications)",
                args.scenario.display(),
                s.run.replications
            )
        },
    )?;
    let tickets = replay_input::load(s, None, args.quiet)?;
    // Replication 0's stream is fingerprinted as a job reads it (see `Tee`).
    let tee = Tee::default();
    let runs = experiment::run_all(
        s,
        &Options { threads },
        |r| tee.wrap(r, tickets.tickets(s, r)),
        &|| {},
    )
    .with_context(|| format!("running {}", args.scenario.display()))?;
    let stream = tee
        .finished()
        .unwrap_or_else(|| fingerprint(tickets.tickets(s, 0)));
    let source = replay_input::check_after(&tickets, s)?;
    let mut summary = experiment::summarise(s, &runs, &loaded.source_hash, &source);
    summary.run.tickets_sha256 = stream;
    let scenario_name = args.scenario.display().to_string();
    let baseline_name = args.baseline.display().to_string();

    let verdicts = match &baseline {
        Some(b) => gate::judge(b, &summary, &watches)
            .with_context(|| format!("comparing with the baseline {baseline_name}"))?,
        None => Vec::new(),
    };
    let md = gate_report::markdown(&scenario_name, &baseline_name, &verdicts);
    if let Some(path) = &args.junit {
        write_atomic(
            path,
            gate_report::junit(&scenario_name, &verdicts).as_bytes(),
        )
        .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.markdown {
        write_atomic(path, md.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    }
    if baseline.is_some() && !args.quiet {
        std::io::stdout()
            .lock()
            .write_all(md.as_bytes())
            .context("writing the check summary")?;
        if baseline
            .as_ref()
            .is_some_and(|b| b.run.scenario_sha256 != summary.run.scenario_sha256)
        {
            eprintln!(
                "note: the scenario changed since the baseline was recorded; results are paired by seed and replication"
            );
        }
    }
    if args.update_baseline {
        let bytes = Json.render(&summary)?;
        if let Some(parent) = args.baseline.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        write_atomic(&args.baseline, &bytes)
            .with_context(|| format!("writing the baseline {baseline_name}"))?;
        if !args.quiet {
            eprintln!(
                "baseline {} {} (seed {}, {} replications)",
                baseline_name,
                if baseline.is_some() {
                    "updated"
                } else {
                    "created"
                },
                summary.run.seed,
                summary.run.replications
            );
        }
        return Ok(Outcome::Ok);
    }
    Ok(if verdicts.iter().any(|v| v.failed) {
        Outcome::CheckFailed
    } else {
        Outcome::Ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watch_flags_parse() {
        let w = parse_watch("resolution_breach_rate=+0.01").unwrap();
        assert_eq!(w.max_increase, Some(0.01));
        let w = parse_watch("tier.T1.utilisation=-0.5").unwrap();
        assert_eq!(w.max_decrease, Some(0.5));
        for bad in ["x", "x=0.1", "x=+abc", "x=+-1"] {
            assert!(parse_watch(bad).is_err(), "{bad}");
        }
    }
}
