//! End-to-end messaging: accounts, sessions, groups, sealed storage, escrow policy.
//!
//! Thread safety: `GxAccount`, `GxSession` and `GxGroupSession` change on use and must be used
//! by one thread at a time (they may move between threads); `GxStorageKey` and
//! `GxEscrowPolicy` never change after creation and may be shared by threads.

use std::ffi::c_char;

use gx_crypto::compliance::escrow::MasterPublicKey;
use gx_crypto::envelope::Envelope;
use gx_crypto::{
    Account, EscrowPolicy, GroupKeyJson, GroupSession, IdentityPublicKey, OsRng, PreKeyBundle,
    Sealable, Session, StorageKey, WrappedGroupKey,
};
use serde::Serialize;

use crate::abi::{self, run, FfiResult, GxBuffer, GxError, Handle, OrGx, Tagged};

/// One device's E2E identity (holds secrets; free with `gx_account_free`).
pub struct GxAccount {
    _opaque: [u8; 0],
}

impl Tagged for Account {
    const TAG: u64 = 0x4758_4143_4354_0001;
    const NAME: &'static str = "GxAccount";
}

/// A pairwise conversation (holds secrets; free with `gx_session_free`).
pub struct GxSession {
    _opaque: [u8; 0],
}

impl Tagged for Session {
    const TAG: u64 = 0x4758_5345_5353_0002;
    const NAME: &'static str = "GxSession";
}

/// A group conversation (holds secrets; free with `gx_group_session_free`).
pub struct GxGroupSession {
    _opaque: [u8; 0],
}

impl Tagged for GroupSession {
    const TAG: u64 = 0x4758_4752_5550_0003;
    const NAME: &'static str = "GxGroupSession";
}

/// The app's 32-byte key for sealed storage (free with `gx_storage_key_free`).
pub struct GxStorageKey {
    _opaque: [u8; 0],
}

impl Tagged for StorageKey {
    const TAG: u64 = 0x4758_4b45_5953_0004;
    const NAME: &'static str = "GxStorageKey";
}

/// A conversation's escrow policy (free with `gx_escrow_policy_free`).
pub struct GxEscrowPolicy {
    _opaque: [u8; 0],
}

impl Tagged for EscrowPolicy {
    const TAG: u64 = 0x4758_4553_4352_0005;
    const NAME: &'static str = "GxEscrowPolicy";
}

/// # Safety
/// The header's handle contract.
unsafe fn get<'a, T: Tagged, O>(ptr: *mut O, name: &str) -> FfiResult<&'a mut T> {
    // SAFETY: forwarded contract; `O` is the opaque C name of a `Handle<T>`.
    unsafe { abi::handle::<T>(ptr.cast::<Handle<T>>(), name) }
}

/// # Safety
/// The header's out-parameter contract.
unsafe fn put<T: Tagged, O>(out: *mut *mut O, value: T, name: &str) -> FfiResult {
    // SAFETY: forwarded contract.
    unsafe { abi::write_handle(out.cast::<*mut Handle<T>>(), value, name) }
}

/// Frees an account, wiping its keys. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn gx_account_free(handle: *mut GxAccount) {
    // SAFETY: the header's contract: NULL or a live handle of this type, freed once.
    unsafe { abi::free_handle::<Account>(handle.cast()) }
}

/// Frees a session, wiping its keys. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn gx_session_free(handle: *mut GxSession) {
    // SAFETY: the header's contract: NULL or a live handle of this type, freed once.
    unsafe { abi::free_handle::<Session>(handle.cast()) }
}

/// Frees a group session, wiping its keys. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_free(handle: *mut GxGroupSession) {
    // SAFETY: the header's contract: NULL or a live handle of this type, freed once.
    unsafe { abi::free_handle::<GroupSession>(handle.cast()) }
}

/// Frees a storage key, wiping it. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn gx_storage_key_free(handle: *mut GxStorageKey) {
    // SAFETY: the header's contract: NULL or a live handle of this type, freed once.
    unsafe { abi::free_handle::<StorageKey>(handle.cast()) }
}

/// Frees an escrow policy. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn gx_escrow_policy_free(handle: *mut GxEscrowPolicy) {
    // SAFETY: the header's contract: NULL or a live handle of this type, freed once.
    unsafe { abi::free_handle::<EscrowPolicy>(handle.cast()) }
}

