//! One CSV row → typed field values: finds the mapped columns in the header, then
//! parses a row's timestamps, names (through the mapping's value maps, into the
//! scenario's ids), numbers and recorded work, and reads its text (keywords and
//! lexicon sentiment, [`crate::ai::text`]; the text itself is not kept). Every failure
//! is a reason string that the caller reports with the row's line.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use csv::StringRecord;

use super::bounded::prefix;
use super::mapping::{Field, Mapping};
use crate::ai::{KeywordMatcher, TextFeatures};
use crate::csv_cell::restore;
use crate::model::{CategoryId, MAX_TIERS, Scenario, SegmentId, Severity, SimTime, TierId};

/// Where each mapped field (and each native work column) is in the header.
#[derive(Clone, Debug)]
pub struct Columns {
    idx: BTreeMap<Field, usize>,
    /// `(tier, kind, column)`: kind 0 handle, 1 triage, 2 hand-off.
    work: Vec<(usize, usize, usize)>,
    /// The native `burst` column.
    burst: Option<usize>,
}

impl Columns {
    /// Finds the mapped columns in `header`. Id, arrival (and the event time of an
    /// event log) are required; so is every column a non-native mapping names. A name
    /// the mapping uses that the header has twice is an error naming both columns.
    pub fn find(
        header: &StringRecord,
        mapping: &Mapping,
        scenario: &Scenario,
        explicit: bool,
    ) -> Result<Columns, String> {
        let pos = |name: &str| header.iter().position(|h| h.trim() == name);
        // A name used twice is ambiguous: which column holds the field?
        let mut twice = Vec::new();
        let mut check_twice = |name: &str, what: &str| {
            let mut at = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.trim() == name)
                .map(|(i, _)| i + 1);
            if let (Some(a), Some(b)) = (at.next(), at.next()) {
                twice.push(format!(
                    "columns {a} and {b} are both named `{}` ({what}): rename one of them in the export",
                    prefix(name, 100)
                ));
            }
        };
        for (&f, col) in &mapping.columns {
            check_twice(col, f.name());
        }
        if !explicit {
            check_twice("burst", "burst");
            for tier in scenario.tiers.iter().take(MAX_TIERS) {
                for stem in ["handle_minutes", "triage_minutes", "handoff_minutes"] {
                    check_twice(&format!("{stem}.{}", tier.name), stem);
                }
            }
        }
        if !twice.is_empty() {
            return Err(twice.join("; "));
        }
        let mut idx = BTreeMap::new();
        let mut missing = Vec::new();
        for (&f, col) in &mapping.columns {
            match pos(col) {
                Some(i) => {
                    idx.insert(f, i);
                }
                None => {
                    let required = matches!(f, Field::Id | Field::Arrival)
                        || (f == Field::EventTime && mapping.event_log);
                    if required || explicit {
                        missing.push(format!("`{col}` ({})", f.name()));
                    }
                }
            }
        }
        if !missing.is_empty() {
            let have: Vec<&str> = header.iter().collect();
            return Err(format!(
                "missing column{} {}; the header has: {}",
                if missing.len() == 1 { "" } else { "s" },
                prefix(&missing.join(", "), 300),
                prefix(&have.join(", "), 300)
            ));
        }
        let mut work = Vec::new();
        let burst = if explicit { None } else { pos("burst") };
        if !explicit {
            for (t, tier) in scenario.tiers.iter().enumerate().take(MAX_TIERS) {
                for (k, prefix) in ["handle_minutes", "triage_minutes", "handoff_minutes"]
                    .iter()
                    .enumerate()
                {
                    if let Some(i) = pos(&format!("{prefix}.{}", tier.name)) {
                        work.push((t, k, i));
                    }
                }
            }
        }
        Ok(Columns { idx, work, burst })
    }

    /// Whether `field` has a column.
    pub fn has(&self, field: Field) -> bool {
        self.idx.contains_key(&field)
    }
}

