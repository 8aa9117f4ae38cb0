//! CSV formula-injection guard for every CSV file escalsim writes (`summary.csv`, the
//! decision trace, generated ticket files, `fit`'s transfers and the rejected rows of
//! `--skip-bad-rows`).
//!
//! Spreadsheets evaluate a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return as a formula. Names are free text in a scenario (and values in a
//! replayed log), so [`cell`] prefixes such a cell with `'`, which spreadsheets show as
//! text, unless it is a plain number (`-3.5` stays a number). A cell that already
//! starts with `'` gets one more, so the guard can be undone exactly: [`restore`] drops
//! one leading `'` in front of a guarded character, and the replay reader applies it,
//! so a generated ticket file reads back to the same names.

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `c` starts a cell that must be guarded (a trigger or the guard itself).
fn guarded(c: char) -> bool {
    TRIGGERS.contains(&c) || c == '\''
}

/// `s` as a CSV cell a spreadsheet will not evaluate: `'` in front of a leading `=`,
/// `+`, `-`, `@`, tab or carriage return, unless `s` is a plain number, and in front of
/// a `'` that [`restore`] would otherwise drop.
pub fn cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('\'') if restore(s).len() < s.len() => Cow::Owned(format!("'{s}")),
        Some(c) if TRIGGERS.contains(&c) && !is_number(s) => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Undoes [`cell`]: drops one leading `'` when a guarded character follows it.
pub fn restore(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(guarded) => rest,
        _ => s,
    }
}

/// A plain decimal number (`-3`, `+0.5`, `-1e-9`), which spreadsheets read as a
/// number, not a formula.
fn is_number(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        && s.parse::<f64>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::{cell, restore};

    #[test]
    fn formulas_are_guarded_numbers_and_names_are_not() {
        for (raw, out) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''=x", "'''=x"),
            ("'plain", "'plain"),
            ("-3.5", "-3.5"),
            ("+1e-9", "+1e-9"),
            ("-inf", "'-inf"),
            ("T1", "T1"),
            ("", ""),
        ] {
            assert_eq!(cell(raw), out, "{raw:?}");
            assert_eq!(restore(&cell(raw)), raw, "{raw:?}");
        }
    }
}
