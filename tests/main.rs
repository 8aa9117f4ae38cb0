//! Integration tests, one module per behaviour.

mod support;

mod cli;
mod compare;
mod determinism;
mod golden;
mod report;
mod scenarios;
