//! A Fabric User ID in 9 bytes, for the v2 QR payload.
//!
//! The checksum is left out (it follows from the date-of-birth block) and the rest is one
//! mixed-radix number: country letters (26 × 26), day offset (17 576 000 values), type digit
//! (16), random letters (26^4) and random digits (10^4). The product, about 8.7 × 10^20, fits
//! in 72 bits.

use crate::fabric_id::{FabricIdError, FabricUserId};

/// The packed size.
pub(crate) const PACKED_LEN: usize = 9;

/// Radixes, most significant first.
const COUNTRY_RADIX: u128 = 26 * 26;
const OFFSET_RADIX: u128 = 26 * 26 * 26 * 1000;
const TYPE_RADIX: u128 = 16;
const LETTERS_RADIX: u128 = 26 * 26 * 26 * 26;
const DIGITS_RADIX: u128 = 10_000;

/// Packs a (valid) ID.
pub(crate) fn pack(id: &FabricUserId) -> [u8; PACKED_LEN] {
    let b = id.as_bytes();
    let letter = |i: usize| u128::from(b[i] - b'A');
    let digit = |i: usize| u128::from(b[i] - b'0');
    let country = letter(0) * 26 + letter(1);
    let offset = ((letter(7) * 26 + letter(8)) * 26 + letter(9)) * 1000
        + digit(10) * 100
        + digit(11) * 10
        + digit(12);
    let type_value = u128::from(id.account_type().value());
    let letters = ((letter(15) * 26 + letter(16)) * 26 + letter(17)) * 26 + letter(18);
    let digits = digit(20) * 1000 + digit(21) * 100 + digit(22) * 10 + digit(23);
    let value = (((country * OFFSET_RADIX + offset) * TYPE_RADIX + type_value) * LETTERS_RADIX
        + letters)
        * DIGITS_RADIX
        + digits;
    let be = value.to_be_bytes();
    let mut out = [0u8; PACKED_LEN];
    out.copy_from_slice(&be[16 - PACKED_LEN..]);
    out
}

/// Unpacks and re-validates an ID (every check of [`FabricUserId::parse`] applies).
pub(crate) fn unpack(packed: [u8; PACKED_LEN]) -> Result<FabricUserId, FabricIdError> {
    let mut be = [0u8; 16];
    be[16 - PACKED_LEN..].copy_from_slice(&packed);
    let mut value = u128::from_be_bytes(be);
    let mut take = |radix: u128| {
        let part = value % radix;
        value /= radix;
        // Every radix is below 2^32.
        u32::try_from(part).unwrap_or(0)
    };
    let digits = take(DIGITS_RADIX);
    let letters = take(LETTERS_RADIX);
    let type_value = take(TYPE_RADIX);
    let offset = take(OFFSET_RADIX);
    let country = take(COUNTRY_RADIX);
    if value != 0 {
        // Above the largest packed value: not produced by `pack`.
        return Err(FabricIdError::MalformedBlock {
            block: crate::Block::Country,
        });
    }
    let mut text = [0u8; 24];
    let mut put_base = |start: usize, mut n: u32, len: usize, radix: u32, zero: u8| {
        for i in (start..start + len).rev() {
            // Each digit is below its radix (at most 26).
            #[allow(clippy::cast_possible_truncation)]
            {
                text[i] = zero + (n % radix) as u8;
            }
            n /= radix;
        }
    };
    put_base(0, country, 2, 26, b'A');
    put_base(7, offset / 1000, 3, 26, b'A');
    put_base(10, offset % 1000, 3, 10, b'0');
    put_base(15, letters, 4, 26, b'A');
    put_base(20, digits, 4, 10, b'0');
    text[14] = b"0123456789ABCDEF"[type_value as usize];
    for i in [2, 6, 13, 19] {
        text[i] = b' ';
    }
    let dob_block = [text[7], text[8], text[9], text[10], text[11], text[12]];
    text[3..6].copy_from_slice(&crate::fabric_id::checksum_of_dob_block(dob_block));
    FabricUserId::parse_bytes(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_ids_round_trip() {
        for s in ["US 984 AUM945 0AKIY 8168", "GB CF1 ABF248 0LRQS 0058"] {
            let id = FabricUserId::parse(s).unwrap();
            assert_eq!(unpack(pack(&id)).unwrap(), id);
        }
    }

    #[test]
    fn largest_values_fit_in_72_bits() {
        let max = COUNTRY_RADIX * OFFSET_RADIX * TYPE_RADIX * LETTERS_RADIX * DIGITS_RADIX;
        assert!(max <= 1 << 72);
        assert!(unpack([0xFF; PACKED_LEN]).is_err());
    }
}
