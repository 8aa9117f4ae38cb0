//! `[planning]` → [`Planning`]: default shrinkage on `[0, 1)`, an occupancy cap on
//! `(0, 1]`, and weekly shrinkage windows (weekdays, start, end, shrinkage).

use super::problem::{Problems, index, join};
use super::raw::RawPlanning;
use super::values::{time_of_day, weekdays};
use crate::model::{Planning, ShrinkageWindow};

fn shrinkage(ps: &mut Problems, path: &str, v: f64) -> Option<f64> {
    if v.is_finite() && (0.0..1.0).contains(&v) {
        return Some(v);
    }
    ps.error(
        path,
        format!("must be a share of paid time from 0 up to (not including) 1, got {v}"),
        "e.g. shrinkage = 0.3 (30 % of paid time goes to breaks, meetings, training and absence)",
    );
    None
}

/// The planning settings (defaults when the table is absent), or `None` when invalid.
pub(crate) fn planning(ps: &mut Problems, raw: Option<&RawPlanning>) -> Option<Planning> {
    let Some(raw) = raw else {
        return Some(Planning::default());
    };
    let mut ok = true;
    let default = match raw.shrinkage {
        None => Some(0.0),
        Some(v) => shrinkage(ps, "planning.shrinkage", v),
    };
    let cap = match raw.occupancy_cap {
        None => Some(1.0),
        Some(v) if v.is_finite() && v > 0.0 && v <= 1.0 => Some(v),
        Some(v) => {
            ps.error(
                "planning.occupancy_cap",
                format!("must be a share above 0 and at most 1, got {v}"),
                "e.g. occupancy_cap = 0.85 (agents busy at most 85 % of their time on average)",
            );
            None
        }
    };
    let mut windows = Vec::with_capacity(raw.shrinkage_windows.len());
    for (i, w) in raw.shrinkage_windows.iter().enumerate() {
        let base = index("planning.shrinkage_windows", i);
        let missing = |ps: &mut Problems, field: &str, fix: &str| {
            ps.error(join(&base, field), "missing", fix);
        };
        let days = match &w.days {
            Some(d) => weekdays(ps, &join(&base, "days"), d),
            None => {
                missing(
                    ps,
                    "days",
                    "add days = [\"mon\"] (the weekdays the window applies to)",
                );
                None
            }
        };
        let start = match &w.start {
            Some(v) => time_of_day(ps, &join(&base, "start"), v, false),
            None => {
                missing(ps, "start", "add start = \"09:00\"");
                None
            }
        };
        let end = match &w.end {
            Some(v) => time_of_day(ps, &join(&base, "end"), v, true),
            None => {
                missing(ps, "end", "add end = \"10:00\"");
                None
            }
        };
        let s = match w.shrinkage {
            Some(v) => shrinkage(ps, &join(&base, "shrinkage"), v),
            None => {
                missing(ps, "shrinkage", "add shrinkage = 0.5");
                None
            }
        };
        match (days, start, end, s) {
            (Some(days), Some(start_ms), Some(end_ms), Some(shrinkage)) if end_ms > start_ms => {
                windows.push(ShrinkageWindow {
                    days,
                    start_ms,
                    end_ms,
                    shrinkage,
                });
            }
            (Some(_), Some(_), Some(_), Some(_)) => {
                ps.error(
                    join(&base, "end"),
                    "must be after start (a window cannot cross midnight)",
                    "split a window that crosses midnight into two",
                );
                ok = false;
            }
            _ => ok = false,
        }
    }
    match (default, cap, ok) {
        (Some(shrinkage), Some(occupancy_cap), true) => Some(Planning {
            shrinkage,
            occupancy_cap,
            windows,
        }),
        _ => None,
    }
}
