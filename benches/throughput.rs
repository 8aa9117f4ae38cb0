//! Throughput benchmark on `scenarios/bench-3tier.toml` (`cargo bench`).
//!
//! Prints a table: ticket generation alone, one long single-threaded run with all
//! metrics on (tickets/s, events/s), one year of each escalation policy of
//! `scenarios/saas-outage.toml` (rules, triggers, noisy AI, loops), one year of
//! bench-3tier with multi-touch work at T2 and T3 (touches and customer waits), and the full
//! experiment (every candidate × the
//! scenario's replications) on 1 and 2 threads with the speed-up. Compare the ratios
//! within one run; absolute figures depend on the machine and its load.

use std::path::Path;
use std::time::Instant;

use escalsim::experiment::{self, Options};
use escalsim::{engine, policy, scenario, tickets::synthetic};

fn main() -> anyhow::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench-3tier.toml");
    let loaded = scenario::load(&path)?;
    let s = &loaded.scenario;
    let days = s.run.horizon_ms as f64 / 86_400_000.0;
    println!(
        "escalsim throughput benchmark: {} ({days:.0} days per run)",
        path.display()
    );
    println!();
    println!(
        "{:<52} {:>12} {:>14} {:>14}",
        "measurement", "wall s", "tickets/s", "events/s"
    );

    // 1. Ticket generation alone.
    let t0 = Instant::now();
    let n = synthetic::synthetic(s, 0).count();
    let gen_s = t0.elapsed().as_secs_f64();
    println!(
        "{:<52} {:>12.3} {:>14.0} {:>14}",
        "generate tickets (1 replication)",
        gen_s,
        n as f64 / gen_s,
        "-"
    );

    // 2. One long single-threaded run per policy, all metrics on, best of 3, on a
    //    worker thread like the experiment's jobs.
    for (p, spec) in s.policies.iter().enumerate() {
        let mut best = f64::INFINITY;
        let mut arrived = 0;
        let mut events = 0;
        for _ in 0..3 {
            let (wall, m) = one_run(s, p)?;
            best = best.min(wall);
            arrived = m.all_arrived;
            events = m.events;
        }
        println!(
            "{:<52} {:>12.3} {:>14.0} {:>14.0}",
            format!("one run, 1 thread, {} ({} tickets)", spec.name, arrived),
            best,
            arrived as f64 / best,
            events as f64 / best
        );
    }

    // 3. The escalation policies of scenarios/saas-outage.toml (rule SOP with
    //    triggers, noisy AI with review, status updates, follow-ups, reopens), one
    //    year each, single-threaded, beside the plain runs above.
    let saas_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/saas-outage.toml");
    let mut saas = scenario::load(&saas_path)?.scenario;
    saas.run.horizon_ms = 365 * 86_400_000;
    for (p, spec) in saas.policies.iter().enumerate() {
        let (wall, m) = one_run(&saas, p)?;
        println!(
            "{:<52} {:>12.3} {:>14.0} {:>14.0}",
            format!(
                "saas-outage 1 year, {} ({} tickets)",
                spec.name, m.all_arrived
            ),
            wall,
            m.all_arrived as f64 / wall,
            m.events as f64 / wall
        );
    }

    // 4. Multi-touch work: bench-3tier with T2 and T3 working the tickets they resolve
    //    in touches (on average 2 and 2.5) with customer waits in between, and about
    //    the same agent work per ticket (a tier that escalates a ticket still spends
    //    one per-touch handle time on it).
    let text = std::fs::read_to_string(&path)?
        .replace(
            "handle_minutes = { dist = \"exponential\", mean = 15 }",
            "handle_minutes = { dist = \"exponential\", mean = 7.5 }",
        )
        .replace(
            "handle_minutes = { dist = \"exponential\", mean = 45 }",
            "handle_minutes = { dist = \"exponential\", mean = 18 }",
        )
        + "\n[tiers.T2.touches]\nmore_probability = 0.5\n\
           reply_delay_minutes = { dist = \"exponential\", mean = 120 }\n\
           \n[tiers.T3.touches]\nmore_probability = 0.6\n\
           reply_delay_minutes = { dist = \"exponential\", mean = 240 }\n";
    let touches = scenario::from_str(&text, "bench-3tier-touches.toml")?.scenario;
    let (wall, m) = one_run(&touches, 1)?;
    println!(
        "{:<52} {:>12.3} {:>14.0} {:>14.0}",
        format!("multi-touch bench-3tier, fifo ({} tickets)", m.all_arrived),
        wall,
        m.all_arrived as f64 / wall,
        m.events as f64 / wall
    );

    // 5. The full experiment on 1 and 2 threads.
    let jobs = s.candidates().len() * s.run.replications as usize;
    let mut walls = Vec::new();
    for threads in [1usize, 2] {
        let t0 = Instant::now();
        let runs = experiment::run_all(
            s,
            &Options { threads },
            |r| synthetic::synthetic(s, r),
            &|| {},
        )?;
        let wall = t0.elapsed().as_secs_f64();
        let tickets: u64 = runs
            .iter()
            .flat_map(|c| &c.runs)
            .map(|r| r.all_arrived)
            .sum();
        let ev: u64 = runs.iter().flat_map(|c| &c.runs).map(|r| r.events).sum();
        println!(
            "{:<52} {:>12.3} {:>14.0} {:>14.0}",
            format!("full run: {jobs} jobs, {threads} thread(s)"),
            wall,
            tickets as f64 / wall,
            ev as f64 / wall
        );
        walls.push(wall);
    }
    println!();
    println!("speed-up 1 → 2 threads: {:.2}×", walls[0] / walls[1]);
    Ok(())
}

/// One run of `s`'s policy `p` (first staffing model, replication 0) on a worker
/// thread like the experiment's jobs: wall seconds and the run's metrics.
fn one_run(
    s: &escalsim::model::Scenario,
    p: usize,
) -> anyhow::Result<(f64, escalsim::metrics::RunMetrics)> {
    let (wall, m) = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let mut pol = policy::build(s, &s.policies[p], 0);
                let t0 = Instant::now();
                let m = engine::run(
                    s,
                    &s.staffing_models[0],
                    pol.as_mut(),
                    synthetic::synthetic(s, 0),
                );
                (t0.elapsed().as_secs_f64(), m)
            })
            .join()
    })
    .map_err(|_| anyhow::anyhow!("benchmark thread panicked"))?;
    Ok((wall, m?))
}
