//! Historical replay: reading ticket exports (the native ticket CSV of
//! `docs/tickets.md`, or any export through a column mapping, `docs/replay.md`) into
//! the same [`Ticket`] stream the synthetic generator produces.
//!
//! ```text
//! file (.csv | .csv.gz | .zip) ─► input::open ─► crlf::Lf ─► bounded ─► csv ─► row::RowParser ─► RowValues
//!    one row per ticket ──────────────────────────────► record::from_row ─► Record
//!    event log (one row per update) ─► event_log::EventLog ─► tiers::assign ─► Record
//! Record + (seed, replication) ─► record::realise ─► Ticket (gaps drawn per ticket,
//!                                                  AI estimate and noise key added)
//! ```
//!
//! **Bad rows** are collected with their line and reason; by default loading stops
//! with the first ones listed, or, with a reject file, they are written there and
//! counted in the [`LoadSummary`]. Nothing is dropped silently: tickets outside the
//! run window are counted too.
//!
//! **Memory**: a one-row-per-ticket file sorted by arrival with integer ids streams:
//! a first pass checks every row (keeping 8 bytes per ticket to find duplicate ids)
//! and every run re-reads the file. Unsorted files (sorted in memory, and said so),
//! files with non-integer ids (numbered 0, 1, … in arrival order) and event logs are
//! held as one compact record per ticket.

mod bounded;
mod crlf;
mod event_log;
mod glob;
pub mod headcount;
mod input;
pub mod mapping;
mod record;
mod row;
mod scan;
mod stream;
mod tiers;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub use mapping::Mapping;
pub use record::Record;
pub use scan::load;
pub use tiers::Agreement;

use crate::model::{Scenario, TierId};
use crate::tickets::Ticket;
use crate::tickets::extras::Extras;

/// How many bad rows an error lists.
pub const LISTED_BAD_ROWS: usize = 10;

/// Why a ticket file could not be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The reject file (`--skip-bad-rows`) could not be written.
    #[error("cannot write the rejected rows to {}: {source}", path.display())]
    Write {
        /// The reject file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The mapping file is not valid TOML or has an unknown key.
    #[error("{}: {message}", path.display())]
    MappingParse {
        /// The mapping file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// The mapping file has problems.
    #[error("{}: invalid mapping ({} problem(s)):\n{}", path.display(), problems.len(), problems.join("\n"))]
    Mapping {
        /// The mapping file.
        path: PathBuf,
        /// Every problem, with its TOML path and a fix.
        problems: Vec<String>,
    },
    /// A zip archive could not be used.
    #[error("{}: {message}", path.display())]
    Zip {
        /// The archive.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The file has no header row.
    #[error("{}: the file is empty (expected a header row, then one row per ticket)", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The header lacks a column.
    #[error("{}:1: {message}", path.display())]
    Header {
        /// The file.
        path: PathBuf,
        /// Which columns are missing.
        message: String,
    },
    /// Some rows are bad (and no reject file was given).
    #[error("{}", bad_rows_report(path, rows, *total))]
    BadRows {
        /// The file.
        path: PathBuf,
        /// The first bad rows.
        rows: Vec<BadRow>,
        /// How many rows are bad in all.
        total: u64,
    },
    /// A problem with the file as a whole (e.g. groups without a tier).
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        message: String,
    },
}

fn bad_rows_report(path: &std::path::Path, rows: &[BadRow], total: u64) -> String {
    let mut s = format!("{}: {total} bad row(s)", path.display());
    for r in rows {
        s.push_str(&format!("\n  line {}: {}", r.line, r.reason));
    }
    if total > rows.len() as u64 {
        s.push_str(&format!("\n  … and {} more", total - rows.len() as u64));
    }
    s.push_str(
        "\nfix the rows, or pass --skip-bad-rows FILE to write them to FILE and replay the rest",
    );
    s
}

/// A rejected row.
#[derive(Clone, Debug, PartialEq)]
pub struct BadRow {
    /// 1-based line where the row starts (the header is line 1).
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
}

/// Options for [`load`].
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Write rejected rows here (CSV: line, reason, then the row's fields) and replay
    /// the rest, instead of stopping.
    pub skip_bad_rows: Option<PathBuf>,
}

/// What loading found, for the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadSummary {
    /// Data rows read (header excluded).
    pub rows: u64,
    /// Tickets replayed (inside the run window).
    pub tickets: u64,
    /// Rows rejected (written to the reject file).
    pub rejected: u64,
    /// Tickets arriving before the scenario's start, not replayed.
    pub before_start: u64,
    /// Tickets arriving at or after the horizon, not replayed.
    pub after_horizon: u64,
    /// The file was not sorted by arrival and was sorted in memory.
    pub sorted_in_memory: bool,
    /// Ids were not integers and were renumbered 0, 1, … in arrival order.
    pub renumbered: bool,
    /// The tickets stream from the file (else held in memory).
    pub streamed: bool,
    /// Handling groups and their tiers (event logs).
    pub groups: Vec<(String, TierId)>,
    /// How far the groups' tiers agree with the tier labels the log or the mapping
    /// gives (event logs with a `tier_label` column, or `[groups]` beside inference).
    pub tier_agreement: Vec<Agreement>,
    /// People at work per tier and hour (event logs with an `agent` column).
    pub headcount: Option<headcount::Headcount>,
    /// Tickets carrying a team model's prediction (`predicted_tier`), and of those the
    /// ones whose prediction is the tier they needed (the recorded resolving tier, or
    /// the `needed_tier` column).
    pub predictions: (u64, u64),
}

