//! The adapter inside real JavaScript engines: `wasm-bindgen-test` runs this suite in Node and in
//! headless Chromium (`.ci/run` does both). It calls the exported functions from Rust with the
//! `JsValue`s JavaScript would pass and checks what JavaScript would see.
#![cfg(target_arch = "wasm32")]

use gx_wasm::*;
use js_sys::{BigInt, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

const LK: &str = "LK FF3 ABL912 0WLUY 6025";
const US: &str = "US 984 AUM945 0AKIY 8168";

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// The thrown value is a `GxError`: an `Error` whose `code` is `code`.
#[allow(clippy::needless_pass_by_value)] // called on the thrown value as returned
fn assert_gx_error(thrown: JsValue, code: &str) {
    assert!(
        thrown.is_instance_of::<js_sys::Error>(),
        "not an Error: {thrown:?}"
    );
    let got = Reflect::get(&thrown, &s("code")).unwrap().as_string();
    assert_eq!(got.as_deref(), Some(code), "{thrown:?}");
    let name = Reflect::get(&thrown, &s("name")).unwrap().as_string();
    assert_eq!(name.as_deref(), Some("GxError"));
    let message = thrown.unchecked_ref::<js_sys::Error>().message();
    assert!(String::from(message).len() > 10);
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &s(key)).unwrap()
}

#[wasm_bindgen_test]
fn fabric_ids_generate_validate_decode() {
    let id = generate_fabric_id(s("MY"), s("1992-08-20"), s("female"), None).unwrap();
    assert!(is_valid_fabric_id(s(&id)).unwrap());
    let decoded = decode_fabric_id(s(&id)).unwrap();
    assert_eq!(
        get(&decoded, "dateOfBirth").as_string().unwrap(),
        "1992-08-20"
    );
    assert_eq!(get(&decoded, "gender").as_string().unwrap(), "female");
    let batch = validate_fabric_ids(s(&format!("{LK}\nnot an id\n{US}"))).unwrap();
    assert_eq!(get(&batch, "valid").as_f64(), Some(2.0));
    assert_gx_error(
        generate_fabric_id(s("MY"), s("1989-02-30"), s("male"), None).unwrap_err(),
        "INVALID_DATE",
    );
}

