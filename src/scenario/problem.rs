//! Diagnostics: one finding about a scenario file — a shape or meaning problem found
//! while loading it, or an SOP lint (`crate::lint`) — with its level, its lint code
//! where it has one, its TOML path, its `line:column` in the file, what is wrong and
//! how to fix it; the one printer ([`render`]) that shows it; and the collector that
//! validation fills.
//!
//! A problem is an [`Level::Error`] (the scenario cannot run) or a [`Level::Warning`]
//! (it runs, but probably not as intended). Validation never stops at the first
//! problem: every check reports into a [`Problems`] list and carries on.

use std::fmt;

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// The scenario cannot be used until this is fixed.
    Error,
    /// The scenario is usable, but the result is probably not what was intended.
    Warning,
}

impl Level {
    /// `error` or `warning`.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// 1-based line and column (in characters) of a problem in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// One finding about a scenario file: a validation problem or a lint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub level: Level,
    /// The lint code (`SOP011`) of a problem that is one of the SOP lints of
    /// docs/lints.md; `None` for the other validation problems.
    pub code: Option<&'static str>,
    /// Where in the file the problem is: the offending value, or the header of the
    /// table that lacks a required field; `None` until located (see
    /// [`super::Loaded::locate`]) or when the file is not at hand.
    pub location: Option<Location>,
    /// TOML path of the offending value, e.g. `tiers.T2.handle_minutes.mean`.
    pub path: String,
    /// What is wrong (lowercase, names the field and what was expected).
    pub message: String,
    /// How to fix it (may be empty when there is nothing useful to add).
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.name())?;
        if let Some(code) = self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": {}: {}", self.path, self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

impl Problem {
    /// A problem at `path`, not yet located.
    pub fn new(
        level: Level,
        code: Option<&'static str>,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Problem {
        Problem {
            level,
            code,
            location: None,
            path: path.into(),
            message: message.into(),
            fix: fix.into(),
        }
    }

    /// Whether this problem is at `path` or inside it (`tiers.T1.agents` is inside
    /// `tiers.T1`).
    pub(crate) fn is_within(&self, path: &str) -> bool {
        self.path
            .strip_prefix(path)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    }
}

/// The one printer of problems: `file:line:column: level[code]: path: message`, then
/// the fix on its own line (`file: …` when the problem has no location).
pub fn render(source_name: &str, p: &Problem) -> String {
    match p.location {
        Some(l) => format!("{source_name}:{}:{}: {p}", l.line, l.column),
        None => format!("{source_name}: {p}"),
    }
}

/// The problems found so far, in the order they were found.
#[derive(Clone, Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Records an error.
    pub(crate) fn error(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Level::Error, path.into(), message.into(), fix.into());
    }

    /// Records a warning.
    pub(crate) fn warning(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Level::Warning, path.into(), message.into(), fix.into());
    }

    /// Records a warning that is also SOP lint `code` (docs/lints.md).
    pub(crate) fn lint(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.list
            .push(Problem::new(Level::Warning, Some(code), path, message, fix));
    }

    fn push(&mut self, level: Level, path: String, message: String, fix: String) {
        self.list
            .push(Problem::new(level, None, path, message, fix));
    }

    /// Number of errors recorded so far.
    pub(crate) fn error_count(&self) -> usize {
        self.list.iter().filter(|p| p.level == Level::Error).count()
    }

    /// Every problem, errors first, each level in the order found.
    pub(crate) fn into_sorted(self) -> Vec<Problem> {
        let mut list = self.list;
        list.sort_by_key(|p| p.level);
        list
    }
}

/// `3 errors, 1 warning` (levels with no problems are left out; `no problems` if none).
pub(crate) fn count_line(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.level == Level::Error).count();
    let warnings = problems.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(plural(errors, "error"));
    }
    if warnings > 0 {
        parts.push(plural(warnings, "warning"));
    }
    if parts.is_empty() {
        "no problems".to_string()
    } else {
        parts.join(", ")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Appends a table key to a TOML path, quoting it when it is not a bare key
/// (`segments."small biz"`).
pub(crate) fn join(path: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare {
        key.to_string()
    } else {
        format!("{key:?}")
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

/// Appends an array index to a TOML path (`arrivals.peaks[0]`).
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A number for messages: at most 6 decimals, trailing zeros removed
/// (`0.30000000000000004` → `0.3`).
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return format!("{v}");
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_level_path_message_and_fix() {
        let mut p = Problem::new(
            Level::Error,
            None,
            "tiers.T2.handle_minutes.mean",
            "must be a finite number > 0, got -3",
            "give the mean handle time in minutes, e.g. 12",
        );
        assert_eq!(
            p.to_string(),
            "error: tiers.T2.handle_minutes.mean: must be a finite number > 0, got -3\n  \
             fix: give the mean handle time in minutes, e.g. 12"
        );
        let w = Problem::new(Level::Warning, None, "severity.critical", "share is 0", "");
        assert_eq!(w.to_string(), "warning: severity.critical: share is 0");
        assert_eq!(
            render("f.toml", &w),
            "f.toml: warning: severity.critical: share is 0"
        );
        p.location = Some(Location { line: 7, column: 9 });
        p.code = Some("SOP099");
        assert!(render("f.toml", &p).starts_with("f.toml:7:9: error[SOP099]: tiers.T2."));
        assert!(p.is_within("tiers.T2") && p.is_within("tiers.T2.handle_minutes"));
        assert!(!p.is_within("tiers.T") && !p.is_within("tiers.T2.handle"));
    }

    #[test]
    fn errors_sort_before_warnings_keeping_order() {
        let mut ps = Problems::default();
        ps.warning("a", "w1", "");
        ps.error("b", "e1", "");
        ps.warning("c", "w2", "");
        ps.error("d", "e2", "");
        assert_eq!(ps.error_count(), 2);
        let paths: Vec<_> = ps.into_sorted().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["b", "d", "a", "c"]);
    }

    #[test]
    fn counts_paths_and_numbers_format() {
        let p = |level| Problem::new(level, None, "", "", "");
        assert_eq!(
            count_line(&[p(Level::Error), p(Level::Error), p(Level::Warning)]),
            "2 errors, 1 warning"
        );
        assert_eq!(count_line(&[p(Level::Warning)]), "1 warning");
        assert_eq!(join("segments", "small biz"), "segments.\"small biz\"");
        assert_eq!(join("tiers", "T2"), "tiers.T2");
        assert_eq!(join("", "name"), "name");
        assert_eq!(index("arrivals.peaks", 2), "arrivals.peaks[2]");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-3.0), "-3");
        assert_eq!(num(1e-9), "0");
    }
}
