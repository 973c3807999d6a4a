//! Generates typed Rust clients for Huawei Cloud style HTTP APIs from YAML descriptions.
//!
//! The public API is small, in the spirit of `prost-build`:
//!
//! - [`compile`]: the one call a `build.rs` needs, with the default [`Config`];
//! - [`Config`]: the builder for everything else (runtime path, output directory, a
//!   blocking client, a subset of operations, ...), ending in [`Config::compile`] or
//!   [`Config::generate_file`] / [`Config::generate_source`];
//! - [`Generated`]: one generated file (its module name, code, counts and warnings);
//! - [`check`]: validates spec text without generating anything;
//! - [`Error`] and [`diagnostics`]: what went wrong, located in the spec, rendered like rustc.
//!
//! In a `build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), hwcloud_codegen::Error> {
//!     hwcloud_codegen::compile(&["../spec"])?;
//!     Ok(())
//! }
//! ```
//!
//! and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/<module>.rs"));`.
//!
//! Inside, the pipeline has one stage per module. The front end is the `hwcloud-spec`
//! crate: `parse` (YAML text to a shape-checked AST) → `validate` (semantic checks, names,
//! references: the intermediate `model`), with the diagnostics; this crate adds the back
//! end, private: `emit` (tokens with `quote`) → `output` (`syn` + `prettyplease`, formatted
//! on as many threads as cargo allows, written only if changed). The tools built on the
//! front end (import of API reference pages, diff of two specs, least-privilege policies,
//! scans of Rust sources) are the `hwcloud-codegen-tools` crate, which a build script
//! never compiles.

mod config;
mod emit;
mod output;

// The front end's modules, under the names the back end's modules use (`crate::model`, ...).
use hwcloud_spec::{error, files, groups, model, naming, pipeline, select, validate};

pub use config::{Config, Generated, compile};
pub use hwcloud_spec::{Error, check, diagnostics};
