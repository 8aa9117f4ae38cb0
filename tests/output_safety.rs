//! Output files never destroy inputs or reports, and never go through symbolic links
//! planted in the output folder.

use std::path::Path;

use crate::support::{escalsim, repo, stderr, tempdir, write};

fn tiny(dir: &Path) -> std::path::PathBuf {
    let text =
        std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml")).unwrap_or_default();
    write(dir, "tiny.toml", &text)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

#[test]
fn skip_bad_rows_cannot_name_the_ticket_file() {
    let dir = tempdir();
    let s = tiny(dir.path());
    let o = escalsim(
        dir.path(),
        &["generate", s.to_str().unwrap_or_default(), "--out", "t.csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tickets = read(&dir.path().join("t.csv"));
    let replay = write(
        dir.path(),
        "replay.toml",
        &format!("{}\n[replay]\ntickets = \"t.csv\"\n", read(&s)),
    );
    let o = escalsim(
        dir.path(),
        &[
            "run",
            replay.to_str().unwrap_or_default(),
            "--skip-bad-rows",
            "./t.csv",
            "--out",
            "r",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is the input file"), "{}", stderr(&o));
    assert_eq!(
        read(&dir.path().join("t.csv")),
        tickets,
        "the ticket file changed"
    );
}

#[test]
fn trace_and_generate_cannot_overwrite_the_scenario_or_a_report() {
    let dir = tempdir();
    let s = tiny(dir.path());
    let text = read(&s);
    let sp = s.to_str().unwrap_or_default();
    for args in [
        vec!["run", sp, "--trace", sp, "--out", "r", "-q"],
        vec!["generate", sp, "--out", sp],
        vec!["generate", sp, "--out", "old/summary.json"],
        vec!["run", sp, "--trace", "old/summary.json", "--out", "r", "-q"],
    ] {
        std::fs::create_dir_all(dir.path().join("old")).unwrap_or_default();
        write(&dir.path().join("old"), "summary.json", "{\"kept\": true}");
        let o = escalsim(dir.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(read(&s), text, "{args:?} changed the scenario");
        assert_eq!(
            read(&dir.path().join("old/summary.json")),
            "{\"kept\": true}",
            "{args:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn planted_links_in_the_output_folder_are_never_followed() {
    let dir = tempdir();
    let s = tiny(dir.path());
    let sp = s.to_str().unwrap_or_default();
    let victim = write(dir.path(), "victim.txt", "keep");
    let out = dir.path().join("r");
    std::fs::create_dir_all(&out).unwrap_or_default();
    for name in ["summary.csv.partial", "summary.json.partial", "report.md"] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap_or_default();
    }
    let o = escalsim(
        dir.path(),
        &["run", sp, "--replications", "2", "--out", "r", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read(&victim), "keep", "a file was written through a link");
    assert!(read(&out.join("report.md")).contains("tiny"));
    // A charts/ link pointing outside the folder is refused, and nothing lands there.
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap_or_default();
    let out2 = dir.path().join("r2");
    std::fs::create_dir_all(&out2).unwrap_or_default();
    std::os::unix::fs::symlink(&outside, out2.join("charts")).unwrap_or_default();
    let o = escalsim(
        dir.path(),
        &["run", sp, "--replications", "2", "--out", "r2", "-q"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    let n = std::fs::read_dir(&outside).map(|d| d.count()).unwrap_or(99);
    assert_eq!(n, 0, "charts were written outside the folder");
    assert!(!out2.join("summary.json").exists());
}

#[test]
fn a_rerun_with_fewer_formats_leaves_nothing_of_the_old_report() {
    let dir = tempdir();
    let s = tiny(dir.path());
    let sp = s.to_str().unwrap_or_default();
    let o = escalsim(
        dir.path(),
        &["run", sp, "--replications", "2", "--out", "r", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("r/report.html").exists());
    let o = escalsim(
        dir.path(),
        &[
            "run",
            sp,
            "--replications",
            "2",
            "--seed",
            "5",
            "--out",
            "r",
            "--format",
            "json,csv",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("r"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(names, ["comparison.json", "summary.csv", "summary.json"]);
}

#[test]
fn a_markdown_rerun_removes_the_old_runs_files_and_nothing_else() {
    let dir = tempdir();
    let s = tiny(dir.path());
    let sp = s.to_str().unwrap_or_default();
    let o = escalsim(
        dir.path(),
        &["run", sp, "--replications", "2", "--out", "r", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = dir.path().join("r");
    for f in [
        "report.html",
        "summary.csv",
        "comparison.json",
        "charts/pareto.png",
    ] {
        assert!(r.join(f).exists(), "the first run wrote no {f}");
    }
    // The user's own files, also ones named like charts, are not escalsim's.
    for f in ["notes.txt", "charts/whiteboard.png", "charts/my.svg"] {
        std::fs::write(r.join(f), "mine").unwrap_or_else(|e| panic!("{e}"));
    }
    let o = escalsim(
        dir.path(),
        &[
            "run",
            sp,
            "--replications",
            "2",
            "--out",
            "r",
            "--format",
            "md",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let list = |d: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    assert_eq!(list(&r), ["charts", "notes.txt", "report.md"]);
    let charts = list(&r.join("charts"));
    assert!(
        charts.contains(&"whiteboard.png".to_string()) && charts.contains(&"my.svg".to_string())
    );
    assert!(charts.contains(&"pareto.svg".to_string()), "{charts:?}");
    // Every other chart file is one of the report's.
    for c in &charts {
        let stem = c.rsplit_once('.').map_or(c.as_str(), |(s, _)| s);
        assert!(
            ["whiteboard", "my"].contains(&stem) || escalsim::chart::REPORT_CHARTS.contains(&stem),
            "{c} is not a known chart"
        );
    }
}
