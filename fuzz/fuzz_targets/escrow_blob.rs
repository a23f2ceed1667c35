//! Escrow blobs (gx-compliance): arbitrary bytes parse canonically or fail with a typed error,
//! and opening with a fixed key (test key A) never panics; a real (Node-made) blob with any
//! bytes flipped or cut never opens.
//!
//! Input: a mode byte, then data. Every opening of a blob whose wrapped key parses costs an
//! RSA-4096 private operation (tens of ms under the sanitizer), so the fuzzer runs few inputs
//! and keeps them short for a long time; the modes are built so that short inputs still reach
//! every region of a blob:
//! - mode bit 0 clear: the data as a blob (bit 1 set: after the real blob's 562-byte v1 header,
//!   so that arbitrary ciphertexts and tags are opened with a real content key);
//! - mode bit 0 set: the real blob with edits, each 3 data bytes `(offset high, offset low, xor)`
//!   (offset modulo the blob's length), and with bit 1 set, cut to `mode >> 2` 64ths.
#![no_main]

use std::future::Future;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use gx_compliance::escrow::{open, EscrowBlob, MasterKeyPair, SoftwareUnwrapper};
use libfuzzer_sys::fuzz_target;

const PRIVATE: &str = include_str!("../../gx-compliance/tests/data/master_a_private.pem");
/// Blobs Node sealed for key A (case 1 is "hello").
const NODE_BLOBS: &str = include_str!("../../gx-compliance/tests/data/node_blobs.json");

/// `b"GXE1"`, key id, iv and tag with their length bytes, wrapped key: everything before the
/// ciphertext of a v1 blob.
const V1_HEADER_LEN: usize = 4 + 16 + 1 + 12 + 1 + 16 + 512;

struct Fixture {
    unwrapper: SoftwareUnwrapper,
    sealed: Vec<u8>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let pair = MasterKeyPair::from_pkcs8_pem(PRIVATE).unwrap();
        let cases: serde_json::Value = serde_json::from_str(NODE_BLOBS).unwrap();
        let v1 = cases["cases"][1]["v1"].as_str().unwrap();
        let sealed = EscrowBlob::from_base64(v1).unwrap().to_bytes();
        let unwrapper = SoftwareUnwrapper::with_os_rng(pair);
        Fixture { unwrapper, sealed }
    })
}

/// The software unwrapper never waits: one poll finishes.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the software unwrapper does not wait"),
    }
}

fuzz_target!(|data: &[u8]| {
    let fx = fixture();
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 0 {
        // Arbitrary bytes (maybe behind the real header): canonical parse, opening fails cleanly.
        let bytes = if mode & 2 == 0 {
            rest.to_vec()
        } else {
            [&fx.sealed[..V1_HEADER_LEN], rest].concat()
        };
        if let Ok(blob) = EscrowBlob::from_bytes(&bytes) {
            assert_eq!(blob.to_bytes(), bytes, "parsing must be canonical");
            let opened = run(open(&fx.unwrapper, &blob));
            assert!(bytes == fx.sealed || opened.is_err(), "forged blob opened");
        }
        if let Ok(text) = std::str::from_utf8(rest) {
            let _ = EscrowBlob::from_base64(text);
        }
    } else {
        // The real blob with edits anywhere and maybe cut: opens only if unchanged.
        let mut bytes = fx.sealed.clone();
        for edit in rest.chunks_exact(3) {
            let at = usize::from(u16::from_be_bytes([edit[0], edit[1]])) % bytes.len();
            bytes[at] ^= edit[2];
        }
        if mode & 2 != 0 {
            let keep = usize::from(mode >> 2) * bytes.len() / 64;
            bytes.truncate(keep);
        }
        let outcome = EscrowBlob::from_bytes(&bytes).and_then(|b| run(open(&fx.unwrapper, &b)));
        if bytes == fx.sealed {
            assert_eq!(outcome.unwrap().as_slice(), b"hello");
        } else {
            assert!(outcome.is_err(), "a changed blob opened");
        }
    }
});
