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
//! The same pieces also render as one self-contained file (`Config::split_files(false)`):
//! each include is then replaced by its content, with the group's `cfg` on each item.
//!
//! This is what emit hands the output stage ([`files`]): the files, their module
//! skeletons, and in each the pieces of items with their `cfg`s. A piece is emitted as
//! tokens ([`super::emit_piece`]) on the thread that formats it, since tokens cannot move
//! between threads.

use std::ops::Range;

use crate::groups::Gates;
use crate::model::Service;

use super::EmitOptions;

/// Schemas, requests, operation constants or client methods emitted (and formatted, and
/// with split files written) together.
const CHUNK: usize = 16;

/// The files of one service: the main file, and with split files those it includes.
#[derive(Debug, Clone)]
pub struct Files {
    /// The main file, in order.
    pub main: Vec<Block>,
    /// The files beside the main one, in the order the main file includes them.
    pub included: Vec<IncludedFile>,
}

/// A file beside the main one: its name and its items (at its top level).
#[derive(Debug, Clone)]
pub struct IncludedFile {
    /// The file's name, beside the main file.
    pub name: String,
    /// What the file holds.
    pub piece: Piece,
}

/// A part of a file: items, or a module of the main file and what it holds.
#[derive(Debug, Clone)]
pub enum Block {
    /// Items at this level.
    Items(Piece),
    /// `pub mod <name> { .. }` with its doc (one line, a leading space as in `///`).
    Module {
        /// The module's doc line.
        doc: String,
        /// The module's name.
        name: &'static str,
        /// What the module holds (formatted indented).
        blocks: Vec<Block>,
    },
}

/// Items emitted and formatted together (pieces are formatted in parallel and joined in
/// order, so a large service uses every core), under a `cfg` when they belong to groups.
#[derive(Debug, Clone)]
pub struct Piece {
    /// What the items are.
    pub content: Content,
    /// The groups whose features the items are under, any of them enabling them
    /// (`Some(empty)`: `full`); `None`: always compiled. Each item gets the `cfg`.
    pub groups: Option<Vec<String>>,
}

/// What a piece's items are.
#[derive(Debug, Clone)]
pub enum Content {
    /// The `SERVICE` constant.
    Service,
    /// These schemas of the `types` module.
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
    /// The blocking client module, with the pieces of its methods.
    Blocking(Vec<Piece>),
    /// The example tests module.
    ExampleTests,
    /// The hidden module of the traits that name a disabled group's feature.
    Features,
    /// With group features: the items of one group (by index in `Gates::groups`) and kind.
    GroupFile(usize, GroupKind),
    /// `include!` of a file beside the main one.
    Include(String),
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
}

impl Piece {
    /// Items always compiled.
    fn always(content: Content) -> Piece {
        Piece {
            content,
            groups: None,
        }
    }
}

fn chunks(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len)
        .step_by(CHUNK)
        .map(move |start| start..(start + CHUNK).min(len))
}

/// Builds the files: places each piece that has a file of its own.
struct Layout<'a> {
    service: &'a Service,
    gates: Option<&'a Gates>,
    split: bool,
    included: Vec<IncludedFile>,
}

