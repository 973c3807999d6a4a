//! Reading the error code and message out of an error response body, as the official
//! SDK's `DefaultExceptionHandler` does.

/// Error code, message and encoded authorization message read from an error body the way
/// the official SDK reads them: `error_code`/`error_msg`, then `errorCode`/`errorMsg`, then
/// `code`/`message` (each pair only when both keys are present), else the same search in
/// every nested object (later matches win); failing all that, the status and the raw body.
/// Never fails: any body, JSON or not, gives an answer.
pub fn extract_error_fields(status: u16, body: &str) -> (String, String, Option<String>) {
    let mut code = None;
    let mut msg = None;
    let mut encoded = None;
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(body) {
        search(&map, &mut code, &mut msg, &mut encoded, 0);
    }
    match (code, msg) {
        (Some(c), Some(m)) => (c, m, encoded),
        _ => (status.to_string(), body.to_owned(), encoded),
    }
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
}
