//! Loading a ticket file: one pass over every row, collecting bad rows with their
//! lines, then either a streamed source (sorted one-row-per-ticket files with integer
//! ids) or compact in-memory records (event logs, unsorted files, string ids).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use csv::StringRecord;

use super::bounded::{Bounded, MAX_RECORD_BYTES};
use super::crlf::Lf;
use super::event_log::EventLog;
use super::mapping::{Field, Mapping, TierRule};
use super::record::{self, MISSING_ORDER_VALUE, Record, missing_for_steps};
use super::row::{Columns, RowParser};
use super::stream::StreamSpec;
use super::{
    BadRow, LISTED_BAD_ROWS, LoadOptions, LoadSummary, Replay, ReplayError, Source, input, tiers,
};
use crate::csv_cell::cell;
use crate::model::{ReplaySource, Scenario, TierId};
use crate::tickets::RecordedStep;

/// Collects bad rows: lists the first ones, writes every one to the reject file.
struct Rejects {
    path: PathBuf,
    listed: Vec<BadRow>,
    total: u64,
    out: Option<csv::Writer<BufWriter<File>>>,
}

impl Rejects {
    fn add(
        &mut self,
        line: u64,
        reason: String,
        rec: Option<&StringRecord>,
    ) -> Result<(), ReplayError> {
        self.total += 1;
        if let Some(w) = &mut self.out {
            let mut fields = vec![line.to_string(), cell(&reason).into_owned()];
            if let Some(r) = rec {
                fields.extend(r.iter().map(|f| cell(f).into_owned()));
            }
            w.write_record(&fields).map_err(|e| ReplayError::Write {
                path: self.path.clone(),
                source: std::io::Error::other(e),
            })?;
        }
        if self.listed.len() < LISTED_BAD_ROWS {
            self.listed.push(BadRow { line, reason });
        }
        Ok(())
    }
}

