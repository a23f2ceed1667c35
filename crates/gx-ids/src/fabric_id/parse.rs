//! The strict, allocation-free byte parser behind [`FabricUserId::parse`](super::FabricUserId::parse).
//!
//! Shape is checked with one table lookup per byte (branch-free over the 24 bytes); only a
//! failing ID pays for finding out which block was wrong.

use gx_core::{AccountType, CountryCode};

use super::error::{Block, FabricIdError};
use super::offset::{checksum, decode_dob_block, split_offset, Holder, LAST_DAY};

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

/// Checks `bytes` is a valid Fabric User ID and returns it as a fixed array.
pub(crate) fn parse_bytes(bytes: &[u8]) -> Result<[u8; 24], FabricIdError> {
    let id: [u8; 24] = bytes
        .try_into()
        .map_err(|_| FabricIdError::WrongLength { found: bytes.len() })?;
    check_shape(&id)?;
    check_meaning(&id)?;
    Ok(id)
}

fn check_shape(id: &[u8; 24]) -> Result<(), FabricIdError> {
    // `&` rather than `&&`: no early exit, so the loop compiles to straight-line code.
    #[allow(clippy::needless_bitwise_bool)]
    let all_fit = id.iter().zip(POSITION_CLASS).fold(true, |ok, (&b, class)| {
        ok & (BYTE_CLASS[usize::from(b)] & class != 0)
    });
    if all_fit {
        return Ok(());
    }
    // Report the first misfit, in reading order.
    let position = id
        .iter()
        .zip(POSITION_CLASS)
        .position(|(&b, class)| BYTE_CLASS[usize::from(b)] & class == 0)
        .unwrap_or(0);
    Err(match block_at(position) {
        Some(block) => FabricIdError::MalformedBlock { block },
        None => FabricIdError::MissingSpace {
            position: position + 1,
        },
    })
}

fn check_meaning(id: &[u8; 24]) -> Result<(), FabricIdError> {
    if CountryCode::from_upper(id[0], id[1]).is_none() {
        return Err(FabricIdError::UnknownCountry {
            letters: [id[0], id[1]],
        });
    }
    let dob_block = dob_block(id);
    let expected = checksum(dob_block);
    let found = [id[3], id[4], id[5]];
    if expected != found {
        return Err(FabricIdError::ChecksumMismatch { expected, found });
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
    Ok(())
}

/// The DOB block of a shape-checked ID.
pub(crate) fn dob_block(id: &[u8; 24]) -> [u8; 6] {
    [id[7], id[8], id[9], id[10], id[11], id[12]]
}

/// The account type of a shape-checked ID.
pub(crate) fn account_type_of(id: &[u8; 24]) -> AccountType {
    // Position 14 passed the upper-hex check, so the lookup always succeeds.
    AccountType::from_hex_digit(id[14]).unwrap_or(AccountType::Individual)
}