/// Seals the value behind a handle under `key`.
///
/// # Safety
/// The header's contract for the handle, the key and `out`.
unsafe fn seal<T: Tagged + Sealable, O>(
    handle: *mut O,
    name: &str,
    key: *mut GxStorageKey,
    out: *mut GxBuffer,
) -> FfiResult {
    // SAFETY: forwarded contract.
    let (value, key) = unsafe {
        (
            get::<T, _>(handle, name)?,
            get::<StorageKey, _>(key, "key")?,
        )
    };
    let sealed = value.seal(key, &mut OsRng);
    // SAFETY: forwarded contract.
    unsafe { abi::write(out, GxBuffer::from_vec(sealed), "out") }
}

/// Opens sealed state into a new handle.
///
/// # Safety
/// The header's contract for the bytes, the key and `out`.
unsafe fn open<T: Tagged + Sealable, O>(
    sealed: *const u8,
    sealed_len: usize,
    key: *mut GxStorageKey,
    out: *mut *mut O,
) -> FfiResult {
    // SAFETY: forwarded contract.
    let (blob, key) = unsafe {
        (
            abi::bytes(sealed, sealed_len, "sealed")?,
            get::<StorageKey, _>(key, "key")?,
        )
    };
    let value = T::unseal(blob, key).or_gx()?;
    // SAFETY: forwarded contract.
    unsafe { put(out, value, "out") }
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A new account (identity key pair and signed prekey) from the OS CSPRNG.
#[no_mangle]
pub unsafe extern "C" fn gx_account_new(out: *mut *mut GxAccount) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { put(out, Account::new(&mut OsRng), "out") })
}

/// The account's identity public key, base64.
#[no_mangle]
pub unsafe extern "C" fn gx_account_identity_key(
    account: *mut GxAccount,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, a.identity_key().to_base64(), "out") }
    })
}

/// Makes `count` one-time prekeys (at most 100 a call); `*out_json` lists them as the API's
/// `[{keyIndex, publicKey}]`, to upload.
#[no_mangle]
pub unsafe extern "C" fn gx_account_generate_one_time_prekeys(
    account: *mut GxAccount,
    count: u32,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        let made = a.generate_one_time_prekeys(count, &mut OsRng).or_gx()?;
        let keys: Vec<_> = a
            .published_bundle()
            .pre_keys
            .into_iter()
            .filter(|k| made.contains(&k.key_index))
            .collect();
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, json(&keys), "out_json") }
    })
}

/// The bundle to publish, as the API's JSON (`identityKeyPublic`, `signedPreKeyId`,
/// `signedPreKeyPublic`, `signedPreKeySignature`, `preKeys`).
#[no_mangle]
pub unsafe extern "C" fn gx_account_bundle_json(
    account: *mut GxAccount,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, json(&a.published_bundle()), "out_json") }
    })
}

/// What the server hands a peer fetching this account's bundle with one-time prekey
/// `key_index` (a negative index: none), as JSON; for tests and local use.
#[no_mangle]
pub unsafe extern "C" fn gx_account_fetched_bundle_json(
    account: *mut GxAccount,
    key_index: i64,
    out_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        let index = if key_index < 0 {
            None
        } else {
            Some(
                u32::try_from(key_index)
                    .map_err(|_| abi::invalid("key_index", "above 2^32 - 1"))?,
            )
        };
        let bundle = a.prekey_bundle(index).ok_or_else(|| {
            abi::invalid(
                "key_index",
                "the account has no one-time prekey with this index",
            )
        })?;
        // SAFETY: as above.
        unsafe { abi::write_string(out_json, json(&bundle.to_fetched()), "out_json") }
    })
}

