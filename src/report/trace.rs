//! The decision trace file (`run --trace FILE.csv`): one row per routing step of every
//! ticket of the traced replication, candidate after candidate, with its simulation time
//! in hours, its wall-clock time, the tier and the rule or trigger that fired.
//!
//! Columns: `candidate,replication,ticket,time_hours,time,event,tier,rule`. `time_hours`
//! has six decimals (3.6 ms); `time` is the scenario clock's local date and time with
//! milliseconds (`2026-01-05T08:15:00.000`); `tier` and `rule` are names, empty when
//! the step has none. Rows keep the engine's event order, so the file is the same at
//! any thread count. Names a spreadsheet would evaluate are guarded
//! ([`crate::csv_cell`]).

use std::path::Path;

use super::{ReportError, write_atomic};
use crate::csv_cell::cell;
use crate::experiment::CandidateTrace;
use crate::model::Scenario;
use crate::model::time::HOUR_MS;

/// The header of the trace file.
pub const HEADER: [&str; 8] = [
    "candidate",
    "replication",
    "ticket",
    "time_hours",
    "time",
    "event",
    "tier",
    "rule",
];

/// The trace file's bytes.
pub fn render(scenario: &Scenario, traces: &[CandidateTrace]) -> Result<Vec<u8>, ReportError> {
    let err = |e: csv::Error| ReportError::Render {
        format: "trace csv",
        message: e.to_string(),
    };
    let rows: usize = traces.iter().map(|t| t.rows.len()).sum();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(64 * (rows + 1)));
    w.write_record(HEADER).map_err(err)?;
    for t in traces {
        let replication = t.replication.to_string();
        for r in &t.rows {
            let tier = r.tier.map_or_else(String::new, |i| {
                scenario
                    .tiers
                    .get(usize::from(i))
                    .map_or_else(|| i.to_string(), |tier| tier.name.clone())
            });
            let rule = r.rule.map_or_else(String::new, |i| {
                t.rules
                    .get(usize::from(i))
                    .cloned()
                    .unwrap_or_else(|| i.to_string())
            });
            let time = scenario
                .clock
                .datetime(r.time)
                .format("%Y-%m-%dT%H:%M:%S%.3f")
                .to_string();
            w.write_record([
                &*cell(&t.name),
                &replication,
                &r.ticket.to_string(),
                &format!("{:.6}", r.time as f64 / HOUR_MS as f64),
                &time,
                r.event,
                &*cell(&tier),
                &*cell(&rule),
            ])
            .map_err(err)?;
        }
    }
    w.into_inner().map_err(|e| ReportError::Render {
        format: "trace csv",
        message: e.to_string(),
    })
}

/// Writes the trace file to `path` atomically.
pub fn write(
    path: &Path,
    scenario: &Scenario,
    traces: &[CandidateTrace],
) -> Result<(), ReportError> {
    write_atomic(path, &render(scenario, traces)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::TraceRow;

    #[test]
    fn rows_carry_names_clock_times_and_quoted_fields() {
        let scenario =
            crate::scenario::from_str(include_str!("../../tests/snapshots/tiny.toml"), "tiny")
                .map(|l| l.scenario)
                .unwrap_or_else(|e| panic!("{e}"));
        let row = |ticket, time, event, tier, rule| TraceRow {
            ticket,
            time,
            event,
            tier,
            rule,
        };
        let traces = [CandidateTrace {
            name: "sop, v2".into(),
            replication: 0,
            rules: vec!["outage \"fast\"".into()],
            rows: vec![
                row(7, 90 * 60_000 + 250, "arrive", Some(1), Some(0)),
                row(7, 2 * HOUR_MS, "resolve", Some(0), None),
                row(8, 2 * HOUR_MS, "abandon", None, None),
                row(9, 2 * HOUR_MS, "trigger", Some(5), Some(3)),
            ],
            metrics: crate::engine::run(
                &scenario,
                &scenario.staffing_models[0],
                crate::policy::build(&scenario, &scenario.policies[0], 0).as_mut(),
                std::iter::empty(),
            )
            .unwrap_or_else(|e| panic!("{e}")),
        }];
        let text =
            String::from_utf8(render(&scenario, &traces).unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            text,
            "candidate,replication,ticket,time_hours,time,event,tier,rule\n\
             \"sop, v2\",0,7,1.500069,2026-01-05T01:30:00.250,arrive,T2,\"outage \"\"fast\"\"\"\n\
             \"sop, v2\",0,7,2.000000,2026-01-05T02:00:00.000,resolve,T1,\n\
             \"sop, v2\",0,8,2.000000,2026-01-05T02:00:00.000,abandon,,\n\
             \"sop, v2\",0,9,2.000000,2026-01-05T02:00:00.000,trigger,5,3\n"
        );
    }
}
