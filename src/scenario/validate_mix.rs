//! The ticket mix: `[segments.<name>]`, `[categories.<name>]` (with the tiers each
//! needs) and severity shares → [`Segment`]s, [`Category`]s and `[f64; 4]` shares.

use indexmap::IndexMap;

use super::context::Refs;
use super::dists::{Quantity, dist};
use super::problem::{Problems, join};
use super::raw::{RawCategory, RawSegment, RawSeverityShares};
use super::values::{count, non_negative, required, share, shares_sum_to_one};
use crate::model::{Category, Dist, Retrial, Segment, SentimentDist, Severity, TierId};

const ACCOUNT_VALUE: Quantity = Quantity {
    unit: "currency units",
    typical: 1000.0,
};
const ORDER_VALUE: Quantity = Quantity {
    unit: "currency units",
    typical: 80.0,
};
const PATIENCE: Quantity = Quantity {
    unit: "minutes",
    typical: 60.0,
};

/// Most customer segments a scenario may declare: every run keeps SLA tables and
/// report rows per segment (20,000 segments once took 23 s and 3.2 GB to render).
pub(crate) const MAX_SEGMENTS: usize = 1000;

/// Validates the customer segments and that their shares sum to 1. A segment with
/// share 0 gets a warning.
pub(crate) fn segments(
    problems: &mut Problems,
    raw: &IndexMap<String, RawSegment>,
) -> Vec<Option<Segment>> {
    if raw.is_empty() {
        problems.error(
            "segments",
            "no customer segments are declared",
            "declare at least one, e.g. [segments.all] with share = 1",
        );
    }
    if raw.len() > MAX_SEGMENTS {
        problems.error(
            "segments",
            format!(
                "{} customer segments declared; at most {MAX_SEGMENTS} are supported",
                raw.len()
            ),
            "merge segments that share SLAs and patience (a segment is a customer tier, not a customer)",
        );
        return vec![None];
    }
    let mut shares: Vec<(String, f64)> = Vec::new();
    let mut all_shares_ok = true;
    let out = raw
        .iter()
        .map(|(name, s)| {
            let base = join("segments", name);
            let share_path = join(&base, "share");
            let sh = required(
                problems,
                &share_path,
                &s.share,
                "give the share of tickets from this segment, e.g. share = 0.2",
            )
            .and_then(|&v| {
                share(
                    problems,
                    &share_path,
                    v,
                    "give a share from 0 to 1, e.g. 0.2",
                )
            });
            match sh {
                Some(v) => {
                    if v == 0.0 {
                        problems.warning(
                            &share_path,
                            format!("share is 0, so no tickets come from segment `{name}`"),
                            "give it a positive share, or remove the segment",
                        );
                    }
                    shares.push((name.clone(), v));
                }
                None => all_shares_ok = false,
            }
            let value = match &s.account_value {
                None => Dist::constant(0.0).ok(),
                Some(d) => dist(problems, &join(&base, "account_value"), d, ACCOUNT_VALUE),
            };
            let patience = match &s.patience_minutes {
                None => Some(None),
                Some(d) => dist(problems, &join(&base, "patience_minutes"), d, PATIENCE).map(Some),
            };
            let retrial = retrial(
                problems,
                &base,
                s,
                patience.as_ref().is_some_and(Option::is_some),
            );
            Some(Segment {
                name: name.clone(),
                share: sh?,
                account_value: value?,
                patience_minutes: patience?,
                retrial: retrial?,
            })
        })
        .collect();
    if all_shares_ok && !raw.is_empty() {
        shares_sum_to_one(problems, "segments", "segment shares", &shares);
    }
    out
}

const RETRIAL_DELAY: Quantity = Quantity {
    unit: "minutes",
    typical: 30.0,
};

/// Most retrials per ticket a scenario may ask for.
const MAX_RETRIALS: u32 = 20;

