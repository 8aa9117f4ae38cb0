//! The AI triage model at work: per-ticket estimates of latent truth, the priority /
//! escalation-risk score, and text features for replayed tickets.

pub mod score;
