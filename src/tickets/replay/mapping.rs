//! The column-mapping file (`mapping.toml`, documented in `docs/replay.md`): which
//! export column holds each ticket field, how values translate to the scenario's
//! names, how timestamps are written, how handling groups map to tiers, and whether
//! each row is a ticket or one update of a ticket (event-log mode).
//!
//! Parsed with serde (`deny_unknown_fields`) and validated into a [`Mapping`]; every
//! problem is reported at once with its TOML path and a fix. [`Mapping::native`] is the
//! mapping of the native ticket schema (`docs/tickets.md`).

use std::collections::BTreeMap;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use super::ReplayError;

/// A ticket field the mapping can point at a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// Ticket id (required).
    Id,
    /// Arrival (opening) time (required).
    Arrival,
    /// Severity / priority.
    Severity,
    /// Customer segment.
    Segment,
    /// Category.
    Category,
    /// Account value of the customer.
    AccountValue,
    /// Sentiment on [-1, 1].
    Sentiment,
    /// The tier whose skills the ticket needs.
    NeededTier,
    /// Patience before abandoning, minutes (native schema).
    Patience,
    /// Handling group (event-log mode: the group at this update).
    Group,
    /// Time of this update (event-log mode, required there).
    EventTime,
    /// Resolution time.
    Resolved,
    /// The log's own SLA-met flag.
    SlaMet,
    /// Recorded path `tier:minutes;tier:minutes` (native schema).
    Path,
    /// Value of the order the ticket is about.
    OrderValue,
    /// The ticket's text (subject, description, …), read by the built-in keyword
    /// matcher and lexicon sentiment scorer.
    Text,
    /// Event-log mode: the support line (tier) the log labels the row's group with,
    /// compared with the tiers the groups get (never used to route).
    TierLabel,
    /// Event-log mode: the activity the row records ("Resolve ticket", "Closed", …),
    /// matched by `resolved_when`.
    Activity,
    /// Event-log mode: the ticket's status after this update ("Active", "Awaiting
    /// User Info", …), matched by `[statuses]` to tell pending time from work.
    Status,
    /// Event-log mode: the person the ticket is assigned to after this update; gives
    /// each stay's queue wait (until a person is assigned) and the headcount per tier.
    Agent,
    /// The tier a team's own model predicted for the ticket: replaces the scenario's
    /// AI prediction, so the `ai` policy routes by the team's model.
    PredictedTier,
    /// That model's confidence on `[0, 1]` (default 1 when only the tier is given).
    PredictionConfidence,
}

impl Field {
    /// Every field with its name in `[columns]` and the native schema's column name.
    pub const ALL: [(Field, &'static str); 22] = [
        (Field::Id, "id"),
        (Field::Arrival, "arrival"),
        (Field::Severity, "severity"),
        (Field::Segment, "segment"),
        (Field::Category, "category"),
        (Field::AccountValue, "account_value"),
        (Field::Sentiment, "sentiment"),
        (Field::NeededTier, "needed_tier"),
        (Field::Patience, "patience_minutes"),
        (Field::Group, "group"),
        (Field::EventTime, "event_time"),
        (Field::Resolved, "resolved"),
        (Field::SlaMet, "sla_met"),
        (Field::Path, "path"),
        (Field::OrderValue, "order_value"),
        (Field::Text, "text"),
        (Field::TierLabel, "tier_label"),
        (Field::Activity, "activity"),
        (Field::Status, "status"),
        (Field::Agent, "agent"),
        (Field::PredictedTier, "predicted_tier"),
        (Field::PredictionConfidence, "prediction_confidence"),
    ];

    /// The field's name.
    pub fn name(self) -> &'static str {
        Field::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("?", |(_, n)| n)
    }

    fn parse(name: &str) -> Option<Field> {
        Field::ALL.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
    }
}

/// How handling groups become tiers.
#[derive(Clone, Debug, PartialEq)]
pub enum TierRule {
    /// Each group is the tier of the same name (the native schema), or the tier the
    /// `[groups]` table names.
    Explicit(BTreeMap<String, String>),
    /// Infer from the log: a group's *opening share* is the fraction of its ticket
    /// visits in which it was the ticket's first group; each group goes to the first
    /// level whose minimum share it reaches. `[groups]` entries override.
    OpeningShare {
        /// `(tier, minimum opening share)`, highest minimum first.
        levels: Vec<(String, f64)>,
        /// Explicit overrides.
        overrides: BTreeMap<String, String>,
    },
}

