//! `[regions.<r>]` (an IANA time zone and public holidays) and where each tier is:
//! a tier's `region` gives its shifts' time zone and, unless `open_on_holidays`, the
//! holidays that close it ([`Place`]).

use chrono::NaiveDate;
use chrono_tz::Tz;
use indexmap::IndexMap;

use super::problem::{Problems, index, join};
use super::raw::{RawRegion, RawTier};
use super::suggest::{Names, closest};
use super::values::date;

/// Where a tier's staffing is: the time zone of its shifts and the local dates it is
/// closed. The default (no region) is the run's UTC clock, never closed.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Place {
    /// The region's time zone, if the tier is in one.
    pub zone: Option<Tz>,
    /// Local dates with no agents (the region's holidays), sorted.
    pub closed: Vec<NaiveDate>,
}

/// A validated region.
#[derive(Clone, Debug)]
pub(crate) struct Region {
    zone: Tz,
    holidays: Vec<NaiveDate>,
}

/// The regions, by name in file order (`None` where a region has errors).
pub(crate) fn regions(
    ps: &mut Problems,
    raw: &IndexMap<String, RawRegion>,
) -> (Names, Vec<Option<Region>>) {
    let names = Names::new("region", "[regions.<name>]", raw.keys().cloned());
    let list = raw
        .iter()
        .map(|(name, r)| region(ps, &join("regions", name), r))
        .collect();
    (names, list)
}

fn region(ps: &mut Problems, base: &str, r: &RawRegion) -> Option<Region> {
    let at = join(base, "time_zone");
    let zone = match &r.time_zone {
        None => {
            ps.error(
                base,
                "missing required field `time_zone`",
                "give the region's IANA time zone, e.g. time_zone = \"Europe/Berlin\"",
            );
            None
        }
        Some(z) => match z.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let known = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
                let fix = match closest(z, known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "give an IANA time zone name such as \"Europe/Berlin\", \"America/New_York\" or \"UTC\"".to_string(),
                };
                ps.error(&at, format!("unknown time zone `{z}`"), fix);
                None
            }
        },
    };
    let mut holidays = Vec::new();
    let mut ok = true;
    for (i, v) in r.holidays.iter().flatten().enumerate() {
        let at = index(&join(base, "holidays"), i);
        match date(ps, &at, v) {
            Some(d) if holidays.contains(&d) => {
                ps.warning(at, format!("holiday {d} is listed twice"), "list it once");
            }
            Some(d) => holidays.push(d),
            None => ok = false,
        }
    }
    holidays.sort_unstable();
    Some(Region {
        zone: zone?,
        holidays: ok.then_some(holidays)?,
    })
}

/// Each tier's place (the default where it has no region or its region has errors;
/// those errors are reported).
pub(crate) fn tier_places(
    ps: &mut Problems,
    tiers: &IndexMap<String, RawTier>,
    names: &Names,
    regions: &[Option<Region>],
) -> Vec<Place> {
    tiers
        .iter()
        .map(|(name, t)| {
            let base = join("tiers", name);
            let open = t.open_on_holidays.unwrap_or(false);
            let Some(r) = &t.region else {
                if t.open_on_holidays.is_some() {
                    ps.warning(
                        join(&base, "open_on_holidays"),
                        "the tier has no region, so no holidays close it",
                        "give it a region = \"<name>\" whose holidays apply, or remove open_on_holidays",
                    );
                }
                return Place::default();
            };
            let Some(region) = names
                .lookup(ps, &join(&base, "region"), r)
                .and_then(|i| regions.get(i).cloned().flatten())
            else {
                return Place::default();
            };
            Place {
                zone: Some(region.zone),
                closed: if open { Vec::new() } else { region.holidays },
            }
        })
        .collect()
}
