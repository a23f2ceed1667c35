//! The native side of the WASM package's speed comparison (`bindings/wasm/bench/run.sh` runs it
//! interleaved with `bench/node_side.mjs`): the same operations, through the same domain-crate
//! calls the adapter makes, on the native build (AWS-LC X25519 and ring AES-GCM, as a Rust
//! service gets them). Prints one JSON object of operations per second.
//!
//! `cargo bench -p gx-wasm --bench native_side -- IDS_FILE`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::run();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Instant;

    use gx_core::Qirat;
    use gx_crypto::{Account, EscrowPolicy, OsRng, PreKeyBundle, Session};
    use gx_ids::FabricUserId;
    use gx_ledger::{AccountId, FeeSchedule};

    const MESSAGE: [u8; 1024] = [0x5a; 1024];

    /// Runs `op` for about `seconds` and returns operations per second.
    fn rate(seconds: f64, mut op: impl FnMut() -> u64) -> f64 {
        let start = Instant::now();
        let mut done = 0u64;
        while start.elapsed().as_secs_f64() < seconds {
            done += op();
        }
        #[allow(clippy::cast_precision_loss)]
        let per_second = done as f64 / start.elapsed().as_secs_f64();
        per_second
    }

    pub fn run() {
        let file = std::env::args()
            .skip(1)
            .find(|a| !a.starts_with('-'))
            .expect("usage: native_side IDS_FILE");
        let ids = std::fs::read_to_string(file).expect("IDs file");
        let count = ids.lines().count() as u64;
        let validate = rate(2.0, || {
            let valid = ids
                .lines()
                .filter(|l| FabricUserId::validate(l).is_ok())
                .count();
            black_box(valid);
            count
        });

        let schedule = FeeSchedule::protocol_default();
        let quote = rate(1.0, || {
            for _ in 0..1000 {
                let from: AccountId = black_box("LK FF3 ABL912 0WLUY 6025").parse().unwrap();
                let to: AccountId = black_box("US 984 AUM945 0AKIY 8168").parse().unwrap();
                black_box(
                    schedule
                        .quote(&from, &to, Qirat::new(1_000_000), None)
                        .unwrap(),
                );
            }
            1000
        });

        // A message each way, as the API carries them (base64 fields), after both sides ratcheted.
        let alice = Account::new(&mut OsRng);
        let mut bob = Account::new(&mut OsRng);
        let bundle = PreKeyBundle::try_from(&bob.published_bundle().fetch(None).unwrap()).unwrap();
        let mut a = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
        let hello = a.encrypt(b"hello", &mut OsRng).unwrap();
        let (mut b, _) = bob
            .accept_session(hello.envelope(), EscrowPolicy::None)
            .unwrap();
        let reply = b.encrypt(b"hi", &mut OsRng).unwrap();
        a.decrypt_base64(&reply.encrypted_content()).unwrap();
        let round_trip = rate(2.0, || {
            let sent = a.encrypt(&MESSAGE, &mut OsRng).unwrap().encrypted_content();
            black_box(b.decrypt_base64(&sent).unwrap());
            let back = b.encrypt(&MESSAGE, &mut OsRng).unwrap().encrypted_content();
            black_box(a.decrypt_base64(&back).unwrap());
            1
        });

        // X3DH both sides (no one-time prekey, so Bob's account can take session after session):
        // initiate from the bundle's JSON, encrypt a first message, accept it.
        let bundle_json =
            serde_json::to_string(&bob.published_bundle().fetch(None).unwrap()).unwrap();
        let x3dh = rate(2.0, || {
            let bundle = PreKeyBundle::from_json(&bundle_json).unwrap();
            let mut s = Session::initiate(&alice, &bundle, EscrowPolicy::None, &mut OsRng).unwrap();
            let first = s.encrypt(b"hello", &mut OsRng).unwrap().encrypted_content();
            let envelope = gx_crypto::envelope::Envelope::from_base64(&first).unwrap();
            black_box(bob.accept_session(&envelope, EscrowPolicy::None).unwrap());
            1
        });

        println!(
            "{{\"validatePerSecond\":{validate:.0},\"quotePerSecond\":{quote:.0},\"ratchetRoundTripPerSecond\":{round_trip:.1},\"x3dhPerSecond\":{x3dh:.1}}}"
        );
    }
}