/// A validated mapping.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// Each row is one update of a ticket (rows of a ticket contiguous, in order).
    pub event_log: bool,
    /// Field separator.
    pub delimiter: u8,
    /// Numbers are written with a decimal comma (`12,5`; `decimal = ","`).
    pub decimal_comma: bool,
    /// Values meaning "missing" (besides the empty string).
    pub missing: Vec<String>,
    /// Field → column name.
    pub columns: BTreeMap<Field, String>,
    /// chrono format of timestamps; `None` is the native ISO form.
    pub time_format: Option<String>,
    /// UTC offset of the export's timestamps without their own offset, seconds.
    pub source_offset_s: i64,
    /// Time zone of the export's timestamps without their own offset (daylight saving
    /// included); replaces `source_offset_s`.
    pub source_zone: Option<chrono_tz::Tz>,
    /// UTC offset of the scenario's wall clock, seconds.
    pub local_offset_s: i64,
    /// Field → (export value → scenario value).
    pub values: BTreeMap<Field, BTreeMap<String, String>>,
    /// Field → value used when the column is absent or the value missing.
    pub defaults: BTreeMap<Field, String>,
    /// Groups → tiers.
    pub tiers: TierRule,
    /// Event logs: a ticket is resolved at its first row whose activity matches one of
    /// these patterns ([`super::glob`]); empty: by the `resolved` column.
    pub resolved_when: Vec<String>,
    /// Event logs: which statuses mean the ticket waits on someone outside the team.
    pub statuses: Statuses,
}

/// Status patterns (`[statuses]`, [`super::glob`]) that mean a ticket is pending: its
/// clock runs, but nobody in the team can work on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statuses {
    /// Waiting on the customer (e.g. "Awaiting User Info").
    pub customer: Vec<String>,
    /// Waiting on a third party: a vendor, a problem or change record.
    pub third_party: Vec<String>,
}

/// What a row's status says about the ticket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pending {
    /// Not pending: new, open, in progress (or no status known).
    #[default]
    No,
    /// Pending on the customer.
    Customer,
    /// Pending on a third party.
    ThirdParty,
}

impl Statuses {
    /// What status `s` means.
    pub fn classify(&self, s: &str) -> Pending {
        let hit = |ps: &[String]| ps.iter().any(|p| super::glob::matches(p, s));
        if hit(&self.customer) {
            Pending::Customer
        } else if hit(&self.third_party) {
            Pending::ThirdParty
        } else {
            Pending::No
        }
    }

