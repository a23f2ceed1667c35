//! Which accounts make a transfer free, and where fees go.

use std::fmt;

use crate::account::AccountId;
use crate::pools::SystemPool;

/// The pool every transfer fee is paid into (gx-protocol §4).
pub const FEE_POOL: SystemPool = SystemPool::OperationsFund;

/// The accounts whose transfers carry no fee: a set of system pools and, as one switch, every
/// `treasury_*` account. A transfer is free when either side is exempt.
///
/// The protocol default ([`Exemptions::protocol_default`]) exempts every system pool and every
/// treasury. `Display` says it in words, for people:
///
/// ```
/// use gx_ledger::{Exemptions, SystemPool};
/// let e = Exemptions::protocol_default();
/// assert!(e.to_string().starts_with("transfers to or from SYSTEM_USER_GENESIS_POOL, "));
/// assert!(e.to_string().ends_with("SYSTEM_MINTER or any treasury_* account are free"));
/// let none = Exemptions::none();
/// assert_eq!(none.to_string(), "no account is exempt from fees");
/// assert_eq!(
///     none.with_pools([SystemPool::Loan]).to_string(),
///     "transfers to or from SYSTEM_LOAN_POOL are free"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Exemptions {
    /// Bit `i` set: `SystemPool::ALL[i]` is exempt.
    pools: u8,
    treasuries: bool,
}

impl Exemptions {
    /// Every system pool and every treasury: the chain's rule.
    pub const fn protocol_default() -> Exemptions {
        Exemptions {
            pools: ALL_POOLS,
            treasuries: true,
        }
    }

    /// Nothing is exempt.
    pub const fn none() -> Exemptions {
        Exemptions {
            pools: 0,
            treasuries: false,
        }
    }

    /// The same with exactly these pools exempt.
    pub fn with_pools(mut self, pools: impl IntoIterator<Item = SystemPool>) -> Exemptions {
        self.pools = pools.into_iter().fold(0, |bits, p| bits | pool_bit(p));
        self
    }

    /// The same with treasuries exempt or not.
    pub const fn with_treasuries(mut self, exempt: bool) -> Exemptions {
        self.treasuries = exempt;
        self
    }

    /// Whether transfers touching `pool` are free.
    pub fn is_pool_exempt(&self, pool: SystemPool) -> bool {
        self.pools & pool_bit(pool) != 0
    }

    /// Whether transfers touching a `treasury_*` account are free.
    pub const fn treasuries(&self) -> bool {
        self.treasuries
    }

    /// The exempt pools, in [`SystemPool::ALL`] order.
    pub fn pools(&self) -> impl Iterator<Item = SystemPool> + '_ {
        SystemPool::ALL
            .into_iter()
            .filter(|p| self.is_pool_exempt(*p))
    }

    /// Whether transfers touching `account` are free.
    pub fn is_exempt(&self, account: &AccountId) -> bool {
        match account {
            AccountId::Pool(pool) => self.is_pool_exempt(*pool),
            AccountId::Treasury(_) => self.treasuries,
            AccountId::User(_) => false,
        }
    }
}

impl Default for Exemptions {
    fn default() -> Self {
        Exemptions::protocol_default()
    }
}

impl fmt::Display for Exemptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<&str> = self.pools().map(SystemPool::name).collect();
        if self.treasuries {
            parts.push("any treasury_* account");
        }
        match parts.split_last() {
            None => f.write_str("no account is exempt from fees"),
            Some((last, [])) => write!(f, "transfers to or from {last} are free"),
            Some((last, rest)) => {
                write!(
                    f,
                    "transfers to or from {} or {last} are free",
                    rest.join(", ")
                )
            }
        }
    }
}

/// Every pool's bit set.
#[allow(clippy::cast_possible_truncation)] // seven pools: the mask fits in u8
const ALL_POOLS: u8 = ((1u16 << SystemPool::ALL.len()) - 1) as u8;

fn pool_bit(pool: SystemPool) -> u8 {
    // SystemPool::ALL lists the variants in declaration order, so the discriminant is the
    // position.
    1 << (pool as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_follow_the_pool_order() {
        for (i, p) in SystemPool::ALL.into_iter().enumerate() {
            assert_eq!(pool_bit(p), 1 << i, "{p}");
        }
        let all: Vec<_> = Exemptions::protocol_default().pools().collect();
        assert_eq!(all, SystemPool::ALL);
    }

    #[test]
    fn display_follows_the_policy() {
        let e = Exemptions::none()
            .with_pools([SystemPool::Minter, SystemPool::Gx])
            .with_treasuries(false);
        assert_eq!(
            e.to_string(),
            "transfers to or from SYSTEM_GX_POOL or SYSTEM_MINTER are free"
        );
        assert_eq!(
            Exemptions::none().with_treasuries(true).to_string(),
            "transfers to or from any treasury_* account are free"
        );
        let all = Exemptions::protocol_default().to_string();
        for p in SystemPool::ALL {
            assert!(all.contains(p.name()), "{all}");
        }
    }

    #[test]
    fn exempt_accounts() {
        let e = Exemptions::protocol_default();
        let user: AccountId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
        assert!(!e.is_exempt(&user));
        assert!(e.is_exempt(&AccountId::Pool(SystemPool::Minter)));
        assert!(e.is_exempt(&"treasury_US".parse().unwrap()));
        assert!(!Exemptions::none().is_exempt(&AccountId::Pool(SystemPool::Minter)));
    }
}
