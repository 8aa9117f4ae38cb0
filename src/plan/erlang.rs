//! Erlang C (M/M/c) formulas for staffing estimates: the probability of waiting, the
//! service level P(W ≤ t), and the smallest head count that meets a service level.
//!
//! With offered load `a = λ/μ` erlangs and `c > a` agents, Erlang B is computed by the
//! stable recursion `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))`, then
//! `C = c·B / (c − a·(1 − B))` is P(W > 0), and
//! `P(W ≤ t) = 1 − C · exp(−(c − a)·μ·t)`.

/// Erlang B blocking probability for `c` servers and offered load `a` erlangs.
pub fn erlang_b(c: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// P(W > 0) in M/M/c (Erlang C); 1 when `c <= a` (unstable).
pub fn erlang_c(c: u32, a: f64) -> f64 {
    if a <= 0.0 {
        return 0.0;
    }
    if f64::from(c) <= a {
        return 1.0;
    }
    let b = erlang_b(c, a);
    let c = f64::from(c);
    c * b / (c - a * (1.0 - b))
}

/// P(W ≤ t) in M/M/c with arrival rate `lambda` and service rate `mu` (same time
/// unit as `t`); 0 when unstable.
pub fn service_level(c: u32, lambda: f64, mu: f64, t: f64) -> f64 {
    let a = lambda / mu;
    if a <= 0.0 {
        return 1.0;
    }
    if f64::from(c) <= a {
        return 0.0;
    }
    1.0 - erlang_c(c, a) * (-(f64::from(c) - a) * mu * t).exp()
}

/// Mean wait in M/M/c (same time unit as `1/mu`); infinite when unstable.
pub fn mean_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    let a = lambda / mu;
    if f64::from(c) <= a {
        return f64::INFINITY;
    }
    erlang_c(c, a) / (f64::from(c) * mu - lambda)
}

/// The smallest `c` with `P(W ≤ t) ≥ target` (0 when there is no load), up to
/// `max_agents`; `None` if even `max_agents` is not enough.
pub fn required_agents(lambda: f64, mu: f64, t: f64, target: f64, max_agents: u32) -> Option<u32> {
    if lambda <= 0.0 {
        return Some(0);
    }
    let a = lambda / mu;
    let start = (a.floor() as u32).saturating_add(1);
    (start..=max_agents).find(|&c| service_level(c, lambda, mu, t) >= target)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values from the project's queueing reference table (shared/reference).
    #[test]
    fn matches_reference_cases() {
        // C04: M/M/2, λ 15/h, AHT 6 min: a = 1.5, P(W>0) = 0.642857.
        assert!((erlang_c(2, 1.5) - 0.642_857).abs() < 1e-6);
        // S01: λ 120/h, AHT 6 min, 80 % within 20 s → 16 agents (SL 0.83619; 15 → 0.729811).
        let (l, mu) = (120.0, 10.0);
        let t = 20.0 / 3600.0;
        assert_eq!(required_agents(l, mu, t, 0.8, 1000), Some(16));
        assert!((service_level(16, l, mu, t) - 0.836_19).abs() < 1e-5);
        assert!((service_level(15, l, mu, t) - 0.729_811).abs() < 1e-5);
        // S02: λ 600/h, AHT 4 min, 90 % within 30 s → 47.
        assert_eq!(
            required_agents(600.0, 15.0, 30.0 / 3600.0, 0.9, 1000),
            Some(47)
        );
        // S05: λ 10/h, AHT 20 min, 80 % within 5 min → 6.
        assert_eq!(required_agents(10.0, 3.0, 5.0 / 60.0, 0.8, 1000), Some(6));
        // S01's mean wait 0.306861 min.
        assert!((mean_wait(16, l, mu) * 60.0 - 0.306_861).abs() < 1e-5);
    }

    #[test]
    fn unstable_and_empty_cases() {
        assert_eq!(erlang_c(3, 3.0), 1.0);
        assert_eq!(service_level(3, 30.0, 10.0, 1.0), 0.0);
        assert_eq!(required_agents(0.0, 10.0, 1.0, 0.8, 10), Some(0));
        assert_eq!(required_agents(1000.0, 1.0, 0.0, 0.99, 10), None);
    }
}
