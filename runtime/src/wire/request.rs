//! How generated request types describe themselves ([`ApiRequest`]) and how their values
//! become a [`WireRequest`]: path parameters encoded as the official SDK does, query pairs,
//! headers and a JSON body serialized byte-for-byte like the official SDK.

use serde::Serialize;
use serde_json::Value;

use crate::error::sensitive::{HIDDEN, Masked, is_hidden, is_secret_header, redact_json};
use crate::error::{Error, Result};
use crate::operation::{Operation, ServiceInfo};
use crate::wire::WireRequest;
use crate::wire::query::{QueryValue, push_encoded};

/// Where a request goes: the endpoint's scheme, host (with any port) and base path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) host: &'a str,
    pub(crate) base_path: &'a str,
}

/// The values of the `{project_id}` and `{domain_id}` path parameters when a request
/// sets none: the credentials' ids.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PathDefaults<'a> {
    pub(crate) project_id: Option<&'a str>,
    pub(crate) domain_id: Option<&'a str>,
}

/// A request type of a generated client: its operation, its response type, and how its
/// fields go into the HTTP request.
pub trait ApiRequest {
    /// The decoded success body, read tolerantly (see [`crate::wire::tolerant`]).
    type Output: crate::wire::tolerant::Decode;
    /// The operation this request calls.
    const OPERATION: &'static Operation;
    /// Wire names of the parameters, body fields and response fields of this request that
    /// the spec marks sensitive (generated code lists them; the runtime also hides every
    /// name the [`sensitive`](crate::sensitive) rule hides): their values are never
    /// rendered, in the `Debug` of the request as sent or of the response, in errors or
    /// in logs. Default: none beyond the rule.
    const SENSITIVE: &'static [&'static str] = &[];
    /// Writes the path, query, header parameters and body. The default writes nothing.
    fn write(&self, request: &mut RequestWriter) {
        let _ = request;
    }
}

/// Headers the client sets on every request: the signer's, the credentials', the
/// transport's. A request cannot set them ([`RequestWriter::header`]), and `check` refuses
/// a spec whose header parameters name one.
pub const CLIENT_HEADERS: &[&str] = &[
    "Authorization",
    "Host",
    "X-Sdk-Date",
    "X-Sdk-Content-Sha256",
    "X-Security-Token",
    "X-Project-Id",
    "X-Domain-Id",
    "Content-Type",
    "Content-Length",
    "Transfer-Encoding",
    "User-Agent",
];

/// Collects the parts of a request written by [`ApiRequest::write`].
#[derive(Default)]
pub struct RequestWriter {
    path_params: Vec<(&'static str, Option<String>)>,
    query: Vec<(String, QueryValue)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    problems: Vec<String>,
    /// The names the request's spec marks sensitive ([`ApiRequest::SENSITIVE`]).
    pub(crate) sensitive: &'static [&'static str],
}

/// Values hidden as the [`sensitive`](crate::sensitive) rule says; the body as
/// redacted text.
impl std::fmt::Debug for RequestWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |name: &str| is_hidden(name, self.sensitive);
        let path: Vec<_> = self
            .path_params
            .iter()
            .map(|(n, v)| (*n, Masked::unless(hidden(n), v)))
            .collect();
        let query: Vec<_> = self
            .query
            .iter()
            .map(|(n, v)| (n, Masked::unless(hidden(n), v)))
            .collect();
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(n, v)| (*n, Masked::unless(is_secret_header(n, self.sensitive), v)))
            .collect();
        let body = self
            .body
            .as_deref()
            .map(|b| redact_json(&String::from_utf8_lossy(b), self.sensitive).into_owned());
        f.debug_struct("RequestWriter")
            .field("path_params", &path)
            .field("query", &query)
            .field("headers", &headers)
            .field("body", &body)
            .field("problems", &self.problems)
            .finish()
    }
}

/// A value as JSON, or `None` for `null`/`None`; records a problem if it does not serialize.
fn to_json<T: Serialize + ?Sized>(
    problems: &mut Vec<String>,
    name: &str,
    value: &T,
) -> Option<Value> {
    match serde_json::to_value(value) {
        Ok(Value::Null) => None,
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(format!("`{name}` cannot be serialized: {e}"));
            None
        }
    }
}

fn to_query(value: Value) -> Option<QueryValue> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => QueryValue::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => QueryValue::Int(i),
            None => QueryValue::Str(n.to_string()),
        },
        Value::String(s) => QueryValue::Str(s),
        Value::Array(items) => QueryValue::List(items.into_iter().filter_map(to_query).collect()),
        Value::Object(_) => return None,
    })
}

