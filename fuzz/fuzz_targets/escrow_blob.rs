//! Escrow blobs (gx-compliance): arbitrary bytes parse canonically or fail with a typed error,
//! and opening with a fixed key (test key A) never panics; a real (Node-made) blob with any
//! bytes flipped or cut never opens.
#![no_main]

use std::future::Future;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use gx_compliance::escrow::{open, EscrowBlob, MasterKeyPair, SoftwareUnwrapper};
use libfuzzer_sys::fuzz_target;

const PRIVATE: &str = include_str!("../../crates/gx-compliance/tests/data/master_a_private.pem");
/// Blobs Node sealed for key A (case 1 is "hello").
const NODE_BLOBS: &str = include_str!("../../crates/gx-compliance/tests/data/node_blobs.json");

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
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
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
        // Arbitrary bytes: canonical parse, and opening fails cleanly.
        if let Ok(blob) = EscrowBlob::from_bytes(rest) {
            assert_eq!(blob.to_bytes(), rest, "parsing must be canonical");
            assert!(run(open(&fx.unwrapper, &blob)).is_err(), "forged blob opened");
        }
        if let Ok(text) = std::str::from_utf8(rest) {
            let _ = EscrowBlob::from_base64(text);
        }
    } else {
        // The real blob, XORed with the input and maybe cut: opens only if unchanged.
        let mut bytes = fx.sealed.clone();
        for (b, m) in bytes.iter_mut().zip(rest) {
            *b ^= m;
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
