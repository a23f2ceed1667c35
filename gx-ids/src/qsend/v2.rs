//! QR payload v2: compact binary, HMAC-SHA256 authenticated, base32 text.
//!
//! The byte layout is documented in the crate docs (section "QR payload v2").

use data_encoding::BASE32_NOPAD;
use gx_core::Qirat;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::creator_pack::{self, PACKED_LEN};
use super::{QSendCode, QrError, QrKey, QrPayload};

/// The version byte.
const VERSION: u8 = 2;
/// Bytes of the HMAC-SHA256 tag kept (128 bits).
const TAG_LEN: usize = 16;
/// Mixed into the MAC so a key shared with another use cannot forge payloads.
const MAC_CONTEXT: &[u8] = b"GX-QSEND-QR-V2\0";
/// Version, code, amount, expiry, creator, three length bytes.
const FIXED_LEN: usize = 1 + 5 + 8 + 6 + PACKED_LEN + 3;

/// The longest creator name v2 carries, in UTF-8 bytes.
pub const V2_MAX_NAME_BYTES: usize = 100;
/// The longest description v2 carries, in UTF-8 bytes (it must also be at most 200
/// characters as JavaScript counts them, UTF-16 code units, as in v1).
pub const V2_MAX_DESCRIPTION_BYTES: usize = 255;
/// The longest reference v2 carries, in UTF-8 bytes.
pub const V2_MAX_REFERENCE_BYTES: usize = 64;

/// The text fields in layout order, with their limits: the encoder and the decoder both read
/// this table, so a payload that decodes always re-encodes.
const NAME_FIELD: (&str, usize) = ("creator name", V2_MAX_NAME_BYTES);
const DESCRIPTION_FIELD: (&str, usize) = ("description", V2_MAX_DESCRIPTION_BYTES);
const REFERENCE_FIELD: (&str, usize) = ("reference", V2_MAX_REFERENCE_BYTES);

impl QrPayload {
    /// The compact v2 encoding, authenticated under `key`: RFC 4648 base32 without padding
    /// (only `A-Z` and `2-7`, so a QR code can use alphanumeric mode).
    ///
    /// ```
    /// use gx_core::Qirat;
    /// use gx_ids::{QrKey, QrPayload};
    /// let key = QrKey::from_bytes([7; 32]);
    /// let payload = QrPayload::new(
    ///     "QS-6PAS3LHD".parse().unwrap(), Qirat::new(50_000_000),
    ///     "US 984 AUM945 0AKIY 8168".parse().unwrap(), "Alice Johnson", 1_766_660_400_000,
    /// )?;
    /// let text = payload.encode_v2(&key)?;
    /// assert!(text.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)));
    /// assert_eq!(QrPayload::decode_v2(&text, &key)?, payload);
    /// assert!(QrPayload::decode_v2(&text, &QrKey::from_bytes([8; 32])).is_err());
    /// # Ok::<(), gx_ids::QrError>(())
    /// ```
    pub fn encode_v2(&self, key: &QrKey) -> Result<String, QrError> {
        Ok(BASE32_NOPAD.encode(&self.to_v2_bytes(key)?))
    }

    /// The v2 bytes before base32: body then tag.
    pub fn to_v2_bytes(&self, key: &QrKey) -> Result<Vec<u8>, QrError> {
        let fields = [
            (NAME_FIELD, self.creator_name()),
            (DESCRIPTION_FIELD, self.description()),
            (REFERENCE_FIELD, self.reference()),
        ];
        let mut out = Vec::with_capacity(FIXED_LEN + TAG_LEN + 64);
        out.push(VERSION);
        out.extend_from_slice(&pack_code(self.code()));
        out.extend_from_slice(&self.amount().get().to_be_bytes());
        out.extend_from_slice(&self.expires_at_ms().to_be_bytes()[2..]);
        out.extend_from_slice(&creator_pack::pack(&self.creator()));
        for ((field, max), text) in fields {
            let len = u8::try_from(text.len())
                .ok()
                .filter(|&n| usize::from(n) <= max)
                .ok_or(QrError::FieldTooLongForV2 {
                    field,
                    bytes: text.len(),
                    max,
                })?;
            out.push(len);
            out.extend_from_slice(text.as_bytes());
        }
        let tag = mac(key, &out).finalize().into_bytes();
        out.extend_from_slice(&tag[..TAG_LEN]);
        Ok(out)
    }

    /// Reads a v2 payload, checking its tag (in constant time) before anything else is read.
    pub fn decode_v2(qr_data: &str, key: &QrKey) -> Result<QrPayload, QrError> {
        let bytes = BASE32_NOPAD
            .decode(qr_data.trim().as_bytes())
            .map_err(|_| QrError::BadEncoding {
                expected: if qr_data.trim().starts_with("eyJ") {
                    // base64 of `{"`: the reference's v1 JSON.
                    "RFC 4648 base32 without padding (A-Z, 2-7) (it looks like a v1 payload, base64 JSON: decode it as v1)"
                } else {
                    "RFC 4648 base32 without padding (A-Z, 2-7)"
                },
            })?;
        Self::from_v2_bytes(&bytes, key)
    }

    /// Reads v2 bytes (body then tag).
    pub fn from_v2_bytes(bytes: &[u8], key: &QrKey) -> Result<QrPayload, QrError> {
        match bytes.first() {
            Some(&VERSION) => {}
            Some(&other) => {
                return Err(QrError::UnsupportedVersion {
                    found: u64::from(other),
                    expected: VERSION,
                })
            }
            None => return Err(truncated()),
        }
        if bytes.len() < FIXED_LEN + TAG_LEN {
            return Err(truncated());
        }
        let (body, tag) = bytes.split_at(bytes.len() - TAG_LEN);
        mac(key, body)
            .verify_truncated_left(tag)
            .map_err(|_| QrError::AuthenticationFailed)?;
        read_body(body)
    }
}