/// Answers a peer's first message (`encryptedContent`, base64): `*out_session` receives the new
/// session and `*out_plaintext` the message. The used one-time prekey is deleted only when this
/// succeeds (seal the account again afterwards).
#[no_mangle]
pub unsafe extern "C" fn gx_account_accept_session(
    account: *mut GxAccount,
    encrypted_content: *const u8,
    encrypted_content_len: usize,
    escrow: *mut GxEscrowPolicy,
    out_session: *mut *mut GxSession,
    out_plaintext: *mut GxBuffer,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (a, content, escrow) = unsafe {
            (
                get::<Account, _>(account, "account")?,
                abi::string(
                    encrypted_content,
                    encrypted_content_len,
                    "encrypted_content",
                )?,
                get::<EscrowPolicy, _>(escrow, "escrow")?.clone(),
            )
        };
        if out_session.is_null() || out_plaintext.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_session` or `out_plaintext` is NULL; expected valid pointers",
            ));
        }
        let envelope = Envelope::from_base64(content).or_gx()?;
        let (session, plaintext) = a.accept_session(&envelope, escrow).or_gx()?;
        // SAFETY: as above (both checked non-NULL).
        unsafe {
            put(out_session, session, "out_session")?;
            abi::write(
                out_plaintext,
                GxBuffer::from_vec(plaintext),
                "out_plaintext",
            )
        }
    })
}

/// The account sealed under `key` (AES-256-GCM), to store.
#[no_mangle]
pub unsafe extern "C" fn gx_account_seal(
    account: *mut GxAccount,
    key: *mut GxStorageKey,
    out: *mut GxBuffer,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { seal::<Account, _>(account, "account", key, out) })
}

/// An account sealed with `gx_account_seal`.
#[no_mangle]
pub unsafe extern "C" fn gx_account_open(
    sealed: *const u8,
    sealed_len: usize,
    key: *mut GxStorageKey,
    out: *mut *mut GxAccount,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { open::<Account, _>(sealed, sealed_len, key, out) })
}

/// Starts a conversation (X3DH as initiator) from the peer's bundle JSON as fetched from the
/// server; the signed prekey's signature is checked first.
#[no_mangle]
pub unsafe extern "C" fn gx_session_initiate(
    account: *mut GxAccount,
    bundle_json: *const u8,
    bundle_json_len: usize,
    escrow: *mut GxEscrowPolicy,
    out: *mut *mut GxSession,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (a, bundle, escrow) = unsafe {
            (
                get::<Account, _>(account, "account")?,
                abi::string(bundle_json, bundle_json_len, "bundle_json")?,
                get::<EscrowPolicy, _>(escrow, "escrow")?.clone(),
            )
        };
        let bundle = PreKeyBundle::from_json(bundle).or_gx()?;
        let session = Session::initiate(a, &bundle, escrow, &mut OsRng).or_gx()?;
        // SAFETY: as above.
        unsafe { put(out, session, "out") }
    })
}

/// Encrypts a message; `*out_fields_json` receives the API's fields (`encryptedContent`,
/// `contentNonce`, `encryptionKeyId`, `masterKeyWrappedContent` under escrow).
#[no_mangle]
pub unsafe extern "C" fn gx_session_encrypt(
    session: *mut GxSession,
    plaintext: *const u8,
    plaintext_len: usize,
    out_fields_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (s, plaintext) = unsafe {
            (
                get::<Session, _>(session, "session")?,
                abi::bytes(plaintext, plaintext_len, "plaintext")?,
            )
        };
        let fields = s.encrypt(plaintext, &mut OsRng).or_gx()?.to_fields();
        // SAFETY: as above.
        unsafe { abi::write_string(out_fields_json, json(&fields), "out_fields_json") }
    })
}

/// Decrypts a message of this session (`encryptedContent`, base64). On error the session is
/// unchanged.
#[no_mangle]
pub unsafe extern "C" fn gx_session_decrypt(
    session: *mut GxSession,
    encrypted_content: *const u8,
    encrypted_content_len: usize,
    out_plaintext: *mut GxBuffer,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (s, content) = unsafe {
            (
                get::<Session, _>(session, "session")?,
                abi::string(
                    encrypted_content,
                    encrypted_content_len,
                    "encrypted_content",
                )?,
            )
        };
        if out_plaintext.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_plaintext` is NULL; expected a valid pointer",
            ));
        }
        let plaintext = s.decrypt_base64(content).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe {
            abi::write(
                out_plaintext,
                GxBuffer::from_vec(plaintext),
                "out_plaintext",
            )
        }
    })
}

