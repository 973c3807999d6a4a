//! The URLs of an endpoint's requests: its origin parsed once when the client is built,
//! and the URL of the last request sent there, reused when the next one has the same path
//! (and query).
//!
//! The HTTP library takes a request's URL as a parsed `url::Url`, which can only be made by
//! parsing: the path and query signed for each attempt would be parsed again and again
//! (about 5k instructions for a 100-byte path and query). A client that calls the same
//! operation with the same parameters (polling a resource, listing with the same filter)
//! sends the same path and query each time, and one that pages sends the same path with
//! another marker: those reuse the last URL whole, or its path with the new query.

use std::sync::Mutex;

use crate::http::endpoint::Endpoint;

/// One endpoint's parsed URLs ([`EndpointUrls::url`]).
#[derive(Debug)]
pub(crate) struct EndpointUrls {
    /// The endpoint's origin (`scheme://host/`); `None` when the URL layer does not take
    /// it: the requests then carry their whole URL as text (and fail to build as before).
    origin: Option<reqwest::Url>,
    /// The last URL made for this endpoint whose path and query are exactly the text it
    /// was made from. Only requests with nothing marked sensitive are kept (the URL stays
    /// in the client until the next request replaces it; it is never shown).
    last: Mutex<Option<reqwest::Url>>,
}

impl EndpointUrls {
    /// The URLs of `endpoint`, its origin parsed.
    pub(crate) fn of(endpoint: &Endpoint) -> Self {
        Self {
            origin: reqwest::Url::parse(&format!("{}://{}/", endpoint.scheme, endpoint.host)).ok(),
            last: Mutex::new(None),
        }
    }

    /// The URL of a request whose path and query are `signed`: the last URL when it has the
    /// same path and query, the last URL with `signed`'s query when it has the same path,
    /// else `signed` resolved against the origin (only the path and query are parsed).
    /// `keep`: whether the result may be kept for the next request. `None` when there is
    /// no origin, or `signed` does not start with a single `/` (it would not resolve to a
    /// path of the origin's host), or the URL layer refuses it: the caller then hands over
    /// the whole URL as text.
    ///
    /// The URL returned is the URL layer's reading of `signed`, as if parsed anew: a URL
    /// is kept only when its path and query are `signed` exactly, and a query is set by
    /// the same parser `join` uses. The caller still checks the result against `signed`.
    pub(crate) fn url(&self, signed: &str, keep: bool) -> Option<reqwest::Url> {
        if !signed.starts_with('/') || signed.starts_with("//") {
            return None;
        }
        let origin = self.origin.as_ref()?;
        // Never waits: a request that finds the slot busy parses its URL.
        let reused = match self.last.try_lock() {
            Ok(last) => last.as_ref().and_then(|url| {
                if path_and_query(url) == signed {
                    return Some((url.clone(), true));
                }
                let (path, query) = match signed.split_once('?') {
                    Some((path, query)) => (path, Some(query)),
                    None => (signed, None),
                };
                (url.path() == path && query.is_none_or(plain)).then(|| {
                    let mut url = url.clone();
                    url.set_query(query);
                    (url, false)
                })
            }),
            Err(_) => None,
        };
        let url = match reused {
            Some((url, true)) => return Some(url),
            Some((url, false)) => url,
            None => origin.join(signed).ok()?,
        };
        if keep
            && path_and_query(&url) == signed
            && let Ok(mut last) = self.last.try_lock()
        {
            *last = Some(url.clone());
        }
        Some(url)
    }
}

/// Whether the query `text` is read by `Url::set_query` as by `Url::join`: no fragment,
/// and nothing that `join` trims or drops (white space and control characters).
fn plain(text: &str) -> bool {
    text.bytes().all(|b| b > b' ' && b != b'#' && b != 0x7f)
}

/// The path and query of `url`, as sent.
pub(crate) fn path_and_query(url: &reqwest::Url) -> &str {
    &url[url::Position::BeforePath..url::Position::AfterQuery]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls() -> EndpointUrls {
        EndpointUrls::of(&Endpoint::parse("http://127.0.0.1:8080/gw").unwrap())
    }

    #[test]
    fn a_repeated_path_and_query_reuse_the_last_url_and_read_as_parsed_anew() {
        let urls = urls();
        let origin = reqwest::Url::parse("http://127.0.0.1:8080/").unwrap();
        let mut expected = None;
        for signed in [
            "/gw/v1/p/subnets?limit=3&vpc_id=a",
            "/gw/v1/p/subnets?limit=3&vpc_id=a",
            "/gw/v1/p/subnets?limit=3&marker=b",
            "/gw/v1/p/subnets",
            "/gw/v1/p/subnets?a=%20b&c=%E4%B8%AD",
            "/gw/v1/p/vpcs?limit=3",
            // What the URL layer would change (a dot segment, a space, a fragment) is
            // read the same as a fresh parse would read it, and never kept.
            "/gw/v1/p/../subnets?limit=3",
            "/gw/v1/p/subnets?a b",
            "/gw/v1/p/subnets?a b",
            "/gw/v1/p/subnets?a#b",
            "/gw/v1/p/subnets?a\tb ",
            "/gw/v1/p/subnets?q='\u{4e2d}'&r=%zz",
            "/gw/v1/p/subnets?limit=3&vpc_id=a",
            "/gw/v1/p/subnets?",
        ] {
            let fresh = origin.join(signed).unwrap();
            assert_eq!(urls.url(signed, true).unwrap(), fresh, "{signed}");
            if path_and_query(&fresh) == signed {
                expected = Some(fresh);
            }
            assert_eq!(*urls.last.lock().unwrap(), expected, "{signed}");
        }
    }

    #[test]
    fn a_url_marked_not_to_keep_is_not_kept_and_refusals_stay() {
        let urls = urls();
        urls.url("/v1/a?x=1", true).unwrap();
        // Not kept: the next request parses its own.
        let secret = urls.url("/v1/b?token=s", false).unwrap();
        assert_eq!(secret.as_str(), "http://127.0.0.1:8080/v1/b?token=s");
        let last = urls.last.lock().unwrap().clone().unwrap();
        assert_eq!(last.as_str(), "http://127.0.0.1:8080/v1/a?x=1");
        for refused in ["v1/a", "//other.example/v1/a", ""] {
            assert!(urls.url(refused, true).is_none(), "{refused}");
        }
        let none = EndpointUrls {
            origin: None,
            last: Mutex::new(None),
        };
        assert!(none.url("/v1/a", true).is_none());
    }
}
