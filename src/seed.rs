//! Random-stream derivation: one master seed → independent, portable streams keyed by
//! (replication, purpose, and optionally a ticket id).
//!
//! Every stream is a [`ChaCha8Rng`] (a named generator with a documented, portable
//! output), seeded from a SplitMix64 mix of the master seed, the replication and the
//! purpose, with the ticket id as the ChaCha stream number. Nothing depends on the
//! thread, the clock or the order jobs run in, and a per-ticket stream depends only on
//! its key, so one ticket's draws cannot shift another's (common random numbers).

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// What a stream is used for. Adding a purpose never changes the streams of the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Purpose {
    /// Arrival times (thinning) and day-to-day over-dispersion.
    Arrivals = 1,
    /// Per-ticket attributes and latent truth (keyed by ticket id).
    TicketAttributes = 2,
    /// Per-ticket work content: handle, triage, hand-off and patience times (keyed by
    /// ticket id).
    TicketWork = 3,
    /// Per-ticket decisions of randomised policies (keyed by ticket id).
    PolicyChoice = 4,
}

/// SplitMix64 finaliser: a bijective 64-bit mix.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit key of the (master seed, replication, purpose) stream family.
#[inline]
pub fn family_key(master: u64, replication: u32, purpose: Purpose) -> u64 {
    mix64(mix64(mix64(master) ^ u64::from(replication)) ^ purpose as u64)
}

/// The stream for (master seed, replication, purpose).
pub fn stream(master: u64, replication: u32, purpose: Purpose) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(family_key(master, replication, purpose))
}

/// A per-ticket stream: the family stream of (master, replication, purpose) with the
/// ticket id as ChaCha stream number.
#[inline]
pub fn ticket_stream(family: u64, ticket_id: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(family);
    rng.set_stream(ticket_id);
    rng
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    const PINNED_FIRST_DRAW: u64 = 9_210_910_700_080_640_290;

    #[test]
    fn streams_are_fixed_for_a_fixed_key() {
        // Pinned values: a change here changes every result escalsim has produced.
        let mut a = stream(42, 0, Purpose::Arrivals);
        let first = a.next_u64();
        let mut b = stream(42, 0, Purpose::Arrivals);
        assert_eq!(first, b.next_u64());
        assert_eq!(
            first, PINNED_FIRST_DRAW,
            "the generator or the seed mix changed"
        );
        assert_ne!(first, stream(42, 1, Purpose::Arrivals).next_u64());
        assert_ne!(first, stream(43, 0, Purpose::Arrivals).next_u64());
        assert_ne!(first, stream(42, 0, Purpose::TicketWork).next_u64());
    }

    #[test]
    fn ticket_streams_differ_by_ticket() {
        let fam = family_key(1, 0, Purpose::TicketWork);
        let x = ticket_stream(fam, 0).next_u64();
        let y = ticket_stream(fam, 1).next_u64();
        assert_ne!(x, y);
        assert_eq!(x, ticket_stream(fam, 0).next_u64());
    }
}
