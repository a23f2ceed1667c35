//! Instants on the wire: ISO-8601 UTC strings with milliseconds, as JavaScript's
//! `Date.prototype.toJSON` writes them (`2026-01-10T09:30:00.000Z`).

use std::fmt;
use std::str::FromStr;

use gx_core::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant, in milliseconds since the Unix epoch, written as ISO-8601 UTC.
///
/// ```
/// use gx_api::Timestamp;
/// let t = Timestamp::from_millis(1_766_660_400_000);
/// assert_eq!(t.to_string(), "2025-12-25T11:00:00.000Z");
/// assert_eq!("2025-12-25T11:00:00.000Z".parse::<Timestamp>(), Ok(t));
/// assert_eq!("2025-12-25T11:00:00Z".parse::<Timestamp>(), Ok(t));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(u64);

const MS_PER_DAY: u64 = 86_400_000;

/// 4000-01-01T00:00:00.000Z, the last instant the SDK's dates reach.
const MAX_MILLIS: u64 = 64_060_588_800_000;

impl Timestamp {
    /// The instant `millis` after the epoch (instants past 4000-01-01 read as that day).
    pub const fn from_millis(millis: u64) -> Timestamp {
        if millis > MAX_MILLIS {
            Timestamp(MAX_MILLIS)
        } else {
            Timestamp(millis)
        }
    }

    /// Milliseconds since the epoch.
    pub const fn millis(self) -> u64 {
        self.0
    }

    /// The UTC calendar date.
    pub fn date(self) -> Date {
        let days = i64::try_from(self.0 / MS_PER_DAY).unwrap_or(0);
        Date::from_days_since_unix_epoch(days)
            .or_else(|| Date::from_days_since_unix_epoch(0))
            .expect("every instant up to 4000-01-01 is a date")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.date();
        let in_day = self.0 % MS_PER_DAY;
        let (h, m, s, ms) = (
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1_000 % 60,
            in_day % 1_000,
        );
        write!(f, "{date}T{h:02}:{m:02}:{s:02}.{ms:03}Z")
    }
}

/// Why a timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError(String);

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid timestamp {:?}: expected ISO-8601 UTC such as 2026-01-10T09:30:00.000Z",
            self.0.chars().take(40).collect::<String>()
        )
    }
}

impl std::error::Error for TimestampError {}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || TimestampError(s.to_owned());
        let (date, rest) = s.split_once('T').ok_or_else(bad)?;
        let date: Date = date.parse().map_err(|_| bad())?;
        let rest = rest.strip_suffix('Z').ok_or_else(bad)?;
        let (hms, ms) = match rest.split_once('.') {
            Some((hms, frac)) if (1..=3).contains(&frac.len()) => {
                let digits: u64 = frac.parse().map_err(|_| bad())?;
                (
                    hms,
                    digits * 10u64.pow(3 - u32::try_from(frac.len()).unwrap_or(3)),
                )
            }
            Some(_) => return Err(bad()),
            None => (rest, 0),
        };
        let parts: Vec<&str> = hms.split(':').collect();
        let [h, m, sec] = parts.as_slice() else {
            return Err(bad());
        };
        let field = |t: &str, max: u64| -> Result<u64, TimestampError> {
            if t.len() != 2 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let v: u64 = t.parse().map_err(|_| bad())?;
            if v > max {
                return Err(bad());
            }
            Ok(v)
        };
        let (h, m, sec) = (field(h, 23)?, field(m, 59)?, field(sec, 59)?);
        let days = u64::try_from(date.days_since_unix_epoch()).map_err(|_| bad())?;
        let millis = days * MS_PER_DAY + h * 3_600_000 + m * 60_000 + sec * 1_000 + ms;
        if millis > MAX_MILLIS {
            return Err(bad());
        }
        Ok(Timestamp(millis))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn epoch_and_fractions() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!("1970-01-01T00:00:00.5Z".parse(), Ok(Timestamp(500)));
        for bad in [
            "",
            "2026-01-10",
            "2026-01-10T25:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-01-10T00:00:00.0000Z",
            "2026-01-10T00:00:00+01:00",
        ] {
            assert!(bad.parse::<Timestamp>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(ms in 0u64..=MAX_MILLIS) {
            let t = Timestamp(ms);
            prop_assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        }
    }
}
