//! A request's headers for the HTTP library: the header names the runtime and the signer
//! add taken as the library's constants, credentials marked sensitive, and the headers
//! every request to an endpoint repeats (user agent, content type, host, project id)
//! taken from a map made once per endpoint ([`ReadyHeaders`]) instead of being checked,
//! hashed and inserted again for each request.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::credentials::{CredentialKind, Credentials};
use crate::error::{Error, Result};
use crate::http::endpoint::Endpoint;
use crate::operation::{Operation, ServiceInfo};
use crate::wire::Headers;

/// The names of the headers the runtime and the signer add, as the HTTP library's
/// constants: taken without parsing or allocating. Each with whether its value is a
/// credential (marked sensitive for the HTTP library: kept out of its `Debug` output and
/// HPACK tables).
static KNOWN_NAMES: [(HeaderName, bool); 9] = [
    (reqwest::header::CONTENT_TYPE, false),
    (reqwest::header::USER_AGENT, false),
    (HeaderName::from_static("x-sdk-date"), false),
    (reqwest::header::HOST, false),
    (HeaderName::from_static("x-project-id"), false),
    (reqwest::header::AUTHORIZATION, true),
    (HeaderName::from_static("x-domain-id"), false),
    (HeaderName::from_static("x-security-token"), true),
    (reqwest::header::PROXY_AUTHORIZATION, true),
];

/// [`KNOWN_NAMES`] spelled out, to compare without asking the HTTP library for them.
const KNOWN_TEXT: [&str; 9] = [
    "content-type",
    "user-agent",
    "x-sdk-date",
    "host",
    "x-project-id",
    "authorization",
    "x-domain-id",
    "x-security-token",
    "proxy-authorization",
];

/// The index in [`KNOWN_NAMES`] of the name spelled `name` in any case. The lengths are
/// compared first: most names differ in length, so the ASCII case-insensitive comparison
/// runs about once per header.
fn known_name(name: &str) -> Option<usize> {
    KNOWN_TEXT
        .iter()
        .position(|known| known.len() == name.len() && known.eq_ignore_ascii_case(name))
}

/// No known name, in a request's [`Plan`].
const UNKNOWN: u8 = u8::MAX;

/// The most headers a request may have for the ready map to be used (one bit each).
const MAX_PLANNED: usize = 32;

/// The headers every request to one endpoint repeats, as the HTTP library's map, made
/// once when the client is built: its content type (the service's), user agent, host, and
/// the project or domain id the signer adds for the credentials. A request whose headers
/// hold each of them exactly once with that value starts from a copy of the map (values
/// shared by reference count, names and hashes copied), and only its other headers are
/// checked and inserted; any other request's headers are converted one by one.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadyHeaders {
    map: HeaderMap,
    /// The ready headers: the index of each name in [`KNOWN_NAMES`], with its value.
    entries: Vec<(usize, HeaderValue)>,
}

impl ReadyHeaders {
    /// The headers every request of a client with `user_agent`, `service` and
    /// `credentials` sends to `endpoint`. A value the HTTP library does not take is left
    /// out (such requests fail as before, on the request's own value).
    pub(crate) fn new(
        user_agent: &str,
        service: &ServiceInfo,
        endpoint: &Endpoint,
        credentials: &Credentials,
    ) -> Self {
        // As the signer adds them (`sign_for_sending`).
        let id = match credentials.kind() {
            CredentialKind::Basic => credentials.project_id().map(|v| ("x-project-id", v)),
            CredentialKind::Global => credentials.domain_id().map(|v| ("x-domain-id", v)),
        };
        let candidates = [
            Some(("content-type", service.content_type)),
            Some(("user-agent", user_agent)),
            id.filter(|(_, v)| !v.is_empty()),
            Some(("host", endpoint.host.as_str())),
        ];
        let mut map = HeaderMap::with_capacity(16);
        let mut entries = Vec::new();
        for (name, value) in candidates.into_iter().flatten() {
            let (Some(index), Ok(value)) = (known_name(name), HeaderValue::from_str(value)) else {
                continue;
            };
            // The first copy turns the value's buffer into a shared one, in place: each
            // request's copy is then a reference count.
            drop(value.clone());
            map.append(KNOWN_NAMES[index].0.clone(), value.clone());
            entries.push((index, value));
        }
        Self { map, entries }
    }

