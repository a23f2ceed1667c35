//! gx-compliance (work in progress).
