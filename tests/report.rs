//! Reports: snapshot of every exporter on a tiny deterministic run (set
//! `UPDATE_SNAPSHOTS=1` to rewrite `tests/snapshots/tiny/`), every chart renders to a
//! valid SVG and PNG with its title, names from the scenario are HTML-escaped, an SOP
//! scenario gets its escalation, rule and alert tables and a trace naming its rules, and
//! the page opens in headless Chromium (skipped when `/usr/bin/chromium` is absent).

use std::path::{Path, PathBuf};

use crate::support::{escalsim, repo, stderr, stdout, tempdir, write};

const FILES: [&str; 5] = [
    "report.md",
    "report.html",
    "summary.json",
    "comparison.json",
    "summary.csv",
];

/// The chart stems and a title fragment each must show.
const CHARTS: [(&str, &str); 9] = [
    ("breach", "SLA breach rate by candidate"),
    (
        "breach_by_severity",
        "Resolution SLA breach rate by severity",
    ),
    (
        "first_response_by_severity",
        "First-response SLA breach rate by severity",
    ),
    ("utilisation", "Utilisation per tier"),
    ("ttr_ladder", "Time to resolution per candidate"),
    ("queue", "Queue length over time per tier"),
    (
        "breach_by_segment",
        "Resolution SLA breach rate by customer segment",
    ),
    ("pareto", "Cost against resolution breach rate"),
    ("pareto", "staffing: plus-one"),
];

fn tiny_run(dir: &Path, extra: &[&str]) -> PathBuf {
    let scenario = repo().join("tests/snapshots/tiny.toml");
    let mut args = vec!["run", scenario.to_str().unwrap_or_default(), "--out", "r"];
    args.extend(extra);
    let o = escalsim(dir, &args);
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    dir.join("r")
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

#[test]
fn exporters_match_their_snapshots() {
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--threads", "2", "--quiet"]);
    let snap = repo().join("tests/snapshots/tiny");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    for f in FILES {
        let got = read(&out.join(f));
        let path = snap.join(f);
        if update {
            std::fs::create_dir_all(&snap).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(&path, &got).unwrap_or_else(|e| panic!("{e}"));
            continue;
        }
        let want = read(&path);
        assert!(
            got == want,
            "{f} differs from {} (rerun with UPDATE_SNAPSHOTS=1 if the change is intended)",
            path.display()
        );
    }
}

#[test]
fn every_chart_is_a_valid_svg_and_png_with_its_title() {
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--quiet", "--format", "md"]);
    for (stem, title) in CHARTS {
        let svg = String::from_utf8(read(&out.join(format!("charts/{stem}.svg"))))
            .unwrap_or_else(|e| panic!("{stem}.svg is not UTF-8: {e}"));
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{stem}.svg"
        );
        assert!(svg.contains(title), "{stem}.svg lacks \"{title}\"");
        let png = read(&out.join(format!("charts/{stem}.png")));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{stem}.png has no PNG signature"
        );
        assert!(png.len() > 10_000, "{stem}.png is only {} bytes", png.len());
    }
    // Axis labels and candidate names reach the charts.
    let breach = String::from_utf8_lossy(&read(&out.join("charts/breach.svg"))).into_owned();
    for label in [
        "fifo @ lean",
        "severity @ plus-one",
        "breach rate, %",
        "resolution SLA",
    ] {
        assert!(breach.contains(label), "breach.svg lacks {label}");
    }
    let md = String::from_utf8_lossy(&read(&out.join("report.md"))).into_owned();
    assert!(
        md.contains(
            "![Queue length over time per tier (mean over replications)](charts/queue.svg)"
        )
    );
    // Only the chosen formats are written.
    assert!(!out.join("report.html").exists() && !out.join("summary.json").exists());
}

#[test]
fn names_from_the_scenario_are_escaped_in_html_and_markdown() {
    let tmp = tempdir();
    let text = std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml"))
        .unwrap_or_default()
        .replace("name = \"tiny\"", "name = \"evil\"")
        .replace(
            "[policies.fifo]",
            "[policies.\"<script>alert('x')</script> & \\\"quoted\\\"\"]",
        )
        .replace("[segments.gold]", "[segments.\"gold<b>\\\"vip\\\"\"]");
    let scenario = write(tmp.path(), "evil.toml", &text);
    let o = escalsim(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "r",
            "--quiet",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    let html = String::from_utf8_lossy(&read(&tmp.path().join("r/report.html"))).into_owned();
    assert!(
        !html.to_lowercase().contains("<script"),
        "unescaped <script> in report.html"
    );
    assert!(!html.contains("<b>"), "unescaped <b> in report.html");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;")
    );
    assert!(html.contains("&lt;b&gt;&quot;vip&quot;"));
    let md = String::from_utf8_lossy(&read(&tmp.path().join("r/report.md"))).into_owned();
    assert!(!md.to_lowercase().contains("<script") && !md.contains("<b>"));
}

