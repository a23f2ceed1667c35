//! Every identifier serialises as the JSON string the API uses, and deserialising runs the same
//! strict checks as `parse` (a bad value in a JSON body is refused, not smuggled in).

use gx_ids::{BiometricHash, CommandId, FabricTxId, FabricUserId, IdempotencyKey, QSendCode};
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
