//! Signed checkpoints: an Ed25519 signature over the head hash and entry count, so that cutting
//! entries off the end of a chain (which leaves a valid shorter chain) is detected.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::{ChainHead, EntryHash};

/// Domain separation for checkpoint signatures.
const CONTEXT: &[u8] = b"GX-AUDIT-CHECKPOINT-v1";

/// A chain head signed by the audit service's Ed25519 key.
///
/// Signed message: `b"GX-AUDIT-CHECKPOINT-v1" || u64be(entry_count) || head_hash (32 bytes)`.
/// JSON form: `{"entryCount":N,"headHash":"<64 hex>","signature":"<base64 of 64 bytes>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CheckpointJson", into = "CheckpointJson")]
pub struct SignedCheckpoint {
    head: ChainHead,
    signature: [u8; 64],
}

impl SignedCheckpoint {
    /// Signs `head` with `key`.
    pub fn sign(head: ChainHead, key: &SigningKey) -> Self {
        let signature = key.sign(&message(&head)).to_bytes();
        SignedCheckpoint { head, signature }
    }

    /// The signed head.
    pub fn head(&self) -> ChainHead {
        self.head
    }

    /// Whether the signature is valid for `key` (strict Ed25519 verification).
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        key.verify_strict(
            &message(&self.head),
            &Signature::from_bytes(&self.signature),
        )
        .is_ok()
    }
}

fn message(head: &ChainHead) -> Vec<u8> {
    let mut m = Vec::with_capacity(CONTEXT.len() + 8 + 32);
    m.extend_from_slice(CONTEXT);
    m.extend_from_slice(&head.entry_count.to_be_bytes());
    m.extend_from_slice(head.hash.as_bytes());
    m
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckpointJson {
    entry_count: u64,
    head_hash: String,
    signature: String,
}

impl TryFrom<CheckpointJson> for SignedCheckpoint {
    type Error = String;

    fn try_from(json: CheckpointJson) -> Result<Self, Self::Error> {
        let hash = EntryHash::from_hex(&json.head_hash)
            .ok_or("headHash must be 64 lower-case hex characters")?;
        let signature: [u8; 64] = STANDARD
            .decode(&json.signature)
            .ok()
            .and_then(|s| s.try_into().ok())
            .ok_or("signature must be base64 of 64 bytes")?;
        Ok(SignedCheckpoint {
            head: ChainHead {
                entry_count: json.entry_count,
                hash,
            },
            signature,
        })
    }
}

impl From<SignedCheckpoint> for CheckpointJson {
    fn from(c: SignedCheckpoint) -> Self {
        CheckpointJson {
            entry_count: c.head.entry_count,
            head_hash: c.head.hash.to_string(),
            signature: STANDARD.encode(c.signature),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn a_checkpoint_verifies_only_with_its_key_and_content() {
        let head = ChainHead {
            entry_count: 3,
            hash: EntryHash::from_bytes([7; 32]),
        };
        let cp = SignedCheckpoint::sign(head, &key(1));
        assert!(cp.verify(&key(1).verifying_key()));
        assert!(!cp.verify(&key(2).verifying_key()));
        let mut other = cp.clone();
        other.head.entry_count = 2;
        assert!(!other.verify(&key(1).verifying_key()));
    }

    #[test]
    fn json_round_trips_and_refuses_bad_fields() {
        let cp = SignedCheckpoint::sign(ChainHead::genesis(), &key(3));
        let json = serde_json::to_string(&cp).unwrap();
        assert!(json.starts_with("{\"entryCount\":0,\"headHash\":\"000"));
        assert_eq!(serde_json::from_str::<SignedCheckpoint>(&json).unwrap(), cp);
        let bad = json.replace("\"headHash\":\"0", "\"headHash\":\"X");
        assert!(serde_json::from_str::<SignedCheckpoint>(&bad).is_err());
    }
}
