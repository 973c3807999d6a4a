//! The `hwcloud-codegen` command and what it keeps in the repository.
//!
//! One test binary, a module per concern: `check` and `generate` as CI and editors use
//! them, `import` and `diff` run as the real binary, least-privilege policies, and the code
//! the service crates in `generated/` ship (`HWCLOUD_BLESS=1` rewrites it:
//! `HWCLOUD_BLESS=1 cargo test -p hwcloud-codegen-cli --test cli generated_crates`).

mod check_cli;
mod generated_crates;
mod import_diff;
mod policy;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root, where the command runs.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the `hwcloud-codegen` binary with `args` in the repository's root, without colour.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hwcloud-codegen"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// An output stream as text (invalid UTF-8 replaced).
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
