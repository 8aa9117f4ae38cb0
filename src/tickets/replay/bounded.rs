//! A byte stream with a bound on the length of one CSV record, so a file without line
//! breaks (or a small archive expanding to gigabytes of one line, or an unbalanced
//! quote) is an error naming the line instead of an allocation the machine cannot make.
//!
//! It tracks quoting the way the CSV reader does (`"` opens and closes a quoted field,
//! `""` inside one is two toggles), so a line break inside quotes stays in the record.

use std::io::{self, Read};

/// Longest record accepted, in bytes (1 MiB). A field is never longer than its record.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// `inner` with every record (header included) bounded to `limit` bytes.
pub struct Bounded<R> {
    inner: R,
    limit: u64,
    in_quotes: bool,
    /// Bytes since the current record began.
    record_bytes: u64,
    /// Line on which the current record began (1-based).
    record_line: u64,
    /// Line of the next byte.
    line: u64,
}

impl<R: Read> Bounded<R> {
    /// Wraps `inner` with a bound of `limit` bytes per record.
    pub fn new(inner: R, limit: u64) -> Bounded<R> {
        Bounded {
            inner,
            limit,
            in_quotes: false,
            record_bytes: 0,
            record_line: 1,
            line: 1,
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.record_bytes += 1;
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' => {
                    self.line += 1;
                    if !self.in_quotes {
                        self.record_bytes = 0;
                        self.record_line = self.line;
                    }
                }
                _ => {}
            }
            if self.record_bytes > self.limit {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "the record starting at line {} is longer than {} bytes (the limit; {}); \
                         check that the file has line breaks and balanced quotes",
                        self.record_line,
                        self.limit,
                        if self.in_quotes {
                            "a quote opened in it is never closed"
                        } else {
                            "no line break"
                        }
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// At most `max` characters of `s`, with `…` when cut: for quoting input in errors.
pub fn prefix(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], limit: u64) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        Bounded::new(bytes, limit).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn long_records_are_errors_naming_their_line_and_short_ones_pass() {
        let ok = b"a,b\n\"x\ny\",2\n\"q\"\"q\",3\n";
        assert_eq!(read_all(ok, 8).ok().as_deref(), Some(&ok[..]));
        let e = read_all(b"a,b\n1,2\n123456789,0\n", 8)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref()
                .unwrap_or("")
                .contains("line 3 is longer than 8 bytes"),
            "{e:?}"
        );
        let e = read_all(b"a,b\n\"1,2\n3,4\n5,6\n", 8)
            .err()
            .map(|e| e.to_string());
        assert!(e.as_deref().unwrap_or("").contains("never closed"), "{e:?}");
        assert_eq!(prefix("abcdef", 3), "abc…");
        assert_eq!(prefix("ab", 3), "ab");
    }
}
