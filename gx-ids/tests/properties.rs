//! Properties of Fabric User IDs and QR payloads, checked on generated inputs.

use gx_core::{AccountType, CountryCode, Date, Gender, Qirat};
use gx_ids::{FabricIdError, FabricUserId, QSendCode, QrKey, QrPayload};
use proptest::prelude::*;
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha1::{Digest, Sha1};

/// Days from 1900-01-01 to 3268-12-14, where individuals' encoding becomes ambiguous.
const AMBIGUOUS_FROM_DAY: i64 = 500_000;
/// Days from 1900-01-01 to 4000-01-01.
const LAST_DAY: i64 = 767_009;

fn day(n: i64) -> Date {
    Date::from_days_since_1900(n).unwrap()
}

fn any_country() -> impl Strategy<Value = CountryCode> {
    let all: Vec<CountryCode> = CountryCode::all().collect();
    proptest::sample::select(all)
}

/// Valid generation inputs: an individual (male/female, born before 3268-12-14) or an
/// organisation (types 1-F, founded up to 4000-01-01, any gender: it is not encoded).
fn valid_inputs() -> impl Strategy<Value = (CountryCode, Date, Gender, AccountType)> {
    let individual = (
        any_country(),
        0..AMBIGUOUS_FROM_DAY,
        prop_oneof![Just(Gender::Male), Just(Gender::Female)],
    )
        .prop_map(|(c, d, g)| (c, day(d), g, AccountType::Individual));
    let organisation = (
        any_country(),
        0..=LAST_DAY,
        1u8..16,
        prop_oneof![
            Just(Gender::Male),
            Just(Gender::Female),
            Just(Gender::SystemAssigned)
        ],
    )
        .prop_map(|(c, d, t, g)| (c, day(d), g, AccountType::from_value(t).unwrap()));
    prop_oneof![individual, organisation]
}

fn any_id() -> impl Strategy<Value = FabricUserId> {
    (valid_inputs(), any::<u64>()).prop_map(|((c, d, g, t), seed)| {
        FabricUserId::generate(c, d, g, t, &mut ChaCha20Rng::seed_from_u64(seed)).unwrap()
    })
}

/// A different DOB block of the same shape (three letters A-Z, three digits).
fn other_dob_block() -> impl Strategy<Value = [u8; 6]> {
    (
        proptest::array::uniform3(b'A'..=b'Z'),
        proptest::array::uniform3(b'0'..=b'9'),
    )
        .prop_map(|(l, d)| [l[0], l[1], l[2], d[0], d[1], d[2]])
}

fn sha1_checksum(block: &[u8]) -> [u8; 3] {
    let d = Sha1::digest(block);
    let hex = format!("{:02X}{:02X}", d[0], d[1]);
    hex.as_bytes()[..3].try_into().unwrap()
}

fn with_dob_block(id: &FabricUserId, block: [u8; 6]) -> Vec<u8> {
    let mut bytes = id.as_bytes().to_vec();
    bytes[7..13].copy_from_slice(&block);
    bytes
}

fn payloads(max_name: usize) -> impl Strategy<Value = QrPayload> {
    (
        proptest::array::uniform8(0usize..32),
        1u64..1_000_000_000_000_000, // a Q Send amount is never 0 (QR_ZERO_AMOUNT)
        any_id(),
        proptest::string::string_regex(&format!(".{{0,{max_name}}}")).unwrap(),
        0u64..=gx_ids::MAX_EXPIRES_AT_MS,
        "\\PC{0,40}",
        "[ -~]{0,30}",
    )
        .prop_map(
            |(code, amount, creator, name, expiry, description, reference)| {
                let text: String = code
                    .iter()
                    .map(|&i| char::from(gx_ids::QSEND_ALPHABET[i]))
                    .collect();
                let code = QSendCode::parse(&format!("QS-{text}")).unwrap();
                QrPayload::new(code, Qirat::new(amount), creator, name, expiry)
                    .unwrap()
                    .with_description(description)
                    .unwrap()
                    .with_reference(reference)
            },
        )
}

