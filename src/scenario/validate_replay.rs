//! `[replay]`: the ticket file (and optional column mapping) to replay instead of the
//! synthetic stream. The files themselves are read by `tickets::replay`; here only the
//! table's shape is checked.

use super::problem::Problems;
use super::raw::RawReplay;
use crate::model::ReplaySource;

/// Validates `[replay]`; `None` when absent or invalid (invalid records a problem).
pub(crate) fn replay(ps: &mut Problems, raw: Option<&RawReplay>) -> Option<ReplaySource> {
    let raw = raw?;
    let tickets = match raw.tickets.as_deref() {
        Some(t) if !t.trim().is_empty() => Some(t),
        Some(_) => {
            ps.error(
                "replay.tickets",
                "must be a non-empty path",
                "give the ticket file relative to the scenario file, e.g. tickets = \"../datasets/tickets.csv.gz\"",
            );
            None
        }
        None => {
            ps.error(
                "replay.tickets",
                "missing required field: the ticket file to replay",
                "add tickets = \"<file>\" (CSV, .csv.gz or .zip), relative to the scenario file",
            );
            None
        }
    };
    if raw.mapping.as_deref().is_some_and(|m| m.trim().is_empty()) {
        ps.error(
            "replay.mapping",
            "must be a non-empty path",
            "give the mapping file relative to the scenario file, or leave mapping out for the native ticket schema",
        );
        return None;
    }
    Some(ReplaySource {
        tickets: tickets?.into(),
        mapping: raw.mapping.as_ref().map(Into::into),
    })
}
