//! Faults in replayed ticket files: `--skip-bad-rows` keeps every kind of bad row, a
//! read failure fails the load (never "one bad row and the rest dropped"), and a record
//! without bounds is an error, not an allocation.

use std::io::Write;
use std::path::Path;

use crate::support::{escalsim, repo, stderr, tempdir, write};

/// Writes tiny.toml replaying `tickets`, and the generated ticket file `t.csv`;
/// returns the replay scenario's path and the ticket text.
fn setup(dir: &Path, tickets: &str) -> (std::path::PathBuf, String) {
    let text =
        std::fs::read_to_string(repo().join("tests/snapshots/tiny.toml")).unwrap_or_default();
    let s = write(dir, "tiny.toml", &text);
    let o = escalsim(
        dir,
        &["generate", s.to_str().unwrap_or_default(), "--out", "t.csv"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.join("t.csv")).unwrap_or_default();
    let replay = write(
        dir,
        "replay.toml",
        &format!("{text}\n[replay]\ntickets = \"{tickets}\"\n"),
    );
    (replay, csv)
}

fn run(dir: &Path, scenario: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        scenario.to_str().unwrap_or_default(),
        "--replications",
        "1",
        "--out",
        "r",
        "--format",
        "json",
        "-q",
    ];
    args.extend_from_slice(extra);
    escalsim(dir, &args)
}

#[test]
fn skip_bad_rows_keeps_duplicate_ragged_and_unquoted_rows() {
    let dir = tempdir();
    let (scenario, csv) = setup(dir.path(), "bad.csv");
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    assert!(lines.len() > 20, "too few tickets");
    let dup = lines[3].clone();
    lines.insert(5, dup); // a duplicate integer id
    lines[8].push_str(",extra"); // a ragged row
    lines[10] = lines[10].replacen(',', ",\"", 1); // an unbalanced quote
    write(dir.path(), "bad.csv", &(lines.join("\n") + "\n"));
    let o = run(dir.path(), &scenario, &["--skip-bad-rows", "rejects.csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rejects = std::fs::read_to_string(dir.path().join("rejects.csv")).unwrap_or_default();
    assert!(rejects.contains("duplicate id"), "{rejects}");
    assert!(rejects.contains("fields, but the header has"), "{rejects}");
    assert!(rejects.lines().count() >= 3, "{rejects}");
}

#[test]
fn a_decompression_error_fails_the_read_even_when_skipping_bad_rows() {
    let dir = tempdir();
    let (scenario, csv) = setup(dir.path(), "t.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(csv.as_bytes()).unwrap_or_default();
    let bytes = gz.finish().unwrap_or_default();
    let cut = &bytes[..bytes.len() * 6 / 10];
    std::fs::write(dir.path().join("t.csv.gz"), cut).unwrap_or_default();
    let o = run(dir.path(), &scenario, &["--skip-bad-rows", "rejects.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("cannot read") && e.contains("t.csv.gz"), "{e}");
    assert!(!e.contains("rejects.csv"), "{e}");
    assert!(!dir.path().join("rejects.csv").exists());
    assert!(!dir.path().join("r/summary.json").exists());
}

#[test]
fn a_file_without_line_breaks_or_with_a_huge_header_is_a_short_error() {
    let dir = tempdir();
    let (scenario, csv) = setup(dir.path(), "flat.csv");
    // Every row on one line: 3 MiB and no line break after the header.
    let header = csv.lines().next().unwrap_or_default().to_string();
    let row = csv.lines().nth(1).unwrap_or_default().to_string();
    let mut flat = format!("{header}\n");
    while flat.len() < 3 << 20 {
        flat.push_str(&row);
        flat.push(',');
    }
    write(dir.path(), "flat.csv", &flat);
    let o = run(dir.path(), &scenario, &["--skip-bad-rows", "rejects.csv"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("line 2 is longer than 1048576 bytes"), "{e}");
    assert!(
        e.len() < 2000,
        "the error quotes too much: {} bytes",
        e.len()
    );
    // A 2 MiB header line.
    let huge = format!("{}\n{row}\n", "x,".repeat(1 << 20));
    write(dir.path(), "flat.csv", &huge);
    let o = run(dir.path(), &scenario, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("line 1 is longer than"),
        "{}",
        &e[..e.len().min(500)]
    );
    assert!(
        e.len() < 2000,
        "the error quotes too much: {} bytes",
        e.len()
    );
    // A header that is long but within bounds: the error quotes a prefix only.
    let wide = format!("{}\n{row}\n", "column,".repeat(20_000));
    write(dir.path(), "flat.csv", &wide);
    let o = run(dir.path(), &scenario, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("missing column"), "{}", &e[..e.len().min(500)]);
    assert!(
        e.len() < 2000,
        "the error quotes too much: {} bytes",
        e.len()
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_without_waiting() {
    let dir = tempdir();
    let (scenario, _) = setup(dir.path(), "pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.csv"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let o = run(dir.path(), &scenario, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a regular file"),
        "{}",
        stderr(&o)
    );
}
