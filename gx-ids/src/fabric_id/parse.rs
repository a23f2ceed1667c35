//! The strict, allocation-free byte parser behind [`FabricUserId::parse`](super::FabricUserId::parse).
//!
//! Shape is checked eight bytes at a time with range tests in plain `u64` arithmetic (three
//! words, no branch per byte); only a failing ID pays for the per-byte table walk that finds
//! out which block was wrong. A property test holds the word check to the table.

use gx_core::{AccountType, CountryCode};

use super::error::{Block, FabricIdError};
use super::offset::{
    checksum_text, checksum_value, decode_dob_block, split_offset, Holder, LAST_DAY,
};

/// Byte classes, as bits.
const UPPER: u8 = 1;
const DIGIT: u8 = 2;
const HEX_LETTER: u8 = 4;
const SPACE: u8 = 8;
/// An upper-case hex digit is a digit or one of `A`–`F`.
const HEX: u8 = DIGIT | HEX_LETTER;

const BYTE_CLASS: [u8; 256] = byte_classes();

const fn byte_classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        #[allow(clippy::cast_possible_truncation)]
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c >= b'A' && c <= b'F' {
            UPPER | HEX_LETTER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c == b' ' {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    t
}

/// The class each of the 24 positions needs: `CC CCC AANNNN TCCCC NNNN`.
const POSITION_CLASS: [u8; 24] = [
    UPPER, UPPER, SPACE, HEX, HEX, HEX, SPACE, UPPER, UPPER, UPPER, DIGIT, DIGIT, DIGIT, SPACE,
    HEX, UPPER, UPPER, UPPER, UPPER, SPACE, DIGIT, DIGIT, DIGIT, DIGIT,
];

/// The block each position belongs to (`None` for separators).
const fn block_at(position: usize) -> Option<Block> {
    match position {
        0..=1 => Some(Block::Country),
        3..=5 => Some(Block::Checksum),
        7..=12 => Some(Block::DateOfBirth),
        14..=18 => Some(Block::TypeAndLetters),
        20..=23 => Some(Block::Digits),
        _ => None,
    }
}

/// A valid ID and what checking it worked out, so decoding from text does not do it twice.
pub(crate) struct Parsed {
    /// The ID's bytes.
    pub(crate) bytes: [u8; 24],
    /// The country block.
    pub(crate) country: CountryCode,
    /// Who the offset says holds the ID (agrees with `account_type`).
    pub(crate) holder: Holder,
    /// Days from 1900-01-01 to the date of birth or founding, at most `LAST_DAY`.
    pub(crate) days: u32,
    /// The type digit.
    pub(crate) account_type: AccountType,
}

/// Checks `bytes` is a valid Fabric User ID and returns it with its fields.
pub(crate) fn parse_bytes(bytes: &[u8]) -> Result<Parsed, FabricIdError> {
    // A reference, not a copy: the checks read the caller's bytes in place.
    let id: &[u8; 24] = bytes.try_into().map_err(|_| wrong_length(bytes))?;
    check_shape(id)?;
    check_meaning(id)
}

/// Why an input of the wrong length was refused: a doubled separator if that is all that is
/// wrong with its length, else the length.
fn wrong_length(bytes: &[u8]) -> FabricIdError {
    let extra_spaces = bytes.windows(2).filter(|pair| pair == b"  ").count();
    match first_double_space(bytes) {
        Some(position) if bytes.len() - extra_spaces == 24 => {
            FabricIdError::DoubleSpace { position }
        }
        // Counted as the message says, in characters: "ÅÄÖ" is 3, not 6.
        _ => FabricIdError::WrongLength {
            found: std::str::from_utf8(bytes).map_or(bytes.len(), |s| s.chars().count()),
        },
    }
}

/// The 1-based position of the second of the first two spaces in a row.
fn first_double_space(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(2)
        .position(|pair| pair == b"  ")
        .map(|i| i + 2)
}

fn check_shape(id: &[u8; 24]) -> Result<(), FabricIdError> {
    if shape_fits(id) {
        return Ok(());
    }
    // Two spaces in a row shift every later block: name that, not the block it lands in.
    if let Some(position) = first_double_space(id) {
        return Err(FabricIdError::DoubleSpace { position });
    }
    // Report the first misfit, in reading order.
    let position = id
        .iter()
        .zip(POSITION_CLASS)
        .position(|(&b, class)| !byte_fits(b, class))
        .unwrap_or(0);
    Err(match block_at(position) {
        Some(block) => FabricIdError::MalformedBlock { block },
        None => FabricIdError::MissingSpace {
            position: position + 1,
        },
    })
}

/// Whether one byte is of the class its position needs (the definition the fast check keeps).
fn byte_fits(b: u8, class: u8) -> bool {
    BYTE_CLASS[usize::from(b)] & class != 0
}

/// The top bit of every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Constants for testing each byte of an eight-byte word against its position's ranges.
///
/// Every position allows one or two inclusive byte ranges (`0`-`9` and `A`-`F` for a hex
/// digit; the same range twice otherwise). For an ASCII byte `x` (below 0x80), the top bit of
/// `x + (0x80 - lo)` is set exactly when `x >= lo`, and the top bit of `x + (0x7F - hi)` is
/// set exactly when `x > hi`; neither sum reaches 0x100, so adding whole words never carries
/// from one byte into the next.
#[derive(Clone, Copy)]
struct WordRanges {
    at_least_lo: [u64; 2],
    above_hi: [u64; 2],
}

/// The ranges of the three words of `CC CCC AANNNN TCCCC NNNN`, built from `POSITION_CLASS`.
const WORD_RANGES: [WordRanges; 3] = word_ranges();

/// The inclusive byte ranges a class allows, as the fast check reads them.
const fn class_ranges(class: u8) -> [(u8, u8); 2] {
    match class {
        UPPER => [(b'A', b'Z'), (b'A', b'Z')],
        DIGIT => [(b'0', b'9'), (b'0', b'9')],
        HEX => [(b'0', b'9'), (b'A', b'F')],
        _ => [(b' ', b' '), (b' ', b' ')],
    }
}

const fn word_ranges() -> [WordRanges; 3] {
    let mut words = [WordRanges {
        at_least_lo: [0; 2],
        above_hi: [0; 2],
    }; 3];
    let mut position = 0;
    while position < 24 {
        let ranges = class_ranges(POSITION_CLASS[position]);
        let shift = 8 * (position % 8);
        let word = &mut words[position / 8];
        let mut r = 0;
        while r < 2 {
            let (lo, hi) = ranges[r];
            word.at_least_lo[r] |= ((0x80 - lo) as u64) << shift;
            word.above_hi[r] |= ((0x7F - hi) as u64) << shift;
            r += 1;
        }
        position += 1;
    }
    words
}

/// Whether every byte fits its position: three words, a dozen integer operations each.
fn shape_fits(id: &[u8; 24]) -> bool {
    let mut misfits = 0u64;
    let mut k = 0;
    while k < 3 {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&id[8 * k..8 * k + 8]);
        let x = u64::from_le_bytes(bytes);
        let ranges = WORD_RANGES[k];
        // The sums are of ASCII bytes only when no top bit is set; any non-ASCII byte fails
        // through `x & HIGH_BITS` whatever the sums say.
        let in_range =
            |r: usize| x.wrapping_add(ranges.at_least_lo[r]) & !x.wrapping_add(ranges.above_hi[r]);
        misfits |= x & HIGH_BITS;
        misfits |= !(in_range(0) | in_range(1)) & HIGH_BITS;
        k += 1;
    }
    misfits == 0
}