#[test]
fn run_prints_differences_and_advice() {
    let tmp = tempdir();
    let scenario = repo().join("tests/snapshots/tiny.toml");
    let o = escalsim(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "r",
            "--format",
            "json",
            "--baseline",
            "severity @ lean",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("baseline \"severity @ lean\", paired by replication"),
        "{out}"
    );
    assert!(out.contains("fifo @ lean") && out.contains("significant"));
    assert!(out.contains("saturation: tier T2 is backlogged"), "{out}");
    let o = escalsim(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--baseline",
            "nope",
            "--quiet",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--baseline: no candidate named \"nope\" (known: \"fifo @ lean\""));
}

#[test]
fn sop_runs_print_escalation_rule_and_alert_tables_and_trace_their_rules() {
    let tmp = tempdir();
    let scenario = repo().join("tests/snapshots/sop.toml");
    let o = escalsim(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "r",
            "--format",
            "md",
            "--trace",
            "trace.csv",
            "--wide",
        ],
    );
    assert!(o.status.success(), "run failed: {}", stderr(&o));
    let out = stdout(&o);
    const RULES: [&str; 3] = [
        "outage straight to engineering",
        "enterprise high to seniors",
        "SLA at risk",
    ];
    for needle in [
        "escalation: resolution breach rate by segment, CSAT proxy (1–5), counts per replication\ncandidate  enterprise  consumer  CSAT  misroutes  bounces  reopens  retrials  follow-ups  updates  reviews  alerts  incidents  detection min  bypassed  suppressed\n",
        "rules and triggers fired per replication\ncandidate  rule or trigger                 fired\n",
        "\nsop        outage straight to engineering",
        "\n           SLA at risk ",
        "alerts by role per replication\ncandidate  support manager  duty manager  regional manager\n",
    ] {
        assert!(out.contains(needle), "no {needle:?} in\n{out}");
    }
    // The tiered baseline has no rules: only the sop candidate is in the rules table.
    assert!(!out.contains("\ntiered     outage"), "{out}");
    let md = String::from_utf8_lossy(&read(&tmp.path().join("r/report.md"))).into_owned();
    assert!(md.contains("## Escalation loops"), "{md}");
    assert!(
        md.contains("Rules and triggers fired per replication."),
        "{md}"
    );
    assert!(
        md.contains("| sop | outage straight to engineering |"),
        "{md}"
    );
    assert!(md.contains("| candidate | support manager | duty manager | regional manager |"));

    let trace = String::from_utf8_lossy(&read(&tmp.path().join("trace.csv"))).into_owned();
    let mut events = std::collections::BTreeSet::new();
    let mut fired = std::collections::BTreeSet::new();
    for line in trace.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        events.insert(f[5].to_string());
        if !f[7].is_empty() {
            assert_eq!(f[0], "sop", "a rule fired for another candidate: {line}");
            assert!(RULES.contains(&f[7]), "unknown rule: {line}");
            fired.insert(f[7].to_string());
            if f[7] == "SLA at risk" {
                assert_eq!(f[5], "trigger", "{line}");
            }
        }
    }
    assert_eq!(fired.len(), RULES.len(), "{fired:?}");
    for e in [
        "arrive", "bypass", "escalate", "trigger", "resolve", "reopen",
    ] {
        assert!(events.contains(e), "no {e} row in the trace: {events:?}");
    }
}

#[test]
fn report_opens_in_headless_chromium() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        println!("skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)");
        return;
    }
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--quiet", "--format", "html"]);
    let profile = tmp.path().join("profile");
    let shot = repo().join("target/report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let page = format!("file://{}", out.join("report.html").display());
    let o = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--screenshot={}", shot.display()),
            "--window-size=1400,3000",
            &page,
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
    assert!(o.status.success(), "chromium failed: {}", stderr(&o));
    let png = read(&shot);
    assert!(png.starts_with(b"\x89PNG"), "no screenshot");
    // A page with tables and charts compresses far worse than a blank one.
    assert!(
        png.len() > 100_000,
        "screenshot only {} bytes: blank page?",
        png.len()
    );
    println!("screenshot: {}", shot.display());
}

