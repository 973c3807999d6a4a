//! The generator: what it makes of a spec, and what it says about a broken one.
//!
//! One test binary, a module per concern: the contract between generated code and the
//! runtime, deterministic output, diagnostics, resource groups compiled for real, specs
//! that must never make it panic, snapshots of generated code, and the spec format's
//! documentation against its typed definition. The importer and `diff` are in the `tools`
//! binary, the generated clients at work in `client`.

mod contract;
mod determinism;
mod diagnostics;
mod groups;
mod listing;
mod never_panic;
mod snapshots;
mod spec_format;
