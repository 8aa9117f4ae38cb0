//! End-to-end tests of `[ai.confusion]`: a valid matrix with category overrides parsed
//! to exact model values and the accuracy it implies, and every kind of bad row with
//! its path, message and fix. Scenarios are only validated here, never run.

use super::sop::{at, errors, ok, with};
use escalsim::model::{CategoryId, TierId};

/// Rows for every need of `BASE` (billing T1 0.8 / T2 0.2, outage T3, howto T1), and
/// outage's own T3 row.
const MATRIX: &str = r#"
[ai.confusion]
T1 = { T1 = 0.9, T2 = 0.1 }
T2 = { T1 = 0.2, T2 = 0.8 }
T3 = { T2 = 0.3, T3 = 0.7 }
[ai.confusion.by_category.outage]
T3 = { T3 = 1 }
"#;

fn matrix_edit(old: &str, new: &str) -> String {
    assert!(MATRIX.contains(old), "MATRIX has no {old:?}");
    with(&MATRIX.replacen(old, new, 1))
}

#[test]
fn a_matrix_parses_to_rows_overrides_and_its_implied_accuracy() {
    let l = ok(&with(MATRIX));
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    let ai = &l.scenario.ai;
    let m = ai.confusion.as_ref().expect("matrices");
    assert_eq!(
        m.rows,
        vec![
            Some(vec![0.9, 0.1, 0.0]),
            Some(vec![0.2, 0.8, 0.0]),
            Some(vec![0.0, 0.3, 0.7]),
        ]
    );
    assert_eq!(m.row(CategoryId(1), TierId(2)), Some(&[0.0, 0.0, 1.0][..]));
    assert_eq!(m.row(CategoryId(0), TierId(2)), Some(&[0.0, 0.3, 0.7][..]));
    assert_eq!(m.row(CategoryId(1), TierId(0)), Some(&[0.9, 0.1, 0.0][..]));
    // billing 0.5 × (0.8 × 0.9 + 0.2 × 0.8) + outage 0.2 × 1 + howto 0.3 × 0.9.
    assert!(
        (ai.tier_accuracy - 0.91).abs() < 1e-12,
        "{}",
        ai.tier_accuracy
    );
}

#[test]
fn without_a_matrix_the_model_has_none() {
    let l = ok(&with("[ai]\ntier_accuracy = 0.8\n"));
    assert_eq!(l.scenario.ai.confusion, None);
    assert_eq!(l.scenario.ai.tier_accuracy, 0.8);
}

#[test]
fn a_row_that_does_not_sum_to_one_names_the_row_and_its_sum() {
    let list = errors(&matrix_edit(
        "T1 = { T1 = 0.9, T2 = 0.1 }",
        "T1 = { T1 = 0.9, T2 = 0.07 }",
    ));
    let p = at(&list, "ai.confusion.T1");
    assert_eq!(
        p.message,
        "the row's probabilities must sum to 1 (within 1e-9), but sum to 0.97 (T1 0.9 + T2 0.07)"
    );
    assert_eq!(
        p.fix,
        "adjust them so they add up to 1 (they are 0.03 short)"
    );
    assert_eq!(list.len(), 1, "{list:#?}");
    // 1e-8 off is refused and shown in full; 1e-12 off is accepted.
    let list = errors(&matrix_edit(
        "T1 = 0.9, T2 = 0.1",
        "T1 = 0.9, T2 = 0.10000001",
    ));
    assert!(
        at(&list, "ai.confusion.T1")
            .message
            .contains("but sum to 1.00000001"),
        "{list:#?}"
    );
    ok(&matrix_edit(
        "T1 = 0.9, T2 = 0.1",
        "T1 = 0.9, T2 = 0.100000000001",
    ));
    // A category's own row is checked the same way.
    let list = errors(&matrix_edit("T3 = { T3 = 1 }", "T3 = { T3 = 0.5 }"));
    assert!(
        at(&list, "ai.confusion.by_category.outage.T3")
            .message
            .contains("sum to 0.5 (T3 0.5)")
    );
}

#[test]
fn unknown_tiers_and_categories_are_named_with_suggestions() {
    let text = matrix_edit("T2 = { T1 = 0.2, T2 = 0.8 }", "T2 = { T1 = 0.2, t2 = 0.8 }")
        .replacen(
            "T3 = { T2 = 0.3, T3 = 0.7 }",
            "T4 = { T2 = 0.3, T3 = 0.7 }",
            1,
        )
        .replacen("by_category.outage]", "by_category.outtage]", 1);
    let list = errors(&text);
    let col = at(&list, "ai.confusion.T2.t2");
    assert_eq!(col.message, "unknown tier `t2` (known: `T1`, `T2`, `T3`)");
    assert_eq!(col.fix, "did you mean `T2`?");
    assert!(
        at(&list, "ai.confusion.T4")
            .message
            .starts_with("unknown tier `T4`")
    );
    let cat = at(&list, "ai.confusion.by_category.outtage");
    assert!(cat.message.starts_with("unknown category `outtage`"));
    assert_eq!(cat.fix, "did you mean `outage`?");
    assert_eq!(list.len(), 3, "{list:#?}");
}

