//! QR payloads against the reference's byte-exact v1 examples
//! (`test-vectors/reference/qsend_qr_v1.json`), and v2 against v1 in QR code size.

use gx_core::{Qirat, QIRAT_PER_GXC};
use gx_ids::{qr_hash, QrError, QrKey, QrPayload};
use qrcode::{EcLevel, QrCode};
use serde_json::Value;

fn examples() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../test-vectors/reference/qsend_qr_v1.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("vector file")).expect("JSON")
}

/// The example's amount (a JSON number of GXC) in Qirat, read through its decimal text.
fn amount(input: &Value) -> Qirat {
    let text = input["amount"].to_string();
    // serde_json writes 0.000001 as 1e-6: accept that one exponent form here.
    let qirat = match text.as_str() {
        "1e-6" => 1,
        _ => Qirat::from_gxc_str(&text).unwrap().get(),
    };
    assert!(qirat <= 1_250_000_000_000 * QIRAT_PER_GXC);
    Qirat::new(qirat)
}

fn payload(input: &Value) -> QrPayload {
    let text = |k: &str| input[k].as_str().unwrap_or("").to_owned();
    QrPayload::new(
        text("requestCode").parse().unwrap(),
        amount(input),
        text("creatorFabricId").parse().unwrap(),
        text("creatorName"),
        input["expiresAtMs"].as_u64().unwrap(),
    )
    .unwrap()
    .with_description(text("description"))
    .unwrap()
    .with_reference(text("reference"))
}

#[test]
fn v1_encodes_byte_identical_to_the_reference() {
    let all = examples();
    assert_eq!(all.len(), 5);
    for ex in &all {
        let p = payload(&ex["input"]);
        assert_eq!(p.to_v1_json().unwrap(), ex["json"].as_str().unwrap());
        let qr = p.encode_v1().unwrap();
        assert_eq!(qr, ex["qrData"].as_str().unwrap());
        assert_eq!(qr_hash(&qr), ex["qrHash"].as_str().unwrap());
    }
}

#[test]
fn v1_decodes_the_reference_payloads() {
    for ex in examples() {
        let decoded = QrPayload::decode_v1(ex["qrData"].as_str().unwrap()).unwrap();
        assert_eq!(decoded, payload(&ex["input"]));
    }
}

/// serde gives the v1 JSON object: byte-identical to the reference's JSON, and read back
/// with the same checks as `decode_v1`.
#[test]
fn serde_json_shape_is_the_v1_object() {
    for ex in examples() {
        let p = payload(&ex["input"]);
        let json = ex["json"].as_str().unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), json);
        assert_eq!(serde_json::from_str::<QrPayload>(json).unwrap(), p);
        assert_eq!(
            serde_json::from_slice::<QrPayload>(json.as_bytes()).unwrap(),
            p
        );
        assert_eq!(
            serde_json::from_reader::<_, QrPayload>(json.as_bytes()).unwrap(),
            p
        );
    }
    let good = r#"{"v":1,"t":"QSEND","c":"QS-6PAS3LHD","a":0.000001,"d":"","r":"","f":"US 984 AUM945 0AKIY 8168","n":"A","e":1}"#;
    let p: QrPayload = serde_json::from_str(good).unwrap();
    assert_eq!(p.amount(), Qirat::new(1));
    assert_eq!(serde_json::to_string(&p).unwrap(), good);
    for bad in [
        good.replace("\"v\":1", "\"v\":2"),
        good.replace("\"t\":\"QSEND\"", "\"t\":\"QPAY\""),
        good.replace("0.000001", "0.0000001"),
        good.replace("0.000001", "-1"),
        good.replace("0.000001", "1e-6"),
        good.replace("\"a\":0.000001,", ""),
        good.replace("\"e\":1}", "\"e\":1,\"x\":0}"),
        good.replace("US 984", "US 985"),
        good.replace("\"d\":\"\"", &format!("\"d\":\"{}\"", "😀".repeat(101))),
    ] {
        assert!(serde_json::from_str::<QrPayload>(&bad).is_err(), "{bad}");
    }
    // An amount v1 cannot carry exactly is refused, as by encode_v1.
    let huge = p.clone();
    let huge = QrPayload::new(
        huge.code(),
        Qirat::new(12_345_678_901_234_567),
        huge.creator(),
        "A",
        1,
    )
    .unwrap();
    assert!(serde_json::to_string(&huge).is_err());
}

