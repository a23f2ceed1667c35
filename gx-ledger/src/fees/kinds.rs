//! Transaction types and scopes: the two keys of the fee table.

use std::fmt;
use std::str::FromStr;

use gx_core::echo_input;

use super::FeeScheduleError;

/// The transaction type the chain prices a transfer by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TxType {
    /// `P2P`: person to person.
    P2P,
    /// `MERCHANT`: between a person and a business.
    Merchant,
    /// `GOVERNMENT`: with a government, treasury or other public body.
    Government,
    /// `B2B`: business to business.
    B2B,
}

impl TxType {
    /// All four types, in the table's order.
    pub const ALL: [TxType; 4] = [
        TxType::P2P,
        TxType::Merchant,
        TxType::Government,
        TxType::B2B,
    ];

    /// The chain's name, e.g. `MERCHANT`.
    pub const fn as_str(self) -> &'static str {
        match self {
            TxType::P2P => "P2P",
            TxType::Merchant => "MERCHANT",
            TxType::Government => "GOVERNMENT",
            TxType::B2B => "B2B",
        }
    }

    /// Position in [`TxType::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// Reads a type hint as the chain's `TransferWithFees` takes it: `""` is no hint (the chain
    /// detects the type from the two accounts, gx-protocol §4), anything else must name a type
    /// (in any case).
    ///
    /// ```
    /// use gx_ledger::TxType;
    /// assert_eq!(TxType::from_chain_hint("")?, None);
    /// assert_eq!(TxType::from_chain_hint("MERCHANT")?, Some(TxType::Merchant));
    /// assert!(TxType::from_chain_hint(" ").is_err());
    /// assert_eq!(TxType::chain_hint(None), "");
    /// # Ok::<(), gx_ledger::FeeScheduleError>(())
    /// ```
    pub fn from_chain_hint(hint: &str) -> Result<Option<TxType>, FeeScheduleError> {
        if hint.is_empty() {
            Ok(None)
        } else {
            hint.parse().map(Some)
        }
    }

    /// The chain's hint for an optional type: the type's name, or `""` to let the chain detect
    /// it. The inverse of [`TxType::from_chain_hint`].
    pub const fn chain_hint(tx_type: Option<TxType>) -> &'static str {
        match tx_type {
            Some(t) => t.as_str(),
            None => "",
        }
    }
}

/// Whether both parties are in the same country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// `LOCAL`: same country (or a party without a country, see [`crate::AccountId::country`]).
    Local,
    /// `CROSS_BORDER`: two different countries.
    CrossBorder,
}

impl Scope {
    /// Both scopes, in the table's order.
    pub const ALL: [Scope; 2] = [Scope::Local, Scope::CrossBorder];

    /// The chain's name, `LOCAL` or `CROSS_BORDER`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "LOCAL",
            Scope::CrossBorder => "CROSS_BORDER",
        }
    }

    /// Position in [`Scope::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// Implements Display, FromStr (case-insensitive) and serde as text for a name enum.
macro_rules! named_enum_text {
    ($ty:ident, $expected:literal) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = FeeScheduleError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::ALL
                    .into_iter()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s))
                    .ok_or_else(|| FeeScheduleError::UnknownName {
                        input: echo_input(s),
                        expected: $expected,
                    })
            }
        }

        crate::text_serde::serde_as_text!($ty);
    };
}

named_enum_text!(
    TxType,
    "a transaction type: P2P, MERCHANT, GOVERNMENT or B2B"
);
named_enum_text!(Scope, "a scope: LOCAL or CROSS_BORDER");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_any_case() {
        for t in TxType::ALL {
            assert_eq!(t.as_str().to_lowercase().parse::<TxType>().unwrap(), t);
            assert_eq!(TxType::ALL[t.index()], t);
        }
        for s in Scope::ALL {
            assert_eq!(s.as_str().parse::<Scope>().unwrap(), s);
            assert_eq!(Scope::ALL[s.index()], s);
        }
        let err = "PERSONAL".parse::<TxType>().unwrap_err();
        assert!(err.to_string().contains("P2P, MERCHANT"), "{err}");
    }

    #[test]
    fn chain_hint_round_trip_with_empty_as_detect() {
        assert_eq!(TxType::from_chain_hint("").unwrap(), None);
        for t in TxType::ALL.map(Some).into_iter().chain([None]) {
            assert_eq!(TxType::from_chain_hint(TxType::chain_hint(t)).unwrap(), t);
        }
        assert_eq!(TxType::from_chain_hint("p2p").unwrap(), Some(TxType::P2P));
        for bad in [" ", "NONE", "P2P "] {
            let err = TxType::from_chain_hint(bad).unwrap_err();
            assert!(err.to_string().contains("P2P, MERCHANT"), "{err}");
        }
    }

    #[test]
    fn serde_uses_chain_names() {
        assert_eq!(
            serde_json::to_string(&Scope::CrossBorder).unwrap(),
            "\"CROSS_BORDER\""
        );
        assert_eq!(
            serde_json::from_str::<TxType>("\"b2b\"").unwrap(),
            TxType::B2B
        );
    }
}