#[test]
fn probabilities_and_rows_must_have_the_right_type_and_range() {
    let text = matrix_edit(
        "T1 = { T1 = 0.9, T2 = 0.1 }",
        "T1 = { T1 = 1.2, T2 = -0.2 }",
    )
    .replacen("T2 = { T1 = 0.2, T2 = 0.8 }", "T2 = 0.8", 1)
    .replacen(
        "T3 = { T2 = 0.3, T3 = 0.7 }",
        "T3 = { T2 = \"0.3\", T3 = 0.7 }",
        1,
    );
    let list = errors(&text);
    assert_eq!(
        at(&list, "ai.confusion.T1.T1").message,
        "must be a probability from 0 to 1, got 1.2"
    );
    assert!(at(&list, "ai.confusion.T1.T2").message.contains("got -0.2"));
    let row = at(&list, "ai.confusion.T2");
    assert_eq!(
        row.message,
        "must be a table of predicted tier = probability, got float"
    );
    assert!(row.fix.contains("T1 = { T1 = 0.95"), "{}", row.fix);
    assert_eq!(
        at(&list, "ai.confusion.T3.T2").message,
        "must be a probability, got string"
    );
    assert_eq!(list.len(), 4, "{list:#?}");
}

#[test]
fn every_needed_tier_needs_a_row() {
    // Without the base T3 row, billing and howto are fine (they never need T3) and
    // outage has its own: valid. Without outage's own row too, T3 has none.
    ok(&matrix_edit("T3 = { T2 = 0.3, T3 = 0.7 }\n", ""));
    let text = matrix_edit("T3 = { T2 = 0.3, T3 = 0.7 }\n", "").replacen(
        "[ai.confusion.by_category.outage]\nT3 = { T3 = 1 }\n",
        "",
        1,
    );
    let list = errors(&text);
    let p = at(&list, "ai.confusion");
    assert_eq!(
        p.message,
        "no row for tier `T3`, which category `outage` needs"
    );
    assert!(
        p.fix.starts_with(
            "add a row to [ai.confusion] or [ai.confusion.by_category.outage], e.g. T3 = { T3 = 0.9"
        ),
        "{}",
        p.fix
    );
    assert_eq!(list.len(), 1, "{list:#?}");
    // Two categories needing T1 without a row are listed together.
    let list = errors(&matrix_edit("T1 = { T1 = 0.9, T2 = 0.1 }\n", ""));
    assert_eq!(
        at(&list, "ai.confusion").message,
        "no row for tier `T1`, which categories `billing`, `howto` need"
    );
}

#[test]
fn accuracy_and_matrices_exclude_each_other() {
    let list = errors(&with(&format!("[ai]\ntier_accuracy = 0.8\n{MATRIX}")));
    let p = at(&list, "ai.tier_accuracy");
    assert!(
        p.message.starts_with("give either tier_accuracy"),
        "{}",
        p.message
    );
    assert_eq!(list.len(), 1, "{list:#?}");
}

#[test]
fn a_category_row_for_a_tier_it_never_needs_is_a_warning() {
    let l = ok(&matrix_edit(
        "T3 = { T3 = 1 }\n",
        "T3 = { T3 = 1 }\nT1 = { T1 = 1 }\n",
    ));
    let w: Vec<_> = l
        .warnings
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        w,
        [(
            "ai.confusion.by_category.outage.T1",
            "category `outage` never needs `T1`, so this row is never used"
        )]
    );
}

#[test]
fn the_documented_example_validates_without_warnings() {
    let doc = include_str!("../../docs/sop.md");
    let block = doc
        .split("```toml\n")
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("[ai.confusion]"))
        .expect("docs/sop.md has a confusion example");
    let l = ok(&with(block));
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
    let m = l.scenario.ai.confusion.expect("matrices");
    assert_eq!(m.row(CategoryId(0), TierId(1)), Some(&[0.3, 0.7, 0.0][..]));
    assert_eq!(
        m.row(CategoryId(2), TierId(1)),
        Some(&[0.12, 0.83, 0.05][..])
    );
}

#[test]
fn min_confidence_is_an_ai_policy_share() {
    let l = ok(&with(
        "[policies.ai]\nkind = \"ai\"\nmin_confidence = 0.9\n[policies.plain]\nkind = \"ai\"\n",
    ));
    let m: Vec<Option<f64>> = l
        .scenario
        .policies
        .iter()
        .map(|p| p.min_confidence)
        .collect();
    assert_eq!(m, [Some(0.9), None]);
    let list = errors(&with(
        "[policies.t]\nkind = \"tiered\"\nmin_confidence = 0.9\n\
         [policies.ai]\nkind = \"ai\"\nmin_confidence = 1.5\n",
    ));
    let p = at(&list, "policies.t.min_confidence");
    assert_eq!(
        p.message,
        "min_confidence only applies to kind = \"ai\", not `tiered`"
    );
    assert_eq!(
        at(&list, "policies.ai.min_confidence").message,
        "must be a share from 0 to 1, got 1.5"
    );
    assert_eq!(list.len(), 2, "{list:#?}");
}

#[test]
fn min_confidence_at_or_above_the_review_threshold_is_a_warning() {
    let review = "[ai.review]\nrole = \"support team lead\"\nbelow_confidence = 0.6\n\
                  delay_minutes = { dist = \"constant\", value = 5 }\ncatch_rate = 0.5\n";
    let l = ok(&with(&format!(
        "[policies.a]\nkind = \"ai\"\nmin_confidence = 0.6\n\
         [policies.b]\nkind = \"ai\"\nmin_confidence = 0.5\n{review}"
    )));
    let w: Vec<&str> = l.warnings.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(w, ["policies.a.min_confidence"]);
    assert!(
        l.warnings[0]
            .message
            .contains("below_confidence = 0.6 never reviews")
    );
}
