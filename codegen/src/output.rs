//! Stage 4: tokens to formatted source (syn + prettyplease), and writing it only when the
//! bytes changed so that unchanged output never triggers a rebuild.

use std::io;
use std::path::Path;

use crate::emit::{self, Block, EmitOptions, Piece};
use crate::model::Service;

/// The first line of every generated file.
pub const GENERATED_MARKER: &str = "// @generated";

/// The formatted output for one spec: the main file, and (with split files) the files it
/// includes by name from its own directory.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The main file.
    pub code: String,
    /// The included files: name (beside the main file) and text.
    pub files: Vec<(String, String)>,
}

/// Emits and formats the files for `service`, each with the `@generated` header naming
/// `spec_name`. The pieces (a few dozen schemas or operations each, or one group's file) are
/// emitted and formatted on several threads (see [`formatting_threads`]), then joined in
/// order: the output does not depend on the number of threads.
pub fn render(
    service: &Service,
    options: &EmitOptions,
    spec_name: &str,
) -> Result<Rendered, String> {
    let files = emit::files(service, options);
    // Every piece in output order, with whether it sits in a module (formatted indented);
    // an included file's items are at the top level of their own file.
    let mut parts: Vec<(&Piece, bool)> = Vec::new();
    collect_pieces(&files.main, false, &mut parts);
    parts.extend(files.included.iter().map(|f| (&f.piece, false)));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let threads = formatting_threads(parts.len(), cores, build_script_jobs());
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
                        .map(|(i, (piece, nested))| {
                            (i, format_piece(service, options, piece, *nested))
                        })
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
    let header = format!(
        "{GENERATED_MARKER} by hwcloud-codegen {} from `{spec_name}`.\n// Do not edit: change the spec and build again.\n\n",
        env!("CARGO_PKG_VERSION"),
    );
    let mut texts = texts
        .into_iter()
        .map(|text| text.unwrap_or_else(|| Err("a part was not formatted".to_owned())));
    let mut code = header.clone();
    join_blocks(&files.main, &mut texts, &mut code)?;
    let mut included = Vec::with_capacity(files.included.len());
    for file in files.included {
        let text = texts
            .next()
            .unwrap_or_else(|| Err("a file was not formatted".to_owned()))?;
        included.push((file.name, format!("{header}{text}")));
    }
    Ok(Rendered {
        code,
        files: included,
    })
}

/// The pieces of `blocks` in order, each with whether it is inside a module.
fn collect_pieces<'a>(blocks: &'a [Block], nested: bool, out: &mut Vec<(&'a Piece, bool)>) {
    for block in blocks {
        match block {
            Block::Items(piece) => out.push((piece, nested)),
            Block::Module { blocks, .. } => collect_pieces(blocks, true, out),
        }
    }
}

/// Appends `blocks` to `code`: each piece's text (the next of `texts`, in the order of
/// [`collect_pieces`]) and each module around its own.
fn join_blocks(
    blocks: &[Block],
    texts: &mut impl Iterator<Item = Result<String, String>>,
    code: &mut String,
) -> Result<(), String> {
    for block in blocks {
        match block {
            Block::Items(_) => code.push_str(
                &texts
                    .next()
                    .unwrap_or_else(|| Err("a part was not formatted".to_owned()))?,
            ),
            Block::Module { doc, name, blocks } => {
                code.push_str(&module_opening(doc, name)?);
                join_blocks(blocks, texts, code)?;
                code.push_str("}\n");
            }
        }
    }
    Ok(())
}

