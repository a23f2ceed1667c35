//! `Account`: identity, signed prekey and one-time prekeys of one device.

use gx_crypto::envelope::Envelope;
use gx_crypto::Account as SdkAccount;
use wasm_bindgen::prelude::*;

use super::escrow_arg;
use super::session::{ReceivedMessage, Session};
use crate::error::{AdapterError, JsResult, OrThrow};
use crate::handles::{registered_class, with_arg};
use crate::input;
use crate::output::to_js;
use crate::random::Rng;

registered_class!(
    /// One device's E2E identity: identity key pair, signed prekey, one-time prekeys.
    /// Holds secrets: seal it, then `free()` it when it is not in use.
    Account, SdkAccount, ACCOUNTS, "Account", "__gxAccount");

#[wasm_bindgen]
impl Account {
    /// A new account: identity key pair and a signed prekey, from `crypto.getRandomValues`.
    /// Make one-time prekeys with `generateOneTimePrekeys`, then publish `bundle()`.
    pub fn create() -> Account {
        Self::from_inner(SdkAccount::new(&mut Rng))
    }

    /// The identity public key, base64 (what peers see in bundles and safety numbers).
    #[wasm_bindgen(getter, js_name = identityKey)]
    pub fn identity_key(&self) -> JsResult<String> {
        self.with(|a| Ok(a.identity_key().to_base64()))
    }

    /// The identity key's fingerprint (8 groups of 4 hex digits).
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> JsResult<String> {
        self.with(|a| Ok(a.identity_key().fingerprint()))
    }

    /// The current signed prekey's id.
    #[wasm_bindgen(getter, js_name = signedPrekeyId)]
    pub fn signed_prekey_id(&self) -> JsResult<u32> {
        self.with(|a| Ok(a.signed_prekey_id()))
    }

    /// How many published one-time prekeys are not yet used.
    #[wasm_bindgen(getter, js_name = availablePrekeyCount)]
    pub fn available_prekey_count(&self) -> JsResult<usize> {
        self.with(|a| Ok(a.available_prekey_count()))
    }

    /// Makes `count` one-time prekeys (at most 100 a call) and returns them as the API's
    /// `{keyIndex, publicKey}` objects, to upload.
    #[wasm_bindgen(
        js_name = generateOneTimePrekeys,
        unchecked_return_type = "OneTimePreKey[]"
    )]
    pub fn generate_one_time_prekeys(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue,
    ) -> JsResult<JsValue> {
        let count = input::u32_number(&count, "count")?;
        self.with(|a| {
            let made = a.generate_one_time_prekeys(count, &mut Rng).or_throw()?;
            let bundle = a.published_bundle();
            let new: Vec<_> = bundle
                .pre_keys
                .into_iter()
                .filter(|k| made.contains(&k.key_index))
                .collect();
            to_js(&new)
        })
    }

    /// Marks a one-time prekey as used by the server (it leaves `bundle().preKeys`); returns
    /// whether the account had it.
    #[wasm_bindgen(js_name = markPrekeyUsed)]
    pub fn mark_prekey_used(
        &self,
        #[wasm_bindgen(js_name = keyIndex, unchecked_param_type = "number")] key_index: JsValue,
    ) -> JsResult<bool> {
        let index = input::u32_number(&key_index, "keyIndex")?;
        self.with(|a| Ok(a.mark_used(index)))
    }

    /// Replaces the signed prekey (the old one still accepts sessions started from it for a
    /// while) and returns the new id. Publish `bundle()` again.
    #[wasm_bindgen(js_name = rotateSignedPrekey)]
    pub fn rotate_signed_prekey(&self) -> JsResult<u32> {
        self.with(|a| a.rotate_signed_prekey(&mut Rng).or_throw())
    }

    /// The bundle to publish, in the API's shape (`identityKeyPublic`, `signedPreKeyId`,
    /// `signedPreKeyPublic`, `signedPreKeySignature`, `preKeys`).
    #[wasm_bindgen(unchecked_return_type = "PublishedBundle")]
    pub fn bundle(&self) -> JsResult<JsValue> {
        self.with(|a| to_js(&a.published_bundle()))
    }

    /// What the server hands a peer who fetches this account's bundle with the one-time prekey
    /// `keyIndex` (or none), as JSON: for tests and local use without a server.
    #[wasm_bindgen(js_name = fetchedBundleJson)]
    pub fn fetched_bundle_json(
        &self,
        #[wasm_bindgen(js_name = keyIndex, unchecked_param_type = "number | undefined")]
    key_index: Option<JsValue>,
    ) -> JsResult<String> {
        let key_index = key_index.unwrap_or(JsValue::UNDEFINED);
        let index = if key_index.is_undefined() || key_index.is_null() {
            None
        } else {
            Some(input::u32_number(&key_index, "keyIndex")?)
        };
        self.with(|a| {
            let bundle = a.prekey_bundle(index).ok_or_else(|| {
                AdapterError::argument(
                    "keyIndex",
                    "the account has no one-time prekey with this index",
                )
            })?;
            serde_json::to_string(&bundle.to_fetched()).map_err(|e| {
                AdapterError::Internal {
                    what: e.to_string(),
                }
                .into()
            })
        })
    }

    /// Answers a peer's first message (a PreKey message, `encryptedContent` base64): builds the
    /// session and decrypts the message. The used one-time prekey is deleted only when this
    /// succeeds; seal the account again afterwards. `escrow` is the conversation's policy.
    #[wasm_bindgen(js_name = acceptSession, unchecked_return_type = "AcceptedSession")]
    pub fn accept_session(
        &self,
        #[wasm_bindgen(js_name = encryptedContent, unchecked_param_type = "string")]
        encrypted_content: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<JsValue> {
        let envelope =
            Envelope::from_base64(&input::string(&encrypted_content, "encryptedContent")?)
                .or_throw()?;
        let escrow = escrow_arg(&escrow)?;
        let (session, message) =
            self.with(|a| a.accept_session_authenticated(&envelope, escrow).or_throw())?;
        let out = js_sys::Object::new();
        let session = JsValue::from(Session::wrap(session));
        let message = JsValue::from(ReceivedMessage::wrap(message));
        js_sys::Reflect::set(&out, &"session".into(), &session)?;
        js_sys::Reflect::set(&out, &"message".into(), &message)?;
        Ok(out.into())
    }

    /// The account encrypted under `key` (AES-256-GCM), to keep in IndexedDB.
    pub fn seal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<js_sys::Uint8Array> {
        super::seal_handle::<SdkAccount>(self.handle, &key)
    }

    /// An account sealed with `seal`.
    pub fn open(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] sealed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<Account> {
        Ok(Self::from_inner(super::unseal(&sealed, &key)?))
    }
}

impl Account {
    /// Runs `f` on the account behind a JavaScript `Account` argument.
    pub(crate) fn with_arg<R>(
        value: &JsValue,
        name: &'static str,
        f: impl FnOnce(&mut SdkAccount) -> JsResult<R>,
    ) -> JsResult<R> {
        with_arg::<SdkAccount, R>(value, name, f)
    }
}