    /// Whether any status is mapped.
    pub fn any(&self) -> bool {
        !self.customer.is_empty() || !self.third_party.is_empty()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    format: Option<String>,
    delimiter: Option<String>,
    decimal: Option<String>,
    missing: Option<Vec<String>>,
    #[serde(default)]
    columns: IndexMap<String, String>,
    timestamps: Option<RawTimestamps>,
    #[serde(default)]
    values: IndexMap<String, IndexMap<String, String>>,
    #[serde(default)]
    defaults: IndexMap<String, String>,
    #[serde(default)]
    groups: IndexMap<String, String>,
    tiers: Option<RawTiers>,
    resolved_when: Option<Patterns>,
    statuses: Option<RawStatuses>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatuses {
    customer: Option<Patterns>,
    third_party: Option<Patterns>,
}

/// One pattern or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Patterns {
    One(String),
    Many(Vec<String>),
}

impl Patterns {
    fn list(&self) -> Vec<String> {
        match self {
            Patterns::One(x) => vec![x.clone()],
            Patterns::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimestamps {
    format: Option<String>,
    utc_offset: Option<String>,
    timezone: Option<String>,
    local_utc_offset: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTiers {
    infer: Option<String>,
    levels: Option<IndexMap<String, f64>>,
}

impl Mapping {
    /// The native ticket schema: columns named as the fields, ISO timestamps, groups
    /// are tiers.
    pub fn native() -> Mapping {
        Mapping {
            event_log: false,
            delimiter: b',',
            decimal_comma: false,
            missing: Vec::new(),
            columns: Field::ALL
                .iter()
                .filter(|(f, _)| {
                    !matches!(
                        f,
                        Field::Group
                            | Field::EventTime
                            | Field::TierLabel
                            | Field::Activity
                            | Field::Status
                            | Field::Agent
                    )
                })
                .map(|&(f, n)| (f, n.to_string()))
                .collect(),
            time_format: None,
            source_offset_s: 0,
            source_zone: None,
            local_offset_s: 0,
            values: BTreeMap::new(),
            defaults: BTreeMap::new(),
            tiers: TierRule::Explicit(BTreeMap::new()),
            resolved_when: Vec::new(),
            statuses: Statuses::default(),
        }
    }

    /// Whether `value` means "missing".
    #[inline]
    pub fn is_missing(&self, value: &str) -> bool {
        value.is_empty() || self.missing.iter().any(|m| m == value)
    }

    /// Reads and validates the mapping file at `path`.
    pub fn load(path: &Path) -> Result<Mapping, ReplayError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReplayError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::from_str(&text, path)
    }

    /// Parses and validates mapping `text`; `path` names it in messages.
    pub fn from_str(text: &str, path: &Path) -> Result<Mapping, ReplayError> {
        let raw: RawMapping = toml::from_str(text).map_err(|e| ReplayError::MappingParse {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let mut problems = Vec::new();
        let m = validate(&raw, &mut problems);
        if problems.is_empty() {
            Ok(m)
        } else {
            Err(ReplayError::Mapping {
                path: path.to_path_buf(),
                problems,
            })
        }
    }
}

fn field_of(problems: &mut Vec<String>, path: &str, name: &str) -> Option<Field> {
    let f = Field::parse(name);
    if f.is_none() {
        let known: Vec<&str> = Field::ALL.iter().map(|(_, n)| *n).collect();
        problems.push(format!(
            "{path}.{name}: unknown field `{name}`\n  fix: use one of {}",
            known.join(", ")
        ));
    }
    f
}

/// Parses `+HH:MM` / `-HH:MM` / `Z` to seconds.
fn offset_s(problems: &mut Vec<String>, path: &str, v: Option<&String>) -> i64 {
    let Some(v) = v else { return 0 };
    if v == "Z" || v == "UTC" {
        return 0;
    }
    let parsed = chrono::FixedOffset::east_opt(0).and_then(|_| {
        let (sign, rest) = match v.as_bytes().first() {
            Some(b'+') => (1, &v[1..]),
            Some(b'-') => (-1, &v[1..]),
            _ => return None,
        };
        let (h, m) = rest.split_once(':')?;
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
    });
    parsed.unwrap_or_else(|| {
        problems.push(format!(
            "{path}: invalid UTC offset {v:?}\n  fix: write it as \"+HH:MM\" or \"-HH:MM\", e.g. \"-03:00\", or \"Z\""
        ));
        0
    })
}

fn validate(raw: &RawMapping, problems: &mut Vec<String>) -> Mapping {
    let mut m = Mapping::native();
    m.event_log = match raw.format.as_deref().unwrap_or("tickets") {
        "tickets" => false,
        "event-log" => true,
        other => {
            problems.push(format!(
                "format: unknown format {other:?}\n  fix: use \"tickets\" (one row per ticket) or \"event-log\" (one row per update)"
            ));
            false
        }
    };
    if let Some(d) = &raw.delimiter {
        match d.as_bytes() {
            [b] if b.is_ascii() => m.delimiter = *b,
            _ => problems.push(format!(
                "delimiter: must be one ASCII character, got {d:?}\n  fix: e.g. delimiter = \";\""
            )),
        }
    }
    match raw.decimal.as_deref() {
        None | Some(".") => {}
        Some(",") => m.decimal_comma = true,
        Some(other) => problems.push(format!(
            "decimal: unknown decimal mark {other:?}\n  fix: use \".\" (12.5, the default) or \",\" (12,5)"
        )),
    }
    m.missing = raw.missing.clone().unwrap_or_default();
    if !raw.columns.is_empty() {
        m.columns.clear();
    }
    for (name, col) in &raw.columns {
        if let Some(f) = field_of(problems, "columns", name) {
            m.columns.insert(f, col.clone());
        }
    }
    for (required, why) in [
        (Field::Id, "the ticket id"),
        (Field::Arrival, "the opening time"),
    ] {
        if !m.columns.contains_key(&required) {
            problems.push(format!(
                "columns.{}: missing required column: {why}\n  fix: add {} = \"<column name in the export>\"",
                required.name(),
                required.name()
            ));
        }
    }
    if m.event_log && !m.columns.contains_key(&Field::EventTime) {
        problems.push(
            "columns.event_time: an event log needs the time of each update\n  fix: add event_time = \"<column>\", e.g. \"sys_updated_at\"".to_string(),
        );
    }
    if !m.event_log && m.columns.contains_key(&Field::TierLabel) {
        problems.push(
            "columns.tier_label: tier labels are compared per handling group, which only event logs have\n  fix: set format = \"event-log\", or drop tier_label".to_string(),
        );
    }
    if let Some(p) = &raw.resolved_when {
        m.resolved_when = p.list();
        let fix = "e.g. resolved_when = \"Resolve*\" with activity = \"<column>\" in [columns]";
        if m.resolved_when.is_empty() || m.resolved_when.iter().any(String::is_empty) {
            problems.push(format!(
                "resolved_when: needs at least one non-empty activity name or pattern\n  fix: {fix}"
            ));
        }
        if !m.event_log {
            problems.push(format!(
                "resolved_when: activities are rows of an event log\n  fix: set format = \"event-log\"; {fix}"
            ));
        }
        if !m.columns.contains_key(&Field::Activity) {
            problems.push(format!(
                "resolved_when: no activity column to match\n  fix: {fix}"
            ));
        }
        if m.columns.contains_key(&Field::Resolved) {
            problems.push("resolved_when: the mapping also has a resolved column, so two rules would say when a ticket is resolved\n  fix: keep one: drop resolved from [columns], or resolved_when".to_string());
        }
    }
    statuses(raw, &mut m, problems);
    for f in [Field::Status, Field::Agent] {
        if !m.event_log && m.columns.contains_key(&f) {
            problems.push(format!(
                "columns.{}: a ticket's statuses and assignees change over its updates, which only event logs have\n  fix: set format = \"event-log\", or drop {}",
                f.name(),
                f.name()
            ));
        }
    }
    if let Some(ts) = &raw.timestamps {
        m.time_format = ts.format.clone();
        m.source_offset_s = offset_s(problems, "timestamps.utc_offset", ts.utc_offset.as_ref());
        if let Some(z) = &ts.timezone {
            match z.parse::<chrono_tz::Tz>() {
                Ok(tz) => m.source_zone = Some(tz),
                Err(_) => problems.push(format!(
                    "timestamps.timezone: unknown time zone {z:?}\n  fix: give an IANA zone name, e.g. \"Europe/Berlin\" or \"America/Sao_Paulo\""
                )),
            }
            if ts.utc_offset.is_some() {
                problems.push("timestamps.timezone: both timezone and utc_offset are given\n  fix: keep one: timezone for a zone with daylight saving, utc_offset for a fixed offset".to_string());
            }
        }
        m.local_offset_s = offset_s(
            problems,
            "timestamps.local_utc_offset",
            ts.local_utc_offset.as_ref(),
        );
    }
    for (name, map) in &raw.values {
        if let Some(f) = field_of(problems, "values", name) {
            m.values.insert(f, map.clone().into_iter().collect());
        }
    }
    for (name, v) in &raw.defaults {
        if let Some(f) = field_of(problems, "defaults", name) {
            m.defaults.insert(f, v.clone());
        }
    }
    let overrides: BTreeMap<String, String> = raw.groups.clone().into_iter().collect();
    m.tiers = match &raw.tiers {
        None => TierRule::Explicit(overrides),
        Some(t) => match t.infer.as_deref() {
            Some("opening-share") => {
                let mut levels: Vec<(String, f64)> =
                    t.levels.clone().unwrap_or_default().into_iter().collect();
                if levels.is_empty() {
                    problems.push("tiers.levels: opening-share inference needs at least one level\n  fix: e.g. levels = { L1 = 0.5, L2 = 0.25, L3 = 0.0 }".to_string());
                }
                for (name, share) in &levels {
                    if !(0.0..=1.0).contains(share) {
                        problems.push(format!("tiers.levels.{name}: must be a share in [0, 1], got {share}\n  fix: give the minimum opening share, e.g. 0.5"));
                    }
                }
                if levels.iter().all(|(_, s)| *s > 0.0) && !levels.is_empty() {
                    problems.push("tiers.levels: no level has minimum 0, so some groups would get no tier\n  fix: give the last level a minimum of 0".to_string());
                }
                levels.sort_by(|a, b| b.1.total_cmp(&a.1));
                TierRule::OpeningShare { levels, overrides }
            }
            other => {
                problems.push(format!(
                    "tiers.infer: unknown method {:?}\n  fix: use \"opening-share\", or leave [tiers] out and list every group in [groups]",
                    other.unwrap_or("")
                ));
                TierRule::Explicit(overrides)
            }
        },
    };
    m
}

/// `[statuses]`: patterns of the status column that mean pending.
fn statuses(raw: &RawMapping, m: &mut Mapping, problems: &mut Vec<String>) {
    let Some(st) = &raw.statuses else { return };
    let fix = "e.g. [statuses] customer = [\"Awaiting User Info\"], third_party = [\"Awaiting Vendor\"] with status = \"<column>\" in [columns]";
    for (name, p, into) in [
        ("customer", &st.customer, &mut m.statuses.customer),
        ("third_party", &st.third_party, &mut m.statuses.third_party),
    ] {
        if let Some(p) = p {
            *into = p.list();
            if into.is_empty() || into.iter().any(String::is_empty) {
                problems.push(format!(
                    "statuses.{name}: needs at least one non-empty status or pattern\n  fix: {fix}"
                ));
            }
        }
    }
    if !m.statuses.any() {
        problems.push(format!(
            "statuses: names no pending status\n  fix: {fix}; or leave [statuses] out"
        ));
    }
    if !m.columns.contains_key(&Field::Status) {
        problems.push(format!("statuses: no status column to match\n  fix: {fix}"));
    }
    if !m.event_log {
        problems.push(format!(
            "statuses: statuses change over a ticket's updates, rows of an event log\n  fix: set format = \"event-log\"; {fix}"
        ));
    }
}
