//! Text-form pages for the page import ([`crate::import::import_pages`]): what that import
//! must know of a page before the tree builder imports it (its title, the request classes
//! its SDK samples name, its method and path, the sections it has, its object tables:
//! [`read`]), and the import of the pages as one tree ([`import`]).

use std::collections::{BTreeMap, BTreeSet};

use super::sdk;
use super::text_page::{Page, SectionKind};
use super::{TreeImport, TreeOptions, TreePage, import_tree_with, model, text_form};
use crate::import::warning::Strictness;

/// What the page import reads of a page before importing it.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextPage {
    /// The title's line.
    pub title: Option<usize>,
    /// The operation ids the SDK samples name (`<Id>Request`), each with its line.
    pub request_classes: Vec<(String, usize)>,
    /// The method and path of its URI, when it has one the tree builder reads.
    pub endpoint: Option<(String, String)>,
    /// The sections it has.
    pub sections: BTreeSet<SectionKind>,
    /// Its object tables, by caption (`Table 3 MavenRepoUser` → `MavenRepoUser`; a caption
    /// of one word), each as its cells' text.
    pub objects: BTreeMap<String, Vec<Vec<String>>>,
}

/// Reads what [`TextPage`] says of the page `text` (named `name`).
pub(crate) fn read(name: &str, text: &str) -> TextPage {
    let page = Page::split(text, &mut Vec::new());
    let request_classes = page
        .section(SectionKind::SdkSample)
        .map(sdk::request_classes)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, line)| (id, line.number))
        .collect();
    let mut warnings = Vec::new();
    let doc = text_form::parse(name, text, &mut warnings);
    let m = model::model(name, &doc, &mut warnings);
    TextPage {
        title: page.title.map(|l| l.number),
        request_classes,
        endpoint: m.uri.map(|u| (u.method, u.path)),
        sections: page.sections.iter().map(|s| s.kind).collect(),
        objects: doc
            .tables()
            .filter_map(|t| {
                let caption = t.caption.as_ref().filter(|c| !c.contains(' '))?;
                let mut cells = vec![t.header.clone()];
                cells.extend(t.rows.iter().map(|r| r.cells.clone()));
                Some((caption.clone(), cells))
            })
            .collect(),
    }
}

/// Imports text-form pages, each given as (name, text, operation id), as one tree: the
/// page import's pages are read as a tree's would be, their schemas named together.
pub(crate) fn import(pages: &[(&str, &str, &str)], strictness: Strictness) -> TreeImport {
    let mut options = TreeOptions::default().with_strictness(strictness);
    options.page_import = true;
    let pages: Vec<TreePage> = pages
        .iter()
        .map(|(name, text, id)| {
            options.ids.insert((*name).to_owned(), (*id).to_owned());
            TreePage {
                path: (*name).to_owned(),
                bytes: text.as_bytes().to_vec(),
            }
        })
        .collect();
    import_tree_with(&pages, "imported", &options)
}
