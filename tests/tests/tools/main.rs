//! Every example response of the catalogue decoded as a client decodes it, through the
//! runtime's tolerant decoding (the importer and `diff` are tested beside their code, in
//! `codegen/tools/tests/tools/`).
//!
//! It takes minutes in a debug build and is `#[ignore]`d here; CI runs it in release:
//! `cargo test --release -p hwcloud-tests --test tools -- --ignored catalogue_examples`.

mod catalogue_examples;
