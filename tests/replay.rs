//! Historical replay: the native ticket CSV and mapped exports, event-log diffing, bad
//! input reported with its exact line, the generate → replay round trip, the decision
//! trace of replayed tickets, and calibration on the shipped UCI log.

use std::io::Write;
use std::path::Path;

use escalsim::experiment::{self, Options};
use escalsim::model::Scenario;
use escalsim::tickets::replay::{self, LoadOptions, Replay, ReplayError};
use escalsim::tickets::{Ticket, synthetic};

use crate::support::{escalsim, repo, shipped, stderr, stdout, tempdir, write};

const BASE: &str = r#"
name = "replay-test"
[run]
start = "2026-01-05T00:00:00"
horizon_days = 2
warmup_days = 0
replications = 1
seed = 1
[tiers.T1]
role = "frontline"
owner = "lead"
agents = 1
handle_minutes = { dist = "constant", value = 10 }
cost_per_agent_hour = 1
[tiers.T2]
role = "senior"
owner = "manager"
agents = 1
handle_minutes = { dist = "constant", value = 30 }
cost_per_agent_hour = 1
[escalation]
path = ["T1", "T2"]
[segments.std]
share = 1
account_value = { dist = "constant", value = 1 }
[categories.general]
share = 0.5
needs = { T1 = 1 }
[categories."a,b"]
share = 0.5
needs = { T2 = 1 }
[severity]
medium = 1
[sla.critical]
first_response_hours = 1
resolution_hours = 4
[sla.high]
first_response_hours = 1
resolution_hours = 4
[sla.medium]
first_response_hours = 1
resolution_hours = 4
[sla.low]
first_response_hours = 1
resolution_hours = 4
[arrivals]
per_hour = 1
"#;

/// Writes the scenario (with a [replay] table for `tickets` and optional `mapping`
/// text) and the files into `dir`, and loads the replay.
fn load(
    dir: &Path,
    tickets: &[u8],
    mapping: Option<&str>,
    skip: Option<&Path>,
) -> (Scenario, Result<Replay, ReplayError>) {
    load_with(dir, tickets, mapping, skip, |_| {})
}

/// [`load`], with `edit` applied to the scenario before the replay is loaded.
fn load_with(
    dir: &Path,
    tickets: &[u8],
    mapping: Option<&str>,
    skip: Option<&Path>,
    edit: impl FnOnce(&mut Scenario),
) -> (Scenario, Result<Replay, ReplayError>) {
    let name = if tickets.starts_with(&[0x1f, 0x8b]) {
        "t.csv.gz"
    } else {
        "t.csv"
    };
    std::fs::write(dir.join(name), tickets).unwrap_or_default();
    let mut text = format!("{BASE}\n[replay]\ntickets = \"{name}\"\n");
    if let Some(m) = mapping {
        write(dir, "mapping.toml", m);
        text.push_str("mapping = \"mapping.toml\"\n");
    }
    let path = write(dir, "s.toml", &text);
    let mut s = escalsim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    edit(&mut s);
    let src = s.replay.clone().unwrap_or_else(|| panic!("no [replay]"));
    let opts = LoadOptions {
        skip_bad_rows: skip.map(Path::to_path_buf),
    };
    let r = replay::load(&s, &src, &opts);
    (s, r)
}

fn err(dir: &Path, tickets: &str) -> String {
    match load(dir, tickets.as_bytes(), None, None).1 {
        Ok(_) => panic!("expected an error for:\n{tickets}"),
        Err(e) => e.to_string(),
    }
}

fn tickets(s: &Scenario, r: &Replay) -> Vec<Ticket> {
    r.tickets(s, 0).collect()
}

const HEADER: &str =
    "id,arrival,severity,segment,category,handle_minutes.T1,triage_minutes.T1,handoff_minutes.T1\n";

#[test]
fn native_rows_become_tickets_with_bom_crlf_and_quoted_commas() {
    let d = tempdir();
    let text = format!(
        "\u{feff}{}\r\n0,2026-01-05T00:01:00.000,medium,std,\"a,b\",1.5,2,0\r\n1,2026-01-05T00:02:00,medium,std,general,3,3,0\r\n",
        HEADER.trim_end()
    );
    let (s, r) = load(d.path(), text.as_bytes(), None, None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert!(r.summary.streamed);
    let t = tickets(&s, &r);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].arrival, 60_000);
    assert_eq!(s.categories[t[0].category.index()].name, "a,b");
    assert_eq!(t[0].work.handle_ms[0], 90_000);
    // T2's work is not in the file: drawn from the scenario (constant 30 min).
    assert_eq!(t[1].work.handle_ms[1], 1_800_000);
}

#[test]
fn bad_rows_are_reported_with_their_exact_lines() {
    let d = tempdir();
    let e = err(d.path(), "id,severity\n1,medium\n");
    assert!(e.contains("t.csv:1: missing column `arrival`"), "{e}");
    let e = err(
        d.path(),
        &format!(
            "{HEADER}1,2026-01-05T00:00:00,urgent,std,general,1,1,0\n2,05/01/2026,medium,std,general,1,1,0\n"
        ),
    );
    assert!(e.contains("2 bad row(s)"), "{e}");
    assert!(
        e.contains("line 2: severity: unknown value `urgent`"),
        "{e}"
    );
    assert!(
        e.contains("line 3: arrival: cannot read timestamp `05/01/2026`"),
        "{e}"
    );
    let e = err(
        d.path(),
        &format!(
            "{HEADER}1,2026-01-05T00:00:00,medium,std,general,1,1,0\n2,2026-01-05T00:00:00,medium,std,general,1,1,0\n1,2026-01-05T00:01:00,medium,std,general,1,1,0\n"
        ),
    );
    assert!(
        e.contains("line 4: id: duplicate id `1` (first used at line 2)"),
        "{e}"
    );
    let e = err(
        d.path(),
        &format!("{HEADER}1,2026-01-05T00:00:00,medium,std,a,b,1,1,0\n"),
    );
    assert!(
        e.contains("line 2: has 9 fields, but the header has 8"),
        "{e}"
    );
    let e = err(d.path(), "");
    assert!(e.contains("the file is empty"), "{e}");
    let e = err(d.path(), HEADER);
    assert!(e.contains("the file is empty"), "{e}");
}

