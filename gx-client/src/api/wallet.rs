//! The caller's wallet: balance and history.

use futures_util::stream::Stream;
use gx_api::{paths, BalanceResponse, TransactionDto, TransactionsResponse, WalletBalance};

use crate::client::Call;
use crate::paging::paged;
use crate::{Client, ClientError};

/// History pages are fetched this many at a time.
const PAGE: u32 = 100;

impl Client {
    /// The logged-in user's balance (integer Qirat) and Fabric User ID.
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal, or no answer.
    pub async fn balance(&self) -> Result<WalletBalance, ClientError> {
        let me = self.require_session()?;
        let path = paths::wallet_balance(&me.profile_id);
        let answer: BalanceResponse = self.json(Call::get(&path)).await?;
        // Keep the Fabric ID: transfers and quotes name users by it.
        if me.fabric_user_id.as_deref() != Some(answer.balance.fabric_user_id.as_str()) {
            if let Some(mut current) = self.session() {
                if current.profile_id == me.profile_id {
                    current.fabric_user_id = Some(answer.balance.fabric_user_id.clone());
                    self.inner.tokens.save(Some(current));
                }
            }
        }
        Ok(answer.balance)
    }

    /// One page of the logged-in user's history, newest first.
    ///
    /// # Errors
    /// `CLIENT_NOT_LOGGED_IN`, the server's refusal, or no answer.
    pub async fn transactions_page(
        &self,
        limit: u32,
        offset: u64,
    ) -> Result<Vec<TransactionDto>, ClientError> {
        let me = self.require_session()?;
        let path = paths::wallet_transactions(&me.profile_id);
        let query = [("limit", limit.to_string()), ("offset", offset.to_string())];
        let page: TransactionsResponse = self.json(Call::get(&path).query(&query)).await?;
        Ok(page.transactions)
    }

    /// The logged-in user's whole history, newest first, fetched a page at a time as the
    /// stream is read.
    ///
    /// ```no_run
    /// # async fn run(client: gx_client::Client) -> Result<(), gx_client::ClientError> {
    /// use futures_util::TryStreamExt;
    /// let all: Vec<_> = client.transactions().try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn transactions(&self) -> impl Stream<Item = Result<TransactionDto, ClientError>> + '_ {
        paged(0, move |offset| async move {
            let page = self.transactions_page(PAGE, offset).await?;
            let next = (page.len() == PAGE as usize).then(|| offset + page.len() as u64);
            Ok((page, next))
        })
    }
}
