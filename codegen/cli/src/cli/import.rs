//! `hwcloud-codegen import PAGE... [--into SPEC] [-o OUT|-] [--id PAGE=ID] [--lenient]`, or
//! `hwcloud-codegen import DIR --service NAME [--into SPEC] [--sdk FACTS] [--fixes FILE] [-o OUT|-] [--id PAGE=ID] [--strict]`
//! for a whole reference tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;
use hwcloud_codegen::Error;
use hwcloud_codegen::diagnostics::{FileDiagnostics, render_human};
use hwcloud_codegen_tools::import::{self, ImportOptions, PageText};
use hwcloud_spec::files::display_name;

/// Arguments of `import`.
#[derive(Args)]
pub struct ImportArgs {
    /// API reference pages in their text form, one operation each; or, with `--service`,
    /// one directory holding a reStructuredText API reference tree.
    #[arg(required = true)]
    pages: Vec<PathBuf>,
    /// Import the directory as a whole tree into a complete spec for this service.
    #[arg(long)]
    service: Option<String>,
    /// Merge into this service spec: same-id operations are replaced, everything else kept.
    /// With `--service`: import the tree into this spec, keeping its operation ids, schema
    /// names and groups, then merge it: every operation and schema the tree documents is the
    /// tree's (the spec keeps only `rust_name`, `sensitive`, `range`, a body's `content_type`,
    /// and its `service` section); an operation the tree no longer documents is kept, with a
    /// warning; unchanged entries keep their text and comments. Corrections that must
    /// survive a re-import belong in `--fixes`.
    #[arg(long)]
    into: Option<PathBuf>,
    /// With `--service`: official SDK facts (a `<service>.json` file, or a directory of them)
    /// whose operation names the import uses. Default: the directory in
    /// `HWCLOUD_CODEGEN_SDK_FACTS`, when set and it has facts for the service.
    #[arg(long, value_name = "FACTS")]
    sdk: Option<PathBuf>,
    /// With `--service`: a fixes file, corrections to the docs applied after the import.
    #[arg(long, value_name = "FILE")]
    fixes: Option<PathBuf>,
    /// Where to write (`-` for stdout). Default: the `--into` spec itself, else stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The operation id of a page whose SDK sample does not name it. With `--service`: the
    /// id of a page of the tree (its path relative to the tree, or a file name only one page
    /// has), which wins over the spec's, the SDK's and the importer's names.
    #[arg(long = "id", value_name = "PAGE=ID")]
    ids: Vec<String>,
    /// Fail on what cannot be read: a page part the importer cannot read (a truncated
    /// table, a second URI, an unknown type, an object no table or example describes, an
    /// example that is not JSON, bytes that are not UTF-8) is an error, and nothing is
    /// written. The default for pages; with `--service`, the default is `--lenient`.
    #[arg(long, conflicts_with = "lenient")]
    strict: bool,
    /// Import what can be read: a page part the importer cannot read is a warning at its
    /// line and the rest is imported; a page that gives no operation (no URI, no id, no
    /// response) is skipped with a warning. The default with `--service`.
    #[arg(long)]
    lenient: bool,
}

/// Imports the pages; `Ok(false)` when the merged spec would not pass `check` (nothing is
/// written then).
pub fn run(args: &ImportArgs) -> Result<bool, Error> {
    if let Some(service) = &args.service {
        return tree(args, service);
    }
    let mut pages = Vec::new();
    for path in &args.pages {
        pages.push(PageText {
            name: display_name(path),
            text: super::read(path)?,
        });
    }
    let target = match &args.into {
        Some(path) => Some((display_name(path), super::read(path)?)),
        None => None,
    };
    let mut options = match &target {
        Some((name, text)) => match serde_yaml::from_str::<serde_yaml::Value>(text) {
            Ok(v) => ImportOptions::knowing(&v),
            Err(_) => return Err(Error::Spec(vec![hwcloud_codegen::check(name, text)])),
        },
        None => ImportOptions::default(),
    };
    options.ids = ids(&args.ids, &args.pages)?;
    if args.lenient {
        options.strictness = import::Strictness::Lenient;
    }
    let imported = import::import_pages(&pages, &options)?;
    report(&imported.warnings);
    let (text, check) = match &target {
        Some((name, text)) => {
            let merged = import::merge(name, text, &imported)?;
            for note in &merged.notes {
                eprintln!("{note}");
            }
            let check = hwcloud_codegen::check(name, &merged.text);
            (merged.text, check)
        }
        None => (imported.to_yaml()?, imported.validate()?),
    };
    if check.has_errors() {
        eprint!(
            "{}",
            render_human(std::slice::from_ref(&check), super::color())
        );
        eprintln!("error: the result does not pass `hwcloud-codegen check`; nothing was written");
        return Ok(false);
    }
    let (_, warnings) = check.counts();
    if warnings > 0 {
        eprintln!(
            "note: the result passes `check` with {warnings} warning(s); run `hwcloud-codegen check` to see them"
        );
    }
    if let Some(p) = write(args, &text)? {
        eprintln!(
            "wrote {} ({} operation(s) imported)",
            p.display(),
            imported.operations.len()
        );
    }
    Ok(true)
}

