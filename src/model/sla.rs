//! SLA targets (`[sla.<severity>]`, `[sla.segments.<segment>.<severity>]`) and the
//! first-response definition.

use super::{CalendarId, FirstResponse, PauseOn, SegmentId, Severity, SimTime, Tier};

/// SLA targets for one severity (and optionally one segment).
#[derive(Clone, Debug, PartialEq)]
pub struct SlaTarget {
    /// Time to first response (an agent starts work), ms of calendar time.
    pub first_response_ms: SimTime,
    /// Time to resolution, ms of calendar time.
    pub resolution_ms: SimTime,
    /// Interval between customer status updates, ms of calendar time.
    pub update_interval_ms: Option<SimTime>,
    /// The calendar on which the SLA clock runs.
    pub calendar: CalendarId,
    /// Waits that pause the resolution clock (its deadline moves by the paused
    /// working time).
    pub pause_on: PauseOn,
}

/// SLA targets per severity, with optional per-segment overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Sla {
    /// Targets indexed by [`Severity::index`].
    pub by_severity: [SlaTarget; 4],
    /// `by_segment[segment][severity]`: overrides for that segment, if any.
    pub by_segment: Vec<[Option<SlaTarget>; 4]>,
    /// Abandons within this long after arriving are short abandons, left out of the
    /// `service_level_short_abandons_excluded` definition, ms (0 = none).
    pub short_abandon_ms: SimTime,
    /// What counts as the first response.
    pub first_response: FirstResponse,
}

impl Sla {
    /// The first-response definition in words, for reports.
    pub fn first_response_words(&self, tiers: &[Tier]) -> String {
        match self.first_response {
            FirstResponse::AgentTouch => "first agent touch".to_string(),
            FirstResponse::AutoReply { after_ms } => format!(
                "automatic acknowledgement after {} min (or an earlier agent touch)",
                after_ms as f64 / 60_000.0
            ),
            FirstResponse::TriageReply { tier, work_minutes } => format!(
                "triage reply by {} ({work_minutes} min of work; or an earlier agent touch)",
                tier.and_then(|t| tiers.get(t.index()))
                    .map_or("the first tier of the path", |t| t.name.as_str())
            ),
        }
    }
}

impl Sla {
    /// The target for a ticket of `severity` from `segment`.
    #[inline]
    pub fn target(&self, severity: Severity, segment: SegmentId) -> &SlaTarget {
        self.by_segment
            .get(segment.index())
            .and_then(|o| o[severity.index()].as_ref())
            .unwrap_or(&self.by_severity[severity.index()])
    }
}
