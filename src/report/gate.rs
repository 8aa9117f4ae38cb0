//! Reports of `escalsim check`: a markdown summary for a CI job page and JUnit XML that
//! CI systems render as test results (one test case per candidate × watched metric).

use std::fmt::Write as _;

use crate::metrics::gate::Verdict;

/// Escapes text for XML attributes and content: the HTML escaping (valid XML too),
/// minus the control characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    super::html::escape(&kept)
}

fn md_cell(s: &str) -> String {
    super::markdown::escape(&s.replace('\n', " "))
}

fn num(x: f64) -> String {
    if x.is_finite() {
        // No "-0.0000" for tiny negative differences.
        let x = if x.abs() < 5e-5 { 0.0 } else { x };
        format!("{x:.4}")
    } else {
        "–".into()
    }
}

/// The markdown summary: a verdict line and a table.
pub fn markdown(scenario: &str, baseline: &str, verdicts: &[Verdict]) -> String {
    let failed = verdicts.iter().filter(|v| v.failed).count();
    let mut out = format!(
        "## escalsim check: {}\n\nScenario `{}` against baseline `{}`: {} of {} watched metrics regressed beyond tolerance (95 % paired interval, same seeds).\n\n",
        if failed == 0 { "passed" } else { "FAILED" },
        md_cell(scenario),
        md_cell(baseline),
        failed,
        verdicts.len()
    );
    out.push_str("| | candidate | metric | baseline | now | change [95 % CI] | tolerance |\n");
    out.push_str("|---|---|---|---:|---:|---:|---:|\n");
    for v in verdicts {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} [{}, {}] | {} |",
            if v.failed { "❌" } else { "✅" },
            md_cell(&v.candidate),
            md_cell(&v.metric),
            num(v.baseline),
            num(v.new),
            num(v.diff),
            num(v.ci_low),
            num(v.ci_high),
            md_cell(&v.tolerance)
        );
    }
    out
}

/// JUnit XML: one `<testsuite>` with a `<testcase>` per verdict, failures for
/// regressions.
pub fn junit(scenario: &str, verdicts: &[Verdict]) -> String {
    let failed = verdicts.iter().filter(|v| v.failed).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"escalsim check\" tests=\"{}\" failures=\"{failed}\">",
        verdicts.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failed}\">",
        xml_escape(scenario),
        verdicts.len()
    );
    for v in verdicts {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml_escape(&v.candidate),
            xml_escape(&v.metric)
        );
        if v.failed {
            let msg = format!(
                "{} changed by {} [95% CI {}, {}], beyond the tolerance {} (baseline {}, now {})",
                v.metric,
                num(v.diff),
                num(v.ci_low),
                num(v.ci_high),
                v.tolerance,
                num(v.baseline),
                num(v.new)
            );
            let _ = writeln!(
                out,
                ">\n      <failure message=\"{}\" type=\"regression\">{}</failure>\n    </testcase>",
                xml_escape(&msg),
                xml_escape(&msg)
            );
        } else {
            out.push_str(" />\n");
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(failed: bool) -> Verdict {
        Verdict {
            candidate: "sop <\"new\"> & co".into(),
            metric: "resolution_breach_rate.segment.enterprise".into(),
            baseline: 0.02,
            new: 0.05,
            diff: 0.03,
            ci_low: 0.02,
            ci_high: 0.04,
            tolerance: "+0.01".into(),
            failed,
        }
    }

    #[test]
    fn junit_escapes_and_marks_failures() {
        let x = junit("s", &[verdict(true), verdict(false)]);
        assert!(x.contains("tests=\"2\" failures=\"1\""), "{x}");
        assert!(
            x.contains("classname=\"sop &lt;&quot;new&quot;&gt; &amp; co\""),
            "{x}"
        );
        assert_eq!(x.matches("<failure ").count(), 1, "{x}");
        assert!(!x.contains("<\"new\">"));
    }

    #[test]
    fn markdown_has_a_verdict_and_a_row_per_watch() {
        let m = markdown("s", "b.json", &[verdict(true), verdict(false)]);
        assert!(m.starts_with("## escalsim check: FAILED"), "{m}");
        assert!(m.contains("1 of 2 watched metrics regressed"));
        assert_eq!(m.matches("| ❌ |").count(), 1);
        assert_eq!(m.matches("| ✅ |").count(), 1);
    }
}
