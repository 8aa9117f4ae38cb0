//! The scenario text as a TOML document with positions: parsed once with spans, turned
//! into the raw serde shapes leniently (a value of the wrong type or an unknown key is
//! recorded as a problem at its path and position, dropped, and the rest read on, so
//! every shape error of the file is reported at once), and the place that turns a
//! problem's TOML path back into a `line:column` of the file.
//!
//! A path that is not in the file (a missing required field) resolves to the deepest
//! table on the way that is: its header line for `[table]`s, the `{` of an inline
//! table.

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::problem::{Level, Location, Problem};
use super::suggest::closest;

/// The parsed document: every key and value with its byte span in the text.
pub(crate) type Document<'t> = Spanned<DeTable<'t>>;

/// Parses `text` as TOML, keeping spans. Errors are syntax errors (the document
/// cannot be read at all).
pub(crate) fn parse(text: &str) -> Result<Document<'_>, toml::de::Error> {
    DeTable::parse(text)
}

/// At most this many shape errors are collected before giving up on a file.
const MAX_SHAPE_ERRORS: usize = 200;

/// Deserializes `doc` into `T`, leniently: each shape error (wrong type, unknown key,
/// unknown kind) becomes an error at its TOML path and position, its key is dropped
/// and the rest is read again. Returns the value read without the dropped keys (so
/// validation can check the rest) and the shape errors. `None` only when an error
/// cannot be pinned to a key.
pub(crate) fn lenient<T: DeserializeOwned>(
    text: &str,
    doc: &Document<'_>,
) -> (Option<T>, Vec<Problem>) {
    let mut doc = doc.clone();
    let mut problems = Vec::new();
    loop {
        let e = match T::deserialize(toml::de::Deserializer::from(doc.clone())) {
            Ok(v) => return (Some(v), problems),
            Err(e) => e,
        };
        let start = e.span().map_or(0, |s| s.start);
        let mut path = Vec::new();
        let found = e.span().is_some() && in_table(doc.get_ref(), start, &mut path);
        // Drop the innermost key around the error, never an array element (which
        // would renumber the elements after it).
        let cut = path.iter().rposition(|s| matches!(s, Segment::Key(_)));
        let mut p = shape_problem(&e, text, start);
        let Some(cut) = cut.filter(|_| found) else {
            problems.push(p);
            return (None, problems);
        };
        path.truncate(cut + 1);
        p.path = path_string(&path);
        problems.push(p);
        if problems.len() >= MAX_SHAPE_ERRORS || !remove(doc.get_mut(), &path) {
            return (None, problems);
        }
    }
}

/// A shape error as a problem (its path is filled in by the caller).
fn shape_problem(e: &toml::de::Error, text: &str, start: usize) -> Problem {
    let mut message = e.message().trim_end().to_string();
    // Rust's type names, in words.
    for (rust, words) in [
        ("expected i64", "expected a whole number"),
        ("expected u64", "expected a whole number >= 0"),
        ("expected u32", "expected a whole number >= 0"),
        ("expected u16", "expected a whole number >= 0"),
        ("expected u8", "expected a whole number >= 0"),
        ("expected usize", "expected a whole number >= 0"),
        ("expected f64", "expected a number"),
    ] {
        if let Some(head) = message.strip_suffix(rust) {
            message = format!("{head}{words}");
        }
    }
    let fix = if let Some(rest) = message.strip_prefix("unknown field `") {
        let given = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        match closest(given, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? (docs/scenario.md lists every field)"),
            None => {
                "remove it or correct its spelling (docs/scenario.md lists every field)".to_string()
            }
        }
    } else if message.starts_with("unknown variant") {
        "use one of the values listed".to_string()
    } else {
        "write the value with the type shown (docs/scenario.md describes every field)".to_string()
    };
    let mut p = Problem::new(Level::Error, None, "", message, fix);
    p.location = Some(line_column(text, start));
    p
}

/// One step of a TOML path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Whether byte `pos` is in `span` (an empty span contains its start).
fn contains(span: std::ops::Range<usize>, pos: usize) -> bool {
    span.start == pos || (span.start..span.end).contains(&pos)
}

/// Fills `path` with the way to the innermost key or value of `table` around `pos`.
fn in_table(table: &DeTable<'_>, pos: usize, path: &mut Vec<Segment>) -> bool {
    for (k, v) in table.iter() {
        path.push(Segment::Key(k.get_ref().to_string()));
        if contains(k.span(), pos) || in_value(v, pos, path) {
            return true;
        }
        path.pop();
    }
    false
}

fn in_value(v: &Spanned<DeValue<'_>>, pos: usize, path: &mut Vec<Segment>) -> bool {
    match v.get_ref() {
        DeValue::Table(t) if in_table(t, pos, path) => return true,
        DeValue::Array(a) => {
            for (i, e) in a.iter().enumerate() {
                path.push(Segment::Index(i));
                if in_value(e, pos, path) {
                    return true;
                }
                path.pop();
            }
        }
        _ => {}
    }
    contains(v.span(), pos)
}

/// Removes the key at the end of `path` (which must end in a key).
fn remove(table: &mut DeTable<'_>, path: &[Segment]) -> bool {
    match path.split_last() {
        Some((Segment::Key(last), way)) => remove_in(table, way, last),
        _ => false,
    }
}