impl Layout<'_> {
    /// `content` from the file `<module>.<what>.rs` under `groups`: with split files, its
    /// `include!` (the file goes beside the main one), else the content itself.
    fn place(&mut self, what: &str, groups: Option<&[String]>, content: Content) -> Piece {
        let groups = groups.map(<[String]>::to_vec);
        if !self.split {
            return Piece { content, groups };
        }
        let name = format!("{}.{what}.rs", self.service.module);
        self.included.push(IncludedFile {
            name: name.clone(),
            piece: Piece::always(content),
        });
        Piece {
            content: Content::Include(name),
            groups,
        }
    }

    /// Each group's file of `kind`.
    fn group_files(&mut self, gates: &Gates, kind: GroupKind) -> Vec<Piece> {
        let mut pieces = Vec::new();
        for (g, group) in gates.groups.iter().enumerate() {
            if group_has(gates, g, kind) {
                let piece = self.place(
                    &format!("{group}.{}", kind.name()),
                    Some(std::slice::from_ref(group)),
                    Content::GroupFile(g, kind),
                );
                pieces.push(piece);
            }
        }
        pieces
    }

    /// The operations' items of `kind` (`requests`, `operations`, `client`, `blocking`):
    /// per group with group features, else in chunks made by `chunk`.
    fn operation_files(
        &mut self,
        kind: GroupKind,
        chunk: fn(Range<usize>) -> Content,
    ) -> Vec<Piece> {
        if let Some(gates) = self.gates {
            return self.group_files(gates, kind);
        }
        chunks(self.service.operations.len())
            .enumerate()
            .map(|(n, range)| self.place(&format!("{}.{n}", kind.name()), None, chunk(range)))
            .collect()
    }

    /// The `types` module's files.
    fn type_files(&mut self) -> Vec<Piece> {
        let Some(gates) = self.gates else {
            let all: Vec<usize> = (0..self.service.schemas.len()).collect();
            return all
                .chunks(CHUNK)
                .enumerate()
                .map(|(n, schemas)| {
                    self.place(
                        &format!("types.{n}"),
                        None,
                        Content::Types(schemas.to_vec()),
                    )
                })
                .collect();
        };
        // A schema of one group is in that group's file; schemas that several groups
        // reach (or none, `full`) are in one file per set of groups, under `any` of them,
        // so that a crate without those groups does not read it either.
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
        let mut pieces: Vec<Piece> = sets
            .into_iter()
            .enumerate()
            .map(|(n, (set, schemas))| {
                self.place(&format!("shared.{n}"), Some(set), Content::Types(schemas))
            })
            .collect();
        pieces.extend(self.group_files(gates, GroupKind::Types));
        pieces
    }
}

/// The files for `service`: the main file's blocks in order and, with split files, the
/// files it includes.
pub fn files(service: &Service, options: &EmitOptions) -> Files {
    let title = &service.title;
    let gates = options.gates.as_deref();
    let mut layout = Layout {
        service,
        gates,
        split: options.split_files,
        included: Vec::new(),
    };
    let mut main = vec![Block::Items(Piece::always(Content::Service))];
    main.push(Block::Module {
        doc: format!(" Request and response bodies of {title}, one type per schema of the spec."),
        name: "types",
        blocks: items(layout.type_files()),
    });
    main.push(Block::Module {
        doc: format!(" Inputs of the {title} operations: parameters and body of each call."),
        name: "requests",
        blocks: items(layout.operation_files(GroupKind::Requests, Content::Requests)),
    });
    let mut operations = layout.operation_files(GroupKind::Operations, Content::Operations);
    operations.push(Piece::always(Content::AllOperations));
    main.push(Block::Module {
        doc: format!(
            " Metadata of every {title} operation: method, path template and IAM permissions."
        ),
        name: "operations",
        blocks: items(operations),
    });
    main.push(Block::Items(Piece::always(Content::Client)));
    main.extend(items(
        layout.operation_files(GroupKind::Client, Content::ClientMethods),
    ));
    if options.blocking_feature.is_some() {
        let methods = layout.operation_files(GroupKind::Blocking, Content::BlockingMethods);
        main.push(Block::Items(Piece::always(Content::Blocking(methods))));
    }
    if options.example_tests {
        // The examples of every group are tested with all of them.
        main.push(Block::Items(Piece {
            content: Content::ExampleTests,
            groups: gates.map(|_| Vec::new()),
        }));
    }
    if gates.is_some() {
        main.push(Block::Items(Piece::always(Content::Features)));
    }
    Files {
        main,
        included: layout.included,
    }
}

/// Each piece as a block of items.
fn items(pieces: Vec<Piece>) -> Vec<Block> {
    pieces.into_iter().map(Block::Items).collect()
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
