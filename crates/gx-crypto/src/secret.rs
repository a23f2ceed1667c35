//! A 32-byte secret that is zeroized on drop and never printed.

use zeroize::{Zeroize, ZeroizeOnDrop};

/// 32 secret bytes (root key, chain key, message key seed, group key).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct Secret32(pub(crate) [u8; 32]);

impl core::fmt::Debug for Secret32 {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Debug output for a struct that holds secrets: its type name only.
macro_rules! redacted_debug {
    ($ty:ty) => {
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(concat!(stringify!($ty), "(<secrets redacted>)"))
            }
        }
    };
}
pub(crate) use redacted_debug;
