//! Mermaid writer: a [`Flowchart`] list as one `flowchart TD` with a subgraph per
//! chart, which GitHub renders in a ```` ```mermaid ```` block.
//!
//! Every label is a quoted string (`id["…"]`, `-->|"…"|`) in which the characters
//! Mermaid or its HTML labels would read as syntax — `"`, `#`, `&`, `<`, `>`, `|`,
//! backticks, `%` (directives such as `%%{init: …}%%`) and `'` — are written as entity codes (`#34;` …); lines are joined with `<br/>`.
//! Node ids are generated (`n0`, or `p1n0` with several charts), so names never
//! appear outside quotes.

use std::fmt::Write as _;

use super::{Flowchart, Line, Shape};

/// Escapes text for a quoted Mermaid label: syntax characters become entity codes,
/// line breaks and other control characters become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("#34;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            // `%%` starts a comment or an `%%{init: …}%%` directive; `'` quotes its values.
            '%' => out.push_str("#37;"),
            '\'' => out.push_str("#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label from lines: each escaped, joined with `<br/>`.
fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// Opening and closing brackets of a shape, and its class.
fn shape(s: Shape) -> (&'static str, &'static str, &'static str) {
    match s {
        Shape::Terminal => ("([", "])", "terminal"),
        Shape::Decision => ("{", "}", "decision"),
        Shape::Tier => ("[", "]", "tier"),
        Shape::Step => ("(", ")", "step"),
        Shape::Ai => ("{{", "}}", "ai"),
        Shape::Review => ("[/", "\\]", "review"),
        Shape::Alert => (">", "]", "alert"),
        Shape::Timer => ("[/", "/]", "timer"),
    }
}

/// Colours by node class (one line each, after the graph).
const CLASSES: [(&str, &str); 8] = [
    ("terminal", "fill:#eeeeee,stroke:#555555"),
    ("decision", "fill:#fff8e1,stroke:#b28704"),
    ("tier", "fill:#e3f2fd,stroke:#1565c0"),
    ("step", "fill:#f5f5f5,stroke:#757575"),
    ("ai", "fill:#ede7f6,stroke:#5e35b1"),
    ("review", "fill:#e8f5e9,stroke:#2e7d32"),
    ("alert", "fill:#fbe9e7,stroke:#d84315"),
    ("timer", "fill:#fce4ec,stroke:#ad1457"),
];

/// Mermaid source for `charts` (one subgraph each).
pub fn write(charts: &[Flowchart]) -> String {
    let mut out = String::from("flowchart TD\n");
    for (k, c) in charts.iter().enumerate() {
        let id = |i: usize| {
            if charts.len() == 1 {
                format!("n{i}")
            } else {
                format!("p{k}n{i}")
            }
        };
        // A subgraph lays out left to right unless told otherwise.
        let _ = writeln!(
            out,
            "  subgraph p{k}[\"{}\"]\n    direction TB",
            label(std::slice::from_ref(&c.title))
        );
        for (i, n) in c.nodes.iter().enumerate() {
            let (open, close, class) = shape(n.shape);
            let _ = writeln!(
                out,
                "    {}{open}\"{}\"{close}:::{class}",
                id(i),
                label(&n.lines)
            );
        }
        for e in &c.edges {
            let arrow = match e.line {
                Line::Solid => "-->",
                Line::Dotted => "-.->",
            };
            let text = if e.label.is_empty() {
                String::new()
            } else {
                format!("|\"{}\"|", escape(&e.label))
            };
            let _ = writeln!(out, "    {} {arrow}{text} {}", id(e.from), id(e.to));
        }
        out.push_str("  end\n");
    }
    for (class, style) in CLASSES {
        let _ = writeln!(out, "  classDef {class} {style}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{Edge, Node};

    #[test]
    fn labels_escape_mermaid_syntax() {
        assert_eq!(
            escape(r#"say "hi" #1 <b> a|b & `x`"#),
            "say #34;hi#34; #35;1 #60;b#62; a#124;b #38; #96;x#96;"
        );
        assert_eq!(escape("two\nlines"), "two lines");
        let directive = escape("T1 %%{init: {'theme': 'dark'}}%%");
        assert_eq!(
            directive,
            "T1 #37;#37;{init: {#39;theme#39;: #39;dark#39;}}#37;#37;"
        );
        assert_eq!(escape("[T1] {x} (y)"), "[T1] {x} (y)");
    }

    #[test]
    fn writes_quoted_nodes_and_edges() {
        let c = Flowchart {
            policy: "p".into(),
            title: "p — tiered".into(),
            nodes: vec![
                Node {
                    shape: Shape::Terminal,
                    lines: vec!["start".into()],
                },
                Node {
                    shape: Shape::Decision,
                    lines: vec!["a:".into(), "x < 3".into()],
                },
            ],
            edges: vec![Edge {
                from: 0,
                to: 1,
                label: "no \"rule\"".into(),
                line: Line::Dotted,
            }],
        };
        let out = write(&[c]);
        assert!(out.starts_with("flowchart TD\n  subgraph p0[\"p — tiered\"]\n    direction TB\n"));
        assert!(out.contains("    n0([\"start\"]):::terminal\n"));
        assert!(out.contains("    n1{\"a:<br/>x #60; 3\"}:::decision\n"));
        assert!(out.contains("    n0 -.->|\"no #34;rule#34;\"| n1\n"));
        assert!(out.contains("  end\n  classDef terminal"));
    }
}
