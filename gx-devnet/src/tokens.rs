//! JWTs as the reference issues them (HS256, its claims and lifetimes), with the checks it
//! skipped: the audience and issuer are verified (D1), only HS256 is accepted, refresh tokens
//! carry an id so they can be rotated and revoked.

use gx_api::{
    AdminClaims, ApiError, UserClaims, ACCESS_AUDIENCE, ADMIN_AUDIENCE, ADMIN_TOKEN_SECS,
    REFRESH_AUDIENCE, REFRESH_TOKEN_SECS, USER_TOKEN_ISSUER,
};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};

use crate::problem::{internal, unauthorized};
use crate::store::StoredUser;

/// Signs and checks tokens with the network's secret.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    access_secs: u64,
}

fn validation(audience: &str, issuer: Option<&str>) -> Validation {
    let mut v = Validation::new(Algorithm::HS256);
    v.set_audience(&[audience]);
    if let Some(iss) = issuer {
        v.set_issuer(&[iss]);
    }
    v.leeway = 0;
    v.validate_exp = true;
    v
}

fn rejected(e: &jsonwebtoken::errors::Error) -> ApiError {
    match e.kind() {
        ErrorKind::ExpiredSignature => unauthorized("TOKEN_EXPIRED", "Token has expired"),
        ErrorKind::InvalidAudience => unauthorized(
            "TOKEN_WRONG_AUDIENCE",
            "Invalid token: this token is not meant for this endpoint (a refresh token is not an access token)",
        ),
        _ => unauthorized("TOKEN_INVALID", "Invalid or expired token"),
    }
}

impl Tokens {
    /// Tokens signed with `secret`; access tokens live `access_secs` (24 h by default).
    pub fn new(secret: &[u8], access_secs: u64) -> Tokens {
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access_secs,
        }
    }

    fn sign<T: serde::Serialize>(&self, claims: &T) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| internal(format!("a token could not be signed: {e}")))
    }

    fn user_claims(
        user: &StoredUser,
        audience: &str,
        now_s: u64,
        life: u64,
        jti: Option<&str>,
    ) -> UserClaims {
        UserClaims {
            profile_id: user.profile_id.clone(),
            email: Some(user.email.clone()),
            status: user.status,
            iat: now_s,
            exp: now_s + life,
            iss: USER_TOKEN_ISSUER.into(),
            aud: audience.into(),
            jti: jti.map(str::to_owned),
        }
    }

    /// An access token (audience `gx-api`).
    pub fn access(&self, user: &StoredUser, now_s: u64) -> Result<String, ApiError> {
        self.sign(&Self::user_claims(
            user,
            ACCESS_AUDIENCE,
            now_s,
            self.access_secs,
            None,
        ))
    }

    /// A refresh token (audience `gx-api-refresh`, 7 days) with id `jti`.
    pub fn refresh(&self, user: &StoredUser, jti: &str, now_s: u64) -> Result<String, ApiError> {
        self.sign(&Self::user_claims(
            user,
            REFRESH_AUDIENCE,
            now_s,
            REFRESH_TOKEN_SECS,
            Some(jti),
        ))
    }

    /// An admin token (audience `gx-admin`, 15 min) for `session_id`.
    pub fn admin(
        &self,
        admin: &StoredUser,
        session_id: &str,
        now_s: u64,
    ) -> Result<String, ApiError> {
        self.sign(&AdminClaims {
            admin_id: admin.profile_id.clone(),
            username: admin.email.clone(),
            email: admin.email.clone(),
            role: "SUPER_OWNER".into(),
            session_id: session_id.into(),
            mfa_verified: true,
            iat: now_s,
            exp: now_s + ADMIN_TOKEN_SECS,
            aud: ADMIN_AUDIENCE.into(),
        })
    }

    /// Checks an access token.
    pub fn verify_access(&self, token: &str) -> Result<UserClaims, ApiError> {
        jsonwebtoken::decode::<UserClaims>(
            token,
            &self.decoding,
            &validation(ACCESS_AUDIENCE, Some(USER_TOKEN_ISSUER)),
        )
        .map(|d| d.claims)
        .map_err(|e| rejected(&e))
    }

    /// Checks a refresh token.
    pub fn verify_refresh(&self, token: &str) -> Result<UserClaims, ApiError> {
        jsonwebtoken::decode::<UserClaims>(
            token,
            &self.decoding,
            &validation(REFRESH_AUDIENCE, Some(USER_TOKEN_ISSUER)),
        )
        .map(|d| d.claims)
        .map_err(|e| {
            let mut refused = rejected(&e);
            if refused.code == "TOKEN_INVALID" {
                refused.message = "Invalid or expired refresh token".into();
            }
            refused
        })
    }

    /// Checks an admin token.
    pub fn verify_admin(&self, token: &str) -> Result<AdminClaims, ApiError> {
        jsonwebtoken::decode::<AdminClaims>(
            token,
            &self.decoding,
            &validation(ADMIN_AUDIENCE, None),
        )
        .map(|d| d.claims)
        .map_err(|e| rejected(&e))
    }
}