/// The session sealed under `key`, to store.
#[no_mangle]
pub unsafe extern "C" fn gx_session_seal(
    session: *mut GxSession,
    key: *mut GxStorageKey,
    out: *mut GxBuffer,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { seal::<Session, _>(session, "session", key, out) })
}

/// A session sealed with `gx_session_seal`.
#[no_mangle]
pub unsafe extern "C" fn gx_session_open(
    sealed: *const u8,
    sealed_len: usize,
    key: *mut GxStorageKey,
    out: *mut *mut GxSession,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { open::<Session, _>(sealed, sealed_len, key, out) })
}

/// A storage key from 32 bytes the app keeps (e.g. in the platform keystore).
#[no_mangle]
pub unsafe extern "C" fn gx_storage_key_new(
    bytes: *const u8,
    bytes_len: usize,
    out: *mut *mut GxStorageKey,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let raw = unsafe { abi::bytes(bytes, bytes_len, "bytes") }?;
        let mut array: [u8; 32] = raw
            .try_into()
            .map_err(|_| abi::invalid("bytes", &format!("expected 32 bytes, got {bytes_len}")))?;
        let key = StorageKey::from_bytes(array);
        zeroize::Zeroize::zeroize(&mut array);
        // SAFETY: as above.
        unsafe { put(out, key, "out") }
    })
}

/// No compliance escrow for the conversation.
#[no_mangle]
pub unsafe extern "C" fn gx_escrow_policy_none(out: *mut *mut GxEscrowPolicy) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { put(out, EscrowPolicy::None, "out") })
}

/// Every message also carries its plaintext sealed for this master public key (RSA-4096 SPKI
/// PEM).
#[no_mangle]
pub unsafe extern "C" fn gx_escrow_policy_from_pem(
    pem: *const u8,
    pem_len: usize,
    out: *mut *mut GxEscrowPolicy,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let pem = unsafe { abi::string(pem, pem_len, "pem") }?;
        let key = MasterPublicKey::from_public_key_pem(pem).or_gx()?;
        // SAFETY: as above.
        unsafe { put(out, EscrowPolicy::Required(key), "out") }
    })
}

fn identity_keys(members_json: &str) -> FfiResult<Vec<IdentityPublicKey>> {
    let list: Vec<String> = serde_json::from_str(members_json).map_err(|_| {
        abi::invalid(
            "members_json",
            "expected a JSON array of base64 identity keys",
        )
    })?;
    list.iter()
        .map(|k| IdentityPublicKey::from_base64(k).or_gx())
        .collect()
}

#[derive(Serialize)]
struct KeyFor {
    recipient: String,
    key: GroupKeyJson,
}

/// Creates a group (key version 1) for `members_json` (a JSON array of base64 identity keys).
/// `*out_keys_json` lists `[{recipient, key: {keyId, conversationId, keyVersion,
/// encryptedKey}}]`: the key wrapped for each member, to deliver.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_create(
    conversation_id: *const u8,
    conversation_id_len: usize,
    members_json: *const u8,
    members_json_len: usize,
    escrow: *mut GxEscrowPolicy,
    out: *mut *mut GxGroupSession,
    out_keys_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (id, members, escrow) = unsafe {
            (
                abi::string(conversation_id, conversation_id_len, "conversation_id")?,
                abi::string(members_json, members_json_len, "members_json")?,
                get::<EscrowPolicy, _>(escrow, "escrow")?.clone(),
            )
        };
        let id = uuid::Uuid::parse_str(id)
            .map_err(|_| abi::invalid("conversation_id", "expected a UUID"))?;
        let members = identity_keys(members)?;
        if out.is_null() || out_keys_json.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out` or `out_keys_json` is NULL; expected valid pointers",
            ));
        }
        let (group, keys) = GroupSession::create(id, &members, escrow, &mut OsRng).or_gx()?;
        let keys: Vec<KeyFor> = keys
            .iter()
            .map(|k| KeyFor {
                recipient: k.recipient.to_base64(),
                key: k.to_json(),
            })
            .collect();
        // SAFETY: as above (both checked non-NULL).
        unsafe {
            abi::write_string(out_keys_json, json(&keys), "out_keys_json")?;
            put(out, group, "out")
        }
    })
}

/// Joins a group from the key wrapped for `account` (`key_json`: `{keyId, conversationId,
/// keyVersion, encryptedKey}`), given the members as a JSON array of base64 identity keys.
/// Such a key decrypts; sending needs a key from a member or a rotation.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_join(
    account: *mut GxAccount,
    members_json: *const u8,
    members_json_len: usize,
    key_json: *const u8,
    key_json_len: usize,
    escrow: *mut GxEscrowPolicy,
    out: *mut *mut GxGroupSession,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (a, members, key, escrow) = unsafe {
            (
                get::<Account, _>(account, "account")?,
                abi::string(members_json, members_json_len, "members_json")?,
                abi::string(key_json, key_json_len, "key_json")?,
                get::<EscrowPolicy, _>(escrow, "escrow")?.clone(),
            )
        };
        let members = identity_keys(members)?;
        let key: GroupKeyJson = serde_json::from_str(key).map_err(|_| {
            abi::invalid(
                "key_json",
                "expected {keyId, conversationId, keyVersion, encryptedKey}",
            )
        })?;
        let wrapped = WrappedGroupKey::from_json(&key, *a.identity_key()).or_gx()?;
        let group = GroupSession::join(a, &members, &wrapped, escrow).or_gx()?;
        // SAFETY: as above.
        unsafe { put(out, group, "out") }
    })
}

