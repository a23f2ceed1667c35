//! The escrow blob byte layouts (v0 from the reference, v1 with a key id) and their parser.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::public_key::MODULUS_BYTES;
use super::{EscrowError, KeyId};

/// AES-GCM nonce length, also the value of the v0 layout's first byte.
pub(crate) const IV_LEN: usize = 12;
/// AES-GCM tag length, also the value of the byte after the iv.
pub(crate) const TAG_LEN: usize = 16;
/// Magic that starts a v1 blob.
const V1_MAGIC: &[u8; 4] = b"GXE1";
/// `[0x0C][iv][0x10][tag][wrapped key]`: the v0 header before the ciphertext.
const V0_HEADER_LEN: usize = 1 + IV_LEN + 1 + TAG_LEN + MODULUS_BYTES;
/// `b"GXE1" || key_id`: what v1 puts before a v0 layout.
const V1_PREFIX_LEN: usize = V1_MAGIC.len() + KeyId::LEN;

/// A sealed escrow message: AES-256-GCM ciphertext plus its content key wrapped with RSA-OAEP.
///
/// Layouts (spec "Compliance escrow"):
/// - v0: `[0x0C][iv 12][0x10][tag 16][wrapped key 512][ciphertext]` (the reference's);
/// - v1: `b"GXE1" || key_id (16) || v0`, which the SDK writes.
///
/// Both are read; a blob keeps the layout it was read in, so re-encoding is byte-identical.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct EscrowBlob {
    pub(crate) key_id: Option<KeyId>,
    pub(crate) iv: [u8; IV_LEN],
    pub(crate) tag: [u8; TAG_LEN],
    pub(crate) wrapped_key: Vec<u8>,
    pub(crate) ciphertext: Vec<u8>,
}

impl EscrowBlob {
    /// The master key id a v1 blob names; `None` for a v0 blob.
    pub fn key_id(&self) -> Option<KeyId> {
        self.key_id
    }

    /// Length of the encrypted plaintext in bytes.
    pub fn ciphertext_len(&self) -> usize {
        self.ciphertext.len()
    }

    /// The blob's bytes in its layout (v1 when it has a key id, else v0).
    pub fn to_bytes(&self) -> Vec<u8> {
        let prefix = if self.key_id.is_some() {
            V1_PREFIX_LEN
        } else {
            0
        };
        let mut out = Vec::with_capacity(prefix + V0_HEADER_LEN + self.ciphertext.len());
        if let Some(id) = &self.key_id {
            out.extend_from_slice(V1_MAGIC);
            out.extend_from_slice(id.as_bytes());
        }
        // The reference's length markers: 12 = iv length, 16 = tag length.
        out.push(u8::try_from(IV_LEN).expect("12 fits in a byte"));
        out.extend_from_slice(&self.iv);
        out.push(u8::try_from(TAG_LEN).expect("16 fits in a byte"));
        out.extend_from_slice(&self.tag);
        out.extend_from_slice(&self.wrapped_key);
        out.extend_from_slice(&self.ciphertext);
        out
    }

    /// SHA-256 of [`to_bytes`](Self::to_bytes) (the blob exactly as stored, since parsing keeps
    /// the layout), without building the bytes: what the audit log records for each blob an
    /// execution opens, to match the record against the message store later.
    pub fn sha256(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        if let Some(id) = &self.key_id {
            hash.update(V1_MAGIC);
            hash.update(id.as_bytes());
        }
        hash.update([u8::try_from(IV_LEN).expect("12 fits in a byte")]);
        hash.update(self.iv);
        hash.update([u8::try_from(TAG_LEN).expect("16 fits in a byte")]);
        hash.update(self.tag);
        hash.update(&self.wrapped_key);
        hash.update(&self.ciphertext);
        hash.finalize().into()
    }

