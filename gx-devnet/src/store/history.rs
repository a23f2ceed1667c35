//! Wallet history rows, written from the ledger's events as the reference's projector writes
//! them (sender SENT with the fee, a FEE row to SYSTEM_OPERATIONS_FUND, receiver RECEIVED).

use gx_api::{ApiError, Page, Timestamp, TransactionDto, TransactionType};
use gx_core::Qirat;
use gx_ledger::{AccountId, LedgerEvent, SystemPool, FEE_POOL};
use rusqlite::params;

use super::Store;
use crate::problem::store_error;

/// One row to write.
struct Row<'a> {
    profile_id: &'a str,
    kind: TransactionType,
    counterparty: String,
    amount: Qirat,
    fee: Qirat,
    remark: Option<&'a str>,
    tx_id: Option<String>,
    block: Option<u64>,
}

fn kind_text(kind: TransactionType) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Store {
    fn insert_history(&mut self, row: &Row<'_>, seq: u64, now_ms: u64) -> Result<(), ApiError> {
        let id = self.new_uuid();
        self.conn()
            .prepare_cached(
                "INSERT INTO history (off_tx_id, profile_id, kind, counterparty, amount, fee, remark, \
                 on_chain_tx_id, block_number, at_ms, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    id,
                    row.profile_id,
                    kind_text(row.kind),
                    row.counterparty,
                    row.amount.get(),
                    row.fee.get(),
                    row.remark,
                    row.tx_id,
                    row.block,
                    now_ms,
                    seq
                ])
            })
            .map(|_| ())
            .map_err(|e| store_error(&e))
    }

    /// The GENESIS row of a newly active user.
    pub(crate) fn record_genesis(
        &mut self,
        profile_id: &str,
        amount: Qirat,
        seq: u64,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        let row = Row {
            profile_id,
            kind: TransactionType::Genesis,
            counterparty: SystemPool::UserGenesis.to_string(),
            amount,
            fee: Qirat::ZERO,
            remark: Some("Genesis allocation"),
            tx_id: None,
            block: None,
        };
        self.insert_history(&row, seq, now_ms)
    }

    /// The rows of a committed transfer.
    pub(crate) fn record_transfer(
        &mut self,
        event: &LedgerEvent,
        tx_id: &str,
        block: u64,
        seq: u64,
        now_ms: u64,
    ) -> Result<(), ApiError> {
        let LedgerEvent::TransferWithFeesCompleted {
            from,
            to,
            amount,
            fee,
            net_received,
            remark,
            ..
        } = event
        else {
            return Ok(());
        };
        let profile_of = |store: &Store, account: &AccountId| -> Result<Option<String>, ApiError> {
            match account {
                AccountId::User(id) => Ok(store.user_by_fabric_id(id)?.map(|u| u.profile_id)),
                _ => Ok(None),
            }
        };
        if let Some(sender) = profile_of(self, from)? {
            self.insert_history(
                &Row {
                    profile_id: &sender,
                    kind: TransactionType::Sent,
                    counterparty: to.to_string(),
                    amount: *amount,
                    fee: *fee,
                    remark: Some(remark),
                    tx_id: Some(tx_id.to_owned()),
                    block: Some(block),
                },
                seq,
                now_ms,
            )?;
            if !fee.is_zero() {
                self.insert_history(
                    &Row {
                        profile_id: &sender,
                        kind: TransactionType::Fee,
                        counterparty: FEE_POOL.to_string(),
                        amount: *fee,
                        fee: Qirat::ZERO,
                        remark: Some("Transaction fee"),
                        tx_id: Some(format!("{tx_id}-fee")),
                        block: Some(block),
                    },
                    seq,
                    now_ms,
                )?;
            }
        }
        if let Some(receiver) = profile_of(self, to)? {
            self.insert_history(
                &Row {
                    profile_id: &receiver,
                    kind: TransactionType::Received,
                    counterparty: from.to_string(),
                    amount: *net_received,
                    fee: Qirat::ZERO,
                    remark: Some(remark),
                    tx_id: Some(format!("{tx_id}-recv")),
                    block: Some(block),
                },
                seq,
                now_ms,
            )?;
        }
        Ok(())
    }

    /// A user's history, newest first.
    pub fn history(
        &self,
        profile_id: &str,
        wallet_id: &str,
        page: Page,
    ) -> Result<Vec<TransactionDto>, ApiError> {
        let mut stmt = self
            .conn()
            .prepare_cached(
                "SELECT off_tx_id, kind, counterparty, amount, fee, remark, on_chain_tx_id, block_number, at_ms \
                 FROM history WHERE profile_id = ?1 ORDER BY seq DESC, rowid ASC LIMIT ?2 OFFSET ?3",
            )
            .map_err(|e| store_error(&e))?;
        let rows = stmt
            .query_map(params![profile_id, page.limit, page.offset], |r| {
                let kind: String = r.get(1)?;
                let counterparty: String = r.get(2)?;
                let block: Option<u64> = r.get(7)?;
                Ok(TransactionDto {
                    off_tx_id: r.get(0)?,
                    on_chain_tx_id: r.get(6)?,
                    wallet_id: wallet_id.to_owned(),
                    kind: serde_json::from_value(serde_json::Value::String(kind))
                        .unwrap_or(TransactionType::Adjustment),
                    counterparty_name: counterparty.parse::<AccountId>().ok().and_then(
                        |a| match a {
                            AccountId::Pool(p) => Some(friendly_pool_name(p)),
                            _ => None,
                        },
                    ),
                    counterparty,
                    amount: Qirat::new(r.get(3)?),
                    fee: Qirat::new(r.get(4)?),
                    remark: r.get(5)?,
                    timestamp: Timestamp::from_millis(r.get(8)?),
                    block_number: block.map(|b| b.to_string()),
                })
            })
            .map_err(|e| store_error(&e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| store_error(&e))
    }
}

/// The names the wallet shows for system accounts.
fn friendly_pool_name(pool: SystemPool) -> String {
    match pool {
        SystemPool::UserGenesis => "Genesis Distribution".into(),
        SystemPool::OperationsFund => "GX Operations Fund".into(),
        other => other.to_string(),
    }
}
