//! Creating output files safely: a temporary file is always created new (a stale one,
//! or a symbolic link planted under its name, is removed first, never followed), a
//! folder escalsim writes into must not be a symbolic link, and a CSV output named on
//! the command line must not be one of the run's inputs or a scenario or report file.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

/// Removes whatever is at `path` (a file or a symbolic link, which is removed, not
/// followed), then creates a new file there; fails if something appears meanwhile.
pub fn fresh(path: &Path) -> io::Result<File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// `path` with `.partial` appended: the temporary name of a file being written.
pub fn partial(path: &Path) -> PathBuf {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    PathBuf::from(tmp)
}

/// Creates `dir` if missing and refuses it if it is a symbolic link (a link planted in
/// an output folder would send files outside it).
pub fn real_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return Err(io::Error::other(
            "is a symbolic link, and files are never written through one; remove the link",
        ));
    }
    Ok(())
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Checks a CSV file named by `flag` (e.g. `--trace`): it must not be any of `inputs`
/// (the scenario, the ticket file, the mapping), nor be named `.toml` or `.json`
/// (a scenario or a report). Returns the reason it is refused.
pub fn check_csv_target(out: &Path, flag: &str, inputs: &[&Path]) -> Result<(), String> {
    if let Some(input) = inputs.iter().find(|i| same_file(out, i)) {
        return Err(format!(
            "{flag} {}: is the input file {}, which writing would destroy; choose another file name",
            out.display(),
            input.display()
        ));
    }
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "toml" || ext == "json" {
        return Err(format!(
            "{flag} {}: a CSV output must not be named .{ext} (it could replace a scenario or a report); use a .csv name",
            out.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep").unwrap_or_else(|e| panic!("{e}"));
        let tmp = dir.path().join("x.partial");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &tmp).unwrap_or_else(|e| panic!("{e}"));
        let f = fresh(&tmp);
        assert!(f.is_ok(), "{f:?}");
        drop(f);
        assert_eq!(std::fs::read_to_string(&victim).unwrap_or_default(), "keep");
        let link = dir.path().join("charts");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), &link).unwrap_or_else(|e| panic!("{e}"));
        assert!(real_dir(&link).is_err());
        assert!(real_dir(&dir.path().join("new")).is_ok());
    }

    #[test]
    fn inputs_and_report_names_are_refused_as_csv_outputs() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let s = dir.path().join("s.toml");
        let t = dir.path().join("t.csv");
        for p in [&s, &t] {
            std::fs::write(p, "x").unwrap_or_else(|e| panic!("{e}"));
        }
        let dotted = dir.path().join(".").join("t.csv");
        let e = check_csv_target(&dotted, "--skip-bad-rows", &[&s, &t]).unwrap_err();
        assert!(e.contains("is the input file"), "{e}");
        let e = check_csv_target(&dir.path().join("summary.json"), "--trace", &[]).unwrap_err();
        assert!(e.contains("must not be named .json"), "{e}");
        assert!(check_csv_target(&dir.path().join("new.csv"), "--trace", &[&s, &t]).is_ok());
    }
}
