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

    /// Parses a timestamp into simulation ms.
    pub fn time(&self, field: Field, v: &str) -> Result<SimTime, String> {
        let fmt = self.mapping.time_format.as_deref();
        let parsed = match fmt {
            Some(f) => NaiveDateTime::parse_from_str(v, f),
            None => NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f"),
        };
        let dt = parsed.map_err(|e| {
            format!(
                "{}: cannot read timestamp `{v}` with format `{}`: {e}",
                field.name(),
                fmt.unwrap_or("YYYY-MM-DDTHH:MM:SS.mmm")
            )
        })?;
        let shift = self.mapping.local_offset_s - self.mapping.source_offset_s;
        Ok(self.scenario.clock.sim_time(dt) + shift * 1000)
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
        if let Some(v) = self.mapped(rec, Field::AccountValue)? {
            out.account_value = Some(number(v, "account_value").and_then(|x| {
                (x >= 0.0)
                    .then_some(x)
                    .ok_or_else(|| format!("account_value: must be >= 0, got {v}"))
            })?);
        }
        if let Some(v) = self.mapped(rec, Field::OrderValue)? {
            out.order_value = Some(number(v, "order_value").and_then(|x| {
                (x >= 0.0)
                    .then_some(x)
                    .ok_or_else(|| format!("order_value: must be >= 0, got {v}"))
            })?);
        }
        if let Some(v) = self.mapped(rec, Field::Text)? {
            out.text = Some(self.matcher.features(v));
        }
        if let Some(v) = self.mapped(rec, Field::Sentiment)? {
            let x = number(v, "sentiment")?;
            if !(-1.0..=1.0).contains(&x) {
                return Err(format!("sentiment: must be in [-1, 1], got {v}"));
            }
            out.sentiment = Some(x as f32);
        }
        if self.columns.has(Field::Patience) {
            out.patience = Some(
                self.raw(rec, Field::Patience)
                    .map(|v| minutes(v, "patience_minutes"))
                    .transpose()?,
            );
        }
        out.group = self.mapped(rec, Field::Group)?.map(str::to_string);
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
                out.work[t][k] = Some(minutes(v, what)?);
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
                Ok((TierId(t), recorded_minutes(mins.trim(), "path")?))
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

fn number(v: &str, what: &str) -> Result<f64, String> {
    v.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{what}: expected a number, got `{v}`"))
}

/// Longest recorded duration read, minutes (100 years of 365.25 days): far beyond any
/// horizon, and sums of many such steps stay exact in 64-bit ms.
pub const MAX_RECORDED_MINUTES: f64 = 100.0 * 365.25 * 24.0 * 60.0;

/// A recorded duration (a `path` step): minutes → whole ms (rounded to nearest),
/// 64-bit, so a stay of any length up to the horizon is kept exactly.
fn recorded_minutes(v: &str, what: &str) -> Result<SimTime, String> {
    let m = number(v, what)?;
    if !(0.0..=MAX_RECORDED_MINUTES).contains(&m) {
        return Err(format!(
            "{what}: must be between 0 and {MAX_RECORDED_MINUTES} minutes (100 years), got `{v}`"
        ));
    }
    Ok(crate::model::time::minutes_to_ms(m))
}

/// Work content (`handle_minutes.<Tier>`, …): minutes → whole ms (rounded to nearest),
/// at most `u32::MAX` ms (about 49.7 days, the range of a ticket's work fields).
fn minutes(v: &str, what: &str) -> Result<u32, String> {
    let m = number(v, what)?;
    let ms = (m * 60_000.0).round();
    if m < 0.0 || ms > f64::from(u32::MAX) {
        return Err(format!(
            "{what}: must be between 0 and 71582 minutes, got `{v}`"
        ));
    }
    Ok(ms as u32)
}
