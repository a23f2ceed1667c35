//! Outbox command payloads and their pure mapping to chaincode calls.

use std::fmt;

use gx_core::Qirat;
use gx_ids::{FabricUserId, IdempotencyKey, QSendCode};
use serde::{Deserialize, Serialize};

use crate::account::AccountId;
use crate::fees::TxType;
use crate::ledger::Operation;

/// The kinds of command the backend queues for the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommandType {
    /// Register an approved user on chain.
    CreateUser,
    /// A transfer with fees.
    TransferTokens,
    /// A Q Send payment (a P2P transfer keyed by the request code).
    QSendPay,
    /// A user's genesis allocation.
    DistributeGenesis,
    /// Freeze a wallet.
    FreezeWallet,
    /// Unfreeze a wallet.
    UnfreezeWallet,
    /// Apply the annual velocity tax to a wallet.
    ApplyVelocityTax,
}

impl CommandType {
    /// The backend's name, e.g. `Q_SEND_PAY`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CommandType::CreateUser => "CREATE_USER",
            CommandType::TransferTokens => "TRANSFER_TOKENS",
            CommandType::QSendPay => "Q_SEND_PAY",
            CommandType::DistributeGenesis => "DISTRIBUTE_GENESIS",
            CommandType::FreezeWallet => "FREEZE_WALLET",
            CommandType::UnfreezeWallet => "UNFREEZE_WALLET",
            CommandType::ApplyVelocityTax => "APPLY_VELOCITY_TAX",
        }
    }
}

impl fmt::Display for CommandType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a command asks the chain to do.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "payload", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommandPayload {
    /// Register `user` on chain.
    #[serde(rename_all = "camelCase")]
    CreateUser {
        /// The new user's Fabric ID.
        user: FabricUserId,
    },
    /// Transfer `amount` with fees.
    #[serde(rename_all = "camelCase")]
    TransferTokens {
        /// Sender.
        from: AccountId,
        /// Receiver.
        to: AccountId,
        /// Amount sent.
        amount: Qirat,
        /// Declared type; `None` lets the chain detect it.
        tx_type: Option<TxType>,
        /// Free text stored with the transfer.
        remark: String,
    },
    /// Pay a Q Send request.
    #[serde(rename = "Q_SEND_PAY", rename_all = "camelCase")]
    QSendPay {
        /// The payer.
        from: FabricUserId,
        /// The request's creator.
        to: FabricUserId,
        /// The requested amount.
        amount: Qirat,
        /// Free text stored with the transfer (the request's description).
        remark: String,
        /// The request code.
        code: QSendCode,
    },
    /// Give `user` their genesis allocation.
    #[serde(rename_all = "camelCase")]
    DistributeGenesis {
        /// The receiving user.
        user: FabricUserId,
    },
    /// Freeze a wallet.
    #[serde(rename_all = "camelCase")]
    FreezeWallet {
        /// The wallet.
        account: AccountId,
        /// Why (kept on chain).
        reason: String,
    },
    /// Unfreeze a wallet.
    #[serde(rename_all = "camelCase")]
    UnfreezeWallet {
        /// The wallet.
        account: AccountId,
    },
    /// Apply the velocity tax to a wallet.
    #[serde(rename_all = "camelCase")]
    ApplyVelocityTax {
        /// The wallet.
        account: AccountId,
    },
}

/// A chaincode invocation: `contract.function(args...)`, every argument a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChaincodeCall {
    /// The contract, e.g. `TokenomicsContract`.
    pub contract: &'static str,
    /// The function, e.g. `TransferWithFees`.
    pub function: &'static str,
    /// The arguments in order.
    pub args: Vec<String>,
}

impl ChaincodeCall {
    /// `Contract.Function`, as the backend logs it.
    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.contract, self.function)
    }
}

/// The contract that holds balances and fees.
pub const TOKENOMICS_CONTRACT: &str = "TokenomicsContract";

