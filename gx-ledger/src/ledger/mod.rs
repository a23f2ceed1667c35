//! A deterministic in-memory ledger of Qirat balances that behaves like the chain.
//!
//! - [`Ledger::bootstrap`] pre-mints the 1.25 T GXC supply into the system pools; from then on
//!   the sum of all balances never changes (fees go to SYSTEM_OPERATIONS_FUND, genesis comes
//!   out of the genesis pools, taxes go to a treasury and a pool).
//! - [`Ledger::apply`] takes an idempotency key, an [`Operation`] and the date it happens on.
//!   A key applies once: the same key with the same operation again returns the first
//!   receipt marked `replayed` and changes nothing; with a different operation it is refused.
//! - Every operation applies whole or not at all: a refused one returns a typed
//!   [`LedgerError`], leaves the state untouched and does not use up its key.
//! - System pools always exist; every treasury account (`treasury_*`, see
//!   [`crate::TreasuryId`]) exists, empty until credited; users exist once registered. Genesis
//!   shares and the velocity tax go to the user's country's `treasury_<CC>` (upper case).
//! - Genesis is distributed once per user, and the distribution is recorded even when it gives
//!   0 (age outside 13–73 on the distribution date, or registration number past 5 billion).
//!   This is the reference's wording read literally: the others "get 0", and genesis "is given
//!   once per user", so the distribution happens once and gives them 0 (the reference does not
//!   show the chaincode's bookkeeping). A user who was 12 on the distribution date therefore
//!   does not receive genesis on turning 13; a service that wants that must not submit
//!   [`Operation::DistributeGenesis`] before the user is eligible
//!   ([`crate::genesis_allocation`] tells it in advance).
//! - A frozen wallet's balance does not change until it is unfrozen: no transfer in or out, no
//!   genesis, no velocity tax (see [`Operation::Freeze`]).
//! - The velocity tax's redistributed half goes to SYSTEM_CHARITABLE_POOL by default
//!   ([`LedgerConfig`]); the protocol reference says only "redistributed".
//!
//! Maps use a fixed-key SipHash so iteration and behaviour are the same on every run and the
//! crate reads no randomness.

mod error;
mod operation;

pub use error::LedgerError;
pub use operation::{LedgerEvent, Operation};

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, DefaultHasher};
use std::ops::Range;

use gx_core::{AccountType, Date, Qirat};
use gx_ids::{FabricUserId, IdempotencyKey};
use serde::{Deserialize, Serialize};

use crate::account::AccountId;
use crate::fees::{FeeSchedule, TxType, FEE_POOL};
use crate::genesis::genesis_allocation;
use crate::pools::SystemPool;
use crate::velocity::{velocity_tax, HoldingClock, VelocityTaxMethod};

type FixedHasher = BuildHasherDefault<DefaultHasher>;

/// The ledger's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerConfig {
    /// The fee schedule transfers are charged by.
    pub fee_schedule: FeeSchedule,
    /// How the velocity tax bands apply.
    pub velocity_tax_method: VelocityTaxMethod,
    /// Where the redistributed half of the velocity tax goes.
    pub redistribution_pool: SystemPool,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        LedgerConfig {
            fee_schedule: FeeSchedule::protocol_default(),
            velocity_tax_method: VelocityTaxMethod::default(),
            redistribution_pool: SystemPool::Charitable,
        }
    }
}

/// What applying an operation produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The operation's position among all applied operations (1-based).
    pub sequence: u64,
    /// The events it emitted.
    pub events: Vec<LedgerEvent>,
    /// Whether this was a repeat of an already applied key (nothing changed).
    pub replayed: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Wallet {
    balance: Qirat,
    frozen: bool,
    registration_number: Option<u64>,
    clock: HoldingClock,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Applied {
    operation: Operation,
    sequence: u64,
    events: Range<usize>,
}

/// A balance change planned before anything is written.
#[derive(Debug, Clone, Copy)]
struct Posting {
    account: AccountId,
    delta: i128,
}

/// The in-memory ledger.
///
/// ```
/// use gx_core::{Date, Qirat};
/// use gx_ids::IdempotencyKey;
/// use gx_ledger::{AccountId, Ledger, LedgerConfig, Operation, SystemPool, TOTAL_SUPPLY};
/// let mut ledger = Ledger::bootstrap(LedgerConfig::default());
/// let on: Date = "2026-01-10".parse()?;
/// let key = |k: &str| IdempotencyKey::parse(k).unwrap();
/// let lk = "LK FF3 ABL912 0WLUY 6025".parse()?;
/// let us = "US 984 AUM945 0AKIY 8168".parse()?;
/// ledger.apply(key("reg-lk"), Operation::RegisterUser { user: lk }, on)?;
/// ledger.apply(key("reg-us"), Operation::RegisterUser { user: us }, on)?;
/// ledger.apply(key("gen-lk"), Operation::DistributeGenesis { user: lk }, on)?;
/// let send = Operation::Transfer {
///     from: lk.into(), to: us.into(), amount: Qirat::new(1_000_000), tx_type: None,
///     remark: String::new(),
/// };
/// let first = ledger.apply(key("t-1"), send.clone(), on)?;
/// let again = ledger.apply(key("t-1"), send, on)?; // applied once only
/// assert!(again.replayed);
/// assert_eq!(ledger.balance(&lk.into()), Some(Qirat::new(500_000_000 - 1_001_500)));
/// assert_eq!(ledger.balance(&us.into()), Some(Qirat::new(1_000_000)));
/// assert_eq!(ledger.total_balance(), u128::from(TOTAL_SUPPLY.get()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ledger {
    config: LedgerConfig,
    wallets: HashMap<AccountId, Wallet, FixedHasher>,
    applied: HashMap<IdempotencyKey, Applied, FixedHasher>,
    genesis_received: HashSet<FabricUserId, FixedHasher>,
    individuals_registered: u64,
    sequence: u64,
    events: Vec<LedgerEvent>,
}

