//! Which pages look like operations, and which trees are of an API family the importer
//! does not read, told from the pages' text alone (so that what the importer misses is
//! never silent).
//!
//! - **A page that looks like an operation**: outside the permission pages, a line before
//!   the page's first example heading that is only a request line (`METHOD /path`,
//!   `METHOD https://host/path`, as a list item or in bold), and not an example's (a query
//!   with values, `?limit=2&marker=3d42...`, or a concrete project id). Such a page that gives no
//!   operation is reported at that line; a tree whose operations are fewer than half of
//!   these pages is an error ([`super::TreeImport::problem`]).
//! - **Deprecated operations**: a page whose title says so (`Querying Jobs (Deprecated)`,
//!   `... (Discarded)`, `... (Obsolete)`), whose text says `This API has been deprecated`
//!   (`is deprecated`, `is no longer maintained`, `will be discontinued`, `will be brought
//!   offline`), or that sits in a folder for them (`deprecated`, `out-of-date`,
//!   `old_version`, `historical`, `unavailable_soon`, `to_be_taken_offline`, `discarded`,
//!   `obsolete` in its name).
//! - **One operation, two pages**: pages with the same method, path and title (a native
//!   OpenStack folder repeating a page of the service's own API: `GET /`, "Querying API
//!   Versions") document one operation. It is built from the page whose tables describe the
//!   most (the other may list nested fields as flat rows); the other page is a warning at its
//!   title naming the page used.
//! - **S3-style trees** (Object Storage): operations written as raw HTTP request syntax
//!   (`PUT /?acl HTTP/1.1`) against bucket hosts (`Host: bucketname.obs...`) and signed
//!   with the S3/OBS signature in `Authorization`, not SDK-HMAC-SHA256. Such a tree is
//!   refused with a message saying so: a spec of it would describe requests the runtime
//!   cannot sign or address.

use super::model::PageModel;
use super::uri::parse_uri;
use crate::import::warning::{Warning, Warnings};

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
        let mut words = super::uri::words(t).into_iter();
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
            && !concrete(target)
            && parse_uri(&format!("{method} {target}"), i + 1).is_some()
        {
            return Some((i + 1, format!("{method} {target}")));
        }
    }
    None
}

/// Whether a request target is an example's, not a template: its query gives values
/// (`?limit=2&marker=3d42...`, not `?limit={limit}`) or a segment is a concrete project id
/// (32 hexadecimal digits).
fn concrete(target: &str) -> bool {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let valued = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .any(|(_, v)| !v.is_empty() && !v.starts_with('{'));
    valued
        || path
            .split('/')
            .any(|s| s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit()))
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
    let folders = path
        .rsplit_once('/')
        .map_or("", |(f, _)| f)
        .to_ascii_lowercase();
    let title = title.to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    FOLDERS.iter().any(|f| folders.contains(f))
        || TITLE.iter().any(|w| title.contains(w))
        || SAYS.iter().any(|s| text.contains(s))
}

/// Keeps one page of each operation documented by several (see the module docs): the one
/// with the most tables, the first in path order among equals.
pub(crate) fn one_page_per_operation(models: &mut Vec<PageModel>, warnings: &mut Warnings) {
    let key = |m: &PageModel| {
        m.uri.as_ref().map(|u| {
            (
                u.method.clone(),
                u.path.trim_end_matches('/').to_owned(),
                m.title.trim().to_ascii_lowercase(),
            )
        })
    };
    let mut best: std::collections::HashMap<(String, String, String), usize> = Default::default();
    for (i, m) in models.iter().enumerate() {
        let Some(k) = key(m) else { continue };
        let slot = best.entry(k).or_insert(i);
        if m.tables.len() > models[*slot].tables.len() {
            *slot = i;
        }
    }
    let kept: Vec<bool> = models
        .iter()
        .enumerate()
        .map(|(i, m)| key(m).is_none_or(|k| best[&k] == i))
        .collect();
    for (m, _) in models.iter().zip(&kept).filter(|(_, k)| !**k) {
        let Some(k) = key(m) else { continue };
        let used = &models[best[&k]];
        warnings.push(Warning::new(
            &m.file,
            m.title_line,
            format!(
                "`{} {}` \"{}\" is documented by {} too, whose tables describe more: the operation is imported from that page",
                k.0,
                m.uri.as_ref().map_or("", |u| u.path.as_str()),
                m.title,
                used.file
            ),
        ));
    }
    let mut keep = kept.into_iter();
    models.retain(|_| keep.next().unwrap_or(true));
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
        assert_eq!(
            request_line("a.rst", page),
            Some((7, "GET /v1/{project_id}/x".into()))
        );
        let example = "T\n=\n\nExample Request\n---------------\n\n   GET /v1/x\n";
        assert_eq!(request_line("a.rst", example), None);
        assert_eq!(request_line("permissions/a.rst", page), None);
        assert_eq!(request_line("a.rst", "GET the list of servers\n"), None);
        // An example's request (a guide page's) is no request line.
        let guide = "Pagination\n==========\n\nExample request 1\n\n   GET https://{Endpoint}/v2.0/networks?limit=2&marker=3d42\n";
        assert_eq!(request_line("a.rst", guide), None);
        let concrete_project = "T\n=\n\nPOST /v1.0/6204a5bd270343b5885144cf9c8c158d/clusters\n";
        assert_eq!(request_line("a.rst", concrete_project), None);
        let template = "T\n=\n\nGET /v2/{project_id}/servers?limit={limit}\n";
        assert_eq!(
            request_line("a.rst", template),
            Some((4, "GET /v2/{project_id}/servers?limit={limit}".into()))
        );
    }

    #[test]
    fn deprecated_pages_are_told_by_title_text_or_folder() {
        assert!(deprecated("a/x.rst", "Querying Jobs (Deprecated)", ""));
        assert!(deprecated(
            "a/x.rst",
            "Querying Jobs",
            "T\n\nThis API has been deprecated. Use v2."
        ));
        assert!(deprecated(
            "out-of-date_apis/api_v1/x.rst",
            "Creating an Instance",
            ""
        ));
        assert!(deprecated(
            "historical_apis/devenviron_old_version/x.rst",
            "Querying",
            ""
        ));
        assert!(!deprecated(
            "apis/x.rst",
            "Publishing APIs or Taking APIs Offline",
            "APIs taken offline"
        ));
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

    #[test]
    fn one_operation_on_two_pages_is_imported_once_from_the_page_that_describes_it() {
        let page = |file: &str, tables: usize, path: &str| PageModel {
            file: file.into(),
            title: "Querying API Versions".into(),
            title_line: 5,
            uri: super::super::uri::parse_uri(&format!("GET {path}"), 1),
            tables: vec![super::super::doc::Table::default(); tables],
            ..PageModel::default()
        };
        let mut models = vec![
            page("bms/versions.rst", 3, "/"),
            page("nova/versions.rst", 1, "/"),
            page("bms/version.rst", 1, "/{api_version}"),
        ];
        let mut warnings = Vec::new();
        one_page_per_operation(&mut models, &mut warnings);
        let files: Vec<&str> = models.iter().map(|m| m.file.as_str()).collect();
        assert_eq!(files, ["bms/versions.rst", "bms/version.rst"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            (warnings[0].file.as_str(), warnings[0].line),
            ("nova/versions.rst", 5)
        );
        assert!(
            warnings[0].message.contains("bms/versions.rst"),
            "{}",
            warnings[0].message
        );
    }
}
