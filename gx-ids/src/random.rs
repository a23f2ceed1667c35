//! Unbiased small random numbers from a byte generator.

use rand_core::{CryptoRng, RngCore};

/// `N` independent values uniform in `0..bound` (`bound` between 1 and 255).
///
/// Rejection sampling: bytes at or above the largest multiple of `bound` are redrawn, so
/// `b % bound` has no modulo bias.
pub(crate) fn uniform_bytes_below<const N: usize, R: RngCore + CryptoRng + ?Sized>(
    rng: &mut R,
    bound: u8,
) -> [u8; N] {
    debug_assert!(bound > 0);
    // 256 - (256 % bound): the values below this are an exact number of full cycles.
    let limit = 256 - (256 % u16::from(bound));
    let mut out = [0u8; N];
    let mut filled = 0;
    let mut pool = [0u8; 16];
    while filled < N {
        rng.fill_bytes(&mut pool);
        for &b in &pool {
            if u16::from(b) < limit && filled < N {
                out[filled] = b % bound;
                filled += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_chacha::rand_core::SeedableRng;

    #[test]
    fn values_stay_below_bound_and_cover_it() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
        let mut seen = [false; 26];
        for _ in 0..200 {
            for v in uniform_bytes_below::<4, _>(&mut rng, 26) {
                assert!(v < 26);
                seen[usize::from(v)] = true;
            }
        }
        assert!(seen.iter().all(|&s| s));
    }
}
