//! Basis points: a rate from 0 to 100 %, checked once so every fee computed with it is exact.

use std::fmt;

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use super::FeeScheduleError;

/// The largest rate: 10 000 basis points is 100 %.
pub const MAX_BPS: u16 = 10_000;

/// A rate in basis points (1 bps = 0.01 %), always within `0..=10 000` (0 to 100 %).
///
/// Checking the range here is what makes [`fee_at`] total: with at most 100 %, the fee is never
/// more than the amount and always fits in `u64`. In JSON it is a plain integer, checked on the
/// way in.
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{fee_at, BasisPoints};
/// let rate = BasisPoints::new(15)?;
/// assert_eq!(fee_at(Qirat::new(1_000_000), rate), Qirat::new(1_500));
/// assert!(BasisPoints::new(10_001).is_err());
/// assert!(serde_json::from_str::<BasisPoints>("10001").is_err());
/// # Ok::<(), gx_ledger::FeeScheduleError>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(try_from = "u16", into = "u16")]
pub struct BasisPoints(u16);

impl BasisPoints {
    /// 0 %.
    pub const ZERO: BasisPoints = BasisPoints(0);
    /// 100 %.
    pub const MAX: BasisPoints = BasisPoints(MAX_BPS);

    /// `bps` basis points, or [`FeeScheduleError::RateOutOfRange`] above 10 000.
    pub fn new(bps: u16) -> Result<BasisPoints, FeeScheduleError> {
        BasisPoints::checked(bps).ok_or(FeeScheduleError::RateOutOfRange {
            bps: u64::from(bps),
        })
    }

    /// `bps` basis points, or `None` above 10 000 (usable in constants).
    pub const fn checked(bps: u16) -> Option<BasisPoints> {
        if bps <= MAX_BPS {
            Some(BasisPoints(bps))
        } else {
            None
        }
    }

    /// Parses a governance value: decimal digits only (no sign, no spaces), at most 10 000.
    pub(crate) fn parse_strict(value: &str) -> Option<BasisPoints> {
        parse_digits(value)
            .and_then(|n| u16::try_from(n).ok())
            .and_then(BasisPoints::checked)
    }

    /// The rate in basis points.
    pub const fn get(self) -> u16 {
        self.0
    }
}

/// A non-negative integer written with ASCII digits only: refuses `""`, `"+5"`, `" 5"`, `"5.0"`
/// (which `str::parse` would partly accept), so a governance value means exactly what it shows.
pub(crate) fn parse_digits(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

impl TryFrom<u16> for BasisPoints {
    type Error = FeeScheduleError;

    fn try_from(bps: u16) -> Result<Self, Self::Error> {
        BasisPoints::new(bps)
    }
}

impl From<BasisPoints> for u16 {
    fn from(bps: BasisPoints) -> u16 {
        bps.0
    }
}

impl fmt::Display for BasisPoints {
    /// `15 bps`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bps", self.0)
    }
}

/// `floor(amount × bps / 10 000)`, exact for every amount and every rate, and never more than
/// `amount` (the rate is at most 100 %).
pub const fn fee_at(amount: Qirat, bps: BasisPoints) -> Qirat {
    let amount = amount.get();
    let bps = bps.0 as u64;
    // Up to 1.8 billion GXC the product fits in u64, where dividing by the constant compiles
    // to a multiply; the u128 division is a library call several times slower. Same result.
    if amount <= u64::MAX / MAX_BPS as u64 {
        return Qirat::new(amount * bps / MAX_BPS as u64);
    }
    let fee = amount as u128 * bps as u128 / MAX_BPS as u128;
    // bps <= 10 000 makes fee <= amount <= u64::MAX: the cast keeps every bit.
    #[allow(clippy::cast_possible_truncation)]
    Qirat::new(fee as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gx_core::ErrorCode;
    use proptest::prelude::*;

    #[test]
    fn range_is_0_to_10000() {
        assert_eq!(BasisPoints::new(0).unwrap(), BasisPoints::ZERO);
        assert_eq!(BasisPoints::new(10_000).unwrap(), BasisPoints::MAX);
        let err = BasisPoints::new(10_001).unwrap_err();
        assert_eq!(err.code(), "FEE_RATE_OUT_OF_RANGE");
        assert!(err.to_string().contains("10001 bps"), "{err}");
        assert!(err.to_string().contains("0 to 10000"), "{err}");
        assert_eq!(BasisPoints::checked(u16::MAX), None);
        assert_eq!(BasisPoints::MAX.to_string(), "10000 bps");
    }

    #[test]
    fn strict_digits_only() {
        assert_eq!(BasisPoints::parse_strict("15"), BasisPoints::checked(15));
        assert_eq!(BasisPoints::parse_strict("010"), BasisPoints::checked(10));
        for bad in [
            "",
            "+5",
            "-1",
            " 5",
            "5 ",
            "5.0",
            "1e3",
            "10001",
            "99999999999999999999",
        ] {
            assert_eq!(BasisPoints::parse_strict(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn serde_is_a_checked_integer() {
        let b: BasisPoints = serde_json::from_str("25").unwrap();
        assert_eq!(b.get(), 25);
        assert_eq!(serde_json::to_string(&b).unwrap(), "25");
        let err = serde_json::from_str::<BasisPoints>("10001").unwrap_err();
        assert!(err.to_string().contains("above 100 %"), "{err}");
        assert!(serde_json::from_str::<BasisPoints>("-1").is_err());
    }

    #[test]
    fn fee_floors_and_never_exceeds_the_amount() {
        let bp = |b| BasisPoints::new(b).unwrap();
        assert_eq!(fee_at(Qirat::new(1_000_000), bp(15)), Qirat::new(1_500));
        assert_eq!(fee_at(Qirat::new(6_666), bp(15)), Qirat::new(9)); // 9.999 floors to 9
        assert_eq!(fee_at(Qirat::MAX, BasisPoints::MAX), Qirat::MAX);
        assert_eq!(fee_at(Qirat::MAX, bp(40)), Qirat::new(u64::MAX / 250));
        assert_eq!(fee_at(Qirat::MAX, BasisPoints::ZERO), Qirat::ZERO);
    }

    #[test]
    fn fast_path_edge() {
        let edge = u64::MAX / u64::from(MAX_BPS);
        for a in [edge - 1, edge, edge + 1] {
            let exact = u128::from(a) * 9_999 / 10_000;
            let fee = fee_at(Qirat::new(a), BasisPoints::new(9_999).unwrap());
            assert_eq!(u128::from(fee.get()), exact);
        }
    }

    proptest! {
        /// For any amount and any valid rate: the exact floor computed in u128, never more than
        /// the amount (both the u64 fast path and the u128 path).
        #[test]
        fn fee_is_the_exact_floor_and_at_most_the_amount(amount in any::<u64>(), bps in 0..=MAX_BPS) {
            let rate = BasisPoints::new(bps).unwrap();
            let fee = fee_at(Qirat::new(amount), rate);
            let exact = u128::from(amount) * u128::from(bps) / u128::from(MAX_BPS);
            prop_assert_eq!(u128::from(fee.get()), exact);
            prop_assert!(fee.get() <= amount);
        }

        /// Every u16 above 10 000 is refused, every one up to it accepted.
        #[test]
        fn constructor_matches_the_range(bps in any::<u16>()) {
            prop_assert_eq!(BasisPoints::new(bps).is_ok(), bps <= MAX_BPS);
        }
    }
}
