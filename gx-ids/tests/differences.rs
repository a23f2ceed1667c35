//! One test per documented difference from the reference (crate docs, "Where this crate
//! differs from the reference"): each input the reference accepted and this crate refuses.

use gx_core::{AccountType, Date, Gender};
use gx_ids::{Block, FabricIdError, FabricUserId};
use rand_chacha::rand_core::SeedableRng;
use sha1::{Digest, Sha1};

const SEED_ID: &str = "US 984 AUM945 0AKIY 8168";

fn with_checksum(country: &str, dob_block: &str, rest: &str) -> String {
    let d = Sha1::digest(dob_block.as_bytes());
    let sum = &format!("{:02X}{:02X}", d[0], d[1])[..3];
    format!("{country} {sum} {dob_block} {rest}")
}

#[test]
fn impossible_dates_are_errors_not_rolled_over() {
    for s in ["1989-02-30", "2023-02-29"] {
        assert!(s.parse::<Date>().is_err(), "{s}");
    }
}

#[test]
fn lower_case_or_non_letter_random_blocks_are_refused() {
    for (id, block) in [
        ("US 984 AUM945 0akiy 8168", Block::TypeAndLetters),
        ("US 984 AUM945 0AK1Y 8168", Block::TypeAndLetters),
        ("US 984 AUM945 0AKIY 81x8", Block::Digits),
        ("us 984 AUM945 0AKIY 8168", Block::Country),
        ("US 984 AUM945 aAKIY 8168", Block::TypeAndLetters),
    ] {
        assert_eq!(
            FabricUserId::parse(id),
            Err(FabricIdError::MalformedBlock { block }),
            "{id}"
        );
    }
    assert!(FabricUserId::parse(SEED_ID).is_ok());
}

#[test]
fn non_iso_countries_are_refused() {
    for id in ["XX 984 AUM945 0AKIY 8168", "UK 984 AUM945 0AKIY 8168"] {
        assert!(
            matches!(
                FabricUserId::parse(id),
                Err(FabricIdError::UnknownCountry { .. })
            ),
            "{id}"
        );
    }
}

#[test]
fn type_digit_contradicting_the_offset_is_refused() {
    // A female's offset with an organisation type.
    let female_as_business = "US 984 AUM945 1AKIY 8168";
    assert_eq!(
        FabricUserId::parse(female_as_business),
        Err(FabricIdError::TypeContradictsOffset {
            type_digit: '1',
            offset_is_organization: false
        })
    );
    // An organisation's offset (1 000 000 + days) with type 0: index 1000 = "BMM".
    let organisation_as_individual = with_checksum("US", "BMM017", "0AKIY 8168");
    assert_eq!(
        FabricUserId::parse(&organisation_as_individual),
        Err(FabricIdError::TypeContradictsOffset {
            type_digit: '0',
            offset_is_organization: true
        })
    );
}

#[test]
fn organisation_dates_after_4000_01_01_are_refused() {
    // Offset 1 767 010 is 4000-01-02; 1 767 009 is 4000-01-01. Index 1767 = "CPZ".
    let last = with_checksum("US", "CPZ009", "1AKIY 8168");
    assert_eq!(
        FabricUserId::parse(&last)
            .unwrap()
            .date_of_birth()
            .to_string(),
        "4000-01-01"
    );
    let past = with_checksum("US", "CPZ010", "1AKIY 8168");
    assert_eq!(
        FabricUserId::parse(&past),
        Err(FabricIdError::DateOutOfRange)
    );
    let far = with_checksum("US", "ZZZ999", "1AKIY 8168");
    assert_eq!(
        FabricUserId::parse(&far),
        Err(FabricIdError::DateOutOfRange)
    );
}

#[test]
fn generation_refuses_ambiguous_dates_and_system_assigned_individuals() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(3);
    let us = "US".parse().unwrap();
    let gen = |d: &str, g, t, rng: &mut rand_chacha::ChaCha20Rng| {
        FabricUserId::generate(us, d.parse().unwrap(), g, t, rng)
    };
    let individual = AccountType::Individual;
    assert!(gen("3268-12-13", Gender::Male, individual, &mut rng).is_ok());
    assert_eq!(
        gen("3268-12-14", Gender::Male, individual, &mut rng),
        Err(FabricIdError::AmbiguousDate)
    );
    assert_eq!(
        gen("3268-12-14", Gender::Female, individual, &mut rng),
        Err(FabricIdError::AmbiguousDate)
    );
    assert!(gen(
        "4000-01-01",
        Gender::SystemAssigned,
        AccountType::System,
        &mut rng
    )
    .is_ok());
    assert_eq!(
        gen(
            "4000-01-02",
            Gender::SystemAssigned,
            AccountType::System,
            &mut rng
        ),
        Err(FabricIdError::DateOutOfRange)
    );
    assert_eq!(
        gen("1899-12-31", Gender::Male, individual, &mut rng),
        Err(FabricIdError::DateOutOfRange)
    );
    // An organisation takes any gender, as in the reference: the offset is the
    // organisation's, and decoding reports system-assigned.
    for gender in [Gender::Male, Gender::Female, Gender::SystemAssigned] {
        let id = gen("2000-01-01", gender, AccountType::ReservedB, &mut rng).unwrap();
        let decoded = id.decode();
        assert_eq!(decoded.gender(), Gender::SystemAssigned, "{gender}");
        assert!(decoded.is_organization());
        assert_eq!(decoded.date_of_birth().to_string(), "2000-01-01");
    }
    // An individual cannot be system-assigned (the reference would have encoded a male).
    assert_eq!(
        gen("2000-01-01", Gender::SystemAssigned, individual, &mut rng),
        Err(FabricIdError::GenderContradictsType)
    );
}
