//! Prekey bundles in the API's JSON shape, and their validated form.
//!
//! An account publishes [`PublishedBundle`] (all unused one-time prekeys, `preKeys`); a peer
//! fetches [`FetchedBundle`] (one prekey, `preKey`, consumed by the server when fetched) and
//! parses it into a [`PreKeyBundle`] to start a session. Keys and signatures are standard base64
//! with padding.
//!
//! These objects come from the server, so a member the SDK does not know (a field the server
//! adds later) is ignored rather than refused: it must not break session setup. The fields the
//! SDK reads stay strict (type, base64, key length and validity, signature).

use serde::{Deserialize, Serialize};

use crate::error::{E2eError, Result};
use crate::keys::{decode_base64_array, encode_base64, IdentityPublicKey, X25519PublicKey};

/// Domain separator of the signed prekey signature.
pub(crate) const SPK_SIGNATURE_CONTEXT: &[u8] = b"GX-E2E-v1:SPK";

/// The bytes an identity key signs for a signed prekey:
/// `b"GX-E2E-v1:SPK" || u32be(spk_id) || spk_pub`.
pub(crate) fn spk_signed_bytes(spk_id: u32, spk_pub: &X25519PublicKey) -> Vec<u8> {
    let mut msg = Vec::with_capacity(SPK_SIGNATURE_CONTEXT.len() + 36);
    msg.extend_from_slice(SPK_SIGNATURE_CONTEXT);
    msg.extend_from_slice(&spk_id.to_be_bytes());
    msg.extend_from_slice(spk_pub.as_bytes());
    msg
}

/// One one-time prekey in JSON: `{keyIndex, publicKey}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OneTimePreKeyJson {
    /// The prekey's index.
    pub key_index: u32,
    /// Base64 of the 32-byte X25519 public key.
    pub public_key: String,
}

/// What an account uploads: identity, signed prekey and its pool of unused one-time prekeys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedBundle {
    /// Base64 of the Ed25519 identity key.
    pub identity_key_public: String,
    /// The signed prekey's id.
    pub signed_pre_key_id: u32,
    /// Base64 of the signed prekey (X25519).
    pub signed_pre_key_public: String,
    /// Base64 of the Ed25519 signature over the signed prekey.
    pub signed_pre_key_signature: String,
    /// The unused one-time prekeys.
    pub pre_keys: Vec<OneTimePreKeyJson>,
}

/// What a peer downloads: the bundle with at most one one-time prekey (`preKey`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FetchedBundle {
    /// Base64 of the Ed25519 identity key.
    pub identity_key_public: String,
    /// The signed prekey's id.
    pub signed_pre_key_id: u32,
    /// Base64 of the signed prekey (X25519).
    pub signed_pre_key_public: String,
    /// Base64 of the Ed25519 signature over the signed prekey.
    pub signed_pre_key_signature: String,
    /// The one-time prekey the server handed out, if any were left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_key: Option<OneTimePreKeyJson>,
}

/// A fetched bundle with every key decoded. The signature is checked by
/// [`PreKeyBundle::verify`], which [`crate::Session::initiate`] calls before anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreKeyBundle {
    /// The peer's identity key.
    pub identity_key: IdentityPublicKey,
    /// The signed prekey's id.
    pub signed_prekey_id: u32,
    /// The signed prekey.
    pub signed_prekey: X25519PublicKey,
    /// Ed25519 signature of the signed prekey by the identity key.
    pub signed_prekey_signature: [u8; 64],
    /// The one-time prekey `(keyIndex, key)`, when the server had one.
    pub one_time_prekey: Option<(u32, X25519PublicKey)>,
}

impl PreKeyBundle {
    /// Parses the fetched JSON (`{identityKeyPublic, signedPreKeyId, signedPreKeyPublic,
    /// signedPreKeySignature, preKey?}`).
    pub fn from_json(json: &str) -> Result<Self> {
        let fetched: FetchedBundle =
            serde_json::from_str(json).map_err(|e| E2eError::InvalidJson {
                what: "prekey bundle",
                reason: gx_core::echo_input(&e.to_string()),
            })?;
        Self::try_from(&fetched)
    }

    /// Checks the signed prekey signature (strict Ed25519).
    pub fn verify(&self) -> Result<()> {
        let msg = spk_signed_bytes(self.signed_prekey_id, &self.signed_prekey);
        if self
            .identity_key
            .verify(&msg, &self.signed_prekey_signature)
        {
            Ok(())
        } else {
            Err(E2eError::BadSignedPreKeySignature)
        }
    }