/// Every metric a run of a shipped scenario reports has an entry in the metric table,
/// so reports format it from the table rather than by guessing from its name.
#[test]
fn every_reported_metric_is_in_the_metric_table() {
    use escalsim::experiment::{self, Options};
    use escalsim::metrics::catalog;
    let mut checked = 0;
    for name in [
        "support-basic.toml",
        "saas-outage.toml",
        "telecom-disruption.toml",
        "b2b-accounts.toml",
        "ecommerce-peak.toml",
        "peak-4tier.toml",
    ] {
        let path = repo().join("scenarios").join(name);
        let Ok(loaded) = escalsim::scenario::load(&path) else {
            panic!("{name}: does not load");
        };
        let mut s = loaded.scenario;
        s.run.replications = 1;
        s.run.horizon_ms = s.run.horizon_ms.min(3 * 24 * 3_600_000);
        s.run.warmup_ms = 0;
        let runs = experiment::run_all(
            &s,
            &Options { threads: 1 },
            |r| escalsim::tickets::synthetic(&s, r),
            &|| {},
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        for scalar in runs[0].runs[0].scalars(&s) {
            assert!(
                catalog::lookup(&scalar.name).is_some(),
                "{name}: {} is not in metrics/catalog.rs",
                scalar.name
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn markdown_and_html_hold_the_same_sections_and_the_differences_grouped_by_metric() {
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--quiet", "--format", "md,html"]);
    let md = String::from_utf8_lossy(&read(&out.join("report.md"))).into_owned();
    let html = String::from_utf8_lossy(&read(&out.join("report.html"))).into_owned();
    let md_sections: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let html_sections: Vec<&str> = html
        .lines()
        .filter_map(|l| l.strip_prefix("<h2>")?.strip_suffix("</h2>"))
        .collect();
    assert!(md_sections.len() >= 8, "{md_sections:?}");
    assert_eq!(md_sections, html_sections);
    // The key table, metric by metric, then every metric: folded in HTML only.
    let key = md
        .split("### All differences")
        .next()
        .and_then(|s| s.split("## Differences against the baseline").nth(1))
        .unwrap_or_default();
    let metrics: Vec<&str> = key
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| candidate"))
        .filter_map(|l| l.split(" | ").nth(1))
        .collect();
    assert_eq!(metrics.len(), 12, "{key}");
    let mut groups = metrics.clone();
    groups.dedup();
    assert_eq!(
        groups,
        [
            "resolution\\_breach\\_rate",
            "first\\_response\\_breach\\_rate",
            "ttr\\_mean\\_hours",
            "cost"
        ]
    );
    assert!(
        key.contains(
            "| fifo @ plus-one | cost | 7260 | 10560 | +3300 | \\[+3300, +3300\\] | worse |"
        ),
        "{key}"
    );
    assert!(md.contains("### All differences (13 metrics, 39 rows)"));
    assert!(html.contains("<details>\n<summary>All differences (13 metrics, 39 rows)"));
    assert!(!md.contains("<details>"));
}

#[test]
fn summary_csv_has_a_unit_and_a_column_per_dimension() {
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--quiet", "--format", "csv"]);
    let text = String::from_utf8_lossy(&read(&out.join("summary.csv"))).into_owned();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column in {header:?}"))
    };
    let rows: Vec<csv::StringRecord> = r.records().filter_map(Result::ok).collect();
    let row = |metric: &str| {
        rows.iter()
            .find(|x| &x[col("candidate")] == "fifo @ lean" && &x[col("metric")] == metric)
            .unwrap_or_else(|| panic!("no {metric} row"))
    };
    let expect = |metric: &str, want: [(&str, &str); 7]| {
        let x = row(metric);
        for (c, v) in want {
            assert_eq!(&x[col(c)], v, "{metric}: {c}");
        }
    };
    let none = |unit, base| {
        [
            ("unit", unit),
            ("base_metric", base),
            ("tier", ""),
            ("severity", ""),
            ("segment", ""),
            ("category", ""),
            ("role", ""),
        ]
    };
    expect("cost", none("currency", "cost"));
    expect("ttr_mean_hours", none("hours", "ttr_mean_hours"));
    let mut w = none("share", "utilisation");
    w[2] = ("tier", "T2");
    expect("tier.T2.utilisation", w);
    let mut w = none("share", "resolution_breach_rate");
    w[4] = ("segment", "gold");
    expect("resolution_breach_rate.segment.gold", w);
    let mut w = none("share", "first_response_breach_rate");
    w[3] = ("severity", "critical");
    expect("first_response_breach_rate.severity.critical", w);
    // Every metric has a unit.
    assert!(
        rows.iter().all(|x| !x[col("unit")].is_empty()),
        "a metric without unit"
    );
}

#[test]
fn png_charts_are_their_svg_rasterised_with_text() {
    let tmp = tempdir();
    let out = tiny_run(tmp.path(), &["--quiet", "--format", "md"]);
    let svg = String::from_utf8_lossy(&read(&out.join("charts/breach.svg"))).into_owned();
    let attr = |name: &str| -> u32 {
        svg.split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in the SVG"))
    };
    let png = resvg::tiny_skia::Pixmap::decode_png(&read(&out.join("charts/breach.png")))
        .unwrap_or_else(|e| panic!("breach.png does not decode: {e}"));
    assert_eq!((png.width(), png.height()), (attr("width"), attr("height")));
    // The bold title, centred at the top: dark pixels in its band, white corners.
    let dark = |x: u32, y: u32| {
        png.pixel(x, y)
            .is_some_and(|p| u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 200)
    };
    let w = png.width();
    let title = (5..30).flat_map(|y| (w / 4..3 * w / 4).map(move |x| (x, y)));
    let inked = title.filter(|&(x, y)| dark(x, y)).count();
    assert!(inked > 300, "only {inked} dark pixels in the title band");
    assert!(!dark(1, 1) && !dark(w - 2, 1));
}
