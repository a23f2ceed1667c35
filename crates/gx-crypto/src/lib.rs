//! gx-crypto (work in progress).
