//! Calendar dates (proleptic Gregorian, UTC), parsed strictly as `YYYY-MM-DD`.
//!
//! The reference built dates with JavaScript's `Date`, which silently rolls `1989-02-30` over to
//! March. Here an impossible day is an error.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{echo_input, Error};

/// A calendar date between 0001-01-01 and 9999-12-31.
///
/// Used for dates of birth, founding dates and distribution dates. Ordering is chronological.
///
/// ```
/// use gx_core::Date;
/// let d: Date = "1992-08-20".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (1992, 8, 20));
/// assert!("1989-02-30".parse::<Date>().is_err()); // no 30th of February
/// assert!("2000-02-29".parse::<Date>().is_ok());  // 2000 is a leap year
/// assert!("1900-02-29".parse::<Date>().is_err()); // 1900 is not
/// # Ok::<(), gx_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// A date of birth (or an organisation's founding date).
pub type DateOfBirth = Date;

/// Days from 0000-03-01 to 1970-01-01 in Hinnant's `days_from_civil`.
const UNIX_EPOCH_SHIFT: i64 = 719_468;
/// Days from 1900-01-01 to 1970-01-01.
const DAYS_1900_TO_1970: i64 = 25_567;
/// Days from 1970-01-01 to 0001-01-01 and to 9999-12-31: the range of a `Date`.
const MIN_UNIX_DAY: i64 = Date::MIN.days_since_unix_epoch();
const MAX_UNIX_DAY: i64 = Date::MAX.days_since_unix_epoch();

