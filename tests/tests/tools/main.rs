//! The tools around the generator: importing API reference pages and whole reference
//! trees, fixes that survive re-import, the imports checked against the official SDKs,
//! every example response of the catalogue decoded as a client decodes it, the catalogue's
//! figures held to the committed report, and `diff`.
//!
//! One test binary, a module per concern. The catalogue's examples take minutes in a debug
//! build and are `#[ignore]`d here; CI runs them in release:
//! `cargo test --release -p hwcloud-tests --test tools -- --ignored catalogue_examples`.

mod catalogue;
mod catalogue_examples;
mod diff;
mod fixes;
mod import;
mod import_crosscheck;
mod import_tree;
