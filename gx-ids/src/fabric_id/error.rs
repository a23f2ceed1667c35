//! Why a Fabric User ID was refused.
//!
//! The errors carry no copy of the input (they are `Copy`), so rejecting a line in a batch of a
//! million costs no allocation; the caller knows which input it passed.

use std::fmt;

use gx_core::ErrorCode;
use thiserror::Error;

/// The five blocks of `CC CCC AANNNN TCCCC NNNN`, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Block {
    /// `CC`: the ISO 3166-1 country code.
    Country,
    /// `CCC`: the checksum.
    Checksum,
    /// `AANNNN`: the encoded date of birth (three letters, three digits).
    DateOfBirth,
    /// `TCCCC`: the account type digit and four random letters.
    TypeAndLetters,
    /// `NNNN`: four random digits.
    Digits,
}

impl Block {
    /// What the block must look like.
    pub const fn expected(self) -> &'static str {
        match self {
            Block::Country => "two upper-case letters of an ISO 3166-1 alpha-2 code",
            Block::Checksum => "three upper-case hexadecimal digits (0-9, A-F)",
            Block::DateOfBirth => "three upper-case letters A-Z then three digits",
            Block::TypeAndLetters => {
                "one upper-case hexadecimal account type digit then four upper-case letters A-Z"
            }
            Block::Digits => "four digits 0-9",
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Block::Country => "country block (1st)",
            Block::Checksum => "checksum block (2nd)",
            Block::DateOfBirth => "date-of-birth block (3rd)",
            Block::TypeAndLetters => "type block (4th)",
            Block::Digits => "digits block (5th)",
        }
    }
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A refused Fabric User ID, or refused inputs to generate one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum FabricIdError {
    /// Not 24 characters long.
    #[error(
        "a Fabric User ID has 24 characters (\"CC CCC AANNNN TCCCC NNNN\"), this one has {found}"
    )]
    WrongLength {
        /// The length found, in characters (in bytes for input that is not UTF-8).
        found: usize,
    },
    /// A separator is not a single space.
    #[error("character {position} of a Fabric User ID must be a single space between blocks (\"CC CCC AANNNN TCCCC NNNN\")")]
    MissingSpace {
        /// 1-based position of the character that should be a space.
        position: usize,
    },
    /// Two spaces in a row where blocks are separated by one.
    #[error("characters {} and {position} of the Fabric User ID are two spaces in a row: blocks are separated by a single space (\"CC CCC AANNNN TCCCC NNNN\")", position - 1)]
    DoubleSpace {
        /// 1-based position of the second space.
        position: usize,
    },
    /// A block has the wrong characters.
    #[error("the {block} of the Fabric User ID is malformed: expected {}", block.expected())]
    MalformedBlock {
        /// Which block.
        block: Block,
    },
    /// Well-formed letters that are not an assigned ISO 3166-1 code.
    #[error(
        "the country block {} is not an ISO 3166-1 alpha-2 code",
        String::from_utf8_lossy(letters)
    )]
    UnknownCountry {
        /// The two letters.
        letters: [u8; 2],
    },
    /// The checksum does not match the date-of-birth block.
    #[error(
        "checksum mismatch: the date-of-birth block needs checksum {}, the ID has {}",
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(found)
    )]
    ChecksumMismatch {
        /// The checksum the DOB block requires.
        expected: [u8; 3],
        /// The checksum in the ID.
        found: [u8; 3],
    },
    /// The account type digit says individual but the offset says organisation, or the reverse.
    #[error("the account type {type_digit} contradicts the date-of-birth block, which encodes {}; expected type 0 for an individual and 1-F for an organisation", if *offset_is_organization { "an organisation" } else { "an individual" })]
    TypeContradictsOffset {
        /// The account type digit in the ID.
        type_digit: char,
        /// Whether the offset carries the organisation flag.
        offset_is_organization: bool,
    },
    /// The date is outside 1900-01-01..=4000-01-01.
    #[error("the date of birth or founding must be between 1900-01-01 and 4000-01-01")]
    DateOutOfRange,
    /// An individual born on or after 3268-12-14: the reference's encoding cannot tell them from
    /// an older person of the other gender (or from an organisation).
    #[error("an individual's date of birth must be before 3268-12-14: later dates collide with other encodings")]
    AmbiguousDate,
    /// Generation was asked for an individual (type `0`) with gender `system-assigned`: an
    /// individual cannot be system-assigned (the reference encoded such an input as a male).
    #[error("an individual account (type 0) must have gender male or female; system-assigned is for organisation accounts (types 1-F)")]
    GenderContradictsType,
}