/// The parsed values of one row (`None`: column absent or value missing).
#[derive(Clone, Debug, Default)]
pub struct RowValues {
    /// Ticket id as written.
    pub key: String,
    /// Arrival, simulation ms.
    pub arrival: SimTime,
    /// Time of this update (event logs), simulation ms.
    pub event_time: Option<SimTime>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Segment.
    pub segment: Option<SegmentId>,
    /// Category.
    pub category: Option<CategoryId>,
    /// Account value.
    pub account_value: Option<f64>,
    /// Order value.
    pub order_value: Option<f64>,
    /// What the ticket's text says (keywords and lexicon sentiment).
    pub text: Option<TextFeatures>,
    /// Sentiment.
    pub sentiment: Option<f32>,
    /// Needed tier.
    pub needed_tier: Option<TierId>,
    /// Patience: `Some(None)` is an explicitly empty (infinite) patience.
    pub patience: Option<Option<u32>>,
    /// Handling group as written (after the value map).
    pub group: Option<String>,
    /// The tier the log labels the row's group with (event logs).
    pub tier_label: Option<TierId>,
    /// The row's activity matches the mapping's `resolved_when` (event logs).
    pub resolves: bool,
    /// What the row's status says (event logs with `[statuses]`).
    pub pending: super::mapping::Pending,
    /// The person the ticket is assigned to after this update (event logs).
    pub agent: Option<String>,
    /// A team's own model's predicted tier.
    pub predicted_tier: Option<TierId>,
    /// Its confidence on `[0, 1]`.
    pub prediction_confidence: Option<f32>,
    /// Resolution time, simulation ms.
    pub resolved: Option<SimTime>,
    /// SLA-met flag.
    pub sla_met: Option<bool>,
    /// Recorded path (native `path` column): `(tier, ms)` steps.
    pub path: Option<Vec<(TierId, SimTime)>>,
    /// The incident burst that produced the ticket (native `burst` column).
    pub burst: Option<u16>,
    /// `work[tier][kind]`, ms: kind 0 handle, 1 triage, 2 hand-off.
    pub work: [[Option<u32>; 3]; MAX_TIERS],
}

/// Parses rows of one file.
pub struct RowParser<'a> {
    /// The mapping.
    pub mapping: &'a Mapping,
    /// The scenario whose names and clock the values are resolved against.
    pub scenario: &'a Scenario,
    /// Column positions.
    pub columns: Columns,
    /// The scenario's keyword vocabulary, for the text column.
    matcher: KeywordMatcher,
}

