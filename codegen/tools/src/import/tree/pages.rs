//! The pages of a tree: read from a directory (`*.rst` and `*.txt` files, in path order),
//! and their text (UTF-8 expected; other bytes replaced, with a warning).

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::import::warning::{Warning, Warnings};

/// One page of a tree: its path relative to the tree and its bytes.
#[derive(Debug, Clone)]
pub struct TreePage {
    /// Relative path, `/`-separated.
    pub path: String,
    /// The file's bytes (UTF-8 expected).
    pub bytes: Vec<u8>,
}

/// Reads every page under `dir` (sorted by path): `*.rst` pages, and `*.txt` pages in the
/// text form (as copied from the web).
pub fn read_tree(dir: &Path) -> Result<Vec<TreePage>, Error> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|source| Error::Io {
            path: d.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rst" || e == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|source| Error::Io {
                path: p.clone(),
                source,
            })?;
            let rel = p.strip_prefix(dir).unwrap_or(&p);
            Ok(TreePage {
                path: rel.to_string_lossy().replace('\\', "/"),
                bytes,
            })
        })
        .collect()
}

/// The text of a page: UTF-8, or (with a warning at the first bad byte's line) the text
/// with each bad sequence replaced.
pub(super) fn page_text(page: &TreePage, warnings: &mut Warnings) -> String {
    match std::str::from_utf8(&page.bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_owned(),
        Err(e) => {
            let line = page.bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            warnings.push(Warning::unreadable(
                &page.path,
                line,
                "the page is not UTF-8: bytes that are not were replaced by U+FFFD",
            ));
            String::from_utf8_lossy(&page.bytes).into_owned()
        }
    }
}