/// A scalar as text: strings as they are, numbers in decimal, booleans as `true`/`false`.
fn to_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl RequestWriter {
    /// `request` written, with its sensitive names.
    pub(crate) fn of<R: ApiRequest + ?Sized>(request: &R) -> Self {
        let mut writer = Self {
            sensitive: R::SENSITIVE,
            ..Self::default()
        };
        request.write(&mut writer);
        writer
    }

    /// Sets path parameter `{name}`. `None` leaves it to the credentials (`project_id`,
    /// `domain_id`) or fails the request.
    pub fn path<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let text = match to_json(&mut self.problems, name, value) {
            None => None,
            Some(v) => match to_text(v) {
                Some(t) => Some(t),
                None => {
                    self.problems.push(format!(
                        "path parameter `{name}` must be a string, number or boolean"
                    ));
                    return;
                }
            },
        };
        self.path_params.push((name, text));
    }

    /// Adds query parameter `name`; `None` adds nothing, a list repeats the key.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let Some(v) = to_json(&mut self.problems, name, value) else {
            return;
        };
        if v.is_object() {
            self.problems
                .push(format!("query parameter `{name}` cannot be an object"));
            return;
        }
        if let Some(q) = to_query(v) {
            self.query.push((name.to_owned(), q));
        }
    }

    /// Adds header `name`; `None` adds nothing. A header the client sets itself
    /// ([`CLIENT_HEADERS`]) makes the request fail: it would replace the signature, the
    /// host or the credentials' headers.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let Some(v) = to_json(&mut self.problems, name, value) else {
            return;
        };
        if CLIENT_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            self.problems.push(format!(
                "header `{name}` is set by the client and cannot be a parameter"
            ));
            return;
        }
        match to_text(v) {
            Some(text) => self.headers.push((name, text)),
            None => self.problems.push(format!(
                "header `{name}` must be a string, number or boolean"
            )),
        }
    }

    /// Sets the JSON body; `None` sends no body. Serialized like the official SDK
    /// (`", "`/`": "` separators, non-ASCII escaped), so bodies are byte-identical.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(_) => match crate::wire::json::to_python_json(value) {
                Ok(bytes) => self.body = Some(bytes),
                Err(e) => self
                    .problems
                    .push(format!("the body cannot be serialized: {e}")),
            },
            Err(e) => self
                .problems
                .push(format!("the body cannot be serialized: {e}")),
        }
    }

    /// Fills the path template of `op`, adds query, headers and body, and returns the
    /// request for `base`, with room for `extra_headers` more headers (the signer's).
    pub(crate) fn to_wire(
        &self,
        service: &ServiceInfo,
        op: &Operation,
        base: Target<'_>,
        defaults: PathDefaults<'_>,
        user_agent: &str,
        extra_headers: usize,
    ) -> Result<WireRequest> {
        if !self.problems.is_empty() {
            return Err(Error::request(format!(
                "{}: {}",
                op.id,
                self.problems.join("; ")
            )));
        }
        let mut path = String::with_capacity(base.base_path.len() + op.path.len() + 32);
        path.push_str(base.base_path);
        push_filled_path(&mut path, op, &self.path_params, defaults)?;
        // The path as shown (errors, `Debug`): hidden values as `***`.
        let shown_path = if self
            .path_params
            .iter()
            .any(|(n, v)| v.is_some() && is_hidden(n, self.sensitive))
        {
            let masked: Vec<_> = self
                .path_params
                .iter()
                .map(|(n, v)| {
                    let hide = v.is_some() && is_hidden(n, self.sensitive);
                    (
                        *n,
                        if hide {
                            Some(HIDDEN.to_owned())
                        } else {
                            v.clone()
                        },
                    )
                })
                .collect();
            let mut shown = String::from(base.base_path);
            push_filled_path(&mut shown, op, &masked, defaults)?;
            Some(shown.replace("%2A%2A%2A", HIDDEN))
        } else {
            None
        };
        let mut wire = WireRequest::new(op.method.as_str(), base.scheme, base.host, path);
        wire.sensitive = self.sensitive;
        wire.shown_path = shown_path;
        wire.query = self.query.clone();
        // Room for the signer's headers too, so the list is allocated once.
        wire.headers.reserve(2 + self.headers.len() + extra_headers);
        let content_type = op.body_content_type.unwrap_or(service.content_type);
        wire.headers.insert_static("Content-Type", content_type);
        wire.headers.insert_static("User-Agent", user_agent);
        for (name, value) in &self.headers {
            if value.contains(['\r', '\n']) {
                return Err(Error::request(format!(
                    "{}: header `{name}` contains a line break",
                    op.id
                )));
            }
            wire.headers.insert_static(name, value.clone());
        }
        wire.body = self.body.clone();
        Ok(wire)
    }
}

