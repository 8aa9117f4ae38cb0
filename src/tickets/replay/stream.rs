//! Streaming a checked, sorted one-row-per-ticket file: every run re-reads it row by
//! row, skipping the rows the first pass rejected and the tickets outside the run
//! window, so memory does not grow with the file.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use csv::StringRecord;

use super::ReplayError;
use super::mapping::Mapping;
use super::record;
use super::row::{Columns, RowParser};
use super::scan::{each_row, reader};
use crate::model::Scenario;
use crate::tickets::Ticket;
use crate::tickets::extras::Extras;

/// A file to stream, with what the first pass learnt.
#[derive(Debug)]
pub struct StreamSpec {
    path: PathBuf,
    mapping: Mapping,
    columns: Columns,
    /// Lines of rejected rows, sorted.
    bad_lines: Vec<u64>,
}

impl StreamSpec {
    /// A spec for `path`.
    pub fn new(
        path: PathBuf,
        mapping: Mapping,
        columns: Columns,
        bad_lines: Vec<u64>,
    ) -> StreamSpec {
        StreamSpec {
            path,
            mapping,
            columns,
            bad_lines,
        }
    }

    /// Tickets before the start, inside the window and at or after the horizon.
    pub fn count_window(&self, scenario: &Scenario) -> Result<(u64, u64, u64), ReplayError> {
        let (mut rdr, _) = reader(&self.path, &self.mapping)?;
        let parser = RowParser::new(&self.mapping, scenario, self.columns.clone());
        let horizon = scenario.run.horizon_ms;
        let mut counts = (0, 0, 0);
        each_row(&mut rdr, &self.path, &parser, |line, _, parsed| {
            if let (Ok(v), Err(_)) = (parsed, self.bad_lines.binary_search(&line)) {
                if v.arrival < 0 {
                    counts.0 += 1;
                } else if v.arrival < horizon {
                    counts.1 += 1;
                } else {
                    counts.2 += 1;
                }
            }
            Ok(())
        })?;
        Ok(counts)
    }

    /// Replication `replication`'s tickets.
    pub fn iter<'a>(
        &'a self,
        scenario: &'a Scenario,
        replication: u32,
        failed: &'a AtomicBool,
    ) -> StreamIter<'a> {
        let rdr = match reader(&self.path, &self.mapping) {
            Ok((r, _)) => Some(r),
            Err(_) => {
                failed.store(true, Ordering::Relaxed);
                None
            }
        };
        StreamIter {
            spec: self,
            parser: RowParser::new(&self.mapping, scenario, self.columns.clone()),
            rdr,
            rec: StringRecord::new(),
            extras: Extras::new(scenario, replication),
            failed,
        }
    }
}

/// The tickets of a streamed file.
pub struct StreamIter<'a> {
    spec: &'a StreamSpec,
    parser: RowParser<'a>,
    rdr: Option<csv::Reader<Box<dyn Read + Send>>>,
    rec: StringRecord,
    extras: Extras<'a>,
    failed: &'a AtomicBool,
}

impl Iterator for StreamIter<'_> {
    type Item = Ticket;

    fn next(&mut self) -> Option<Ticket> {
        let rdr = self.rdr.as_mut()?;
        let horizon = self.parser.scenario.run.horizon_ms;
        loop {
            match rdr.read_record(&mut self.rec) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    if self.spec.bad_lines.is_empty() || matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.failed.store(true, Ordering::Relaxed);
                        return None;
                    }
                    continue;
                }
            }
            let line = self.rec.position().map_or(0, |p| p.line());
            if self.spec.bad_lines.binary_search(&line).is_ok() {
                continue;
            }
            let parsed = self.parser.parse(&self.rec).and_then(|v| {
                let id = v.key.parse::<u64>().map_err(|e| e.to_string())?;
                record::from_row(self.parser.scenario, &v, id, line)
            });
            match parsed {
                Ok(r) if r.ticket.arrival < 0 => continue,
                Ok(r) if r.ticket.arrival >= horizon => return None,
                Ok(r) => return Some(record::realise(&r, &mut self.extras)),
                Err(_) => {
                    // The first pass accepted this row: the file changed since.
                    self.failed.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
    }
}
