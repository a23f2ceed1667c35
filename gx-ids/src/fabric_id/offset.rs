//! The day offset inside the DOB block and the 12-bit SHA-1 checksum over it.
//!
//! Offset = days since 1900-01-01, plus 500 000 for a female individual or 1 000 000 for an
//! organisation. The DOB block writes `offset / 1000` in base 26 (three letters, `A` = 0) and
//! `offset % 1000` as three digits.

use gx_core::{Date, Gender};

/// Added to the day count of a female individual.
pub(crate) const FEMALE_OFFSET: u32 = 500_000;
/// Added to the day count of an organisation (any account type but `0`).
pub(crate) const ORGANIZATION_OFFSET: u32 = 1_000_000;
/// Days from 1900-01-01 to 4000-01-01, the last date the reference accepts and the last an ID
/// may carry.
pub(crate) const LAST_DAY: u32 = 767_009;

/// Who the offset says holds the ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    Male,
    Female,
    Organization,
}

impl Holder {
    /// The gender the reference's decode reports for this holder.
    pub(crate) const fn gender(self) -> Gender {
        match self {
            Holder::Male => Gender::Male,
            Holder::Female => Gender::Female,
            Holder::Organization => Gender::SystemAssigned,
        }
    }

    const fn base(self) -> u32 {
        match self {
            Holder::Male => 0,
            Holder::Female => FEMALE_OFFSET,
            Holder::Organization => ORGANIZATION_OFFSET,
        }
    }
}

/// Splits an offset into holder and days since 1900-01-01, the way the reference decodes it.
pub(crate) const fn split_offset(offset: u32) -> (Holder, u32) {
    if offset >= ORGANIZATION_OFFSET {
        (Holder::Organization, offset - ORGANIZATION_OFFSET)
    } else if offset >= FEMALE_OFFSET {
        (Holder::Female, offset - FEMALE_OFFSET)
    } else {
        (Holder::Male, offset)
    }
}

/// The offset for a holder born (or founded) `days` after 1900-01-01.
pub(crate) const fn join_offset(holder: Holder, days: u32) -> u32 {
    holder.base() + days
}

/// The date `days` after 1900-01-01.
pub(crate) fn date_from_days(days: u32) -> Date {
    // Every caller has checked days <= LAST_DAY, well inside Date's range.
    Date::from_days_since_1900(i64::from(days)).unwrap_or(Date::MIN)
}

/// Writes the six-byte DOB block (`AAANNN`) for an offset below 17 576 000.
pub(crate) fn encode_dob_block(offset: u32) -> [u8; 6] {
    let index = offset / 1000;
    let nnn = offset % 1000;
    // Each value is below 26 or 10: the casts cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    [
        b'A' + (index / 676 % 26) as u8,
        b'A' + (index / 26 % 26) as u8,
        b'A' + (index % 26) as u8,
        b'0' + (nnn / 100) as u8,
        b'0' + (nnn / 10 % 10) as u8,
        b'0' + (nnn % 10) as u8,
    ]
}

/// Reads the offset from a DOB block already checked to be three `A`–`Z` then three digits.
pub(crate) fn decode_dob_block(block: [u8; 6]) -> u32 {
    let letter = |i: usize| u32::from(block[i] - b'A');
    let digit = |i: usize| u32::from(block[i] - b'0');
    (letter(0) * 676 + letter(1) * 26 + letter(2)) * 1000
        + digit(3) * 100
        + digit(4) * 10
        + digit(5)
}

/// SHA-1's initial state (FIPS 180-4, 5.3.1).
const SHA1_INITIAL_STATE: [u32; 5] = [
    0x6745_2301,
    0xEFCD_AB89,
    0x98BA_DCFE,
    0x1032_5476,
    0xC3D2_E1F0,
];

