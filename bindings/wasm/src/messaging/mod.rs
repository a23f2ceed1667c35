//! End-to-end messaging (E2E v1): accounts, pairwise sessions, groups, sealed storage, escrow.
//!
//! Objects holding secrets (`Account`, `Session`, `GroupSession`, `StorageKey`) zeroize them when
//! freed: call `free()` as soon as an object is no longer needed (after sealing it to storage,
//! when the user logs out); the garbage collector frees forgotten objects too, but at a time
//! nobody controls.

mod account;
mod group;
mod session;

pub use account::Account;
pub use group::{GroupSession, WrappedGroupKey};
pub use session::{ReceivedMessage, Session};

use gx_crypto::compliance::escrow::MasterPublicKey;
use gx_crypto::{EscrowPolicy as SdkEscrowPolicy, IdentityPublicKey, MessageFields, Sealable};
use wasm_bindgen::prelude::*;

use crate::error::{JsResult, OrThrow};
use crate::handles::{registered_class, with_arg};
use crate::input;
use crate::output::to_js;
use crate::random::Rng;

registered_class!(
    /// The app's 32-byte key for sealed storage (zeroized when freed).
    StorageKey,
    gx_crypto::StorageKey,
    STORAGE_KEYS,
    "StorageKey",
    "__gxStorageKey"
);

#[wasm_bindgen]
impl StorageKey {
    /// A key from 32 bytes the app keeps (e.g. unwrapped with WebCrypto from its keystore).
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    ) -> JsResult<StorageKey> {
        let mut raw = input::byte_array::<32>(&bytes, "bytes")?;
        let key = gx_crypto::StorageKey::from_bytes(raw);
        zeroize::Zeroize::zeroize(&mut raw);
        Ok(Self::from_inner(key))
    }

    /// 32 fresh random bytes from `crypto.getRandomValues`, to keep as the app's storage key
    /// (wrap them before they leave memory).
    #[wasm_bindgen(js_name = generateBytes)]
    pub fn generate_bytes() -> js_sys::Uint8Array {
        let mut raw = zeroize::Zeroizing::new([0u8; 32]);
        rand_core::RngCore::fill_bytes(&mut Rng, raw.as_mut());
        crate::output::byte_array(raw.as_ref())
    }
}

registered_class!(
    /// A conversation's compliance escrow policy: none, or required for a master public key.
    EscrowPolicy,
    SdkEscrowPolicy,
    ESCROW_POLICIES,
    "EscrowPolicy",
    "__gxEscrowPolicy"
);

#[wasm_bindgen]
impl EscrowPolicy {
    /// No compliance escrow for this conversation.
    pub fn none() -> EscrowPolicy {
        Self::from_inner(SdkEscrowPolicy::None)
    }

    /// Every message of the conversation also carries its plaintext sealed for this master
    /// public key (RSA-4096 SPKI PEM, `-----BEGIN PUBLIC KEY-----`).
    #[wasm_bindgen(js_name = requiredFor)]
    pub fn required_for(
        #[wasm_bindgen(js_name = masterPublicKeyPem, unchecked_param_type = "string")]
        master_public_key_pem: JsValue,
    ) -> JsResult<EscrowPolicy> {
        let pem = input::string(&master_public_key_pem, "masterPublicKeyPem")?;
        let key = MasterPublicKey::from_public_key_pem(&pem).or_throw()?;
        Ok(Self::from_inner(SdkEscrowPolicy::Required(key)))
    }

    /// Whether messages are escrowed.
    #[wasm_bindgen(getter)]
    pub fn required(&self) -> JsResult<bool> {
        self.with(|p| Ok(matches!(p, SdkEscrowPolicy::Required(_))))
    }
}

/// The value of `handle` sealed under the `StorageKey` argument `key`.
fn seal_handle<T: crate::handles::Registered + Sealable>(
    handle: u32,
    key: &JsValue,
) -> JsResult<js_sys::Uint8Array> {
    with_arg::<gx_crypto::StorageKey, _>(key, "key", |key| {
        crate::handles::with::<T, _>(handle, |value| {
            Ok(crate::output::byte_array(&value.seal(key, &mut Rng)))
        })
    })
}

/// State sealed with `seal`, opened with the `StorageKey` argument `key`.
fn unseal<T: Sealable>(sealed: &JsValue, key: &JsValue) -> JsResult<T> {
    let blob = input::bytes(sealed, "sealed")?;
    with_arg::<gx_crypto::StorageKey, _>(key, "key", |key| T::unseal(&blob, key).or_throw())
}

/// The policy behind an `EscrowPolicy` argument.
fn escrow_arg(value: &JsValue) -> JsResult<SdkEscrowPolicy> {
    with_arg::<SdkEscrowPolicy, _>(value, "escrow", |p| Ok(p.clone()))
}

/// The master key of an `EscrowPolicy` argument that requires escrow (`requireEscrow` has no
/// use for `EscrowPolicy.none()`: escrow is never switched off within a conversation).
fn required_master_key(value: &JsValue) -> JsResult<MasterPublicKey> {
    match escrow_arg(value)? {
        SdkEscrowPolicy::Required(master) => Ok(master),
        _ => Err(crate::error::AdapterError::argument(
            "escrow",
            "expected a policy made by EscrowPolicy.requiredFor(pem); escrow cannot be switched off",
        )),
    }
}

/// An identity key given as base64 (as in bundles and `identityKey`).
fn identity_key(value: &JsValue, name: &'static str) -> JsResult<IdentityPublicKey> {
    IdentityPublicKey::from_base64(&input::string(value, name)?).or_throw()
}

/// An array of base64 identity keys.
fn identity_keys(value: &JsValue, name: &'static str) -> JsResult<Vec<IdentityPublicKey>> {
    input::string_array(value, name)?
        .iter()
        .map(|k| IdentityPublicKey::from_base64(k).or_throw())
        .collect()
}

/// The API's message fields as a plain object.
fn fields_to_js(fields: &MessageFields) -> JsResult<JsValue> {
    to_js(fields)
}

/// The safety number of two identity keys (base64): both fingerprints, sorted, so both sides
/// compute the same string whichever order they pass the keys in; compare it out of band.
#[wasm_bindgen(js_name = safetyNumber)]
pub fn safety_number(
    #[wasm_bindgen(js_name = ourIdentityKey, unchecked_param_type = "string")] ours: JsValue,
    #[wasm_bindgen(js_name = theirIdentityKey, unchecked_param_type = "string")] theirs: JsValue,
) -> JsResult<String> {
    let a = identity_key(&ours, "ourIdentityKey")?;
    let b = identity_key(&theirs, "theirIdentityKey")?;
    Ok(gx_crypto::safety_number(&a, &b))
}