impl Ledger {
    /// A ledger with the whole supply minted into the system pools.
    pub fn bootstrap(config: LedgerConfig) -> Ledger {
        let mut ledger = Ledger {
            config,
            wallets: HashMap::default(),
            applied: HashMap::default(),
            genesis_received: HashSet::default(),
            individuals_registered: 0,
            sequence: 0,
            events: Vec::new(),
        };
        for pool in SystemPool::ALL {
            let amount = pool.genesis_supply();
            ledger.wallets.insert(
                AccountId::Pool(pool),
                Wallet {
                    balance: amount,
                    ..Wallet::default()
                },
            );
            ledger
                .events
                .push(LedgerEvent::SupplyMinted { pool, amount });
        }
        ledger
    }

    /// The rules in force.
    pub fn config(&self) -> &LedgerConfig {
        &self.config
    }

    /// An account's balance, or `None` if it has no wallet (an uncredited treasury reads 0).
    pub fn balance(&self, account: &AccountId) -> Option<Qirat> {
        match self.wallets.get(account) {
            Some(w) => Some(w.balance),
            None if matches!(account, AccountId::Treasury(_)) => Some(Qirat::ZERO),
            None => None,
        }
    }

    /// Whether the wallet is frozen.
    pub fn is_frozen(&self, account: &AccountId) -> bool {
        self.wallets.get(account).is_some_and(|w| w.frozen)
    }

    /// Whether the user's genesis distribution has been recorded (even one that gave 0).
    pub fn has_received_genesis(&self, user: &FabricUserId) -> bool {
        self.genesis_received.contains(user)
    }

    /// A user's registration number (individuals only).
    pub fn registration_number(&self, user: &FabricUserId) -> Option<u64> {
        self.wallets
            .get(&AccountId::User(*user))
            .and_then(|w| w.registration_number)
    }

    /// Every wallet with its balance, sorted by account.
    pub fn balances(&self) -> Vec<(AccountId, Qirat)> {
        let mut all: Vec<_> = self.wallets.iter().map(|(a, w)| (*a, w.balance)).collect();
        all.sort_unstable();
        all
    }

    /// The sum of all balances: always [`crate::TOTAL_SUPPLY`].
    pub fn total_balance(&self) -> u128 {
        self.wallets
            .values()
            .map(|w| u128::from(w.balance.get()))
            .sum()
    }

    /// Every event emitted so far, bootstrap first.
    pub fn events(&self) -> &[LedgerEvent] {
        &self.events
    }

    /// Operations applied so far.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// Applies `operation` under `key` on the date `on`, exactly once per key.
    pub fn apply(
        &mut self,
        key: IdempotencyKey,
        operation: Operation,
        on: Date,
    ) -> Result<Receipt, LedgerError> {
        if let Some(done) = self.applied.get(&key) {
            if done.operation != operation {
                return Err(LedgerError::IdempotencyKeyConflict {
                    key: key.to_string(),
                });
            }
            return Ok(Receipt {
                sequence: done.sequence,
                events: self.events[done.events.clone()].to_vec(),
                replayed: true,
            });
        }
        let first_event = self.events.len();
        self.execute(&key, &operation, on)?;
        self.sequence += 1;
        let events = first_event..self.events.len();
        let receipt = Receipt {
            sequence: self.sequence,
            events: self.events[events.clone()].to_vec(),
            replayed: false,
        };
        self.applied.insert(
            key,
            Applied {
                operation,
                sequence: self.sequence,
                events,
            },
        );
        Ok(receipt)
    }

