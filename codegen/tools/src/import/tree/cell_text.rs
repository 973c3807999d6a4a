//! The text inside table cells: descriptions with their labelled parts, lists, yes/no.

/// A description cell split into the spec's `description` and `range`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DocText {
    /// What the item is (`Definition`), with `Constraints` and `Default Value` appended
    /// on their own lines when the page gives them.
    pub description: Option<String>,
    /// Which values it takes (`Range`).
    pub range: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Definition,
    Constraints,
    Range,
    Default,
}

/// The labels pages use, English and Chinese. Chinese labels end with a colon.
const LABELS: &[(&str, Part)] = &[
    ("Definition", Part::Definition),
    ("Constraints", Part::Constraints),
    ("Range", Part::Range),
    ("Default Value", Part::Default),
    ("参数解释：", Part::Definition),
    ("参数解释:", Part::Definition),
    ("约束限制：", Part::Constraints),
    ("约束限制:", Part::Constraints),
    ("取值范围：", Part::Range),
    ("取值范围:", Part::Range),
    ("默认取值：", Part::Default),
    ("默认取值:", Part::Default),
];

/// Values that mean "nothing to say"; a part holding only one of them is dropped.
const NOTHING: &[&str] = &["N/A", "NA", "None", "-", "不涉及", "不涉及。", "无", "无。"];

/// Splits a description cell. A cell that starts with a label (`Definition Request status.
/// Range success: ...`) is cut at each later label that follows a sentence end, `N/A` or a
/// line break; a cell without labels is all description.
pub(crate) fn doc_text(cell: &str) -> DocText {
    let cell = cell.trim();
    if cell.is_empty() || NOTHING.contains(&cell) {
        return DocText::default();
    }
    let Some((first, rest)) = label_at(cell) else {
        return DocText {
            description: Some(cell.to_owned()),
            range: None,
        };
    };
    let mut parts: Vec<(Part, String)> = Vec::new();
    let mut current = first;
    let mut text = rest;
    loop {
        match next_label(text) {
            Some((cut, part, after)) => {
                parts.push((current, text[..cut].trim().to_owned()));
                current = part;
                text = after;
            }
            None => {
                parts.push((current, text.trim().to_owned()));
                break;
            }
        }
    }
    let get = |wanted: Part| -> Option<String> {
        let found: Vec<&str> = parts
            .iter()
            .filter(|(p, t)| *p == wanted && !t.is_empty() && !NOTHING.contains(&t.as_str()))
            .map(|(_, t)| t.as_str())
            .collect();
        (!found.is_empty()).then(|| found.join("\n"))
    };
    let mut description = get(Part::Definition);
    for (part, label) in [
        (Part::Constraints, "Constraints"),
        (Part::Default, "Default value"),
    ] {
        if let Some(extra) = get(part) {
            let line = format!("{label}: {extra}");
            description = Some(match description {
                Some(d) => format!("{d}\n{line}"),
                None => line,
            });
        }
    }
    DocText {
        description,
        range: get(Part::Range),
    }
}

/// The label `text` starts with and the text after it.
fn label_at(text: &str) -> Option<(Part, &str)> {
    LABELS.iter().find_map(|(label, part)| {
        let rest = text.strip_prefix(label)?;
        let ascii_label = label.is_ascii();
        // An English label is a word of its own: `Definitions` or `Ranges` are not labels.
        if ascii_label && !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
            return None;
        }
        Some((*part, rest.trim_start()))
    })
}

/// The next label in `text` that starts a new part: its byte offset, kind and the text after.
fn next_label(text: &str) -> Option<(usize, Part, &str)> {
    let mut found: Vec<(usize, &str)> = LABELS
        .iter()
        .flat_map(|(label, _)| text.match_indices(label))
        .collect();
    found.sort_unstable();
    found.into_iter().find_map(|(at, label)| {
        if at == 0 || !boundary_before(&text[..at], label) {
            return None;
        }
        let (part, after) = label_at(&text[at..])?;
        Some((at, part, after))
    })
}

/// Whether `label` may start a new part right after `before`: on a new line; for Chinese
/// labels after a space or a sentence end; for English ones after a space, and for `Range`
/// (also an ordinary word) only after a sentence end, `N/A` or a value with digits.
fn boundary_before(before: &str, label: &str) -> bool {
    if before.ends_with('\n') {
        return true;
    }
    let trimmed = before.trim_end();
    let spaced = trimmed.len() < before.len();
    let sentence_end = trimmed.ends_with(['.', '。', ')', '）', '!', '?', ';', '；']);
    if !label.is_ascii() {
        return spaced || sentence_end;
    }
    if !spaced {
        return false;
    }
    if label != "Range" {
        return true;
    }
    let last_word = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    sentence_end || NOTHING.contains(&last_word) || last_word.chars().any(|c| c.is_ascii_digit())
}

/// The items of a list cell: split at line breaks, commas and spaces; `-` alone means none.
pub(crate) fn list(cell: &str) -> Vec<String> {
    let cell = cell.trim();
    if cell.is_empty() || NOTHING.contains(&cell) {
        return Vec::new();
    }
    let mut items: Vec<String> = Vec::new();
    for token in cell.split(|c: char| c.is_whitespace() || c == ',' || c == '，') {
        if token.is_empty() {
            continue;
        }
        // `repository *`: the required marker written apart from its resource type.
        if token == "*"
            && let Some(last) = items.last_mut()
        {
            last.push('*');
            continue;
        }
        items.push(token.to_owned());
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(d: Option<&str>, r: Option<&str>) -> DocText {
        DocText {
            description: d.map(str::to_owned),
            range: r.map(str::to_owned),
        }
    }

    #[test]
    fn splits_definition_and_range_as_the_seed_does() {
        assert_eq!(
            doc_text(
                "Definition Request status. Range success: The request is successful. error: The request fails."
            ),
            doc(
                Some("Request status."),
                Some("success: The request is successful. error: The request fails.")
            )
        );
        assert_eq!(
            doc_text(
                "Definition Request ID, which uniquely identifies the current request. Range A string of digits and hyphens (-)."
            ),
            doc(
                Some("Request ID, which uniquely identifies the current request."),
                Some("A string of digits and hyphens (-).")
            )
        );
    }

    #[test]
    fn drops_not_applicable_parts_and_keeps_constraints_and_defaults() {
        assert_eq!(
            doc_text("Definition Project ID. Constraints N/A Range N/A Default Value N/A"),
            doc(Some("Project ID."), None)
        );
        assert_eq!(
            doc_text("Definition Page size. Constraints At most 100. Range 1-100 Default Value 10"),
            doc(
                Some("Page size.\nConstraints: At most 100.\nDefault value: 10"),
                Some("1-100")
            )
        );
    }

    #[test]
    fn labels_inside_sentences_are_text() {
        assert_eq!(
            doc_text("Definition The Range header to send. Range N/A"),
            doc(Some("The Range header to send."), None)
        );
        assert_eq!(
            doc_text("Repository ID. Definitions vary."),
            doc(Some("Repository ID. Definitions vary."), None)
        );
    }

    #[test]
    fn reads_chinese_labels() {
        assert_eq!(
            doc_text("参数解释： 仓库ID。 约束限制： 不涉及。 取值范围： 不涉及。 默认取值： 无。"),
            doc(Some("仓库ID。"), None)
        );
    }

    #[test]
    fn lists_and_markers() {
        assert_eq!(list("-"), Vec::<String>::new());
        assert_eq!(list("repository *\nproject"), ["repository*", "project"]);
        assert_eq!(list("a:b:c, d:e:f"), ["a:b:c", "d:e:f"]);
    }
}
