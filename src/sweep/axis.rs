//! Sweep axes: what one what-if changes in a scenario. Each axis maps a value to a
//! modified copy of the scenario; its base value leaves the scenario as it is.
//!
//! - `volume=F`: every arrival rate (base rate, peak seasons and bursts) × `F`.
//! - `handle=F`: every tier's handle, triage and touch time × `F` (the same draws
//!   scaled: [`crate::model::Dist::scaled`]).
//! - `headcount=F`: every staffing (each tier's own and every staffing model's) × `F`,
//!   rounded to the nearest whole agent; a block that had agents keeps at least one.
//! - `ai_accuracy=A`: the AI's probability of predicting the needed tier (uniform
//!   errors; a scenario with `[ai.confusion]` matrices has no single accuracy to set).

use crate::model::{Scenario, Staffing};

/// One axis of a sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Arrival volume factor.
    Volume,
    /// Work-time factor.
    Handle,
    /// Staffing factor.
    Headcount,
    /// AI tier accuracy (absolute).
    AiAccuracy,
}

impl Axis {
    /// Every axis with its name on the command line.
    pub const ALL: [(Axis, &'static str); 4] = [
        (Axis::Volume, "volume"),
        (Axis::Handle, "handle"),
        (Axis::Headcount, "headcount"),
        (Axis::AiAccuracy, "ai_accuracy"),
    ];

    /// The axis's name.
    pub fn name(self) -> &'static str {
        Axis::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("?", |(_, n)| n)
    }

    /// The value that leaves `scenario` unchanged.
    pub fn base(self, scenario: &Scenario) -> f64 {
        match self {
            Axis::Volume | Axis::Handle | Axis::Headcount => 1.0,
            Axis::AiAccuracy => scenario.ai.tier_accuracy,
        }
    }

    /// What a value means, for tables (`× 1.2`, `0.85`).
    pub fn show(self, value: f64) -> String {
        match self {
            Axis::AiAccuracy => format!("{value}"),
            _ => format!("× {value}"),
        }
    }
}

/// An axis with the values to try.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// The axis.
    pub axis: Axis,
    /// Values, in the order given.
    pub values: Vec<f64>,
}

