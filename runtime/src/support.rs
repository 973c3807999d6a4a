//! What only generated code and tests use: the `object_serde!` helpers and test support.
//! Re-exported at the crate root as `object` and `testing`; depends on `wire` and `time`.

pub mod object;
pub mod testing;