/// Appends the operation's path template with each `{name}` replaced by its encoded value.
fn push_filled_path(
    out: &mut String,
    op: &Operation,
    params: &[(&'static str, Option<String>)],
    defaults: PathDefaults<'_>,
) -> Result<()> {
    let mut rest = op.path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Error::request(format!(
                "{}: malformed path template `{}`",
                op.id, op.path
            )));
        };
        let name = &after[..close];
        let given = params
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_deref());
        let value = match given {
            Some(v) => v,
            None => match name {
                "project_id" => defaults.project_id.ok_or_else(|| {
                    Error::request(format!(
                        "{}: path parameter `project_id` is not set and the credentials have no project id",
                        op.id
                    ))
                })?,
                "domain_id" => defaults.domain_id.ok_or_else(|| {
                    Error::request(format!(
                        "{}: path parameter `domain_id` is not set and the credentials have no domain id",
                        op.id
                    ))
                })?,
                _ => return Err(Error::request(format!("{}: path parameter `{name}` is not set", op.id))),
            },
        };
        if value.is_empty() {
            return Err(Error::request(format!(
                "{}: path parameter `{name}` is empty",
                op.id
            )));
        }
        if value == "." || value == ".." {
            // Sent as is, the URL layer would collapse it into another operation's path
            // (`/files/./info` is `/files/info`), and the signature would not match.
            return Err(Error::request(format!(
                "{}: path parameter `{name}` is `{value}`, a dot segment that would change the path",
                op.id
            )));
        }
        push_encoded(out, value);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    const OP: Operation = Operation {
        id: "Op",
        summary: "",
        method: Method::Get,
        path: "/v5/{project_id}/repos/{repo}/files",
        success_statuses: &[200],
        body_content_type: None,
        permissions: &[],
    };

    fn fill_path(
        op: &Operation,
        params: &[(&'static str, Option<String>)],
        defaults: PathDefaults<'_>,
    ) -> Result<String> {
        let mut out = String::new();
        push_filled_path(&mut out, op, params, defaults)?;
        Ok(out)
    }

    #[test]
    fn fills_path_from_values_and_credentials() {
        let creds = PathDefaults {
            project_id: Some("p0"),
            domain_id: None,
        };
        let mut w = RequestWriter::default();
        w.path("project_id", &None::<String>);
        w.path("repo", "a/b c");
        assert_eq!(
            fill_path(&OP, &w.path_params, creds).unwrap(),
            "/v5/p0/repos/a%2Fb%20c/files"
        );
        let mut w = RequestWriter::default();
        w.path("project_id", "given");
        w.path("repo", "中");
        assert_eq!(
            fill_path(&OP, &w.path_params, creds).unwrap(),
            "/v5/given/repos/%E4%B8%AD/files"
        );
    }

    #[test]
    fn missing_or_empty_path_params_are_errors() {
        let creds = PathDefaults::default();
        let mut w = RequestWriter::default();
        w.path("project_id", &None::<String>);
        w.path("repo", "r");
        let e = fill_path(&OP, &w.path_params, creds)
            .unwrap_err()
            .to_string();
        assert!(e.contains("credentials have no project id"), "{e}");
        let mut w = RequestWriter::default();
        w.path("project_id", "p");
        w.path("repo", "");
        let e = fill_path(&OP, &w.path_params, creds)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`repo` is empty"), "{e}");
        for dots in [".", ".."] {
            let mut w = RequestWriter::default();
            w.path("project_id", "p");
            w.path("repo", dots);
            let e = fill_path(&OP, &w.path_params, creds)
                .unwrap_err()
                .to_string();
            assert!(e.contains("dot segment"), "{e}");
        }
        // Dots inside a value are ordinary characters.
        let mut w = RequestWriter::default();
        w.path("project_id", "p");
        w.path("repo", "...");
        assert_eq!(
            fill_path(&OP, &w.path_params, creds).unwrap(),
            "/v5/p/repos/.../files"
        );
    }

    #[test]
    fn query_values_keep_their_types() {
        let mut w = RequestWriter::default();
        w.query("page", &Some(2));
        w.query("flag", &Some(false));
        w.query("none", &None::<i32>);
        w.query("list", &vec!["b", "a"]);
        assert_eq!(
            w.query,
            vec![
                ("page".to_owned(), QueryValue::Int(2)),
                ("flag".to_owned(), QueryValue::Bool(false)),
                (
                    "list".to_owned(),
                    QueryValue::List(vec!["b".into(), "a".into()])
                ),
            ]
        );
    }

    #[test]
    fn body_is_python_json_and_none_means_no_body() {
        let mut w = RequestWriter::default();
        w.json_body(&None::<Vec<i32>>);
        assert!(w.body.is_none());
        w.json_body(&serde_json::json!({"ids": ["中", "b"]}));
        assert_eq!(w.body.as_deref(), Some(&br#"{"ids": ["\u4e2d", "b"]}"#[..]));
    }
}
