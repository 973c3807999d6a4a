//! What a page says about an example: the paragraphs between the previous block (or status
//! line) and the example's code block, reduced to the words that describe it.
//!
//! - A paragraph that only labels the block (`Example request`, `Example response 2`, `URI
//!   example`, `Sample`) or says nothing (`None`, `N/A`, `-`, `or`) is left out.
//! - A label before the words is taken off them (`Example request 1: Querying all backend
//!   servers` → `Querying all backend servers`, `Example response 1 (Binding a port)` →
//!   `Binding a port`), as are list markers (`1.`, `#.`, `(2)`) and bullets.
//! - A numbered label alone (`Example 2`) stands for the words the section gave that number
//!   earlier (a legend: `Example 2: the response body when action is set to count`); the
//!   legend's other entries then describe no block of their own.
//!
//! The paragraphs left are joined with spaces; `None` when none is.

use std::collections::BTreeMap;

use super::doc::clean_inline;

/// Words that only label an example (`Example request`, `Request parameter`).
const LABEL_WORDS: &[&str] = &[
    "example",
    "examples",
    "request",
    "requests",
    "response",
    "responses",
    "parameter",
    "parameters",
    "body",
    "sample",
    "samples",
    "message",
    "uri",
    "of",
    "the",
    "a",
    "an",
];

/// Texts that say nothing about an example.
const NOTHING: &[&str] = &["none", "n/a", "-", "null", "or", "and"];

/// What one paragraph says.
#[derive(Debug, PartialEq, Eq)]
enum Said {
    /// Nothing about the example.
    Nothing,
    /// Only a label, with its number (`Example response 2`).
    Label(Option<u32>),
    /// Words after a label, with the label's number (`Example 1: ...`).
    Labelled(Option<u32>, String),
    /// Words.
    Text(String),
}

/// The numbered descriptions a section has given so far (`Example 2: ...`).
#[derive(Debug, Default)]
pub(crate) struct Legends(BTreeMap<u32, String>);

/// The text without a leading list marker (`1.`, `#.`, `2)`, `(3)`).
fn unlisted(text: &str) -> &str {
    let t = text.trim_start_matches(['-', '*', '•']).trim_start();
    let (head, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    let inner = head
        .strip_prefix('(')
        .and_then(|h| h.strip_suffix(')'))
        .or_else(|| head.strip_suffix(['.', ')']));
    match inner {
        Some(n)
            if n == "#"
                || (!n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            rest.trim_start()
        }
        _ => t,
    }
}

fn read(paragraph: &str) -> Said {
    let text = clean_inline(paragraph);
    let t = unlisted(text.trim()).trim();
    let bare = t.trim_end_matches([':', '.']).to_ascii_lowercase();
    if bare.is_empty() || NOTHING.contains(&bare.as_str()) {
        return Said::Nothing;
    }
    // Leading label words and numbers, up to a `:` or the first other word.
    let mut number = None;
    let mut end = 0;
    let mut colon = false;
    for (at, word) in t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
    {
        let clean = word.trim_end_matches([':', '.', ',']).to_ascii_lowercase();
        if LABEL_WORDS.contains(&clean.as_str()) {
        } else if !clean.is_empty() && clean.len() <= 3 && clean.bytes().all(|b| b.is_ascii_digit())
        {
            number = clean.parse().ok();
        } else {
            break;
        }
        end = at + word.len();
        if word.ends_with(':') {
            colon = true;
            break;
        }
    }
    let rest = t[end..].trim().trim_start_matches(':').trim();
    if end == 0 {
        return Said::Text(t.to_owned());
    }
    if rest.trim_end_matches('.').is_empty() {
        return Said::Label(number);
    }
    let inner = rest
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .filter(|_| !colon);
    match inner {
        _ if colon => Said::Labelled(number, capitalized(rest)),
        Some(inner) if !inner.trim().is_empty() => {
            Said::Labelled(number, capitalized(inner.trim()))
        }
        _ => Said::Text(t.to_owned()),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Legends {
    /// The description of an example from the paragraphs before it (see the module doc);
    /// numbered words among them are remembered for the numbered labels of later examples.
    pub(crate) fn describe(&mut self, paragraphs: &[String]) -> Option<String> {
        let said: Vec<Said> = paragraphs.iter().map(|p| read(p)).collect();
        for s in &said {
            if let Said::Labelled(Some(n), words) = s {
                self.0.insert(*n, words.clone());
            }
        }
        // A numbered label alone, the last one before the block: its legend's words.
        let legend = said.iter().rev().find_map(|s| match s {
            Said::Label(Some(n)) => self.0.get(n),
            _ => None,
        });
        let mut kept: Vec<&str> = Vec::new();
        for s in &said {
            match s {
                Said::Text(t) => kept.push(t),
                Said::Labelled(_, t) if legend.is_none() => kept.push(t),
                _ => {}
            }
        }
        if let Some(l) = legend {
            kept.push(l);
        }
        (!kept.is_empty()).then(|| kept.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(paragraphs: &[&str]) -> Option<String> {
        let p: Vec<String> = paragraphs.iter().map(|s| (*s).to_owned()).collect();
        Legends::default().describe(&p)
    }

    #[test]
    fn labels_and_list_markers_are_taken_off() {
        let cases = [
            (
                "Example request 1: Querying all backend servers",
                Some("Querying all backend servers"),
            ),
            (
                "Request example 2: Deleting tags in batches",
                Some("Deleting tags in batches"),
            ),
            (
                "Example response 1 (Binding a port)",
                Some("Binding a port"),
            ),
            (
                "Example request 2 (when action is set to count)",
                Some("When action is set to count"),
            ),
            ("-  Example response 1", None),
            ("Example 2:", None),
            ("URI example", None),
            ("**Example request**", None),
            ("or", None),
            (
                "#. Querying all virtual gateways",
                Some("Querying all virtual gateways"),
            ),
            (
                "2. Querying a gateway by ID",
                Some("Querying a gateway by ID"),
            ),
            ("(3) Restart shards.", Some("Restart shards.")),
            (
                "Example for creating tasks in batches.",
                Some("Example for creating tasks in batches."),
            ),
            (
                "A rule named rule1 is used as an example.",
                Some("A rule named rule1 is used as an example."),
            ),
            (
                "Example request where the instance has more groups",
                Some("Example request where the instance has more groups"),
            ),
            (
                "Example (not a label) and more",
                Some("Example (not a label) and more"),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(describe(&[text]).as_deref(), want, "{text}");
        }
        assert_eq!(
            describe(&["OK", "Example 1"]).as_deref(),
            Some("OK"),
            "a label without a legend is left out"
        );
    }

    #[test]
    fn a_numbered_label_alone_takes_its_legend() {
        let mut legends = Legends::default();
        let words = |p: &[&str]| p.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let first = legends.describe(&words(&[
            "Query operation succeeded.",
            "Example 1: the response body when **action** is set to **filter**",
            "Example 2: the response body when **action** is set to **count**",
            "Example 1",
        ]));
        assert_eq!(
            first.as_deref(),
            Some("Query operation succeeded. The response body when action is set to filter")
        );
        let second = legends.describe(&words(&["Example 2"]));
        assert_eq!(
            second.as_deref(),
            Some("The response body when action is set to count")
        );
        assert_eq!(legends.describe(&words(&["Example 3"])), None);
    }
}
