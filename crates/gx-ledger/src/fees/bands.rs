//! Amount bands: which rate applies to which amount.

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use super::FeeScheduleError;

/// The largest rate: 10 000 basis points is 100 %.
pub const MAX_BPS: u16 = 10_000;

/// One band: `bps` basis points for every amount from `from` (inclusive) up to the next band's
/// `from` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Band {
    /// The smallest amount in the band, in Qirat.
    #[serde(rename = "fromQirat")]
    pub from: Qirat,
    /// The rate in basis points (1 bps = 0.01 %).
    pub bps: u16,
}

/// A validated list of bands covering every amount: the first starts at 0, each starts strictly
/// above the previous one, and no rate exceeds 100 %.
///
/// Lower bounds are inclusive, so an edge amount belongs to the band that starts there. The
/// reference's "3 to 100 coins" therefore starts at exactly 3 GXC, and "above 100 coins" starts
/// at 100.000001 GXC (100 GXC itself is still in "3 to 100").
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{Band, Bands};
/// let bands = Bands::new(vec![
///     Band { from: Qirat::ZERO, bps: 0 },
///     Band { from: Qirat::new(3_000_000), bps: 5 },
/// ])?;
/// assert_eq!(bands.bps_for(Qirat::new(2_999_999)), 0);
/// assert_eq!(bands.bps_for(Qirat::new(3_000_000)), 5);
/// # Ok::<(), gx_ledger::FeeScheduleError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Bands(Vec<Band>);

impl Bands {
    /// Checks and wraps `bands`.
    pub fn new(bands: Vec<Band>) -> Result<Bands, FeeScheduleError> {
        let invalid = |reason: String| Err(FeeScheduleError::InvalidBands { reason });
        match bands.first() {
            None => return invalid("at least one band is needed".into()),
            Some(first) if !first.from.is_zero() => {
                return invalid(format!(
                    "the first band must start at 0 Qirat, not {}",
                    first.from.get()
                ))
            }
            Some(_) => {}
        }
        if let Some(w) = bands.windows(2).find(|w| w[1].from <= w[0].from) {
            return invalid(format!(
                "band edges must increase strictly: {} Qirat follows {} Qirat",
                w[1].from.get(),
                w[0].from.get()
            ));
        }
        if let Some(b) = bands.iter().find(|b| b.bps > MAX_BPS) {
            return invalid(format!(
                "a rate of {} bps is above 100 % ({MAX_BPS} bps)",
                b.bps
            ));
        }
        Ok(Bands(bands))
    }

    /// One rate for every amount.
    pub fn flat(bps: u16) -> Result<Bands, FeeScheduleError> {
        Bands::new(vec![Band {
            from: Qirat::ZERO,
            bps,
        }])
    }

    /// The rate that applies to `amount`.
    pub fn bps_for(&self, amount: Qirat) -> u16 {
        self.band_for(amount).bps
    }

    /// The band `amount` falls in.
    pub fn band_for(&self, amount: Qirat) -> &Band {
        // Few bands (at most a handful): a reverse scan beats a binary search here.
        self.0
            .iter()
            .rev()
            .find(|b| b.from <= amount)
            .unwrap_or(&self.0[0])
    }

    /// The bands in ascending order.
    pub fn as_slice(&self) -> &[Band] {
        &self.0
    }

    /// Each band with its inclusive upper edge (`None` for the last, unbounded band).
    pub fn ranges(&self) -> impl Iterator<Item = (Band, Option<Qirat>)> + '_ {
        self.0.iter().enumerate().map(|(i, band)| {
            let to = self
                .0
                .get(i + 1)
                .map(|next| Qirat::new(next.from.get() - 1));
            (*band, to)
        })
    }

    pub(crate) fn as_mut_vec(&mut self) -> &mut Vec<Band> {
        &mut self.0
    }
}

impl<'de> Deserialize<'de> for Bands {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Bands::new(Vec::<Band>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// `floor(amount × bps / 10 000)` with a `u128` intermediate. Never more than `amount` for a
/// valid rate.
pub const fn fee_at(amount: Qirat, bps: u16) -> Qirat {
    let amount = amount.get();
    // Up to 1.8 billion GXC the product fits in u64, where dividing by the constant compiles
    // to a multiply; the u128 division is a library call several times slower. Same result.
    if amount <= u64::MAX / MAX_BPS as u64 {
        return Qirat::new(amount * bps as u64 / MAX_BPS as u64);
    }
    let fee = amount as u128 * bps as u128 / MAX_BPS as u128;
    // bps <= 10 000 keeps fee <= amount, which fits in u64.
    #[allow(clippy::cast_possible_truncation)]
    Qirat::new(fee as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(from: u64, bps: u16) -> Band {
        Band {
            from: Qirat::new(from),
            bps,
        }
    }

    #[test]
    fn rejects_malformed_band_lists() {
        for (bands, needle) in [
            (vec![], "at least one"),
            (vec![band(1, 0)], "start at 0"),
            (
                vec![band(0, 0), band(5, 1), band(5, 2)],
                "increase strictly",
            ),
            (vec![band(0, 10_001)], "above 100 %"),
        ] {
            let err = Bands::new(bands).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn edges_belong_to_the_band_that_starts_there() {
        let b = Bands::new(vec![band(0, 1), band(10, 2), band(20, 3)]).unwrap();
        assert_eq!(b.bps_for(Qirat::new(9)), 1);
        assert_eq!(b.bps_for(Qirat::new(10)), 2);
        assert_eq!(b.bps_for(Qirat::new(19)), 2);
        assert_eq!(b.bps_for(Qirat::new(20)), 3);
        assert_eq!(b.bps_for(Qirat::MAX), 3);
        let ranges: Vec<_> = b
            .ranges()
            .map(|(b, to)| (b.from.get(), to.map(Qirat::get)))
            .collect();
        assert_eq!(ranges, [(0, Some(9)), (10, Some(19)), (20, None)]);
    }

    #[test]
    fn fee_floors_and_never_exceeds_the_amount() {
        assert_eq!(fee_at(Qirat::new(1_000_000), 15), Qirat::new(1_500));
        assert_eq!(fee_at(Qirat::new(6_666), 15), Qirat::new(9)); // 9.999 floors to 9
        assert_eq!(fee_at(Qirat::MAX, MAX_BPS), Qirat::MAX);
        assert_eq!(fee_at(Qirat::MAX, 40), Qirat::new(u64::MAX / 250));
    }

    proptest::proptest! {
        /// The u64 fast path and the u128 path agree with the exact formula everywhere.
        #[test]
        fn fee_is_the_exact_floor(amount in proptest::prelude::any::<u64>(), bps in 0..=MAX_BPS) {
            let exact = u128::from(amount) * u128::from(bps) / u128::from(MAX_BPS);
            proptest::prop_assert_eq!(u128::from(fee_at(Qirat::new(amount), bps).get()), exact);
        }
    }

    #[test]
    fn fast_path_edge() {
        let edge = u64::MAX / u64::from(MAX_BPS);
        for a in [edge - 1, edge, edge + 1] {
            let exact = u128::from(a) * 9_999 / 10_000;
            assert_eq!(u128::from(fee_at(Qirat::new(a), 9_999).get()), exact);
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Bands>(r#"[{"fromQirat":0,"bps":5}]"#).is_ok());
        assert!(serde_json::from_str::<Bands>(r#"[{"fromQirat":3,"bps":5}]"#).is_err());
    }
}
