//! `/keys/*`: key sets, prekeys, bundles (one prekey consumed per fetch), group keys.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use gx_api::messaging::{
    Done, Envelope, GroupKey, KeyBundle, PreKeyCount, RegisterKeys, RotateGroupKey,
    RotateSignedPreKey, UploadPreKeys,
};

use crate::app::{now_ms, AppState};
use crate::extract::{AuthUser, Body};
use crate::problem::Problem;
use crate::store::BundleFetch;

fn done(message: &str) -> Json<Done> {
    Json(Done {
        success: true,
        message: message.into(),
    })
}

/// `POST /keys/register` → 201.
pub async fn register(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Body(body): Body<RegisterKeys>,
) -> Result<(StatusCode, Json<Done>), Problem> {
    let now = now_ms();
    state
        .db
        .call(move |s| s.register_keys(&user.profile_id, &body, now))
        .await?;
    Ok((StatusCode::CREATED, done("Keys registered successfully")))
}

/// `POST /keys/prekeys`.
pub async fn upload(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Body(body): Body<UploadPreKeys>,
) -> Result<Json<Done>, Problem> {
    state
        .db
        .call(move |s| s.upload_prekeys(&user.profile_id, &body.pre_keys))
        .await?;
    Ok(done("Pre-keys uploaded successfully"))
}

/// `GET /keys/prekeys/count`.
pub async fn count(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
) -> Result<Json<Envelope<PreKeyCount>>, Problem> {
    let count = state
        .db
        .call(move |s| s.prekey_count(&user.profile_id))
        .await?;
    Ok(Json(Envelope::of(PreKeyCount { count })))
}

/// `POST /keys/rotate/signed`.
pub async fn rotate_signed(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Body(body): Body<RotateSignedPreKey>,
) -> Result<Json<Done>, Problem> {
    let now = now_ms();
    state
        .db
        .call(move |s| s.rotate_signed_prekey(&user.profile_id, &body, now))
        .await?;
    Ok(done("Signed pre-key rotated successfully"))
}

/// `GET /keys/bundle/:profileId`.
pub async fn bundle(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(profile_id): Path<String>,
) -> Result<Json<Envelope<KeyBundle>>, Problem> {
    let (now_ms, limit_per_hour) = (now_ms(), state.config.prekeys_per_fetcher_hour);
    let bundle = state
        .db
        .call(move |s| {
            s.fetch_bundle(&BundleFetch {
                owner: &profile_id,
                fetcher: &user.profile_id,
                now_ms,
                limit_per_hour,
            })
        })
        .await?;
    Ok(Json(Envelope::of(bundle)))
}

/// `GET /keys/group/:conversationId`.
pub async fn group_key(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(conversation_id): Path<String>,
) -> Result<Json<Envelope<GroupKey>>, Problem> {
    let key = state
        .db
        .call(move |s| s.group_key(&user.profile_id, &conversation_id))
        .await?;
    Ok(Json(Envelope::of(key)))
}

/// `POST /keys/group/:conversationId/rotate`: the new key wrapped by the client for every
/// member (the reference generated it server-side and stored it unwrapped: D12).
pub async fn rotate_group_key(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(conversation_id): Path<String>,
    Body(body): Body<RotateGroupKey>,
) -> Result<Json<Envelope<GroupKey>>, Problem> {
    let key = state
        .db
        .call(move |s| s.rotate_group_key(&user.profile_id, &conversation_id, &body))
        .await?;
    let mut envelope = Envelope::of(key);
    envelope.message = Some("Group key rotated successfully".into());
    Ok(Json(envelope))
}
