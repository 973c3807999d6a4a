//! The front end of `hwcloud-codegen`: YAML descriptions of Huawei Cloud style HTTP APIs
//! ("specs", described in the repository's `docs/spec-format.md`) read, checked and
//! resolved into a typed [`model`], with every problem located in the spec text.
//!
//! The generator (`hwcloud-codegen`, what a `build.rs` depends on) emits Rust from the
//! model; the tools of the `hwcloud-codegen` command (`hwcloud-codegen-tools`: import,
//! diff, policy, scan) read and compare specs through it. Both use this crate's public API,
//! and this crate uses neither.
//!
//! The stages, one module each:
//!
//! - [`parse`]: YAML text to a shape-checked AST ([`parse::ast::SpecAst`]);
//! - [`validate`]: semantic checks (references, names, paths, permissions, examples) and
//!   resolution into the [`model`];
//! - [`pipeline`]: the two chained, [`resolve`] and [`check`], with the [`diagnostics`]
//!   sorted and located (file, line:column, key path, message, suggestion);
//! - [`naming`]: the Rust names of spec items;
//! - [`select`] and [`groups`]: what a subset of operations or a resource group reaches;
//! - [`files`]: which files a spec directory holds, and how a spec is named in messages.
//!
//! ```
//! let text = "service: {name: Demo}\n";
//! let report = hwcloud_spec::check("demo.yaml", text);
//! assert!(report.has_errors());
//! ```

pub mod diagnostics;
pub mod error;
pub mod files;
pub mod pipeline;

pub mod groups;
pub mod model;
pub mod naming;
pub mod parse;
pub mod select;
pub mod validate;

pub use error::Error;
pub use pipeline::{check, resolve};
