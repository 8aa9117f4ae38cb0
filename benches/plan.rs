//! Planning benchmark (`cargo bench --bench plan`): `escalsim plan` on the four-tier
//! two-week-peak scenario `scenarios/peak-4tier.toml`, printing the wall time, the
//! simulations it took and the plan's size. Target: under a minute on the 2-core
//! machine type.

use std::path::Path;
use std::time::Instant;

use escalsim::plan::{self, PlanOptions};
use escalsim::scenario;
use escalsim::tickets::TicketSource;

fn main() -> anyhow::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/peak-4tier.toml");
    let loaded = scenario::load(&path)?;
    let s = &loaded.scenario;
    let options = PlanOptions {
        policy: 0,
        attainment: 0.9,
        block_hours: 4,
        max_rounds: 40,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let t0 = Instant::now();
    let p = plan::plan(s, &TicketSource::Synthetic, &options, &|_| {})?;
    let wall = t0.elapsed().as_secs_f64();
    println!(
        "plan {}: {} tiers × {} blocks, {} simulations of {} replications × {:.0} days, {:.1} s wall on {} threads; {:.0} agent-hours/week, meets every SLA: {}",
        path.display(),
        s.tiers.len(),
        p.blocks.count(),
        p.steps.len() + 1,
        s.run.replications,
        s.run.horizon_ms as f64 / 86_400_000.0,
        wall,
        options.threads,
        p.agent_hours_per_week(),
        p.meets
    );
    Ok(())
}