impl<'a> RowParser<'a> {
    /// A parser of rows with `columns` (found by [`Columns::find`]).
    pub fn new(mapping: &'a Mapping, scenario: &'a Scenario, columns: Columns) -> RowParser<'a> {
        RowParser {
            mapping,
            scenario,
            columns,
            matcher: KeywordMatcher::new(&scenario.keywords),
        }
    }

    fn raw<'r>(&self, rec: &'r StringRecord, f: Field) -> Option<&'r str> {
        let v = restore(rec.get(*self.columns.idx.get(&f)?)?.trim());
        (!self.mapping.is_missing(v)).then_some(v)
    }

    /// The value of `f` after the value map, or the mapping's default.
    fn mapped<'r>(&'r self, rec: &'r StringRecord, f: Field) -> Result<Option<&'r str>, String> {
        let Some(v) = self.raw(rec, f) else {
            return Ok(self.mapping.defaults.get(&f).map(String::as_str));
        };
        match self.mapping.values.get(&f) {
            None => Ok(Some(v)),
            Some(map) => match map.get(v) {
                Some(to) => Ok(Some(to.as_str())),
                None => match self.mapping.defaults.get(&f) {
                    Some(d) => Ok(Some(d.as_str())),
                    None => Err(format!(
                        "{}: value `{v}` is not in the mapping's [values.{}] table (known: {}); add it there or give [defaults] {} = \"…\"",
                        f.name(),
                        f.name(),
                        list(map.keys()),
                        f.name()
                    )),
                },
            },
        }
    }

    /// Parses a timestamp into simulation ms. A timestamp may end with its own UTC
    /// offset (`Z`, `+01:00`, `-0300`): it is that instant. One without is read
    /// in the mapping's `timezone` (daylight saving included) or `utc_offset`. Either
    /// way the instant is then shown on the scenario's clock (`local_utc_offset`), so
    /// the same instant written with different offsets is the same time.
    pub fn time(&self, field: Field, v: &str) -> Result<SimTime, String> {
        let fmt = self
            .mapping
            .time_format
            .as_deref()
            .unwrap_or("%Y-%m-%dT%H:%M:%S%.f");
        // A format that reads the offset itself (`%z`): chrono's naive parser would
        // accept and drop it, so parse the instant with its offset.
        if ["%z", "%:z", "%::z", "%#z"].iter().any(|z| fmt.contains(z)) {
            let dt = chrono::DateTime::parse_from_str(v, fmt).map_err(|e| {
                format!(
                    "{}: cannot read timestamp `{}` with format `{fmt}`: {e}",
                    field.name(),
                    prefix(v, 100)
                )
            })?;
            let local = dt.naive_utc() + chrono::Duration::seconds(self.mapping.local_offset_s);
            return Ok(self.scenario.clock.sim_time(local));
        }
        let utc = match NaiveDateTime::parse_from_str(v, fmt) {
            Ok(dt) => self.naive_to_utc(field, v, dt)?,
            Err(e) => {
                let with_offset = split_offset(v).and_then(|(rest, offset_s)| {
                    let dt = NaiveDateTime::parse_from_str(rest, fmt).ok()?;
                    Some(dt - chrono::Duration::seconds(offset_s))
                });
                with_offset.ok_or_else(|| {
                    format!(
                        "{}: cannot read timestamp `{}` with format `{}` (a UTC offset such as Z or +01:00 may follow): {e}",
                        field.name(),
                        prefix(v, 100),
                        self.mapping
                            .time_format
                            .as_deref()
                            .unwrap_or("YYYY-MM-DDTHH:MM:SS.mmm")
                    )
                })?
            }
        };
        let local = utc + chrono::Duration::seconds(self.mapping.local_offset_s);
        Ok(self.scenario.clock.sim_time(local))
    }

    /// A timestamp without its own offset → UTC, through the mapping's zone or offset.
    fn naive_to_utc(
        &self,
        field: Field,
        v: &str,
        dt: NaiveDateTime,
    ) -> Result<NaiveDateTime, String> {
        let Some(tz) = self.mapping.source_zone else {
            return Ok(dt - chrono::Duration::seconds(self.mapping.source_offset_s));
        };
        use chrono::TimeZone;
        match tz.from_local_datetime(&dt) {
            chrono::LocalResult::Single(t) => Ok(t.naive_utc()),
            // The repeated hour when the clocks go back: the first of the two.
            chrono::LocalResult::Ambiguous(first, _) => Ok(first.naive_utc()),
            chrono::LocalResult::None => Err(format!(
                "{}: timestamp `{}` does not exist in {} (the clocks went forward over it); fix the row or give its offset (e.g. +02:00)",
                field.name(),
                prefix(v, 100),
                tz.name()
            )),
        }
    }

    fn opt_time(&self, rec: &StringRecord, f: Field) -> Result<Option<SimTime>, String> {
        self.raw(rec, f).map(|v| self.time(f, v)).transpose()
    }

    /// Parses one row.
    pub fn parse(&self, rec: &StringRecord) -> Result<RowValues, String> {
        let sc = self.scenario;
        let key = self
            .raw(rec, Field::Id)
            .ok_or_else(|| "id: missing (the ticket id is required)".to_string())?;
        let arrival_v = self
            .raw(rec, Field::Arrival)
            .ok_or_else(|| "arrival: missing (the opening time is required)".to_string())?;
        let mut out = RowValues {
            key: key.to_string(),
            arrival: self.time(Field::Arrival, arrival_v)?,
            event_time: self.opt_time(rec, Field::EventTime)?,
            resolved: self.opt_time(rec, Field::Resolved)?,
            ..RowValues::default()
        };
        if self.mapping.event_log && out.event_time.is_none() {
            return Err("event_time: missing (each update needs its time)".to_string());
        }
        if let Some(v) = self.mapped(rec, Field::Severity)? {
            out.severity = Some(Severity::parse(v).ok_or_else(|| {
                format!("severity: unknown value `{v}` (known: critical, high, medium, low); map it in [values.severity]")
            })?);
        }
        if let Some(v) = self.mapped(rec, Field::Segment)? {
            out.segment = Some(SegmentId(lookup(
                v,
                "segment",
                sc.segments.iter().map(|s| &s.name),
            )?));
        }
        if let Some(v) = self.mapped(rec, Field::Category)? {
            out.category = Some(CategoryId(lookup(
                v,
                "category",
                sc.categories.iter().map(|c| &c.name),
            )?));
        }
        if let Some(v) = self.mapped(rec, Field::NeededTier)? {
            out.needed_tier = Some(TierId(lookup(
                v,
                "needed_tier",
                sc.tiers.iter().map(|t| &t.name),
            )?));
        }
        if let Some(v) = self.mapped(rec, Field::PredictedTier)? {
            out.predicted_tier = Some(TierId(lookup(
                v,
                "predicted_tier",
                sc.tiers.iter().map(|t| &t.name),
            )?));
        }
        if let Some(v) = self.mapped(rec, Field::PredictionConfidence)? {
            let x = number(v, "prediction_confidence", self.mapping.decimal_comma)?;
            if !(0.0..=1.0).contains(&x) {
                return Err(format!(
                    "prediction_confidence: must be a probability in [0, 1], got {v}"
                ));
            }
            out.prediction_confidence = Some(x as f32);
        }
        if let Some(v) = self.mapped(rec, Field::AccountValue)? {
            out.account_value = Some(
                number(v, "account_value", self.mapping.decimal_comma).and_then(|x| {
                    (x >= 0.0)
                        .then_some(x)
                        .ok_or_else(|| format!("account_value: must be >= 0, got {v}"))
                })?,
            );
        }
        if let Some(v) = self.mapped(rec, Field::OrderValue)? {
            out.order_value = Some(
                number(v, "order_value", self.mapping.decimal_comma).and_then(|x| {
                    (x >= 0.0)
                        .then_some(x)
                        .ok_or_else(|| format!("order_value: must be >= 0, got {v}"))
                })?,
            );
        }
        if let Some(v) = self.mapped(rec, Field::Text)? {
            out.text = Some(self.matcher.features(v));
        }
        if let Some(v) = self.mapped(rec, Field::Sentiment)? {
            let x = number(v, "sentiment", self.mapping.decimal_comma)?;
            if !(-1.0..=1.0).contains(&x) {
                return Err(format!("sentiment: must be in [-1, 1], got {v}"));
            }
            out.sentiment = Some(x as f32);
        }
        if self.columns.has(Field::Patience) {
            out.patience = Some(
                self.raw(rec, Field::Patience)
                    .map(|v| minutes(v, "patience_minutes", self.mapping.decimal_comma))
                    .transpose()?,
            );
        }
        out.group = self.mapped(rec, Field::Group)?.map(str::to_string);
        if !self.mapping.resolved_when.is_empty() {
            if let Some(a) = self.mapped(rec, Field::Activity)? {
                out.resolves = self
                    .mapping
                    .resolved_when
                    .iter()
                    .any(|p| super::glob::matches(p, a));
            }
        }
        if self.mapping.statuses.any()
            && let Some(st) = self.mapped(rec, Field::Status)?
        {
            out.pending = self.mapping.statuses.classify(st);
        }
        out.agent = self.mapped(rec, Field::Agent)?.map(str::to_string);
        if let Some(v) = self.mapped(rec, Field::TierLabel)? {
            out.tier_label = Some(TierId(lookup(
                v,
                "tier_label",
                sc.tiers.iter().map(|t| &t.name),
            )?));
        }
        if let Some(v) = self.mapped(rec, Field::SlaMet)? {
            out.sla_met = Some(match v.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "y" => true,
                "false" | "0" | "no" | "n" => false,
                _ => {
                    return Err(format!(
                        "sla_met: expected true or false, got `{v}`; map other spellings in [values.sla_met]"
                    ));
                }
            });
        }
        if let Some(v) = self.raw(rec, Field::Path) {
            out.path = Some(self.path(v)?);
        }
        if let Some(i) = self.columns.burst {
            let v = restore(rec.get(i).map(str::trim).unwrap_or(""));
            if !v.is_empty() {
                let names = sc.arrivals.bursts.iter().map(|b| &b.name);
                out.burst = Some(lookup(v, "burst", names)?);
            }
        }
        for &(t, k, i) in &self.columns.work {
            let v = rec.get(i).map(str::trim).unwrap_or("");
            if !v.is_empty() {
                let what = ["handle_minutes", "triage_minutes", "handoff_minutes"][k];
                out.work[t][k] = Some(minutes(v, what, self.mapping.decimal_comma)?);
            }
        }
        Ok(out)
    }

    /// `T1:12.5;T2:30` → steps.
    fn path(&self, v: &str) -> Result<Vec<(TierId, SimTime)>, String> {
        v.split(';')
            .map(|step| {
                let (tier, mins) = step.split_once(':').ok_or_else(|| {
                    format!("path: step `{step}` must be tier:minutes, e.g. T1:12.5")
                })?;
                let t = lookup(
                    tier.trim(),
                    "path",
                    self.scenario.tiers.iter().map(|t| &t.name),
                )?;
                Ok((
                    TierId(t),
                    recorded_minutes(mins.trim(), "path", self.mapping.decimal_comma)?,
                ))
            })
            .collect()
    }
}

