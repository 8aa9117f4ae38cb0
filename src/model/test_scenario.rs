//! Test-only builders of small validated [`Scenario`] values, so tests of the layers
//! below the scenario file (tickets, AI) do not depend on the TOML loader.
//!
//! [`scenario`] gives a consistent scenario with the named tiers (each resolving its
//! own and every lower need), one segment, one category, flat profiles and a one-week
//! horizon starting Monday 2026-01-05 00:00; tests adjust the public fields they care
//! about with the small constructors below.

use chrono::NaiveDate;

use crate::model::{
    Arrivals, Calendar, CalendarId, Category, Clock, Discipline, Dist, PolicyKind, PolicySpec,
    RunSettings, Scenario, Segment, SentimentDist, Sla, SlaTarget, Staffing, StaffingModel, Tier,
    TierId,
    time::{DAY_MS, HOUR_MS},
};

/// Monday 2026-01-05 00:00, the start of every test scenario.
pub fn monday_clock() -> Clock {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid date");
    Clock::new(start)
}

/// A tier named `name` with the given handle-time distribution (minutes); tier `index`
/// resolves needs `0..=index`.
pub fn tier(name: &str, index: usize, tier_count: usize, handle: Dist) -> Tier {
    Tier {
        name: name.to_string(),
        role: format!("{name} agent"),
        owner: format!("{name} lead"),
        owner_role: crate::model::RoleId(index as u16),
        staffing: Staffing::constant(2),
        resolves: (0..tier_count).map(|need| need <= index).collect(),
        handle_minutes: handle,
        handle_minutes_by_category: Vec::new(),
        triage_minutes: None,
        handoff_minutes: None,
        cost_per_agent_hour: 30.0,
        touches: None,
        pickup_target_ms: None,
    }
}

/// A segment with a constant account value and infinite patience.
pub fn segment(name: &str, share: f64, account_value: f64) -> Segment {
    Segment {
        name: name.to_string(),
        share,
        account_value: Dist::constant(account_value).expect("valid constant"),
        patience_minutes: None,
        retrial: None,
    }
}

/// A category with the given needs, neutral sentiment and the default severities.
pub fn category(name: &str, share: f64, needs: &[(u16, f64)]) -> Category {
    Category {
        name: name.to_string(),
        share,
        needs: needs.iter().map(|&(t, p)| (TierId(t), p)).collect(),
        keywords: Vec::new(),
        keyword_mask: 0,
        order_value: None,
        sentiment: SentimentDist { mean: 0.0, sd: 0.0 },
        severity_shares: None,
    }
}

fn target() -> SlaTarget {
    SlaTarget {
        first_response_ms: HOUR_MS,
        resolution_ms: 8 * HOUR_MS,
        update_interval_ms: None,
        calendar: CalendarId(0),
        pause_on: crate::model::PauseOn::default(),
    }
}

/// A consistent scenario with the named tiers (exponential handle times, mean 10, 20,
/// 30, … minutes), one segment `standard`, one category `general` needing the first
/// tier, 60 tickets per hour with flat profiles, and a one-week horizon.
pub fn scenario(tier_names: &[&str]) -> Scenario {
    let n = tier_names.len();
    let tiers: Vec<Tier> = tier_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let handle = Dist::exponential(10.0 * (i + 1) as f64).expect("valid mean");
            tier(name, i, n, handle)
        })
        .collect();
    Scenario {
        name: "test".to_string(),
        description: "test scenario".to_string(),
        run: RunSettings {
            horizon_ms: 7 * DAY_MS,
            warmup_ms: 0,
            replications: 1,
            seed: 42,
        },
        clock: monday_clock(),
        calendars: vec![Calendar::always("24x7")],
        escalation_path: (0..n).map(|i| TierId(i as u16)).collect(),
        tiers,
        segments: vec![segment("standard", 1.0, 1000.0)],
        categories: vec![category("general", 1.0, &[(0, 1.0)])],
        severity_shares: [0.1, 0.2, 0.4, 0.3],
        sla: Sla {
            by_severity: [target(), target(), target(), target()],
            by_segment: vec![std::array::from_fn(|_| None)],
            short_abandon_ms: 0,
            first_response: crate::model::FirstResponse::AgentTouch,
        },
        arrivals: Arrivals {
            base_per_hour: 60.0,
            hour_of_day: [1.0; 24],
            day_of_week: [1.0; 7],
            peaks: Vec::new(),
            bursts: Vec::new(),
            daily_overdispersion_cv: None,
        },
        staffing_models: vec![StaffingModel {
            name: "baseline".to_string(),
            overrides: vec![None; n],
        }],
        policies: vec![PolicySpec::new(
            "tiered-fifo",
            PolicyKind::Tiered,
            Discipline::Fifo,
        )],
        pairings: None,
        checks: Vec::new(),
        targets: Vec::new(),
        planning: crate::model::Planning::default(),
        replay: None,
        roles: tier_names.iter().map(|n| format!("{n} lead")).collect(),
        keywords: Vec::new(),
        ai: crate::model::AiModel::default(),
        feedback: crate::model::Feedback::default(),
        incident: None,
    }
}
/// Replaces the segments (and keeps the per-segment SLA table consistent).
pub fn set_segments(s: &mut Scenario, segments: Vec<Segment>) {
    s.sla.by_segment = segments
        .iter()
        .map(|_| std::array::from_fn(|_| None))
        .collect();
    s.segments = segments;
}
