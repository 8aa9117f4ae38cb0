//! Any bytes as a shard's partial-result file: `merge` reads it or refuses it with a
//! message naming the file (format, version, digest, conservation), never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("escalsim-fuzz-part-{}.json", std::process::id()));
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let Ok(part) = escalsim::cluster::merge::read_part(&path) else {
        return;
    };
    let _ = escalsim::cluster::merge::merge(vec![(path.clone(), part)]);
});