    /// The blob as standard base64 with padding, as it travels in `masterKeyWrappedContent`.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.to_bytes())
    }

    /// Reads a blob in either layout.
    ///
    /// ```
    /// use gx_compliance::escrow::{EscrowBlob, EscrowError};
    /// use gx_core::ErrorCode;
    /// let err = EscrowBlob::from_bytes(&[0x0C, 1, 2]).unwrap_err();
    /// assert_eq!(err.code(), "ESCROW_BLOB_TRUNCATED");
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EscrowError> {
        match bytes.strip_prefix(V1_MAGIC.as_slice()) {
            Some(rest) => {
                let needed = V1_PREFIX_LEN + V0_HEADER_LEN;
                if rest.len() < KeyId::LEN {
                    return Err(EscrowError::Truncated {
                        len: bytes.len(),
                        needed,
                        layout: "v1",
                    });
                }
                let (id, v0) = rest.split_at(KeyId::LEN);
                let id = KeyId::from_bytes(id.try_into().expect("split at KeyId::LEN"));
                let mut blob = parse_v0(v0, V1_PREFIX_LEN, "v1", needed)?;
                blob.key_id = Some(id);
                Ok(blob)
            }
            None => parse_v0(bytes, 0, "v0", V0_HEADER_LEN),
        }
    }

    /// Reads a base64 blob in either layout. Whitespace around it and ASCII whitespace inside
    /// it are ignored, so a blob wrapped into lines (`base64 -w76`, PEM-style 64 columns, CRLF)
    /// reads the same as on one line.
    pub fn from_base64(text: &str) -> Result<Self, EscrowError> {
        let invalid = |e: base64::DecodeError| EscrowError::InvalidBase64 {
            reason: e.to_string(),
        };
        let text = text.trim();
        // One line is the common case: decode it as it is, and strip inner whitespace only
        // when decoding fails (it fails at the first line break, so little work is repeated).
        let bytes = match STANDARD.decode(text) {
            Ok(bytes) => bytes,
            Err(e) if !text.bytes().any(|b| b.is_ascii_whitespace()) => return Err(invalid(e)),
            Err(_) => {
                let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
                STANDARD.decode(compact).map_err(invalid)?
            }
        };
        Self::from_bytes(&bytes)
    }
}