impl LoadSummary {
    /// One line for the user.
    pub fn describe(&self) -> String {
        let mut s = format!("{} rows, {} tickets replayed", self.rows, self.tickets);
        if self.rejected > 0 {
            s.push_str(&format!(", {} bad rows rejected", self.rejected));
        }
        if self.before_start + self.after_horizon > 0 {
            s.push_str(&format!(
                ", {} before the start and {} at or after the horizon not replayed",
                self.before_start, self.after_horizon
            ));
        }
        if self.sorted_in_memory {
            s.push_str(", not sorted by arrival: sorted in memory");
        }
        if self.renumbered {
            s.push_str(", ids renumbered in arrival order");
        }
        s
    }

    /// Further lines for the user (how far the tiers agree with labels, how often a
    /// replayed model's predictions were right), one each.
    pub fn notes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .tier_agreement
            .iter()
            .map(Agreement::describe)
            .collect();
        let (n, right) = self.predictions;
        if n > 0 {
            out.push(format!(
                "replayed model: {n} tickets carry a predicted tier; it is the tier they needed for {right} ({:.1} %); the `ai` policy routes by it",
                100.0 * right as f64 / n as f64
            ));
        }
        out
    }
}

/// Loaded replay data: where the tickets come from, ready to stream per replication.
#[derive(Debug)]
pub struct Replay {
    /// What loading found.
    pub summary: LoadSummary,
    source: Source,
    failed: AtomicBool,
}

#[derive(Debug)]
enum Source {
    Memory(Arc<Vec<Record>>),
    Stream(Box<stream::StreamSpec>),
}

impl Replay {
    /// The records, when held in memory (event logs, unsorted files).
    pub fn records(&self) -> Option<&[Record]> {
        match &self.source {
            Source::Memory(r) => Some(r),
            Source::Stream(_) => None,
        }
    }

    /// Replication `replication`'s tickets, in arrival order, inside the run window.
    pub fn tickets<'a>(
        &'a self,
        scenario: &'a Scenario,
        replication: u32,
    ) -> Box<dyn Iterator<Item = Ticket> + 'a> {
        match &self.source {
            Source::Memory(records) => {
                let mut extras = Extras::new(scenario, replication);
                Box::new(records.iter().map(move |r| record::realise(r, &mut extras)))
            }
            Source::Stream(spec) => Box::new(spec.iter(scenario, replication, &self.failed)),
        }
    }

    /// Whether a streamed re-read failed (the file changed or vanished during the
    /// runs); results are then incomplete and must not be reported.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}
