//! `GroupSession`: a group conversation under a shared key, and `WrappedGroupKey`.

use gx_crypto::{GroupKeyJson, GroupSession as SdkGroup, WrappedGroupKey as SdkWrapped};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::account::Account;
use super::session::ReceivedMessage;
use super::{escrow_arg, fields_to_js, identity_key, identity_keys};
use crate::error::{AdapterError, JsResult, OrThrow};
use crate::handles::{registered_class, with_arg};
use crate::input;
use crate::output::to_js;
use crate::random::Rng;

registered_class!(
    /// A group key wrapped for one member (safe to send: only that member can unwrap it).
    WrappedGroupKey,
    SdkWrapped,
    WRAPPED_KEYS,
    "WrappedGroupKey",
    "__gxWrappedGroupKey"
);

impl WrappedGroupKey {
    /// A copy of the key behind a JavaScript `WrappedGroupKey` argument.
    pub(crate) fn inner_of(value: &JsValue, name: &'static str) -> JsResult<SdkWrapped> {
        with_arg::<SdkWrapped, _>(value, name, |w| Ok(w.clone()))
    }
}

#[wasm_bindgen]
impl WrappedGroupKey {
    /// Whose identity key (base64) this copy is wrapped for.
    #[wasm_bindgen(getter)]
    pub fn recipient(&self) -> JsResult<String> {
        self.with(|w| Ok(w.recipient.to_base64()))
    }

    /// The API's group key object (`keyId`, `conversationId`, `keyVersion`, `encryptedKey`), to
    /// store on the server for the recipient.
    #[wasm_bindgen(getter, unchecked_return_type = "GroupKeyJson")]
    pub fn json(&self) -> JsResult<JsValue> {
        self.with(|w| to_js(&w.to_json()))
    }
}

fn wrapped_list(keys: Vec<SdkWrapped>) -> js_sys::Array {
    keys.into_iter()
        .map(|k| JsValue::from(WrappedGroupKey::from_inner(k)))
        .collect()
}

fn conversation_id(value: &JsValue) -> JsResult<uuid::Uuid> {
    let text = input::string(value, "conversationId")?;
    uuid::Uuid::parse_str(&text).map_err(|_| {
        AdapterError::argument(
            "conversationId",
            format!(
                "{:?} is not a UUID; expected e.g. 6f1d2c3b-4a59-4668-9786-756453423120",
                gx_core::echo_input(&text)
            ),
        )
    })
}

fn group_key_json(value: &JsValue) -> JsResult<GroupKeyJson> {
    let o = input::ObjectArg::new(
        value,
        "key",
        &["keyId", "conversationId", "keyVersion", "encryptedKey"],
    )?;
    Ok(GroupKeyJson {
        key_id: o.string("keyId", "key.keyId")?,
        conversation_id: o.string("conversationId", "key.conversationId")?,
        key_version: input::u32_number(&o.get("keyVersion"), "key.keyVersion")?,
        encrypted_key: o.string("encryptedKey", "key.encryptedKey")?,
    })
}

/// A decrypted group message.
#[derive(Serialize)]
struct GroupPlaintextOut {
    sender: String,
    #[serde(with = "serde_bytes_as_uint8array")]
    plaintext: Vec<u8>,
}

/// serde-wasm-bindgen writes `serialize_bytes` as a `Uint8Array`.
mod serde_bytes_as_uint8array {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }
}

registered_class!(
    /// A group conversation: members and the group keys. Holds secrets: `free()` it when done.
    GroupSession, SdkGroup, GROUPS, "GroupSession", "__gxGroupSession");

#[wasm_bindgen]
impl GroupSession {
    /// Creates a group (key version 1) for `members` (base64 identity keys; include your own to
    /// keep a copy for your other devices). Returns `{ group, keys }`: send each key to its
    /// recipient with `Session.encryptGroupKey` (or store its `json` on the server).
    #[wasm_bindgen(unchecked_return_type = "CreatedGroup")]
    pub fn create(
        #[wasm_bindgen(js_name = conversationId, unchecked_param_type = "string")]
        conversation: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] members: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<JsValue> {
        let id = conversation_id(&conversation)?;
        let members = identity_keys(&members, "members")?;
        let escrow = escrow_arg(&escrow)?;
        let (group, keys) = SdkGroup::create(id, &members, escrow, &mut Rng).or_throw()?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(
            &out,
            &"group".into(),
            &JsValue::from(Self::from_inner(group)),
        )?;
        js_sys::Reflect::set(&out, &"keys".into(), &wrapped_list(keys))?;
        Ok(out.into())
    }

