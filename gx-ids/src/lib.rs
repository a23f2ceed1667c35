//! # gx-ids
//!
//! Identifiers of the GX Protocol, compatible with what the reference (TypeScript backend, Go
//! chaincode) put on chain, without its defects.
//!
//! - [`FabricUserId`]: the on-chain user ID `CC CCC AANNNN TCCCC NNNN`:
//!   [`generate`](FabricUserId::generate), [`parse`](FabricUserId::parse),
//!   [`validate`](FabricUserId::validate), [`decode`](FabricUserId::decode) (to
//!   [`DecodedFabricId`], which serialises with the reference's JSON names).
//! - [`QSendCode`]: payment-request codes `QS-XXXXXXXX`.
//! - [`QrPayload`]: the QR content of a payment request, as the reference's v1
//!   ([`encode_v1`](QrPayload::encode_v1), byte-identical; [`qr_hash`]) or the compact,
//!   authenticated v2 ([`encode_v2`](QrPayload::encode_v2) under a [`QrKey`]).
//! - [`BiometricHash`], [`IdempotencyKey`], [`CommandId`] (UUID v4), [`FabricTxId`].
//!
//! Every error type implements [`gx_core::ErrorCode`] and lists its codes in `CODES`;
//! [`error_codes`] lists them all. The crate does no I/O and reads no clock; randomness is an
//! injected `rand_core` 0.6 `RngCore + CryptoRng`. The default feature `os-rng` adds
//! `generate_os` conveniences that use the operating system's generator. It
//! builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use gx_core::{AccountType, Gender};
//! use gx_ids::FabricUserId;
//! use rand_chacha::rand_core::SeedableRng;
//!
//! // Any `RngCore + CryptoRng`; `generate_os` uses the operating system's.
//! let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2026);
//! let id = FabricUserId::generate(
//!     "MY".parse()?, "1992-08-20".parse()?, Gender::Female, AccountType::Individual, &mut rng,
//! ).expect("valid inputs");
//! let again = FabricUserId::parse(&id.to_string()).expect("round trip");
//! assert_eq!(again.decode().gender(), Gender::Female);
//! # Ok::<(), gx_core::Error>(())
//! ```
//!
//! ## Where this crate differs from the reference
//!
//! Every ID the reference generated for a valid input decodes here exactly as the reference
//! decoded it (checked against `test-vectors/reference/fabric_ids_reference.json`), and no ID
//! the reference rejects is accepted. This crate refuses more:
//!
//! | input | reference | here |
//! |---|---|---|
//! | impossible date (`1989-02-30`, `2023-02-29`) | rolled over to March | `INVALID_DATE` (gx-core) |
//! | date outside 1900-01-01..=4000-01-01, or an organisation ID whose DOB block decodes past 4000-01-01 | generation refuses; validator accepts any block | [`FabricIdError::DateOutOfRange`] |
//! | individual born on or after 3268-12-14 | generated; a male decodes as a female born in 1900, a female as an organisation | [`FabricIdError::AmbiguousDate`] on generation |
//! | ID whose type digit contradicts the offset (type `0` with an organisation offset, `1`–`F` without) | accepted (5 of the reference's own vectors: females born 3268-12-14..=4000-01-01) | [`FabricIdError::TypeContradictsOffset`] |
//! | lower-case or non-letter random letters, non-digit random digits, lower-case country | accepted | [`FabricIdError::MalformedBlock`] |
//! | country letters that are not ISO 3166-1 (`XX`, `UK`) | accepted | [`FabricIdError::UnknownCountry`] |
//! | gender `system-assigned` with type `0` (an individual) | generated as a male (decodes as `male`) | [`FabricIdError::GenderContradictsType`] on generation |
//! | random blocks | `Math.random` | the injected CSPRNG, rejection-sampled (no modulo bias) |
//!
//! Gender and account type on generation: type `0` (individual) takes `male` or `female`;
//! types `1`–`F` (organisations) take any gender, as in the reference: the ID of an
//! organisation carries no gender (its offset is the organisation's whatever the gender), and
//! decoding it reports `system-assigned`. So `female` with type `B`, as in 27 of the
//! reference vectors, gives the reference's blocks.
//!
//! The checksum covers the DOB block only (12 bits of SHA-1), as on chain: a typo in the
//! country or the random blocks is not caught by it, and a random change of the DOB block
//! keeps the checksum about once in 4 096 tries (measured: 105 in 400 000).
//!
//! ## QR payload v1
//!
//! `base64(JSON)` with keys `v, t, c, a, d, r, f, n, e` in that order, the amount as a
//! JavaScript number of GXC and strings escaped as `JSON.stringify` does; byte-identical to the
//! reference. Decoding accepts the keys in any order but requires all of them and no others.
//! Amounts with more than 15 significant digits of GXC cannot be written exactly as a
//! JavaScript number and are refused by `encode_v1` ([`QrError::AmountNotExactInV1`]). The
//! description is at most 200 characters as the reference counts them (JavaScript's
//! `length`: UTF-16 code units, so an emoji outside the Basic Multilingual Plane counts 2).
//!
//! [`QrPayload`] implements serde's `Serialize` and `Deserialize` as the same JSON object
//! (`{"v":1,"t":"QSEND","c":..,"a":..,"d":..,"r":..,"f":..,"n":..,"e":..}`, the amount a
//! JSON number of GXC written from its decimal digits, never through a float):
//! `serde_json::to_string` gives exactly [`to_v1_json`](QrPayload::to_v1_json), and
//! deserialising applies every check of [`decode_v1`](QrPayload::decode_v1). Because the
//! amount is read from its JSON text, deserialise from JSON text (`serde_json::from_str`,
//! `from_slice`, `from_reader`), not from a `serde_json::Value`.
//!
//! ## QR payload v2
//!
//! A compact binary form, authenticated with HMAC-SHA256 under a server [`QrKey`] and written
//! in RFC 4648 base32 without padding, so QR encoders can use alphanumeric mode (the five
//! reference examples need QR versions 5–6 instead of 9–11 at error correction M). Byte
//! layout, big-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | version, `0x02` |
//! | 1 | 5 | request code: 8 × 5-bit alphabet positions, first character in the high bits |
//! | 6 | 8 | amount in Qirat, `u64` |
//! | 14 | 6 | expiry, Unix milliseconds, 48 bits |
//! | 20 | 9 | creator Fabric ID: one mixed-radix number ((((country letters 26² · DOB offset 17 576 000) · type 16) · letters 26⁴) · digits 10⁴); the checksum is recomputed |
//! | 29 | 1 + n | creator name, length byte then UTF-8 (at most [`V2_MAX_NAME_BYTES`] = 100) |
//! | … | 1 + n | description (at most [`V2_MAX_DESCRIPTION_BYTES`] = 255 bytes and 200 UTF-16 code units) |
//! | … | 1 + n | reference (at most [`V2_MAX_REFERENCE_BYTES`] = 64) |
//! | end − 16 | 16 | tag: HMAC-SHA256(key, `"GX-QSEND-QR-V2\0"` ‖ all preceding bytes), first 128 bits |
//!
//! Decoding checks the version byte, then the tag (constant time, before any field is read),
//! then every field (code alphabet, a fully valid Fabric ID, UTF-8, no bytes left over).
#![forbid(unsafe_code)]

mod error_codes;
mod fabric_id;
mod qsend;
mod random;
mod tokens;

pub use error_codes::error_codes;
pub use fabric_id::{Block, DecodedFabricId, DecodedJson, FabricIdError, FabricUserId};
pub use qsend::{
    description_length, qr_hash, QSendCode, QSendCodeError, QrError, QrKey, QrPayload,
    MAX_DESCRIPTION_CHARS, MAX_EXPIRES_AT_MS, QSEND_ALPHABET, V2_MAX_DESCRIPTION_BYTES,
    V2_MAX_NAME_BYTES, V2_MAX_REFERENCE_BYTES,
};
pub use tokens::{BiometricHash, CommandId, FabricTxId, IdempotencyKey, TokenError};