#[test]
fn the_description_limit_counts_utf16_code_units_as_javascript_does() {
    let p = payload(&examples()[0]["input"]);
    // "😀".length is 2 in JavaScript, "é".length is 1.
    assert!(p.clone().with_description("😀".repeat(100)).is_ok());
    assert_eq!(
        p.clone().with_description("😀".repeat(101)).unwrap_err(),
        QrError::DescriptionTooLong { utf16_units: 202 }
    );
    assert!(p.clone().with_description("é".repeat(200)).is_ok());
    assert!(p
        .clone()
        .with_description(format!("{}😀", "a".repeat(198)))
        .is_ok());
    assert!(p
        .with_description(format!("{}😀", "a".repeat(199)))
        .is_err());
}

#[test]
fn v1_decode_errors_say_what_is_wrong() {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    assert!(matches!(
        QrPayload::decode_v1("not base64!"),
        Err(QrError::BadEncoding { .. })
    ));
    assert!(matches!(
        QrPayload::decode_v1(&b64("[1]")),
        Err(QrError::BadJson { .. })
    ));
    let good = r#"{"v":1,"t":"QSEND","c":"QS-6PAS3LHD","a":50,"d":"","r":"","f":"US 984 AUM945 0AKIY 8168","n":"A","e":1}"#;
    assert!(QrPayload::decode_v1(&b64(good)).is_ok());
    let cases = [
        (good.replace("\"v\":1", "\"v\":2"), "QR_UNSUPPORTED_VERSION"),
        (good.replace("QS-6PAS3LHD", "QS-6PAS3LH0"), "QR_BAD_FIELD"),
        (good.replace("\"a\":50", "\"a\":-5"), "QR_BAD_FIELD"),
        (good.replace("\"a\":50", "\"a\":1e-6"), "QR_BAD_FIELD"),
        (good.replace("\"a\":50", "\"a\":0.0000001"), "QR_BAD_FIELD"),
        (
            good.replace("0AKIY", "0AKIZ").replace("984", "985"),
            "QR_BAD_FIELD",
        ),
        (good.replace(",\"e\":1", ""), "QR_V1_BAD_JSON"),
        (good.replace("\"e\":1", "\"e\":1,\"x\":0"), "QR_V1_BAD_JSON"),
        (
            good.replace("\"d\":\"\"", &format!("\"d\":\"{}\"", "é".repeat(201))),
            "QR_DESCRIPTION_TOO_LONG",
        ),
    ];
    for (json, code) in cases {
        let err = QrPayload::decode_v1(&b64(&json)).unwrap_err();
        assert_eq!(gx_core::ErrorCode::code(&err), code, "{json}: {err}");
    }
}

fn qr_version(data: &[u8]) -> i16 {
    match QrCode::with_error_correction_level(data, EcLevel::M)
        .unwrap()
        .version()
    {
        qrcode::Version::Normal(v) | qrcode::Version::Micro(v) => v,
    }
}

/// v2 needs a smaller QR code than v1 for every example (error correction M). The versions are
/// printed for the README (`cargo test -p gx-ids --test qr_vectors -- --nocapture`).
#[test]
fn v2_needs_a_smaller_qr_code_than_v1() {
    let key = QrKey::from_bytes([0x42; 32]);
    for ex in examples() {
        let p = payload(&ex["input"]);
        let v1 = p.encode_v1().unwrap();
        let v2 = p.encode_v2(&key).unwrap();
        let (q1, q2) = (qr_version(v1.as_bytes()), qr_version(v2.as_bytes()));
        println!(
            "{}: v1 {} chars -> QR version {q1}; v2 {} chars -> QR version {q2}",
            p.code(),
            v1.len(),
            v2.len()
        );
        assert!(q2 < q1, "{}: v1 {q1}, v2 {q2}", p.code());
    }
}

#[test]
fn a_payload_given_to_the_other_decoder_gets_a_hint() {
    let key = QrKey::from_bytes([7; 32]);
    let v1 = "eyJ2IjoxLCJ0IjoiUVNFTkQiLCJjIjoiUVMtNlBBUzNMSEQiLCJhIjo1MCwiZCI6IiIsInIiOiIiLCJmIjoiVVMgOTg0IEFVTTk0NSAwQUtJWSA4MTY4IiwibiI6IkFsaWNlIEpvaG5zb24iLCJlIjoxNzY2NjYwNDAwMDAwfQ==";
    let payload = QrPayload::decode_v1(v1).unwrap();
    let v2 = payload.encode_v2(&key).unwrap();
    let as_v2 = QrPayload::decode_v2(v1, &key).unwrap_err().to_string();
    assert!(as_v2.contains("looks like a v1 payload"), "{as_v2}");
    if let Err(e) = QrPayload::decode_v1(&v2) {
        let msg = e.to_string();
        assert!(
            msg.contains("looks like a v2 payload") || msg.contains("JSON"),
            "{msg}"
        );
    }
    let null = QrPayload::decode_v1("bnVsbA==").unwrap_err().to_string();
    assert!(
        null.contains("a JSON object with the keys") && !null.contains("WireV1"),
        "{null}"
    );
}