/// Encrypts and signs a message from `sender` to the group; `*out_fields_json` as
/// `gx_session_encrypt`.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_encrypt(
    group: *mut GxGroupSession,
    sender: *mut GxAccount,
    plaintext: *const u8,
    plaintext_len: usize,
    out_fields_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, a, plaintext) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                get::<Account, _>(sender, "sender")?,
                abi::bytes(plaintext, plaintext_len, "plaintext")?,
            )
        };
        let fields = g.encrypt(a, plaintext, &mut OsRng).or_gx()?.to_fields();
        // SAFETY: as above.
        unsafe { abi::write_string(out_fields_json, json(&fields), "out_fields_json") }
    })
}

/// Verifies the sender's membership and signature, then decrypts: `*out_sender` receives the
/// sender's identity key (base64), `*out_plaintext` the message.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_decrypt(
    group: *mut GxGroupSession,
    encrypted_content: *const u8,
    encrypted_content_len: usize,
    out_sender: *mut *mut c_char,
    out_plaintext: *mut GxBuffer,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, content) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                abi::string(
                    encrypted_content,
                    encrypted_content_len,
                    "encrypted_content",
                )?,
            )
        };
        if out_sender.is_null() || out_plaintext.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_sender` or `out_plaintext` is NULL; expected valid pointers",
            ));
        }
        let p = g.decrypt_base64(content).or_gx()?;
        // SAFETY: as above (both checked non-NULL).
        unsafe {
            abi::write_string(out_sender, p.sender.to_base64(), "out_sender")?;
            abi::write(
                out_plaintext,
                GxBuffer::from_vec(p.plaintext),
                "out_plaintext",
            )
        }
    })
}

/// The group sealed under `key`, to store.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_seal(
    group: *mut GxGroupSession,
    key: *mut GxStorageKey,
    out: *mut GxBuffer,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { seal::<GroupSession, _>(group, "group", key, out) })
}

/// A group sealed with `gx_group_session_seal`.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_open(
    sealed: *const u8,
    sealed_len: usize,
    key: *mut GxStorageKey,
    out: *mut *mut GxGroupSession,
) -> *mut GxError {
    // SAFETY: the header's contract for this function's pointers.
    run(|| unsafe { open::<GroupSession, _>(sealed, sealed_len, key, out) })
}

/// The safety number of two identity keys (base64), the same whichever order they come in.
#[no_mangle]
pub unsafe extern "C" fn gx_safety_number(
    ours: *const u8,
    ours_len: usize,
    theirs: *const u8,
    theirs_len: usize,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (a, b) = unsafe {
            (
                abi::string(ours, ours_len, "ours")?,
                abi::string(theirs, theirs_len, "theirs")?,
            )
        };
        let a = IdentityPublicKey::from_base64(a).or_gx()?;
        let b = IdentityPublicKey::from_base64(b).or_gx()?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, gx_crypto::safety_number(&a, &b), "out") }
    })
}

/// Replaces the signed prekey; `*out_id` receives the new id. Publish the bundle again.
#[no_mangle]
pub unsafe extern "C" fn gx_account_rotate_signed_prekey(
    account: *mut GxAccount,
    out_id: *mut u32,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        if out_id.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_id` is NULL; expected a valid pointer",
            ));
        }
        let id = a.rotate_signed_prekey(&mut OsRng).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe { abi::write(out_id, id, "out_id") }
    })
}

