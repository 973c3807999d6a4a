//! Stage 4: tokens to formatted source (syn + prettyplease), and writing it only when the
//! bytes changed so that unchanged output never triggers a rebuild.

use std::io;
use std::path::Path;

use proc_macro2::TokenStream;

/// The first line of every generated file.
pub const GENERATED_MARKER: &str = "// @generated";

/// Formats `tokens` as a Rust file with the `@generated` header naming `spec_name`.
pub fn format_source(tokens: TokenStream, spec_name: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    let body = prettyplease::unparse(&file);
    Ok(format!(
        "{GENERATED_MARKER} by hwcloud-codegen {} from `{spec_name}`.\n// Do not edit: change the spec and build again.\n\n{body}",
        env!("CARGO_PKG_VERSION"),
    ))
}

/// Writes `contents` to `path` unless the file already holds exactly these bytes.
/// Returns whether the file was written.
pub fn write_if_changed(path: &Path, contents: &str) -> io::Result<bool> {
    match std::fs::read(path) {
        Ok(existing) if existing == contents.as_bytes() => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_when_bytes_change() {
        let dir =
            std::env::temp_dir().join(format!("hwcloud-codegen-write-{}", std::process::id()));
        let path = dir.join("nested/out.rs");
        assert!(write_if_changed(&path, "a").unwrap());
        assert!(!write_if_changed(&path, "a").unwrap());
        assert!(write_if_changed(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn reports_unparsable_tokens_instead_of_panicking() {
        let bad: TokenStream = "struct ;".parse().unwrap();
        assert!(format_source(bad, "x.yaml").is_err());
    }
}
