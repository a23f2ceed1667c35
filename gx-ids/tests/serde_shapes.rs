//! Every identifier serialises as the JSON string the API uses, and deserialising runs the same
//! strict checks as `parse` (a bad value in a JSON body is refused, not smuggled in).

use gx_ids::{
    BiometricHash, CommandId, DecodedFabricId, FabricTxId, FabricUserId, IdempotencyKey, QSendCode,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` round trips as a JSON string; each of `bad` is refused when deserialised.
fn string_shape<T>(text: &str, bad: &[&str])
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(text).unwrap();
    let value: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(serde_json::to_string(&value).unwrap(), json);
    for b in bad {
        let json = serde_json::to_string(b).unwrap();
        assert!(serde_json::from_str::<T>(&json).is_err(), "{json} accepted");
    }
    assert!(
        serde_json::from_str::<T>("42").is_err(),
        "a number accepted"
    );
}

#[test]
fn fabric_user_id_is_its_text() {
    string_shape::<FabricUserId>(
        "US 984 AUM945 0AKIY 8168",
        &[
            "MY A3F HBF934 0ABCD 1234",
            "us 984 AUM945 0AKIY 8168",
            "US 984 AUM945 0AKIY 8168 ",
        ],
    );
}

#[test]
fn decoded_fabric_id_uses_the_reference_names() {
    let id: FabricUserId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
    let value = serde_json::to_value(id.decode()).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "countryCode": "US",
            "checksum": "984",
            "dateOfBirth": "1990-03-15",
            "gender": "female",
            "isOrganization": false,
            "accountTypeCode": "0",
            "accountTypeName": "Individuals",
            "uniqueSuffix": "AKIY8168",
        })
    );
}

/// A decoded ID is accepted only as the decode of a valid ID; other keys are ignored.
#[test]
fn decoded_fabric_id_deserialises_only_consistent_fields() {
    let good = serde_json::json!({
        "countryCode": "US",
        "checksum": "984",
        "dateOfBirth": "1990-03-15",
        "gender": "female",
        "isOrganization": false,
        "accountTypeCode": "0",
        "accountTypeName": "Individuals",
        "uniqueSuffix": "AKIY8168",
    });
    let id: FabricUserId = "US 984 AUM945 0AKIY 8168".parse().unwrap();
    let read: DecodedFabricId = serde_json::from_value(good.clone()).unwrap();
    assert_eq!(read, id.decode());
    // As `gx id new --json` writes it: the ID beside the fields.
    let mut with_id = good.clone();
    with_id["id"] = "US 984 AUM945 0AKIY 8168".into();
    assert_eq!(
        serde_json::from_value::<DecodedFabricId>(with_id).unwrap(),
        read
    );
    let org: FabricUserId = "AU 886 BPA975 3SCCI 6685".parse().unwrap();
    let org_json = serde_json::to_value(org.decode()).unwrap();
    assert_eq!(
        serde_json::from_value::<DecodedFabricId>(org_json.clone()).unwrap(),
        org.decode()
    );
    let change = |base: &serde_json::Value, key: &str, value: serde_json::Value| {
        let mut v = base.clone();
        v[key] = value;
        v
    };
    for (bad, why) in [
        (change(&good, "checksum", "985".into()), "checksum"),
        (change(&good, "checksum", "98".into()), "three"),
        (
            change(&good, "dateOfBirth", "1990-03-16".into()),
            "checksum",
        ),
        (change(&good, "dateOfBirth", "1899-12-31".into()), "outside"),
        (change(&good, "dateOfBirth", "3268-12-14".into()), "outside"),
        (change(&good, "gender", "male".into()), "checksum"),
        (
            change(&good, "gender", "system-assigned".into()),
            "organisation",
        ),
        (
            change(&good, "isOrganization", true.into()),
            "isOrganization",
        ),
        (
            change(&good, "accountTypeName", "Individual".into()),
            "accountTypeName",
        ),
        (
            change(&good, "uniqueSuffix", "akiy8168".into()),
            "malformed",
        ),
        (
            change(&good, "uniqueSuffix", "AKIY816".into()),
            "uniqueSuffix",
        ),
        (change(&good, "countryCode", "XX".into()), "country"),
        (
            change(&org_json, "gender", "female".into()),
            "system-assigned",
        ),
        (change(&org_json, "accountTypeCode", "0".into()), "gender"),
    ] {
        let err = serde_json::from_value::<DecodedFabricId>(bad.clone()).unwrap_err();
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
    let mut missing = good;
    missing.as_object_mut().unwrap().remove("uniqueSuffix");
    assert!(serde_json::from_value::<DecodedFabricId>(missing).is_err());
}

#[test]
fn qsend_code_is_its_text() {
    string_shape::<QSendCode>(
        "QS-6PAS3LHD",
        &["QS-6PAS3LH0", "qs-6pas3lhd", "QS-6PAS3LHDX"],
    );
}

#[test]
fn tokens_are_their_text() {
    string_shape::<BiometricHash>(
        &"0f".repeat(32),
        &[
            &"0F".repeat(32),
            "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
        ],
    );
    string_shape::<IdempotencyKey>("qsend-QS-6PAS3LHD", &["", "has space"]);
    string_shape::<CommandId>(
        "6f1c0a8e-2b3d-4c5e-9f60-718293a4b5c6",
        &["00000000-0000-1000-8000-000000000000"],
    );
    string_shape::<FabricTxId>(&"9f".repeat(32), &[&"9f".repeat(31)]);
}
