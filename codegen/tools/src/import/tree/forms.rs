//! Which pages look like operations, and which trees are of an API family the importer
//! does not read, told from the pages' text alone (so that what the importer misses is
//! never silent).
//!
//! - **A page that looks like an operation**: outside the permission pages, a line before
//!   the page's first example heading that is only a request line (`METHOD /path`,
//!   `METHOD https://host/path`, as a list item or in bold). Such a page that gives no
//!   operation is reported at that line; a tree whose operations are fewer than half of
//!   these pages is an error ([`super::TreeImport::problem`]).
//! - **Deprecated operations**: a page whose title says so (`Querying Jobs (Deprecated)`,
//!   `... (Discarded)`, `... (Obsolete)`), whose text says `This API has been deprecated`
//!   (`is deprecated`, `is no longer maintained`, `will be discontinued`, `will be brought
//!   offline`), or that sits in a folder for them (`deprecated`, `out-of-date`,
//!   `old_version`, `historical`, `unavailable_soon`, `to_be_taken_offline`, `discarded`,
//!   `obsolete` in its name).
//! - **S3-style trees** (Object Storage): operations written as raw HTTP request syntax
//!   (`PUT /?acl HTTP/1.1`) against bucket hosts (`Host: bucketname.obs...`) and signed
//!   with the S3/OBS signature in `Authorization`, not SDK-HMAC-SHA256. Such a tree is
//!   refused with a message saying so: a spec of it would describe requests the runtime
//!   cannot sign or address.

use super::uri::parse_uri;

/// The line (1-based) and text of the page's request line, when it looks like an
/// operation.
pub(crate) fn request_line(path: &str, text: &str) -> Option<(usize, String)> {
    if path.contains("permission") {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let heading = lines
            .get(i + 1)
            .is_some_and(|n| n.len() >= 3 && n.trim().chars().all(|c| "=-~^".contains(c)));
        if heading && t.to_ascii_lowercase().contains("example") {
            return None;
        }
        let mut words = t.split_whitespace();
        let (Some(first), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        let first = first.trim_matches('*');
        let (method, target) = if first == "-" || first == "*" {
            (second.trim_matches('*'), words.next().unwrap_or(""))
        } else {
            (first, second)
        };
        let rest: Vec<&str> = words.collect();
        if rest.len() > 1 || rest.first().is_some_and(|r| !r.starts_with("HTTP/")) {
            continue;
        }
        if super::uri::is_method(method)
            && (target.starts_with('/') || target.starts_with("http"))
            && parse_uri(&format!("{method} {target}"), i + 1).is_some()
        {
            return Some((i + 1, format!("{method} {target}")));
        }
    }
    None
}

/// Whether the page documents a deprecated operation (see the module docs).
pub(crate) fn deprecated(path: &str, title: &str, text: &str) -> bool {
    const FOLDERS: &[&str] = &[
        "deprecated",
        "out-of-date",
        "old_version",
        "historical",
        "unavailable_soon",
        "to_be_taken_offline",
        "discarded",
        "obsolete",
    ];
    const TITLE: &[&str] = &["deprecated", "discarded", "obsolete"];
    const SAYS: &[&str] = &[
        "this api has been deprecated",
        "this api is deprecated",
        "this api has been discarded",
        "this api is discarded",
        "this api is obsolete",
        "this api is no longer maintained",
        "this api will be discontinued",
        "this api will be brought offline",
        "this api will be taken offline",
    ];
    let folders = path.rsplit_once('/').map_or("", |(f, _)| f).to_ascii_lowercase();
    let title = title.to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    FOLDERS.iter().any(|f| folders.contains(f))
        || TITLE.iter().any(|w| title.contains(w))
        || SAYS.iter().any(|s| text.contains(s))
}

/// Whether one page writes an S3-style request: a request line ending in `HTTP/1.1` with a
/// `Host:` header naming a bucket.
pub(crate) fn s3_request(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.iter().enumerate().any(|(i, l)| {
        l.ends_with("HTTP/1.1")
            && l.split_whitespace()
                .next()
                .is_some_and(super::uri::is_method)
            && lines[i + 1..].iter().take(4).any(|h| {
                let h = h.to_ascii_lowercase();
                h.starts_with("host:") && h.contains("bucket")
            })
    })
}

/// Why the tree is not imported, when it is S3-style: at least 3 pages write S3-style
/// requests (`s3`), and they are a third of the pages with requests (`requests`).
pub(crate) fn s3_refusal(s3: usize, requests: usize) -> Option<String> {
    (s3 >= 3 && s3 * 3 >= requests).then(|| {
        format!(
            "this is an S3-style API reference (Object Storage): {s3} pages write their operations as raw HTTP requests to a bucket host (`Host: bucketname...`), signed with the S3/OBS signature, not SDK-HMAC-SHA256; hwcloud-codegen generates clients for SDK-HMAC-SHA256 APIs only, so the tree is not imported"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_before_examples_look_like_operations() {
        let page = "T\n=\n\nURI\n---\n\n-  GET /v1/{project_id}/x\n";
        assert_eq!(request_line("a.rst", page), Some((7, "GET /v1/{project_id}/x".into())));
        let example = "T\n=\n\nExample Request\n---------------\n\n   GET /v1/x\n";
        assert_eq!(request_line("a.rst", example), None);
        assert_eq!(request_line("permissions/a.rst", page), None);
        assert_eq!(request_line("a.rst", "GET the list of servers\n"), None);
    }

    #[test]
    fn deprecated_pages_are_told_by_title_text_or_folder() {
        assert!(deprecated("a/x.rst", "Querying Jobs (Deprecated)", ""));
        assert!(deprecated("a/x.rst", "Querying Jobs", "T\n\nThis API has been deprecated. Use v2."));
        assert!(deprecated("out-of-date_apis/api_v1/x.rst", "Creating an Instance", ""));
        assert!(deprecated("historical_apis/devenviron_old_version/x.rst", "Querying", ""));
        assert!(!deprecated("apis/x.rst", "Publishing APIs or Taking APIs Offline", "APIs taken offline"));
    }

    #[test]
    fn s3_style_trees_are_told_apart() {
        let s3 = "T\n=\n\n.. code-block:: text\n\n   PUT /?acl HTTP/1.1\n   Host: bucketname.obs.region.example.com\n";
        assert!(s3_request(s3));
        assert!(!s3_request("GET /v1/x HTTP/1.1\nHost: ecs.example.com\n"));
        assert!(s3_refusal(3, 9).is_some_and(|m| m.contains("S3-style")));
        assert_eq!(s3_refusal(3, 20), None);
        assert_eq!(s3_refusal(2, 2), None);
    }
}
