//! Counts → shares that sum to exactly 1 when written with a fixed number of decimals
//! (the scenario requires shares to sum to 1 within 1e-6): the largest-remainder
//! method in whole units of 10^-decimals, ties to the lower index.

/// Shares of `counts` in units of `1 / total_units`, summing to exactly `total_units`
/// (all 0 when the counts sum to 0).
pub fn units(counts: &[u64], total_units: u64) -> Vec<u64> {
    let sum: u64 = counts.iter().sum();
    if sum == 0 {
        return vec![0; counts.len()];
    }
    let wide = |c: u64| u128::from(c) * u128::from(total_units);
    let mut out: Vec<u64> = counts
        .iter()
        .map(|&c| (wide(c) / u128::from(sum)) as u64)
        .collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; the stable sort keeps the lower index first on ties.
    order.sort_by_key(|&i| std::cmp::Reverse(wide(counts[i]) % u128::from(sum)));
    let missing = total_units - out.iter().sum::<u64>();
    for &i in order.iter().take(missing as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::units;

    #[test]
    fn thirds_sum_to_the_total() {
        assert_eq!(units(&[1, 1, 1], 10_000), [3334, 3333, 3333]);
        assert_eq!(units(&[2, 1, 0], 100), [67, 33, 0]);
        assert_eq!(units(&[0, 0], 100), [0, 0]);
    }
}