/// Whether `year` is a Gregorian leap year.
pub const fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in `month` (1–12) of `year`.
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// The earliest representable date, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };
    /// The latest representable date, 9999-12-31.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// Builds a date, checking that the day exists.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, Error> {
        Self::checked(year, month, day).ok_or_else(|| Error::InvalidDate {
            input: format!("{year:04}-{month:02}-{day:02}"),
            reason: Self::why_invalid(year, month),
        })
    }

    fn checked(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    fn why_invalid(year: u16, month: u8) -> &'static str {
        if !(1..=9999).contains(&year) {
            "the year must be between 0001 and 9999"
        } else if !(1..=12).contains(&month) {
            "the month must be between 01 and 12"
        } else {
            "that day does not exist in that month"
        }
    }

    /// The year (1–9999).
    pub const fn year(self) -> u16 {
        self.year
    }

    /// The month (1–12).
    pub const fn month(self) -> u8 {
        self.month
    }

    /// The day of the month (1–31).
    pub const fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub const fn days_since_unix_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - UNIX_EPOCH_SHIFT
    }

    /// The date `days` after 1970-01-01, if it is within 0001-01-01..=9999-12-31.
    pub fn from_days_since_unix_epoch(days: i64) -> Option<Date> {
        if !(MIN_UNIX_DAY..=MAX_UNIX_DAY).contains(&days) {
            return None;
        }
        // The range check keeps the count from 0000-03-01 within 306..=3_652_424.
        let from_march_0 = u32::try_from(days + UNIX_EPOCH_SHIFT).ok()?;
        Some(Self::from_days_since_march_0(from_march_0))
    }

    /// The date `n` days after 0000-03-01, for `n` in 306..=3_652_424 (0001-01-01..=9999-12-31).
    ///
    /// Neri and Schneider's algorithm ("Euclidean affine functions and their application to
    /// calendar algorithms", Software: Practice and Experience, 2023): the divisions by 1461
    /// (four years) and 153 (five months) become multiplications and shifts, so the whole
    /// conversion is a few multiplications and no branch. Decoding IDs spends its time here.
    /// Every day of 0001..=9999 is checked against the calendar by a test, so the result is
    /// built without re-validating it.
    // Every value cast fits: century <= 25, year <= 9999, month 1..=14, day 1..=31.
    #[allow(clippy::cast_possible_truncation)]
    const fn from_days_since_march_0(n: u32) -> Date {
        // Centuries (of 36 524 or 36 525 days) and the day within the century.
        let n1 = 4 * n + 3;
        let century = n1 / 146_097;
        let day_of_century = n1 % 146_097 / 4;
        // Years within the century: 2_939_745 / 2^32 is 1 / 1461 closely enough for every day
        // of a century, and the remainder gives the day within the (March-based) year.
        let n2 = 4 * day_of_century + 3;
        let p2 = 2_939_745 * n2 as u64;
        let year_of_century = (p2 >> 32) as u32;
        let day_of_year = (p2 as u32) / 2_939_745 / 4;
        // Month (3 = March .. 14 = February) and day: 2141 / 2^16 stands for 5 / 153.
        let n3 = 2_141 * day_of_year + 197_913;
        let month = n3 >> 16;
        let day = (n3 & 0xFFFF) / 2_141 + 1;
        // January and February belong to the next calendar year.
        let next_year = day_of_year >= 306;
        let year = 100 * century + year_of_century + next_year as u32;
        let month = if next_year { month - 12 } else { month };
        Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Days since 1900-01-01 (the Fabric User ID epoch), negative before it.
    pub const fn days_since_1900(self) -> i64 {
        self.days_since_unix_epoch() + DAYS_1900_TO_1970
    }

    /// The date `days` after 1900-01-01.
    pub fn from_days_since_1900(days: i64) -> Option<Date> {
        Self::from_days_since_unix_epoch(days.checked_sub(DAYS_1900_TO_1970)?)
    }

    /// The UTC calendar day of a Unix timestamp in milliseconds.
    pub fn from_unix_millis(millis: i64) -> Option<Date> {
        Self::from_days_since_unix_epoch(millis.div_euclid(86_400_000))
    }

    /// The date `days` later (or earlier, when negative).
    pub fn add_days(self, days: i64) -> Option<Date> {
        Self::from_days_since_unix_epoch(self.days_since_unix_epoch().checked_add(days)?)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub const fn days_until(self, later: Date) -> i64 {
        later.days_since_unix_epoch() - self.days_since_unix_epoch()
    }

    /// Age in completed years on the date `on`, or `None` if `on` is before `self`.
    ///
    /// Someone born on 29 February turns a year older on 1 March in common years.
    ///
    /// ```
    /// use gx_core::Date;
    /// let born: Date = "2000-02-29".parse()?;
    /// assert_eq!(born.age_on("2013-02-28".parse()?), Some(12));
    /// assert_eq!(born.age_on("2013-03-01".parse()?), Some(13));
    /// # Ok::<(), gx_core::Error>(())
    /// ```
    pub fn age_on(self, on: Date) -> Option<u32> {
        if on < self {
            return None;
        }
        let years = u32::from(on.year - self.year);
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        Some(if had_birthday { years } else { years - 1 })
    }

    /// Parses exactly `YYYY-MM-DD` from ASCII bytes.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Date, Error> {
        let invalid = |reason| Error::InvalidDate {
            input: echo_input(&String::from_utf8_lossy(bytes)),
            reason,
        };
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(invalid("it is not in the form YYYY-MM-DD"));
        }
        let num = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'))
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        // Both fit: two decimal digits are at most 99.
        #[allow(clippy::cast_possible_truncation)]
        let (month, day) = (month as u8, day as u8);
        Self::checked(year, month, day).ok_or_else(|| invalid(Self::why_invalid(year, month)))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.month, self.day).cmp(&(other.year, other.month, other.day))
    }
}

impl FromStr for Date {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse_bytes(s.as_bytes())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn rejects_impossible_days_the_reference_rolled_over() {
        for s in [
            "1989-02-30",
            "2023-02-29",
            "1900-02-29",
            "2021-04-31",
            "2021-13-01",
            "2021-00-10",
        ] {
            assert!(
                matches!(s.parse::<Date>(), Err(Error::InvalidDate { .. })),
                "{s}"
            );
        }
        assert_eq!(d("2024-02-29").day(), 29);
        assert_eq!(d("2000-02-29").day(), 29);
    }

    #[test]
    fn rejects_bad_shapes() {
        for s in [
            "1990-3-15",
            "90-03-15",
            "1990/03/15",
            "1990-03-15 ",
            "+990-03-15",
            "",
            "0000-01-01",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
        }
        let msg = "1990-3-15".parse::<Date>().unwrap_err().to_string();
        assert!(msg.contains("YYYY-MM-DD"), "{msg}");
    }

