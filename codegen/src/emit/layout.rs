//! How the generated code is laid out in files: a main file that holds the service
//! constant, the module skeleton and the client type, and files beside it, each included
//! by the main file with `include!`, that hold the items in chunks (or, with group
//! features, per resource group).
//!
//! Files matter to rustc's incremental compilation: an edit that moves the items after it
//! (a new field, a longer doc comment) makes rustc type-check again what moved, so a
//! spec change in one operation recompiled most of a one-file crate. With the items in
//! files of a few dozen each, the moved items are those of one file. With group features,
//! a disabled group's files are behind its `cfg` and never read.
//!
//! The same parts also render as one self-contained file (`Config::split_files(false)`):
//! each include is then replaced by its content, under the group's `cfg` when it has one.

use std::ops::Range;

use crate::groups::Gates;
use crate::model::Service;

use super::EmitOptions;

/// Schemas, requests, operation constants or client methods emitted (and formatted, and
/// with split files written) together.
const CHUNK: usize = 16;

/// One piece of the generated code. Pieces are emitted and formatted independently, in
/// parallel, and joined in order, so a large service uses every core.
#[derive(Debug, Clone)]
pub enum Part {
    /// The `SERVICE` constant.
    Service,
    /// A module opening: its doc and name.
    ModuleStart(String, &'static str),
    /// The end of the module opened last.
    ModuleEnd,
    /// These schemas of the `types` module (with group features, the include carries
    /// the `cfg` of the groups that reach them).
    Types(Vec<usize>),
    /// Request types of operations `range`.
    Requests(Range<usize>),
    /// Metadata constants of operations `range`.
    Operations(Range<usize>),
    /// An `impl Client` block with the async methods of operations `range`.
    ClientMethods(Range<usize>),
    /// An `impl Client` block with the blocking methods of operations `range` (inside
    /// the `blocking` module).
    BlockingMethods(Range<usize>),
    /// The `ALL` list of operations.
    AllOperations,
    /// The async client type, its constructors and, with group features, the stand-ins of
    /// the methods of disabled groups.
    Client,
    /// The blocking client module (its methods are in [`Include`]s it lists itself).
    Blocking,
    /// The example tests module.
    ExampleTests,
    /// The hidden module of the traits that name a disabled group's feature.
    Features,
    /// With group features: the items of one group (by index in `Gates::groups`) and kind,
    /// without `cfg`s (the include carries the group's `cfg`).
    GroupFile(usize, GroupKind),
    /// Content that lives in a file of its own: in the main file, its `include!`.
    Include(Box<Include>),
}

/// A part that lives in a file of its own.
#[derive(Debug, Clone)]
pub struct Include {
    /// The file's name, beside the main file.
    pub file: String,
    /// The groups whose features the include (or the inlined content) is under, any of
    /// them enabling it (`Some(empty)`: `full`); `None` without group features.
    pub groups: Option<Vec<String>>,
    /// What the file holds.
    pub content: Part,
    /// Whether the include sits inside a module (`types`, `requests`, `operations`).
    pub nested: bool,
}

/// What a group's file holds: the group's part of one module, or its client methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// The schemas only this group reaches (in `types`).
    Types,
    /// The group's request inputs (in `requests`).
    Requests,
    /// The group's metadata constants (in `operations`).
    Operations,
    /// An `impl Client` block with the group's async methods (at the root).
    Client,
    /// An `impl Client` block with the group's blocking methods (in `blocking`).
    Blocking,
}

impl GroupKind {
    /// The kind's name in file names.
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Types => "types",
            GroupKind::Requests => "requests",
            GroupKind::Operations => "operations",
            GroupKind::Client => "client",
            GroupKind::Blocking => "blocking",
        }
    }

    /// Whether the kind's items sit inside a module of the main file.
    fn nested(self) -> bool {
        matches!(
            self,
            GroupKind::Types | GroupKind::Requests | GroupKind::Operations
        )
    }
}

impl Part {
    /// Whether the part's items live inside a module (they are formatted indented).
    pub fn nested(&self) -> bool {
        match self {
            Part::Types(_) | Part::Requests(_) | Part::Operations(_) | Part::AllOperations => true,
            Part::Include(include) => include.nested,
            _ => false,
        }
    }
}

fn chunks(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len)
        .step_by(CHUNK)
        .map(move |start| start..(start + CHUNK).min(len))
}

/// An include of `content` from the file `<module>.<what>.rs`.
fn include(
    module: &str,
    what: &str,
    groups: Option<&[String]>,
    content: Part,
    nested: bool,
) -> Part {
    Part::Include(Box::new(Include {
        file: format!("{module}.{what}.rs"),
        groups: groups.map(<[String]>::to_vec),
        content,
        nested,
    }))
}