fn check_meaning(id: &[u8; 24]) -> Result<Parsed, FabricIdError> {
    let Some(country) = CountryCode::from_upper(id[0], id[1]) else {
        return Err(FabricIdError::UnknownCountry {
            letters: [id[0], id[1]],
        });
    };
    let dob_block = dob_block(id);
    // Compare numbers rather than text: the ID's three hex digits read as 12 bits.
    let expected = checksum_value(dob_block);
    let found = hex_value(id[3]) << 8 | hex_value(id[4]) << 4 | hex_value(id[5]);
    if expected != found {
        return Err(FabricIdError::ChecksumMismatch {
            expected: checksum_text(expected),
            found: [id[3], id[4], id[5]],
        });
    }
    let (holder, days) = split_offset(decode_dob_block(dob_block));
    let account_type = account_type_of(id);
    let offset_is_organization = holder == Holder::Organization;
    if offset_is_organization != account_type.is_organization() {
        return Err(FabricIdError::TypeContradictsOffset {
            type_digit: account_type.code(),
            offset_is_organization,
        });
    }
    // Individuals' day counts are below 500 000 by construction; only organisations can run
    // past 4000-01-01.
    if days > LAST_DAY {
        return Err(FabricIdError::DateOutOfRange);
    }
    Ok(Parsed {
        bytes: *id,
        country,
        holder,
        days,
        account_type,
    })
}

