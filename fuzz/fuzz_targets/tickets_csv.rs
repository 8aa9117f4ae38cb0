//! Any bytes as a scenario; when valid and small, its synthetic tickets are written as
//! CSV and read back with a CSV reader: every row has the header's field count and the
//! row count matches, whatever the names in the scenario (commas, quotes, newlines).
#![no_main]

use escalsim::model::time::DAY_MS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(loaded) = escalsim::scenario::from_str(text, "fuzz.toml") else {
        return;
    };
    let s = loaded.scenario;
    if s.run.horizon_ms > 60 * DAY_MS || !(escalsim::limits::expected_tickets(&s) <= 2_000.0) {
        return;
    }
    let mut bytes = Vec::new();
    let Ok(rows) =
        escalsim::tickets::write_tickets(&s, escalsim::tickets::synthetic(&s, 0), &mut bytes)
    else {
        return;
    };
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let width = r.headers().map(|h| h.len()).unwrap_or(0);
    assert_eq!(width, escalsim::tickets::csv_out::header(&s).len());
    let mut n = 0u64;
    for rec in r.records() {
        let rec = rec.expect("the writer's CSV reads back");
        assert_eq!(rec.len(), width);
        n += 1;
    }
    assert_eq!(n, rows);
});