proptest! {
    // Integration tests have no lib.rs beside them for proptest's regression files.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generate_parse_decode_gives_back_the_inputs(
        (country, dob, gender, account_type) in valid_inputs(),
        seed in any::<u64>(),
    ) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let id = FabricUserId::generate(country, dob, gender, account_type, &mut rng).unwrap();
        let parsed = FabricUserId::parse(&id.to_string()).unwrap();
        prop_assert_eq!(parsed, id);
        let d = parsed.decode();
        prop_assert_eq!(d.country(), country);
        prop_assert_eq!(d.date_of_birth(), dob);
        // An organisation's ID carries no gender: it decodes as system-assigned.
        let decoded_gender = if account_type.is_organization() { Gender::SystemAssigned } else { gender };
        prop_assert_eq!(d.gender(), decoded_gender);
        prop_assert_eq!(d.account_type(), account_type);
        prop_assert_eq!(d.is_organization(), account_type.is_organization());
        prop_assert_eq!(&d.unique_suffix().as_bytes()[..4], &id.as_bytes()[15..19]);
    }

    #[test]
    fn generation_refuses_ambiguous_or_contradicting_inputs(
        country in any_country(),
        days in AMBIGUOUS_FROM_DAY..=LAST_DAY,
        female in any::<bool>(),
        t in 1u8..16,
    ) {
        let mut rng = ChaCha20Rng::seed_from_u64(0);
        let gender = if female { Gender::Female } else { Gender::Male };
        prop_assert_eq!(
            FabricUserId::generate(country, day(days), gender, AccountType::Individual, &mut rng),
            Err(FabricIdError::AmbiguousDate)
        );
        let organisation = AccountType::from_value(t).unwrap();
        prop_assert_eq!(
            FabricUserId::generate(country, day(0), Gender::SystemAssigned, AccountType::Individual, &mut rng),
            Err(FabricIdError::GenderContradictsType)
        );
        prop_assert_eq!(
            FabricUserId::generate(country, day(LAST_DAY + 1 + days % 1000), gender, organisation, &mut rng),
            Err(FabricIdError::DateOutOfRange)
        );
        prop_assert_eq!(
            FabricUserId::generate(country, day(-1 - days % 1000), Gender::SystemAssigned, organisation, &mut rng),
            Err(FabricIdError::DateOutOfRange)
        );
    }

    /// Changing the DOB block (keeping its shape) is caught unless the new block's 12-bit
    /// checksum happens to equal the old one.
    #[test]
    fn dob_block_changes_are_caught_unless_the_checksum_collides(
        id in any_id(),
        block in other_dob_block(),
    ) {
        let old: [u8; 6] = id.as_bytes()[7..13].try_into().unwrap();
        prop_assume!(block != old);
        let mutated = with_dob_block(&id, block);
        if FabricUserId::parse_bytes(&mutated).is_ok() {
            prop_assert_eq!(sha1_checksum(&block), sha1_checksum(&old));
        }
    }

    #[test]
    fn parse_then_display_is_the_identity(id in any_id()) {
        prop_assert_eq!(FabricUserId::parse(id.as_str()).unwrap().to_string(), id.as_str());
    }

    #[test]
    fn anything_parsed_displays_as_its_input(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
        if let Ok(id) = FabricUserId::parse_bytes(&bytes) {
            prop_assert_eq!(id.as_bytes().as_slice(), bytes.as_slice());
        }
    }

    #[test]
    fn qr_v1_round_trips(payload in payloads(60)) {
        let text = payload.encode_v1().unwrap();
        prop_assert_eq!(QrPayload::decode_v1(&text).unwrap(), payload);
    }

    #[test]
    fn qr_serde_is_the_v1_json_and_round_trips(payload in payloads(60)) {
        let json = serde_json::to_string(&payload).unwrap();
        prop_assert_eq!(&json, &payload.to_v1_json().unwrap());
        prop_assert_eq!(serde_json::from_str::<QrPayload>(&json).unwrap(), payload);
    }

    #[test]
    fn decoded_fabric_id_serde_round_trips(id in any_id()) {
        let decoded = id.decode();
        let json = serde_json::to_string(&decoded).unwrap();
        let back: gx_ids::DecodedFabricId = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, decoded);
        prop_assert_eq!(back.fabric_user_id(), id);
        prop_assert_eq!(FabricUserId::decode_str(id.as_str()).unwrap(), decoded);
    }

    #[test]
    fn decoded_fabric_id_json_without_serde_is_serde_jsons_bytes(id in any_id()) {
        let decoded = id.decode();
        let json = decoded.to_json();
        prop_assert_eq!(json.as_str(), serde_json::to_string(&decoded).unwrap());
    }

    #[test]
    fn qr_v2_round_trips(payload in payloads(30), key in any::<[u8; 32]>()) {
        let key = QrKey::from_bytes(key);
        let text = payload.encode_v2(&key).unwrap();
        prop_assert_eq!(QrPayload::decode_v2(&text, &key).unwrap(), payload);
    }

    #[test]
    fn qr_v2_with_any_bit_flipped_is_rejected(payload in payloads(30), bit in any::<proptest::sample::Index>()) {
        let key = QrKey::from_bytes([9; 32]);
        let mut bytes = payload.to_v2_bytes(&key).unwrap();
        let i = bit.index(bytes.len() * 8);
        bytes[i / 8] ^= 1 << (i % 8);
        prop_assert!(QrPayload::from_v2_bytes(&bytes, &key).is_err());
        let text = data_encoding::BASE32_NOPAD.encode(&bytes);
        prop_assert!(QrPayload::decode_v2(&text, &key).is_err());
    }

    #[test]
    fn qr_decoders_never_panic(text in "\\PC{0,120}") {
        let _ = QrPayload::decode_v1(&text);
        let _ = QrPayload::decode_v2(&text, &QrKey::from_bytes([1; 32]));
    }
}

