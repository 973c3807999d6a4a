//! Generates typed Rust clients for Huawei Cloud style HTTP APIs from YAML descriptions.
//!
//! The pipeline, one module per stage:
//! [`parse`] (YAML text to a shape-checked AST) →
//! [`validate`] (semantic checks, names, references: the intermediate [`model`]) →
//! `emit` (tokens with `quote`) → `output` (`syn` + `prettyplease`, write only if changed).
//! Problems are reported as [`diagnostics`], all at once, like a compiler.
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

mod config;
pub mod diagnostics;
pub mod diff;
mod emit;
mod error;
pub mod import;
pub mod model;
pub mod naming;
mod output;
pub mod parse;
mod pipeline;
pub mod policy;
pub mod scan;
pub mod select;
pub mod validate;

pub use config::{Config, Generated, WARNINGS_PER_CHECK, compile, display_name, spec_files_in};
pub use error::Error;
pub use output::{GENERATED_MARKER, write_if_changed};
pub use pipeline::{check, resolve};
