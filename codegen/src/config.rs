//! The library entry point for build scripts, in the spirit of `prost-build`:
//! a small [`Config`] builder and one call for the usual case.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::{FileDiagnostics, Segment};
use crate::error::Error;
use crate::files::{display_name, spec_files_in};
use crate::{emit, output, pipeline};

/// Options for generating clients. `Config::new().compile(&["spec"])` covers the usual case
/// in a `build.rs`.
#[derive(Debug, Clone)]
pub struct Config {
    runtime_crate: String,
    example_tests: bool,
    blocking_feature: Option<String>,
    out_dir: Option<PathBuf>,
    cargo_directives: bool,
    cargo_warnings: bool,
    only_operations: Option<Vec<String>>,
    group_features: bool,
    features_manifest: Option<PathBuf>,
    split_files: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self::new()
    }
}

/// The generated code of one spec, with what users of the generator need to report on it:
/// a main file and the files it includes beside it (see [`Generated::files`]), or one
/// self-contained file with [`Config::split_files`]`(false)`. The model it was generated
/// from stays inside the generator.
#[derive(Debug, Clone)]
pub struct Generated {
    module: String,
    code: String,
    files: Vec<(String, String)>,
    warnings: FileDiagnostics,
    operations: usize,
    schemas: usize,
    gates: Option<std::sync::Arc<crate::groups::Gates>>,
}

impl Generated {
    /// The service's module name; [`Config::compile`] writes the code as `<module>.rs`.
    pub fn module(&self) -> &str {
        &self.module
    }

    /// The formatted Rust source of the main file.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The formatted Rust source of the main file, taken out.
    pub fn into_code(self) -> String {
        self.code
    }

    /// The files the main file includes, as name and text: the items in chunks of a few
    /// dozen, or with [`Config::group_features`] per resource group and kind
    /// (`vpc.subnet.requests.rs`), each included by name relative to the main file's own
    /// directory (`include!("vpc.requests.0.rs");`), so they belong beside it, as
    /// [`Generated::write_to`] puts them. A crate built without a group never reads that
    /// group's files. Empty with [`Config::split_files`]`(false)`.
    ///
    /// Why files: rustc type-checks again every item that an edit moves, and in one file
    /// a spec change moves everything after it; in files, only what shares the changed file.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
    }

    /// How the spec is named in messages and in the `@generated` header.
    pub fn spec_name(&self) -> &str {
        &self.warnings.file
    }

    /// How many operations the code has (all of the spec's, or the chosen ones with
    /// [`Config::only_operations`]).
    pub fn operation_count(&self) -> usize {
        self.operations
    }

    /// How many schemas (structs, enums, aliases) the code has.
    pub fn schema_count(&self) -> usize {
        self.schemas
    }

    /// The spec's warnings (never errors: those fail the generation), with the spec text
    /// they point into; [`diagnostics::render_human`](crate::diagnostics::render_human)
    /// shows them.
    pub fn warnings(&self) -> &FileDiagnostics {
        &self.warnings
    }

    /// The warnings a build shows, at most three of each kind (code) in document order, and
    /// how many more of each kind there are (by code, only those with more), so that one
    /// recurring gap does not flood every build: [`Config::compile`] prints them as
    /// `cargo:warning` lines, the `hwcloud-codegen generate` command renders them.
    /// `hwcloud-codegen check` lists them all.
    pub fn warnings_shown(&self) -> (FileDiagnostics, Vec<(&'static str, usize)>) {
        let mut per_code = std::collections::BTreeMap::<&'static str, usize>::new();
        let mut shown = FileDiagnostics {
            file: self.warnings.file.clone(),
            source: self.warnings.source.clone(),
            diagnostics: Vec::new(),
        };
        for w in &self.warnings.diagnostics {
            let seen = per_code.entry(w.code).or_default();
            *seen += 1;
            if *seen <= WARNINGS_PER_CODE {
                shown.diagnostics.push(w.clone());
            }
        }
        let more = per_code
            .into_iter()
            .filter(|(_, count)| *count > WARNINGS_PER_CODE)
            .map(|(code, count)| (code, count - WARNINGS_PER_CODE))
            .collect();
        (shown, more)
    }

    /// Writes the code to `path` (creating its directory), and the [included
    /// files](Generated::files) beside it, each unless the file already holds
    /// exactly these bytes, so that unchanged output never triggers a rebuild. Returns
    /// whether any file was written.
    pub fn write_to(&self, path: impl AsRef<Path>) -> Result<bool, Error> {
        let path = path.as_ref();
        let write = |path: &Path, text: &str| {
            output::write_if_changed(path, text).map_err(|source| Error::Io {
                path: path.to_owned(),
                source,
            })
        };
        let mut written = write(path, &self.code)?;
        for (name, text) in &self.files {
            written |= write(&path.with_file_name(name), text)?;
        }
        Ok(written)
    }
}

