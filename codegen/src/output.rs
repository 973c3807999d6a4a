//! Stage 4: tokens to formatted source (syn + prettyplease), and writing it only when the
//! bytes changed so that unchanged output never triggers a rebuild.

use std::io;
use std::path::Path;

use crate::emit::{self, EmitOptions, Part};
use crate::model::Service;

/// The first line of every generated file.
pub const GENERATED_MARKER: &str = "// @generated";

/// Emits and formats the file for `service`, with the `@generated` header naming
/// `spec_name`. The pieces (a few dozen schemas or operations each) are emitted and
/// formatted on all cores, then joined in order: the output does not depend on the
/// number of threads.
pub fn render(service: &Service, options: &EmitOptions, spec_name: &str) -> Result<String, String> {
    let parts = emit::parts(service, options);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(parts.len() / 4 + 1);
    let mut texts: Vec<Option<Result<String, String>>> = vec![None; parts.len()];
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let parts = &parts;
                scope.spawn(move || {
                    parts
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, part)| (i, format_part(service, options, part)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done.into_iter().for_each(|(i, text)| texts[i] = Some(text)),
                Err(_) => texts.push(Some(Err("a formatting thread panicked".to_owned()))),
            }
        }
    });
    let mut out = format!(
        "{GENERATED_MARKER} by hwcloud-codegen {} from `{spec_name}`.\n// Do not edit: change the spec and build again.\n\n",
        env!("CARGO_PKG_VERSION"),
    );
    for (part, text) in parts.iter().zip(texts) {
        match part {
            Part::ModuleStart(doc, name) => out.push_str(&format!("///{doc}\npub mod {name} {{\n")),
            Part::ModuleEnd => out.push_str("}\n"),
            _ => out.push_str(&text.unwrap_or_else(|| Err("a part was not formatted".to_owned()))?),
        }
    }
    Ok(out)
}

/// Emits one part and formats it; items of a module are formatted inside a stand-in
/// module so they get the indentation and line breaks they have in the real one.
fn format_part(service: &Service, options: &EmitOptions, part: &Part) -> Result<String, String> {
    let tokens = emit::emit_part(service, options, part);
    if tokens.is_empty() {
        return Ok(String::new());
    }
    let wrapped = if part.nested() {
        quote::quote!(mod __part { #tokens })
    } else {
        tokens
    };
    let file: syn::File =
        syn::parse2(wrapped).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    if !part.nested() {
        return Ok(text);
    }
    let inner = text
        .strip_prefix("mod __part {\n")
        .and_then(|t| t.strip_suffix("}\n"))
        .ok_or_else(|| format!("unexpected formatting of a module part: {text:.80}"))?;
    Ok(inner.to_owned())
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
}
