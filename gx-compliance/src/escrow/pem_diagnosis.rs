//! When a key file does not parse, say what it is and what to do, instead of the ASN.1 parser's
//! words (`PEM preamble contains invalid data (NUL byte)` for an empty file or `/dev/zero`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// The PEM label of the keys this module reads.
pub(crate) const PUBLIC: &str = "PUBLIC KEY";
/// The PEM label of PKCS#8 private keys.
pub(crate) const PRIVATE: &str = "PRIVATE KEY";

/// Why `pem` is not a key with the label `expected`, in words that name the fix; `None` when
/// it looks like one (the parser's reason then applies). Never echoes the key's content.
pub(crate) fn diagnose(pem: &str, expected: &str) -> Option<String> {
    let text = pem.trim();
    if text.is_empty() {
        return Some("the input is empty".into());
    }
    let Some(label) = text
        .strip_prefix("-----BEGIN ")
        .and_then(|rest| rest.split_once("-----"))
        .map(|(label, _)| label)
    else {
        return Some(
            "the input is not PEM: it does not start with a \"-----BEGIN ...-----\" line".into(),
        );
    };
    let hint = match (label, expected) {
        (l, e) if l == e => return algorithm(text).map(|kind| format!("it is {kind} key, not RSA")),
        ("RSA PRIVATE KEY", PRIVATE) => "it is a PKCS#1 RSA key (\"BEGIN RSA PRIVATE KEY\"); convert it to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY-pkcs8.pem`",
        ("ENCRYPTED PRIVATE KEY", PRIVATE) => "it is an encrypted PKCS#8 key; decrypt it first with `openssl pkcs8 -in KEY.pem -out KEY-plain.pem`",
        ("RSA PUBLIC KEY", PUBLIC) => "it is a PKCS#1 RSA public key (\"BEGIN RSA PUBLIC KEY\"); convert it to SPKI with `openssl rsa -RSAPublicKey_in -in KEY.pem -pubout -out KEY-spki.pem`",
        ("PRIVATE KEY" | "RSA PRIVATE KEY" | "ENCRYPTED PRIVATE KEY", PUBLIC) => "it is a private key where the public key goes; extract the public key with `openssl pkey -in KEY.pem -pubout`",
        ("PUBLIC KEY" | "RSA PUBLIC KEY", PRIVATE) => "it is a public key where the private key goes",
        ("CERTIFICATE", _) => "it is a certificate; extract its public key with `openssl x509 -in CERT.pem -pubkey -noout`",
        ("EC PRIVATE KEY", _) => "it is an elliptic-curve key, not RSA",
        _ => return Some(format!("its PEM label is \"{}\", expected \"{expected}\"", gx_core::echo_input(label))),
    };
    Some(hint.into())
}

/// Algorithm identifiers (DER-encoded OIDs) of the common non-RSA keys.
const KNOWN: [(&[u8], &str); 5] = [
    (&[0x06, 0x03, 0x2b, 0x65, 0x70], "an Ed25519"),
    (&[0x06, 0x03, 0x2b, 0x65, 0x6e], "an X25519"),
    (
        &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
        "an elliptic-curve (EC)",
    ),
    (
        &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01],
        "a DSA",
    ),
    (&[0x06, 0x03, 0x2b, 0x65, 0x71], "an Ed448"),
];

/// The algorithm of a PKCS#8 or SPKI key when it is one of the common non-RSA ones, read from
/// the algorithm identifier's OID in the DER.
fn algorithm(pem: &str) -> Option<&'static str> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
        .split_whitespace()
        .collect();
    let der = STANDARD.decode(body).ok()?;
    // The algorithm identifier comes first inside the key's outer SEQUENCE: look near the start.
    let head = &der[..der.len().min(32)];
    KNOWN
        .iter()
        .find(|(oid, _)| head.windows(oid.len()).any(|w| w == *oid))
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED25519_SPKI: &str = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
    const EC_PKCS8: &str = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgevZzL1gdAFr88hb2\nOF/2NxApJCzGCEDdfSp6VQO30hyhRANCAAQRWz+jn65BtOMvdyHKcvjBeBSDZH2r\n1RTwjmYSi9R/zpBnuQ4EiMnCqfMPWiZqB4QdbAd0E7oH50VpuZ1P087G\n-----END PRIVATE KEY-----\n";

    #[test]
    fn empty_and_non_pem_inputs_are_named() {
        assert_eq!(diagnose("", PUBLIC).unwrap(), "the input is empty");
        assert_eq!(diagnose(" \n\t", PRIVATE).unwrap(), "the input is empty");
        assert!(diagnose("\0\0\0", PUBLIC).unwrap().contains("not PEM"));
        assert!(
            diagnose("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", PUBLIC)
                .unwrap()
                .contains("not PEM")
        );
    }

    #[test]
    fn other_key_forms_say_how_to_convert() {
        let pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----";
        assert!(diagnose(pkcs1, PRIVATE)
            .unwrap()
            .contains("openssl pkcs8 -topk8 -nocrypt"));
        assert!(diagnose(pkcs1, PUBLIC)
            .unwrap()
            .contains("private key where the public key goes"));
        let rsa_public = "-----BEGIN RSA PUBLIC KEY-----\nMIIB\n-----END RSA PUBLIC KEY-----";
        assert!(diagnose(rsa_public, PUBLIC)
            .unwrap()
            .contains("-RSAPublicKey_in"));
        let cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert!(diagnose(cert, PUBLIC).unwrap().contains("openssl x509"));
    }

    #[test]
    fn a_key_of_another_algorithm_is_named() {
        assert_eq!(
            diagnose(ED25519_SPKI, PUBLIC).unwrap(),
            "it is an Ed25519 key, not RSA"
        );
        assert_eq!(
            diagnose(EC_PKCS8, PRIVATE).unwrap(),
            "it is an elliptic-curve (EC) key, not RSA"
        );
    }

    #[test]
    fn an_rsa_key_of_the_right_form_gets_no_diagnosis() {
        let pem = include_str!("../../tests/data/master_a_public.pem");
        assert_eq!(diagnose(pem, PUBLIC), None);
        let pem = include_str!("../../tests/data/master_a_private.pem");
        assert_eq!(diagnose(pem, PRIVATE), None);
    }
}
