//! Where the reference material outside the repository is (`../shared`, beside the
//! checkout), for the tests that read it; each such test is skipped, with a message saying
//! so, when it is absent (a clone without it). The tools' tests (`codegen/tools/tests`)
//! include this file too.

use std::path::{Path, PathBuf};

/// The workspace root: the nearest directory above the including crate that holds the
/// `Cargo.lock`.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or(manifest)
        .to_owned()
}

/// `../shared/<rel>` (or `$HWCLOUD_SHARED_DIR/<rel>`) when it exists; otherwise prints
/// that `test` is skipped and why.
pub fn path(rel: &str, test: &str) -> Option<PathBuf> {
    let shared = std::env::var_os("HWCLOUD_SHARED_DIR")
        .map_or_else(|| root().join("../shared"), PathBuf::from);
    let p = shared.join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipped {test}: {} is absent (the reference material beside the checkout)",
            p.display()
        );
        None
    }
}

/// The directory holding the unpacked catalogue of reference trees (`<dir>/<tree>/api-ref/source`):
/// `HWCLOUD_CATALOGUE` when set (skipped when it does not exist), else `target/catalogue`
/// when unpacked there, else
/// `../shared/apidocs/catalogue/trees.tar.xz` unpacked (with the system `tar`) into the
/// tests' scratch directory (cargo's for integration tests, else the build script's). `None`, after printing why `test` is skipped, when there is
/// none.
pub fn catalogue(test: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("HWCLOUD_CATALOGUE") {
        let dir = PathBuf::from(dir);
        if !dir.is_dir() {
            eprintln!(
                "skipped {test}: HWCLOUD_CATALOGUE={} is not a directory",
                dir.display()
            );
            return None;
        }
        return Some(dir);
    }
    let unpacked = root().join("target/catalogue");
    if unpacked.join("anti-ddos").is_dir() {
        return Some(unpacked);
    }
    let archive = path("apidocs/catalogue/trees.tar.xz", test)?;
    let scratch = option_env!("CARGO_TARGET_TMPDIR")
        .or(option_env!("OUT_DIR"))
        .map_or_else(std::env::temp_dir, PathBuf::from);
    let dir = scratch.join("catalogue");
    if !dir.join("anti-ddos").is_dir() {
        let _ = std::fs::create_dir_all(&dir);
        let status = std::process::Command::new("tar")
            .arg("-xJf")
            .arg(&archive)
            .arg("-C")
            .arg(&dir)
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!(
                "skipped {test}: could not unpack {} with `tar -xJf`",
                archive.display()
            );
            return None;
        }
    }
    Some(dir)
}
