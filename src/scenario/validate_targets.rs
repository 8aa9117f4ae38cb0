//! `[targets]` → [`Target`]s: `metric = limit` for metrics with a better direction
//! (lower-is-better metrics get an upper limit, higher-is-better ones a lower limit).
//! A metric with parts must name a declared segment, tier or category, or a severity.

use indexmap::IndexMap;

use super::context::Refs;
use super::problem::{Problems, join};
use super::suggest::closest;
use crate::metrics::catalog::{self, Better, Unit};
use crate::model::Target;

/// Checks the dimension names inside `metric` (`….segment.<s>`, `….severity.<s>`,
/// `tier.<t>.…`, `category.<c>.…`) against the declared ones.
fn parts_known(ps: &mut Problems, path: &str, metric: &str, refs: &Refs) -> bool {
    let check = |ps: &mut Problems, names: &super::suggest::Names, name: &str| {
        names.lookup(ps, path, name).is_some()
    };
    if let Some((_, seg)) = metric.split_once(".segment.") {
        return check(ps, &refs.segments, seg);
    }
    if let Some((_, sev)) = metric.split_once(".severity.") {
        if crate::model::Severity::ALL.iter().any(|s| s.name() == sev) {
            return true;
        }
        ps.error(
            path,
            format!("unknown severity `{sev}`"),
            "use critical, high, medium or low",
        );
        return false;
    }
    for (prefix, names) in [("tier.", &refs.tiers), ("category.", &refs.categories)] {
        if let Some(rest) = metric.strip_prefix(prefix) {
            let name = rest.rsplit_once('.').map_or(rest, |(n, _)| n);
            return check(ps, names, name);
        }
    }
    true
}

/// The targets, or `None` when any is invalid (problems reported).
pub(crate) fn targets(
    ps: &mut Problems,
    raw: &IndexMap<String, toml::Value>,
    refs: &Refs,
) -> Option<Vec<Target>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut ok = true;
    for (metric, value) in raw {
        let path = join("targets", metric);
        let limit = match value {
            toml::Value::Float(x) => *x,
            toml::Value::Integer(i) => *i as f64,
            other => {
                ps.error(
                    &path,
                    format!("must be a number, got {}", other.type_str()),
                    "write the limit as a number in the metric's unit: 0.01 for 1 %, 30 for 30 minutes",
                );
                ok = false;
                continue;
            }
        };
        let Some(m) = catalog::lookup(metric) else {
            let fix = match closest(metric, catalog::METRICS.iter().map(|m| m.name)) {
                Some(s) => format!("did you mean `{s}`? (every metric is in docs/metrics.md)"),
                None => "name a metric from docs/metrics.md, e.g. resolution_breach_rate = 0.01"
                    .to_string(),
            };
            ps.error(&path, format!("unknown metric `{metric}`"), fix);
            ok = false;
            continue;
        };
        let at_most = match m.better {
            Better::Lower => true,
            Better::Higher => false,
            Better::Neither => {
                ps.error(
                    &path,
                    format!("`{metric}` describes load or activity, so it has no better direction to aim for"),
                    "set targets on outcomes: breach rates, service levels, times, cost",
                );
                ok = false;
                continue;
            }
        };
        if !parts_known(ps, &path, metric, refs) {
            ok = false;
            continue;
        }
        let fits = match m.unit {
            Unit::Share => (0.0..=1.0).contains(&limit),
            _ => limit.is_finite() && limit >= 0.0,
        };
        if !fits {
            let want = if m.unit == Unit::Share {
                "a share from 0 to 1 (0.01 = 1 %)"
            } else {
                "a number >= 0 in the metric's unit"
            };
            let fix = match m.unit {
                Unit::Share => format!("e.g. \"{metric}\" = 0.01 for 1 %"),
                Unit::Hours => format!("e.g. \"{metric}\" = 8 (hours)"),
                Unit::Minutes => format!("e.g. \"{metric}\" = 30 (minutes)"),
                _ => format!("e.g. \"{metric}\" = 100"),
            };
            ps.error(&path, format!("must be {want}, got {limit}"), fix);
            ok = false;
            continue;
        }
        out.push(Target {
            metric: metric.clone(),
            limit,
            at_most,
        });
    }
    ok.then_some(out)
}
