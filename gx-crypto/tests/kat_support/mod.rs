//! Helpers shared by the known-answer test files (`kat_*.rs`).
//!
//! Each `tests/*.rs` file is its own crate, so this module is included with `mod kat_support;`
//! and not every crate uses every helper.
#![allow(dead_code)]

/// Decodes a hex literal from a test table; a typo in a vector is a test bug, so it panics.
pub fn unhex(text: &str) -> Vec<u8> {
    let compact: String = text.split_whitespace().collect();
    hex::decode(&compact).unwrap_or_else(|e| panic!("bad hex in test vector ({e}): {compact}"))
}

/// Decodes a hex literal that must be exactly `N` bytes long.
pub fn unhex_array<const N: usize>(text: &str) -> [u8; N] {
    let bytes = unhex(text);
    <[u8; N]>::try_from(bytes.as_slice()).unwrap_or_else(|_| {
        panic!(
            "test vector has {} bytes, expected {N}: {text}",
            bytes.len()
        )
    })
}

/// Copies a Wycheproof byte string into a fixed array, or `None` when its length differs
/// (a wrong-length input is itself one of the cases Wycheproof checks).
pub fn to_array<const N: usize>(bytes: &[u8]) -> Option<[u8; N]> {
    <[u8; N]>::try_from(bytes).ok()
}

/// Counts how a suite's cases were handled, so a suite that silently runs nothing fails and the
/// skipped cases are visible with their reason.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cases whose verdict was checked against the expected result.
    pub checked: usize,
    /// Cases not run, with the reason, e.g. `("nonce is not 96 bits", 12)`.
    pub skipped: Vec<(&'static str, usize)>,
    /// Human-readable descriptions of the cases whose verdict disagreed.
    pub failures: Vec<String>,
}

impl Tally {
    /// Records a skipped case under `reason`.
    pub fn skip(&mut self, reason: &'static str) {
        match self.skipped.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((reason, 1)),
        }
    }

    /// Records a checked case; `ok` is whether our verdict matched the expected one.
    pub fn check(&mut self, ok: bool, describe: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.failures.push(describe());
        }
    }

    /// Total cases seen (checked + skipped).
    pub fn total(&self) -> usize {
        self.checked + self.skipped.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// Prints the summary (visible with `--nocapture`) and asserts that nothing failed, that
    /// every case of the suite was seen and that at least `min_checked` were really checked.
    pub fn finish(&self, suite: &str, expected_total: usize, min_checked: usize) {
        println!(
            "{suite}: {} checked, skipped {:?}",
            self.checked, self.skipped
        );
        assert!(
            self.failures.is_empty(),
            "{suite}: {} case(s) disagree with the expected result:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert_eq!(
            self.total(),
            expected_total,
            "{suite}: not every case was visited"
        );
        assert!(
            self.checked >= min_checked,
            "{suite}: only {} cases checked, expected at least {min_checked}",
            self.checked
        );
    }
}

/// One RFC 8032 section 7.1 Ed25519 vector from `data/rfc8032_ed25519.json` (hex fields).
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rfc8032Vector {
    pub name: String,
    pub secret_key: String,
    pub public_key: String,
    pub message: String,
    pub signature: String,
}

/// The RFC 8032 Ed25519 vectors (TEST 1, 2, 3, 1024 and SHA(abc)).
pub fn rfc8032_vectors() -> Vec<Rfc8032Vector> {
    #[derive(serde::Deserialize)]
    struct VectorFile {
        vectors: Vec<Rfc8032Vector>,
    }
    let file: VectorFile = serde_json::from_str(include_str!("../data/rfc8032_ed25519.json"))
        .expect("RFC 8032 vector file parses");
    file.vectors
}
