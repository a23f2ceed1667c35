//! # gx-wasm
//!
//! The GX SDK for JavaScript and TypeScript: a thin wasm-bindgen adapter that converts types and
//! calls the domain crates (gx-core, gx-ids, gx-ledger, gx-crypto, gx-compliance). It holds no
//! rule of its own. `bindings/wasm/build.sh` turns it into the npm package in
//! `bindings/wasm/pkg/`; its README documents the JavaScript API and conventions.
//!
//! Conventions across the boundary:
//! - every failure throws a `GxError` (an `Error` subclass) whose `code` is the SDK's stable
//!   code; arguments arrive as `JsValue`s and are checked here ([`input`]), so no input traps;
//! - money is `bigint` Qirat, in and out;
//! - objects holding secrets live in Rust registries ([`handles`]) and zeroize when freed;
//! - randomness is `crypto.getRandomValues` ([`random`]).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Exported functions take their arguments as owned `JsValue`s, the form wasm-bindgen passes them in.
#![allow(clippy::needless_pass_by_value)]

mod audit;
pub mod error;
mod fees;
pub mod handles;
mod ids;
pub mod input;
mod messaging;
pub mod output;
mod qsend;
pub mod random;
mod tokens;

pub use audit::verify_audit_log;
pub use fees::{
    format_gxc, genesis_allocation, parse_gxc, quote_transfer, velocity_tax, FeeSchedule,
};
pub use ids::{
    decode_fabric_id, generate_fabric_id, is_valid_fabric_id, parse_fabric_id, validate_fabric_id,
    validate_fabric_ids,
};
pub use messaging::{
    safety_number, Account, EscrowPolicy, GroupSession, ReceivedMessage, Session, StorageKey,
    WrappedGroupKey,
};
pub use qsend::{
    decode_qr_v1, decode_qr_v2, encode_qr_v1, encode_qr_v2, generate_qsend_code, parse_qsend_code,
    qr_hash, qsend_idempotency_key,
};
pub use tokens::{
    biometric_hash, new_command_id, parse_biometric_hash, parse_command_id, parse_idempotency_key,
};

use wasm_bindgen::prelude::*;

/// The package's version (the SDK's workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Every error code the SDK can report through this package, the domain crates' and the
/// adapter's own (`INVALID_ARGUMENT`, `OBJECT_FREED`, `INTERNAL_ERROR`).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    all_error_codes().map(str::to_owned).collect()
}

/// The codes of the domain crates and of this adapter.
pub fn all_error_codes() -> impl Iterator<Item = &'static str> {
    gx_core::error_codes()
        .chain(gx_ids::error_codes())
        .chain(gx_ledger::error_codes())
        .chain(gx_crypto::error_codes())
        .chain(gx_compliance::error_codes())
        .chain(error::AdapterError::CODES.iter().copied())
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Thrown by every failing call: `code` is the SDK's stable code. */
export class GxError extends Error {
  readonly name: 'GxError';
  readonly code: string;
  /** For audit-chain breaks: the first bad line (1-based). */
  readonly line?: number;
}

export type Gender = 'male' | 'female' | 'system-assigned';
export type TxType = 'P2P' | 'MERCHANT' | 'GOVERNMENT' | 'B2B' | '';
export type VelocityTaxMethod = 'WHOLE_BALANCE' | 'MARGINAL';

/** A decoded Fabric User ID, in the reference's JSON field names. */
export interface DecodedFabricId {
  countryCode: string;
  checksum: string;
  dateOfBirth: string;
  gender: Gender;
  isOrganization: boolean;
  accountTypeCode: string;
  accountTypeName: string;
  uniqueSuffix: string;
}

export interface BatchFailure { index: number; code: string; message: string; }
export interface BatchValidation { total: number; valid: number; invalid: BatchFailure[]; }

/** A payment request's QR content; `amount` in Qirat. */
export interface QrPayload {
  code: string;
  amount: bigint;
  creator: string;
  creatorName: string;
  expiresAtMs: number;
  description: string;
  reference: string;
}
export interface QrPayloadInput {
  code: string;
  amount: bigint;
  creator: string;
  creatorName: string;
  expiresAtMs: number;
  description?: string;
  reference?: string;
}

/** A transfer's exact fee; every amount in Qirat. */
export interface TransferQuote {
  amount: bigint;
  feeBps: number;
  totalFee: bigint;
  senderFee: bigint;
  receiverFee: bigint;
  senderDebit: bigint;
  netReceived: bigint;
  txType: 'P2P' | 'MERCHANT' | 'GOVERNMENT' | 'B2B';
  scope: 'LOCAL' | 'CROSS_BORDER';
  exempt: boolean;
}
export interface FeeBand { txType: string; scope: string; from: bigint; to?: bigint; bps: number; }
export interface FeeTable { bands: FeeBand[]; split: string; exempt: string; feePool: string; }

export interface GenesisPhase { number: number; first: number; last: number; }
export interface GenesisAllocation {
  registrationNumber: number;
  age: number;
  phase?: GenesisPhase;
  userAmount: bigint;
  treasuryAmount: bigint;
  ineligible?: { code: 'TOO_YOUNG' | 'TOO_OLD' | 'ALL_PHASES_COMPLETE'; reason: string };
}
export interface VelocityTax {
  balance: bigint;
  bandBps: number;
  annual: bigint;
  treasuryShare: bigint;
  redistribution: bigint;
}

export interface OneTimePreKey { keyIndex: number; publicKey: string; }
export interface PublishedBundle {
  identityKeyPublic: string;
  signedPreKeyId: number;
  signedPreKeyPublic: string;
  signedPreKeySignature: string;
  preKeys: OneTimePreKey[];
}
export interface FetchedBundle {
  identityKeyPublic: string;
  signedPreKeyId: number;
  signedPreKeyPublic: string;
  signedPreKeySignature: string;
  preKey?: OneTimePreKey;
}
/** The API's fields of one encrypted message. */
export interface MessageFields {
  encryptedContent: string;
  contentNonce: string;
  encryptionKeyId: string;
  masterKeyWrappedContent?: string;
}
export interface AcceptedSession { session: Session; message: ReceivedMessage; }
export interface GroupKeyJson { keyId: string; conversationId: string; keyVersion: number; encryptedKey: string; }
export interface CreatedGroup { group: GroupSession; keys: WrappedGroupKey[]; }
export interface GroupPlaintext { sender: string; plaintext: Uint8Array; }
export interface AuditHead { entryCount: number; headHash: string; }
"#;

#[cfg(test)]
mod tests {
    use super::all_error_codes;

    #[test]
    fn every_code_is_upper_snake_case_and_appears_once_across_the_sdk() {
        let mut seen = std::collections::HashSet::new();
        for code in all_error_codes() {
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
                "{code}"
            );
            assert!(seen.insert(code), "{code} appears twice");
        }
        assert!(seen.contains("INVALID_ARGUMENT") && seen.contains("FABRIC_ID_CHECKSUM_MISMATCH"));
    }
}
