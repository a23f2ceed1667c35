//! The system pools that hold the pre-minted supply, and the total supply itself.

use std::fmt;
use std::str::FromStr;

use gx_core::{Qirat, QIRAT_PER_GXC};

/// The maximum (and, after bootstrap, constant) supply: 1.25 trillion GXC in Qirat.
///
/// ```
/// use gx_ledger::{SystemPool, TOTAL_SUPPLY};
/// let sum: u64 = SystemPool::ALL.iter().map(|p| p.genesis_supply().get()).sum();
/// assert_eq!(sum, TOTAL_SUPPLY.get());
/// ```
pub const TOTAL_SUPPLY: Qirat = Qirat::new(1_250_000_000_000 * QIRAT_PER_GXC);

/// A system account of the chain. Transfers to or from any of them carry no fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SystemPool {
    /// `SYSTEM_USER_GENESIS_POOL`: the users' genesis allocations (577.5 B GXC).
    UserGenesis,
    /// `SYSTEM_LOAN_POOL` (312.5 B GXC).
    Loan,
    /// `SYSTEM_CHARITABLE_POOL` (158 B GXC).
    Charitable,
    /// `SYSTEM_GOVT_GENESIS_POOL`: the treasuries' genesis shares (152 B GXC).
    GovtGenesis,
    /// `SYSTEM_GX_POOL` (31.25 B GXC).
    Gx,
    /// `SYSTEM_OPERATIONS_FUND`: receives every transfer fee (18.75 B GXC at bootstrap).
    OperationsFund,
    /// `SYSTEM_MINTER`: the bootstrap minter; holds nothing after bootstrap.
    Minter,
}

impl SystemPool {
    /// Every system account, in the reference's order.
    pub const ALL: [SystemPool; 7] = [
        SystemPool::UserGenesis,
        SystemPool::Loan,
        SystemPool::Charitable,
        SystemPool::GovtGenesis,
        SystemPool::Gx,
        SystemPool::OperationsFund,
        SystemPool::Minter,
    ];

    /// The account ID on chain, e.g. `SYSTEM_LOAN_POOL`.
    pub const fn name(self) -> &'static str {
        match self {
            SystemPool::UserGenesis => "SYSTEM_USER_GENESIS_POOL",
            SystemPool::Loan => "SYSTEM_LOAN_POOL",
            SystemPool::Charitable => "SYSTEM_CHARITABLE_POOL",
            SystemPool::GovtGenesis => "SYSTEM_GOVT_GENESIS_POOL",
            SystemPool::Gx => "SYSTEM_GX_POOL",
            SystemPool::OperationsFund => "SYSTEM_OPERATIONS_FUND",
            SystemPool::Minter => "SYSTEM_MINTER",
        }
    }

    /// What bootstrap pre-mints into the pool.
    pub const fn genesis_supply(self) -> Qirat {
        // Tenths of a billion coins keep the half-billions exact in integers.
        const TENTH_BILLION: u64 = 100_000_000 * QIRAT_PER_GXC;
        Qirat::new(match self {
            SystemPool::UserGenesis => 5_775 * TENTH_BILLION,
            SystemPool::Loan => 3_125 * TENTH_BILLION,
            SystemPool::Charitable => 1_580 * TENTH_BILLION,
            SystemPool::GovtGenesis => 1_520 * TENTH_BILLION,
            SystemPool::Gx => 3_125 * TENTH_BILLION / 10,
            SystemPool::OperationsFund => 1_875 * TENTH_BILLION / 10,
            SystemPool::Minter => 0,
        })
    }

    /// The pool named `name` (exact, upper case), if any.
    pub fn from_name(name: &str) -> Option<SystemPool> {
        SystemPool::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for SystemPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SystemPool {
    type Err = crate::AccountIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SystemPool::from_name(s)
            .ok_or_else(|| crate::AccountIdError::new(s, "not a system pool name"))
    }
}

crate::text_serde::serde_as_text!(SystemPool);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_add_up_to_the_total_supply() {
        let sum: u128 = SystemPool::ALL
            .iter()
            .map(|p| u128::from(p.genesis_supply().get()))
            .sum();
        assert_eq!(sum, u128::from(TOTAL_SUPPLY.get()));
        assert_eq!(TOTAL_SUPPLY.get(), 1_250_000_000_000_000_000);
    }

    #[test]
    fn pool_sizes_match_the_reference() {
        let coins = |p: SystemPool| p.genesis_supply().get() / QIRAT_PER_GXC;
        assert_eq!(coins(SystemPool::UserGenesis), 577_500_000_000);
        assert_eq!(coins(SystemPool::Loan), 312_500_000_000);
        assert_eq!(coins(SystemPool::Charitable), 158_000_000_000);
        assert_eq!(coins(SystemPool::GovtGenesis), 152_000_000_000);
        assert_eq!(coins(SystemPool::Gx), 31_250_000_000);
        assert_eq!(coins(SystemPool::OperationsFund), 18_750_000_000);
        assert_eq!(coins(SystemPool::Minter), 0);
    }

    #[test]
    fn names_round_trip() {
        for p in SystemPool::ALL {
            assert_eq!(p.name().parse::<SystemPool>().unwrap(), p);
        }
        assert!("system_loan_pool".parse::<SystemPool>().is_err());
    }
}