    /// Which of `headers` are the ready ones, when each ready header is there exactly
    /// once with its value and nothing else is named like one of them, and each header's
    /// known name; `None` when the request has more than [`MAX_PLANNED`] headers.
    fn plan(&self, headers: &Headers) -> Option<Plan> {
        if headers.len() > MAX_PLANNED {
            return None;
        }
        let mut plan = Plan {
            ready: true,
            skip: 0,
            known: [UNKNOWN; MAX_PLANNED],
        };
        let mut seen = 0u32;
        for (i, (name, value)) in headers.iter().enumerate() {
            let Some(k) = known_name(name) else {
                continue;
            };
            plan.known[i] = k as u8;
            let Some(r) = self.entries.iter().position(|(index, _)| *index == k) else {
                continue;
            };
            if seen & (1 << r) != 0 || self.entries[r].1.as_bytes() != value.as_bytes() {
                plan.ready = false;
            }
            seen |= 1 << r;
            plan.skip |= 1 << i;
        }
        plan.ready &= seen.count_ones() as usize == self.entries.len();
        Some(plan)
    }
}

/// How a request's headers go into the HTTP library's map ([`ReadyHeaders::plan`]).
struct Plan {
    /// Whether the map starts from the ready one, without the headers in `skip`.
    ready: bool,
    /// The headers that are ready ones (one bit each, in order).
    skip: u32,
    /// Each header's index in [`KNOWN_NAMES`], [`UNKNOWN`] for others.
    known: [u8; MAX_PLANNED],
}

