//! `escalsim diagram SCENARIO [--policy NAME] [--format mermaid|dot] [--output FILE]`:
//! draw the routing policies as a flowchart on standard output or into a file.

use anyhow::{Context, bail};

use crate::cli::{DiagramArgs, DiagramFormatArg};
use crate::diagram::{self, Format};

use super::{Outcome, load_scenario};

/// Prints (or writes) the diagram of one policy or of every policy.
pub fn run(args: DiagramArgs) -> anyhow::Result<Outcome> {
    let loaded = load_scenario(&args.scenario, false)?;
    let s = &loaded.scenario;
    let charts = match &args.policy {
        None => diagram::all(s),
        Some(name) => match s.policies.iter().find(|p| &p.name == name) {
            Some(p) => vec![diagram::flowchart(s, p)],
            None => bail!(
                "{}: unknown policy `{name}`{}; the scenario's policies are: {}",
                args.scenario.display(),
                crate::metrics::compare::did_you_mean(
                    name,
                    &s.policies
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                ),
                s.policies
                    .iter()
                    .map(|p| format!("`{}`", p.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    let format = match args.format {
        DiagramFormatArg::Mermaid => Format::Mermaid,
        DiagramFormatArg::Dot => Format::Dot,
    };
    let text = diagram::render(&charts, format);
    match &args.output {
        None => {
            use std::io::Write;
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("writing the diagram")?;
        }
        Some(path) => {
            crate::report::write_atomic(path, text.as_bytes())
                .with_context(|| format!("writing the diagram to {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(Outcome::Ok)
}
