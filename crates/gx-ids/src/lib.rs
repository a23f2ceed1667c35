//! gx-ids (work in progress).
