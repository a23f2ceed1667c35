//! Every path of the API, as functions of their parameters, under [`API_PREFIX`].
//!
//! Parameters are percent-encoded, so a Fabric ID with its spaces or a code typed by a user is
//! one path segment whatever it holds.
//!
//! ```
//! use gx_api::paths;
//! assert_eq!(paths::wallet_balance("6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11"),
//!            "/api/v1/wallets/6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11/balance");
//! assert_eq!(paths::qsend("QS-6PAS3LHD"), "/api/v1/qsend/QS-6PAS3LHD");
//! assert_eq!(paths::qsend("../admin"), "/api/v1/qsend/..%2Fadmin");
//! ```

/// Where every route is mounted.
pub const API_PREFIX: &str = "/api/v1";

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
    // "." and ".." are segments with a meaning; encode them.
    match out.as_str() {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => out,
    }
}

macro_rules! fixed {
    ($($(#[$doc:meta])* $name:ident => $path:literal;)*) => {
        $( $(#[$doc])* pub fn $name() -> String { format!("{API_PREFIX}{}", $path) } )*
    };
}

fixed! {
    /// `POST` register.
    auth_register => "/auth/register";
    /// `POST` login.
    auth_login => "/auth/login";
    /// `POST` refresh.
    auth_refresh => "/auth/refresh";
    /// `POST` logout.
    auth_logout => "/auth/logout";
    /// `POST` admin login.
    admin_login => "/admin/auth/login";
    /// `GET` users (admin).
    admin_users => "/admin/users";
    /// `POST` create, `GET` list.
    qsend_collection => "/qsend";
    /// `GET` dashboard.
    qsend_dashboard => "/qsend/dashboard";
    /// `POST` verify.
    qsend_verify => "/qsend/verify";
    /// `POST` submit.
    transfers => "/transfers";
    /// `POST` the reference's fee formula.
    fees_calculate => "/fees/calculate";
    /// `POST` the chain's fee (sandbox).
    fees_quote => "/fees/quote";
    /// `POST` register keys.
    keys_register => "/keys/register";
    /// `POST` upload prekeys.
    keys_prekeys => "/keys/prekeys";
    /// `GET` prekey count.
    keys_prekey_count => "/keys/prekeys/count";
    /// `POST` rotate the signed prekey.
    keys_rotate_signed => "/keys/rotate/signed";
    /// `POST` create, `GET` list.
    conversations => "/conversations";
    /// `POST` create.
    groups => "/groups";
    /// `POST` reset the sandbox.
    devnet_reset => "/devnet/reset";
}

/// `GET /health` (not under the prefix).
pub const HEALTH: &str = "/health";
/// `GET /livez`.
pub const LIVEZ: &str = "/livez";
/// `GET /readyz`.
pub const READYZ: &str = "/readyz";
/// The Socket.IO endpoint.
pub const SOCKET_IO: &str = "/socket.io/";

/// `POST` approve a user (admin).
pub fn admin_approve(profile_id: &str) -> String {
    format!("{API_PREFIX}/admin/users/{}/approve", segment(profile_id))
}
/// `GET` a Q Send request.
pub fn qsend(code: &str) -> String {
    format!("{API_PREFIX}/qsend/{}", segment(code))
}
/// `POST` pay a Q Send request.
pub fn qsend_pay(code: &str) -> String {
    format!("{}/pay", qsend(code))
}
/// `POST` cancel a Q Send request.
pub fn qsend_cancel(code: &str) -> String {
    format!("{}/cancel", qsend(code))
}
/// `GET` a wallet's balance.
pub fn wallet_balance(profile_id: &str) -> String {
    format!("{API_PREFIX}/wallets/{}/balance", segment(profile_id))
}
/// `GET` a wallet's history.
pub fn wallet_transactions(profile_id: &str) -> String {
    format!("{API_PREFIX}/wallets/{}/transactions", segment(profile_id))
}
/// `GET` a command's status.
pub fn transfer_status(command_id: &str) -> String {
    format!("{API_PREFIX}/transfers/{}/status", segment(command_id))
}
/// `GET` a user's key bundle (consumes one prekey).
pub fn key_bundle(profile_id: &str) -> String {
    format!("{API_PREFIX}/keys/bundle/{}", segment(profile_id))
}
/// `GET` the caller's wrapped group key.
pub fn group_key(conversation_id: &str) -> String {
    format!("{API_PREFIX}/keys/group/{}", segment(conversation_id))
}
/// `POST` rotate a group key.
pub fn group_key_rotate(conversation_id: &str) -> String {
    format!("{}/rotate", group_key(conversation_id))
}
/// `GET` one conversation.
pub fn conversation(conversation_id: &str) -> String {
    format!("{API_PREFIX}/conversations/{}", segment(conversation_id))
}
/// `POST` send, `GET` list (sandbox, cursor-paged) a conversation's messages.
pub fn conversation_messages(conversation_id: &str) -> String {
    format!(
        "{API_PREFIX}/messages/conversations/{}",
        segment(conversation_id)
    )
}
/// `GET` a group.
pub fn group(conversation_id: &str) -> String {
    format!("{API_PREFIX}/groups/{}", segment(conversation_id))
}
/// `POST` add participants to a group.
pub fn group_participants(conversation_id: &str) -> String {
    format!("{}/participants", group(conversation_id))
}
/// `DELETE` remove a participant.
pub fn group_participant(conversation_id: &str, profile_id: &str) -> String {
    format!(
        "{}/participants/{}",
        group(conversation_id),
        segment(profile_id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fabric_id_is_one_segment() {
        assert_eq!(
            transfer_status("a b/c?d#e"),
            "/api/v1/transfers/a%20b%2Fc%3Fd%23e/status"
        );
        assert_eq!(qsend(".."), "/api/v1/qsend/%2E%2E");
        assert_eq!(auth_login(), "/api/v1/auth/login");
    }
}