#[wasm_bindgen_test]
fn wrong_argument_types_are_gx_errors_not_traps() {
    for bad in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from(5),
        JsValue::TRUE,
        js_sys::Object::new().into(),
    ] {
        assert_gx_error(
            validate_fabric_id(bad.clone()).unwrap_err(),
            "INVALID_ARGUMENT",
        );
        assert_gx_error(parse_gxc(bad.clone()).unwrap_err(), "INVALID_ARGUMENT");
        assert_gx_error(
            quote_transfer(s(LK), s(US), bad, None).unwrap_err(),
            "INVALID_ARGUMENT",
        );
    }
    // A lone surrogate has no UTF-8 form: refused, not replaced by U+FFFD.
    let lone = js_sys::JsString::from_char_code1(0xD800);
    assert_gx_error(
        validate_fabric_id(lone.into()).unwrap_err(),
        "INVALID_ARGUMENT",
    );
    // Amounts are bigint only: a number (which may have lost precision) is refused.
    assert_gx_error(
        quote_transfer(s(LK), s(US), JsValue::from(1e6), None).unwrap_err(),
        "INVALID_ARGUMENT",
    );
    let too_big = BigInt::new(&s("18446744073709551616")).unwrap();
    assert_gx_error(format_gxc(too_big.into()).unwrap_err(), "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
fn money_is_bigint_both_ways() {
    let amount: JsValue = BigInt::from(1_000_000u64).into();
    let quote = quote_transfer(s(LK), s(US), amount, None).unwrap();
    let fee = get(&quote, "totalFee");
    assert!(fee.is_bigint());
    assert_eq!(
        u64::try_from(BigInt::unchecked_from_js(fee)).unwrap(),
        1_500
    );
    assert_eq!(parse_gxc(s("12.5")).unwrap(), 12_500_000);
    assert_eq!(
        format_gxc(BigInt::from(u64::MAX).into()).unwrap(),
        "18446744073709.551615"
    );
    assert_gx_error(
        quote_transfer(s(LK), s(US), BigInt::from(0u64).into(), None).unwrap_err(),
        "TRANSFER_AMOUNT_ZERO",
    );
}

#[wasm_bindgen_test]
fn qr_v1_matches_the_reference_example() {
    let payload = js_sys::Object::new();
    for (k, v) in [
        ("code", s("QS-6PAS3LHD")),
        ("creator", s(US)),
        ("creatorName", s("Alice Johnson")),
    ] {
        Reflect::set(&payload, &s(k), &v).unwrap();
    }
    Reflect::set(&payload, &s("amount"), &BigInt::from(50_000_000u64).into()).unwrap();
    Reflect::set(
        &payload,
        &s("expiresAtMs"),
        &JsValue::from(1_766_660_400_000f64),
    )
    .unwrap();
    let qr = encode_qr_v1(payload.clone().into()).unwrap();
    assert_eq!(qr, "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==");
    Reflect::set(&payload, &s("colour"), &s("red")).unwrap();
    assert_gx_error(
        encode_qr_v1(payload.into()).unwrap_err(),
        "INVALID_ARGUMENT",
    );
}

#[wasm_bindgen_test]
fn a_pairwise_conversation_and_sealed_storage() {
    let alice = Account::create();
    let bob = Account::create();
    bob.generate_one_time_prekeys(JsValue::from(1)).unwrap();
    let bundle = bob.fetched_bundle_json(Some(JsValue::from(1))).unwrap();
    let to_bob = Session::initiate(alice.into(), s(&bundle), EscrowPolicy::none().into()).unwrap();
    let m = to_bob.encrypt(s("hello from the engine")).unwrap();
    let content = get(&m, "encryptedContent");
    let accepted = bob
        .accept_session(content.clone(), EscrowPolicy::none().into())
        .unwrap();
    let message = get(&accepted, "message");
    let plaintext: Uint8Array = get(&message, "plaintext").unchecked_into();
    assert_eq!(plaintext.to_vec(), b"hello from the engine");
    // The same first message cannot be accepted twice.
    assert!(bob
        .accept_session(content, EscrowPolicy::none().into())
        .is_err());
    let key = StorageKey::from_bytes(Uint8Array::from(&[9u8; 32][..]).into()).unwrap();
    let sealed = to_bob.seal(JsValue::from(key)).unwrap();
    let key = StorageKey::from_bytes(Uint8Array::from(&[9u8; 32][..]).into()).unwrap();
    let reopened = Session::open(sealed.into(), key.into()).unwrap();
    assert_eq!(reopened.id().unwrap(), to_bob.id().unwrap());
    let wrong = StorageKey::from_bytes(Uint8Array::from(&[8u8; 32][..]).into()).unwrap();
    let sealed = to_bob
        .seal(JsValue::from(
            StorageKey::from_bytes(Uint8Array::from(&[9u8; 32][..]).into()).unwrap(),
        ))
        .unwrap();
    assert!(Session::open(sealed.into(), wrong.into()).is_err());
}

#[wasm_bindgen_test]
fn an_object_of_another_class_is_an_invalid_argument() {
    let session_as_account: JsValue = EscrowPolicy::none().into();
    let bundle = Account::create().fetched_bundle_json(None).unwrap();
    let err = Session::initiate(session_as_account, s(&bundle), EscrowPolicy::none().into());
    assert_gx_error(err.err().unwrap(), "INVALID_ARGUMENT");
}

#[wasm_bindgen_test]
fn error_codes_are_listed() {
    let codes = error_codes();
    assert!(codes.iter().any(|c| c == "FABRIC_ID_CHECKSUM_MISMATCH"));
    assert!(codes.iter().any(|c| c == "INVALID_ARGUMENT"));
}