impl CommandPayload {
    /// The command's type.
    pub fn command_type(&self) -> CommandType {
        match self {
            CommandPayload::CreateUser { .. } => CommandType::CreateUser,
            CommandPayload::TransferTokens { .. } => CommandType::TransferTokens,
            CommandPayload::QSendPay { .. } => CommandType::QSendPay,
            CommandPayload::DistributeGenesis { .. } => CommandType::DistributeGenesis,
            CommandPayload::FreezeWallet { .. } => CommandType::FreezeWallet,
            CommandPayload::UnfreezeWallet { .. } => CommandType::UnfreezeWallet,
            CommandPayload::ApplyVelocityTax { .. } => CommandType::ApplyVelocityTax,
        }
    }

    /// The idempotency key this command must be stored under, when the chain call fixes it:
    /// `qsend-<code>` for `Q_SEND_PAY` (the chain deduplicates a Q Send payment by its request
    /// code), `None` for every other type (the caller chooses the key).
    ///
    /// [`OutboxCommand`](crate::OutboxCommand) refuses any other key for such a command, so
    /// the key it stores is always the key the chain sees.
    pub fn required_idempotency_key(&self) -> Option<IdempotencyKey> {
        match self {
            CommandPayload::QSendPay { code, .. } => Some(IdempotencyKey::for_qsend(*code)),
            _ => None,
        }
    }