/// A CSV reader over `path` with the mapping's delimiter, and its cleaned header
/// (a UTF-8 byte-order mark is dropped). CRLF line ends are read as LF, so every
/// position names its exact line.
pub(super) fn reader(
    path: &Path,
    mapping: &Mapping,
) -> Result<(csv::Reader<Box<dyn Read + Send>>, StringRecord), ReplayError> {
    let inner: Box<dyn Read + Send> =
        Box::new(Bounded::new(Lf::new(input::open(path)?), MAX_RECORD_BYTES));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .flexible(false)
        .from_reader(inner);
    let header = rdr.headers().map_err(|e| ReplayError::Invalid {
        path: path.to_path_buf(),
        message: format!("cannot read the header: {e}"),
    })?;
    let header: StringRecord = header
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect();
    if header.is_empty() || (header.len() == 1 && header.get(0) == Some("")) {
        return Err(ReplayError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok((rdr, header))
}

/// Reads and checks the tickets of `source` for `scenario`.
pub fn load(
    scenario: &Scenario,
    source: &ReplaySource,
    opts: &LoadOptions,
) -> Result<Replay, ReplayError> {
    let (mapping, explicit) = match &source.mapping {
        Some(m) => (Mapping::load(m)?, true),
        None => (Mapping::native(), false),
    };
    let path = source.tickets.as_path();
    let (mut rdr, header) = reader(path, &mapping)?;
    let columns = Columns::find(&header, &mapping, scenario, explicit).map_err(|message| {
        ReplayError::Header {
            path: path.to_path_buf(),
            message,
        }
    })?;
    let parser = RowParser::new(&mapping, scenario, columns);
    let mut rejects = Rejects {
        path: opts.skip_bad_rows.clone().unwrap_or_default(),
        listed: Vec::new(),
        total: 0,
        out: None,
    };
    if let Some(p) = &opts.skip_bad_rows {
        // Written under a temporary name and renamed once every row is read.
        let f = crate::out_file::fresh(&crate::out_file::partial(p)).map_err(|source| {
            ReplayError::Write {
                path: p.clone(),
                source,
            }
        })?;
        // Flexible: a ragged row is written as it was read, whatever its width.
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(BufWriter::new(f));
        let mut h = vec!["line".to_string(), "reason".to_string()];
        h.extend(header.iter().map(|f| cell(f).into_owned()));
        w.write_record(&h).map_err(|e| ReplayError::Write {
            path: p.clone(),
            source: std::io::Error::other(e),
        })?;
        rejects.out = Some(w);
    }
    let mut summary = LoadSummary::default();
    let mut events = EventLog::default();
    events.has_agents = mapping.columns.contains_key(&Field::Agent);
    let mut ids: Vec<(u64, u64)> = Vec::new();
    let mut keys: HashMap<String, u64> = HashMap::new();
    let mut sorted = true;
    let mut last_arrival = i64::MIN;
    let mut bad_lines = Vec::new();
    each_row(&mut rdr, path, &parser, |line, rec, parsed| {
        summary.rows += 1;
        let outcome = parsed.and_then(|v| {
            if mapping.event_log {
                return events.push(v, line).map_err(|(l, e)| {
                    if l == line {
                        e
                    } else {
                        format!("{e} (ticket opened at line {l})")
                    }
                });
            }
            let id = v.key.parse::<u64>().ok();
            if id.is_none() {
                if let Some(&first) = keys.get(&v.key) {
                    return Err(format!(
                        "id: duplicate id `{}` (first used at line {first})",
                        v.key
                    ));
                }
            }
            let r = record::from_row(scenario, &v, id.unwrap_or(0), line)?;
            count_prediction(&mut summary.predictions, &r);
            sorted &= r.ticket.arrival >= last_arrival;
            last_arrival = last_arrival.max(r.ticket.arrival);
            match id {
                Some(id) => ids.push((id, line)),
                None => {
                    keys.insert(v.key, line);
                }
            }
            Ok(())
        });
        if let Err(reason) = outcome {
            bad_lines.push(line);
            rejects.add(line, reason, rec)?;
        }
        Ok(())
    })?;
    if let Err((line, reason)) = events.finish_current() {
        bad_lines.push(line);
        rejects.add(line, reason, None)?;
    }
    // Duplicate integer ids: every occurrence after the first is a bad row.
    ids.sort_unstable();
    for w in ids.windows(2) {
        if w[0].0 == w[1].0 {
            bad_lines.push(w[1].1);
            rejects.add(
                w[1].1,
                format!(
                    "id: duplicate id `{}` (first used at line {})",
                    w[1].0,
                    first_line(&ids, w[1].0)
                ),
                None,
            )?;
        }
    }
    let numeric = keys.is_empty();
    drop(ids);
    drop(keys);
    if summary.rows == 0 {
        return Err(ReplayError::Empty {
            path: path.to_path_buf(),
        });
    }
    if rejects.total > 0 && opts.skip_bad_rows.is_none() {
        let mut rows = rejects.listed;
        rows.sort_by_key(|r| r.line);
        return Err(ReplayError::BadRows {
            path: path.to_path_buf(),
            rows,
            total: rejects.total,
        });
    }
    if let Some(w) = &mut rejects.out {
        w.flush().map_err(|source| ReplayError::Write {
            path: rejects.path.clone(),
            source,
        })?;
        std::fs::rename(crate::out_file::partial(&rejects.path), &rejects.path).map_err(
            |source| ReplayError::Write {
                path: rejects.path.clone(),
                source,
            },
        )?;
    }
    summary.rejected = rejects.total;
    bad_lines.sort_unstable();

    let mut records = if mapping.event_log {
        from_events(scenario, &mapping, &events, path, &mut summary)?
    } else if sorted && numeric {
        let spec = StreamSpec::new(
            source.tickets.clone(),
            mapping.clone(),
            parser.columns.clone(),
            bad_lines,
        );
        let (before, inside, after) = spec.count_window(scenario)?;
        summary.before_start = before;
        summary.tickets = inside;
        summary.after_horizon = after;
        summary.streamed = true;
        return Ok(Replay {
            summary,
            source: Source::Stream(Box::new(spec)),
            failed: AtomicBool::new(false),
        });
    } else {
        // Second pass: keep the good rows in memory.
        let (mut rdr, _) = reader(path, &mapping)?;
        let mut out = Vec::new();
        each_row(&mut rdr, path, &parser, |line, _, parsed| {
            if bad_lines.binary_search(&line).is_err() {
                if let Ok(v) = parsed {
                    let id = v.key.parse::<u64>().unwrap_or(0);
                    if let Ok(r) = record::from_row(scenario, &v, id, line) {
                        out.push(r);
                    }
                }
            }
            Ok(())
        })?;
        out
    };
    summary.sorted_in_memory = !records
        .windows(2)
        .all(|w| w[0].ticket.arrival <= w[1].ticket.arrival);
    records.sort_by_key(|r| (r.ticket.arrival, r.line));
    if mapping.event_log || !numeric {
        summary.renumbered = true;
        for (i, r) in records.iter_mut().enumerate() {
            r.ticket.id = i as u64;
        }
    }
    let horizon = scenario.run.horizon_ms;
    summary.before_start = records.iter().filter(|r| r.ticket.arrival < 0).count() as u64;
    summary.after_horizon = records
        .iter()
        .filter(|r| r.ticket.arrival >= horizon)
        .count() as u64;
    records.retain(|r| (0..horizon).contains(&r.ticket.arrival));
    summary.tickets = records.len() as u64;
    Ok(Replay {
        summary,
        source: Source::Memory(Arc::new(records)),
        failed: AtomicBool::new(false),
    })
}

fn first_line(ids: &[(u64, u64)], id: u64) -> u64 {
    let i = ids.partition_point(|&(x, _)| x < id);
    ids.get(i).map_or(0, |p| p.1)
}

/// Calls `f(line, record, parsed)` for every data row; a row the CSV reader refuses
/// gets `record = None` and its reason. A read failure (a decompression error, a record
/// past [`MAX_RECORD_BYTES`]) is not a bad row: it fails the read, since the rest of
/// the file cannot be read.
pub(super) fn each_row<R: Read>(
    rdr: &mut csv::Reader<R>,
    path: &Path,
    parser: &RowParser<'_>,
    mut f: impl FnMut(
        u64,
        Option<&StringRecord>,
        Result<super::row::RowValues, String>,
    ) -> Result<(), ReplayError>,
) -> Result<(), ReplayError> {
    let mut rec = StringRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = rec.position().map_or(line, |p| p.line());
                f(line, Some(&rec), parser.parse(&rec))?;
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                let source = match e.into_kind() {
                    csv::ErrorKind::Io(io) => io,
                    other => std::io::Error::other(format!("{other:?}")),
                };
                return Err(ReplayError::Io {
                    path: path.to_path_buf(),
                    source: std::io::Error::new(
                        source.kind(),
                        format!("after line {line}: {source}"),
                    ),
                });
            }
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                f(line, None, Err(csv_reason(&e)))?;
            }
        }
    }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!(
                "has {len} fields, but the header has {expected_len} (an unquoted comma or a missing field?)"
            )
        }
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}

