//! Metrics: what a run records ([`recorder`]), what it produces ([`run`]), and how
//! replications are summarised ([`summary`], with the maths in [`stats`] and
//! [`tdist`]); comparisons against a baseline ([`compare`]), advice ([`advice`]) and the
//! regression gate of `escalsim check` ([`gate`]).

pub mod advice;
pub mod catalog;
pub mod combine;
pub mod compare;
pub mod decision;
pub mod gate;
pub mod loops;
pub mod nullable;
pub mod recorder;
pub mod run;
pub mod series;
pub mod stats;
pub mod summary;
pub mod tdist;
pub mod time_weighted;

pub use loops::LoopMetrics;
pub use recorder::{RunRecorder, Who};
pub use run::{Outcomes, RunMetrics, Scalar, ServiceLevelCounts};
