//! `kind = "transfers"` policies: the matrix as validated, and every way a matrix can
//! be wrong reported with its path.

use super::{edit, find, loaded, problems};
use escalsim::model::{PolicyKind, TierId};

fn with_policy(body: &str) -> String {
    edit(
        "",
        &format!("[policies.observed]\nkind = \"transfers\"\n{body}"),
    )
}

#[test]
fn a_matrix_is_read_with_its_entry_and_rows() {
    let l = loaded(&with_policy(
        "entry = { T1 = 0.9, T2 = 0.1 }\n[policies.observed.transfers]\nT1 = { resolve = 0.7, T2 = 0.3 }\nT2 = { resolve = 0.8, T1 = 0.2 }",
    ));
    let PolicyKind::Transfers(m) = &l.scenario.policies[0].kind else {
        panic!("not a transfers policy");
    };
    assert_eq!(m.entry, vec![0.9, 0.1]);
    assert_eq!(m.resolve, vec![0.7, 0.8]);
    assert_eq!(m.next, vec![vec![0.0, 0.3], vec![0.2, 0.0]]);
    assert_eq!(m.outcome(TierId(1), 0.85), Some(TierId(0)));
    // Without `entry`, tickets enter at the path's first tier.
    let l = loaded(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 1 }",
    ));
    let PolicyKind::Transfers(m) = &l.scenario.policies[0].kind else {
        panic!("not a transfers policy");
    };
    assert_eq!(m.entry, vec![1.0, 0.0]);
}

#[test]
fn wrong_matrices_are_refused_with_their_path() {
    // A row that does not sum to 1.
    let ps = problems(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 0.5, T2 = 0.3 }\nT2 = { resolve = 1 }",
    ));
    let p = find(&ps, "policies.observed.transfers.T1");
    assert!(p.message.contains("sum"), "{}", p.message);
    // A reachable tier without a row.
    let ps = problems(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 0.5, T2 = 0.5 }",
    ));
    let p = find(&ps, "policies.observed.transfers.T2");
    assert!(p.message.contains("no row"), "{}", p.message);
    // A loop that never resolves.
    let ps = problems(&with_policy(
        "[policies.observed.transfers]\nT1 = { T2 = 1 }\nT2 = { T1 = 1 }",
    ));
    let p = find(&ps, "policies.observed.transfers");
    assert!(p.message.contains("never be resolved"), "{}", p.message);
    assert!(p.message.contains("T1, T2"), "{}", p.message);
    // An unknown tier, with a suggestion.
    let ps = problems(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 0.5, T3 = 0.5 }",
    ));
    let p = find(&ps, "policies.observed.transfers.T1.T3");
    assert!(p.message.contains("T3"), "{}", p.message);
    // A share outside [0, 1].
    let ps = problems(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 1.5, T2 = -0.5 }",
    ));
    find(&ps, "policies.observed.transfers.T1.resolve");
    // Missing rows altogether.
    let ps = problems(&with_policy(""));
    let p = find(&ps, "policies.observed.transfers");
    assert!(p.message.contains("missing"), "{}", p.message);
    // Entry and transfers on another kind.
    let ps = problems(&edit(
        "",
        "[policies.fifo]\nkind = \"tiered\"\nentry = { T1 = 1 }",
    ));
    let p = find(&ps, "policies.fifo.entry");
    assert!(p.message.contains("transfers"), "{}", p.message);
}

#[test]
fn a_matrix_with_endless_hand_offs_is_warned_about() {
    let l = loaded(&with_policy(
        "[policies.observed.transfers]\nT1 = { resolve = 0.02, T2 = 0.98 }\nT2 = { T1 = 1 }",
    ));
    let w = l
        .warnings
        .iter()
        .find(|p| p.path == "policies.observed.transfers")
        .expect("a warning");
    // v1 = 1 / 0.02 = 50 visits to T1, v2 = 0.98 × 50 = 49 to T2.
    assert!(w.message.contains("visits 99.0 tiers"), "{}", w.message);
}
