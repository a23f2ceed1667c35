//! The routes, mounted as the reference mounts them.

mod admin;
mod auth;
mod conversations;
mod devnet;
mod fees;
mod health;
mod keys;
mod qsend;
mod transfer;
mod wallet;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use gx_api::ApiError;

use crate::app::AppState;
use crate::faults;
use crate::problem::Problem;

pub use auth::MIN_PASSWORD_CHARS;

/// Every route of the sandbox.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/logout", post(auth::logout))
        .route("/admin/auth/login", post(auth::admin_login))
        .route("/admin/users", get(admin::list))
        .route("/admin/users/{id}/approve", post(admin::approve))
        .route("/qsend", post(qsend::create).get(qsend::list))
        .route("/qsend/dashboard", get(qsend::dashboard))
        .route("/qsend/verify", post(qsend::verify))
        .route("/qsend/{code}", get(qsend::get))
        .route("/qsend/{code}/pay", post(qsend::pay))
        .route("/qsend/{code}/cancel", post(qsend::cancel))
        .route("/wallets/{profile_id}/balance", get(wallet::balance))
        .route(
            "/wallets/{profile_id}/transactions",
            get(wallet::transactions),
        )
        .route("/transfers", post(transfer::submit))
        .route("/transfers/{command_id}/status", get(transfer::status))
        // Only the status read is aliased: the reference's alias also created transfers (D9).
        .route("/commands/{command_id}/status", get(transfer::status))
        .route("/fees/calculate", post(fees::calculate))
        .route("/fees/quote", post(fees::quote))
        .route("/keys/register", post(keys::register))
        .route("/keys/prekeys", post(keys::upload))
        .route("/keys/prekeys/count", get(keys::count))
        .route("/keys/rotate/signed", post(keys::rotate_signed))
        .route("/keys/bundle/{profile_id}", get(keys::bundle))
        .route("/keys/group/{conversation_id}", get(keys::group_key))
        .route(
            "/keys/group/{conversation_id}/rotate",
            post(keys::rotate_group_key),
        )
        .route(
            "/conversations",
            post(conversations::create).get(conversations::list),
        )
        .route("/conversations/{id}", get(conversations::get))
        .route("/messages/info", get(conversations::info))
        .route(
            "/messages/conversations/{id}",
            post(conversations::send).get(conversations::messages),
        )
        .route("/groups", post(conversations::create_group))
        .route("/groups/{id}", get(conversations::group))
        .route("/groups/{id}/participants", post(conversations::add))
        .route(
            "/groups/{id}/participants/{profile_id}",
            axum::routing::delete(conversations::remove),
        )
        .route(
            "/groups/{id}/key-recipients",
            get(conversations::key_recipients),
        )
        .route("/devnet/reset", post(devnet::reset))
        .route("/devnet/snapshot", post(devnet::snapshot))
        .route("/devnet/worker", post(devnet::worker))
        .route("/devnet/ledger", get(devnet::ledger))
        .layer(middleware::from_fn_with_state(
            state.config.faults,
            faults::inject,
        ));
    Router::new()
        .nest("/api/v1", api)
        .route("/health", get(health::health))
        .route("/livez", get(health::livez))
        .route("/readyz", get(health::readyz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.body_limit))
        .with_state(state)
}

async fn not_found(request: Request) -> impl IntoResponse {
    let path = request.uri().path().to_owned();
    let message = format!("Route {} {path} not found", request.method());
    let mut body =
        ApiError::new(404, "ROUTE_NOT_FOUND", message).to_body(gx_api::ErrorShape::Reason);
    if let Some(map) = body.as_object_mut() {
        map.insert("path".into(), serde_json::Value::String(path));
    }
    (axum::http::StatusCode::NOT_FOUND, axum::Json(body))
}

async fn method_not_allowed(request: Request) -> Problem {
    Problem::from(ApiError::new(
        405,
        "METHOD_NOT_ALLOWED",
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    ))
}