/// The value of an upper-case hex digit (the shape check admitted only those).
fn hex_value(digit: u8) -> u16 {
    u16::from(HEX_VALUE[usize::from(digit)])
}

/// Hex digit values by byte (zero for anything else, which never gets here).
const HEX_VALUE: [u8; 256] = hex_values();

const fn hex_values() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut v = 0u8;
    while v < 16 {
        let digit = b"0123456789ABCDEF"[v as usize];
        t[digit as usize] = v;
        v += 1;
    }
    t
}

/// The DOB block of a shape-checked ID.
pub(crate) fn dob_block(id: &[u8; 24]) -> [u8; 6] {
    [id[7], id[8], id[9], id[10], id[11], id[12]]
}

/// The account type of a shape-checked ID.
pub(crate) fn account_type_of(id: &[u8; 24]) -> AccountType {
    // Position 14 passed the upper-hex check, so its value is below 16 and the lookup always
    // succeeds.
    AccountType::from_value(HEX_VALUE[usize::from(id[14])]).unwrap_or(AccountType::Individual)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_wrong_length_is_counted_in_characters() {
        assert_eq!(
            crate::FabricUserId::parse("ÅÄÖ"),
            Err(FabricIdError::WrongLength { found: 3 })
        );
        assert_eq!(
            crate::FabricUserId::parse_bytes(&[0xff; 5]),
            Err(FabricIdError::WrongLength { found: 5 })
        );
    }

    use super::*;
    use proptest::prelude::*;

    /// The per-byte definition of a well-shaped ID.
    fn shape_fits_by_table(id: &[u8; 24]) -> bool {
        id.iter()
            .zip(POSITION_CLASS)
            .all(|(&b, class)| byte_fits(b, class))
    }

    #[test]
    fn a_doubled_separator_is_named_as_such() {
        for (text, position) in [
            ("US  984 AUM945 0AKIY 816", 4),
            ("US 984  AUM945 0AKIY 816", 8),
            ("US 984 AUM945  0AKIY 816", 15),
            ("US 984 AUM945 0AKIY  816", 21),
            // One space too many makes 25 characters: still the doubled separator.
            ("US  984 AUM945 0AKIY 8168", 4),
            ("US 984 AUM945 0AKIY  8168", 21),
            ("US  984  AUM945 0AKIY 8168", 4),
        ] {
            let err = parse_bytes(text.as_bytes()).err();
            assert_eq!(
                err,
                Some(FabricIdError::DoubleSpace { position }),
                "{text:?}"
            );
        }
        let msg = parse_bytes(b"US  984 AUM945 0AKIY 816")
            .err()
            .unwrap()
            .to_string();
        assert!(msg.contains("two spaces in a row"), "{msg}");
        // A length off for other reasons is still a length error.
        for text in [
            "US  984 AUM945 0AKIY 81",
            "US  984 AUM945 0AKIY 81689",
            "  ",
        ] {
            assert!(
                matches!(
                    parse_bytes(text.as_bytes()),
                    Err(FabricIdError::WrongLength { .. })
                ),
                "{text:?}"
            );
        }
    }

    #[test]
    fn word_check_agrees_with_the_table_on_every_byte_at_every_position() {
        let good = *b"US 984 AUM945 0AKIY 8168";
        assert!(shape_fits(&good));
        for position in 0..24 {
            for b in 0..=255u8 {
                let mut id = good;
                id[position] = b;
                assert_eq!(
                    shape_fits(&id),
                    shape_fits_by_table(&id),
                    "byte {b:#04x} at {position}"
                );
            }
        }
    }

    /// Bytes drawn mostly from near the class edges, so misfits sit next to fits.
    fn edgy_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            proptest::sample::select(b" /09:@AFGZ[`afz{\x7f\x80\xa0\xc1\xff".to_vec()),
            any::<u8>(),
        ]
    }

    proptest! {
        #[test]
        fn word_check_agrees_with_the_table(id in proptest::array::uniform24(edgy_byte())) {
            prop_assert_eq!(shape_fits(&id), shape_fits_by_table(&id));
        }

        #[test]
        fn word_check_agrees_with_the_table_near_valid_ids(
            edits in proptest::collection::vec((0usize..24, edgy_byte()), 1..4),
        ) {
            let mut id = *b"GB CF1 ABF248 0LRQS 0058";
            for (position, b) in edits {
                id[position] = b;
            }
            prop_assert_eq!(shape_fits(&id), shape_fits_by_table(&id));
        }
    }
}