/// Marks a one-time prekey as handed out by the server (it leaves the published bundle);
/// `*out_known` says whether the account had it.
#[no_mangle]
pub unsafe extern "C" fn gx_account_mark_prekey_used(
    account: *mut GxAccount,
    key_index: u32,
    out_known: *mut bool,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let a: &mut Account = unsafe { get(account, "account") }?;
        if out_known.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_known` is NULL; expected a valid pointer",
            ));
        }
        let known = a.mark_used(key_index);
        // SAFETY: as above (checked non-NULL).
        unsafe { abi::write(out_known, known, "out_known") }
    })
}

/// The session id (a UUID, the `encryptionKeyId` of its messages).
#[no_mangle]
pub unsafe extern "C" fn gx_session_id(
    session: *mut GxSession,
    out: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let s: &mut Session = unsafe { get(session, "session") }?;
        // SAFETY: as above.
        unsafe { abi::write_string(out, s.id().to_string(), "out") }
    })
}

/// From now on every message of the session is escrowed under `escrow`'s master key (escrow is
/// never switched off: a policy without a key is `INVALID_ARGUMENT`).
#[no_mangle]
pub unsafe extern "C" fn gx_session_require_escrow(
    session: *mut GxSession,
    escrow: *mut GxEscrowPolicy,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (s, escrow) = unsafe {
            (
                get::<Session, _>(session, "session")?,
                get::<EscrowPolicy, _>(escrow, "escrow")?,
            )
        };
        s.require_escrow(required_master(escrow)?);
        Ok(())
    })
}

/// As `gx_session_require_escrow`, for a group.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_require_escrow(
    group: *mut GxGroupSession,
    escrow: *mut GxEscrowPolicy,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, escrow) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                get::<EscrowPolicy, _>(escrow, "escrow")?,
            )
        };
        g.require_escrow(required_master(escrow)?);
        Ok(())
    })
}

fn required_master(escrow: &EscrowPolicy) -> FfiResult<MasterPublicKey> {
    match escrow {
        EscrowPolicy::Required(master) => Ok(master.clone()),
        _ => Err(abi::invalid(
            "escrow",
            "expected a policy from gx_escrow_policy_from_pem; escrow cannot be switched off",
        )),
    }
}

/// Sends a group key (`key_json`, one of `gx_group_session_create`'s or a rotation's keys,
/// wrapped for this session's peer) through the pairwise session, so the peer knows which
/// member it came from; `*out_fields_json` as `gx_session_encrypt`.
#[no_mangle]
pub unsafe extern "C" fn gx_session_encrypt_group_key(
    session: *mut GxSession,
    key_json: *const u8,
    key_json_len: usize,
    out_fields_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (s, key) = unsafe {
            (
                get::<Session, _>(session, "session")?,
                abi::string(key_json, key_json_len, "key_json")?,
            )
        };
        let key = group_key(key)?;
        let wrapped = WrappedGroupKey::from_json(&key, *s.remote_identity()).or_gx()?;
        let fields = s
            .encrypt_group_key(&wrapped, &mut OsRng)
            .or_gx()?
            .to_fields();
        // SAFETY: as above.
        unsafe { abi::write_string(out_fields_json, json(&fields), "out_fields_json") }
    })
}

fn group_key(text: &str) -> FfiResult<GroupKeyJson> {
    serde_json::from_str(text).map_err(|_| {
        abi::invalid(
            "key_json",
            "expected {keyId, conversationId, keyVersion, encryptedKey}",
        )
    })
}

/// Joins a group from a key a member sent through the pairwise `session`
/// (`gx_session_encrypt_group_key`): the message is decrypted and its sender, authenticated
/// by the session, must be in `members_json`; this member may then send too.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_join_from(
    account: *mut GxAccount,
    members_json: *const u8,
    members_json_len: usize,
    session: *mut GxSession,
    encrypted_content: *const u8,
    encrypted_content_len: usize,
    escrow: *mut GxEscrowPolicy,
    out: *mut *mut GxGroupSession,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (a, members, s, content, escrow) = unsafe {
            (
                get::<Account, _>(account, "account")?,
                abi::string(members_json, members_json_len, "members_json")?,
                get::<Session, _>(session, "session")?,
                abi::string(
                    encrypted_content,
                    encrypted_content_len,
                    "encrypted_content",
                )?,
                get::<EscrowPolicy, _>(escrow, "escrow")?.clone(),
            )
        };
        let members = identity_keys(members)?;
        if out.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out` is NULL; expected a valid pointer",
            ));
        }
        let message = s
            .decrypt_authenticated(&Envelope::from_base64(content).or_gx()?)
            .or_gx()?;
        let group = GroupSession::join_from(a, &members, &message, escrow).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe { put(out, group, "out") }
    })
}

