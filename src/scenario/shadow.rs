//! Rules that can never fire: a rule is *shadowed* when an earlier rule at the same
//! decision point matches every ticket it matches, because rules are first-match.
//!
//! The test is sound but not complete: an earlier rule shadows a later one when each of
//! the earlier rule's conditions is implied by one of the later rule's conditions
//! (so an unconditional earlier rule shadows everything after it, and identical
//! condition sets shadow each other). Implication between single conditions covers
//! equal conditions, name lists that are subsets, severity ranges and thresholds that
//! are at least as strict. Combinations of several conditions implying one are not
//! detected.

use crate::model::Severity;
use crate::model::sop::{Cmp, Condition, Rule};

/// Every shadowed rule as `(later, earlier)` rule indexes: `rules[later]` can never fire
/// because `rules[earlier]`, at the same decision point, always matches first. Each
/// shadowed rule is listed once, with the first earlier rule that shadows it.
pub(crate) fn shadowed_rules(rules: &[Rule]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (later, l) in rules.iter().enumerate() {
        let earlier = rules[..later]
            .iter()
            .position(|e| e.on == l.on && covers(&e.when, &l.when));
        if let Some(earlier) = earlier {
            out.push((later, earlier));
        }
    }
    out
}

/// What is wrong and the fix, for rule `rules[later]` shadowed by `rules[earlier]`
/// (validation's warning and lint SOP011 say the same).
pub(crate) fn shadow_message(rules: &[Rule], later: usize, earlier: usize) -> (String, String) {
    let (l, e) = (&rules[later], &rules[earlier]);
    let why = if e.when.is_empty() {
        "has no conditions, so it matches every ticket"
    } else if e.when.len() == l.when.len() && e.when.iter().all(|c| l.when.contains(c)) {
        "has the same conditions"
    } else {
        "matches every ticket this rule's conditions match"
    };
    (
        format!(
            "rule `{}` can never fire: the earlier rule `{}` (rules[{earlier}]) at the same decision point ({}) {why}, and the first matching rule fires",
            l.name,
            e.name,
            l.on.name()
        ),
        format!(
            "move `{}` above `{}`, narrow the conditions of `{}`, or remove `{}`",
            l.name, e.name, e.name, l.name
        ),
    )
}

/// Whether conditions `earlier` hold whenever conditions `later` all hold.
fn covers(earlier: &[Condition], later: &[Condition]) -> bool {
    earlier.iter().all(|e| later.iter().any(|l| implies(l, e)))
}

/// Whether condition `a` holding implies condition `b` holds.
fn implies(a: &Condition, b: &Condition) -> bool {
    use Condition as C;
    match (a, b) {
        (C::SeverityIn(a), C::SeverityIn(b)) => subset(a, b),
        (C::SeverityIn(a), C::SeverityAtLeast(b)) => a.iter().all(|s| s <= b),
        (C::SeverityAtLeast(a), C::SeverityAtLeast(b)) => a <= b,
        (C::SeverityAtLeast(a), C::SeverityIn(b)) => Severity::ALL
            .iter()
            .filter(|s| *s <= a)
            .all(|s| b.contains(s)),
        (C::SegmentIn(a), C::SegmentIn(b)) => subset(a, b),
        (C::CategoryIn(a), C::CategoryIn(b)) => subset(a, b),
        (C::PredictedTierIn(a), C::PredictedTierIn(b)) => subset(a, b),
        (C::KeywordsAny(a), C::KeywordsAny(b)) => *a != 0 && a & !b == 0,
        (C::Compare(fa, ca, xa), C::Compare(fb, cb, xb)) if fa == fb && ca == cb => match ca {
            Cmp::AtLeast => xa >= xb,
            Cmp::Below => xa <= xb,
        },
        _ => false,
    }
}

/// Whether every element of `a` is in `b`.
fn subset<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    a.iter().all(|x| b.contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sop::{Action, DecisionPoint, Field};
    use crate::model::{SegmentId, Severity};

    fn rule(on: DecisionPoint, when: Vec<Condition>) -> Rule {
        Rule {
            name: String::new(),
            on,
            when,
            action: Action::default(),
        }
    }

    #[test]
    fn unconditional_and_identical_rules_shadow_later_ones_at_the_same_point() {
        use DecisionPoint::{Arrival, Escalation};
        let vip = || Condition::SegmentIn(vec![SegmentId(1)]);
        let rules = [
            rule(Escalation, vec![]),
            rule(
                Arrival,
                vec![vip(), Condition::SeverityAtLeast(Severity::High)],
            ),
            rule(
                Arrival,
                vec![Condition::SeverityAtLeast(Severity::High), vip()],
            ),
            rule(Escalation, vec![vip()]),
            rule(Arrival, vec![vip()]),
        ];
        assert_eq!(shadowed_rules(&rules), [(2, 1), (3, 0)]);
    }

    #[test]
    fn implication_covers_subsets_severity_ranges_and_stricter_thresholds() {
        use Condition as C;
        use Severity::{Critical, High, Low, Medium};
        let cmp = |c, x| C::Compare(Field::Sentiment, c, x);
        assert!(implies(
            &C::SeverityIn(vec![Critical]),
            &C::SeverityAtLeast(High)
        ));
        assert!(!implies(
            &C::SeverityIn(vec![Medium]),
            &C::SeverityAtLeast(High)
        ));
        assert!(implies(
            &C::SeverityAtLeast(High),
            &C::SeverityIn(vec![Critical, High, Low])
        ));
        assert!(!implies(
            &C::SeverityAtLeast(Medium),
            &C::SeverityIn(vec![Critical, High])
        ));
        assert!(implies(
            &C::SeverityAtLeast(Critical),
            &C::SeverityAtLeast(High)
        ));
        assert!(implies(&C::KeywordsAny(0b01), &C::KeywordsAny(0b11)));
        assert!(!implies(&C::KeywordsAny(0b11), &C::KeywordsAny(0b01)));
        assert!(implies(&cmp(Cmp::Below, -0.5), &cmp(Cmp::Below, -0.3)));
        assert!(!implies(&cmp(Cmp::Below, -0.3), &cmp(Cmp::Below, -0.5)));
        assert!(implies(&cmp(Cmp::AtLeast, 0.5), &cmp(Cmp::AtLeast, 0.2)));
        assert!(!implies(&cmp(Cmp::AtLeast, 0.5), &cmp(Cmp::Below, 0.9)));
        // A later rule with extra conditions is still shadowed; fewer is not.
        let early = [cmp(Cmp::Below, -0.3)];
        let late = [C::SeverityIn(vec![Low]), cmp(Cmp::Below, -0.6)];
        assert!(covers(&early, &late));
        assert!(!covers(&late, &early));
    }
}
