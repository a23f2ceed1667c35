//! `/auth/*` and `/admin/auth/login`: registration, tokens, and the profile they return
//! (gx-api.md §1–§2).

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// `UserProfileStatus`: where a user is in the life cycle register → approve → on chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum UserStatus {
    /// Registered, not yet submitted for approval.
    Registered,
    /// Waiting for an administrator.
    PendingAdminApproval,
    /// Approved, waiting for the chain.
    ApprovedPendingOnchain,
    /// Refused.
    Denied,
    /// On chain with a wallet: may transfer and use Q Send.
    Active,
    /// Frozen.
    Frozen,
    /// Suspended (may not log in).
    Suspended,
    /// Closed (may not log in).
    Closed,
}

/// `POST /auth/register`. The reference's field names (`fname`, `lname`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegisterRequest {
    /// First name.
    pub fname: String,
    /// Last name.
    pub lname: String,
    /// Email (compared in lower case).
    pub email: String,
    /// Password (the sandbox asks for at least 8 characters).
    pub password: String,
    /// `YYYY-MM-DD`, a real calendar date.
    pub date_of_birth: String,
    /// `male` or `female`, any case.
    pub gender: String,
    /// Phone number, E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// ISO 3166-1 alpha-2 nationality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginRequest {
    /// Email.
    pub email: String,
    /// Password.
    pub password: String,
}

/// `POST /auth/refresh` and `POST /auth/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token.
    pub refresh_token: String,
}

/// The profile the auth endpoints return (`UserProfileDTO`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// The profile's UUID.
    pub profile_id: String,
    /// Email.
    pub email: Option<String>,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone number.
    pub phone_num: Option<String>,
    /// National ID number.
    pub identity_num: Option<String>,
    /// Life-cycle status.
    pub status: UserStatus,
    /// Nationality.
    pub nationality_country_code: Option<String>,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
}

/// `201` of register, `200` of login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthResponse {
    /// Access token (JWT, audience `gx-api`).
    pub access_token: String,
    /// Refresh token (JWT, audience `gx-api-refresh`).
    pub refresh_token: String,
    /// The user.
    pub user: UserProfile,
}

/// `200` of refresh. The reference returns only `accessToken`; the sandbox rotates refresh
/// tokens and adds the new one (the old one is then revoked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshResponse {
    /// A new access token.
    pub access_token: String,
    /// The rotated refresh token, where the server rotates them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `200 {message}` (logout, approval and others).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageResponse {
    /// What happened.
    pub message: String,
}

/// The claims of a user token (`iss: gx-identity-service`; `aud: gx-api` for access,
/// `gx-api-refresh` for refresh). The sandbox adds `jti` to refresh tokens so they can be
/// rotated and revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserClaims {
    /// The profile's UUID.
    pub profile_id: String,
    /// Email at issue time.
    pub email: Option<String>,
    /// Status at issue time (authorisation re-reads the store).
    pub status: UserStatus,
    /// Issued at (seconds).
    pub iat: u64,
    /// Expires at (seconds).
    pub exp: u64,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Token id (refresh tokens issued by the sandbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// The issuer of user tokens.
pub const USER_TOKEN_ISSUER: &str = "gx-identity-service";
/// The audience of access tokens.
pub const ACCESS_AUDIENCE: &str = "gx-api";
/// The audience of refresh tokens.
pub const REFRESH_AUDIENCE: &str = "gx-api-refresh";
/// The audience of admin access tokens (the sandbox's; svc-admin's tokens carry none).
pub const ADMIN_AUDIENCE: &str = "gx-admin";
/// Access-token lifetime: 24 h.
pub const ACCESS_TOKEN_SECS: u64 = 24 * 3_600;
/// Refresh-token lifetime: 7 days.
pub const REFRESH_TOKEN_SECS: u64 = 7 * 24 * 3_600;
/// Admin access-token lifetime: 15 min.
pub const ADMIN_TOKEN_SECS: u64 = 15 * 60;

/// `POST /admin/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminLoginRequest {
    /// The admin's username (the sandbox's admins use their email).
    pub username: String,
    /// Password.
    pub password: String,
}

/// An administrator as login describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminSummary {
    /// Admin id.
    pub id: String,
    /// Username.
    pub username: String,
    /// Email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role (`SUPER_OWNER`, `ADMIN`, …).
    pub role: String,
}

/// `200` of admin login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminLoginResponse {
    /// Always `true` on 200.
    pub success: bool,
    /// Whether a second factor is needed (never, in the sandbox).
    pub requires_mfa: bool,
    /// Admin access token (15 min).
    pub access_token: String,
    /// Opaque refresh token.
    pub refresh_token: String,
    /// Seconds the access token lives: 900.
    pub expires_in: u64,
    /// Who logged in.
    pub admin: AdminSummary,
}

/// The claims of an admin token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminClaims {
    /// Admin id.
    pub admin_id: String,
    /// Username.
    pub username: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: String,
    /// Session id (revocable).
    pub session_id: String,
    /// Whether MFA was passed.
    pub mfa_verified: bool,
    /// Issued at (seconds).
    pub iat: u64,
    /// Expires at (seconds).
    pub exp: u64,
    /// Audience: [`ADMIN_AUDIENCE`].
    pub aud: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_and_login_bodies_as_the_wallet_sends_them() {
        let r: RegisterRequest = serde_json::from_str(
            r#"{"fname":"Ada","lname":"Okafor","email":"ada@example.com","password":"correct horse",
                "dateOfBirth":"1990-03-15","gender":"female","country":"US"}"#,
        )
        .unwrap();
        assert_eq!((r.country.as_deref(), r.phone), (Some("US"), None));
        assert!(serde_json::from_str::<RegisterRequest>(r#"{"fname":"A"}"#).is_err());
        assert!(serde_json::from_str::<LoginRequest>(
            r#"{"email":"a","password":"b","role":"admin"}"#
        )
        .is_err());
    }

    #[test]
    fn auth_response_reads_the_reference_body() {
        let body = r#"{"accessToken":"a.b.c","refreshToken":"d.e.f","user":{"profileId":"6f1c1f7e-5d0a-4c59-9a38-6f6f0e8f0a11",
            "email":"ada@example.com","firstName":"Ada","lastName":"Okafor","phoneNum":null,"identityNum":null,
            "status":"REGISTERED","nationalityCountryCode":"US","createdAt":"2026-01-10T09:30:00.000Z",
            "updatedAt":"2026-01-10T09:30:00.000Z"}}"#;
        let r: AuthResponse = serde_json::from_str(body).unwrap();
        assert_eq!(r.user.status, UserStatus::Registered);
        let refresh: RefreshResponse = serde_json::from_str(r#"{"accessToken":"x"}"#).unwrap();
        assert_eq!(refresh.refresh_token, None);
    }
}
