//! escalsim: a discrete-event simulator and replay benchmark for customer-support
//! escalation routing.
//!
//! Data flows one way:
//!
//! ```text
//! scenario (TOML) ──► ticket stream ──► engine (+ policy, staffing) ──► metrics ──► report
//!  scenario/          tickets/          engine/, policy/               metrics/     report/
//!                                       one run = one candidate × one replication
//!                                       experiment: every run, in parallel (rayon)
//! ```
//!
//! - [`scenario`] parses and validates a TOML file into a [`model::Scenario`].
//! - [`tickets`] produces the ticket stream (synthetic generation; CSV export).
//! - [`ai`] estimates each ticket's latent truth as the scenario's AI sees it, scores
//!   tickets and reads ticket text.
//! - [`engine`] runs one candidate × replication: integer time, `(time, seq)` order.
//! - [`policy`] decides routing and queue order behind one small trait.
//! - [`metrics`] records a run and summarises replications.
//! - [`experiment`] runs every job in parallel and merges in index order.
//! - [`calibrate`] replays a log along its recorded paths and compares (reader
//!   self-check), then calibrates work content on people and predicts held-out weeks.
//! - [`fit`] estimates scenario inputs and a resolving-tier recommender from a log.
//! - [`plan`] searches the cheapest staffing that meets the SLAs.
//! - [`sweep`] moves one what-if axis at a time and compares paired with the base.
//! - [`report`] renders a finished summary as a table, JSON, CSV, Markdown or HTML.
//! - [`chart`] draws the charts of a report (SVG and PNG, embedded font).
//! - [`cluster`] splits an experiment into shards and merges their partial results.
//! - [`diagram`] draws a routing policy as a flowchart (Mermaid, Graphviz DOT).
//! - [`lint`] checks a scenario's escalation SOP against good practice.
//! - [`csv_cell`] keeps spreadsheets from evaluating cells of the CSV files written.
//! - [`out_file`] creates output files without following planted links or replacing inputs.
//! - [`terminal`] escapes control characters in text printed to a terminal.
//! - [`limits`] refuses experiments too large for the machine.

pub mod ai;
pub mod calibrate;
pub mod chart;
pub mod cli;
pub mod cluster;
pub mod cmd;
pub mod csv_cell;
pub mod diagram;
pub mod engine;
pub mod experiment;
pub mod fit;
pub mod limits;
pub mod lint;
pub mod metrics;
pub mod model;
pub mod out_file;
pub mod plan;
pub mod policy;
pub mod report;
pub mod scenario;
pub mod seed;
pub mod sweep;
pub mod terminal;
pub mod tickets;
