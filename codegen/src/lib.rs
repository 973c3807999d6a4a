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
//! Inside, the pipeline has one module per stage: `parse` (YAML text to a shape-checked
//! AST) → `validate` (semantic checks, names, references: the intermediate `model`) →
//! `emit` (tokens with `quote`) → `output` (`syn` + `prettyplease`, formatted on as many
//! threads as cargo allows, written only if changed). These modules, and the tools built
//! on them (`import` of API reference pages, `diff` of two specs, least-privilege
//! `policy`, `scan` of Rust sources), are private. The `unstable-internals` feature makes
//! them public but hidden, for the `hwcloud-codegen` command (the `hwcloud-codegen-cli`
//! crate) and this repository's tests: they carry no stability promise. Without the feature
//! `import`, `diff`, `policy` and `scan` are not compiled at all, so a build script compiles
//! the generator only.

/// Declares internal modules: private, or public and hidden with `unstable-internals`.
/// Hidden modules are not rendered, so links between their items need not resolve.
macro_rules! internal {
    ($($(#[$attr:meta])* $name:ident;)*) => {$(
        $(#[$attr])*
        #[cfg(feature = "unstable-internals")]
        #[doc(hidden)]
        #[allow(rustdoc::broken_intra_doc_links)]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "unstable-internals"))]
        mod $name;
    )*};
}

/// Declares modules compiled only with `unstable-internals` (public and hidden then).
macro_rules! unstable_only {
    ($($name:ident;)*) => {$(
        #[cfg(feature = "unstable-internals")]
        #[doc(hidden)]
        #[allow(rustdoc::broken_intra_doc_links)]
        pub mod $name;
    )*};
}

mod config;
pub mod diagnostics;
mod emit;
mod error;
mod output;
mod pipeline;

internal! {
    model;
    naming;
    parse;
    groups;
    select;
    validate;
}

unstable_only! {
    catalogue;
    diff;
    import;
    policy;
    scan;
}

pub use config::{Config, Generated, compile};
pub use error::Error;
pub use pipeline::check;

/// Helpers of the command-line tool and the tests; no stability promise.
#[cfg(feature = "unstable-internals")]
#[doc(hidden)]
pub use {
    config::{WARNINGS_PER_CHECK, display_name, spec_files_in},
    output::{GENERATED_MARKER, write_if_changed},
    pipeline::resolve,
};