    /// Joins from a key a member sent through a pairwise session
    /// (`Session.decryptAuthenticated`): the sender must be in `members`, and this member may
    /// then send too.
    #[wasm_bindgen(js_name = joinFrom)]
    pub fn join_from(
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] members: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReceivedMessage")] message: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<GroupSession> {
        let members = identity_keys(&members, "members")?;
        let escrow = escrow_arg(&escrow)?;
        ReceivedMessage::with_arg(&message, "message", |m| {
            Account::with_arg(&account, "account", |a| {
                Ok(Self::from_inner(
                    SdkGroup::join_from(a, &members, m, escrow).or_throw()?,
                ))
            })
        })
    }

    /// Joins from the server's copy of the key (`GroupKeyJson`) wrapped for this account. Such
    /// a key only decrypts: this member sends after receiving a key from a member
    /// (`acceptKeyFrom`) or rotating.
    pub fn join(
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] members: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GroupKeyJson")] key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<GroupSession> {
        let members = identity_keys(&members, "members")?;
        let key = group_key_json(&key)?;
        let escrow = escrow_arg(&escrow)?;
        Account::with_arg(&account, "account", |a| {
            let wrapped = SdkWrapped::from_json(&key, *a.identity_key()).or_throw()?;
            Ok(Self::from_inner(
                SdkGroup::join(a, &members, &wrapped, escrow).or_throw()?,
            ))
        })
    }

    /// Takes a new key a member sent through a pairwise session (after a rotation).
    #[wasm_bindgen(js_name = acceptKeyFrom)]
    pub fn accept_key_from(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] account: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ReceivedMessage")] message: JsValue,
    ) -> JsResult<()> {
        ReceivedMessage::with_arg(&message, "message", |m| {
            Account::with_arg(&account, "account", |a| {
                self.with(|g| g.accept_key_from(a, m).or_throw())
            })
        })
    }

    /// The conversation id.
    #[wasm_bindgen(getter, js_name = conversationId)]
    pub fn conversation_id(&self) -> JsResult<String> {
        self.with(|g| Ok(g.conversation_id().to_string()))
    }

    /// The members' identity keys, base64.
    #[wasm_bindgen(getter)]
    pub fn members(&self) -> JsResult<Vec<String>> {
        self.with(|g| {
            Ok(g.members()
                .iter()
                .map(gx_crypto::IdentityPublicKey::to_base64)
                .collect())
        })
    }

    /// The version of the key messages are sent under (`undefined` while only a key taken
    /// from the server is held).
    #[wasm_bindgen(getter, js_name = keyVersion)]
    pub fn key_version(&self) -> JsResult<Option<u32>> {
        self.with(|g| Ok(g.current_key().map(|(_, version)| version)))
    }

    /// Encrypts and signs a message from `sender` (this device's account) to the group.
    #[wasm_bindgen(unchecked_return_type = "MessageFields")]
    pub fn encrypt(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Account")] sender: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | string")] plaintext: JsValue,
    ) -> JsResult<JsValue> {
        let plaintext = zeroize::Zeroizing::new(input::bytes_or_text(&plaintext, "plaintext")?);
        Account::with_arg(&sender, "sender", |a| {
            self.with(|g| fields_to_js(&g.encrypt(a, &plaintext, &mut Rng).or_throw()?.to_fields()))
        })
    }

    /// Verifies the sender's membership and signature, then decrypts: `{ sender, plaintext }`.
    #[wasm_bindgen(unchecked_return_type = "GroupPlaintext")]
    pub fn decrypt(
        &self,
        #[wasm_bindgen(js_name = encryptedContent, unchecked_param_type = "string")]
        encrypted_content: JsValue,
    ) -> JsResult<JsValue> {
        let content = input::string(&encrypted_content, "encryptedContent")?;
        self.with(|g| {
            let p = g.decrypt_base64(&content).or_throw()?;
            to_js(&GroupPlaintextOut {
                sender: p.sender.to_base64(),
                plaintext: p.plaintext,
            })
        })
    }

    /// Adds a member and returns the current key wrapped for them.
    #[wasm_bindgen(js_name = addMember)]
    pub fn add_member(
        &self,
        #[wasm_bindgen(js_name = identityKey, unchecked_param_type = "string")] member: JsValue,
    ) -> JsResult<WrappedGroupKey> {
        let member = identity_key(&member, "identityKey")?;
        self.with(|g| {
            Ok(WrappedGroupKey::from_inner(
                g.add_member(member, &mut Rng).or_throw()?,
            ))
        })
    }

    /// Removes a member and rotates the key; returns the new key wrapped for everyone left.
    #[wasm_bindgen(js_name = removeMember, unchecked_return_type = "WrappedGroupKey[]")]
    pub fn remove_member(
        &self,
        #[wasm_bindgen(js_name = identityKey, unchecked_param_type = "string")] member: JsValue,
    ) -> JsResult<js_sys::Array> {
        let member = identity_key(&member, "identityKey")?;
        self.with(|g| Ok(wrapped_list(g.remove_member(&member, &mut Rng).or_throw()?)))
    }

    /// A fresh key one version up, wrapped for every member.
    #[wasm_bindgen(unchecked_return_type = "WrappedGroupKey[]")]
    pub fn rotate(&self) -> JsResult<js_sys::Array> {
        self.with(|g| Ok(wrapped_list(g.rotate(&mut Rng).or_throw()?)))
    }

    /// From now on every message is escrowed under this policy's master key (or the master key
    /// is replaced, on rotation); there is no way back, as for `Session.requireEscrow`.
    #[wasm_bindgen(js_name = requireEscrow)]
    pub fn require_escrow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EscrowPolicy")] escrow: JsValue,
    ) -> JsResult<()> {
        let master = super::required_master_key(&escrow)?;
        self.with(|g| {
            g.require_escrow(master);
            Ok(())
        })
    }

    /// The group encrypted under `key`, to keep in IndexedDB.
    pub fn seal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<js_sys::Uint8Array> {
        super::seal_handle::<SdkGroup>(self.handle, &key)
    }

    /// A group sealed with `seal`.
    pub fn open(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] sealed: JsValue,
        #[wasm_bindgen(unchecked_param_type = "StorageKey")] key: JsValue,
    ) -> JsResult<GroupSession> {
        Ok(Self::from_inner(super::unseal(&sealed, &key)?))
    }
}
