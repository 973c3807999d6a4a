//! The tools of the `hwcloud-codegen` command, on top of the spec front end
//! (`hwcloud-spec`): [`import`] of Huawei Cloud API reference pages and whole reference
//! trees into specs, [`diff`] of two versions of a spec, least-privilege IAM [`policy`]
//! documents, [`scan`] of Rust sources for the operations they call, the [`catalogue`]'s
//! import figures, and the writing of spec [`document`]s in the format's key order.
//!
//! A crate of its own so that a build script, which depends on the generator only,
//! compiles none of this. It depends on `hwcloud-spec` alone, never on the generator.

// The spec crate's modules, under the names the tools' modules use (`crate::model`, ...).
use hwcloud_spec::{check, diagnostics, error, model, naming, parse, pipeline, resolve, validate};

pub mod catalogue;
pub mod diff;
pub mod document;
pub mod import;
pub mod policy;
pub mod scan;