impl FabricIdError {
    /// Every code this error can carry, one per variant, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        FABRIC_ID_WRONG_LENGTH,
        FABRIC_ID_MISSING_SPACE,
        FABRIC_ID_DOUBLE_SPACE,
        FABRIC_ID_MALFORMED_BLOCK,
        FABRIC_ID_UNKNOWN_COUNTRY,
        FABRIC_ID_CHECKSUM_MISMATCH,
        FABRIC_ID_TYPE_CONTRADICTS_OFFSET,
        FABRIC_ID_DATE_OUT_OF_RANGE,
        FABRIC_ID_AMBIGUOUS_DATE,
        FABRIC_ID_GENDER_CONTRADICTS_TYPE,
    ];
}

// One constant per code, shared by `code()` and `CODES` so the two cannot disagree.
const FABRIC_ID_WRONG_LENGTH: &str = "FABRIC_ID_WRONG_LENGTH";
const FABRIC_ID_MISSING_SPACE: &str = "FABRIC_ID_MISSING_SPACE";
const FABRIC_ID_DOUBLE_SPACE: &str = "FABRIC_ID_DOUBLE_SPACE";
const FABRIC_ID_MALFORMED_BLOCK: &str = "FABRIC_ID_MALFORMED_BLOCK";
const FABRIC_ID_UNKNOWN_COUNTRY: &str = "FABRIC_ID_UNKNOWN_COUNTRY";
const FABRIC_ID_CHECKSUM_MISMATCH: &str = "FABRIC_ID_CHECKSUM_MISMATCH";
const FABRIC_ID_TYPE_CONTRADICTS_OFFSET: &str = "FABRIC_ID_TYPE_CONTRADICTS_OFFSET";
const FABRIC_ID_DATE_OUT_OF_RANGE: &str = "FABRIC_ID_DATE_OUT_OF_RANGE";
const FABRIC_ID_AMBIGUOUS_DATE: &str = "FABRIC_ID_AMBIGUOUS_DATE";
const FABRIC_ID_GENDER_CONTRADICTS_TYPE: &str = "FABRIC_ID_GENDER_CONTRADICTS_TYPE";

impl ErrorCode for FabricIdError {
    fn code(&self) -> &'static str {
        match self {
            FabricIdError::WrongLength { .. } => FABRIC_ID_WRONG_LENGTH,
            FabricIdError::MissingSpace { .. } => FABRIC_ID_MISSING_SPACE,
            FabricIdError::DoubleSpace { .. } => FABRIC_ID_DOUBLE_SPACE,
            FabricIdError::MalformedBlock { .. } => FABRIC_ID_MALFORMED_BLOCK,
            FabricIdError::UnknownCountry { .. } => FABRIC_ID_UNKNOWN_COUNTRY,
            FabricIdError::ChecksumMismatch { .. } => FABRIC_ID_CHECKSUM_MISMATCH,
            FabricIdError::TypeContradictsOffset { .. } => FABRIC_ID_TYPE_CONTRADICTS_OFFSET,
            FabricIdError::DateOutOfRange => FABRIC_ID_DATE_OUT_OF_RANGE,
            FabricIdError::AmbiguousDate => FABRIC_ID_AMBIGUOUS_DATE,
            FabricIdError::GenderContradictsType => FABRIC_ID_GENDER_CONTRADICTS_TYPE,
        }
    }
}

impl FabricIdError {
    /// One of each variant, in declaration order. The match has no wildcard: a new variant
    /// does not compile until it is added here (and so to the code checks).
    #[cfg(test)]
    pub(crate) fn samples() -> Vec<FabricIdError> {
        let all = vec![
            FabricIdError::WrongLength { found: 0 },
            FabricIdError::MissingSpace { position: 3 },
            FabricIdError::DoubleSpace { position: 4 },
            FabricIdError::MalformedBlock {
                block: Block::Country,
            },
            FabricIdError::UnknownCountry { letters: *b"XX" },
            FabricIdError::ChecksumMismatch {
                expected: *b"000",
                found: *b"111",
            },
            FabricIdError::TypeContradictsOffset {
                type_digit: '0',
                offset_is_organization: true,
            },
            FabricIdError::DateOutOfRange,
            FabricIdError::AmbiguousDate,
            FabricIdError::GenderContradictsType,
        ];
        for e in &all {
            match e {
                FabricIdError::WrongLength { .. }
                | FabricIdError::MissingSpace { .. }
                | FabricIdError::DoubleSpace { .. }
                | FabricIdError::MalformedBlock { .. }
                | FabricIdError::UnknownCountry { .. }
                | FabricIdError::ChecksumMismatch { .. }
                | FabricIdError::TypeContradictsOffset { .. }
                | FabricIdError::DateOutOfRange
                | FabricIdError::AmbiguousDate
                | FabricIdError::GenderContradictsType => {}
            }
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let from_variants: Vec<_> = FabricIdError::samples()
            .iter()
            .map(ErrorCode::code)
            .collect();
        assert_eq!(FabricIdError::CODES, from_variants.as_slice());
    }
}
