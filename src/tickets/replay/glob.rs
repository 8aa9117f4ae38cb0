//! Name patterns of the mapping (`resolved_when`): `*` matches any run of characters
//! (none included), `?` exactly one, every other character itself (case-sensitive).

/// Whether `text` matches `pattern` as a whole.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut i, mut j) = (0, 0);
    // The last `*` seen and the text position it was tried at, to backtrack to.
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || (p[i] != '*' && p[i] == t[j])) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            // Let the `*` take one more character.
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_and_question_marks_match_as_globs() {
        for (p, t) in [
            ("Resolve ticket", "Resolve ticket"),
            ("Resolve*", "Resolve ticket"),
            ("Resolve*", "Resolve"),
            ("*solv*", "Ticket resolved"),
            ("?losed", "Closed"),
            ("*", ""),
            ("a*b*c", "aXbYbZc"),
        ] {
            assert!(matches(p, t), "{p} should match {t}");
        }
        for (p, t) in [
            ("Resolve ticket", "Resolve ticket "),
            ("resolve*", "Resolve ticket"),
            ("?losed", "losed"),
            ("a*b*c", "aXbYbZ"),
            ("", "x"),
        ] {
            assert!(!matches(p, t), "{p} should not match {t}");
        }
    }
}
