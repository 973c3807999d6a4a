//! Reading the error code and message out of an error response body, as the official
//! SDK's `DefaultExceptionHandler` does.

/// Error code, message and encoded authorization message read from an error body the way
/// the official SDK reads them: `error_code`/`error_msg`, then `errorCode`/`errorMsg`, then
/// `code`/`message` (each pair only when both keys are present), else the same search in
/// every nested object (later matches win). Where the official SDK then gives up, one more
/// shape is read: the OpenStack one, a single top-level key whose value is an object with a
/// `message` (`{"NeutronError": {"type": "...", "message": "...", "detail": ""}}`,
/// `{"itemNotFound": {"message": "..."}}`): the code is its `code`, else its `type`, else the
/// key. Failing all that, the status and the raw body. Never fails: any body, JSON or not,
/// gives an answer.
pub fn extract_error_fields(status: u16, body: &str) -> (String, String, Option<String>) {
    let mut code = None;
    let mut msg = None;
    let mut encoded = None;
    // Read as a stream, keeping only what the search can use: a body of tens of MiB does
    // not become a `serde_json::Value` many times its size.
    if let Ok(Top(Some(node))) = serde_json::from_str::<Top>(body) {
        node.apply(&mut code, &mut msg, &mut encoded, 0);
    }
    match (code, msg) {
        (Some(c), Some(m)) => (c, m, encoded),
        _ => match openstack_fields(body) {
            Some((c, m)) => (c, m, encoded),
            None => (status.to_string(), body.to_owned(), encoded),
        },
    }
}

/// The value of the single top-level key of an OpenStack-style error body; other keys of
/// it are skipped unread.
#[derive(serde::Deserialize)]
struct OpenStackError {
    code: Option<serde_json::Value>,
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
    message: Option<serde_json::Value>,
}

/// Code and message of a body that is one key holding an object with a `message`.
fn openstack_fields(body: &str) -> Option<(String, String)> {
    let map: std::collections::BTreeMap<String, OpenStackError> =
        serde_json::from_str(body).ok()?;
    let mut entries = map.into_iter();
    let (key, inner) = entries.next()?;
    if entries.next().is_some() {
        return None;
    }
    let message = inner.message.filter(|m| !m.is_null())?;
    let code = [inner.code, inner.kind]
        .into_iter()
        .flatten()
        .find(|c| !c.is_null() && c.as_str() != Some(""))
        .map_or(key, |c| text(&c));
    Some((code, text(&message)))
}

const PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// serde_json already limits nesting to 128 levels; this keeps the walk bounded too.
const MAX_DEPTH: usize = 64;

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn search(
    map: &serde_json::Map<String, serde_json::Value>,
    code: &mut Option<String>,
    msg: &mut Option<String>,
    encoded: &mut Option<String>,
    depth: usize,
) {
    if let Some(e) = map.get("encoded_authorization_message") {
        *encoded = Some(text(e));
    }
    for (c, m) in PAIRS {
        if let (Some(cv), Some(mv)) = (map.get(c), map.get(m)) {
            *code = Some(text(cv));
            *msg = Some(text(mv));
            return;
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for value in map.values() {
        if let serde_json::Value::Object(inner) = value {
            search(inner, code, msg, encoded, depth + 1);
        }
    }
}

/// The keys the search reads: the three pairs, then `encoded_authorization_message`.
const SPECIAL: [&str; 7] = [
    "error_code",
    "error_msg",
    "errorCode",
    "errorMsg",
    "code",
    "message",
    "encoded_authorization_message",
];

/// What one object of the body holds for the search: the values of its [`SPECIAL`]
/// keys (the last one of a repeated key, as `serde_json::Value` keeps it) and its nested
/// objects that hold something, by key in sorted order (the order of a `Value` map).
#[derive(Default)]
struct Node {
    special: [Option<serde_json::Value>; 7],
    children: std::collections::BTreeMap<String, Child>,
}

/// A nested object: read as a stream, or kept whole when it is a [`SPECIAL`] key's value.
enum Child {
    Streamed(Box<Node>),
    Whole(serde_json::Map<String, serde_json::Value>),
}

impl Node {
    fn is_empty(&self) -> bool {
        self.special.iter().all(Option::is_none) && self.children.is_empty()
    }

    /// [`search`] over the streamed form.
    fn apply(
        &self,
        code: &mut Option<String>,
        msg: &mut Option<String>,
        encoded: &mut Option<String>,
        depth: usize,
    ) {
        if let Some(e) = &self.special[6] {
            *encoded = Some(text(e));
        }
        for pair in 0..PAIRS.len() {
            if let (Some(cv), Some(mv)) = (&self.special[2 * pair], &self.special[2 * pair + 1]) {
                *code = Some(text(cv));
                *msg = Some(text(mv));
                return;
            }
        }
        if depth >= MAX_DEPTH {
            return;
        }
        for child in self.children.values() {
            match child {
                Child::Streamed(node) => node.apply(code, msg, encoded, depth + 1),
                Child::Whole(map) => search(map, code, msg, encoded, depth + 1),
            }
        }
    }
}

/// The body: an object, or anything else (which the search ignores).
struct Top(Option<Node>);

impl<'de> serde::Deserialize<'de> for Top {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(NodeVisitor { depth: 0 })
            .map(Top)
    }
}

/// Reads one value; an object becomes a [`Node`] (when it holds something), anything
/// else is skipped. Below [`MAX_DEPTH`] only the special keys are kept.
struct NodeVisitor {
    depth: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for NodeVisitor {
    type Value = Option<Node>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<Node>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Option<Node>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<Node>, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Option<Node>, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Option<Node>, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Option<Node>, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Option<Node>, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Option<Node>, E> {
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Node>, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Option<Node>, A::Error> {
        let mut node = Node::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let key: &str = &key;
            // A repeated key replaces what came before it, as in a `Value` map.
            node.children.remove(key);
            if let Some(slot) = SPECIAL.iter().position(|s| *s == key) {
                let value: serde_json::Value = map.next_value()?;
                if let serde_json::Value::Object(inner) = &value
                    && self.depth < MAX_DEPTH
                {
                    node.children
                        .insert(key.to_owned(), Child::Whole(inner.clone()));
                }
                node.special[slot] = Some(value);
            } else if self.depth < MAX_DEPTH {
                let child = map.next_value_seed(NodeVisitor {
                    depth: self.depth + 1,
                })?;
                if let Some(child) = child.filter(|c| !c.is_empty()) {
                    node.children
                        .insert(key.to_owned(), Child::Streamed(Box::new(child)));
                }
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(Some(node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_like_the_official_sdk() {
        let body = r#"{"status":"error","trace_id":"t-1","error_code":"CLOUDARTIFACT.00010001","error_msg":"unauthorized"}"#;
        assert_eq!(
            extract_error_fields(401, body),
            ("CLOUDARTIFACT.00010001".into(), "unauthorized".into(), None)
        );
        let camel =
            r#"{"errorCode":"E403","errorMsg":"denied","encoded_authorization_message":"ENC"}"#;
        assert_eq!(
            extract_error_fields(403, camel),
            ("E403".into(), "denied".into(), Some("ENC".into()))
        );
        let nested = r#"{"error":{"code":"APIGW.0301","message":"bad sig"}}"#;
        assert_eq!(extract_error_fields(401, nested).0, "APIGW.0301");
        let numeric = r#"{"code":500,"message":"boom"}"#;
        assert_eq!(extract_error_fields(500, numeric).0, "500");
        assert_eq!(
            extract_error_fields(500, "<html>oops</html>"),
            ("500".into(), "<html>oops</html>".into(), None)
        );
        // Only one half of a pair does not count.
        assert_eq!(extract_error_fields(400, r#"{"error_code":"X"}"#).0, "400");
        // Truncated JSON and an array fall back to the status and the body.
        assert_eq!(extract_error_fields(502, r#"{"error_code":"#).0, "502");
        assert_eq!(extract_error_fields(502, "[1,2]").1, "[1,2]");
    }

    /// The search as it was written first, over a whole `serde_json::Value`: the
    /// reference the streamed reading must agree with.
    fn reference(status: u16, body: &str) -> (String, String, Option<String>) {
        let mut code = None;
        let mut msg = None;
        let mut encoded = None;
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(body) {
            search(&map, &mut code, &mut msg, &mut encoded, 0);
        }
        match (code, msg) {
            (Some(c), Some(m)) => (c, m, encoded),
            _ => match openstack_fields(body) {
                Some((c, m)) => (c, m, encoded),
                None => (status.to_string(), body.to_owned(), encoded),
            },
        }
    }

    #[test]
    fn reads_the_openstack_shapes() {
        let neutron = r#"{"NeutronError": {"type": "NetworkNotFound", "message": "Network abc could not be found.", "detail": ""}}"#;
        assert_eq!(
            extract_error_fields(404, neutron),
            (
                "NetworkNotFound".into(),
                "Network abc could not be found.".into(),
                None
            )
        );
        let bad = r#"{"badRequest": {"code": 400, "message": "Invalid input"}}"#;
        assert_eq!(
            extract_error_fields(400, bad),
            ("400".into(), "Invalid input".into(), None)
        );
        let missing = r#"{"itemNotFound": {"message": "Port p1 not found"}}"#;
        assert_eq!(
            extract_error_fields(404, missing),
            ("itemNotFound".into(), "Port p1 not found".into(), None)
        );
        let error = r#"{"error": {"code": "VPC.0101", "message": "bad vpc"}}"#;
        assert_eq!(extract_error_fields(400, error).0, "VPC.0101");
        // Not the shape: two keys, no message, a message of null, a value that is no object.
        for body in [
            r#"{"a": {"message": "m"}, "b": {"message": "n"}}"#,
            r#"{"NeutronError": {"type": "T"}}"#,
            r#"{"NeutronError": {"type": "T", "message": null}}"#,
            r#"{"NeutronError": "text"}"#,
        ] {
            assert_eq!(
                extract_error_fields(409, body),
                ("409".into(), body.into(), None)
            );
        }
    }

    #[test]
    fn the_streamed_search_agrees_with_the_value_search() {
        let mut deep = String::from(r#"{"code":"D","message":"deep"}"#);
        for i in 0..70 {
            deep = format!(r#"{{"k{i}":{deep}}}"#);
        }
        let fixed = [
            r#"{"b":{"code":"B","message":"b"},"a":{"code":"A","message":"a"}}"#,
            r#"{"x":{"code":"1","message":"2"},"x":5}"#,
            r#"{"x":5,"x":{"code":"1","message":"2"}}"#,
            r#"{"code":{"code":"in","message":"m"},"z":{"errorCode":"Z"}}"#,
            r#"{"code":{"a":1, "b":[1,2]},"message":null}"#,
            r#"{"error_code":"E","error_msg":"m","code":"C","message":"M"}"#,
            r#"{"errorCode":"E","message":"m","code":"C"}"#,
            r#"{"encoded_authorization_message":"top","a":{"encoded_authorization_message":"in"}}"#,
            r#"{"encoded_authorization_message":7,"code":1.5,"message":true}"#,
            r#"{"a":[{"code":"no","message":"arrays are not searched"}]}"#,
            r#"{"code":"c","message":"m"} trailing"#,
            r#"{"a":{"b":{"error_code":"","error_msg":"
"}}}"#,
            deep.as_str(),
            "",
            "null",
        ];
        for body in fixed {
            assert_eq!(
                extract_error_fields(400, body),
                reference(400, body),
                "{body}"
            );
        }
        let mut rng = fastrand::Rng::with_seed(7);
        const KEYS: [&str; 9] = [
            "code",
            "message",
            "error_code",
            "error_msg",
            "errorCode",
            "errorMsg",
            "encoded_authorization_message",
            "a",
            "b",
        ];
        fn value(rng: &mut fastrand::Rng, depth: usize) -> String {
            match rng.u8(0..7) {
                0 => "null".into(),
                1 => rng.i32(-3..3).to_string(),
                2 => format!("\"s{}\"", rng.u8(0..3)),
                3 => "[1,{\"code\":\"x\"}]".into(),
                _ if depth < 4 => object(rng, depth + 1),
                _ => "{}".into(),
            }
        }
        fn object(rng: &mut fastrand::Rng, depth: usize) -> String {
            let entries: Vec<String> = (0..rng.usize(0..5))
                .map(|_| {
                    format!(
                        "\"{}\":{}",
                        KEYS[rng.usize(0..KEYS.len())],
                        value(rng, depth)
                    )
                })
                .collect();
            format!("{{{}}}", entries.join(","))
        }
        for _ in 0..3000 {
            let body = object(&mut rng, 0);
            assert_eq!(
                extract_error_fields(500, &body),
                reference(500, &body),
                "{body}"
            );
        }
    }
}
