//! Q Send request codes: `QS-` and eight characters from a 32-letter alphabet.

use std::fmt;
use std::str::FromStr;

use gx_core::ErrorCode;
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

/// The 32 characters a code uses: no `I`, `O`, `0` or `1`, which people misread.
pub const QSEND_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Position of each byte in [`QSEND_ALPHABET`], or `NOT_IN_ALPHABET`.
const ALPHABET_INDEX: [u8; 256] = alphabet_index();
const NOT_IN_ALPHABET: u8 = 0xFF;

const fn alphabet_index() -> [u8; 256] {
    let mut t = [NOT_IN_ALPHABET; 256];
    let mut i = 0;
    while i < 32 {
        #[allow(clippy::cast_possible_truncation)]
        {
            t[QSEND_ALPHABET[i] as usize] = i as u8;
        }
        i += 1;
    }
    t
}

/// A Q Send payment-request code such as `QS-6PAS3LHD` (40 random bits).
///
/// ```
/// use gx_ids::QSendCode;
/// let code: QSendCode = "QS-6PAS3LHD".parse()?;
/// assert_eq!(code.to_string(), "QS-6PAS3LHD");
/// assert!("QS-6PAS3LH0".parse::<QSendCode>().is_err()); // 0 is not in the alphabet
/// assert!("qs-6pas3lhd".parse::<QSendCode>().is_err()); // strictly upper case
/// # Ok::<(), gx_ids::QSendCodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QSendCode {
    /// `QS-` and the eight characters.
    text: [u8; 11],
}

/// Why a text is not a Q Send code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QSendCodeError {
    /// Not 11 characters.
    #[error("a Q Send code has 11 characters (\"QS-\" and 8 more), this one has {found}")]
    WrongLength {
        /// Length found, in bytes.
        found: usize,
    },
    /// Does not start with `QS-`.
    #[error("a Q Send code starts with \"QS-\" (upper case)")]
    MissingPrefix,
    /// A character outside the alphabet.
    #[error("character {position} of the Q Send code is not one of ABCDEFGHJKLMNPQRSTUVWXYZ23456789 (no I, O, 0 or 1; upper case)")]
    BadCharacter {
        /// 1-based position in the code.
        position: usize,
    },
}

impl QSendCodeError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        QSEND_CODE_WRONG_LENGTH,
        QSEND_CODE_MISSING_PREFIX,
        QSEND_CODE_BAD_CHARACTER,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const QSEND_CODE_WRONG_LENGTH: &str = "QSEND_CODE_WRONG_LENGTH";
const QSEND_CODE_MISSING_PREFIX: &str = "QSEND_CODE_MISSING_PREFIX";
const QSEND_CODE_BAD_CHARACTER: &str = "QSEND_CODE_BAD_CHARACTER";

impl ErrorCode for QSendCodeError {
    fn code(&self) -> &'static str {
        match self {
            QSendCodeError::WrongLength { .. } => QSEND_CODE_WRONG_LENGTH,
            QSendCodeError::MissingPrefix => QSEND_CODE_MISSING_PREFIX,
            QSendCodeError::BadCharacter { .. } => QSEND_CODE_BAD_CHARACTER,
        }
    }
}

impl QSendCodeError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<QSendCodeError> {
        let all = vec![
            QSendCodeError::WrongLength { found: 0 },
            QSendCodeError::MissingPrefix,
            QSendCodeError::BadCharacter { position: 4 },
        ];
        for e in &all {
            match e {
                QSendCodeError::WrongLength { .. }
                | QSendCodeError::MissingPrefix
                | QSendCodeError::BadCharacter { .. } => {}
            }
        }
        all
    }
}

impl QSendCode {
    /// A fresh code from a CSPRNG (each character uses 5 bits of one byte: no bias).
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> QSendCode {
        let mut random = [0u8; 8];
        rng.fill_bytes(&mut random);
        Self::from_indices(random.map(|b| b & 31))
    }

    /// [`QSendCode::generate`] with the operating system's CSPRNG.
    #[cfg(feature = "os-rng")]
    pub fn generate_os() -> QSendCode {
        Self::generate(&mut rand_core::OsRng)
    }

