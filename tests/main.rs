//! Integration tests, one module per behaviour.

mod support;

mod check;
mod cli;
mod determinism;
mod golden;
mod plan;
mod replay;
mod scenarios;
mod theory;
