//! `/wallets/:profileId/*`: the caller's own wallet only.

use axum::extract::{Path, State};
use axum::Json;
use gx_api::{BalanceResponse, Timestamp, TransactionsResponse, WalletBalance};
use gx_core::Qirat;
use gx_ledger::AccountId;

use crate::app::AppState;
use crate::extract::{AuthUser, Params};
use crate::problem::{forbidden, not_found, Problem};
use crate::store::StoredUser;

fn own(user: &StoredUser, profile_id: &str, what: &str) -> Result<(), Problem> {
    if user.profile_id == profile_id {
        Ok(())
    } else {
        Err(forbidden(
            "NOT_YOUR_WALLET",
            format!("You can only view your own {what}"),
        )
        .into())
    }
}

/// `GET /wallets/:profileId/balance`.
pub async fn balance(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(profile_id): Path<String>,
) -> Result<Json<BalanceResponse>, Problem> {
    own(&user, &profile_id, "balance")?;
    let wallet_id = user
        .wallet_id
        .clone()
        .ok_or_else(|| not_found("WALLET_NOT_FOUND", "Wallet not found"))?;
    let fabric = user.fabric_user_id;
    let amount = state
        .db
        .call(move |s| Ok(fabric.and_then(|f| s.ledger().balance(&AccountId::User(f)))))
        .await?
        .unwrap_or(Qirat::ZERO);
    Ok(Json(BalanceResponse {
        balance: WalletBalance {
            wallet_id,
            profile_id: user.profile_id.clone(),
            fabric_user_id: fabric.map(|f| f.to_string()).unwrap_or_default(),
            balance: amount,
            wallet_name: "Primary Wallet".into(),
            updated_at: Timestamp::from_millis(user.updated_ms),
        },
    }))
}

/// `GET /wallets/:profileId/transactions?limit&offset`.
pub async fn transactions(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(profile_id): Path<String>,
    params: Params,
) -> Result<Json<TransactionsResponse>, Problem> {
    own(&user, &profile_id, "transactions")?;
    let page = params.page()?;
    let wallet_id = user
        .wallet_id
        .clone()
        .ok_or_else(|| not_found("WALLET_NOT_FOUND", "Wallet not found"))?;
    let rows = state
        .db
        .call(move |s| s.history(&user.profile_id, &wallet_id, page))
        .await?;
    Ok(Json(TransactionsResponse { transactions: rows }))
}
