//! Integration tests, one module per behaviour.

mod support;

mod cli;
mod determinism;
mod golden;
mod replay;
mod scenarios;
