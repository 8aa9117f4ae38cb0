//! Typed ids for the things a scenario names (tiers, segments, categories) and the
//! fixed set of ticket severities.
//!
//! Ids are indexes into the validated [`Scenario`](super::Scenario)'s tables, assigned
//! in the order the tables appear in the scenario file, so they are stable for a given
//! file and every table indexed by them is a plain `Vec`.

use serde::Serialize;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub struct $name(pub u16);

        impl $name {
            /// The index of this id in its scenario table.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// A tier (support line, team) of the organisation.
    TierId
);
id_type!(
    /// A customer segment (e.g. enterprise, business, consumer).
    SegmentId
);
id_type!(
    /// A ticket category (e.g. billing, outage, how-to).
    CategoryId
);
id_type!(
    /// A role that owns a tier, receives alerts or reviews decisions (e.g. support
    /// manager, regional manager).
    RoleId
);

/// Ticket severity; `Critical` is the most urgent. The order of the variants is the
/// priority order (`Critical < High < Medium < Low`), used by severity-priority queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical = 0,
    High = 1,
    Medium = 2,
    Low = 3,
}

impl Severity {
    /// Every severity, most urgent first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// Index 0..4, most urgent first.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The lowercase name used in scenario files, CSV and reports.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }

    /// Parses a lowercase severity name (`critical`, `high`, `medium`, `low`).
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|sev| sev.name() == s)
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