/// The formatted opening of a module (its doc, `pub mod <name> {`), from its tokens.
fn module_opening(doc: &str, name: &str) -> Result<String, String> {
    let name = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
    let file: syn::File = syn::parse2(quote::quote!(#[doc = #doc] pub mod #name {}))
        .map_err(|e| format!("a module opening does not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    text.strip_suffix("{}\n")
        .map(|opening| format!("{opening}{{\n"))
        .ok_or_else(|| format!("unexpected formatting of a module: {text:.80}"))
}

/// How many threads format `parts` pieces: one per four pieces, at most one per core, and
/// in a build script at most cargo's job count (`jobs`), since cargo runs other jobs
/// beside it.
fn formatting_threads(parts: usize, cores: usize, jobs: Option<usize>) -> usize {
    let limit = jobs.map_or(cores, |jobs| jobs.min(cores));
    limit.min(parts / 4 + 1).max(1)
}

/// The `NUM_JOBS` cargo gives a build script (`-j`, by default the number of cores);
/// `None` outside a build script (cargo sets `NUM_JOBS` only together with `OUT_DIR`)
/// or when it is not a positive number.
fn build_script_jobs() -> Option<usize> {
    let in_build_script = std::env::var_os("OUT_DIR").is_some();
    cargo_jobs(in_build_script, std::env::var("NUM_JOBS").ok().as_deref())
}

/// [`build_script_jobs`] without the environment: `NUM_JOBS` as a positive number, and
/// only inside a build script.
fn cargo_jobs(in_build_script: bool, num_jobs: Option<&str>) -> Option<usize> {
    let jobs: usize = num_jobs?.trim().parse().ok()?;
    (in_build_script && jobs > 0).then_some(jobs)
}

/// Emits one piece and formats it; items of a module (`nested`) are formatted inside a
/// stand-in module so they get the indentation and line breaks they have in the real one.
fn format_piece(
    service: &Service,
    options: &EmitOptions,
    piece: &Piece,
    nested: bool,
) -> Result<String, String> {
    let tokens = emit::emit_piece(service, options, piece);
    if tokens.is_empty() {
        return Ok(String::new());
    }
    let wrapped = if nested {
        quote::quote!(mod __part { #tokens })
    } else {
        tokens
    };
    let file: syn::File =
        syn::parse2(wrapped).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    let text = prettyplease::unparse(&file);
    if !nested {
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
    fn threads_follow_the_parts_and_the_cores_outside_build_scripts() {
        assert_eq!(formatting_threads(0, 8, None), 1);
        assert_eq!(formatting_threads(3, 8, None), 1);
        assert_eq!(formatting_threads(12, 8, None), 4);
        assert_eq!(formatting_threads(400, 8, None), 8);
        assert_eq!(formatting_threads(400, 1, None), 1);
    }

    #[test]
    fn build_scripts_start_no_more_threads_than_cargo_jobs() {
        assert_eq!(formatting_threads(400, 8, Some(2)), 2);
        assert_eq!(formatting_threads(400, 8, Some(1)), 1);
        // More jobs than cores: the cores still bound it.
        assert_eq!(formatting_threads(400, 4, Some(16)), 4);
        // Few parts: fewer threads than jobs.
        assert_eq!(formatting_threads(7, 8, Some(6)), 2);
    }

    #[test]
    fn num_jobs_counts_only_in_build_scripts_and_when_it_is_a_positive_number() {
        assert_eq!(cargo_jobs(true, Some("2")), Some(2));
        assert_eq!(cargo_jobs(true, Some(" 16\n")), Some(16));
        assert_eq!(cargo_jobs(false, Some("2")), None);
        assert_eq!(cargo_jobs(true, None), None);
        assert_eq!(cargo_jobs(true, Some("0")), None);
        assert_eq!(cargo_jobs(true, Some("-j4")), None);
    }

    #[test]
    fn a_module_opening_is_formatted_from_tokens_whatever_its_doc_holds() {
        assert_eq!(
            module_opening(" Inputs of Demo.", "requests").unwrap(),
            "/// Inputs of Demo.\npub mod requests {\n"
        );
        // A line break in the doc cannot end the comment and start code.
        let opening = module_opening(" a\n}\nfn injected() {", "types").unwrap();
        let file: syn::File = syn::parse_str(&format!("{opening}}}\n")).unwrap();
        assert_eq!(file.items.len(), 1, "{opening}");
    }

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
