//! Text for a terminal: control characters from names, ticket values or archive entry
//! names (an escape sequence could recolour, retitle or rewrite the user's terminal)
//! are printed escaped (`\u{1b}`), keeping only line breaks and tabs.

use std::borrow::Cow;

/// `s` with every control character but `\n` and `\t` written as a Rust escape.
pub fn escape(s: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    if !s.contains(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(
            escape("T1\u{1b}[31mred\r\u{7}"),
            "T1\\u{1b}[31mred\\u{d}\\u{7}"
        );
        assert_eq!(escape("a\n\tb"), "a\n\tb");
    }
}
