//! Any bytes as a summary.json: `compare` (terminal output only) and a `check`
//! baseline either accept it or refuse it with an error, never panic or spin (an
//! absurd number once made the charts loop forever).
#![no_main]

use escalsim::cli::CompareArgs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("escalsim-fuzz-summary-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join("summary.json");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let _ = escalsim::cmd::baseline::read(&path, &[]);
    let _ = escalsim::cmd::compare::run(CompareArgs {
        summaries: vec![path.clone(), path],
        baseline: None,
        out: Some(dir.join("out")),
        format: Vec::new(),
        quiet: true,
    });
});
