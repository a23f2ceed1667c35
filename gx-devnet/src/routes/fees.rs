//! `/fees/calculate` (the reference's formula) and `/fees/quote` (the chain's fee).

use axum::extract::State;
use axum::Json;
use gx_api::{
    calculate_endpoint_fee, FeeCalculateRequest, FeeCalculateResponse, FeeQuoteRequest,
    FeeQuoteResponse,
};
use gx_ledger::AccountId;

use crate::app::AppState;
use crate::extract::Body;
use crate::problem::{domain, Problem};

/// `POST /fees/calculate`: what the reference's svc-tax answers (C5: not the chain's fee).
pub async fn calculate(Body(body): Body<FeeCalculateRequest>) -> Json<FeeCalculateResponse> {
    Json(FeeCalculateResponse {
        fee: calculate_endpoint_fee(body.amount),
    })
}

/// `POST /fees/quote`: the fee `TransferWithFees` charges, from the network's schedule.
pub async fn quote(
    State(state): State<AppState>,
    Body(body): Body<FeeQuoteRequest>,
) -> Result<Json<FeeQuoteResponse>, Problem> {
    let from: AccountId = body.from.trim().parse().map_err(|e| domain(&e))?;
    let to: AccountId = body.to.trim().parse().map_err(|e| domain(&e))?;
    let quote = state
        .db
        .call(move |s| {
            s.ledger()
                .config()
                .fee_schedule
                .quote(&from, &to, body.amount, body.tx_type)
                .map_err(|e| domain(&e))
        })
        .await?;
    Ok(Json(FeeQuoteResponse::from(&quote)))
}