/// Writes the import's result to `-o`, else to the `--into` spec, else to stdout (`-o -`
/// too); the file written, if any.
fn write<'a>(args: &'a ImportArgs, text: &str) -> Result<Option<&'a Path>, Error> {
    match args.output.as_deref().or(args.into.as_deref()) {
        None => print!("{text}"),
        Some(p) if p == Path::new("-") => print!("{text}"),
        Some(p) => {
            std::fs::write(p, text).map_err(|source| Error::Io {
                path: p.to_owned(),
                source,
            })?;
            return Ok(Some(p));
        }
    }
    Ok(None)
}

fn report(warnings: &[FileDiagnostics]) {
    if !warnings.is_empty() {
        eprint!("{}", render_human(warnings, super::color()));
    }
}

/// `PAGE=ID` arguments keyed by the pages' display names; `PAGE` may be the path as given
/// or just the file name.
fn ids(raw: &[String], pages: &[PathBuf]) -> Result<BTreeMap<String, String>, Error> {
    let mut out = BTreeMap::new();
    for (item, (page, id)) in raw.iter().zip(id_pairs(raw)?) {
        let found = pages.iter().find(|p| {
            p.as_path() == Path::new(&page) || p.file_name().is_some_and(|f| *f == *page)
        });
        let Some(path) = found else {
            return Err(Error::Config {
                message: format!("`--id {item}`: `{page}` is not one of the pages to import"),
            });
        };
        out.insert(display_name(path), id);
    }
    Ok(out)
}

/// `PAGE=ID` arguments split, in order.
fn id_pairs(raw: &[String]) -> Result<Vec<(String, String)>, Error> {
    raw.iter()
        .map(|item| match item.split_once('=') {
            Some((page, id)) => Ok((page.to_owned(), id.to_owned())),
            None => Err(Error::Config {
                message: format!("`--id {item}`: write `--id <page>=<OperationId>`"),
            }),
        })
        .collect()
}

/// `import DIR --service NAME`: the library imports (and, with `--into`, merges); this
/// prints the warnings, the summary and the merge notes, and writes the result (to `-o`,
/// else the `--into` spec, else stdout).
fn tree(args: &ImportArgs, service: &str) -> Result<bool, Error> {
    let [dir] = args.pages.as_slice() else {
        return Err(Error::Config {
            message: "`--service` imports one directory: give exactly one".to_owned(),
        });
    };
    let mut options = import::tree::TreeOptions::default();
    match (&args.sdk, std::env::var_os("HWCLOUD_CODEGEN_SDK_FACTS")) {
        (Some(path), _) => {
            options = options.with_sdk(import::tree::SdkFacts::locate(path, service)?)
        }
        (None, Some(dir)) => {
            if let Some(facts) = import::tree::SdkFacts::find(Path::new(&dir), service)? {
                options = options.with_sdk(facts);
            }
        }
        (None, None) => {}
    }
    let mut files: Vec<(String, String)> = Vec::new();
    if let Some(path) = &args.fixes {
        let (name, text) = (display_name(path), super::read(path)?);
        options = options.with_fixes(import::tree::Fixes::parse(&name, &text)?);
        files.push((name, text));
    }
    let target = match &args.into {
        Some(path) => Some((display_name(path), super::read(path)?)),
        None => None,
    };
    if let Some((name, text)) = &target {
        options = options.into_spec(name, text)?;
    }
    if args.strict {
        options = options.with_strictness(import::Strictness::Strict);
    }
    let pages = import::tree::read_tree(dir)?;
    options = options.with_ids(&pages, &id_pairs(&args.ids)?)?;
    let imported = import::tree::import_tree_with(&pages, service, &options);
    if !imported.warnings.is_empty() {
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        report(&imported.diagnostics(&pages, &files));
    }
    eprintln!("{}", imported.summary);
    if let Some(problem) = imported.problem() {
        eprintln!("error: {}: {problem}; nothing was written", dir.display());
        return Ok(false);
    }
    let text = match &target {
        Some((name, text)) => {
            let merged = import::merge(name, text, &imported)?;
            for note in &merged.notes {
                eprintln!("{note}");
            }
            // The tree's own spec was checked as it was imported: only what the merge kept
            // of the spec can make it fail. Errors are located only when there are some.
            let fails = merged.text != imported.yaml
                && hwcloud_spec::pipeline::problems(&merged.text)
                    .iter()
                    .any(|d| d.is_error());
            if fails {
                report(&[hwcloud_codegen::check(name, &merged.text)]);
                eprintln!(
                    "error: the merged spec does not pass `hwcloud-codegen check`; nothing was written"
                );
                return Ok(false);
            }
            merged.text
        }
        None => imported.yaml,
    };
    if let Some(p) = write(args, &text)? {
        eprintln!("wrote {}", p.display());
    }
    Ok(!text.is_empty())
}