fn list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<String> = names.take(12).map(|n| format!("`{n}`")).collect();
    v.join(", ")
}

fn lookup<'a>(
    v: &str,
    what: &str,
    names: impl Iterator<Item = &'a String> + Clone,
) -> Result<u16, String> {
    names
        .clone()
        .position(|n| n == v)
        .map(|i| i as u16)
        .ok_or_else(|| format!("{what}: unknown value `{v}` (the scenario has {}); map it in [values.{what}] or add it to the scenario", list(names)))
}

/// A number; with `comma` (the mapping's `decimal = ","`) its decimal mark is a comma
/// (`12,5`) and a point is refused rather than guessed as a thousands separator.
fn number(v: &str, what: &str, comma: bool) -> Result<f64, String> {
    let parsed = if comma {
        if v.contains('.') {
            None
        } else {
            v.replacen(',', ".", 1).parse::<f64>().ok()
        }
    } else {
        v.parse::<f64>().ok()
    };
    parsed.filter(|x| x.is_finite()).ok_or_else(|| {
        if comma {
            format!(
                "{what}: expected a number with a decimal comma (the mapping's decimal = \",\"), e.g. 12,5, got `{v}`"
            )
        } else {
            format!("{what}: expected a number, got `{v}`")
        }
    })
}

/// Longest recorded duration read, minutes (100 years of 365.25 days): far beyond any
/// horizon, and sums of many such steps stay exact in 64-bit ms.
pub const MAX_RECORDED_MINUTES: f64 = 100.0 * 365.25 * 24.0 * 60.0;

