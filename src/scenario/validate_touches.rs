//! `[tiers.<name>.touches]` → [`Touches`]: a tier's work on the tickets it resolves as
//! several agent touches with waits on the customer or a third party in between, and
//! `pause_on` of an SLA target → [`PauseOn`].

use super::context::Refs;
use super::dists::{Quantity, dist};
use super::problem::{Problems, join};
use super::raw::RawTouches;
use super::suggest::word;
use super::values::{count, non_negative, positive, share};
use crate::model::time::{HOUR_MS, minutes_to_ms};
use crate::model::{PauseOn, SimTime, Touches};

const WAIT: Quantity = Quantity {
    unit: "minutes",
    typical: 240.0,
};

/// Most touches per visit a scenario may ask for.
const MAX_TOUCHES: u32 = 50;

/// Validates a tier's `touches` table at `path` (`tiers.<name>.touches`).
pub(crate) fn touches(
    problems: &mut Problems,
    path: &str,
    t: &RawTouches,
    refs: &Refs,
) -> Option<Touches> {
    let more_path = join(path, "more_probability");
    let more = match t.more_probability {
        None => {
            problems.error(
                &more_path,
                "missing: the chance that a touch is followed by another",
                "add more_probability = 0.4 (a mean of 1 / (1 - 0.4) touches)",
            );
            None
        }
        Some(p) if p >= 1.0 && p.is_finite() => {
            problems.error(
                &more_path,
                format!("must be below 1 (every touch would need another), got {p}"),
                "give a probability from 0 to below 1, e.g. 0.4",
            );
            None
        }
        Some(p) => share(
            problems,
            &more_path,
            p,
            "give a probability from 0 to below 1, e.g. 0.4",
        ),
    };
    let by_path = join(path, "more_probability_by_category");
    let mut by_category = vec![None; refs.categories.names.len()];
    let mut by_ok = true;
    for (cat, &p) in &t.more_probability_by_category {
        let at = join(&by_path, cat);
        let id = refs.categories.lookup(problems, &at, cat);
        let v = if p < 1.0 {
            share(
                problems,
                &at,
                p,
                "give a probability from 0 to below 1, e.g. 0",
            )
        } else {
            problems.error(
                &at,
                format!("must be below 1, got {p}"),
                "give a probability from 0 to below 1, e.g. 0",
            );
            None
        };
        match (id, v) {
            (Some(id), Some(v)) => by_category[id] = Some(v),
            _ => by_ok = false,
        }
    }
    let max = match t.max_touches {
        None => Some(20),
        Some(v) => count(
            problems,
            &join(path, "max_touches"),
            v,
            1,
            MAX_TOUCHES,
            "give the most touches per visit, e.g. max_touches = 10",
        ),
    };
    let reply = match t.reply_probability {
        None => Some(1.0),
        Some(p) => share(
            problems,
            &join(path, "reply_probability"),
            p,
            "give the chance that the customer replies, from 0 to 1, e.g. 0.9",
        ),
    };
    let delay_path = join(path, "reply_delay_minutes");
    let delay = match &t.reply_delay_minutes {
        Some(d) => dist(problems, &delay_path, d, WAIT),
        None => {
            problems.error(
                &delay_path,
                "missing: how long the customer takes to reply",
                "add reply_delay_minutes = { dist = \"lognormal\", mean = 240, cv = 1.2 }",
            );
            None
        }
    };
    let third = match t.third_party_share {
        None => Some(0.0),
        Some(p) => share(
            problems,
            &join(path, "third_party_share"),
            p,
            "give the share of waits on a third party, from 0 to 1, e.g. 0.2",
        ),
    };
    let third_path = join(path, "third_party_delay_minutes");
    let third_delay = match (&t.third_party_delay_minutes, third) {
        (Some(d), _) => dist(problems, &third_path, d, WAIT).map(Some),
        (None, Some(s)) if s > 0.0 => {
            problems.error(
                &third_path,
                "missing: third_party_share is above 0, so waits on a third party need a duration",
                "add third_party_delay_minutes = { dist = \"exponential\", mean = 480 }",
            );
            None
        }
        (None, _) => Some(None),
    };
    let auto = match t.auto_resolve_after_hours {
        None => Some(72.0),
        Some(h) => positive(
            problems,
            &join(path, "auto_resolve_after_hours"),
            h,
            "give the hours after which a ticket whose customer never replied is closed, e.g. 72",
        ),
    };
    let owner = match t.same_agent_wait_minutes {
        None => Some(None),
        Some(m) => non_negative(
            problems,
            &join(path, "same_agent_wait_minutes"),
            m,
            "give the minutes a reply waits for the agent who touched the ticket last, e.g. 240 (0: that agent only if free)",
        )
        .map(|m| Some(minutes_to_ms(m))),
    };
    Some(Touches {
        more_probability: more?,
        more_by_category: by_ok.then_some(by_category)?,
        max_touches: max? as u8,
        third_party_share: third?,
        reply_probability: reply?,
        reply_delay_minutes: delay?,
        third_party_delay_minutes: third_delay?,
        auto_resolve_ms: (auto? * HOUR_MS as f64).round() as SimTime,
        owner_wait_ms: owner?,
    })
}

/// Validates an SLA target's `pause_on` list at `path` (`…pause_on`).
pub(crate) fn pause_on(problems: &mut Problems, path: &str, list: &[String]) -> Option<PauseOn> {
    let mut out = PauseOn::default();
    let mut ok = true;
    for (i, v) in list.iter().enumerate() {
        match word(
            problems,
            &format!("{path}[{i}]"),
            "status",
            v,
            (
                &["customer", "third_party", "pending", "on_hold"],
                "known: `pending` (or `customer`), `on_hold` (or `third_party`)",
            ),
            "use \"pending\" (waiting on the customer) or \"on_hold\" (waiting on a third party)",
        ) {
            Some(0 | 2) => out.customer = true,
            Some(_) => out.third_party = true,
            None => ok = false,
        }
    }
    ok.then_some(out)
}
