//! Fees: the reference's calculate endpoint and the chain's quote.

use gx_api::{paths, FeeCalculateRequest, FeeCalculateResponse, FeeQuoteRequest, FeeQuoteResponse};
use gx_core::Qirat;

use crate::client::Call;
use crate::{Client, ClientError};

impl Client {
    /// `POST /fees/calculate`: the reference's flat formula (it disagrees with the chain for
    /// most transfers; prefer [`Self::fee_quote`]).
    ///
    /// # Errors
    /// The server's refusal, or no answer.
    pub async fn fee_calculate(&self, amount: Qirat) -> Result<FeeCalculateResponse, ClientError> {
        let path = paths::fees_calculate();
        let body = FeeCalculateRequest { amount };
        self.json(Call::post(&path, &body).anonymous().safe_to_repeat())
            .await
    }

    /// `POST /fees/quote`: the fee the chain charges for `amount` from `from` to `to` (Fabric
    /// User IDs).
    ///
    /// # Errors
    /// The server's refusal (a malformed ID), or no answer.
    pub async fn fee_quote(
        &self,
        from: &str,
        to: &str,
        amount: Qirat,
    ) -> Result<FeeQuoteResponse, ClientError> {
        let path = paths::fees_quote();
        let body = FeeQuoteRequest {
            from: from.to_owned(),
            to: to.to_owned(),
            amount,
            tx_type: None,
        };
        self.json(Call::post(&path, &body).anonymous().safe_to_repeat())
            .await
    }
}
