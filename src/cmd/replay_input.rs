//! Shared by `run`, `calibrate` and `fit`: load a scenario's `[replay]` tickets and say
//! what was read (rows, tickets, rejects, sorting) on stderr.

use std::path::Path;

use anyhow::{Context, bail};

use crate::model::Scenario;
use crate::tickets::replay::{self, LoadOptions, Replay};

/// Loads the scenario's replay tickets, if it has a `[replay]` table.
pub fn load(
    scenario: &Scenario,
    skip_bad_rows: Option<&Path>,
    quiet: bool,
) -> anyhow::Result<Option<Replay>> {
    let Some(source) = &scenario.replay else {
        if let Some(p) = skip_bad_rows {
            bail!(
                "--skip-bad-rows {}: the scenario has no [replay] table, so there are no rows to check",
                p.display()
            );
        }
        return Ok(None);
    };
    if let Some(out) = skip_bad_rows {
        let mut inputs: Vec<&Path> = vec![&source.tickets];
        inputs.extend(source.mapping.as_deref());
        crate::out_file::check_csv_target(out, "--skip-bad-rows", &inputs)
            .map_err(anyhow::Error::msg)?;
    }
    let opts = LoadOptions {
        skip_bad_rows: skip_bad_rows.map(Path::to_path_buf),
    };
    let replay = replay::load(scenario, source, &opts)
        .with_context(|| format!("replaying {}", source.tickets.display()))?;
    if !quiet {
        eprintln!(
            "replay {}: {}",
            source.tickets.display(),
            replay.summary.describe()
        );
        if let (Some(p), true) = (skip_bad_rows, replay.summary.rejected > 0) {
            eprintln!(
                "wrote {} rejected row(s) to {}",
                replay.summary.rejected,
                p.display()
            );
        }
    }
    Ok(Some(replay))
}

/// After the runs: fails if a streamed file could not be re-read; otherwise describes
/// the ticket source for the report.
pub fn check_after(replay: Option<&Replay>, scenario: &Scenario) -> anyhow::Result<String> {
    match (replay, &scenario.replay) {
        (Some(r), Some(src)) => {
            if r.failed() {
                bail!(
                    "{}: the file changed or could not be re-read during the runs; the results are incomplete and were not written",
                    src.tickets.display()
                );
            }
            Ok(format!(
                "replay {} ({})",
                src.tickets.display(),
                r.summary.describe()
            ))
        }
        _ => Ok("synthetic".to_string()),
    }
}
