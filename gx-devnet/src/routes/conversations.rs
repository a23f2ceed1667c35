//! `/conversations`, `/messages/*`, `/groups/*`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use gx_api::messaging::{
    AddParticipants, ConversationDto, CreateConversation, CreateGroup, Envelope, GroupCreated,
    MessageDto, Pagination, SendMessage,
};
use gx_api::{ApiError, ErrorShape, Timestamp};
use serde_json::{json, Value};

use crate::app::{now_ms, AppState};
use crate::extract::{AuthUser, Body, Params};
use crate::problem::Problem;
use crate::realtime;

/// The relay's and groups' error shape, `{success: false, error, code}`.
fn relay(e: impl Into<Problem>) -> Problem {
    Problem {
        shape: ErrorShape::Relay,
        ..e.into()
    }
}

fn relay_err(e: ApiError) -> Problem {
    relay(e)
}

/// `POST /conversations` → 201.
pub async fn create(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Body(body): Body<CreateConversation>,
) -> Result<(StatusCode, Json<Envelope<ConversationDto>>), Problem> {
    let now = now_ms();
    let dto = state
        .db
        .call(move |s| s.create_conversation(&user.profile_id, &body, now))
        .await?;
    Ok((StatusCode::CREATED, Json(Envelope::of(dto))))
}

/// `GET /conversations?limit&offset`.
pub async fn list(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    params: Params,
) -> Result<Json<Envelope<Vec<ConversationDto>>>, Problem> {
    let mut page = params.page()?;
    if page.limit == 0 {
        page.limit = 50;
    }
    let (list, has_more) = state
        .db
        .call(move |s| s.conversations(&user.profile_id, page.limit, page.offset))
        .await?;
    let mut envelope = Envelope::of(list);
    envelope.pagination = Some(Pagination {
        limit: page.limit,
        offset: Some(page.offset),
        cursor: None,
        has_more,
    });
    Ok(Json(envelope))
}

/// `GET /conversations/:id`.
pub async fn get(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Envelope<ConversationDto>>, Problem> {
    let dto = state
        .db
        .call(move |s| s.conversation(&user.profile_id, &id))
        .await?;
    Ok(Json(Envelope::of(dto)))
}

/// `GET /messages/info` (no auth): what this relay does.
pub async fn info() -> Json<Value> {
    Json(json!({"success": true, "data": {
        "mode": "store-and-relay",
        "features": {"storesCiphertext": true, "offlineQueue": true, "listMessages": true},
        "endpoints": {"send": "POST /api/v1/messages/conversations/:conversationId",
                      "list": "GET /api/v1/messages/conversations/:conversationId?limit&cursor"},
        "websocket": {"events": [gx_api::messaging::events::MESSAGE_SEND, gx_api::messaging::events::MESSAGE_RECEIVED,
            gx_api::messaging::events::MESSAGE_DELIVERED, gx_api::messaging::events::MESSAGE_ERROR,
            gx_api::messaging::events::PENDING_MESSAGES, gx_api::messaging::events::CONVERSATION_JOIN,
            gx_api::messaging::events::CONVERSATION_LEAVE]}
    }}))
}

/// `POST /messages/conversations/:id` → 201: stored and delivered to whoever is online.
pub async fn send(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
    body: Result<Body<SendMessage>, Problem>,
) -> Result<(StatusCode, Json<Value>), Problem> {
    let Body(body) = body.map_err(relay)?;
    let client_id = body.client_message_id.clone();
    let now = now_ms();
    let (message, recipients) = state
        .db
        .call(move |s| s.send_message(&user.profile_id, &id, &body, now))
        .await
        .map_err(relay_err)?;
    realtime::deliver(&state, &message, client_id.clone(), &recipients).await;
    Ok((
        StatusCode::CREATED,
        Json(json!({"success": true, "data": message, "meta": {
            "clientMessageId": client_id,
            "note": "stored; delivered to online participants, queued for the others"
        }})),
    ))
}

/// `GET /messages/conversations/:id?limit&cursor`: newest first; `cursor` is the last
/// message id of the previous page.
pub async fn messages(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Envelope<Vec<MessageDto>>>, Problem> {
    let limit = u32::try_from(params.number("limit", 50, 500).map_err(relay_err)?)
        .unwrap_or(50)
        .max(1);
    let cursor = params.0.get("cursor").cloned();
    let (list, next) = state
        .db
        .call(move |s| s.messages(&user.profile_id, &id, limit, cursor.as_deref()))
        .await
        .map_err(relay_err)?;
    let mut envelope = Envelope::of(list);
    envelope.pagination = Some(Pagination {
        limit,
        offset: None,
        has_more: next.is_some(),
        cursor: next,
    });
    Ok(Json(envelope))
}

/// `POST /groups` → 201.
pub async fn create_group(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    body: Result<Body<CreateGroup>, Problem>,
) -> Result<(StatusCode, Json<Envelope<GroupCreated>>), Problem> {
    let Body(body) = body.map_err(relay)?;
    let now = now_ms();
    let created = state
        .db
        .call(move |s| s.create_group(&user.profile_id, &body, now))
        .await
        .map_err(relay_err)?;
    Ok((StatusCode::CREATED, Json(Envelope::of(created))))
}

/// `GET /groups/:id`.
pub async fn group(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let cid = id.clone();
    let caller = user.profile_id.clone();
    let (members, dto) = state
        .db
        .call(move |s| {
            Ok((
                s.group_members(&caller, &cid)?,
                s.conversation(&caller, &cid)?,
            ))
        })
        .await
        .map_err(relay_err)?;
    Ok(Json(json!({"success": true, "data": {
        "conversationId": id,
        "name": dto.name,
        "type": dto.kind,
        "participantCount": members.len(),
        "participants": members.iter().map(|(p, r, j)| json!({"profileId": p, "role": r, "joinedAt": Timestamp::from_millis(*j)})).collect::<Vec<_>>(),
        "createdAt": dto.created_at,
    }})))
}

/// `POST /groups/:id/participants`.
pub async fn add(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
    body: Result<Body<AddParticipants>, Problem>,
) -> Result<Json<Value>, Problem> {
    let Body(body) = body.map_err(relay)?;
    let now = now_ms();
    let added = state
        .db
        .call(move |s| s.add_to_group(&user.profile_id, &id, &body.profile_ids, now))
        .await
        .map_err(relay_err)?;
    Ok(Json(
        json!({"success": true, "data": {"added": added, "keyRotationRequired": true},
        "meta": {"note": "rotate the group key (POST /api/v1/keys/group/:id/rotate) so the new members can read"}}),
    ))
}

/// `DELETE /groups/:id/participants/:profileId`.
pub async fn remove(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path((id, target)): Path<(String, String)>,
) -> Result<Json<Value>, Problem> {
    state
        .db
        .call(move |s| s.remove_from_group(&user.profile_id, &id, &target))
        .await
        .map_err(relay_err)?;
    Ok(Json(
        json!({"success": true, "data": {"removed": true, "keyRotationRequired": true},
        "meta": {"note": "rotate the group key so the removed member cannot read what follows"}}),
    ))
}

/// `GET /groups/:id/key-recipients`: members only (D14).
pub async fn key_recipients(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    let members = state
        .db
        .call(move |s| s.group_members(&user.profile_id, &id))
        .await
        .map_err(relay_err)?;
    let recipients: Vec<String> = members.into_iter().map(|(p, ..)| p).collect();
    Ok(Json(
        json!({"success": true, "data": {"recipients": recipients}}),
    ))
}