    #[test]
    fn epoch_offsets() {
        assert_eq!(d("1970-01-01").days_since_unix_epoch(), 0);
        assert_eq!(d("1900-01-01").days_since_1900(), 0);
        assert_eq!(d("1900-01-02").days_since_1900(), 1);
        // From the seed record `US 984 AUM945 ...`: 1990-03-15 is day 32_945 after 1900-01-01.
        assert_eq!(d("1990-03-15").days_since_1900(), 32_945);
        assert_eq!(Date::from_days_since_1900(0), Some(d("1900-01-01")));
        assert_eq!(
            Date::from_unix_millis(1_766_660_400_000),
            Some(d("2025-12-25"))
        );
        assert_eq!(Date::from_unix_millis(-1), Some(d("1969-12-31")));
    }

    #[test]
    fn ages() {
        let born = d("1990-06-15");
        assert_eq!(born.age_on(d("2003-06-14")), Some(12));
        assert_eq!(born.age_on(d("2003-06-15")), Some(13));
        assert_eq!(born.age_on(d("1990-06-15")), Some(0));
        assert_eq!(born.age_on(d("1990-06-14")), None);
    }

    #[test]
    fn serde_uses_iso_strings() {
        assert_eq!(
            serde_json::to_string(&d("1992-08-20")).unwrap(),
            "\"1992-08-20\""
        );
        assert!(serde_json::from_str::<Date>("\"1992-02-30\"").is_err());
    }

    /// Every day of 0001..=9999: the day count round-trips and each date is the calendar
    /// successor of the one before (same month and day + 1, or the first of the next month).
    #[test]
    fn every_day_round_trips_and_follows_the_previous() {
        let mut previous = Date::MIN;
        assert_eq!(
            Date::from_days_since_unix_epoch(Date::MIN.days_since_unix_epoch()),
            Some(Date::MIN)
        );
        for n in Date::MIN.days_since_unix_epoch() + 1..=Date::MAX.days_since_unix_epoch() {
            let date = Date::from_days_since_unix_epoch(n).unwrap();
            assert_eq!(date.days_since_unix_epoch(), n);
            let successor = if previous.day < days_in_month(previous.year, previous.month) {
                Date {
                    day: previous.day + 1,
                    ..previous
                }
            } else if previous.month < 12 {
                Date {
                    year: previous.year,
                    month: previous.month + 1,
                    day: 1,
                }
            } else {
                Date {
                    year: previous.year + 1,
                    month: 1,
                    day: 1,
                }
            };
            assert_eq!(date, successor, "day {n}");
            previous = date;
        }
        assert_eq!(previous, Date::MAX);
        assert_eq!(
            Date::from_days_since_unix_epoch(Date::MIN.days_since_unix_epoch() - 1),
            None
        );
        assert_eq!(
            Date::from_days_since_unix_epoch(Date::MAX.days_since_unix_epoch() + 1),
            None
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (Date::MIN.days_since_unix_epoch()..=Date::MAX.days_since_unix_epoch())
            .prop_map(|n| Date::from_days_since_unix_epoch(n).unwrap())
    }

    proptest! {
        #[test]
        fn days_round_trip(n in Date::MIN.days_since_unix_epoch()..=Date::MAX.days_since_unix_epoch()) {
            let date = Date::from_days_since_unix_epoch(n).unwrap();
            prop_assert_eq!(date.days_since_unix_epoch(), n);
        }

        #[test]
        fn parse_display_is_identity(date in any_date()) {
            prop_assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
        }

        #[test]
        fn next_day_is_one_later_and_ordered(date in any_date()) {
            if let Some(next) = date.add_days(1) {
                prop_assert!(next > date);
                prop_assert_eq!(date.days_until(next), 1);
            }
        }

        #[test]
        fn any_triple_is_valid_iff_day_exists(y in 1u16..=9999, m in 0u8..=13, day in 0u8..=32) {
            let real = (1..=12).contains(&m) && day >= 1 && day <= days_in_month(y, m);
            prop_assert_eq!(Date::new(y, m, day).is_ok(), real);
        }
    }
}
