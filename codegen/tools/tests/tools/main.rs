//! The tools' tests, beside them: importing API reference pages and whole reference trees
//! (and a page by either route, to the same operation),
//! a tree merged into its spec, fixes that survive re-import, the imports checked against the official SDKs' facts, the
//! catalogue's figures held to the committed report, and `diff`. They need neither the
//! generator nor a service crate; the catalogue's example responses, decoded by the
//! runtime, are tested with the clients (`tests/tests/tools/`).
//!
//! One test binary, a module per concern.

// Where the reference material beside the checkout is: shared with the workspace's tests.
#[path = "../../../../tests/src/shared.rs"]
mod shared;

mod catalogue;
mod diff;
mod fixes;
mod import;
mod import_crosscheck;
mod import_examples;
mod import_into;
mod import_routes;
mod import_tree;