/// A recorded duration (a `path` step): minutes → whole ms (rounded to nearest),
/// 64-bit, so a stay of any length up to the horizon is kept exactly.
fn recorded_minutes(v: &str, what: &str, comma: bool) -> Result<SimTime, String> {
    let m = number(v, what, comma)?;
    if !(0.0..=MAX_RECORDED_MINUTES).contains(&m) {
        return Err(format!(
            "{what}: must be between 0 and {MAX_RECORDED_MINUTES} minutes (100 years), got `{v}`"
        ));
    }
    Ok(crate::model::time::minutes_to_ms(m))
}

/// Work content (`handle_minutes.<Tier>`, …): minutes → whole ms (rounded to nearest),
/// at most `u32::MAX` ms (about 49.7 days, the range of a ticket's work fields).
fn minutes(v: &str, what: &str, comma: bool) -> Result<u32, String> {
    let m = number(v, what, comma)?;
    let ms = (m * 60_000.0).round();
    if m < 0.0 || ms > f64::from(u32::MAX) {
        return Err(format!(
            "{what}: must be between 0 and 71582 minutes, got `{v}`"
        ));
    }
    Ok(ms as u32)
}

/// Splits a trailing UTC offset off a timestamp: `Z` (or `z`), `±HH:MM` or `±HHMM`
/// after a digit or a space. Returns the rest and the offset, seconds east of UTC.
fn split_offset(v: &str) -> Option<(&str, i64)> {
    if let Some(rest) = v.strip_suffix(['Z', 'z']) {
        return Some((rest.trim_end(), 0));
    }
    let sign_at = v.rfind(['+', '-'])?;
    let (rest, tail) = v.split_at(sign_at);
    if !rest.ends_with(|c: char| c.is_ascii_digit() || c == ' ') {
        return None;
    }
    let sign = if tail.starts_with('-') { -1 } else { 1 };
    let digits = &tail[1..];
    let (h, m) = match digits.len() {
        4 => digits.split_at(2),
        5 if digits.as_bytes()[2] == b':' => (&digits[..2], &digits[3..]),
        _ => return None,
    };
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some((rest.trim_end(), sign * (h * 3600 + m * 60)))
}

#[cfg(test)]
mod tests {
    use super::split_offset;

    #[test]
    fn trailing_offsets_are_split_off() {
        assert_eq!(
            split_offset("2026-01-05T10:00:00Z"),
            Some(("2026-01-05T10:00:00", 0))
        );
        assert_eq!(
            split_offset("2026-01-05T10:00:00.5+01:00"),
            Some(("2026-01-05T10:00:00.5", 3600))
        );
        assert_eq!(
            split_offset("5/1/2026 10:00 -0330"),
            Some(("5/1/2026 10:00", -12_600))
        );
        for none in [
            "2026-01-05",
            "10:00+05",
            "10:00+1",
            "10:00+15:00",
            "10:00+01:60",
            "x+01:00",
            "10:00",
        ] {
            assert_eq!(split_offset(none), None, "{none}");
        }
    }
}
