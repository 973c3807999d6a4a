//! What only generated code and tests use: the `object_serde!` and `open_enum!` helpers,
//! test support, and the contract between generated code and this runtime. Re-exported at the crate root as
//! `object`, `testing` and `__private`; depends on `wire` and `time`.

pub mod object;
pub mod private;
pub mod testing;
