//! The randomness of every call: `crypto.getRandomValues` through getrandom's JS backend.
//!
//! With the `testing` feature (never in the published package) a seeded ChaCha20 can replace it,
//! so the fixed E2E vectors are reproduced through the package byte for byte.

use rand_core::{CryptoRng, RngCore};

/// The package's CSPRNG, handed to the domain crates wherever they take one.
pub struct Rng;

#[cfg(feature = "testing")]
thread_local! {
    static SEEDED: std::cell::RefCell<Option<rand_chacha::ChaCha20Rng>> =
        const { std::cell::RefCell::new(None) };
}

impl RngCore for Rng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }

    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        #[cfg(feature = "testing")]
        if SEEDED.with_borrow_mut(|seeded| seeded.as_mut().map(|r| r.fill_bytes(dest)).is_some()) {
            return;
        }
        rand_core::OsRng.fill_bytes(dest);
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for Rng {}

/// Test builds only: from now on every random draw comes from ChaCha20 seeded with `seed`
/// (`rand_chacha`'s `seed_from_u64`, as the Rust vector tests), or again from
/// `crypto.getRandomValues` when `seed` is `null`.
#[cfg(feature = "testing")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = testingSeedRandomness)]
pub fn testing_seed_randomness(
    #[wasm_bindgen(unchecked_param_type = "bigint | null")] seed: wasm_bindgen::JsValue,
) -> crate::error::JsResult<()> {
    use rand_core::SeedableRng;
    let rng = if seed.is_null() {
        None
    } else {
        let seed = crate::input::whole_number(&seed, "seed", u64::MAX)?;
        Some(rand_chacha::ChaCha20Rng::seed_from_u64(seed))
    };
    SEEDED.set(rng);
    Ok(())
}
