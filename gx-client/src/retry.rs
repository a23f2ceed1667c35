//! Exponential backoff with full jitter, used only for requests that are safe to send again.

use std::time::Duration;

use rand_core::{OsRng, RngCore};

/// How often and how patiently to retry a safe request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first (0 turns retries off).
    pub max_retries: u32,
    /// The first backoff's ceiling; each later one doubles it.
    pub base_delay: Duration,
    /// No backoff (nor a server's Retry-After) waits longer than this.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::ZERO,
        max_delay: Duration::ZERO,
    };

    /// The wait before retry number `retry` (0 for the first): a random share of
    /// `base × 2^retry` ("full jitter", so clients that failed together do not come back
    /// together), or the server's Retry-After when it gave one; never above `max_delay`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(asked) = retry_after {
            return asked.min(self.max_delay);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(1u32.checked_shl(retry.min(20)).unwrap_or(u32::MAX))
            .min(self.max_delay);
        let ceiling_us = u64::try_from(ceiling.as_micros()).unwrap_or(u64::MAX);
        if ceiling_us == 0 {
            return Duration::ZERO;
        }
        Duration::from_micros(OsRng.next_u64() % (ceiling_us + 1))
    }
}

/// Waits `d` (tokio's timer natively; the browser's in WebAssembly).
pub(crate) async fn sleep(d: Duration) {
    #[cfg(not(target_arch = "wasm32"))]
    tokio::time::sleep(d).await;
    #[cfg(target_arch = "wasm32")]
    wasm_sleep(d).await;
}

#[cfg(target_arch = "wasm32")]
async fn wasm_sleep(d: Duration) {
    gloo_timers::future::sleep(d).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_stay_under_the_cap_and_honour_retry_after() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        };
        for retry in 0..12 {
            let ceiling = Duration::from_millis(100 * (1 << retry.min(10))).min(p.max_delay);
            for _ in 0..50 {
                assert!(p.delay(retry, None) <= ceiling);
            }
        }
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            p.delay(0, Some(Duration::from_secs(60))),
            p.max_delay,
            "a server cannot park the client forever"
        );
        // Jitter: not every delay is the same.
        let seen: std::collections::BTreeSet<Duration> =
            (0..50).map(|_| p.delay(3, None)).collect();
        assert!(seen.len() > 1);
    }
}
