//! Amount bands: which rate applies to which amount.

use gx_core::Qirat;
use serde::{Deserialize, Serialize};

use super::bps::BasisPoints;
use super::FeeScheduleError;

/// One band: `bps` basis points for every amount from `from` (inclusive) up to the next band's
/// `from` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Band {
    /// The smallest amount in the band, in Qirat.
    #[serde(rename = "fromQirat")]
    pub from: Qirat,
    /// The rate (0 to 10 000 basis points).
    pub bps: BasisPoints,
}

/// A validated list of bands covering every amount: the first starts at 0 and each starts
/// strictly above the previous one (no rate exceeds 100 %: [`BasisPoints`] sees to that).
///
/// Lower bounds are inclusive, so an edge amount belongs to the band that starts there. The
/// reference's "3 to 100 coins" therefore starts at exactly 3 GXC, and "above 100 coins" starts
/// at 100.000001 GXC (100 GXC itself is still in "3 to 100").
///
/// ```
/// use gx_core::Qirat;
/// use gx_ledger::{Band, Bands, BasisPoints};
/// let bands = Bands::new(vec![
///     Band { from: Qirat::ZERO, bps: BasisPoints::ZERO },
///     Band { from: Qirat::new(3_000_000), bps: BasisPoints::new(5)? },
/// ])?;
/// assert_eq!(bands.bps_for(Qirat::new(2_999_999)).get(), 0);
/// assert_eq!(bands.bps_for(Qirat::new(3_000_000)).get(), 5);
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
        Ok(Bands(bands))
    }

    /// One rate for every amount.
    pub fn flat(bps: BasisPoints) -> Bands {
        Bands(vec![Band {
            from: Qirat::ZERO,
            bps,
        }])
    }

    /// The rate that applies to `amount`.
    pub fn bps_for(&self, amount: Qirat) -> BasisPoints {
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
}

impl<'de> Deserialize<'de> for Bands {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Bands::new(Vec::<Band>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(from: u64, bps: u16) -> Band {
        Band {
            from: Qirat::new(from),
            bps: BasisPoints::new(bps).unwrap(),
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
        ] {
            let err = Bands::new(bands).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn edges_belong_to_the_band_that_starts_there() {
        let b = Bands::new(vec![band(0, 1), band(10, 2), band(20, 3)]).unwrap();
        assert_eq!(b.bps_for(Qirat::new(9)).get(), 1);
        assert_eq!(b.bps_for(Qirat::new(10)).get(), 2);
        assert_eq!(b.bps_for(Qirat::new(19)).get(), 2);
        assert_eq!(b.bps_for(Qirat::new(20)).get(), 3);
        assert_eq!(b.bps_for(Qirat::MAX).get(), 3);
        let ranges: Vec<_> = b
            .ranges()
            .map(|(b, to)| (b.from.get(), to.map(Qirat::get)))
            .collect();
        assert_eq!(ranges, [(0, Some(9)), (10, Some(19)), (20, None)]);
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Bands>(r#"[{"fromQirat":0,"bps":5}]"#).is_ok());
        assert!(serde_json::from_str::<Bands>(r#"[{"fromQirat":3,"bps":5}]"#).is_err());
        // A rate above 100 % is refused by the rate itself.
        let err = serde_json::from_str::<Bands>(r#"[{"fromQirat":0,"bps":10001}]"#).unwrap_err();
        assert!(err.to_string().contains("above 100 %"), "{err}");
    }
}
