//! Writing scenario tables as TOML, always through serde and the raw shapes of
//! [`super::raw`], never by formatting text: keys that need quoting (`[tiers."Tier 1"]`)
//! are quoted by the TOML serializer, and what is written reads back as written.
//!
//! [`staffing_model_toml`] writes a `[staffing.<name>]` model (the result of
//! `escalsim plan`); [`Tables`] collects whole tables (the fragment `escalsim fit`
//! writes) and renders them with a comment above each.

use indexmap::IndexMap;

use super::raw::{RawArrivals, RawCategory, RawDist, RawScenario, RawSeverityShares, RawShift};
use super::raw::{RawPolicy, RawStaffing, RawTier};
use crate::model::time::{DAY_MS, HOUR_MS, MINUTE_MS, WEEK_MS};
use crate::model::{Dist, Scenario, Severity, Staffing};

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The TOML serializer refused a value (it refuses no value these writers build; the
/// error is kept rather than unwrapped so a future field cannot panic).
#[derive(Debug, thiserror::Error)]
#[error("cannot write the scenario tables as TOML: {0}; please report this as a bug")]
pub struct WriteError(#[from] toml::ser::Error);

fn hhmm(ms: i64) -> String {
    format!("{:02}:{:02}", ms / HOUR_MS, (ms % HOUR_MS) / MINUTE_MS)
}

/// The shifts of a weekly staffing: one shift per day and constant stretch, split at
/// midnight (scenario shifts cannot cross midnight). Stretches with no agents are
/// left out.
fn shifts(staffing: &Staffing) -> Vec<RawShift> {
    let mut out = Vec::new();
    for (i, &(start, agents)) in staffing.steps.iter().enumerate() {
        let end = staffing.steps.get(i + 1).map_or(WEEK_MS, |s| s.0);
        if agents == 0 {
            continue;
        }
        let mut from = start;
        while from < end {
            let day = (from / DAY_MS) as usize;
            let day_start = day as i64 * DAY_MS;
            let to = end.min(day_start + DAY_MS);
            let end_text = if to - day_start == DAY_MS {
                "24:00".to_string()
            } else {
                hhmm(to - day_start)
            };
            out.push(RawShift {
                days: Some(vec![DAYS[day % 7].to_string()]),
                start: Some(toml::Value::String(hhmm(from - day_start))),
                end: Some(toml::Value::String(end_text)),
                agents: Some(i64::from(agents)),
                from: None,
                until: None,
            });
            from = to;
        }
    }
    out
}

/// A staffing as a tier override: `agents` when constant, else weekly `shifts`.
fn raw_staffing(staffing: &Staffing) -> RawStaffing {
    if staffing.is_constant() {
        RawStaffing {
            agents: staffing.steps.first().map(|s| i64::from(s.1)),
            shifts: None,
            from: None,
            until: None,
        }
    } else {
        RawStaffing {
            agents: None,
            shifts: Some(shifts(staffing)),
            from: None,
            until: None,
        }
    }
}

/// `[staffing.<name>]` with one override per tier (`per_tier` in tier order), as TOML
/// text to append to the scenario.
pub fn staffing_model_toml(
    name: &str,
    scenario: &Scenario,
    per_tier: &[Staffing],
) -> Result<String, WriteError> {
    let overrides: IndexMap<String, RawStaffing> = scenario
        .tiers
        .iter()
        .zip(per_tier)
        .map(|(tier, staffing)| (tier.name.clone(), raw_staffing(staffing)))
        .collect();
    let raw = RawScenario {
        staffing: IndexMap::from([(name.to_string(), overrides)]),
        ..RawScenario::default()
    };
    Ok(toml::to_string(&raw)?)
}

/// A number rounded to 4 decimals; tiny positive values are kept as they are so they
/// stay > 0.
pub fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 && x > 0.0 { x } else { r }
}

/// A scenario distribution as its table.
fn raw_dist(d: &Dist) -> RawDist {
    let kind = |k: &str| Some(k.to_string());
    match d {
        Dist::Constant { value } => RawDist {
            dist: kind("constant"),
            value: Some(*value),
            ..RawDist::default()
        },
        Dist::Exponential { mean, .. } => RawDist {
            dist: kind("exponential"),
            mean: Some(*mean),
            ..RawDist::default()
        },
        Dist::LogNormal { mean, cv, .. } => RawDist {
            dist: kind("lognormal"),
            mean: Some(*mean),
            cv: Some(*cv),
            ..RawDist::default()
        },
        Dist::Gamma { shape, scale, .. } => RawDist {
            dist: kind("gamma"),
            shape: Some(*shape),
            scale: Some(*scale),
            ..RawDist::default()
        },
        Dist::Uniform { min, max, .. } => RawDist {
            dist: kind("uniform"),
            min: Some(*min),
            max: Some(*max),
            ..RawDist::default()
        },
        Dist::Empirical { values } => RawDist {
            dist: kind("empirical"),
            values: Some(values.clone()),
            ..RawDist::default()
        },
    }
}

/// A fitted duration in minutes: lognormal by its mean and coefficient of variation,
/// constant when the coefficient of variation rounds to 0 or the mean is 0.
#[derive(Clone, Copy, Debug)]
pub struct Fitted {
    /// Mean, minutes.
    pub mean_minutes: f64,
    /// Coefficient of variation (sd / mean).
    pub cv: f64,
}

fn fitted_dist(f: Fitted) -> RawDist {
    let cv = round4(f.cv);
    if f.mean_minutes > 0.0 && cv != 0.0 {
        RawDist {
            dist: Some("lognormal".to_string()),
            mean: Some(round4(f.mean_minutes)),
            cv: Some(cv),
            ..RawDist::default()
        }
    } else {
        RawDist {
            dist: Some("constant".to_string()),
            value: Some(round4(f.mean_minutes)),
            ..RawDist::default()
        }
    }
}

/// A tier's handle time to write.
#[derive(Clone, Debug)]
pub enum HandleTime {
    /// Fitted from observations.
    Fitted(Fitted),
    /// The scenario's own distribution, kept.
    Kept(Dist),
}

/// A tier table to write; distributions are fitted, or the scenario's own.
#[derive(Clone, Debug)]
pub struct TierTable {
    /// Tier name (the table key).
    pub name: String,
    /// Owner role.
    pub role: String,
    /// Owner.
    pub owner: String,
    /// Constant head count.
    pub agents: u32,
    /// Handle time.
    pub handle_minutes: HandleTime,
    /// Category name → fitted handle time.
    pub handle_minutes_by_category: Vec<(String, Fitted)>,
    /// Cost, currency per agent-hour.
    pub cost_per_agent_hour: f64,
}

/// Whole scenario tables collected one by one, each with a comment written above it,
/// rendered by [`Tables::to_toml`]. A table added twice keeps the last one.
#[derive(Debug, Default)]
pub struct Tables {
    parts: Vec<(String, RawScenario)>,
}

impl Tables {
    /// `[arrivals]` with a mean rate (per hour), 24 hour-of-day multipliers and
    /// weekday multipliers (Monday first).
    pub fn arrivals(&mut self, comment: &str, per_hour: f64, hour_of_day: &[f64], day: [f64; 7]) {
        let arrivals = RawArrivals {
            per_hour: Some(round4(per_hour)),
            hour_of_day: Some(hour_of_day.iter().map(|&m| round4(m)).collect()),
            day_of_week: Some(
                DAYS.iter()
                    .zip(day)
                    .map(|(d, m)| (d.to_string(), round4(m)))
                    .collect(),
            ),
            ..RawArrivals::default()
        };
        self.push(comment, |r| r.arrivals = Some(arrivals));
    }

    /// `[severity]` with shares in severity order (most urgent first).
    pub fn severity(&mut self, comment: &str, shares: [f64; 4]) {
        let [critical, high, medium, low] = Severity::ALL.map(|s| Some(shares[s.index()]));
        let severity = RawSeverityShares {
            critical,
            high,
            medium,
            low,
        };
        self.push(comment, |r| r.severity = Some(severity));
    }

    /// `[tiers.<name>]`.
    pub fn tier(&mut self, comment: &str, t: &TierTable) {
        let tier = RawTier {
            role: Some(t.role.clone()),
            owner: Some(t.owner.clone()),
            agents: Some(i64::from(t.agents)),
            handle_minutes: Some(match &t.handle_minutes {
                HandleTime::Fitted(f) => fitted_dist(*f),
                HandleTime::Kept(d) => raw_dist(d),
            }),
            handle_minutes_by_category: t
                .handle_minutes_by_category
                .iter()
                .map(|(c, f)| (c.clone(), fitted_dist(*f)))
                .collect(),
            cost_per_agent_hour: Some(round4(t.cost_per_agent_hour)),
            ..RawTier::default()
        };
        let name = t.name.clone();
        self.push(comment, |r| {
            r.tiers.insert(name, tier);
        });
    }

    /// `[categories.<name>]` with its share and its tier needs (tier name → share).
    pub fn category(&mut self, comment: &str, name: &str, share: f64, needs: &[(String, f64)]) {
        let category = RawCategory {
            share: Some(share),
            needs: Some(needs.iter().cloned().collect()),
            ..RawCategory::default()
        };
        let name = name.to_string();
        self.push(comment, |r| {
            r.categories.insert(name, category);
        });
    }

    /// `[policies.<name>]` of kind `transfers`: entry shares (tier name → share) and
    /// one row per tier (tier name → `resolve` or tier name → share).
    pub fn transfers_policy(
        &mut self,
        comment: &str,
        name: &str,
        entry: &[(String, f64)],
        rows: &[(String, Vec<(String, f64)>)],
    ) {
        let policy = RawPolicy {
            kind: Some("transfers".to_string()),
            entry: Some(entry.iter().cloned().collect()),
            transfers: Some(
                rows.iter()
                    .map(|(t, row)| (t.clone(), row.iter().cloned().collect()))
                    .collect(),
            ),
            ..RawPolicy::default()
        };
        let name = name.to_string();
        self.push(comment, |r| {
            r.policies.insert(name, policy);
        });
    }

    fn push(&mut self, comment: &str, set: impl FnOnce(&mut RawScenario)) {
        let mut raw = RawScenario::default();
        set(&mut raw);
        self.parts.push((comment.to_string(), raw));
    }

    /// The tables in the order added, each below its comment (`# ` lines).
    pub fn to_toml(&self) -> Result<String, WriteError> {
        let mut out = String::new();
        for (comment, raw) in &self.parts {
            out.push_str(&comment_lines(comment));
            out.push_str(&toml::to_string(raw)?);
            out.push('\n');
        }
        Ok(out)
    }
}

/// `text` as TOML comment lines (`#` alone for an empty line).
pub fn comment_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::from_str;

    fn shipped(name: &str) -> String {
        let path = format!("{}/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn written_staffing_reads_back_identically() {
        let text = shipped("support-basic.toml");
        let s = from_str(&text, "support-basic.toml")
            .expect("valid")
            .scenario;
        let per_tier: Vec<Staffing> = s.tiers.iter().map(|t| t.staffing.clone()).collect();
        let fragment = staffing_model_toml("planned", &s, &per_tier).expect("written");
        let extended = format!("{text}\n{fragment}");
        let s2 = from_str(&extended, "extended.toml")
            .expect("fragment valid")
            .scenario;
        let model = s2.staffing_models.last().expect("model");
        assert_eq!(model.name, "planned");
        assert!(s.tiers.iter().any(|t| !t.staffing.is_constant()));
        for (t, tier) in s.tiers.iter().enumerate() {
            assert_eq!(
                model.overrides[t].as_ref(),
                Some(&tier.staffing),
                "{}",
                tier.name
            );
        }
    }

    /// Every shipped scenario, parsed to its raw shape, written back through serde
    /// and read again, validates to the same model.
    #[test]
    fn every_shipped_scenario_round_trips_through_serde() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("scenarios/")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        names.sort();
        assert!(names.len() >= 4, "{names:?}");
        for name in names {
            let text = shipped(&name);
            let raw: RawScenario = toml::from_str(&text).expect("parses");
            let written = toml::to_string(&raw).expect("writes");
            let before = from_str(&text, &name).expect("valid");
            let after = from_str(&written, &name)
                .unwrap_or_else(|e| panic!("{name} written back is invalid:\n{e}\n{written}"));
            assert_eq!(
                format!("{:?}", before.scenario),
                format!("{:?}", after.scenario),
                "{name}"
            );
            assert_eq!(before.warnings.len(), after.warnings.len(), "{name}");
        }
    }
}