    /// What the chain does for this command, as the in-memory [`Ledger`](crate::Ledger)'s
    /// [`Operation`]: a Q Send payment is a P2P transfer payer → creator with the request's
    /// description as remark, as `TransferWithFees` is called for it.
    ///
    /// ```
    /// use gx_core::Qirat;
    /// use gx_ledger::{CommandPayload, Operation, TxType};
    /// let pay = CommandPayload::QSendPay {
    ///     from: "LK FF3 ABL912 0WLUY 6025".parse()?,
    ///     to: "US 984 AUM945 0AKIY 8168".parse()?,
    ///     amount: Qirat::new(50_000_000),
    ///     remark: "Dinner split".into(),
    ///     code: "QS-6PAS3LHD".parse()?,
    /// };
    /// let Operation::Transfer { tx_type, amount, .. } = pay.operation() else { unreachable!() };
    /// assert_eq!((tx_type, amount), (Some(TxType::P2P), Qirat::new(50_000_000)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn operation(&self) -> Operation {
        match self {
            CommandPayload::CreateUser { user } => Operation::RegisterUser { user: *user },
            CommandPayload::TransferTokens {
                from,
                to,
                amount,
                tx_type,
                remark,
            } => Operation::Transfer {
                from: *from,
                to: *to,
                amount: *amount,
                tx_type: *tx_type,
                remark: remark.clone(),
            },
            CommandPayload::QSendPay {
                from,
                to,
                amount,
                remark,
                ..
            } => Operation::Transfer {
                from: AccountId::User(*from),
                to: AccountId::User(*to),
                amount: *amount,
                tx_type: Some(TxType::P2P),
                remark: remark.clone(),
            },
            CommandPayload::DistributeGenesis { user } => {
                Operation::DistributeGenesis { user: *user }
            }
            CommandPayload::FreezeWallet { account, reason } => Operation::Freeze {
                account: *account,
                reason: reason.clone(),
            },
            CommandPayload::UnfreezeWallet { account } => Operation::Unfreeze { account: *account },
            CommandPayload::ApplyVelocityTax { account } => {
                Operation::ApplyVelocityTax { account: *account }
            }
        }
    }

    /// The chaincode call that carries out this command with `key` as its idempotency key.
    ///
    /// Amounts are written as integer Qirat in decimal (`"1000000"` for 1 GXC): the chain
    /// stores unsigned integers of Qirat, and a decimal GXC string would need a parse with
    /// rounding on the other side. Transfers go to `TokenomicsContract.TransferWithFees` with
    /// `[from, to, amount, type, remark, key]`, the type empty when the chain should detect it;
    /// a Q Send payment always declares `P2P` and its key is `qsend-<code>`
    /// ([`CommandPayload::required_idempotency_key`]) whatever `key` is given, so a retried
    /// payment can never apply twice.
    ///
    /// Only the transfers carry a key to the chain. The other calls' arguments hold no key:
    /// there `key` is the outbox's own deduplication, and the chain refuses a repeat by its
    /// state (the user exists, genesis already given, already frozen or not frozen, tax
    /// timer restarted).
    ///
    /// The other mappings follow the backend's naming (`IdentityContract.CreateUser`,
    /// `TokenomicsContract.DistributeGenesis`, `AdminContract.FreezeWallet` /
    /// `UnfreezeWallet`, `TaxAndFeeContract.ApplyVelocityTax`); only `TransferWithFees` is
    /// confirmed by the protocol reference.
    ///
    /// ```
    /// use gx_ids::IdempotencyKey;
    /// use gx_ledger::CommandPayload;
    /// let pay = CommandPayload::QSendPay {
    ///     from: "LK FF3 ABL912 0WLUY 6025".parse()?,
    ///     to: "US 984 AUM945 0AKIY 8168".parse()?,
    ///     amount: gx_core::Qirat::new(50_000_000),
    ///     remark: "Dinner split".into(),
    ///     code: "QS-6PAS3LHD".parse()?,
    /// };
    /// let call = pay.chaincode_call(&IdempotencyKey::parse("ignored")?);
    /// assert_eq!(call.qualified_name(), "TokenomicsContract.TransferWithFees");
    /// assert_eq!(call.args, [
    ///     "LK FF3 ABL912 0WLUY 6025", "US 984 AUM945 0AKIY 8168", "50000000", "P2P",
    ///     "Dinner split", "qsend-QS-6PAS3LHD",
    /// ]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chaincode_call(&self, key: &IdempotencyKey) -> ChaincodeCall {
        let call = |contract, function, args: Vec<String>| ChaincodeCall {
            contract,
            function,
            args,
        };
        match self {
            CommandPayload::CreateUser { user } => call(
                "IdentityContract",
                "CreateUser",
                vec![
                    user.to_string(),
                    user.country().to_string(),
                    user.account_type().to_string(),
                ],
            ),
            CommandPayload::TransferTokens {
                from,
                to,
                amount,
                tx_type,
                remark,
            } => call(
                TOKENOMICS_CONTRACT,
                "TransferWithFees",
                vec![
                    from.to_string(),
                    to.to_string(),
                    amount.get().to_string(),
                    TxType::chain_hint(*tx_type).to_owned(),
                    remark.clone(),
                    key.to_string(),
                ],
            ),
            CommandPayload::QSendPay {
                from,
                to,
                amount,
                remark,
                code,
            } => call(
                TOKENOMICS_CONTRACT,
                "TransferWithFees",
                vec![
                    from.to_string(),
                    to.to_string(),
                    amount.get().to_string(),
                    TxType::P2P.as_str().to_owned(),
                    remark.clone(),
                    IdempotencyKey::for_qsend(*code).to_string(),
                ],
            ),
            CommandPayload::DistributeGenesis { user } => call(
                TOKENOMICS_CONTRACT,
                "DistributeGenesis",
                vec![user.to_string(), user.country().to_string()],
            ),
            CommandPayload::FreezeWallet { account, reason } => call(
                "AdminContract",
                "FreezeWallet",
                vec![account.to_string(), reason.clone()],
            ),
            CommandPayload::UnfreezeWallet { account } => {
                call("AdminContract", "UnfreezeWallet", vec![account.to_string()])
            }
            CommandPayload::ApplyVelocityTax { account } => call(
                "TaxAndFeeContract",
                "ApplyVelocityTax",
                vec![account.to_string()],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(s: &str) -> FabricUserId {
        s.parse().unwrap()
    }

    #[test]
    fn transfer_args_write_integer_qirat_and_empty_type() {
        let key = IdempotencyKey::parse("transfer-42").unwrap();
        let t = CommandPayload::TransferTokens {
            from: "US 984 AUM945 0AKIY 8168".parse().unwrap(),
            to: "SYSTEM_LOAN_POOL".parse().unwrap(),
            amount: Qirat::new(12_500_000),
            tx_type: None,
            remark: String::new(),
        };
        let call = t.chaincode_call(&key);
        assert_eq!(call.qualified_name(), "TokenomicsContract.TransferWithFees");
        assert_eq!(
            call.args,
            [
                "US 984 AUM945 0AKIY 8168",
                "SYSTEM_LOAN_POOL",
                "12500000",
                "",
                "",
                "transfer-42"
            ]
        );
        assert_eq!(t.command_type().as_str(), "TRANSFER_TOKENS");
    }

    #[test]
    fn every_payload_maps_to_a_call_naming_its_subject() {
        let key = IdempotencyKey::parse("k").unwrap();
        let gb = user("GB CF1 ABF248 0LRQS 0058");
        let payloads = [
            CommandPayload::CreateUser { user: gb },
            CommandPayload::DistributeGenesis { user: gb },
            CommandPayload::FreezeWallet {
                account: gb.into(),
                reason: "AML".into(),
            },
            CommandPayload::UnfreezeWallet { account: gb.into() },
            CommandPayload::ApplyVelocityTax { account: gb.into() },
        ];
        let names: Vec<String> = payloads
            .iter()
            .map(|p| {
                let call = p.chaincode_call(&key);
                assert_eq!(call.args[0], gb.to_string());
                call.qualified_name()
            })
            .collect();
        assert_eq!(
            names,
            [
                "IdentityContract.CreateUser",
                "TokenomicsContract.DistributeGenesis",
                "AdminContract.FreezeWallet",
                "AdminContract.UnfreezeWallet",
                "TaxAndFeeContract.ApplyVelocityTax",
            ]
        );
        assert_eq!(payloads[0].chaincode_call(&key).args[1..], ["GB", "0"]);
    }

    #[test]
    fn payload_json_is_tagged_with_the_command_type() {
        let p = CommandPayload::QSendPay {
            from: user("LK FF3 ABL912 0WLUY 6025"),
            to: user("US 984 AUM945 0AKIY 8168"),
            amount: Qirat::new(1),
            remark: String::new(),
            code: "QS-6PAS3LHD".parse().unwrap(),
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "Q_SEND_PAY");
        assert_eq!(json["payload"]["code"], "QS-6PAS3LHD");
        assert_eq!(serde_json::from_value::<CommandPayload>(json).unwrap(), p);
    }

    /// Whatever key a caller holds, the chain call's key and the required key agree, and only
    /// Q Send payments fix one.
    #[test]
    fn required_key_is_the_key_the_chain_sees() {
        let other = IdempotencyKey::parse("something-else").unwrap();
        let pay = CommandPayload::QSendPay {
            from: user("LK FF3 ABL912 0WLUY 6025"),
            to: user("US 984 AUM945 0AKIY 8168"),
            amount: Qirat::new(1),
            remark: String::new(),
            code: "QS-6PAS3LHD".parse().unwrap(),
        };
        let required = pay.required_idempotency_key().unwrap();
        assert_eq!(required.as_ref(), "qsend-QS-6PAS3LHD");
        assert_eq!(pay.chaincode_call(&other).args[5], required.as_ref());
        let transfer = CommandPayload::TransferTokens {
            from: user("LK FF3 ABL912 0WLUY 6025").into(),
            to: user("US 984 AUM945 0AKIY 8168").into(),
            amount: Qirat::new(1),
            tx_type: None,
            remark: String::new(),
        };
        assert_eq!(transfer.required_idempotency_key(), None);
        assert_eq!(transfer.chaincode_call(&other).args[5], other.as_ref());
        let gb = user("GB CF1 ABF248 0LRQS 0058");
        for p in [
            CommandPayload::CreateUser { user: gb },
            CommandPayload::DistributeGenesis { user: gb },
            CommandPayload::FreezeWallet {
                account: gb.into(),
                reason: "r".into(),
            },
            CommandPayload::UnfreezeWallet { account: gb.into() },
            CommandPayload::ApplyVelocityTax { account: gb.into() },
        ] {
            assert_eq!(p.required_idempotency_key(), None);
            // No key travels in these calls, so none can disagree with the stored one.
            assert!(!p.chaincode_call(&other).args.contains(&other.to_string()));
        }
    }
}