/// The includes of each group's file of `kind`.
fn group_includes(service: &Service, gates: &Gates, kind: GroupKind) -> Vec<Part> {
    gates
        .groups
        .iter()
        .enumerate()
        .filter(|(g, _)| group_has(gates, *g, kind))
        .map(|(g, group)| {
            include(
                &service.module,
                &format!("{group}.{}", kind.name()),
                Some(std::slice::from_ref(group)),
                Part::GroupFile(g, kind),
                kind.nested(),
            )
        })
        .collect()
}

/// The includes of the operations' items of `kind` (`requests`, `operations`, `client`,
/// `blocking`): per group with group features, else in chunks made by `chunk`.
fn operation_includes(
    service: &Service,
    gates: Option<&Gates>,
    kind: GroupKind,
    chunk: fn(Range<usize>) -> Part,
) -> Vec<Part> {
    match gates {
        Some(gates) => group_includes(service, gates, kind),
        None => chunks(service.operations.len())
            .enumerate()
            .map(|(n, range)| {
                include(
                    &service.module,
                    &format!("{}.{n}", kind.name()),
                    None,
                    chunk(range),
                    kind.nested(),
                )
            })
            .collect(),
    }
}

/// The pieces of the main file for `service`, in order.
pub fn parts(service: &Service, options: &EmitOptions) -> Vec<Part> {
    let title = &service.title;
    let module = &service.module;
    let gates = options.gates.as_deref();
    let mut parts = vec![Part::Service];
    parts.push(Part::ModuleStart(
        format!(" Request and response bodies of {title}, one type per schema of the spec."),
        "types",
    ));
    match gates {
        // A schema of one group is in that group's file; schemas that several groups
        // reach (or none, `full`) are in one file per set of groups, under `any` of them,
        // so that a crate without those groups does not read it either.
        Some(gates) => {
            let mut sets: Vec<(&[String], Vec<usize>)> = Vec::new();
            for (i, groups) in gates.schemas.iter().enumerate() {
                if groups.len() == 1 {
                    continue;
                }
                match sets.iter_mut().find(|(set, _)| *set == groups.as_slice()) {
                    Some((_, schemas)) => schemas.push(i),
                    None => sets.push((groups, vec![i])),
                }
            }
            for (n, (set, schemas)) in sets.into_iter().enumerate() {
                parts.push(include(
                    module,
                    &format!("shared.{n}"),
                    Some(set),
                    Part::Types(schemas),
                    true,
                ));
            }
            parts.extend(group_includes(service, gates, GroupKind::Types));
        }
        None => {
            let all: Vec<usize> = (0..service.schemas.len()).collect();
            for (n, schemas) in all.chunks(CHUNK).enumerate() {
                parts.push(include(
                    module,
                    &format!("types.{n}"),
                    None,
                    Part::Types(schemas.to_vec()),
                    true,
                ));
            }
        }
    }
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Inputs of the {title} operations: parameters and body of each call."),
        "requests",
    ));
    parts.extend(operation_includes(
        service,
        gates,
        GroupKind::Requests,
        Part::Requests,
    ));
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Metadata of every {title} operation: method, path template and IAM permissions."),
        "operations",
    ));
    parts.extend(operation_includes(
        service,
        gates,
        GroupKind::Operations,
        Part::Operations,
    ));
    parts.push(Part::AllOperations);
    parts.push(Part::ModuleEnd);
    parts.push(Part::Client);
    parts.extend(operation_includes(
        service,
        gates,
        GroupKind::Client,
        Part::ClientMethods,
    ));
    if options.blocking_feature.is_some() {
        parts.push(Part::Blocking);
    }
    if options.example_tests {
        parts.push(Part::ExampleTests);
    }
    if gates.is_some() {
        parts.push(Part::Features);
    }
    parts
}

/// The includes inside the blocking module: its methods, in chunks or per group.
pub fn blocking_includes(service: &Service, options: &EmitOptions) -> Vec<Part> {
    operation_includes(
        service,
        options.gates.as_deref(),
        GroupKind::Blocking,
        Part::BlockingMethods,
    )
}

/// Every file beside the main one, in order: the includes of `main` (the main file's
/// [`parts`]) and of the blocking module.
pub fn file_parts(service: &Service, options: &EmitOptions, main: &[Part]) -> Vec<Include> {
    let blocking = match options.blocking_feature {
        Some(_) => blocking_includes(service, options),
        None => Vec::new(),
    };
    main.iter()
        .chain(&blocking)
        .filter_map(|part| match part {
            Part::Include(include) => Some((**include).clone()),
            _ => None,
        })
        .collect()
}

/// Whether group `g` has items of `kind` of its own: schemas that only it reaches, or
/// operations.
pub fn group_has(gates: &Gates, g: usize, kind: GroupKind) -> bool {
    let group = &gates.groups[g];
    match kind {
        GroupKind::Types => gates.schemas.iter().any(|s| own_schema(s, group)),
        _ => gates.operations.iter().any(|o| o == group),
    }
}

/// Whether a schema reached by `groups` belongs to `group`'s file: it alone reaches it.
pub fn own_schema(groups: &[String], group: &str) -> bool {
    matches!(groups, [only] if only == group)
}