    /// The JSON form.
    pub fn to_fetched(&self) -> FetchedBundle {
        FetchedBundle {
            identity_key_public: self.identity_key.to_base64(),
            signed_pre_key_id: self.signed_prekey_id,
            signed_pre_key_public: self.signed_prekey.to_base64(),
            signed_pre_key_signature: encode_base64(&self.signed_prekey_signature),
            pre_key: self
                .one_time_prekey
                .map(|(key_index, key)| OneTimePreKeyJson {
                    key_index,
                    public_key: key.to_base64(),
                }),
        }
    }
}

impl TryFrom<&FetchedBundle> for PreKeyBundle {
    type Error = E2eError;

    fn try_from(json: &FetchedBundle) -> Result<Self> {
        let one_time_prekey = match &json.pre_key {
            None => None,
            Some(pk) => Some((
                pk.key_index,
                X25519PublicKey::from_base64(&pk.public_key, "preKey.publicKey")?,
            )),
        };
        Ok(Self {
            identity_key: IdentityPublicKey::from_base64(&json.identity_key_public)?,
            signed_prekey_id: json.signed_pre_key_id,
            signed_prekey: X25519PublicKey::from_base64(
                &json.signed_pre_key_public,
                "signedPreKeyPublic",
            )?,
            signed_prekey_signature: decode_base64_array(
                &json.signed_pre_key_signature,
                "signedPreKeySignature",
            )?,
            one_time_prekey,
        })
    }
}

impl PublishedBundle {
    /// The bundle a server would hand out for the one-time prekey `key_index` (or none).
    pub fn fetch(&self, key_index: Option<u32>) -> Option<FetchedBundle> {
        let pre_key = match key_index {
            None => None,
            Some(i) => Some(self.pre_keys.iter().find(|k| k.key_index == i)?.clone()),
        };
        Some(FetchedBundle {
            identity_key_public: self.identity_key_public.clone(),
            signed_pre_key_id: self.signed_pre_key_id,
            signed_pre_key_public: self.signed_pre_key_public.clone(),
            signed_pre_key_signature: self.signed_pre_key_signature.clone(),
            pre_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Account;
    use rand_chacha::{rand_core::SeedableRng, ChaCha20Rng};

    fn fetched_json() -> (serde_json::Value, PreKeyBundle) {
        let mut rng = ChaCha20Rng::seed_from_u64(5);
        let mut account = Account::new(&mut rng);
        account.generate_one_time_prekeys(1, &mut rng).unwrap();
        let fetched = account.published_bundle().fetch(Some(1)).unwrap();
        (
            serde_json::to_value(&fetched).unwrap(),
            account.prekey_bundle(Some(1)).unwrap(),
        )
    }

    #[test]
    fn fields_the_server_adds_are_ignored() {
        let (mut json, expected) = fetched_json();
        json["userId"] = "0b8f6a1e-9a8c-4d3e-8f1a-2b3c4d5e6f70".into();
        json["uploadedAt"] = serde_json::json!({"seconds": 1_700_000_000});
        json["preKey"]["expiresAt"] = 42.into();
        let bundle = PreKeyBundle::from_json(&json.to_string()).unwrap();
        assert_eq!(bundle, expected);
        bundle.verify().unwrap();

        let mut published = serde_json::to_value(
            Account::new(&mut ChaCha20Rng::seed_from_u64(6)).published_bundle(),
        )
        .unwrap();
        published["deviceId"] = 3.into();
        serde_json::from_value::<PublishedBundle>(published).unwrap();
    }

    #[test]
    fn the_known_fields_stay_strict() {
        let (json, _) = fetched_json();
        let broken = [
            ("signedPreKeyId", serde_json::json!("1")),
            ("signedPreKeyId", serde_json::json!(-1)),
            ("signedPreKeyPublic", serde_json::json!("not base64!")),
            ("signedPreKeyPublic", serde_json::json!("AAAA")),
            ("identityKeyPublic", serde_json::json!(null)),
            ("signedPreKeySignature", serde_json::json!("AAAA")),
        ];
        for (field, value) in broken {
            let mut bad = json.clone();
            bad[field] = value.clone();
            assert!(
                PreKeyBundle::from_json(&bad.to_string()).is_err(),
                "{field} = {value}"
            );
        }
        let mut missing = json.clone();
        missing
            .as_object_mut()
            .unwrap()
            .remove("signedPreKeyPublic");
        assert!(PreKeyBundle::from_json(&missing.to_string()).is_err());
        let mut bad_prekey = json;
        bad_prekey["preKey"]["publicKey"] = "AAAA".into();
        assert!(PreKeyBundle::from_json(&bad_prekey.to_string()).is_err());
    }
}