/// #14 item 5: lines are exact in CRLF files too (the CSV reader alone counts each
/// record one line too low there), also after a quoted field spanning lines.
#[test]
fn crlf_files_report_exact_lines() {
    let d = tempdir();
    let rows = format!(
        "{}1,2026-01-05T00:00:00,medium,std,general,1,1,0\n2,nope,medium,std,general,1,1,0\n3,2026-01-05T00:00:00,medium,std,\"a,\nb\",1,1,0\n4,bad,medium,std,general,1,1,0\n",
        HEADER
    );
    for eol in ["\n", "\r\n"] {
        let e = err(d.path(), &rows.replace('\n', eol));
        assert!(e.contains("3 bad row(s)"), "{eol:?}: {e}");
        assert!(
            e.contains("line 3: arrival: cannot read timestamp `nope`"),
            "{eol:?}: {e}"
        );
        // Line 4 starts the quoted two-line category; line 6 is the next row.
        assert!(
            e.contains("line 4: category: unknown value"),
            "{eol:?}: {e}"
        );
        assert!(
            e.contains("line 6: arrival: cannot read timestamp `bad`"),
            "{eol:?}: {e}"
        );
    }
}

/// #14 item 5: a header naming a used column twice is an error naming both columns;
/// an unused name may repeat.
#[test]
fn duplicate_header_names_in_use_are_errors() {
    let d = tempdir();
    let e = err(
        d.path(),
        "id,arrival,severity,segment,category,severity\n1,2026-01-05T00:00:00,medium,std,general,high\n",
    );
    assert!(
        e.contains("t.csv:1: columns 3 and 6 are both named `severity` (severity): rename one of them in the export"),
        "{e}"
    );
    let mapping = "[columns]\nid = \"key\"\narrival = \"created\"\n[defaults]\nseverity = \"medium\"\ncategory = \"general\"\n";
    let (_, r) = load(
        d.path(),
        b"key,created,note,note\n1,2026-01-05T00:00:00,a,b\n",
        Some(mapping),
        None,
    );
    assert_eq!(r.map(|r| r.summary.tickets).ok(), Some(1));
    let (_, r) = load(
        d.path(),
        b"key,created,key\n1,2026-01-05T00:00:00,2\n",
        Some(mapping),
        None,
    );
    let e = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.contains("columns 1 and 3 are both named `key` (id)"),
        "{e}"
    );
}

#[test]
fn skip_bad_rows_writes_them_out_and_counts_them() {
    let d = tempdir();
    let rejects = d.path().join("rejected.csv");
    let text = format!(
        "{HEADER}1,2026-01-05T00:00:00,medium,std,general,1,1,0\n2,nope,medium,std,general,1,1,0\n"
    );
    let (s, r) = load(d.path(), text.as_bytes(), None, Some(&rejects));
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (r.summary.rows, r.summary.rejected, r.summary.tickets),
        (2, 1, 1)
    );
    assert_eq!(tickets(&s, &r).len(), 1);
    let out = std::fs::read_to_string(&rejects).unwrap_or_default();
    assert!(out.starts_with("line,reason,id,arrival"), "{out}");
    assert!(
        out.contains("3,arrival: cannot read timestamp `nope`"),
        "{out}"
    );
}

