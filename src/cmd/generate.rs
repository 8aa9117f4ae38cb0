//! `escalsim generate SCENARIO --out FILE`: write one replication's synthetic ticket
//! stream in the ticket CSV schema.

use std::io::BufWriter;

use anyhow::Context;

use crate::cli::GenerateArgs;
use crate::out_file;
use crate::tickets::{csv_out, synthetic};

use super::{Outcome, load_scenario};

/// Writes the CSV and says how many tickets it holds.
pub fn run(args: GenerateArgs) -> anyhow::Result<Outcome> {
    let mut loaded = load_scenario(&args.scenario, false)?;
    if let Some(seed) = args.seed {
        loaded.scenario.run.seed = seed;
    }
    let scenario = &loaded.scenario;
    let mut inputs: Vec<&std::path::Path> = vec![&args.scenario];
    if let Some(r) = &scenario.replay {
        inputs.push(&r.tickets);
        inputs.extend(r.mapping.as_deref());
    }
    out_file::check_csv_target(&args.out, "--out", &inputs).map_err(anyhow::Error::msg)?;
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
    }
    let tmp = out_file::partial(&args.out);
    let file = out_file::fresh(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let rows = csv_out::write_tickets(
        scenario,
        synthetic::synthetic(scenario, args.replication),
        BufWriter::new(file),
    )
    .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &args.out)
        .with_context(|| format!("cannot move {} to {}", tmp.display(), args.out.display()))?;
    eprintln!(
        "wrote {rows} tickets (replication {}, seed {}) to {}",
        args.replication,
        scenario.run.seed,
        args.out.display()
    );
    Ok(Outcome::Ok)
}