/// Measures how often a random shape-keeping change of the DOB block goes unnoticed. The
/// checksum has 12 bits, so about 1 change in 4 096 keeps it; fewer still are accepted
/// (the changed block must also agree with the type digit and the date range).
/// `cargo test -p gx-ids --test properties -- --nocapture collision` prints the figures.
#[test]
fn collision_rate_of_the_dob_checksum_is_about_one_in_4096() {
    use rand_chacha::rand_core::RngCore;
    const TRIALS: u32 = 400_000;
    let mut rng = ChaCha20Rng::seed_from_u64(4096);
    let id = FabricUserId::parse("US 984 AUM945 0AKIY 8168").unwrap();
    let old: [u8; 6] = id.as_bytes()[7..13].try_into().unwrap();
    let old_sum = sha1_checksum(&old);
    let (mut collisions, mut accepted, mut trials) = (0u32, 0u32, 0u32);
    while trials < TRIALS {
        let r = rng.next_u64();
        let block = [
            b'A' + (r % 26) as u8,
            b'A' + (r / 26 % 26) as u8,
            b'A' + (r / 676 % 26) as u8,
            b'0' + (r / 17_576 % 10) as u8,
            b'0' + (r / 175_760 % 10) as u8,
            b'0' + (r / 1_757_600 % 10) as u8,
        ];
        if block == old {
            continue;
        }
        trials += 1;
        collisions += u32::from(sha1_checksum(&block) == old_sum);
        accepted += u32::from(FabricUserId::parse_bytes(&with_dob_block(&id, block)).is_ok());
    }
    let expected = f64::from(TRIALS) / 4096.0;
    println!(
        "collision: {collisions} of {TRIALS} changes kept the checksum (1 in {:.0}; expected 1 in 4096), {accepted} were accepted",
        f64::from(TRIALS) / f64::from(collisions.max(1))
    );
    // Expected ~97.7, standard deviation ~9.9: a +-40 % window is about 4 sigma.
    assert!(
        (expected * 0.6..=expected * 1.4).contains(&f64::from(collisions)),
        "{collisions}"
    );
    assert!(accepted <= collisions);
}
