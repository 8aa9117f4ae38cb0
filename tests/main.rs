//! Integration tests, one module per behaviour.

mod support;

mod cli;
mod cluster;
mod determinism;
mod golden;
mod hardening;
mod properties;
mod scenarios;
