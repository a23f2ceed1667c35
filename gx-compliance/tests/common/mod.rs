//! Test keys and Node-made blobs shipped under tests/data (RSA-4096 keys are too slow to make per test).
#![allow(dead_code)]

use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use gx_compliance::escrow::{MasterKeyPair, MasterPublicKey, SoftwareUnwrapper};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

pub const KEY_A_PRIVATE: &str = include_str!("../data/master_a_private.pem");
pub const KEY_A_PUBLIC: &str = include_str!("../data/master_a_public.pem");
pub const KEY_B_PRIVATE: &str = include_str!("../data/master_b_private.pem");
pub const KEY_B_PUBLIC: &str = include_str!("../data/master_b_public.pem");
pub const RSA2048_PUBLIC: &str = include_str!("../data/master_rsa2048_public.pem");
pub const RSA2048_PRIVATE: &str = include_str!("../data/master_rsa2048_private.pem");
pub const NODE_BLOBS: &str = include_str!("../data/node_blobs.json");

pub fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

pub fn public_a() -> MasterPublicKey {
    MasterPublicKey::from_public_key_pem(KEY_A_PUBLIC).expect("test key A")
}

pub fn public_b() -> MasterPublicKey {
    MasterPublicKey::from_public_key_pem(KEY_B_PUBLIC).expect("test key B")
}

pub fn unwrapper_a() -> Arc<SoftwareUnwrapper> {
    let pair = MasterKeyPair::from_pkcs8_pem(KEY_A_PRIVATE).expect("test key A");
    Arc::new(SoftwareUnwrapper::new(pair, rng(0xA)))
}

pub fn unwrapper_b() -> Arc<SoftwareUnwrapper> {
    let pair = MasterKeyPair::from_pkcs8_pem(KEY_B_PRIVATE).expect("test key B");
    Arc::new(SoftwareUnwrapper::new(pair, rng(0xB)))
}

/// One plaintext with the two blobs Node sealed for key A.
pub struct NodeCase {
    pub plaintext: Vec<u8>,
    pub v0: String,
    pub v1: String,
}

pub fn node_cases() -> (String, Vec<NodeCase>) {
    let doc: serde_json::Value = serde_json::from_str(NODE_BLOBS).expect("node_blobs.json");
    let key_id = doc["keyIdA"].as_str().expect("keyIdA").to_owned();
    let cases = doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| NodeCase {
            plaintext: STANDARD
                .decode(c["plaintextBase64"].as_str().expect("plaintext"))
                .expect("base64"),
            v0: c["v0"].as_str().expect("v0").to_owned(),
            v1: c["v1"].as_str().expect("v1").to_owned(),
        })
        .collect();
    (key_id, cases)
}
