//! Ticket CSV export.
