//! Metrics: what a run records ([`recorder`]), what it produces ([`run`]), and how
//! replications are summarised ([`summary`], with the maths in [`stats`]).

pub mod nan_serde;
pub mod recorder;
pub mod run;
pub mod series;
pub mod stats;
pub mod summary;
pub mod time_weighted;

pub use recorder::RunRecorder;
pub use run::{RunMetrics, Scalar};