/// The checksum as a number: the first 12 bits of SHA-1 over the six bytes of the DOB block.
///
/// A six-byte message always pads to one 64-byte block (the bytes, `0x80`, zeros, and the
/// length 48 in bits in the last eight bytes), so this builds that block and runs the `sha1`
/// crate's compression function once: the same SHA-1, without the streaming `Digest`
/// machinery that costs as much again as the hashing itself for so short an input. The
/// first 12 bits of the digest are the top 12 bits of the first state word (SHA-1 writes
/// its state big-endian). Tests compare it with the `Digest` API on every offset an ID can
/// carry and on arbitrary bytes.
pub(crate) fn checksum_value(dob_block: [u8; 6]) -> u16 {
    let mut block = [0u8; 64];
    block[..6].copy_from_slice(&dob_block);
    block[6] = 0x80;
    block[63] = 48;
    let mut state = SHA1_INITIAL_STATE;
    sha1::compress(&mut state, &[block.into()]);
    // Shifting a u32 right by 20 leaves 12 bits: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let value = (state[0] >> 20) as u16;
    value
}

/// The checksum block: the first three upper-case hex digits of SHA-1 over the DOB block.
pub(crate) fn checksum(dob_block: [u8; 6]) -> [u8; 3] {
    checksum_text(checksum_value(dob_block))
}

/// A 12-bit checksum value as its three upper-case hex digits.
pub(crate) fn checksum_text(value: u16) -> [u8; 3] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [
        HEX[usize::from(value >> 8 & 0xF)],
        HEX[usize::from(value >> 4 & 0xF)],
        HEX[usize::from(value & 0xF)],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_blocks_match_the_protocol_page() {
        // `US 984 AUM945 ...`: a female born 1990-03-15 (day 32 945).
        let offset = join_offset(Holder::Female, 32_945);
        assert_eq!(&encode_dob_block(offset), b"AUM945");
        assert_eq!(&checksum(*b"AUM945"), b"984");
        assert_eq!(decode_dob_block(*b"AUM945"), offset);
        assert_eq!(split_offset(offset), (Holder::Female, 32_945));
    }

    /// The checksum through the `Digest` API, the obvious way.
    fn checksum_by_digest(bytes: [u8; 6]) -> [u8; 3] {
        use sha1::{Digest, Sha1};
        let text = hex::encode_upper(Sha1::digest(bytes));
        text.as_bytes()[..3].try_into().unwrap()
    }

    /// Every offset an ID can carry (individuals, and organisations up to 4000-01-01).
    #[test]
    fn fast_checksum_equals_digest_api_for_every_offset() {
        for offset in 0..=ORGANIZATION_OFFSET + LAST_DAY {
            let block = encode_dob_block(offset);
            assert_eq!(
                checksum(block),
                checksum_by_digest(block),
                "offset {offset}"
            );
        }
    }

    proptest::proptest! {
        /// Any six bytes pad to the same one-block shape, whatever they are.
        #[test]
        fn fast_checksum_equals_digest_api_for_any_six_bytes(bytes in proptest::prelude::any::<[u8; 6]>()) {
            proptest::prop_assert_eq!(checksum(bytes), checksum_by_digest(bytes));
        }

        /// Every DOB block shape: three letters A-Z then three digits, over the whole
        /// 17 576 000 range (not only offsets a valid ID carries).
        #[test]
        fn fast_checksum_equals_digest_api_for_any_dob_block(offset in 0u32..17_576_000) {
            let block = encode_dob_block(offset);
            proptest::prop_assert_eq!(checksum(block), checksum_by_digest(block));
        }
    }

    #[test]
    fn last_day_is_4000_01_01() {
        let last = date_from_days(LAST_DAY);
        assert_eq!(last.to_string(), "4000-01-01");
    }

    #[test]
    fn ambiguity_starts_at_3268_12_14() {
        // A male born on this day would get offset 500 000, which decodes as female.
        assert_eq!(date_from_days(FEMALE_OFFSET).to_string(), "3268-12-14");
    }
}