fn remove_in(table: &mut DeTable<'_>, way: &[Segment], last: &str) -> bool {
    let (k, rest) = match way.split_first() {
        None => {
            let key = table.keys().find(|k| k.get_ref() == last).cloned();
            return key.is_some_and(|k| table.remove(&k).is_some());
        }
        Some((Segment::Key(k), rest)) => (k, rest),
        Some((Segment::Index(_), _)) => return false,
    };
    table
        .iter_mut()
        .find(|(key, _)| key.get_ref() == k)
        .is_some_and(|(_, v)| remove_in_value(v.get_mut(), rest, last))
}

fn remove_in_value(v: &mut DeValue<'_>, way: &[Segment], last: &str) -> bool {
    match (v, way.split_first()) {
        (DeValue::Table(t), _) => remove_in(t, way, last),
        (DeValue::Array(a), Some((Segment::Index(i), rest))) => a
            .get_mut(*i)
            .is_some_and(|e| remove_in_value(e.get_mut(), rest, last)),
        _ => false,
    }
}

/// `tiers.T1.handle_minutes`, `policies.sop.rules[2]`, `segments."small biz"`.
fn path_string(path: &[Segment]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Segment::Key(k) => out = super::problem::join(&out, k),
            Segment::Index(i) => out = super::problem::index(&out, *i),
        }
    }
    out
}

/// The segments of a path as [`path_string`] writes it (quoted keys as Rust string
/// literals).
fn segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut chars = path.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            '.' => {
                chars.next();
            }
            '[' => {
                chars.next();
                let digits: String = chars.by_ref().take_while(|&c| c != ']').collect();
                match digits.parse() {
                    Ok(i) => out.push(Segment::Index(i)),
                    Err(_) => break,
                }
            }
            '"' => {
                chars.next();
                let mut key = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => key.push('\n'),
                            Some('t') => key.push('\t'),
                            Some('r') => key.push('\r'),
                            Some('0') => key.push('\0'),
                            Some('u') => {
                                let hex: String =
                                    chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                                let c = u32::from_str_radix(&hex, 16).ok();
                                key.extend(c.and_then(char::from_u32));
                            }
                            Some(c) => key.push(c),
                            None => {}
                        },
                        c => key.push(c),
                    }
                }
                out.push(Segment::Key(key));
            }
            _ => {
                let mut key = String::new();
                while let Some(&c) = chars.peek() {
                    if c == '.' || c == '[' {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
                out.push(Segment::Key(key));
            }
        }
    }
    out
}

/// Where the value at TOML `path` is in the file, or, when it is not there, the
/// deepest table on its way (line 1, column 1 for the whole file).
pub(crate) fn locate(text: &str, doc: &Document<'_>, path: &str) -> Location {
    let mut at = None;
    let mut cur: Option<&DeValue<'_>> = None;
    for seg in segments(path) {
        let next = match (cur, &seg) {
            (None, Segment::Key(k)) => find(doc.get_ref(), k),
            (Some(DeValue::Table(t)), Segment::Key(k)) => find(t, k),
            (Some(DeValue::Array(a)), Segment::Index(i)) => a.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        at = Some(next.span().start);
        cur = Some(next.get_ref());
    }
    line_column(text, at.unwrap_or(0))
}

fn find<'a, 't>(t: &'a DeTable<'t>, key: &str) -> Option<&'a Spanned<DeValue<'t>>> {
    t.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

/// 1-based line and column (in characters) of byte offset `offset` in `text`; offsets
/// past the end or inside a character are clamped.
pub(crate) fn line_column(text: &str, offset: usize) -> Location {
    let mut end = offset.min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Location { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> (usize, usize) {
        let doc = parse(text).unwrap_or_else(|e| panic!("{e}"));
        let l = locate(text, &doc, path);
        (l.line, l.column)
    }

    #[test]
    fn paths_split_into_keys_and_indexes() {
        for p in [
            "tiers.T1.agents",
            "policies.sop.rules[2].when",
            "segments.\"small biz\".share",
            "a[0][1]",
        ] {
            let segs = segments(p);
            assert_eq!(path_string(&segs), p);
        }
        assert_eq!(
            segments("x.\"a\\\"b\""),
            [Segment::Key("x".into()), Segment::Key("a\"b".into())]
        );
    }

    #[test]
    fn locates_values_headers_and_elements() {
        let text = "name = \"x\"\n[tiers.T1]\nagents = 3\nskills = [\n  \"a\",\n  \"b\",\n]\n\
                    [[rules]]\nname = \"r0\"\n[[rules]]\nwhen = { severity = \"high\",\n  segment = [\"vip\"] }\n";
        assert_eq!(at(text, "name"), (1, 8));
        assert_eq!(at(text, "tiers.T1"), (2, 1));
        assert_eq!(at(text, "tiers.T1.agents"), (3, 10));
        assert_eq!(at(text, "tiers.T1.skills[1]"), (6, 3));
        // Missing: the enclosing table's header.
        assert_eq!(at(text, "tiers.T1.owner"), (2, 1));
        assert_eq!(at(text, "rules[1].route"), (10, 1));
        assert_eq!(at(text, "rules[1].when.segment[0]"), (12, 14));
        assert_eq!(at(text, "nowhere.at.all"), (1, 1));
        assert_eq!(at(text, "tiers.\"Tier 2\".agents"), (2, 2));
    }

    #[test]
    fn counts_characters_not_bytes() {
        let l = line_column("é\néa", 5);
        assert_eq!((l.line, l.column), (2, 2));
        let l = line_column("ab", 99);
        assert_eq!((l.line, l.column), (1, 3));
    }
}
