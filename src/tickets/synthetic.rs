//! Synthetic ticket generation.
