//! Arrival times of synthetic tickets.