impl Config {
    /// Defaults: runtime at `::hwcloud_runtime`, example tests on, output to `$OUT_DIR`,
    /// cargo directives printed when running inside a build script.
    pub fn new() -> Self {
        Self {
            runtime_crate: "::hwcloud_runtime".to_owned(),
            example_tests: true,
            blocking_feature: None,
            out_dir: None,
            cargo_directives: std::env::var_os("CARGO_MANIFEST_DIR").is_some()
                && std::env::var_os("OUT_DIR").is_some(),
            cargo_warnings: true,
            only_operations: None,
            group_features: false,
            features_manifest: std::env::var_os("OUT_DIR").and_then(|_| {
                std::env::var_os("CARGO_MANIFEST_DIR")
                    .map(|dir| PathBuf::from(dir).join("Cargo.toml"))
            }),
            split_files: true,
        }
    }

    /// The path generated code uses to reach the runtime crate (default `::hwcloud_runtime`),
    /// for crates that rename or re-export it.
    pub fn runtime_crate(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_crate = path.into();
        self
    }

    /// Whether to put the items in files beside the main one, which includes them (default
    /// on; see [`Generated::files`]): after a spec change, rustc then type-checks again
    /// the items of the changed files only. Off, the code is one self-contained file, for
    /// reading or for printing; with group features every item then carries its groups'
    /// `cfg`, and rustc parses the whole file whatever the features.
    pub fn split_files(&mut self, enabled: bool) -> &mut Self {
        self.split_files = enabled;
        self
    }

    /// Whether to emit a `#[cfg(test)]` module checking every documented example (default on).
    pub fn example_tests(&mut self, enabled: bool) -> &mut Self {
        self.example_tests = enabled;
        self
    }

    /// Also emit a `blocking` module (a `Client` with one synchronous method per operation,
    /// over `hwcloud_runtime::blocking`) under `#[cfg(feature = "<feature>")]` (default:
    /// none). The crate must declare that feature and enable `hwcloud-runtime/blocking`
    /// with it, e.g. `blocking = ["hwcloud-runtime/blocking"]`; a crate that does not
    /// declare it would get `unexpected_cfgs` warnings, hence opt-in.
    pub fn blocking_feature(&mut self, feature: impl Into<String>) -> &mut Self {
        self.blocking_feature = Some(feature.into());
        self
    }

    /// Compile each resource group (the operations' `group` in the spec) with a cargo
    /// feature of its own (default off: everything is always compiled). Operations, their
    /// request inputs and client methods are behind their group's feature; a schema is
    /// behind the features of the groups whose operations reach it. With a group's feature
    /// disabled, calling one of its methods is a compile error naming the feature. The
    /// crate must declare the features: [`Config::compile`] checks its `Cargo.toml`
    /// (see [`Config::features_manifest`]) and fails with the `[features]` lines to paste
    /// when one is missing; `hwcloud-codegen features <spec>` prints them.
    pub fn group_features(&mut self, enabled: bool) -> &mut Self {
        self.group_features = enabled;
        self
    }

    /// The `Cargo.toml` that [`Config::compile`] checks for the group features (default:
    /// the package's, inside a build script; none elsewhere).
    pub fn features_manifest(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.features_manifest = Some(path.into());
        self
    }