    /// Checks and performs one operation; on error nothing has been written.
    fn execute(
        &mut self,
        key: &IdempotencyKey,
        operation: &Operation,
        on: Date,
    ) -> Result<(), LedgerError> {
        match operation {
            Operation::RegisterUser { user } => self.register(*user),
            Operation::Transfer {
                from,
                to,
                amount,
                tx_type,
                remark,
            } => self.transfer(key, *from, *to, *amount, *tx_type, remark, on),
            Operation::DistributeGenesis { user } => self.distribute_genesis(*user, on),
            Operation::Freeze { account, reason } => self.set_frozen(*account, Some(reason)),
            Operation::Unfreeze { account } => self.set_frozen(*account, None),
            Operation::ApplyVelocityTax { account } => self.apply_velocity_tax(*account, on),
        }
    }

    fn register(&mut self, user: FabricUserId) -> Result<(), LedgerError> {
        let account = AccountId::User(user);
        if self.wallets.contains_key(&account) {
            return Err(LedgerError::AccountExists {
                account: account.to_string(),
            });
        }
        let registration_number = (user.account_type() == AccountType::Individual).then(|| {
            self.individuals_registered += 1;
            self.individuals_registered
        });
        self.wallets.insert(
            account,
            Wallet {
                registration_number,
                ..Wallet::default()
            },
        );
        self.events.push(LedgerEvent::UserCreated {
            user_id: user,
            country_code: user.country(),
            account_type: user.account_type(),
            registration_number,
        });
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn transfer(
        &mut self,
        key: &IdempotencyKey,
        from: AccountId,
        to: AccountId,
        amount: gx_core::Qirat,
        tx_type: Option<TxType>,
        remark: &str,
        on: Date,
    ) -> Result<(), LedgerError> {
        let quote = self
            .config
            .fee_schedule
            .quote(&from, &to, amount, tx_type)?;
        self.ensure_not_frozen(&from)?;
        self.ensure_not_frozen(&to)?;
        let fund = AccountId::Pool(FEE_POOL);
        self.post(
            &[
                Posting::debit(from, quote.sender_debit),
                Posting::credit(to, quote.net_received),
                Posting::credit(fund, quote.total_fee),
            ],
            on,
        )?;
        self.events.push(LedgerEvent::TransferWithFeesCompleted {
            from,
            to,
            amount,
            fee: quote.total_fee,
            sender_fee: quote.sender_fee,
            receiver_fee: quote.receiver_fee,
            net_received: quote.net_received,
            tx_type: quote.tx_type,
            scope: quote.scope,
            remark: remark.to_owned(),
            idempotency_key: key.clone(),
        });
        Ok(())
    }

    fn distribute_genesis(&mut self, user: FabricUserId, on: Date) -> Result<(), LedgerError> {
        let account = AccountId::User(user);
        let wallet = self.wallet(&account)?;
        let registration_number =
            wallet
                .registration_number
                .ok_or_else(|| LedgerError::GenesisForIndividualsOnly {
                    account: account.to_string(),
                })?;
        if self.genesis_received.contains(&user) {
            return Err(LedgerError::GenesisAlreadyReceived {
                account: account.to_string(),
            });
        }
        self.ensure_not_frozen(&account)?;
        let allocation = genesis_allocation(registration_number, user.date_of_birth(), on)?;
        let treasury = AccountId::treasury_of(user.country());
        self.post(
            &[
                Posting::debit(SystemPool::UserGenesis.into(), allocation.user_amount),
                Posting::credit(account, allocation.user_amount),
                Posting::debit(SystemPool::GovtGenesis.into(), allocation.treasury_amount),
                Posting::credit(treasury, allocation.treasury_amount),
            ],
            on,
        )?;
        // Recorded even when the allocation is 0: genesis is one distribution per user.
        self.genesis_received.insert(user);
        self.events.push(LedgerEvent::GenesisDistributed {
            user_id: user,
            registration_number,
            phase: allocation.phase.map(|p| p.number),
            amount: allocation.user_amount,
            treasury,
            treasury_amount: allocation.treasury_amount,
            ineligible: allocation.ineligible,
        });
        Ok(())
    }

    fn set_frozen(
        &mut self,
        account: AccountId,
        reason: Option<&String>,
    ) -> Result<(), LedgerError> {
        let operation = if reason.is_some() {
            "freezing"
        } else {
            "unfreezing"
        };
        Self::ensure_user(&account, operation)?;
        let wallet = self.wallet(&account)?;
        match (wallet.frozen, reason) {
            (true, Some(_)) => Err(LedgerError::AlreadyFrozen {
                account: account.to_string(),
            }),
            (false, None) => Err(LedgerError::NotFrozen {
                account: account.to_string(),
            }),
            (_, reason) => {
                if let Some(w) = self.wallets.get_mut(&account) {
                    w.frozen = reason.is_some();
                }
                self.events.push(match reason {
                    Some(reason) => LedgerEvent::WalletFrozen {
                        account,
                        reason: reason.clone(),
                    },
                    None => LedgerEvent::WalletUnfrozen { account },
                });
                Ok(())
            }
        }
    }

    fn apply_velocity_tax(&mut self, account: AccountId, on: Date) -> Result<(), LedgerError> {
        Self::ensure_user(&account, "the velocity tax")?;
        let wallet = self.wallet(&account)?;
        // A frozen balance does not move, not even for the protocol's own tax (see
        // Operation::Freeze); the timer keeps running, so the tax is charged after unfreezing.
        self.ensure_not_frozen(&account)?;
        // Users always have a country; pools (refused above) have none.
        let Some(country) = account.country() else {
            return Err(LedgerError::UserAccountsOnly {
                operation: "the velocity tax",
                account: account.to_string(),
            });
        };
        if !wallet.clock.is_eligible(on) {
            return Err(LedgerError::NotYetTaxable {
                account: account.to_string(),
                held_since: wallet.clock.held_since(),
            });
        }
        let balance = wallet.balance;
        let tax = velocity_tax(balance, self.config.velocity_tax_method);
        let treasury = AccountId::treasury_of(country);
        let pool = self.config.redistribution_pool;
        self.post(
            &[
                Posting::debit(account, tax.annual),
                Posting::credit(treasury, tax.treasury_share),
                Posting::credit(pool.into(), tax.redistribution),
            ],
            on,
        )?;
        if let Some(w) = self.wallets.get_mut(&account) {
            // A new tax year starts; the post above already reset the clock if the balance fell
            // below the threshold.
            w.clock.restart(on);
        }
        self.events.push(LedgerEvent::VelocityTaxApplied {
            account,
            balance,
            amount: tax.annual,
            treasury,
            treasury_amount: tax.treasury_share,
            redistribution_pool: pool,
            redistribution_amount: tax.redistribution,
        });
        Ok(())
    }

    fn ensure_user(account: &AccountId, operation: &'static str) -> Result<(), LedgerError> {
        match account {
            AccountId::User(_) => Ok(()),
            _ => Err(LedgerError::UserAccountsOnly {
                operation,
                account: account.to_string(),
            }),
        }
    }

    fn wallet(&self, account: &AccountId) -> Result<&Wallet, LedgerError> {
        self.wallets
            .get(account)
            .ok_or_else(|| LedgerError::UnknownAccount {
                account: account.to_string(),
            })
    }

    fn ensure_not_frozen(&self, account: &AccountId) -> Result<(), LedgerError> {
        if self.is_frozen(account) {
            Err(LedgerError::WalletFrozen {
                account: account.to_string(),
            })
        } else {
            Ok(())
        }
    }

    /// Applies balance changes all together: nets them per account, checks every account
    /// exists (treasuries are opened on demand) and no balance leaves `0..=u64::MAX`, and only
    /// then writes. Touched user wallets update their velocity-tax clocks.
    fn post(&mut self, postings: &[Posting], on: Date) -> Result<(), LedgerError> {
        let mut net: [Option<Posting>; 4] = [None; 4];
        for p in postings.iter().filter(|p| p.delta != 0) {
            let slot = net
                .iter_mut()
                .find(|s| s.is_none_or(|s| s.account == p.account))
                .expect("at most four postings");
            match slot {
                Some(s) => s.delta += p.delta,
                None => *slot = Some(*p),
            }
        }
        let mut new_balances: [Option<(AccountId, Qirat)>; 4] = [None; 4];
        for (p, out) in net.iter().flatten().zip(new_balances.iter_mut()) {
            let Some(current) = self.balance(&p.account) else {
                return Err(LedgerError::UnknownAccount {
                    account: p.account.to_string(),
                });
            };
            let next = i128::from(current.get()) + p.delta;
            let next = u64::try_from(next).map_err(|_| LedgerError::InsufficientBalance {
                account: p.account.to_string(),
                needed: Qirat::new(u64::try_from(-p.delta).unwrap_or(u64::MAX)),
                available: current,
            })?;
            *out = Some((p.account, Qirat::new(next)));
        }
        for (account, balance) in new_balances.into_iter().flatten() {
            let wallet = self.wallets.entry(account).or_default();
            wallet.balance = balance;
            if matches!(account, AccountId::User(_)) {
                wallet.clock.observe(balance, on);
            }
        }
        Ok(())
    }
}

impl Posting {
    fn debit(account: AccountId, amount: Qirat) -> Posting {
        Posting {
            account,
            delta: -i128::from(amount.get()),
        }
    }

    fn credit(account: AccountId, amount: Qirat) -> Posting {
        Posting {
            account,
            delta: i128::from(amount.get()),
        }
    }
}

#[cfg(test)]
mod tests;
