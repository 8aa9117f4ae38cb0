//! Shared by `run`, `check`, `plan`, `calibrate` and `fit`: choose the ticket source
//! once (the scenario's `[replay]` log when it has one, else synthetic arrivals), say
//! what was read (rows, tickets, rejects, sorting) on stderr, and describe the source
//! for reports after the runs.

use std::path::Path;

use anyhow::{Context, bail};

use crate::model::Scenario;
use crate::tickets::TicketSource;
use crate::tickets::replay::{self, LoadOptions};

/// The scenario's ticket source: its `[replay]` log, loaded, or synthetic arrivals.
pub fn load(
    scenario: &Scenario,
    skip_bad_rows: Option<&Path>,
    quiet: bool,
) -> anyhow::Result<TicketSource> {
    let Some(source) = &scenario.replay else {
        if let Some(p) = skip_bad_rows {
            bail!(
                "--skip-bad-rows {}: the scenario has no [replay] table, so there are no rows to check",
                p.display()
            );
        }
        return Ok(TicketSource::Synthetic);
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
        let line = format!(
            "replay {}: {}",
            source.tickets.display(),
            replay.summary.describe()
        );
        eprintln!("{}", crate::terminal::escape(&line));
        for note in replay.summary.notes() {
            let line = format!("replay {}: {note}", source.tickets.display());
            eprintln!("{}", crate::terminal::escape(&line));
        }
        if let (Some(p), true) = (skip_bad_rows, replay.summary.rejected > 0) {
            eprintln!(
                "wrote {} rejected row(s) to {}",
                replay.summary.rejected,
                p.display()
            );
        }
    }
    Ok(TicketSource::Replay(Box::new(replay)))
}

/// After the runs: fails if a streamed file could not be re-read; otherwise describes
/// the ticket source for the report.
pub fn check_after(source: &TicketSource, scenario: &Scenario) -> anyhow::Result<String> {
    match (source.replay(), &scenario.replay) {
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