/// The request's headers for the HTTP library, credentials marked sensitive. The values
/// move into it without a copy; those `ready` has are taken from its map.
pub(crate) fn header_map(
    op: &Operation,
    headers: Headers,
    ready: &ReadyHeaders,
) -> Result<HeaderMap> {
    let plan = ready.plan(&headers);
    let mut map = match &plan {
        Some(plan) if plan.ready => ready.map.clone(),
        _ => HeaderMap::with_capacity(headers.len()),
    };
    for (i, (name, value)) in headers.into_entries().enumerate() {
        let known = match &plan {
            Some(plan) if plan.ready && plan.skip & (1 << i) != 0 => continue,
            Some(plan) => (plan.known[i] != UNKNOWN).then_some(usize::from(plan.known[i])),
            None => known_name(&name),
        };
        let (name, sensitive) = match known {
            Some(k) => (KNOWN_NAMES[k].0.clone(), KNOWN_NAMES[k].1),
            None => (
                HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
                    Error::request(format!("{}: invalid header name `{name}`: {e}", op.id))
                })?,
                false,
            ),
        };
        // A ready value (when the plan could not be used) is taken shared too.
        let same = ready.entries.iter().map(|(_, v)| v);
        if !sensitive && let Some(same) = same.clone().find(|v| v.as_bytes() == value.as_bytes()) {
            map.append(name, same.clone());
            continue;
        }
        // The error of `try_from` never quotes the value, which may be a credential.
        let mut value = HeaderValue::try_from(value).map_err(|e| {
            Error::request(format!("{}: invalid value for header `{name}`: {e}", op.id))
        })?;
        if sensitive {
            value.set_sensitive(true);
        }
        map.append(name, value);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::RegionInfo;

    const OP: Operation = Operation::new("ListThings", crate::operation::Method::Get, "/v1/things");
    const SERVICE: ServiceInfo = ServiceInfo {
        name: "Svc",
        title: "Svc",
        endpoint_env: "SVC",
        content_type: "application/json",
        regions: &[] as &[RegionInfo],
        endpoint_prefixes: &[],
        operations: &[],
        global: false,
    };

    fn ready() -> ReadyHeaders {
        let credentials = Credentials::new("ak", "sk").with_project_id("p1");
        let endpoint = Endpoint::parse("https://svc.example.com").unwrap();
        ReadyHeaders::new("agent/1", &SERVICE, &endpoint, &credentials)
    }

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().copied().collect()
    }

    /// The map's headers in order, names as the HTTP library keeps them.
    fn listed(map: &HeaderMap) -> Vec<(String, String)> {
        map.iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect()
    }

    const USUAL: [(&str, &str); 7] = [
        ("Content-Type", "application/json"),
        ("User-Agent", "agent/1"),
        ("X-Project-Id", "p1"),
        ("X-Sdk-Date", "20260101T000000Z"),
        ("Host", "svc.example.com"),
        ("X-Trace", "t"),
        ("Authorization", "SDK-HMAC-SHA256 k"),
    ];

    #[test]
    fn a_usual_request_starts_from_the_ready_map_with_values_shared_and_credentials_marked() {
        let ready = ready();
        assert!(ready.plan(&headers(&USUAL)).unwrap().ready);
        let map = header_map(&OP, headers(&USUAL), &ready).unwrap();
        let mut got = listed(&map);
        got.sort();
        let mut want: Vec<_> = USUAL
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
            .collect();
        want.sort();
        assert_eq!(got, want);
        let agent = &map[reqwest::header::USER_AGENT];
        assert_eq!(
            agent.as_bytes().as_ptr(),
            ready.entries[1].1.as_bytes().as_ptr()
        );
        assert!(map[reqwest::header::AUTHORIZATION].is_sensitive());
        assert!(!map["x-sdk-date"].is_sensitive());
    }

    #[test]
    fn other_requests_get_exactly_their_own_headers() {
        let ready = ready();
        let cases: [&[(&str, &str)]; 5] = [
            // Another content type (an operation's own body type).
            &[
                ("Content-Type", "application/octet-stream"),
                ("User-Agent", "agent/1"),
                ("X-Project-Id", "p1"),
                ("Host", "svc.example.com"),
            ],
            // A ready header missing.
            &[
                ("Content-Type", "application/json"),
                ("User-Agent", "agent/1"),
            ],
            // One twice, in two spellings.
            &[
                ("Content-Type", "application/json"),
                ("User-Agent", "agent/1"),
                ("X-Project-Id", "p1"),
                ("Host", "svc.example.com"),
                ("x-project-id", "p1"),
            ],
            // Another host.
            &[
                ("Content-Type", "application/json"),
                ("User-Agent", "agent/1"),
                ("X-Project-Id", "p1"),
                ("Host", "other.example.com"),
            ],
            // A ready value sent for another name is still shared.
            &[("X-Agent", "agent/1")],
        ];
        for pairs in cases {
            assert!(!ready.plan(&headers(pairs)).unwrap().ready, "{pairs:?}");
            let map = header_map(&OP, headers(pairs), &ready).unwrap();
            let want: Vec<_> = pairs
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), (*v).to_owned()))
                .collect();
            let mut got = listed(&map);
            let mut sorted = want.clone();
            got.sort();
            sorted.sort();
            assert_eq!(got, sorted, "{pairs:?}");
        }
        let map = header_map(&OP, headers(&[("X-Agent", "agent/1")]), &ready).unwrap();
        let shared = map["x-agent"].as_bytes().as_ptr();
        assert_eq!(shared, ready.entries[1].1.as_bytes().as_ptr());
        // A credential is never taken shared, even when it equals a ready value.
        let map = header_map(&OP, headers(&[("Authorization", "agent/1")]), &ready).unwrap();
        let authorization = &map[reqwest::header::AUTHORIZATION];
        assert_ne!(authorization.as_bytes().as_ptr(), shared);
        assert!(authorization.is_sensitive());
    }

    #[test]
    fn the_known_names_are_spelled_as_the_http_library_spells_them() {
        for (i, (name, _)) in KNOWN_NAMES.iter().enumerate() {
            assert_eq!(name.as_str(), KNOWN_TEXT[i]);
            assert_eq!(known_name(&KNOWN_TEXT[i].to_ascii_uppercase()), Some(i));
        }
        assert_eq!(known_name("x-sdk-dates"), None);
    }

    #[test]
    fn bad_names_and_values_are_request_errors_that_do_not_quote_the_value() {
        let ready = ready();
        let mut bad = headers(&USUAL);
        bad.insert("X-Bad", "a\u{7f}secret");
        let e = header_map(&OP, bad, &ready).unwrap_err().to_string();
        assert!(
            e.contains("ListThings: invalid value for header `x-bad`"),
            "{e}"
        );
        assert!(!e.contains("secret"), "{e}");
        let e = header_map(&OP, headers(&[("X Bad", "v")]), &ready)
            .unwrap_err()
            .to_string();
        assert!(e.contains("invalid header name `X Bad`"), "{e}");
    }
}