/// Parses `AXIS=V1,V2,…` (`--vary`).
pub fn parse(s: &str) -> Result<Vary, String> {
    let names = || {
        Axis::ALL
            .iter()
            .map(|(_, n)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((name, list)) = s.split_once('=') else {
        return Err(format!(
            "expected AXIS=V1,V2,… (e.g. volume=0.9,1.1,1.2), got `{s}`; axes: {}",
            names()
        ));
    };
    let Some(&(axis, _)) = Axis::ALL.iter().find(|(_, n)| *n == name.trim()) else {
        return Err(format!("unknown axis `{}`; axes: {}", name.trim(), names()));
    };
    let mut values = Vec::new();
    for v in list.split(',') {
        let x: f64 = v
            .trim()
            .parse()
            .map_err(|_| format!("{}: `{}` is not a number", axis.name(), v.trim()))?;
        let ok = match axis {
            Axis::AiAccuracy => (0.0..=1.0).contains(&x),
            _ => x.is_finite() && x > 0.0 && x <= 100.0,
        };
        if !ok {
            return Err(match axis {
                Axis::AiAccuracy => format!("ai_accuracy: {x} is not a probability in [0, 1]"),
                _ => format!("{}: factor {x} must be > 0 and at most 100", axis.name()),
            });
        }
        if values.contains(&x) {
            return Err(format!("{}: {x} is listed twice", axis.name()));
        }
        values.push(x);
    }
    Ok(Vary { axis, values })
}

/// `scenario` with `axis` at `value`. An error says why the axis does not apply.
pub fn apply(scenario: &Scenario, axis: Axis, value: f64) -> Result<Scenario, String> {
    let mut s = scenario.clone();
    match axis {
        Axis::Volume => {
            if s.replay.is_some() {
                return Err("volume: the scenario replays a log, whose arrivals are recorded; sweep volume on synthetic arrivals".into());
            }
            s.arrivals.base_per_hour *= value;
            for b in &mut s.arrivals.bursts {
                b.extra_per_hour *= value;
            }
        }
        Axis::Handle => {
            if s.replay.is_some() {
                return Err("handle: the scenario replays a log, whose visited tiers work their recorded times; sweep handle time on synthetic arrivals".into());
            }
            for t in &mut s.tiers {
                let scale = |d: &crate::model::Dist| d.scaled(value).map_err(|e| e.to_string());
                t.handle_minutes = scale(&t.handle_minutes)?;
                for d in t.handle_minutes_by_category.iter_mut().flatten() {
                    *d = scale(d)?;
                }
                if let Some(d) = &mut t.triage_minutes {
                    *d = scale(d)?;
                }
            }
        }
        Axis::Headcount => {
            for t in &mut s.tiers {
                t.staffing = scaled_staffing(&t.staffing, value);
            }
            for m in &mut s.staffing_models {
                for st in m.overrides.iter_mut().flatten() {
                    *st = scaled_staffing(st, value);
                }
            }
        }
        Axis::AiAccuracy => {
            if s.ai.confusion.is_some() {
                return Err("ai_accuracy: the scenario's AI errs by its [ai.confusion] matrices, so it has no single accuracy to set".into());
            }
            s.ai.tier_accuracy = value;
        }
    }
    Ok(s)
}

/// Every head count × `f`, rounded to the nearest whole agent (halves up); a step
/// that had agents keeps at least one.
fn scaled_staffing(st: &Staffing, f: f64) -> Staffing {
    if let Some(r) = &st.roster {
        // A dated roster scales shift by shift (each keeps at least one agent).
        let mut r = (**r).clone();
        for s in &mut r.shifts {
            s.shift.agents = ((f64::from(s.shift.agents) * f + 0.5 + 1e-9).floor() as u32).max(1);
        }
        return Staffing::from_roster(r);
    }
    let mut steps: Vec<(i64, u32)> = Vec::with_capacity(st.steps.len());
    for &(at, agents) in &st.steps {
        let n = if agents == 0 {
            0
        } else {
            // The epsilon keeps exact halves such as 45 × 0.7 = 31.5 (31.499… in
            // binary) rounding up, as documented.
            ((f64::from(agents) * f + 0.5 + 1e-9).floor() as u32).max(1)
        };
        if steps.last().is_none_or(|&(_, a)| a != n) {
            steps.push((at, n));
        }
    }
    Staffing {
        steps,
        roster: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_with_their_ranges() {
        let v = parse("volume=0.8, 1.2").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((v.axis, v.values), (Axis::Volume, vec![0.8, 1.2]));
        assert!(parse("volume").unwrap_err().contains("expected AXIS=V1,V2"));
        assert!(
            parse("colume=1")
                .unwrap_err()
                .contains("unknown axis `colume`")
        );
        assert!(parse("handle=0").unwrap_err().contains("must be > 0"));
        assert!(
            parse("ai_accuracy=1.2")
                .unwrap_err()
                .contains("not a probability")
        );
        assert!(
            parse("headcount=1,x")
                .unwrap_err()
                .contains("`x` is not a number")
        );
    }

    #[test]
    fn staffing_scales_to_whole_agents_and_keeps_one() {
        let st = Staffing {
            steps: vec![(0, 0), (10, 1), (20, 4), (30, 5)],
            roster: None,
        };
        // 0 stays 0; 1 × 0.5 = 0.5 rounds to 1; 4 × 0.5 = 2; 5 × 0.5 = 2.5 → 3.
        assert_eq!(
            scaled_staffing(&st, 0.5).steps,
            vec![(0, 0), (10, 1), (20, 2), (30, 3)]
        );
        // 45 × 0.7 = 31.5 exactly in decimals: halves up, to 32.
        let big = Staffing {
            steps: vec![(0, 45)],
            roster: None,
        };
        assert_eq!(scaled_staffing(&big, 0.7).steps, vec![(0, 32)]);
        // 1 × 0.2 and 4 × 0.2 both give 1: merged into one step.
        assert_eq!(scaled_staffing(&st, 0.2).steps, vec![(0, 0), (10, 1)]);
    }
}