/// Parses the v0 layout found at `offset` of the whole blob (for error positions).
fn parse_v0(
    v0: &[u8],
    offset: usize,
    layout: &'static str,
    needed: usize,
) -> Result<EscrowBlob, EscrowError> {
    let check_marker = |at: usize, value: usize, expected: &'static str| match v0.get(at) {
        Some(&b) if usize::from(b) == value => Ok(()),
        Some(&b) => Err(EscrowError::Malformed {
            offset: offset + at,
            found: b,
            expected,
        }),
        None => Err(EscrowError::Truncated {
            len: offset + v0.len(),
            needed,
            layout,
        }),
    };
    check_marker(0, IV_LEN, "0x0c (iv length 12) or the v1 magic \"GXE1\"")?;
    check_marker(1 + IV_LEN, TAG_LEN, "0x10 (tag length 16)")?;
    if v0.len() < V0_HEADER_LEN {
        return Err(EscrowError::Truncated {
            len: offset + v0.len(),
            needed,
            layout,
        });
    }
    let iv_start = 1;
    let tag_start = iv_start + IV_LEN + 1;
    let wrapped_start = tag_start + TAG_LEN;
    Ok(EscrowBlob {
        key_id: None,
        iv: v0[iv_start..iv_start + IV_LEN]
            .try_into()
            .expect("length checked"),
        tag: v0[tag_start..tag_start + TAG_LEN]
            .try_into()
            .expect("length checked"),
        wrapped_key: v0[wrapped_start..V0_HEADER_LEN].to_vec(),
        ciphertext: v0[V0_HEADER_LEN..].to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use gx_core::ErrorCode;
    use proptest::prelude::*;

    fn sample(key_id: Option<KeyId>) -> EscrowBlob {
        EscrowBlob {
            key_id,
            iv: [1; IV_LEN],
            tag: [2; TAG_LEN],
            wrapped_key: vec![3; MODULUS_BYTES],
            ciphertext: b"ciphertext".to_vec(),
        }
    }

    #[test]
    fn v0_layout_matches_the_reference_offsets() {
        let bytes = sample(None).to_bytes();
        assert_eq!(bytes[0], 0x0C);
        assert_eq!(bytes[13], 0x10);
        assert_eq!(&bytes[14..30], &[2; 16]);
        assert_eq!(bytes.len(), 542 + 10);
    }

    #[test]
    fn v1_layout_is_magic_key_id_then_v0() {
        let id = KeyId::from_bytes([9; 16]);
        let v1 = sample(Some(id)).to_bytes();
        assert_eq!(&v1[..4], b"GXE1");
        assert_eq!(&v1[4..20], &[9; 16]);
        assert_eq!(&v1[20..], sample(None).to_bytes().as_slice());
    }

    #[test]
    fn bad_markers_are_reported_with_their_offset() {
        let mut bytes = sample(None).to_bytes();
        bytes[13] = 0x11;
        let err = EscrowBlob::from_bytes(&bytes).unwrap_err();
        assert_eq!(
            err,
            EscrowError::Malformed {
                offset: 13,
                found: 0x11,
                expected: "0x10 (tag length 16)"
            }
        );
        let mut v1 = sample(Some(KeyId::from_bytes([0; 16]))).to_bytes();
        v1[20] = 0;
        assert_eq!(
            EscrowBlob::from_bytes(&v1).unwrap_err().code(),
            "ESCROW_BLOB_MALFORMED"
        );
    }

    #[test]
    fn empty_and_non_base64_inputs_are_refused() {
        assert_eq!(
            EscrowBlob::from_bytes(&[]).unwrap_err().code(),
            "ESCROW_BLOB_TRUNCATED"
        );
        assert_eq!(
            EscrowBlob::from_base64("not base64!").unwrap_err().code(),
            "INVALID_ESCROW_BASE64"
        );
    }

    #[test]
    fn base64_wrapped_into_lines_reads_the_same() {
        let blob = sample(Some(KeyId::from_bytes([8; 16])));
        let one_line = blob.to_base64();
        let wrap = |width: usize, eol: &str| {
            let lines: Vec<&str> = one_line
                .as_bytes()
                .chunks(width)
                .map(|c| std::str::from_utf8(c).unwrap())
                .collect();
            lines.join(eol) + eol
        };
        for text in [
            wrap(76, "\n"),
            wrap(64, "\r\n"),
            format!("  {one_line}\t\n"),
            one_line.replacen('A', " A", 3),
        ] {
            assert_eq!(EscrowBlob::from_base64(&text).unwrap(), blob, "{text:?}");
        }
        // Whitespace is ignored; anything else that is not base64 is not.
        assert_eq!(
            EscrowBlob::from_base64(&one_line.replacen('A', "-A", 1))
                .unwrap_err()
                .code(),
            "INVALID_ESCROW_BASE64"
        );
    }

    proptest! {
        /// Every blob survives bytes -> parse -> bytes unchanged, in both layouts.
        #[test]
        fn encoding_round_trips(
            id in proptest::option::of(any::<[u8; 16]>()),
            iv in any::<[u8; 12]>(),
            tag in any::<[u8; 16]>(),
            ct in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let blob = EscrowBlob { key_id: id.map(KeyId::from_bytes), iv, tag,
                                    wrapped_key: vec![7; MODULUS_BYTES], ciphertext: ct };
            prop_assert_eq!(EscrowBlob::from_base64(&blob.to_base64())?, blob);
        }

        /// The digest is SHA-256 over exactly the stored bytes, in both layouts.
        #[test]
        fn sha256_is_over_the_stored_bytes(
            id in proptest::option::of(any::<[u8; 16]>()),
            ct in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let blob = EscrowBlob { key_id: id.map(KeyId::from_bytes), iv: [4; IV_LEN], tag: [5; TAG_LEN],
                                    wrapped_key: vec![6; MODULUS_BYTES], ciphertext: ct };
            let expected: [u8; 32] = Sha256::digest(blob.to_bytes()).into();
            prop_assert_eq!(blob.sha256(), expected);
        }

        /// Every strict prefix of a valid blob's header is refused as truncated, never a panic.
        #[test]
        fn truncation_is_a_typed_error(cut in 0usize..562, v1 in any::<bool>()) {
            let blob = sample(v1.then(|| KeyId::from_bytes([5; 16])));
            let bytes = blob.to_bytes();
            // A v1 cut inside the 4-byte magic is simply not a v1 blob (and not a v0 one).
            let (first, header) = if v1 { (4, 562) } else { (0, 542) };
            let cut = first + cut % (header - first);
            let err = EscrowBlob::from_bytes(&bytes[..cut]).unwrap_err();
            prop_assert!(matches!(err, EscrowError::Truncated { .. }), "{err:?}");
        }

        /// Arbitrary bytes fail with a typed error or parse to a blob that re-encodes to them.
        #[test]
        fn arbitrary_bytes_parse_exactly_or_fail(
            bytes in proptest::collection::vec(any::<u8>(), 0..700),
        ) {
            if let Ok(blob) = EscrowBlob::from_bytes(&bytes) {
                prop_assert_eq!(blob.to_bytes(), bytes);
            }
        }
    }
}