/// A segment's retrial fields: `retrial_probability` (0–1), `retrial_delay_minutes`
/// (a distribution, required when the probability is above 0) and `max_retrials`
/// (default 3). `Some(None)` means no retrials; `None` means an error was reported.
fn retrial(
    problems: &mut Problems,
    base: &str,
    s: &RawSegment,
    has_patience: bool,
) -> Option<Option<Retrial>> {
    let p_path = join(base, "retrial_probability");
    let Some(p) = s.retrial_probability else {
        for (field, given) in [
            ("retrial_delay_minutes", s.retrial_delay_minutes.is_some()),
            ("max_retrials", s.max_retrials.is_some()),
        ] {
            if given {
                problems.error(
                    join(base, field),
                    "is given without retrial_probability, so it would have no effect",
                    "add retrial_probability = <share of abandoning customers who come back>, or remove it",
                );
                return None;
            }
        }
        return Some(None);
    };
    let p = share(
        problems,
        &p_path,
        p,
        "give the share of abandoning customers who contact again, from 0 to 1, e.g. 0.5",
    )?;
    if !has_patience && p > 0.0 {
        problems.warning(
            &p_path,
            "customers of this segment never abandon (no patience_minutes), so no one retries",
            "add patience_minutes, or remove the retrial fields",
        );
    }
    let delay_path = join(base, "retrial_delay_minutes");
    let delay = match &s.retrial_delay_minutes {
        Some(d) => dist(problems, &delay_path, d, RETRIAL_DELAY)?,
        None => {
            problems.error(
                &delay_path,
                "missing: how long abandoning customers wait before trying again",
                "add retrial_delay_minutes = { dist = \"exponential\", mean = 30 }",
            );
            return None;
        }
    };
    let max = match s.max_retrials {
        None => 3,
        Some(v) => count(
            problems,
            &join(base, "max_retrials"),
            v,
            1,
            MAX_RETRIALS,
            "give the most further attempts per ticket, e.g. max_retrials = 3",
        )?,
    };
    Some(Some(Retrial {
        probability: p,
        delay_minutes: delay,
        max_retrials: max as u8,
    }))
}

/// Validates the ticket categories, their tier needs, and that category shares sum to 1.
pub(crate) fn categories(
    problems: &mut Problems,
    raw: &IndexMap<String, RawCategory>,
    refs: &Refs,
) -> Vec<Option<Category>> {
    if raw.is_empty() {
        problems.error(
            "categories",
            "no ticket categories are declared",
            "declare at least one, e.g. [categories.general] with share = 1 and needs = { T1 = 1 }",
        );
    }
    let mut shares: Vec<(String, f64)> = Vec::new();
    let mut all_shares_ok = true;
    let out = raw
        .iter()
        .map(|(name, c)| {
            let base = join("categories", name);
            let share_path = join(&base, "share");
            let sh = required(
                problems,
                &share_path,
                &c.share,
                "give the share of tickets in this category, e.g. share = 0.3",
            )
            .and_then(|&v| {
                share(
                    problems,
                    &share_path,
                    v,
                    "give a share from 0 to 1, e.g. 0.3",
                )
            });
            match sh {
                Some(v) => shares.push((name.clone(), v)),
                None => all_shares_ok = false,
            }
            let needs_path = join(&base, "needs");
            let example = refs
                .tiers
                .names
                .first()
                .map(|t| format!("e.g. needs = {{ {t} = 1 }}"))
                .unwrap_or_default();
            let needs = required(
                problems,
                &needs_path,
                &c.needs,
                &format!("give the probability that a ticket needs each tier, {example}"),
            )
            .and_then(|n| needs(problems, &needs_path, n, refs));
            let order_value = match &c.order_value {
                None => Some(None),
                Some(d) => dist(problems, &join(&base, "order_value"), d, ORDER_VALUE).map(Some),
            };
            let sentiment = sentiment(problems, &base, c);
            let severity = match &c.severity {
                None => Some(None),
                Some(s) => severity_shares(
                    problems,
                    &join(&base, "severity"),
                    s,
                    "this category's severity shares",
                    false,
                )
                .map(Some),
            };
            Some(Category {
                name: name.clone(),
                share: sh?,
                needs: needs?,
                keywords: c.keywords.clone().unwrap_or_default(),
                keyword_mask: 0,
                order_value: order_value?,
                sentiment: sentiment?,
                severity_shares: severity?,
            })
        })
        .collect();
    if all_shares_ok && !raw.is_empty() {
        shares_sum_to_one(problems, "categories", "category shares", &shares);
    }
    out
}

