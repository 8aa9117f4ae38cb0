//! Graphviz DOT writer: a [`Flowchart`] list as one `digraph` with a cluster per
//! chart (`dot -Tsvg` draws it).
//!
//! Every label is a double-quoted string in which `\` and `"` are backslash-escaped, so
//! no name can end the string or start a DOT escape sequence (`\l`, `\N`, …); lines
//! are joined with `\n`. Node ids are generated (`n0`, or `p1n0` with several charts).

use std::fmt::Write as _;

use super::{Flowchart, Line, Shape};

/// Escapes text for a double-quoted DOT string: backslashes and quotes are
/// backslash-escaped, line breaks and other control characters become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label from lines: each escaped, joined with `\n` (centred lines).
fn label(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("\\n")
}

/// Node attributes of a shape.
fn attributes(s: Shape) -> &'static str {
    match s {
        Shape::Terminal => "shape=oval, style=filled, fillcolor=\"#eeeeee\"",
        Shape::Decision => "shape=diamond, style=filled, fillcolor=\"#fff8e1\"",
        Shape::Tier => "shape=box, style=filled, fillcolor=\"#e3f2fd\"",
        Shape::Step => "shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\"",
        Shape::Ai => "shape=hexagon, style=filled, fillcolor=\"#ede7f6\"",
        Shape::Review => "shape=trapezium, style=filled, fillcolor=\"#e8f5e9\"",
        Shape::Alert => "shape=note, style=filled, fillcolor=\"#fbe9e7\"",
        Shape::Timer => "shape=parallelogram, style=filled, fillcolor=\"#fce4ec\"",
    }
}

/// DOT source for `charts` (one cluster each).
pub fn write(charts: &[Flowchart]) -> String {
    let mut out = String::from(
        "digraph escalsim {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    for (k, c) in charts.iter().enumerate() {
        let id = |i: usize| {
            if charts.len() == 1 {
                format!("n{i}")
            } else {
                format!("p{k}n{i}")
            }
        };
        let _ = writeln!(out, "  subgraph cluster_{k} {{");
        let _ = writeln!(
            out,
            "    label=\"{}\";",
            label(std::slice::from_ref(&c.title))
        );
        for (i, n) in c.nodes.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {} [{}, label=\"{}\"];",
                id(i),
                attributes(n.shape),
                label(&n.lines)
            );
        }
        for e in &c.edges {
            let mut attrs = Vec::new();
            if !e.label.is_empty() {
                attrs.push(format!("label=\"{}\"", escape(&e.label)));
            }
            if e.line == Line::Dotted {
                attrs.push("style=dashed".to_string());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(out, "    {} -> {}{attrs};", id(e.from), id(e.to));
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{Edge, Node};

    #[test]
    fn labels_escape_quotes_and_backslashes() {
        assert_eq!(escape(r#"a "b" \l c"#), r#"a \"b\" \\l c"#);
        assert_eq!(escape("x\ny"), "x y");
        assert_eq!(escape("<b> #1 {x} |y|"), "<b> #1 {x} |y|");
    }

    #[test]
    fn writes_clusters_nodes_and_edges() {
        let c = Flowchart {
            policy: "p".into(),
            title: "p \"q\"".into(),
            nodes: vec![
                Node {
                    shape: Shape::Tier,
                    lines: vec!["T1".into(), "owner: a".into()],
                },
                Node {
                    shape: Shape::Alert,
                    lines: vec!["Alert".into()],
                },
            ],
            edges: vec![
                Edge {
                    from: 0,
                    to: 1,
                    label: String::new(),
                    line: Line::Solid,
                },
                Edge {
                    from: 1,
                    to: 0,
                    label: "alert".into(),
                    line: Line::Dotted,
                },
            ],
        };
        let out = write(&[c.clone(), c]);
        assert!(out.starts_with("digraph escalsim {\n"));
        assert!(out.contains("  subgraph cluster_1 {\n    label=\"p \\\"q\\\"\";\n"));
        assert!(out.contains(
            "    p0n0 [shape=box, style=filled, fillcolor=\"#e3f2fd\", label=\"T1\\nowner: a\"];\n"
        ));
        assert!(out.contains("    p1n0 -> p1n1;\n"));
        assert!(out.contains("    p1n1 -> p1n0 [label=\"alert\", style=dashed];\n"));
        assert!(out.ends_with("  }\n}\n"));
    }
}
