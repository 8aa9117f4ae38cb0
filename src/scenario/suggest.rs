//! Closest-name suggestions for misspelt references ("unknown tier `T22`, did you mean
//! `T2`?"), and the "unknown name" problem that uses them.

use super::problem::Problems;

/// Edit distance (insertions, deletions, substitutions) between two strings, by char.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The known name closest to `given`, if one is close enough to be a likely typo:
/// equal ignoring case, a prefix of at least 3 characters, or within an edit distance
/// of a third of the longer name. Ties go to the earlier name.
pub(crate) fn closest<'a, I>(given: &str, known: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = given.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for name in known {
        let name_lower = name.to_lowercase();
        let score = if name_lower == lower {
            0
        } else if lower.chars().count() >= 3 && name_lower.starts_with(&lower) {
            1
        } else {
            let d = distance(&lower, &name_lower);
            let longest = lower.chars().count().max(name_lower.chars().count());
            if d * 3 > longest {
                continue;
            }
            d + 1
        };
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, name));
        }
    }
    best.map(|(_, n)| n)
}

/// A table of declared names (tiers, segments, …) in file order; the position of a
/// name is its id.
#[derive(Clone, Debug)]
pub(crate) struct Names {
    /// What the names are, singular (`tier`).
    pub(crate) what: &'static str,
    /// Where they are declared, for fixes (`[tiers.<name>]`).
    pub(crate) declared_as: &'static str,
    /// The names, in file order.
    pub(crate) names: Vec<String>,
}

impl Names {
    /// Names declared as the keys of a table.
    pub(crate) fn new(
        what: &'static str,
        declared_as: &'static str,
        names: impl IntoIterator<Item = String>,
    ) -> Names {
        Names {
            what,
            declared_as,
            names: names.into_iter().collect(),
        }
    }

    /// The position of `name`, if declared.
    pub(crate) fn get(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The position of `name`; reports an "unknown name" error at `path` otherwise.
    pub(crate) fn lookup(&self, problems: &mut Problems, path: &str, name: &str) -> Option<usize> {
        if let Some(i) = self.get(name) {
            return Some(i);
        }
        let known = self.list();
        let message = if self.names.is_empty() {
            format!(
                "unknown {} `{name}`: no {}s are declared",
                self.what, self.what
            )
        } else {
            format!("unknown {} `{name}` (known: {known})", self.what)
        };
        let fix = match closest(name, self.names.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None if self.names.is_empty() => {
                format!("declare it as {}", self.declared_as.replace("<name>", name))
            }
            None => format!(
                "use one of {known}, or declare it as {}",
                self.declared_as.replace("<name>", name)
            ),
        };
        problems.error(path, message, fix);
        None
    }

    /// `T1, T2, T3` (at most 12 names, then `…`).
    pub(crate) fn list(&self) -> String {
        list(self.names.iter().map(String::as_str))
    }
}

/// The position of `given` in the closed vocabulary `words`; otherwise reports
/// "unknown {what} `given` ({known})" at `path`, with "did you mean" the closest word
/// as the fix, or `otherwise` when no word is close.
pub(crate) fn word(
    problems: &mut Problems,
    path: &str,
    what: &str,
    given: &str,
    (words, known): (&[&str], &str),
    otherwise: &str,
) -> Option<usize> {
    if let Some(i) = words.iter().position(|w| *w == given) {
        return Some(i);
    }
    let fix = match closest(given, words.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise.to_string(),
    };
    problems.error(path, format!("unknown {what} `{given}` ({known})"), fix);
    None
}

/// Comma-separated names in backticks, at most 12, then `…`.
pub(crate) fn list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let mut out: Vec<String> = Vec::new();
    for (i, n) in names.into_iter().enumerate() {
        if i == 12 {
            out.push("…".to_string());
            break;
        }
        out.push(format!("`{n}`"));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn closest_finds_typos_but_not_strangers() {
        let known = ["billing", "outage", "how-to", "enterprise"];
        assert_eq!(closest("biling", known), Some("billing"));
        assert_eq!(closest("Outage", known), Some("outage"));
        assert_eq!(closest("enterprize", known), Some("enterprise"));
        assert_eq!(closest("ent", known), Some("enterprise"));
        assert_eq!(closest("shipping", known), None);
        assert_eq!(closest("T4", ["T1", "T2"]), None);
        assert_eq!(closest("T22", ["T1", "T2"]), Some("T2"));
    }

    #[test]
    fn lookup_reports_unknown_names_with_a_suggestion() {
        let names = Names::new(
            "tier",
            "[tiers.<name>]",
            ["T1".to_string(), "T2".to_string()],
        );
        let mut ps = Problems::default();
        assert_eq!(names.lookup(&mut ps, "p", "T2"), Some(1));
        assert_eq!(names.lookup(&mut ps, "escalation.path[2]", "t2"), None);
        assert_eq!(names.lookup(&mut ps, "x", "Engineering"), None);
        let list = ps.into_sorted();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].path, "escalation.path[2]");
        assert_eq!(list[0].message, "unknown tier `t2` (known: `T1`, `T2`)");
        assert_eq!(list[0].fix, "did you mean `T2`?");
        assert_eq!(
            list[1].fix,
            "use one of `T1`, `T2`, or declare it as [tiers.Engineering]"
        );
    }
}
