//! CRLF line ends read as LF, so that CSV positions name the exact line. (The CSV
//! reader ends a record at the `\r` of a `\r\n` and counts the `\n` only when the next
//! record starts, one line too low.)
//!
//! Only line ends outside quoted fields change: quoting is tracked the way
//! [`super::bounded`] tracks it, so a `\r\n` inside a quoted field stays in the value.
//! A lone `\r` stays too.

use std::io::{self, Read};

/// Size of the internal buffer, bytes.
const BUF_BYTES: usize = 64 * 1024;

/// `inner` with every `\r\n` outside quotes read as `\n`.
pub struct Lf<R> {
    inner: R,
    buf: Box<[u8]>,
    /// Next unread byte of `buf`.
    pos: usize,
    /// Bytes of `buf` filled.
    len: usize,
    in_quotes: bool,
    eof: bool,
}

impl<R: Read> Lf<R> {
    /// Wraps `inner`.
    pub fn new(inner: R) -> Lf<R> {
        Lf {
            inner,
            buf: vec![0; BUF_BYTES].into_boxed_slice(),
            pos: 0,
            len: 0,
            in_quotes: false,
            eof: false,
        }
    }

    /// Reads more of `inner` after the unread bytes (at most a `\r` waiting to see
    /// whether a `\n` follows), moved to the front.
    fn refill(&mut self) -> io::Result<()> {
        let keep = self.len - self.pos;
        self.buf.copy_within(self.pos..self.len, 0);
        self.pos = 0;
        self.len = keep;
        let n = loop {
            match self.inner.read(&mut self.buf[keep..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => break r?,
            }
        };
        self.eof = n == 0;
        self.len += n;
        Ok(())
    }
}

impl<R: Read> Read for Lf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let mut w = 0;
            while w < out.len() && self.pos < self.len {
                let b = self.buf[self.pos];
                if b == b'\r' && !self.in_quotes {
                    if self.pos + 1 == self.len && !self.eof {
                        break; // look at the next byte first
                    }
                    if self.pos + 1 < self.len && self.buf[self.pos + 1] == b'\n' {
                        self.pos += 1;
                        continue;
                    }
                }
                if b == b'"' {
                    self.in_quotes = !self.in_quotes;
                }
                out[w] = b;
                w += 1;
                self.pos += 1;
            }
            if w > 0 || (self.eof && self.pos == self.len) {
                return Ok(w);
            }
            self.refill()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its bytes `step` at a time, so `\r\n` falls across reads.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn crlf_outside_quotes_becomes_lf_whatever_the_read_sizes() {
        let input = b"a,b\r\n1,\"x\r\ny\"\r\n2,z\r3\r\n\r";
        let want = b"a,b\n1,\"x\r\ny\"\n2,z\r3\n\r";
        for step in 1..=input.len() {
            for out_len in [1, 2, 3, 64] {
                let mut r = Lf::new(Trickle { bytes: input, step });
                let mut got = Vec::new();
                let mut chunk = vec![0; out_len];
                loop {
                    let n = r.read(&mut chunk).unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    got.extend_from_slice(&chunk[..n]);
                }
                assert_eq!(got, want, "step {step}, reads of {out_len}");
            }
        }
    }
}