/// Takes a new group key a member sent through the pairwise `session` (after a rotation).
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_accept_key_from(
    group: *mut GxGroupSession,
    account: *mut GxAccount,
    session: *mut GxSession,
    encrypted_content: *const u8,
    encrypted_content_len: usize,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, a, s, content) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                get::<Account, _>(account, "account")?,
                get::<Session, _>(session, "session")?,
                abi::string(
                    encrypted_content,
                    encrypted_content_len,
                    "encrypted_content",
                )?,
            )
        };
        let message = s
            .decrypt_authenticated(&Envelope::from_base64(content).or_gx()?)
            .or_gx()?;
        g.accept_key_from(a, &message).or_gx()
    })
}

fn keys_json(keys: &[WrappedGroupKey]) -> String {
    json(
        &keys
            .iter()
            .map(|k| KeyFor {
                recipient: k.recipient.to_base64(),
                key: k.to_json(),
            })
            .collect::<Vec<_>>(),
    )
}

/// A fresh key one version up, wrapped for every member: `*out_keys_json` as
/// `gx_group_session_create`'s.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_rotate(
    group: *mut GxGroupSession,
    out_keys_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let g: &mut GroupSession = unsafe { get(group, "group") }?;
        if out_keys_json.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_keys_json` is NULL; expected a valid pointer",
            ));
        }
        let keys = g.rotate(&mut OsRng).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe { abi::write_string(out_keys_json, keys_json(&keys), "out_keys_json") }
    })
}

/// Adds a member (base64 identity key) and returns the current key wrapped for them.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_add_member(
    group: *mut GxGroupSession,
    identity_key: *const u8,
    identity_key_len: usize,
    out_keys_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, member) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                abi::string(identity_key, identity_key_len, "identity_key")?,
            )
        };
        let member = IdentityPublicKey::from_base64(member).or_gx()?;
        if out_keys_json.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_keys_json` is NULL; expected a valid pointer",
            ));
        }
        let key = g.add_member(member, &mut OsRng).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe { abi::write_string(out_keys_json, keys_json(&[key]), "out_keys_json") }
    })
}

/// Removes a member and rotates the key; `*out_keys_json` lists the new key for everyone left.
#[no_mangle]
pub unsafe extern "C" fn gx_group_session_remove_member(
    group: *mut GxGroupSession,
    identity_key: *const u8,
    identity_key_len: usize,
    out_keys_json: *mut *mut c_char,
) -> *mut GxError {
    run(|| {
        // SAFETY: the header's contract for this function's pointers.
        let (g, member) = unsafe {
            (
                get::<GroupSession, _>(group, "group")?,
                abi::string(identity_key, identity_key_len, "identity_key")?,
            )
        };
        let member = IdentityPublicKey::from_base64(member).or_gx()?;
        if out_keys_json.is_null() {
            return Err(GxError::new(
                abi::codes::NULL_POINTER,
                "`out_keys_json` is NULL; expected a valid pointer",
            ));
        }
        let keys = g.remove_member(&member, &mut OsRng).or_gx()?;
        // SAFETY: as above (checked non-NULL).
        unsafe { abi::write_string(out_keys_json, keys_json(&keys), "out_keys_json") }
    })
}
