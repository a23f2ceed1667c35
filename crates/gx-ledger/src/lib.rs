//! gx-ledger (work in progress).
