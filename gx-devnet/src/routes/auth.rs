//! `/auth/*` and `/admin/auth/login`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use gx_api::{
    AdminLoginRequest, AdminLoginResponse, AdminSummary, ApiError, AuthResponse, ErrorShape,
    LoginRequest, MessageResponse, RefreshRequest, RefreshResponse, RegisterRequest,
};
use gx_core::{CountryCode, Date, Gender};

use crate::app::{now_ms, AppState};
use crate::extract::Body;
use crate::passwords;
use crate::problem::{bad_request, require_fields, unauthorized, Problem};
use crate::store::{NewUser, Role, StoredUser};

/// The shortest password the sandbox takes (the reference checked none: D7).
pub const MIN_PASSWORD_CHARS: usize = 8;

fn checked(
    body: &RegisterRequest,
) -> Result<(Date, Gender, Option<CountryCode>, String), ApiError> {
    require_fields(&[
        ("fname", &body.fname),
        ("lname", &body.lname),
        ("email", &body.email),
        ("password", &body.password),
        ("dateOfBirth", &body.date_of_birth),
        ("gender", &body.gender),
    ])?;
    let email = body.email.trim().to_lowercase();
    let valid_email = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if !valid_email {
        return Err(bad_request(
            "INVALID_EMAIL",
            "email must be an address such as ada@example.com",
        ));
    }
    if body.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(bad_request(
            "WEAK_PASSWORD",
            format!("password must be at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    let dob: Date = body
        .date_of_birth
        .trim()
        .parse()
        .map_err(|e: gx_core::Error| {
            use gx_core::ErrorCode;
            bad_request(e.code(), e.to_string())
        })?;
    let gender = match body.gender.trim().to_lowercase().as_str() {
        "male" => Gender::Male,
        "female" => Gender::Female,
        _ => {
            return Err(bad_request(
                "INVALID_GENDER",
                "gender must be male or female",
            ))
        }
    };
    let country = body
        .country
        .as_deref()
        .map(|c| c.trim().to_uppercase().parse::<CountryCode>())
        .transpose()
        .map_err(|e| {
            use gx_core::ErrorCode;
            bad_request(e.code(), e.to_string())
        })?;
    Ok((dob, gender, country, email))
}

/// `POST /auth/register` → 201.
pub async fn register(
    State(state): State<AppState>,
    Body(body): Body<RegisterRequest>,
) -> Result<(StatusCode, Json<AuthResponse>), Problem> {
    let (dob, gender, country, email) = checked(&body)?;
    let hash = passwords::hash(body.password.clone()).await?;
    let new = NewUser {
        email,
        password_hash: hash,
        role: Role::User,
        first_name: body.fname.trim().to_owned(),
        last_name: body.lname.trim().to_owned(),
        phone: body.phone.clone().filter(|p| !p.trim().is_empty()),
        date_of_birth: dob,
        gender,
        country,
    };
    let now = now_ms();
    let user = state.db.call(move |s| s.create_user(&new, now)).await?;
    let response = issue(&state, user).await?;
    Ok((StatusCode::CREATED, Json(response)))
}

async fn issue(state: &AppState, user: StoredUser) -> Result<AuthResponse, ApiError> {
    let now_s = now_ms() / 1_000;
    let jti = uuid_like();
    let access = state.tokens.access(&user, now_s)?;
    let refresh = state.tokens.refresh(&user, &jti, now_s)?;
    let (profile_id, expires) = (
        user.profile_id.clone(),
        (now_s + gx_api::REFRESH_TOKEN_SECS) * 1_000,
    );
    state
        .db
        .call(move |s| s.open_session(&jti, &profile_id, false, expires))
        .await?;
    Ok(AuthResponse {
        access_token: access,
        refresh_token: refresh,
        user: user.profile(),
    })
}

fn uuid_like() -> String {
    gx_ids::CommandId::generate_os().to_string()
}

/// `POST /auth/login`.
pub async fn login(
    State(state): State<AppState>,
    Body(body): Body<LoginRequest>,
) -> Result<Json<AuthResponse>, Problem> {
    if body.email.trim().is_empty() || body.password.is_empty() {
        return Err(
            bad_request("MISSING_FIELDS", "Missing required fields: email, password").into(),
        );
    }
    let email = body.email.trim().to_lowercase();
    let user = state.db.call(move |s| s.user_by_email(&email)).await?;
    let phc = match &user {
        Some(u) => u.password_hash.clone(),
        None => passwords::decoy().await,
    };
    let matches = passwords::verify(body.password, phc).await;
    let user = user
        .filter(|u| matches && u.role == Role::User)
        .ok_or_else(|| unauthorized("INVALID_CREDENTIALS", "Invalid email or password"))?;
    if matches!(
        user.status,
        gx_api::UserStatus::Suspended | gx_api::UserStatus::Closed
    ) {
        return Err(unauthorized(
            "ACCOUNT_INACTIVE",
            "Account is inactive. Please contact support.",
        )
        .into());
    }
    Ok(Json(issue(&state, user).await?))
}

/// `POST /auth/refresh`: a new access token and a rotated refresh token; the old one is
/// revoked, so a stolen refresh token works once at most.
pub async fn refresh(
    State(state): State<AppState>,
    Body(body): Body<RefreshRequest>,
) -> Result<Json<RefreshResponse>, Problem> {
    let claims = state.tokens.verify_refresh(&body.refresh_token)?;
    let jti = claims
        .jti
        .ok_or_else(|| unauthorized("TOKEN_INVALID", "Invalid or expired refresh token"))?;
    let profile_id = claims.profile_id;
    let user = state
        .db
        .call(move |s| {
            if !s.revoke_session(&jti)? {
                return Err(unauthorized(
                    "TOKEN_REVOKED",
                    "This refresh token was already used or revoked; log in again",
                ));
            }
            s.user(&profile_id)
        })
        .await?
        .filter(|u| {
            !matches!(
                u.status,
                gx_api::UserStatus::Suspended | gx_api::UserStatus::Closed
            )
        })
        .ok_or_else(|| unauthorized("TOKEN_INVALID", "Invalid or expired refresh token"))?;
    let issued = issue(&state, user).await?;
    Ok(Json(RefreshResponse {
        access_token: issued.access_token,
        refresh_token: Some(issued.refresh_token),
    }))
}

/// `POST /auth/logout`: revokes the refresh token (the reference's logout was a no-op: D1).
pub async fn logout(
    State(state): State<AppState>,
    Body(body): Body<RefreshRequest>,
) -> Result<Json<MessageResponse>, Problem> {
    let claims = state.tokens.verify_refresh(&body.refresh_token)?;
    if let Some(jti) = claims.jti {
        state.db.call(move |s| s.revoke_session(&jti)).await?;
    }
    Ok(Json(MessageResponse {
        message: "Logout successful".into(),
    }))
}

/// `POST /admin/auth/login` (username = the admin's email).
pub async fn admin_login(
    State(state): State<AppState>,
    Body(body): Body<AdminLoginRequest>,
) -> Result<Json<AdminLoginResponse>, Problem> {
    let shape = |e: ApiError| Problem {
        error: e,
        shape: ErrorShape::AdminAuth,
    };
    let email = body.username.trim().to_lowercase();
    let admin = state.db.call(move |s| s.user_by_email(&email)).await?;
    let phc = match &admin {
        Some(u) => u.password_hash.clone(),
        None => passwords::decoy().await,
    };
    let matches = passwords::verify(body.password, phc).await;
    let admin = admin
        .filter(|u| matches && u.role == Role::Admin)
        .ok_or_else(|| {
            shape(unauthorized(
                "INVALID_CREDENTIALS",
                "Invalid username or password",
            ))
        })?;
    let now_s = now_ms() / 1_000;
    let session = uuid_like();
    let token = state.tokens.admin(&admin, &session, now_s)?;
    let refresh = uuid_like();
    let (admin_id, sid) = (admin.profile_id.clone(), session.clone());
    state
        .db
        .call(move |s| {
            s.open_session(
                &sid,
                &admin_id,
                true,
                (now_s + gx_api::ADMIN_TOKEN_SECS) * 1_000,
            )
        })
        .await?;
    Ok(Json(AdminLoginResponse {
        success: true,
        requires_mfa: false,
        access_token: token,
        refresh_token: refresh,
        expires_in: gx_api::ADMIN_TOKEN_SECS,
        admin: AdminSummary {
            id: admin.profile_id.clone(),
            username: admin.email.clone(),
            email: admin.email.clone(),
            display_name: admin.display_name(),
            role: "SUPER_OWNER".into(),
        },
    }))
}