/// Event-log tickets → records: groups get tiers, stays become recorded steps.
fn from_events(
    scenario: &Scenario,
    mapping: &Mapping,
    events: &EventLog,
    path: &Path,
    summary: &mut LoadSummary,
) -> Result<Vec<Record>, ReplayError> {
    let placed = tiers::assign(&mapping.tiers, &events.groups, &events.done, scenario).map_err(
        |message| ReplayError::Invalid {
            path: path.to_path_buf(),
            message,
        },
    )?;
    let tiers = &placed.tiers;
    summary.groups = events
        .groups
        .iter()
        .cloned()
        .zip(tiers.iter().copied())
        .collect();
    summary.tier_agreement = agreements(scenario, mapping, events, &placed);
    if events.has_agents {
        let h = super::headcount::Headcount::from_presence(
            &events.presence,
            tiers,
            scenario.tiers.len(),
        );
        summary.headcount = (!h.is_empty()).then_some(h);
    }
    let mut out = Vec::with_capacity(events.done.len());
    for a in &events.done {
        let steps: Vec<RecordedStep> = a
            .stays
            .iter()
            .zip(&a.splits)
            .map(|(&(g, start, end), sp)| RecordedStep {
                tier: tiers[usize::from(g)],
                group: g,
                ms: end - start,
                pending_ms: sp.customer + sp.third_party,
                third_party: sp.third_party > sp.customer,
                lead_ms: sp.lead,
                queue_ms: if events.has_agents { sp.queue } else { 0 },
            })
            .collect();
        let mut v = a.last.clone();
        v.needed_tier = v.needed_tier.or(steps.last().map(|s| s.tier));
        let mut r =
            record::from_row(scenario, &v, 0, a.line).map_err(|m| ReplayError::Invalid {
                path: path.to_path_buf(),
                message: format!("line {}: {m}", a.line),
            })?;
        r.missing = missing_for_steps(scenario, &steps) | (r.missing & MISSING_ORDER_VALUE);
        let resolution_ms = a
            .resolved
            .then(|| a.stays.last().map_or(0, |s| s.2) - r.ticket.arrival);
        r.ticket.recorded = Some(record::recorded_history(steps, resolution_ms, &v));
        count_prediction(&mut summary.predictions, &r);
        out.push(r);
    }
    Ok(out)
}