#[test]
fn unsorted_arrivals_are_sorted_and_said_so_and_gzip_is_read() {
    let d = tempdir();
    let text = format!(
        "{HEADER}5,2026-01-05T02:00:00,medium,std,general,1,1,0\n6,2026-01-05T01:00:00,medium,std,general,1,1,0\n7,2025-12-31T00:00:00,medium,std,general,1,1,0\n"
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap_or_default();
    let bytes = gz.finish().unwrap_or_default();
    let (s, r) = load(d.path(), &bytes, None, None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert!(r.summary.sorted_in_memory && !r.summary.streamed);
    assert_eq!(r.summary.before_start, 1);
    assert!(r.summary.describe().contains("sorted in memory"));
    let ids: Vec<u64> = tickets(&s, &r).iter().map(|t| t.id).collect();
    assert_eq!(ids, [6, 5]);
}

const EVENT_MAPPING: &str = r#"
format = "event-log"
missing = ["?"]
[columns]
id = "number"
arrival = "opened"
event_time = "updated"
severity = "priority"
group = "group"
resolved = "resolved"
sla_met = "made_sla"
[timestamps]
format = "%d/%m/%Y %H:%M"
[values.severity]
"1 - Critical" = "medium"
"3 - Moderate" = "medium"
[defaults]
segment = "std"
category = "general"
[groups]
"Desk" = "T1"
"Net" = "T2"
"(unassigned)" = "T1"
"#;

#[test]
fn event_logs_are_diffed_into_group_paths() {
    let d = tempdir();
    let log = "number,opened,updated,priority,group,resolved,made_sla
INC1,5/1/2026 00:00,5/1/2026 00:05,3 - Moderate,?,?,true
INC1,5/1/2026 00:00,5/1/2026 00:10,3 - Moderate,Desk,?,true
INC1,5/1/2026 00:00,5/1/2026 01:00,3 - Moderate,Net,?,true
INC1,5/1/2026 00:00,5/1/2026 02:00,1 - Critical,Desk,5/1/2026 03:00,false
INC2,5/1/2026 00:30,5/1/2026 00:40,3 - Moderate,?,5/1/2026 00:50,true
";
    let (s, r) = load(d.path(), log.as_bytes(), Some(EVENT_MAPPING), None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    assert_eq!(t.len(), 2);
    let rec = t[0].recorded.clone().unwrap_or_default();
    let path: Vec<(u16, i64)> = rec
        .steps
        .iter()
        .map(|s| (s.tier.0, s.ms / 60_000))
        .collect();
    // Desk from opening (00:00) to 01:00, Net to 02:00, Desk again until resolved 03:00.
    assert_eq!(path, [(0, 60), (1, 60), (0, 60)]);
    assert_eq!(rec.resolution_ms, Some(3 * 3_600_000));
    assert_eq!(rec.sla_met, Some(false));
    assert_eq!(t[0].needed_tier.0, 0);
    assert_eq!(t[0].work_ms(0, true), 120 * 60_000);
    let rec2 = t[1].recorded.clone().unwrap_or_default();
    assert_eq!(rec2.steps.len(), 1); // never assigned: the (unassigned) pseudo-group
    assert_eq!(rec2.steps[0].ms, 20 * 60_000);

    // A ticket whose rows are split, and an unmapped value.
    let bad = format!(
        "{}INC1,5/1/2026 00:00,5/1/2026 04:00,2 - High,Desk,?,true\n",
        log
    );
    let e = match load(d.path(), bad.as_bytes(), Some(EVENT_MAPPING), None).1 {
        Ok(_) => panic!("expected errors"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains(
            "line 7: severity: value `2 - High` is not in the mapping's [values.severity] table"
        ),
        "{e}"
    );
}

/// An update written before an earlier one counts at the earlier one's time: the stay
/// it starts has length 0 rather than a negative (or, in 32 bits, a 49.7-day) length.
#[test]
fn updates_out_of_time_order_never_give_negative_stays() {
    let d = tempdir();
    let log = "number,opened,updated,priority,group,resolved,made_sla
INC1,5/1/2026 00:00,5/1/2026 01:00,3 - Moderate,Desk,?,true
INC1,5/1/2026 00:00,5/1/2026 01:00,3 - Moderate,Net,?,true
INC1,5/1/2026 00:00,5/1/2026 00:30,3 - Moderate,Desk,?,true
INC1,5/1/2026 00:00,5/1/2026 02:00,3 - Moderate,Desk,5/1/2026 02:00,true
";
    let (s, r) = load(d.path(), log.as_bytes(), Some(EVENT_MAPPING), None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    let rec = t[0].recorded.clone().unwrap_or_default();
    let got: Vec<(u16, i64)> = rec.steps.iter().map(|x| (x.tier.0, x.ms)).collect();
    // Desk 00:00–01:00, Net from 01:00 to the out-of-order 00:30 (counted at 01:00), Desk
    // again until resolved at 02:00.
    assert_eq!(got, [(0, 3_600_000), (1, 0), (0, 3_600_000)]);
}

/// A 200-day variant of [`BASE`] replaying `tickets` (written to `t.csv`) through
/// `mapping`, loaded.
fn long_replay(dir: &Path, tickets: &str, mapping: Option<&str>) -> (Scenario, Replay) {
    let base = BASE.replace("horizon_days = 2", "horizon_days = 200");
    replay_with(dir, &base, tickets, mapping).unwrap_or_else(|e| panic!("{e}"))
}

/// Scenario `base` replaying `tickets` (written to `t.csv`) through `mapping`, loaded.
fn replay_with(
    dir: &Path,
    base: &str,
    tickets: &str,
    mapping: Option<&str>,
) -> Result<(Scenario, Replay), ReplayError> {
    write(dir, "t.csv", tickets);
    let mut text = format!("{base}\n[replay]\ntickets = \"t.csv\"\n");
    if let Some(m) = mapping {
        write(dir, "mapping.toml", m);
        text.push_str("mapping = \"mapping.toml\"\n");
    }
    let path = write(dir, "long.toml", &text);
    let s = escalsim::scenario::load(&path)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    let src = s.replay.clone().unwrap_or_else(|| panic!("no [replay]"));
    let r = replay::load(&s, &src, &LoadOptions::default())?;
    Ok((s, r))
}

/// #14 item 5: with `decimal = ","` numbers are read with a decimal comma; a point is
/// then refused (not guessed as a thousands separator), and without it `12,5` is no
/// number.
#[test]
fn decimal_commas_are_read_when_the_mapping_says_so() {
    let d = tempdir();
    let mapping = |decimal: &str| {
        format!(
            "delimiter = \";\"\n{decimal}\n[columns]\nid = \"key\"\narrival = \"created\"\norder_value = \"amount\"\nsentiment = \"mood\"\npath = \"route\"\n[defaults]\nseverity = \"medium\"\nsegment = \"std\"\ncategory = \"general\"\n"
        )
    };
    let good = "key;created;amount;mood;route\n1;2026-01-05T00:00:00;12,5;-0,25;T1:1,5\n";
    let (s, r) = replay_with(d.path(), BASE, good, Some(&mapping("decimal = \",\"")))
        .unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    assert_eq!((t[0].order_value, t[0].sentiment), (12.5, -0.25));
    let rec = t[0].recorded.clone().unwrap_or_default();
    assert_eq!(rec.steps[0].ms, 90_000);
    let bad = format!("{good}2;2026-01-05T00:00:00;1.5;0;T1:1\n");
    let e = match replay_with(d.path(), BASE, &bad, Some(&mapping("decimal = \",\""))) {
        Ok(_) => panic!("expected a bad row"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("line 3: order_value: expected a number with a decimal comma (the mapping's decimal = \",\"), e.g. 12,5, got `1.5`"),
        "{e}"
    );
    let e = match replay_with(d.path(), BASE, good, Some(&mapping(""))) {
        Ok(_) => panic!("expected a bad row"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("line 2: order_value: expected a number, got `12,5`"),
        "{e}"
    );
    let e = match replay_with(d.path(), BASE, good, Some(&mapping("decimal = \"'\""))) {
        Ok(_) => panic!("expected a mapping error"),
        Err(e) => e.to_string(),
    };
    assert!(e.contains("decimal: unknown decimal mark \"'\""), "{e}");
}

/// #14 item 5: a timestamp's own UTC offset (`Z`, `±HH:MM`, `±HHMM`) is kept: the same
/// instant written with different offsets is the same time on the scenario's clock.
#[test]
fn timestamps_with_offsets_are_the_instants_they_name() {
    let d = tempdir();
    let file = "id,arrival,severity,segment,category
0,2026-01-05T10:00:00Z,medium,std,general
1,2026-01-05T11:00:00+01:00,medium,std,general
2,2026-01-05T05:00:00.000-0500,medium,std,general
3,2026-01-05T10:00:00.500+00:00,medium,std,general
4,2026-01-05T10:00:00,medium,std,general
";
    let arrivals = |mapping: Option<&str>| {
        let (s, r) = replay_with(d.path(), BASE, file, mapping).unwrap_or_else(|e| panic!("{e}"));
        tickets(&s, &r)
            .iter()
            .map(|t| t.arrival)
            .collect::<Vec<i64>>()
    };
    const H10: i64 = 10 * 3_600_000;
    // Native schema: no offset means the scenario's clock (UTC +00:00 here).
    assert_eq!(arrivals(None), [H10, H10, H10, H10, H10 + 500]);
    // The scenario's clock at +01:00 shows each instant an hour later; naive times are
    // read at utc_offset -02:00.
    let m = "[columns]\nid = \"id\"\narrival = \"arrival\"\n[defaults]\nseverity = \"medium\"\nsegment = \"std\"\ncategory = \"general\"\n[timestamps]\nutc_offset = \"-02:00\"\nlocal_utc_offset = \"+01:00\"\n";
    let h11 = H10 + 3_600_000;
    assert_eq!(
        arrivals(Some(m)),
        [h11, h11, h11, h11 + 500, H10 + 3 * 3_600_000]
    );
    // A format that reads the offset itself (`%z`) keeps it too (chrono's naive
    // parser would accept and drop it).
    let zoned = "id,arrival,severity,segment,category
0,2026-01-05T12:00:00+0200,medium,std,general
1,2026-01-05T10:00:00+0000,medium,std,general
";
    let m = "[columns]\nid = \"id\"\narrival = \"arrival\"\n[defaults]\nseverity = \"medium\"\nsegment = \"std\"\ncategory = \"general\"\n[timestamps]\nformat = \"%Y-%m-%dT%H:%M:%S%z\"\n";
    let (s, r) = replay_with(d.path(), BASE, zoned, Some(m)).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<i64> = tickets(&s, &r).iter().map(|t| t.arrival).collect();
    assert_eq!(got, [H10, H10]);
}

/// #14 item 5: `timezone` reads naive timestamps in a zone with daylight saving: across
/// the spring change two wall-clock hours apart are one hour apart; the repeated
/// autumn hour is its first occurrence; a time the clocks skip is a bad row.
#[test]
fn a_time_zone_reads_naive_times_across_daylight_saving_changes() {
    let d = tempdir();
    // Berlin: 29 March 2026 02:00 CET → 03:00 CEST; 25 October 03:00 CEST → 02:00 CET.
    let base = BASE
        .replace(
            "start = \"2026-01-05T00:00:00\"",
            "start = \"2026-03-28T00:00:00\"",
        )
        .replace("horizon_days = 2", "horizon_days = 220");
    let m = "[columns]\nid = \"id\"\narrival = \"opened\"\n[defaults]\nseverity = \"medium\"\nsegment = \"std\"\ncategory = \"general\"\n[timestamps]\nformat = \"%Y-%m-%d %H:%M\"\ntimezone = \"Europe/Berlin\"\n";
    let file = "id,opened
0,2026-03-29 01:30
1,2026-03-29 03:30
2,2026-10-25 02:30
3,2026-10-25 03:30
4,2026-10-25 01:30 +02:00
";
    let (s, r) = replay_with(d.path(), &base, file, Some(m)).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<i64> = tickets(&s, &r).iter().map(|t| t.arrival).collect();
    let utc = |y: i32, mo: u32, day: u32, h: u32, mi: u32| {
        let at = chrono::NaiveDate::from_ymd_opt(y, mo, day)
            .and_then(|x| x.and_hms_opt(h, mi, 0))
            .unwrap_or_default();
        (at - s.clock.start).num_milliseconds()
    };
    assert_eq!(
        got,
        [
            utc(2026, 3, 29, 0, 30),   // 01:30 CET
            utc(2026, 3, 29, 1, 30),   // 03:30 CEST: one hour later, not two
            utc(2026, 10, 24, 23, 30), // 01:30 +02:00, given
            utc(2026, 10, 25, 0, 30),  // 02:30 happens twice: the first, CEST
            utc(2026, 10, 25, 2, 30),  // 03:30 CET
        ]
    );
    let skipped = "id,opened\n0,2026-03-29 02:30\n";
    let e = match replay_with(d.path(), &base, skipped, Some(m)) {
        Ok(_) => panic!("expected a bad row"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("line 2: arrival: timestamp `2026-03-29 02:30` does not exist in Europe/Berlin"),
        "{e}"
    );
    let e = match replay_with(
        d.path(),
        &base,
        file,
        Some(&m.replace("Europe/Berlin", "Mars/Olympus")),
    ) {
        Ok(_) => panic!("expected a mapping error"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("timestamps.timezone: unknown time zone \"Mars/Olympus\""),
        "{e}"
    );
}

/// #14 item 1: a recorded stay longer than 49.7 days (the range of 32-bit ms) is kept
/// whole, in an event log and in the native `path` column, and replays to exactly its
/// length: along its recorded path (`calibrate`) and under `tiered`, which works the
/// recorded sojourn of each visited tier.
#[test]
fn stays_longer_than_49_7_days_are_kept_whole() {
    const DAYS_120_MS: i64 = 120 * 86_400_000;
    let d = tempdir();
    // One 120-day stay at Desk: opened 5 January, resolved 5 May 2026.
    let log = "number,opened,updated,priority,group,resolved,made_sla
INC1,5/1/2026 00:00,5/1/2026 00:05,3 - Moderate,Desk,?,true
INC1,5/1/2026 00:00,5/5/2026 00:00,3 - Moderate,Desk,5/5/2026 00:00,true
";
    // One hour at T1, then 172,740 minutes at T2: 120 days in all.
    let path = "id,arrival,severity,segment,category,path
0,2026-01-05T00:00:00,medium,std,general,T1:60;T2:172740
";
    for (what, file, mapping, steps) in [
        (
            "event log",
            log,
            Some(EVENT_MAPPING),
            vec![(0, DAYS_120_MS)],
        ),
        (
            "path",
            path,
            None,
            vec![(0, 3_600_000), (1, DAYS_120_MS - 3_600_000)],
        ),
    ] {
        let (s, r) = long_replay(d.path(), file, mapping);
        let t = tickets(&s, &r);
        assert_eq!(t.len(), 1, "{what}");
        let rec = t[0].recorded.clone().unwrap_or_default();
        let got: Vec<(u16, i64)> = rec.steps.iter().map(|x| (x.tier.0, x.ms)).collect();
        assert_eq!(got, steps, "{what}");
        assert_eq!(rec.resolution_ms, Some(DAYS_120_MS), "{what}");
        let last = steps[steps.len() - 1];
        assert_eq!(t[0].work_ms(usize::from(last.0), true), last.1, "{what}");

        let cal = escalsim::calibrate::calibrate(&s, &t, 0.0).unwrap_or_else(|e| panic!("{e}"));
        for name in ["TTR mean h", "TTR p50 h", "TTR p99 h"] {
            let row = cal
                .rows
                .iter()
                .find(|x| x.name == name)
                .unwrap_or_else(|| panic!("{what}: no {name} row"));
            assert_eq!(
                (row.simulated, row.recorded),
                (2880.0, 2880.0),
                "{what}: {name}"
            );
        }
        let runs = experiment::run_all(
            &s,
            &Options { threads: 1 },
            |rep| r.tickets(&s, rep),
            &|| {},
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let m = &runs[0].runs[0];
        assert_eq!((runs[0].name.as_str(), m.resolved), ("tiered", 1), "{what}");
        assert_eq!(m.ttr.mean_ms, DAYS_120_MS as f64, "{what}");
        assert_eq!(m.ttr.p99_ms, DAYS_120_MS as f64, "{what}");
    }
}

/// #14 item 6: `calibrate` counts as resolved only tickets whose resolution the log
/// records, and takes TTR over those; a ticket the log leaves open is counted apart.
#[test]
fn calibration_counts_only_recorded_resolutions() {
    let d = tempdir();
    // INC1 is resolved after 2 h; INC2's log ends at its last update (4 h), unresolved.
    let log = "number,opened,updated,priority,group,resolved,made_sla
INC1,5/1/2026 00:00,5/1/2026 00:05,3 - Moderate,Desk,?,true
INC1,5/1/2026 00:00,5/1/2026 02:00,3 - Moderate,Desk,5/1/2026 02:00,true
INC2,5/1/2026 01:00,5/1/2026 01:30,3 - Moderate,Net,?,true
INC2,5/1/2026 01:00,5/1/2026 05:00,3 - Moderate,Net,?,true
";
    let (s, r) = load(d.path(), log.as_bytes(), Some(EVENT_MAPPING), None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    let cal = escalsim::calibrate::calibrate(&s, &t, 0.0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((cal.tickets, cal.unresolved), (2, 1));
    let row = |name: &str| {
        cal.rows
            .iter()
            .find(|x| x.name == name)
            .map(|x| (x.simulated, x.recorded))
            .unwrap_or_else(|| panic!("no {name} row"))
    };
    assert_eq!(row("resolved tickets"), (1.0, 1.0));
    assert_eq!(row("TTR mean h"), (2.0, 2.0));
    assert_eq!(row("TTR p99 h"), (2.0, 2.0));
    assert_eq!(row("visits T2"), (1.0, 1.0));
}

/// #14 item 6: tier inference reports its agreement with the support lines the log
/// labels its groups with (`tier_label`) and with the mapping's `[groups]` entries.
#[test]
fn tier_inference_reports_its_agreement_with_labels() {
    let d = tempdir();
    // Opening shares: A opens both its tickets (1.0: T1), B none (0: T2), C one of two
    // (0.5: T1). The log labels A with the 1st line, B and C with the 2nd.
    let log = "number,opened,updated,group,line,resolved
INC1,5/1/2026 00:00,5/1/2026 00:05,A,1st,?
INC1,5/1/2026 00:00,5/1/2026 00:10,B,2nd,5/1/2026 01:00
INC2,5/1/2026 00:20,5/1/2026 00:25,A,1st,?
INC2,5/1/2026 00:20,5/1/2026 00:30,C,2nd,5/1/2026 01:00
INC3,5/1/2026 00:40,5/1/2026 00:45,C,2nd,?
INC3,5/1/2026 00:40,5/1/2026 00:50,B,2nd,5/1/2026 01:00
";
    let mapping = |groups: &str| {
        format!(
            r#"
format = "event-log"
missing = ["?"]
[columns]
id = "number"
arrival = "opened"
event_time = "updated"
group = "group"
tier_label = "line"
resolved = "resolved"
[timestamps]
format = "%d/%m/%Y %H:%M"
[values.tier_label]
"1st" = "T1"
"2nd" = "T2"
[defaults]
severity = "medium"
segment = "std"
category = "general"
[tiers]
infer = "opening-share"
levels = {{ T1 = 0.5, T2 = 0.0 }}
{groups}
"#
        )
    };
    let (_, r) = load(d.path(), log.as_bytes(), Some(&mapping("")), None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.summary.notes(),
        [
            "inferred tier agrees with the labelled support line for 67 % of groups (2 of 3) and 67 % of their visits; disagreeing groups with the most visits: `C` (labelled T2, inferred T1)"
        ]
    );
    // `validate` prints it; so does every command that replays (on stderr).
    let o = escalsim(d.path(), &["validate", "s.toml"]);
    assert!(
        stdout(&o).contains("replay t.csv: inferred tier agrees with the labelled support line for 67 % of groups (2 of 3)"),
        "{}",
        stdout(&o)
    );
    // [groups] names C's tier: inference is also checked against it.
    let (_, r) = load(
        d.path(),
        log.as_bytes(),
        Some(&mapping("[groups]\n\"C\" = \"T2\"\n")),
        None,
    );
    let notes = r.unwrap_or_else(|e| panic!("{e}")).summary.notes();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(
        notes[1],
        "inferred tier agrees with the mapping's [groups] table for 0 % of groups (0 of 1) and 0 % of their visits; disagreeing groups with the most visits: `C` (labelled T2, inferred T1)"
    );
    // Without labels or [groups], nothing to compare.
    let plain = mapping("").replace("tier_label = \"line\"\n", "");
    let (_, r) = load(d.path(), log.as_bytes(), Some(&plain), None);
    assert!(
        r.unwrap_or_else(|e| panic!("{e}"))
            .summary
            .notes()
            .is_empty()
    );
    // A one-row-per-ticket file has no groups to label.
    let tickets_format = mapping("").replace("format = \"event-log\"", "");
    let e = match load(d.path(), log.as_bytes(), Some(&tickets_format), None).1 {
        Ok(_) => panic!("expected a mapping error"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("columns.tier_label: tier labels are compared per handling group"),
        "{e}"
    );
}

/// #14 item 5: in an activity log, `resolved_when` puts the resolution at the first
/// matching activity: TTR is the hand-computed 3 h to "Resolve ticket", not the 10 h to
/// closure the log would otherwise run to.
#[test]
fn resolved_when_resolves_at_the_first_matching_activity() {
    let d = tempdir();
    let log = "case,opened,time,activity,group
T-1,5/1/2026 00:00,5/1/2026 00:00,Open ticket,Desk
T-1,5/1/2026 00:00,5/1/2026 01:00,Escalate,Net
T-1,5/1/2026 00:00,5/1/2026 03:00,Resolve ticket,Net
T-1,5/1/2026 00:00,5/1/2026 05:00,Reopen,Desk
T-1,5/1/2026 00:00,5/1/2026 08:00,Resolve ticket,Desk
T-1,5/1/2026 00:00,5/1/2026 10:00,Closed,Desk
T-2,5/1/2026 00:30,5/1/2026 00:30,Open ticket,Desk
T-2,5/1/2026 00:30,5/1/2026 02:00,Closed,Desk
";
    let mapping = |rule: &str| {
        format!(
            r#"
format = "event-log"
{rule}
[columns]
id = "case"
arrival = "opened"
event_time = "time"
activity = "activity"
group = "group"
[timestamps]
format = "%d/%m/%Y %H:%M"
[defaults]
severity = "medium"
segment = "std"
category = "general"
[groups]
Desk = "T1"
Net = "T2"
"#
        )
    };
    let path = |t: &Ticket| {
        let rec = t.recorded.clone().unwrap_or_default();
        let steps: Vec<(u16, i64)> = rec
            .steps
            .iter()
            .map(|x| (x.tier.0, x.ms / 60_000))
            .collect();
        (rec.resolution_ms.map(|ms| ms / 60_000), steps)
    };
    for rule in [
        "resolved_when = \"Resolve*\"",
        "resolved_when = [\"Solved\", \"Resolve ticket\"]",
    ] {
        let (s, r) = replay_with(d.path(), BASE, log, Some(&mapping(rule)))
            .unwrap_or_else(|e| panic!("{e}"));
        let t = tickets(&s, &r);
        // Desk 00:00–01:00, Net 01:00–03:00: resolved at 03:00; the later rows are after it.
        assert_eq!(path(&t[0]), (Some(180), vec![(0, 60), (1, 120)]), "{rule}");
        // Never resolved: its log ends at closure, and it has no recorded resolution.
        assert_eq!(path(&t[1]), (None, vec![(0, 90)]), "{rule}");
        let cal = escalsim::calibrate::calibrate(&s, &t, 0.0).unwrap_or_else(|e| panic!("{e}"));
        let ttr = cal
            .rows
            .iter()
            .find(|x| x.name == "TTR mean h")
            .map(|x| (x.simulated, x.recorded));
        assert_eq!(ttr, Some((3.0, 3.0)), "{rule}");
    }
    // Without it the ticket runs to its last update (closure at 10:00), unresolved.
    let (s, r) =
        replay_with(d.path(), BASE, log, Some(&mapping(""))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(path(&tickets(&s, &r)[0]).0, None);
    // Problems: no activity column, and a resolved column beside it.
    let m = mapping("resolved_when = \"Resolve*\"")
        .replace("activity = \"activity\"", "resolved = \"time\"");
    let e = match replay_with(d.path(), BASE, log, Some(&m)) {
        Ok(_) => panic!("expected mapping errors"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("resolved_when: no activity column to match"),
        "{e}"
    );
    assert!(
        e.contains("resolved_when: the mapping also has a resolved column"),
        "{e}"
    );
}

/// Keywords `outage` (bit 0), `down` (bit 1) and `refund` (bit 2); category `a,b`
/// mentions `refund`.
fn with_keywords(s: &mut Scenario) {
    s.keywords = vec!["outage".into(), "down".into(), "refund".into()];
    s.categories[1].keyword_mask = 0b100;
}

#[test]
fn ticket_text_gives_mentions_sentiment_and_the_ais_reading() {
    let d = tempdir();
    let text = "id,arrival,severity,segment,category,sentiment,order_value,text
0,2026-01-05T00:01:00,medium,std,general,,120.5,\"The dashboard is down again, this outage is unacceptable!\"
1,2026-01-05T00:02:00,medium,std,general,-0.5,,\"Thanks, that worked great\"
2,2026-01-05T00:03:00,medium,std,\"a,b\",0.25,,
";
    for sorted in [true, false] {
        let text = if sorted {
            text.to_string()
        } else {
            // Unsorted: held in memory rather than streamed; same tickets.
            let mut lines: Vec<&str> = text.lines().collect();
            lines[1..].reverse();
            lines.join("\n") + "\n"
        };
        let (s, r) = load_with(d.path(), text.as_bytes(), None, None, with_keywords);
        let r = r.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.summary.streamed, sorted);
        let t = tickets(&s, &r);
        assert_eq!(t.len(), 3);
        // Text: the matcher's keywords (not the category's, which has none) and, without
        // a recorded sentiment, the lexicon's.
        let lexicon = |x: &str| {
            escalsim::ai::KeywordMatcher::new(&s.keywords)
                .features(x)
                .sentiment
        };
        assert_eq!(t[0].mentions, 0b011);
        assert_eq!(t[0].ai.keywords, 0b011);
        let angry = lexicon("The dashboard is down again, this outage is unacceptable!");
        assert!(angry < -0.8);
        assert_eq!((t[0].sentiment, t[0].ai.sentiment), (angry, angry));
        assert_eq!(t[0].order_value, 120.5);
        // A recorded sentiment is the truth; the AI still reads the text.
        assert_eq!(t[1].sentiment, -0.5);
        assert!(t[1].ai.sentiment > 0.5);
        assert_eq!((t[1].mentions, t[1].order_value), (0, 0.0));
        // No text: the category's keywords; the default AI is perfect.
        assert_eq!(t[2].mentions, 0b100);
        assert_eq!(
            t[2].ai,
            escalsim::tickets::AiEstimate::exact(t[2].needed_tier, 0.25, 0b100)
        );
        let keys: std::collections::BTreeSet<u64> = t.iter().map(|x| x.noise_key).collect();
        assert_eq!(keys.len(), 3);
    }
}

#[test]
fn mapped_text_columns_and_a_noisy_ai() {
    let d = tempdir();
    let mapping = r#"
[columns]
id = "key"
arrival = "created"
text = "description"
order_value = "amount"
[defaults]
severity = "medium"
category = "general"
"#;
    let mut text = String::from("key,created,description,amount\n");
    for i in 0..400 {
        let body = if i % 2 == 0 {
            "\"Site DOWN, need a refund\""
        } else {
            "download works fine"
        };
        text.push_str(&format!(
            "{i},2026-01-05T{:02}:{:02}:00,{body},{}\n",
            i / 60,
            i % 60,
            i
        ));
    }
    let noisy = |s: &mut Scenario| {
        with_keywords(s);
        s.ai.tier_accuracy = 0.5;
        s.ai.keyword_recall = 0.5;
        s.ai.keyword_precision = 0.5;
        s.ai.sentiment_noise_sd = 0.5;
    };
    let (s, r) = load_with(d.path(), text.as_bytes(), Some(mapping), None, noisy);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    assert_eq!(t.len(), 400);
    let mut right = 0;
    for (i, x) in t.iter().enumerate() {
        let expected = if i % 2 == 0 { 0b110 } else { 0 };
        // The matcher is the AI's detector: its keywords and sentiment are the text's,
        // whatever the recall, precision and noise.
        assert_eq!((x.mentions, x.ai.keywords), (expected, expected), "{i}");
        assert_eq!(x.ai.sentiment, x.sentiment, "{i}");
        assert_eq!(x.order_value, i as f64);
        right += usize::from(x.ai.predicted_tier == x.needed_tier);
    }
    assert!(t[0].sentiment < 0.0 && t[1].sentiment > 0.0);
    // The predicted tier still follows the accuracy model (a = 0.5).
    assert!((150..=250).contains(&right), "{right} of 400 right");
    // Another replication: same text features, other AI draws.
    let other: Vec<Ticket> = r.tickets(&s, 1).collect();
    assert!(other.iter().zip(&t).all(|(a, b)| a.mentions == b.mentions));
    assert!(other.iter().zip(&t).any(|(a, b)| a.ai != b.ai));
}

#[test]
fn event_logs_keep_the_last_text_given() {
    let d = tempdir();
    let mapping = format!("{EVENT_MAPPING}\n").replace(
        "sla_met = \"made_sla\"",
        "sla_met = \"made_sla\"\ntext = \"description\"",
    );
    let log = "number,opened,updated,priority,group,resolved,made_sla,description
INC1,5/1/2026 00:00,5/1/2026 00:05,3 - Moderate,Desk,?,true,total outage here
INC1,5/1/2026 00:00,5/1/2026 00:10,3 - Moderate,Desk,5/1/2026 01:00,true,?
";
    let (s, r) = load_with(
        d.path(),
        log.as_bytes(),
        Some(&mapping),
        None,
        with_keywords,
    );
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].mentions, 0b001);
    assert!(t[0].sentiment < 0.0);
}

#[test]
fn mapping_problems_are_listed_at_once() {
    let d = tempdir();
    let m = "format = \"rows\"\n[columns]\nidd = \"x\"\n[tiers]\ninfer = \"magic\"\n";
    let e = match load(d.path(), b"x\n1\n", Some(m), None).1 {
        Ok(_) => panic!("expected mapping errors"),
        Err(e) => e.to_string(),
    };
    for needle in [
        "unknown format \"rows\"",
        "columns.idd: unknown field",
        "columns.id: missing required column",
        "tiers.infer: unknown method",
    ] {
        assert!(e.contains(needle), "{needle}: {e}");
    }
}

#[test]
fn generate_then_replay_gives_the_synthetic_run() {
    let d = tempdir();
    let scenario = shipped("support-basic.toml");
    let csv = d.path().join("tickets.csv");
    let o = escalsim(
        d.path(),
        &[
            "generate",
            scenario.to_str().unwrap_or_default(),
            "--out",
            "tickets.csv",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut s = escalsim::scenario::load(&scenario)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    s.run.replications = 1;
    let synthetic = experiment::run_all(
        &s,
        &Options { threads: 2 },
        |rep| synthetic::synthetic(&s, rep),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let src = escalsim::model::ReplaySource {
        tickets: csv,
        mapping: None,
    };
    let r = replay::load(&s, &src, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.summary.streamed);
    let replayed = experiment::run_all(
        &s,
        &Options { threads: 2 },
        |rep| r.tickets(&s, rep),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.failed());
    for (a, b) in synthetic.iter().zip(&replayed) {
        // Debug formatting compares undefined (NaN) metrics as equal.
        assert_eq!(
            format!("{:?}", a.runs[0].scalars(&s)),
            format!("{:?}", b.runs[0].scalars(&s)),
            "{}",
            a.name
        );
    }
    let a: Vec<Ticket> = synthetic::synthetic(&s, 0).collect();
    let b: Vec<Ticket> = r.tickets(&s, 0).collect();
    assert_eq!(a.len(), b.len());
    let first_diff = a.iter().zip(&b).position(|(x, y)| x != y);
    assert!(first_diff.is_none(), "ticket {first_diff:?} differs");
}

#[test]
fn replayed_tickets_are_traced_step_by_step() {
    // One agent per tier. Ticket 1 (needs T1) is resolved at T1 after 10 min; ticket 2
    // (needs T2) waits for T1 until 00:10, is triaged for 4 min, escalated at 00:14,
    // handed off for 2 min and resolved by T2 after 30 min, at 00:46.
    let d = tempdir();
    write(
        d.path(),
        "t.csv",
        "id,arrival,severity,segment,category,needed_tier,handle_minutes.T1,triage_minutes.T1,handoff_minutes.T1,handle_minutes.T2\n\
         1,2026-01-05T00:00:00,medium,std,general,T1,10,4,2,30\n\
         2,2026-01-05T00:05:00,medium,std,general,T2,10,4,2,30\n",
    );
    write(
        d.path(),
        "s.toml",
        &format!("{BASE}\n[replay]\ntickets = \"t.csv\"\n"),
    );
    let o = escalsim(
        d.path(),
        &[
            "run",
            "s.toml",
            "--out",
            "r",
            "--format",
            "json",
            "--trace",
            "trace.csv",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let trace = std::fs::read_to_string(d.path().join("trace.csv")).unwrap_or_default();
    assert_eq!(
        trace,
        "candidate,replication,ticket,time_hours,time,event,tier,rule\n\
         tiered,0,1,0.000000,2026-01-05T00:00:00.000,arrive,T1,\n\
         tiered,0,2,0.083333,2026-01-05T00:05:00.000,arrive,T1,\n\
         tiered,0,1,0.166667,2026-01-05T00:10:00.000,resolve,T1,\n\
         tiered,0,2,0.233333,2026-01-05T00:14:00.000,escalate,T2,\n\
         tiered,0,2,0.766667,2026-01-05T00:46:00.000,resolve,T2,\n"
    );
}

/// The UCI log passes the reader self-check, which calls itself that and never claims
/// a calibration (#14 item 4).
#[test]
fn uci_log_passes_the_reader_self_check() {
    let o = escalsim(&repo(), &["calibrate", "scenarios/uci-servicenow.toml"]);
    let out = stdout(&o);
    // The calibration on people that follows fails on this log (exit 1; see
    // docs/replay.md): the self-check itself passes.
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", stderr(&o));
    assert!(
        out.contains(
            "reader self-check, not a calibration: 24918 tickets along their recorded paths"
        ),
        "{out}"
    );
    assert!(
        out.contains("reader self-check passed: every figure within ±1%"),
        "{out}"
    );
    assert!(!out.contains("calibration holds"), "{out}");
    assert!(out.contains("calibration on people"), "{out}");
    assert!(out.contains("calibration FAILED"), "{out}");
    // With no tolerance the SLA rate (0.02 points off: the log's flag is not purely a
    // resolution-time rule) fails it, and it says so in the same words.
    let o = escalsim(
        &repo(),
        &[
            "calibrate",
            "scenarios/uci-servicenow.toml",
            "--tolerance",
            "0",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("reader self-check FAILED"), "{out}");
    assert!(stderr(&o).contains("141712 rows, 24918 tickets replayed"));
}

/// Three replayed T1 tickets (Monday 09:00 and 10:00, Tuesday 11:00, 5 minutes each)
/// where the scenario's synthetic arrivals would bring about 48 tickets over two days,
/// half of them needing T2.
const THREE_TICKETS: &str =
    "id,arrival,severity,segment,category,handle_minutes.T1,triage_minutes.T1,handoff_minutes.T1
0,2026-01-05T09:00:00,medium,std,general,5,0,0
1,2026-01-05T10:00:00,medium,std,general,5,0,0
2,2026-01-06T11:00:00,medium,std,general,5,0,0
";

#[test]
fn check_and_plan_replay_the_scenarios_log() {
    let d = tempdir();
    write(d.path(), "t.csv", THREE_TICKETS);
    write(
        d.path(),
        "s.toml",
        &format!("{BASE}\n[replay]\ntickets = \"t.csv\"\n"),
    );

    let o = escalsim(
        d.path(),
        &[
            "check",
            "s.toml",
            "--baseline",
            "b.json",
            "--update-baseline",
            "--replications",
            "2",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("replay t.csv: 3 rows, 3 tickets replayed"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(d.path().join("b.json")).unwrap_or_default();
    let summary: escalsim::metrics::summary::Summary =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("baseline: {e}"));
    assert!(
        summary.run.tickets.starts_with("replay t.csv"),
        "{}",
        summary.run.tickets
    );
    for c in &summary.candidates {
        let arrived = c
            .metrics
            .iter()
            .find(|m| m.name == "arrived")
            .unwrap_or_else(|| panic!("{}: no arrived metric", c.name));
        assert_eq!(arrived.per_replication, [3.0, 3.0], "{}", c.name);
    }
    // The same scenario without [replay] simulates its synthetic arrivals instead.
    write(d.path(), "synthetic.toml", BASE);
    let o = escalsim(
        d.path(),
        &[
            "check",
            "synthetic.toml",
            "--baseline",
            "synthetic.json",
            "--update-baseline",
            "--replications",
            "2",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(d.path().join("synthetic.json")).unwrap_or_default();
    let synthetic: escalsim::metrics::summary::Summary =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("baseline: {e}"));
    assert_eq!(synthetic.run.tickets, "synthetic");
    let arrived = synthetic.candidates[0]
        .metrics
        .iter()
        .find(|m| m.name == "arrived")
        .map(|m| m.mean)
        .unwrap_or_default();
    assert!(arrived > 20.0, "synthetic arrivals: {arrived}");

    let o = escalsim(
        d.path(),
        &["plan", "s.toml", "--replications", "2", "--out", "p"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("tickets: replay t.csv (3 rows, 3 tickets replayed)"),
        "{}",
        stdout(&o)
    );
    // Only the blocks the replayed tickets arrive in are staffed, and only at T1;
    // synthetic arrivals would need agents around the clock at both tiers.
    let csv = std::fs::read_to_string(d.path().join("p/plan.csv")).unwrap_or_default();
    let staffed: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(3).is_some_and(|a| a != "0"))
        .collect();
    assert_eq!(
        staffed
            .iter()
            .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>(),
        ["T1,Mon 08:00–12:00", "T1,Tue 08:00–12:00"],
        "{csv}"
    );
}

/// `validate` reads a scenario's replay log as `run` would (#14, #19 item 15): a good
/// log is described, a file that is not a ticket file (here a text file with a
/// 1,000-character first line) is an error, exit 2, naming the file, with at most a
/// prefix of what it read.
#[test]
fn validate_reads_the_replay_log() {
    let d = tempdir();
    write(d.path(), "t.csv", THREE_TICKETS);
    write(
        d.path(),
        "s.toml",
        &format!("{BASE}\n[replay]\ntickets = \"t.csv\"\n"),
    );
    let o = escalsim(d.path(), &["validate", "s.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("replay t.csv: 3 rows, 3 tickets replayed"),
        "{}",
        stdout(&o)
    );

    write(
        d.path(),
        "notes.txt",
        &format!("{}\nsecond line\n", "x".repeat(1000)),
    );
    write(
        d.path(),
        "bad.toml",
        &format!("{BASE}\n[replay]\ntickets = \"notes.txt\"\n"),
    );
    let o = escalsim(d.path(), &["validate", "bad.toml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("bad.toml") && err.contains("notes.txt"),
        "{err}"
    );
    assert!(
        !err.contains(&"x".repeat(400)),
        "quotes the whole line: {err}"
    );
    assert!(!stdout(&o).contains("valid scenario"), "{}", stdout(&o));
}

/// #16 item 3: a team's own model, replayed. Native columns `predicted_tier` and
/// `prediction_confidence` replace the scenario's AI prediction (the scenario's AI is
/// perfect here, so any error is the file's); the load says how often the model named
/// the needed tier; the `ai` policy routes by it: the two tickets that need T1 but are
/// predicted T2 go to T2 and count as misroutes (T1 could resolve them).
#[test]
fn a_replayed_models_predictions_drive_the_ai_policy() {
    let d = tempdir();
    let text =
        "id,arrival,severity,segment,category,needed_tier,predicted_tier,prediction_confidence
0,2026-01-05T09:00:00,medium,std,general,T1,T1,0.9
1,2026-01-05T09:10:00,medium,std,general,T1,T2,0.6
2,2026-01-05T09:20:00,medium,std,general,T1,T2,0.55
3,2026-01-05T09:30:00,medium,std,general,T1,T1,
";
    let (mut s, r) = load(d.path(), text.as_bytes(), None, None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let t = tickets(&s, &r);
    let got: Vec<(u16, f32)> = t
        .iter()
        .map(|x| (x.ai.predicted_tier.0, x.ai.confidence))
        .collect();
    assert_eq!(got, vec![(0, 0.9), (1, 0.6), (1, 0.55), (0, 1.0)]);
    assert_eq!(
        r.summary.notes(),
        vec!["replayed model: 4 tickets carry a predicted tier; it is the tier they needed for 2 (50.0 %); the `ai` policy routes by it".to_string()]
    );
    s.policies = vec![escalsim::model::PolicySpec::new(
        "ai",
        escalsim::model::PolicyKind::Ai,
        escalsim::model::Discipline::Fifo,
    )];
    let runs = experiment::run_all(
        &s,
        &Options { threads: 1 },
        |rep| r.tickets(&s, rep),
        &|| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = &runs[0].runs[0];
    assert_eq!(m.tiers[1].handled, 2, "T2 got the two tickets predicted T2");
    assert_eq!(m.loops.misroutes, 2);
    // A confidence without a tier is a bad row.
    let e = err(
        d.path(),
        "id,arrival,severity,segment,category,prediction_confidence\n0,2026-01-05T09:00:00,medium,std,general,0.5\n",
    );
    assert!(
        e.contains("prediction_confidence: given without a predicted_tier"),
        "{e}"
    );
}

/// #14 item 5: `[groups]` keys may be patterns: an exact name wins, then the longest
/// matching pattern. `Desk EU` → `Desk*` (T1); `Desk US` is named exactly (T2); `Desk
/// US night` matches both `Desk*` and the longer `Desk US*` (T2); `Net ops` → `Net*`.
#[test]
fn group_patterns_map_groups_to_tiers() {
    let d = tempdir();
    let log = "number,opened,updated,priority,group,resolved,made_sla
INC1,5/1/2026 00:00,5/1/2026 00:05,3 - Moderate,Desk EU,?,true
INC2,5/1/2026 01:00,5/1/2026 01:05,3 - Moderate,Desk US,?,true
INC3,5/1/2026 02:00,5/1/2026 02:05,3 - Moderate,Desk US night,?,true
INC4,5/1/2026 03:00,5/1/2026 03:05,3 - Moderate,Net ops,?,true
";
    let mapping = EVENT_MAPPING.replace(
        "\"Desk\" = \"T1\"\n\"Net\" = \"T2\"\n",
        "\"Desk*\" = \"T1\"\n\"Desk US\" = \"T2\"\n\"Desk US*\" = \"T2\"\n\"Net*\" = \"T2\"\n",
    );
    let (_, r) = load(d.path(), log.as_bytes(), Some(&mapping), None);
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(String, u16)> = r
        .summary
        .groups
        .iter()
        .map(|(g, t)| (g.clone(), t.0))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Desk EU".to_string(), 0),
            ("Desk US".to_string(), 1),
            ("Desk US night".to_string(), 1),
            ("Net ops".to_string(), 1),
        ]
    );
}