fn needs(
    problems: &mut Problems,
    path: &str,
    raw: &IndexMap<String, f64>,
    refs: &Refs,
) -> Option<Vec<(TierId, f64)>> {
    if raw.is_empty() {
        problems.error(
            path,
            "must name at least one tier",
            "give the probability that a ticket needs each tier, e.g. needs = { T1 = 0.8, T2 = 0.2 }",
        );
        return None;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut named = Vec::with_capacity(raw.len());
    let mut ok = true;
    for (tier, &p) in raw {
        let at = join(path, tier);
        let id = refs.tiers.lookup(problems, &at, tier);
        let p = share(
            problems,
            &at,
            p,
            "give a probability from 0 to 1, e.g. 0.25",
        );
        match (id, p) {
            (Some(id), Some(p)) => {
                out.push((TierId(id as u16), p));
                named.push((tier.clone(), p));
            }
            (None, Some(p)) => {
                named.push((tier.clone(), p));
                ok = false;
            }
            _ => ok = false,
        }
    }
    if named.len() == raw.len() && !shares_sum_to_one(problems, path, "needs probabilities", &named)
    {
        ok = false;
    }
    ok.then_some(out)
}

fn sentiment(problems: &mut Problems, base: &str, c: &RawCategory) -> Option<SentimentDist> {
    let Some(s) = &c.sentiment else {
        return Some(SentimentDist { mean: 0.0, sd: 0.0 });
    };
    let path = join(base, "sentiment");
    let mean = s.mean.unwrap_or(0.0);
    let mean_ok = mean.is_finite() && (-1.0..=1.0).contains(&mean);
    if !mean_ok {
        problems.error(
            join(&path, "mean"),
            format!("must be a number from -1 (furious) to 1 (delighted), got {mean}"),
            "give the typical sentiment, e.g. mean = -0.2",
        );
    }
    let sd = non_negative(
        problems,
        &join(&path, "sd"),
        s.sd.unwrap_or(0.0),
        "give the spread of sentiment, e.g. sd = 0.3",
    );
    Some(SentimentDist {
        mean: mean_ok.then_some(mean)?,
        sd: sd?,
    })
}

/// Severity shares from a table where a missing severity has share 0; they must sum
/// to 1. With `warn_zero`, a severity explicitly given share 0 gets a warning.
pub(crate) fn severity_shares(
    problems: &mut Problems,
    path: &str,
    raw: &RawSeverityShares,
    what: &str,
    warn_zero: bool,
) -> Option<[f64; 4]> {
    let mut out = [0.0; 4];
    let mut named = Vec::new();
    let mut ok = true;
    for (sev, v) in Severity::ALL.into_iter().zip(raw.by_severity()) {
        let Some(v) = v else { continue };
        let at = join(path, sev.name());
        match share(problems, &at, v, "give a share from 0 to 1, e.g. 0.15") {
            Some(v) => {
                if v == 0.0 && warn_zero {
                    problems.warning(
                        &at,
                        format!(
                            "share is 0, so no ticket is {sev} and its SLA targets are never used"
                        ),
                        format!(
                            "give it a positive share, or remove `{sev}` to make this explicit"
                        ),
                    );
                }
                out[sev.index()] = v;
                named.push((sev.name().to_string(), v));
            }
            None => ok = false,
        }
    }
    if ok && !shares_sum_to_one(problems, path, what, &named) {
        ok = false;
    }
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::suggest::Names;
    use super::*;

    fn refs() -> Refs {
        Refs {
            calendars: Names::new("calendar", "", ["always".to_string()]),
            tiers: Names::new(
                "tier",
                "[tiers.<name>]",
                ["T1", "T2", "T3"].map(String::from),
            ),
            segments: Names::new("segment", "", Vec::<String>::new()),
            categories: Names::new("category", "", Vec::<String>::new()),
        }
    }

    #[test]
    fn categories_check_shares_needs_and_sentiment() {
        let raw: IndexMap<String, RawCategory> = toml::from_str(
            "[billing]\nshare = 0.6\nneeds = { T1 = 0.7, T2 = 0.24, T3 = 0.06 }\n\
             sentiment = { mean = -0.2, sd = 0.3 }\nseverity = { high = 0.5, low = 0.5 }\n\
             [outage]\nshare = 0.3\nneeds = { T1 = 0.5, T9 = 0.2 }\nsentiment = { mean = -2 }\n",
        )
        .unwrap_or_default();
        assert_eq!(raw.len(), 2);
        let mut ps = Problems::default();
        let cats = categories(&mut ps, &raw, &refs());
        let billing = cats[0]
            .as_ref()
            .map(|c| (c.needs.clone(), c.severity_shares));
        assert_eq!(
            billing,
            Some((
                vec![(TierId(0), 0.7), (TierId(1), 0.24), (TierId(2), 0.06)],
                Some([0.0, 0.5, 0.0, 0.5])
            ))
        );
        assert!(cats[1].is_none());
        let list = ps.into_sorted();
        let paths: Vec<&str> = list.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "categories.outage.needs.T9",
                "categories.outage.needs",
                "categories.outage.sentiment.mean",
                "categories",
            ]
        );
        assert!(
            list[1].message.contains("sum to 0.7"),
            "{}",
            list[1].message
        );
        assert!(
            list[3].message.contains("sum to 0.9"),
            "{}",
            list[3].message
        );
    }

    #[test]
    fn zero_segment_and_severity_shares_warn() {
        let raw: IndexMap<String, RawSegment> =
            toml::from_str("[smb]\nshare = 1\n[vip]\nshare = 0\n").unwrap_or_default();
        let mut ps = Problems::default();
        let segs = segments(&mut ps, &raw);
        assert!(segs.iter().all(Option::is_some));
        let sev = RawSeverityShares {
            critical: Some(0.0),
            high: Some(0.2),
            medium: None,
            low: Some(0.8),
        };
        assert_eq!(
            severity_shares(&mut ps, "severity", &sev, "severity shares", true),
            Some([0.0, 0.2, 0.0, 0.8])
        );
        assert_eq!(ps.error_count(), 0);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].path, "segments.vip.share");
        assert_eq!(list[1].path, "severity.critical");
        assert!(list[1].message.contains("no ticket is critical"));
    }
}