/// Counts a replayed model's prediction and whether it names the tier the ticket
/// needed (only tickets whose need the file records).
fn count_prediction(counts: &mut (u64, u64), r: &Record) {
    if let Some((tier, _)) = r.prediction
        && r.missing & record::MISSING_NEED == 0
    {
        counts.0 += 1;
        counts.1 += u64::from(tier == r.ticket.needed_tier);
    }
}

/// The tiers of the groups against the labels the log (`tier_label`: each group's most
/// frequent label, ties to the lower tier) and the mapping (`[groups]`, while the other
/// groups are inferred) give.
fn agreements(
    scenario: &Scenario,
    mapping: &Mapping,
    events: &EventLog,
    placed: &tiers::Placed,
) -> Vec<tiers::Agreement> {
    let names: Vec<&str> = scenario.tiers.iter().map(|t| t.name.as_str()).collect();
    let n = events.groups.len();
    let labels: Vec<Option<TierId>> = (0..n)
        .map(|g| {
            let counts = events.labels.get(g)?;
            let (best, &c) = counts.iter().enumerate().rev().max_by_key(|&(_, c)| c)?;
            (c > 0).then_some(TierId(best as u16))
        })
        .collect();
    let compare = |subject, against, label: &[Option<TierId>], got: &[Option<TierId>]| {
        tiers::agreement(
            subject,
            against,
            &events.groups,
            &names,
            label,
            got,
            &placed.visits,
        )
    };
    const LABELLED: &str = "the labelled support line";
    let mut out = Vec::new();
    if matches!(mapping.tiers, TierRule::OpeningShare { .. }) {
        out.extend(compare("inferred", LABELLED, &labels, &placed.inferred));
        let given: Vec<Option<TierId>> = (0..n)
            .map(|g| placed.overridden[g].then_some(placed.tiers[g]))
            .collect();
        out.extend(compare(
            "inferred",
            "the mapping's [groups] table",
            &given,
            &placed.inferred,
        ));
    } else {
        let got: Vec<Option<TierId>> = placed.tiers.iter().map(|&t| Some(t)).collect();
        out.extend(compare("mapped", LABELLED, &labels, &got));
    }
    out
}
