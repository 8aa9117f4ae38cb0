//! `escalsim completions SHELL` and `escalsim man`: the shell completion script
//! (clap_complete) and the manual page (clap_mangen, roff) generated from the same
//! clap definition as the commands, written to standard output.

use std::io::Write as _;

use anyhow::Context;
use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "escalsim", &mut out);
    std::io::stdout()
        .lock()
        .write_all(&out)
        .context("writing the completion script")?;
    Ok(Outcome::Ok)
}

/// Prints the manual page: the command, then one section per subcommand with its
/// options.
pub fn man() -> anyhow::Result<Outcome> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .context("rendering the manual page")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("escalsim {}", sub.get_name());
        out.extend_from_slice(format!("\n.SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone());
        page.render_description_section(&mut out)
            .context("rendering the manual page")?;
        page.render_options_section(&mut out)
            .context("rendering the manual page")?;
    }
    std::io::stdout()
        .lock()
        .write_all(&out)
        .context("writing the manual page")?;
    Ok(Outcome::Ok)
}
