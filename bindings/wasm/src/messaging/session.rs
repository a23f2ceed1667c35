//! `Session`: a pairwise Double Ratchet conversation, and `ReceivedMessage`.

use gx_crypto::{AuthenticatedMessage, PreKeyBundle, Session as SdkSession};
use wasm_bindgen::prelude::*;

use super::account::Account;
use super::group::WrappedGroupKey;
use super::{escrow_arg, fields_to_js};
use crate::error::{JsResult, OrThrow};
use crate::handles::{registered_class, with_arg};
use crate::input;
use crate::output::byte_array;
use crate::random::Rng;

registered_class!(
    /// A pairwise Double Ratchet conversation with one peer device. Holds secrets: `free()` it
    /// when done (seal it first to keep it).
    Session, SdkSession, SESSIONS, "Session", "__gxSession");

impl Session {
    pub(crate) fn wrap(session: SdkSession) -> Session {
        Self::from_inner(session)
    }
}

#[wasm_bindgen]
impl Session {
    /// Starts a conversation (X3DH as initiator) from the peer's bundle as fetched from the
    /// server: its JSON text or the parsed object (`identityKeyPublic`, `signedPreKeyId`,
    /// `signedPreKeyPublic`, `signedPreKeySignature`, `preKey?`). The signed prekey's signature
    /// is checked first. `escrow` is the conversation's compliance policy.
    pub fn initiate(
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | FetchedBundle")] bundle: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<Session> {
        let json = if bundle.is_string() {
            input::string(&bundle, "bundle")?
        } else if bundle.is_object() {
            let text = js_sys::JSON::stringify(&bundle).map_err(|_| {
                crate::error::AdapterError::argument(
                    "bundle",
                    "the object cannot be written as JSON; expected the fetched bundle",
                )
            })?;
            input::string(&text.into(), "bundle")?
        } else {
            input::string(&bundle, "bundle")?
        };
        let bundle = PreKeyBundle::from_json(&json).or_throw()?;
        let escrow = escrow_arg(&escrow)?;
        Account::with_arg(&account, "account", |a| {
            Ok(Self::from_inner(
                SdkSession::initiate(a, &bundle, escrow, &mut Rng).or_throw()?,
            ))
        })
    }

    /// The session id (a UUID, the `encryptionKeyId` of its messages).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> JsResult<String> {
        self.with(|s| Ok(s.id().to_string()))
    }

    /// The peer's identity key, base64.
    #[wasm_bindgen(getter, js_name = remoteIdentityKey)]
    pub fn remote_identity_key(&self) -> JsResult<String> {
        self.with(|s| Ok(s.remote_identity().to_base64()))
    }

    /// Whether this side started the session and has not yet heard back (its messages are
    /// PreKey messages until then).
    #[wasm_bindgen(getter, js_name = awaitingReply)]
    pub fn awaiting_reply(&self) -> JsResult<bool> {
        self.with(|s| Ok(s.awaiting_reply()))
    }

    /// Encrypts a message (bytes, or a string as UTF-8) to the API's fields:
    /// `encryptedContent`, `contentNonce`, `encryptionKeyId` and, under escrow,
    /// `masterKeyWrappedContent`. Seal the session again afterwards.
    #[wasm_bindgen(unchecked_return_type = "MessageFields")]
    pub fn encrypt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] plaintext: JsValue,
    ) -> JsResult<JsValue> {
        let plaintext = zeroize::Zeroizing::new(input::bytes_or_text(&plaintext, "plaintext")?);
        self.with(|s| fields_to_js(&s.encrypt(&plaintext, &mut Rng).or_throw()?.to_fields()))
    }

    /// Decrypts a message of this session (`encryptedContent`, base64). On any error the
    /// session is unchanged.
    pub fn decrypt(
        &self,
        #[wasm_bindgen(js_name = encryptedContent, unchecked_param_type = "string")]
        encrypted_content: JsValue,
    ) -> JsResult<js_sys::Uint8Array> {
        let content = input::string(&encrypted_content, "encryptedContent")?;
        self.with(|s| {
            let plaintext = zeroize::Zeroizing::new(s.decrypt_base64(&content).or_throw()?);
            Ok(byte_array(&plaintext))
        })
    }

    /// Decrypts a message and names its sender, for messages whose sender matters (a group
    /// key: pass the result to `GroupSession.joinFrom` or `acceptKeyFrom`).
    #[wasm_bindgen(js_name = decryptAuthenticated)]
    pub fn decrypt_authenticated(
        &self,
        #[wasm_bindgen(js_name = encryptedContent, unchecked_param_type = "string")]
        encrypted_content: JsValue,
    ) -> JsResult<ReceivedMessage> {
        let content = input::string(&encrypted_content, "encryptedContent")?;
        let envelope = gx_crypto::envelope::Envelope::from_base64(&content).or_throw()?;
        self.with(|s| {
            Ok(ReceivedMessage::wrap(
                s.decrypt_authenticated(&envelope).or_throw()?,
            ))
        })
    }

    /// Sends a group key to this session's peer (it must be wrapped for them).
    #[wasm_bindgen(js_name = encryptGroupKey, unchecked_return_type = "MessageFields")]
    pub fn encrypt_group_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WrappedGroupKey")] wrapped: JsValue,
    ) -> JsResult<JsValue> {
        let wrapped = WrappedGroupKey::inner_of(&wrapped, "wrapped")?;
        self.with(|s| {
            fields_to_js(
                &s.encrypt_group_key(&wrapped, &mut Rng)
                    .or_throw()?
                    .to_fields(),
            )
        })
    }

    /// From now on every message is escrowed under this policy's master key (there is no way
    /// back: a conversation that stops being escrowed starts a new session).
    #[wasm_bindgen(js_name = requireEscrow)]
    pub fn require_escrow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<()> {
        let master = super::required_master_key(&escrow)?;
        self.with(|s| {
            s.require_escrow(master);
            Ok(())
        })
    }

    /// The session encrypted under `key`, to keep in IndexedDB.
    pub fn seal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<js_sys::Uint8Array> {
        super::seal_handle::<SdkSession>(self.handle, &key)
    }

    /// A session sealed with `seal`.
    pub fn open(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] sealed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<Session> {
        Ok(Self::from_inner(super::unseal(&sealed, &key)?))
    }
}

registered_class!(
    /// A decrypted pairwise message with its authenticated sender.
    ReceivedMessage,
    AuthenticatedMessage,
    RECEIVED,
    "ReceivedMessage",
    "__gxReceivedMessage"
);

impl ReceivedMessage {
    pub(crate) fn wrap(message: AuthenticatedMessage) -> ReceivedMessage {
        Self::from_inner(message)
    }

    /// Runs `f` on the message behind a JavaScript `ReceivedMessage` argument.
    pub(crate) fn with_arg<R>(
        value: &JsValue,
        name: &'static str,
        f: impl FnOnce(&mut AuthenticatedMessage) -> JsResult<R>,
    ) -> JsResult<R> {
        with_arg::<AuthenticatedMessage, R>(value, name, f)
    }
}

#[wasm_bindgen]
impl ReceivedMessage {
    /// The sender's identity key (base64), authenticated by the session's handshake.
    #[wasm_bindgen(getter)]
    pub fn sender(&self) -> JsResult<String> {
        self.with(|m| Ok(m.sender().to_base64()))
    }

    /// The decrypted bytes.
    #[wasm_bindgen(getter)]
    pub fn plaintext(&self) -> JsResult<js_sys::Uint8Array> {
        self.with(|m| Ok(byte_array(m.plaintext())))
    }
}