    /// Parses a code strictly: `QS-` then eight alphabet characters, upper case.
    pub fn parse(s: &str) -> Result<QSendCode, QSendCodeError> {
        let bytes = s.as_bytes();
        let text: [u8; 11] = bytes
            .try_into()
            .map_err(|_| QSendCodeError::WrongLength { found: bytes.len() })?;
        if &text[..3] != b"QS-" {
            return Err(QSendCodeError::MissingPrefix);
        }
        if let Some(i) = text[3..]
            .iter()
            .position(|&b| ALPHABET_INDEX[usize::from(b)] == NOT_IN_ALPHABET)
        {
            return Err(QSendCodeError::BadCharacter { position: i + 4 });
        }
        Ok(QSendCode { text })
    }

    /// The code from eight alphabet positions (each below 32).
    pub(crate) fn from_indices(indices: [u8; 8]) -> QSendCode {
        let mut text = *b"QS-________";
        for (slot, i) in text[3..].iter_mut().zip(indices) {
            *slot = QSEND_ALPHABET[usize::from(i & 31)];
        }
        QSendCode { text }
    }

    /// The eight alphabet positions (each below 32).
    pub(crate) fn indices(&self) -> [u8; 8] {
        let mut out = [0u8; 8];
        for (slot, &b) in out.iter_mut().zip(&self.text[3..]) {
            *slot = ALPHABET_INDEX[usize::from(b)];
        }
        out
    }

    /// The code's text, `QS-XXXXXXXX`.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored.
        std::str::from_utf8(&self.text).unwrap_or_default()
    }

    /// The idempotency key the protocol uses when this request is paid: `qsend-<code>`.
    pub fn idempotency_key(&self) -> crate::IdempotencyKey {
        crate::IdempotencyKey::for_qsend(*self)
    }
}

impl FromStr for QSendCode {
    type Err = QSendCodeError;

    fn from_str(s: &str) -> Result<Self, QSendCodeError> {
        Self::parse(s)
    }
}

impl fmt::Display for QSendCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for QSendCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "QSendCode({})", self.as_str())
    }
}

impl Serialize for QSendCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for QSendCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = QSendCodeError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(QSendCodeError::CODES, from_variants.as_slice());
    }

    #[test]
    fn production_codes_parse() {
        for s in ["QS-6PAS3LHD", "QS-TNRHGTMQ", "QS-23456789", "QS-ZZZZZZZZ"] {
            assert_eq!(QSendCode::parse(s).unwrap().as_str(), s);
        }
    }

    #[test]
    fn refuses_lookalikes_case_and_shape() {
        let cases = [
            ("QS-6PAS3LHI", QSendCodeError::BadCharacter { position: 11 }),
            ("QS-OPAS3LHD", QSendCodeError::BadCharacter { position: 4 }),
            ("QS-6pas3lhd", QSendCodeError::BadCharacter { position: 5 }),
            ("qs-6PAS3LHD", QSendCodeError::MissingPrefix),
            ("QS_6PAS3LHD", QSendCodeError::MissingPrefix),
            ("QS-6PAS3LH", QSendCodeError::WrongLength { found: 10 }),
            ("", QSendCodeError::WrongLength { found: 0 }),
        ];
        for (s, expected) in cases {
            assert_eq!(QSendCode::parse(s), Err(expected), "{s}");
        }
    }

    #[test]
    fn generated_codes_parse_and_use_the_whole_alphabet() {
        use rand_chacha::rand_core::SeedableRng;
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(11);
        let mut seen = [0u32; 32];
        for _ in 0..1_000 {
            let code = QSendCode::generate(&mut rng);
            assert_eq!(QSendCode::parse(code.as_str()), Ok(code));
            for i in code.indices() {
                seen[usize::from(i)] += 1;
            }
        }
        // 8 000 characters over 32 symbols: 250 each on average; a biased or stuck
        // generator would leave some far below.
        assert!(seen.iter().all(|&n| n > 150), "{seen:?}");
    }

    proptest! {
        #[test]
        fn parse_display_is_identity(indices in proptest::array::uniform8(0u8..32)) {
            let code = QSendCode::from_indices(indices);
            prop_assert_eq!(QSendCode::parse(&code.to_string()).unwrap(), code);
            prop_assert_eq!(code.indices(), indices);
        }

        #[test]
        fn arbitrary_text_never_panics(s in ".{0,16}") {
            if let Ok(code) = QSendCode::parse(&s) {
                prop_assert_eq!(code.as_str(), s.as_str());
            }
        }
    }
}
