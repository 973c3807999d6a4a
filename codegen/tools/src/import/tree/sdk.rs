//! The operation id from the SDK samples: every official SDK names the request class
//! `<OperationId>Request` (`new ResetUserPasswordRequest()`, `ResetUserPasswordRequest()`,
//! `model.ResetUserPasswordRequest{}`).

use super::text_page::{Line, Section};

const SUFFIX: &str = "Request";

/// The distinct operation ids the samples name, each with the line it is first seen on.
pub(crate) fn request_classes<'a>(section: &Section<'a>) -> Vec<(String, Line<'a>)> {
    let mut out: Vec<(String, Line<'a>)> = Vec::new();
    for line in &section.lines {
        for word in line
            .text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        {
            let Some(id) = word.strip_suffix(SUFFIX) else {
                continue;
            };
            if id.starts_with(|c: char| c.is_ascii_uppercase())
                && !out.iter().any(|(known, _)| known == id)
            {
                out.push((id.to_owned(), *line));
            }
        }
    }
    out
}

/// Whether `id` can be an operation id: a letter, then letters, digits and `_`.
pub(crate) fn is_operation_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tree::text_page::{Page, SectionKind};

    #[test]
    fn finds_the_request_class_in_every_language() {
        let text = "T\nSDK Sample Code\nJava\nimport x.ClientRequestException; ResetUserPasswordRequest request = new ResetUserPasswordRequest();\nGo\nrequest := &model.ResetUserPasswordRequest{}\n";
        let mut diags = Vec::new();
        let page = Page::split(text, &mut diags);
        let found = request_classes(page.section(SectionKind::SdkSample).unwrap());
        let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["ResetUserPassword"]);
        assert_eq!(found[0].1.number, 4);
    }

    #[test]
    fn checks_ids() {
        assert!(is_operation_id("ShowMavenInfo"));
        assert!(!is_operation_id("1x"));
        assert!(!is_operation_id("Show Maven"));
        assert!(!is_operation_id(""));
    }
}
