//! The reference implementation's own IDs and verdicts
//! (`test-vectors/reference/fabric_ids_reference.json`).

use gx_core::{AccountType, CountryCode, Date, ErrorCode, Gender};
use gx_ids::{DecodedFabricId, FabricIdError, FabricUserId};
use rand_chacha::rand_core::SeedableRng;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../test-vectors/reference/fabric_ids_reference.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("JSON")
}

fn valid_vectors() -> Vec<Value> {
    vectors()["valid"].as_array().unwrap().clone()
}

/// The reference generated an individual whose DOB block decodes as an organisation (a female
/// born on or after 3268-12-14 gets offset >= 1 000 000): its type digit `0` contradicts the
/// offset, which we refuse.
fn reference_decodes_as_organisation_with_type_0(v: &Value) -> bool {
    v["decoded"]["isOrganization"] == true && v["decoded"]["accountTypeCode"] == "0"
}

#[test]
fn decodes_every_valid_id_exactly_as_the_reference() {
    let (mut compared, mut contradicting) = (0, 0);
    for v in valid_vectors() {
        let text = v["id"].as_str().unwrap();
        let parsed = FabricUserId::parse(text);
        if reference_decodes_as_organisation_with_type_0(&v) {
            assert!(
                matches!(parsed, Err(FabricIdError::TypeContradictsOffset { .. })),
                "{text}: {parsed:?}"
            );
            contradicting += 1;
            continue;
        }
        let id = parsed.unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            serde_json::to_value(id.decode()).unwrap(),
            v["decoded"],
            "{text}"
        );
        assert_eq!(id.to_string(), text);
        compared += 1;
    }
    // Five females born 3268-12-14 or later (up to 4000-01-01) decode as organisations.
    assert_eq!((compared, contradicting), (295, 5));
}

/// The reference's decode objects deserialise to exactly our decode of the same ID, and
/// serialise back to the same JSON.
#[test]
fn reference_decode_objects_round_trip_through_serde() {
    let mut read = 0;
    for v in valid_vectors() {
        let text = v["id"].as_str().unwrap();
        let result = serde_json::from_value::<DecodedFabricId>(v["decoded"].clone());
        if reference_decodes_as_organisation_with_type_0(&v) {
            assert!(result.is_err(), "{text}");
            continue;
        }
        let decoded = result.unwrap_or_else(|e| panic!("{text}: {e}"));
        let id = FabricUserId::parse(text).unwrap();
        assert_eq!(decoded, id.decode(), "{text}");
        assert_eq!(decoded.fabric_user_id(), id);
        assert_eq!(serde_json::to_value(decoded).unwrap(), v["decoded"]);
        read += 1;
    }
    assert_eq!(read, 295);
}

#[test]
fn never_accepts_what_the_reference_rejects() {
    let all = vectors();
    let mutated = all["mutated"].as_array().unwrap();
    let mut reference_rejected = 0;
    for m in mutated {
        let text = m["id"].as_str().unwrap();
        if m["refValid"] == false {
            reference_rejected += 1;
            assert!(FabricUserId::parse(text).is_err(), "{text} accepted");
        }
    }
    assert!(reference_rejected > 200);
}

/// Each reason we refuse a mutated ID the reference accepted is one of the documented
/// differences; this test names them, so a new kind of disagreement fails loudly.
#[test]
fn every_disagreement_with_the_reference_is_a_documented_one() {
    let all = vectors();
    let mut accepted_by_both = 0;
    for m in all["mutated"].as_array().unwrap() {
        if m["refValid"] != true {
            continue;
        }
        let text = m["id"].as_str().unwrap();
        match FabricUserId::parse(text) {
            Ok(_) => accepted_by_both += 1,
            Err(e) => {
                let documented = matches!(
                    e,
                    FabricIdError::MalformedBlock { .. }
                        | FabricIdError::UnknownCountry { .. }
                        | FabricIdError::TypeContradictsOffset { .. }
                        | FabricIdError::DateOutOfRange
                );
                assert!(documented, "{text}: {} ({})", e, e.code());
            }
        }
    }
    assert!(accepted_by_both > 0);
}

#[test]
fn generates_the_reference_blocks_for_every_input() {
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(2026);
    let (mut same, mut organisation_with_a_gender) = (0, 0);
    for v in valid_vectors() {
        let input = &v["input"];
        let text = v["id"].as_str().unwrap();
        let country: CountryCode = input["cc"].as_str().unwrap().parse().unwrap();
        let date: Date = input["dob"].as_str().unwrap().parse().unwrap();
        let gender: Gender = input["gender"].as_str().unwrap().parse().unwrap();
        let account_type: AccountType = input["type"].as_str().unwrap().parse().unwrap();
        let result = FabricUserId::generate(country, date, gender, account_type, &mut rng);
        let individual_on_or_after_3268_12_14 =
            !account_type.is_organization() && date >= "3268-12-14".parse::<Date>().unwrap();
        if individual_on_or_after_3268_12_14 {
            assert_eq!(result, Err(FabricIdError::AmbiguousDate), "{input}");
            continue;
        }
        // The reference's own inputs, including a male or female gender with an organisation
        // type (the organisation's offset either way).
        organisation_with_a_gender +=
            usize::from(account_type.is_organization() && gender != Gender::SystemAssigned);
        let id = result.unwrap_or_else(|e| panic!("{input}: {e}"));
        // CC CCC AANNNN T: the first 15 characters.
        assert_eq!(&id.as_str()[..15], &text[..15], "{input}");
        same += 1;
    }
    assert!(same > 280);
    assert_eq!(organisation_with_a_gender, 27);
}

#[test]
fn seed_ids_are_valid_and_the_documentation_example_is_not() {
    let us = FabricUserId::parse("US 984 AUM945 0AKIY 8168")
        .unwrap()
        .decode();
    assert_eq!(
        (
            us.country().as_str(),
            us.gender(),
            us.date_of_birth().to_string()
        ),
        ("US", Gender::Female, "1990-03-15".to_owned())
    );
    assert!(!us.is_organization());
    let gb = FabricUserId::parse("GB CF1 ABF248 0LRQS 0058")
        .unwrap()
        .decode();
    assert_eq!(
        (
            gb.country().as_str(),
            gb.gender(),
            gb.date_of_birth().to_string()
        ),
        ("GB", Gender::Male, "1985-07-22".to_owned())
    );
    let doc = FabricUserId::parse("MY A3F HBF934 0ABCD 1234").unwrap_err();
    assert!(
        matches!(doc, FabricIdError::ChecksumMismatch { .. }),
        "{doc}"
    );
    assert_eq!(doc.code(), "FABRIC_ID_CHECKSUM_MISMATCH");
}
