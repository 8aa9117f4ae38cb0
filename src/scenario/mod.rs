//! Scenario files: parse TOML and validate it into a [`crate::model::Scenario`].
