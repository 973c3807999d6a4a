//! The object tables of a whole tree, for fields whose table is on another page: an
//! appendix's data structures (`ServerDetail`), a shared object reached by a `:ref:` link
//! from many pages.
//!
//! A table is found by its `.. _label:`, by the label of the section holding it (the
//! section's first field table, also in its subsections), or by a word of that section's
//! heading (`Data Structure of the ServerDetail Object` names `ServerDetail`).

use std::collections::HashMap;

use super::doc::{Block, Doc, Table};

/// Field tables of every page, by label and by section heading.
#[derive(Debug, Default)]
pub(crate) struct TreeTables {
    by_label: HashMap<String, Table>,
    /// Section labels: the first field table of the section, and whether the section is
    /// the page's top one.
    by_section: HashMap<String, (Table, bool)>,
    /// (heading words in lower case, table), in page order.
    sections: Vec<(Vec<String>, Table)>,
}

/// Words of a heading or caption: letters, digits and `_`, lower case.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .map(|w| w.trim_matches(['.', '-']).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

impl TreeTables {
    /// Adds the tables of one page.
    pub fn add(&mut self, doc: &Doc) {
        for (i, section) in doc.sections.iter().enumerate() {
            for block in &section.blocks {
                if let Block::Table(t) = block
                    && let Some(label) = &t.label
                {
                    self.by_label
                        .entry(label.clone())
                        .or_insert_with(|| t.clone());
                }
            }
            // The section's first field table, its subsections included.
            let first = doc.sections[i..]
                .iter()
                .enumerate()
                .take_while(|(k, s)| *k == 0 || s.level > section.level)
                .flat_map(|(_, s)| s.blocks.iter())
                .find_map(|b| match b {
                    Block::Table(t) if t.is_field_table() => Some(t),
                    _ => None,
                });
            let Some(table) = first else { continue };
            if let Some(label) = &section.label {
                self.by_section
                    .entry(label.clone())
                    .or_insert_with(|| (table.clone(), section.level <= 1));
            }
            if !section.heading.is_empty() {
                self.sections.push((words(&section.heading), table.clone()));
            }
        }
    }

    /// The table a label points to (a table's own label or its section's). A section label
    /// of the page `from` is not followed: a page that links its own top names no table
    /// (the object's table is found by its name instead).
    pub fn by_label(&self, label: &str, from: &str) -> Option<&Table> {
        self.by_label.get(label).or_else(|| {
            self.by_section
                .get(label)
                .filter(|(t, top)| !*top || t.file != from)
                .map(|(t, _)| t)
        })
    }

    /// The first field table of a section whose heading is `name`, or names it beside a
    /// word saying it describes a structure (`ServerDetail`, `Data Structure of the
    /// ServerDetail Object`, `servers field description`).
    pub fn by_heading(&self, name: &str) -> Option<&Table> {
        const MARKERS: &[&str] = &[
            "structure",
            "structures",
            "object",
            "objects",
            "field",
            "fields",
            "parameter",
            "parameters",
            "description",
            "model",
            "definition",
        ];
        let name = name.to_lowercase();
        self.sections
            .iter()
            .find(|(w, _)| {
                w.contains(&name)
                    && (w.len() == 1 || w.iter().any(|x| MARKERS.contains(&x.as_str())))
            })
            .map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{TreePage, import_tree};

    fn grid(caption: &str, rows: &[(&str, &str)]) -> String {
        let mut t = format!(
            ".. table:: {caption}\n\n   +------------+------------------------------------------+-------------+\n   | Parameter  | Type                                     | Description |\n   +============+==========================================+=============+\n"
        );
        for (name, ty) in rows {
            t.push_str(&format!(
                "   | {name:<10} | {ty:<40} | {:<11} |\n   +------------+------------------------------------------+-------------+\n",
                "A field."
            ));
        }
        t
    }

    fn import(text: String) -> serde_yaml::Value {
        let page = TreePage {
            path: "a.rst".into(),
            bytes: text.into_bytes(),
        };
        let imported = import_tree(&[page], "x");
        serde_yaml::from_str(&imported.yaml).expect("yaml")
    }

    /// A table that contains itself is a schema that refers to itself, not `any`; a link to
    /// the page's own top label finds the object's table by its name.
    #[test]
    fn tables_that_contain_themselves_and_links_to_the_page_itself() {
        let text = format!(
            ".. _x_0001:\n\nQuerying Backups\n================\n\nURI\n---\n\nGET /v1/backups\n\nResponse\n--------\n\n{}\n.. _x_0001__t2:\n\n{}\n{}\n",
            grid(
                "**Table 1** Response body",
                &[("backups", "Array of :ref:`backup <x_0001__t2>` objects")]
            ),
            grid(
                "**Table 2** **backup** objects",
                &[
                    ("children", "Array of :ref:`backup <x_0001__t2>` objects"),
                    ("gateway", ":ref:`gateway <x_0001>` object"),
                ]
            ),
            grid(
                "**Table 3** **gateway** objects",
                &[("network_id", "String")]
            ),
        );
        let doc = import(text);
        let schemas = &doc["schemas"];
        let backup = &schemas["Backup"]["properties"];
        assert_eq!(backup["children"]["items"]["ref"], "Backup", "{schemas:?}");
        assert_eq!(backup["gateway"]["ref"], "Gateway", "{schemas:?}");
        assert_eq!(
            schemas["Gateway"]["properties"]["network_id"]["type"],
            "string"
        );
    }
}
