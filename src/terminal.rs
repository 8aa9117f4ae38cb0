//! Text for a terminal: control characters from names, ticket values or archive entry
//! names (an escape sequence could recolour, retitle or rewrite the user's terminal)
//! are printed escaped (`\u{1b}`), keeping only line breaks and tabs; the width the
//! tables and prose of `run` and `compare` fit ([`width`]), and prose wrapped to it
//! ([`wrap`]).

use std::borrow::Cow;
use std::io::IsTerminal;

/// Width used when standard output is not a terminal and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;

/// Narrowest width honoured (a narrower terminal gets this and wraps).
pub const MIN_WIDTH: usize = 40;

/// The width to fit output to, in columns: `None` with `--wide` (every table at its
/// full width); else the terminal's width when standard output is a terminal, else
/// the `COLUMNS` variable, else [`DEFAULT_WIDTH`]; never below [`MIN_WIDTH`].
pub fn width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    let tty = std::io::stdout()
        .is_terminal()
        .then(|| console::Term::stdout().size_checked())
        .flatten()
        .map(|(_, cols)| usize::from(cols))
        .filter(|&c| c > 0);
    Some(
        tty.unwrap_or_else(|| columns(std::env::var("COLUMNS").ok().as_deref()))
            .max(MIN_WIDTH),
    )
}

/// The width a `COLUMNS` value asks for ([`DEFAULT_WIDTH`] when unset or not a
/// positive number).
fn columns(value: Option<&str>) -> usize {
    value
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .unwrap_or(DEFAULT_WIDTH)
}

/// `text` (one line) wrapped at word boundaries to `width` columns (`None`: as it
/// is), continuation lines indented by `indent` spaces. A word longer than the line is
/// left whole on its own line.
pub fn wrap(text: &str, width: Option<usize>, indent: usize) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    let lead = text.len() - text.trim_start().len();
    let mut out = String::with_capacity(text.len() + 16);
    let mut line = text[..lead].to_string();
    let mut len = line.chars().count();
    let mut fresh = true;
    for word in text[lead..].split(' ').filter(|w| !w.is_empty()) {
        let w = word.chars().count();
        if !fresh && len + 1 + w > width {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(indent);
            len = indent;
            fresh = true;
        }
        if !fresh {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += w;
        fresh = false;
    }
    out.push_str(&line);
    out
}

/// Every line of `text` wrapped with [`wrap`], keeping its line breaks; continuation
/// lines indented two spaces past the line's own indent.
pub fn wrap_lines(text: &str, width: Option<usize>) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for (i, l) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = l.len() - l.trim_start().len() + 2;
        out.push_str(&wrap(l, width, indent));
    }
    out
}

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
    use super::*;

    #[test]
    fn prose_wraps_at_words_with_a_hanging_indent() {
        let text = "  recommended: severity @ plus-one because it is the cheapest";
        let got = wrap(text, Some(30), 4);
        assert_eq!(
            got,
            "  recommended: severity @\n    plus-one because it is the\n    cheapest"
        );
        assert!(got.lines().all(|l| l.chars().count() <= 30));
        assert_eq!(wrap(text, None, 4), text);
        // A word longer than the line stays whole.
        assert_eq!(wrap("a verylongword b", Some(5), 0), "a\nverylongword\nb");
        assert_eq!(wrap_lines("x y\n\nz", Some(1)), "x\n  y\n\nz");
    }

    #[test]
    fn columns_variable_or_the_default() {
        assert_eq!(columns(None), DEFAULT_WIDTH);
        assert_eq!(columns(Some("120")), 120);
        assert_eq!(columns(Some(" 80 ")), 80);
        assert_eq!(columns(Some("0")), DEFAULT_WIDTH);
        assert_eq!(columns(Some("wide")), DEFAULT_WIDTH);
        assert_eq!(width(true), None);
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(
            escape("T1\u{1b}[31mred\r\u{7}"),
            "T1\\u{1b}[31mred\\u{d}\\u{7}"
        );
        assert_eq!(escape("a\n\tb"), "a\n\tb");
    }
}
