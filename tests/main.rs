//! Integration tests, one module per behaviour.

mod support;

mod ai;
mod baseline_damage;
mod calibrate_people;
mod candidates;
mod check;
mod cli;
mod cluster;
mod compare;
mod determinism;
mod diagnostics;
mod diagram;
mod fit;
mod golden;
mod hardening;
mod hostile_names;
mod incidents;
mod lifecycle;
mod lints;
mod merge_integrity;
mod output_safety;
mod plan;
mod policies;
mod properties;
mod readme;
mod regions;
mod replay;
mod replay_faults;
mod report;
mod scenarios;
mod schema;
mod sop;
mod sweep;
mod theory;
mod validation;
