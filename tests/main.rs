//! Integration tests, one module per behaviour.

mod support;

mod check;
mod cli;
mod compare;
mod determinism;
mod golden;
mod plan;
mod replay;
mod report;
mod scenarios;
mod theory;
