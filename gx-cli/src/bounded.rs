//! Inputs read whole, each with a size limit: past it the command stops with a clear error
//! after reading at most the limit and one byte more, so `--schedule /dev/zero` or an endless
//! stdin cannot exhaust memory. The limits are documented in the README.

use std::io::Read;
use std::path::Path;

use gx_compliance::escrow::Zeroizing;

use crate::exit::{codes, Failure};

/// A fee schedule (`--schedule`): the default one is about 2 KB as JSON.
pub const SCHEDULE: Limit = Limit::new("a fee schedule", 1 << 20);
/// A PEM key file (`--pub`, `--key`): an RSA-4096 private key is about 3.3 KB.
pub const PEM_KEY: Limit = Limit::new("a PEM key file", 64 << 10);
/// A plaintext to seal for escrow (`gx escrow seal`, from stdin).
pub const ESCROW_PLAINTEXT: Limit = Limit::new("an escrow plaintext", 64 << 20);
/// An escrow blob to open (`gx escrow open`, from stdin): base64 of the largest plaintext.
pub const ESCROW_BLOB: Limit = Limit::new("an escrow blob", 96 << 20);
/// An audit chain file (`gx audit verify|append`): about a million entries.
pub const AUDIT_CHAIN: Limit = Limit::new("an audit chain file", 512 << 20);

/// A message to send (`gx message send`, from stdin): its ciphertext must fit the API's
/// 65 536-character `encryptedContent`.
pub const MESSAGE_TEXT: Limit = Limit::new("a message", 32 << 10);

/// What an input is and how large it may be.
#[derive(Clone, Copy)]
pub struct Limit {
    what: &'static str,
    bytes: usize,
}

impl Limit {
    const fn new(what: &'static str, bytes: usize) -> Limit {
        Limit { what, bytes }
    }

    fn too_large(self, source: &str) -> Failure {
        Failure::input(
            codes::INPUT_TOO_LARGE,
            format!(
                "{source} is larger than {}, the limit for {}: expected a smaller input",
                human(self.bytes),
                self.what
            ),
        )
    }

    /// Reads `reader` to the end, refusing more than the limit.
    pub fn read(self, reader: impl Read, source: &str) -> Result<Vec<u8>, Failure> {
        let mut bytes = Vec::new();
        reader
            .take(self.bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Io(format!("{source}: {e}")))?;
        if bytes.len() > self.bytes {
            return Err(self.too_large(source));
        }
        Ok(bytes)
    }

    /// Reads a UTF-8 file whole.
    pub fn read_text_file(self, path: &Path) -> Result<String, Failure> {
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Failure::Io(format!("{source}: {e}")))?;
        String::from_utf8(self.read(file, &source)?).map_err(|_| not_utf8(&source))
    }

    /// Reads a secret (a private key) into memory that is wiped when dropped; the buffer is
    /// allocated at the limit first, so reading never grows it and leaves copies behind.
    pub fn read_secret_file(self, path: &Path) -> Result<Zeroizing<String>, Failure> {
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Failure::Io(format!("{source}: {e}")))?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(self.bytes + 1));
        file.take(self.bytes as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Io(format!("{source}: {e}")))?;
        if bytes.len() > self.bytes {
            return Err(self.too_large(&source));
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| not_utf8(&source))?;
        Ok(Zeroizing::new(text.to_owned()))
    }
}

fn not_utf8(source: &str) -> Failure {
    Failure::input(codes::INPUT_NOT_UTF8, format!("{source} is not UTF-8 text"))
}

/// `65536` → `64 KiB`.
fn human(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_up_to_the_limit_and_refuses_one_byte_more() {
        let limit = Limit::new("a test input", 4);
        assert_eq!(limit.read(&b"abcd"[..], "stdin").unwrap(), b"abcd");
        let Err(Failure::Invalid { code, message: msg }) = limit.read(&b"abcde"[..], "stdin")
        else {
            panic!("five bytes were accepted")
        };
        assert_eq!(code, codes::INPUT_TOO_LARGE);
        assert_eq!(
            msg,
            "stdin is larger than 4 bytes, the limit for a test input: expected a smaller input"
        );
        assert_eq!(human(64 << 10), "64 KiB");
        assert_eq!(human(1 << 20), "1 MiB");
    }
}
