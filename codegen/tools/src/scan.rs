//! Finds which operations a Rust source tree calls, by parsing every `.rs` file with `syn`
//! and looking for calls of generated client methods (`client.reset_user_password(..)`,
//! `client.list_attentions_pager(..)`) and uses of generated request types
//! (`ListAttentionsRequest`). A method of the same name on an unrelated type also counts:
//! the scan may grant too much, never too little, and it says where each use is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use crate::model::Service;
use crate::naming::unraw;

/// Where an operation is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
}

/// The result of scanning a tree.
#[derive(Debug, Default)]
pub struct ScanReport {
    /// Operation id → where it is used, in file order.
    pub uses: BTreeMap<String, Vec<Use>>,
    /// Files that could not be read or parsed, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

struct Finder<'a> {
    by_method: &'a BTreeMap<String, String>,
    by_type: &'a BTreeMap<String, String>,
    file: &'a Path,
    uses: &'a mut BTreeMap<String, Vec<Use>>,
}

impl Finder<'_> {
    fn record(&mut self, op: &str, span: proc_macro2::Span) {
        self.uses.entry(op.to_owned()).or_default().push(Use {
            file: self.file.to_owned(),
            line: span.start().line,
        });
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        if let Some(op) = self.by_method.get(name.trim_start_matches("r#")) {
            let op = op.clone();
            self.record(&op, call.method.span());
        }
        syn::visit::visit_expr_method_call(self, call);
    }

    fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
        if let Some(op) = self.by_type.get(&segment.ident.to_string()) {
            let op = op.clone();
            self.record(&op, segment.ident.span());
        }
        syn::visit::visit_path_segment(self, segment);
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<(PathBuf, String)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.push((dir.to_owned(), e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if p.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&p, out, skipped);
            }
        } else if name.ends_with(".rs") {
            out.push(p);
        }
    }
}

/// Scans `root` (a file or a directory, recursively, skipping `target/` and hidden folders)
/// for uses of `service`'s operations.
pub fn scan(service: &Service, root: &Path) -> ScanReport {
    let mut by_method = BTreeMap::new();
    let mut by_type = BTreeMap::new();
    for op in &service.operations {
        let method = unraw(&op.fn_name).to_owned();
        by_method.insert(method.clone(), op.id.clone());
        if op.pagination.is_some() {
            by_method.insert(format!("{method}_pager"), op.id.clone());
        }
        by_type.insert(op.request_type.clone(), op.id.clone());
    }
    let mut report = ScanReport::default();
    let mut files = Vec::new();
    if root.is_file() {
        files.push(root.to_owned());
    } else {
        rust_files(root, &mut files, &mut report.skipped);
    }
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                report.skipped.push((file, e.to_string()));
                continue;
            }
        };
        match syn::parse_file(&text) {
            Ok(ast) => Finder {
                by_method: &by_method,
                by_type: &by_type,
                file: &file,
                uses: &mut report.uses,
            }
            .visit_file(&ast),
            Err(e) => {
                let at = e.span().start();
                report
                    .skipped
                    .push((file, format!("{}:{}: {e}", at.line, at.column + 1)));
            }
        }
    }
    report
}