fn read_body(body: &[u8]) -> Result<QrPayload, QrError> {
    let mut reader = Reader { rest: &body[1..] };
    let code = unpack_code(reader.array::<5>()?);
    let amount = Qirat::new(u64::from_be_bytes(reader.array::<8>()?));
    let mut expiry = [0u8; 8];
    expiry[2..].copy_from_slice(&reader.array::<6>()?);
    let expires_at_ms = u64::from_be_bytes(expiry);
    let creator =
        creator_pack::unpack(reader.array::<PACKED_LEN>()?).map_err(|e| QrError::BadField {
            field: "creator",
            reason: e.to_string(),
        })?;
    let name = reader.text(NAME_FIELD)?;
    let description = reader.text(DESCRIPTION_FIELD)?;
    let reference = reader.text(REFERENCE_FIELD)?;
    if !reader.rest.is_empty() {
        return Err(QrError::BadLength {
            reason: "followed by extra bytes",
        });
    }
    Ok(QrPayload::new(code, amount, creator, name, expires_at_ms)?
        .with_description(description)?
        .with_reference(reference))
}

/// Reads fields front to back.
struct Reader<'a> {
    rest: &'a [u8],
}

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], QrError> {
        let (head, tail) = self.rest.split_at_checked(N).ok_or_else(truncated)?;
        self.rest = tail;
        head.try_into().map_err(|_| truncated())
    }

    /// A length byte then that many bytes of UTF-8, refused above the field's limit (the
    /// length byte could say up to 255).
    fn text(&mut self, (field, max): (&'static str, usize)) -> Result<String, QrError> {
        let [len] = self.array::<1>()?;
        if usize::from(len) > max {
            return Err(QrError::FieldTooLongForV2 {
                field,
                bytes: usize::from(len),
                max,
            });
        }
        let (head, tail) = self
            .rest
            .split_at_checked(usize::from(len))
            .ok_or_else(truncated)?;
        self.rest = tail;
        String::from_utf8(head.to_vec()).map_err(|_| QrError::BadField {
            field,
            reason: "expected UTF-8 text".to_owned(),
        })
    }
}

fn truncated() -> QrError {
    QrError::BadLength {
        reason: "truncated",
    }
}

fn mac(key: &QrKey, body: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(MAC_CONTEXT);
    mac.update(body);
    mac
}

/// Eight 5-bit alphabet positions in 40 bits, first character most significant.
fn pack_code(code: QSendCode) -> [u8; 5] {
    let bits = code
        .indices()
        .iter()
        .fold(0u64, |acc, &i| (acc << 5) | u64::from(i));
    let be = bits.to_be_bytes();
    [be[3], be[4], be[5], be[6], be[7]]
}

fn unpack_code(packed: [u8; 5]) -> QSendCode {
    let mut be = [0u8; 8];
    be[3..].copy_from_slice(&packed);
    let bits = u64::from_be_bytes(be);
    let mut indices = [0u8; 8];
    for (n, slot) in indices.iter_mut().enumerate() {
        // Masked to 5 bits.
        #[allow(clippy::cast_possible_truncation)]
        {
            *slot = ((bits >> (35 - 5 * n)) & 31) as u8;
        }
    }
    QSendCode::from_indices(indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> QrPayload {
        QrPayload::new(
            "QS-6PAS3LHD".parse().unwrap(),
            Qirat::new(50_000_000),
            "US 984 AUM945 0AKIY 8168".parse().unwrap(),
            "A",
            1_766_660_400_000,
        )
        .unwrap()
    }

    /// Authentic bytes whose creator name is `name_len` bytes of `x`: the length byte is
    /// written directly, past what the encoder allows.
    fn signed_with_name_len(key: &QrKey, name_len: u8) -> Vec<u8> {
        let mut body = payload().to_v2_bytes(key).unwrap();
        body.truncate(body.len() - TAG_LEN);
        let name_at = FIXED_LEN - 3;
        assert_eq!(&body[name_at..name_at + 2], &[1, b'A']);
        body.splice(
            name_at..name_at + 2,
            std::iter::once(name_len).chain(std::iter::repeat_n(b'x', name_len.into())),
        );
        let tag = mac(key, &body).finalize().into_bytes();
        body.extend_from_slice(&tag[..TAG_LEN]);
        body
    }

    /// An authentic payload with a 101..=255-byte name used to decode and then fail to encode
    /// again (the `qr_v2` fuzz target's re-encode assertion would panic on it). The decoder
    /// now applies the encoder's limits.
    #[test]
    fn decoding_applies_the_text_limits_of_encoding() {
        let key = QrKey::from_bytes([3; 32]);
        let limit = u8::try_from(V2_MAX_NAME_BYTES).unwrap();
        let at_limit = QrPayload::from_v2_bytes(&signed_with_name_len(&key, limit), &key).unwrap();
        assert_eq!(at_limit.creator_name().len(), V2_MAX_NAME_BYTES);
        assert!(at_limit.to_v2_bytes(&key).is_ok());
        assert_eq!(
            QrPayload::from_v2_bytes(&signed_with_name_len(&key, limit + 1), &key),
            Err(QrError::FieldTooLongForV2 {
                field: "creator name",
                bytes: V2_MAX_NAME_BYTES + 1,
                max: V2_MAX_NAME_BYTES,
            })
        );
    }

    #[test]
    fn code_packing_round_trips() {
        for s in ["QS-6PAS3LHD", "QS-AAAAAAAA", "QS-99999999"] {
            let code: QSendCode = s.parse().unwrap();
            assert_eq!(unpack_code(pack_code(code)), code);
        }
    }
}