    /// Where [`Config::compile`] writes files (default: `$OUT_DIR`).
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` and `cargo:warning` lines (default: only
    /// inside a build script).
    pub fn cargo_directives(&mut self, enabled: bool) -> &mut Self {
        self.cargo_directives = enabled;
        self
    }

    /// Whether spec warnings are shown as `cargo:warning` lines (default on); for specs
    /// whose warnings are intended, such as test fixtures.
    pub fn cargo_warnings(&mut self, enabled: bool) -> &mut Self {
        self.cargo_warnings = enabled;
        self
    }

    /// Generates only these operations (by operation id, e.g. `ResetUserPassword`, or
    /// client method name, e.g. `reset_user_password`) and the schemas they reach, instead
    /// of the whole service: a program that calls a few operations of a large service
    /// compiles a small crate (`cargo check` time and memory follow the number of items).
    /// A name the spec does not have is an error naming it, with the closest id as a
    /// suggestion; so is an empty list. Applies to every spec generated with this `Config`.
    pub fn only_operations<I, S>(&mut self, ids: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.only_operations = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// The runtime path, checked to be a Rust path.
    fn runtime_path(&self) -> Result<String, Error> {
        let path: syn::Path = syn::parse_str(&self.runtime_crate).map_err(|e| Error::Config {
            message: format!("`{}` is not a Rust path: {e}", self.runtime_crate),
        })?;
        Ok(quote::quote!(#path).to_string())
    }

    /// Generates code from spec text held in memory; `name` is how the file is called in
    /// messages and in the `@generated` header.
    pub fn generate_source(&self, name: &str, text: &str) -> Result<Generated, Error> {
        let options = emit::EmitOptions {
            runtime: self.runtime_path()?,
            example_tests: self.example_tests,
            blocking_feature: self.blocking_feature.clone(),
            gates: None,
            split_files: self.split_files,
        };
        let mut options = options;
        let (mut service, mut warnings) =
            pipeline::resolve(name, text).map_err(|d| Error::Spec(vec![d]))?;
        if let Some(ids) = &self.only_operations {
            crate::select::only_operations(&mut service, ids).map_err(|message| Error::Config {
                message: format!("{name}: {message}"),
            })?;
            // Warnings about operations that are not generated are not this build's.
            warnings
                .diagnostics
                .retain(|d| match d.path.segments().as_slice() {
                    [Segment::Key(ops), Segment::Key(id), ..] if ops == "operations" => {
                        service.operations.iter().any(|o| &o.id == id)
                    }
                    _ => true,
                });
        }
        if self.group_features {
            options.gates = Some(std::sync::Arc::new(crate::groups::Gates::of(&service)));
        }
        let rendered = output::render(&service, &options, name)
            .map_err(|message| Error::Internal { message })?;
        Ok(Generated {
            module: service.module.clone(),
            code: rendered.code,
            files: rendered.files,
            warnings,
            operations: service.operations.len(),
            schemas: service.schemas.len(),
            gates: options.gates.clone(),
        })
    }

    /// Generates code from one spec file.
    pub fn generate_file(&self, spec: &Path) -> Result<Generated, Error> {
        let text = std::fs::read_to_string(spec).map_err(|source| Error::Io {
            path: spec.to_owned(),
            source,
        })?;
        self.generate_source(&display_name(spec), &text)
    }

    /// Generates `<module>.rs` for every spec in `specs` (files, or directories whose
    /// `*.yaml` files are all read) into the output directory, writing only files whose
    /// bytes changed. In a build script it prints `cargo:rerun-if-changed` for each file read
    /// (and each directory listed, so new specs are noticed) and each warning as
    /// `cargo:warning`. All problems of all specs are reported together. Returns the paths
    /// of the generated files, whether or not their bytes changed.
    pub fn compile(&self, specs: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, Error> {
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::Config {
                    message:
                        "OUT_DIR is not set: call `out_dir` when not running in a build script"
                            .to_owned(),
                })?,
        };
        let mut written = Vec::new();
        for g in self.generate(specs)? {
            self.print_warnings(&g);
            let path = out_dir.join(format!("{}.rs", g.module));
            g.write_to(&path)?;
            written.push(path);
        }
        Ok(written)
    }

    /// Generates every spec in `specs` (files, or directories whose `*.yaml` files are all
    /// read) as [`Config::compile`] does, with the same checks, and returns the code instead
    /// of writing it (for a tool that reports on each file, as the `hwcloud-codegen`
    /// command does): all problems of all specs together, a module name declared by two
    /// specs, and with [`Config::group_features`] a [manifest](Config::features_manifest)
    /// that lacks a group's feature, are errors. Prints the same `cargo:rerun-if-changed`
    /// lines as `compile`, and no warnings.
    pub fn generate(&self, specs: &[impl AsRef<Path>]) -> Result<Vec<Generated>, Error> {
        let files = self.spec_files(specs)?;
        let mut failures = Vec::new();
        let mut generated = Vec::new();
        for file in &files {
            match self.generate_file(file) {
                Ok(g) => generated.push(g),
                Err(Error::Spec(mut d)) => failures.append(&mut d),
                Err(other) => return Err(other),
            }
        }
        if !failures.is_empty() {
            return Err(Error::Spec(failures));
        }
        let mut modules = std::collections::BTreeMap::new();
        for g in &generated {
            if let Some(previous) = modules.insert(&g.module, &g.warnings.file) {
                return Err(Error::Config {
                    message: format!(
                        "`{previous}` and `{}` both declare module `{}`; module names must differ",
                        g.warnings.file, g.module
                    ),
                });
            }
        }
        if self.group_features
            && let Some(manifest) = &self.features_manifest
        {
            self.directive(&format!("cargo:rerun-if-changed={}", manifest.display()));
            let text = std::fs::read_to_string(manifest).map_err(|source| Error::Io {
                path: manifest.clone(),
                source,
            })?;
            for (g, gates) in generated
                .iter()
                .filter_map(|g| g.gates.as_ref().map(|gates| (g, gates)))
            {
                crate::groups::check_manifest(&text, &g.module, gates).map_err(|message| {
                    Error::Config {
                        message: format!("{}: {message}", manifest.display()),
                    }
                })?;
            }
        }
        Ok(generated)
    }

    fn spec_files(&self, specs: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, Error> {
        let mut files = Vec::new();
        for spec in specs {
            let spec = spec.as_ref();
            if spec.is_dir() {
                self.directive(&format!("cargo:rerun-if-changed={}", spec.display()));
                let mut found = spec_files_in(spec)?;
                if found.is_empty() {
                    return Err(Error::Config {
                        message: format!("`{}` holds no `.yaml` spec files", spec.display()),
                    });
                }
                files.append(&mut found);
            } else {
                files.push(spec.to_owned());
            }
        }
        for f in &files {
            self.directive(&format!("cargo:rerun-if-changed={}", f.display()));
        }
        Ok(files)
    }

    fn directive(&self, line: &str) {
        if self.cargo_directives {
            let _ = writeln!(std::io::stdout(), "{line}");
        }
    }

    /// Prints the [warnings a build shows](Generated::warnings_shown) as `cargo:warning`
    /// lines, so that one recurring gap does not flood every build.
    fn print_warnings(&self, generated: &Generated) {
        if !self.cargo_warnings {
            return;
        }
        let (shown, more) = generated.warnings_shown();
        for w in &shown.diagnostics {
            let line = w
                .position
                .map(|p| format!(":{}:{}", p.line, p.column))
                .unwrap_or_default();
            self.directive(&format!(
                "cargo:warning={}{line}: {} [{}] (at {})",
                shown.file, w.message, w.code, w.path
            ));
        }
        for (code, count) in more {
            self.directive(&format!(
                "cargo:warning={}: {count} more [{code}] warnings; `hwcloud-codegen check {}` lists them all",
                shown.file, shown.file
            ));
        }
    }
}

/// How many warnings of one kind a build shows before summarizing the rest.
const WARNINGS_PER_CODE: usize = 3;

/// Generates clients for `specs` (files, or directories of `*.yaml`) with the default
/// [`Config`] into `$OUT_DIR`: the one call a `build.rs` needs. Returns the paths of the
/// generated files, whether or not their bytes changed.
pub fn compile(specs: &[impl AsRef<Path>]) -> Result<Vec<PathBuf>, Error> {
    Config::new().compile(specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six `name-collision` warnings.
    const COLLISIONS: &str = include_str!("../../tests/fixtures/specs/collisions.yaml");

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "hwcloud-codegen-config-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        dir
    }

    #[test]
    fn a_build_shows_three_warnings_of_a_kind_and_counts_the_rest() {
        let g = Config::new()
            .cargo_directives(false)
            .generate_source("collisions.yaml", COLLISIONS)
            .expect("the spec generates");
        assert_eq!(g.warnings().diagnostics.len(), 6);
        let (shown, more) = g.warnings_shown();
        assert_eq!(shown.file, "collisions.yaml");
        assert_eq!(shown.diagnostics, g.warnings().diagnostics[..3]);
        assert_eq!(more, [("name-collision", 3)]);
    }

    #[test]
    fn two_specs_of_one_module_are_refused_before_anything_is_written() {
        let dir = scratch("twins");
        let specs = dir.join("specs");
        std::fs::create_dir_all(&specs).expect("the specs directory");
        for name in ["a.yaml", "b.yaml"] {
            std::fs::write(specs.join(name), COLLISIONS).expect("a spec");
        }
        let out = dir.join("out");
        let mut config = Config::new();
        config.cargo_directives(false).out_dir(&out);
        let Err(Error::Config { message }) = config.generate(&[&specs]) else {
            panic!("two specs declaring one module must be refused");
        };
        assert!(
            message.starts_with("`a.yaml` and `b.yaml` both declare module `collisions`"),
            "{message}"
        );
        assert!(matches!(
            config.compile(&[&specs]),
            Err(Error::Config { .. })
        ));
        assert!(!out.exists(), "nothing is written");
        std::fs::write(
            specs.join("b.yaml"),
            COLLISIONS.replace("collisions", "twin"),
        )
        .expect("a spec");
        let generated = config
            .generate(&[&specs])
            .expect("distinct modules generate");
        let modules: Vec<&str> = generated.iter().map(Generated::module).collect();
        assert_eq!(modules.len(), 2, "{modules:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
