//! Recomputes an SDK-HMAC-SHA256 signature from a request as a server received it, written
//! independently of the runtime's signer, so that tests can check signatures end to end.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// What the server saw.
#[derive(Debug, Clone)]
pub struct ReceivedRequest {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Path as received (percent-encoded).
    pub path: String,
    /// Raw query string (without `?`), as received.
    pub query: String,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`
/// header.
pub fn parse_authorization(value: &str) -> Option<(String, Vec<String>, String)> {
    let rest = value.strip_prefix("SDK-HMAC-SHA256 ")?;
    let mut access = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        let (k, v) = part.split_once('=')?;
        match k {
            "Access" => access = Some(v.to_owned()),
            "SignedHeaders" => signed = Some(v.split(';').map(str::to_owned).collect()),
            "Signature" => signature = Some(v.to_owned()),
            _ => return None,
        }
    }
    Some((access?, signed?, signature?))
}

/// Recomputes the signature with `sk` and compares it with the one in `Authorization`.
/// Returns the expected signature on mismatch, as an error message.
pub fn check_signature(req: &ReceivedRequest, ak: &str, sk: &str) -> Result<(), String> {
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let auth = header("authorization").ok_or("no Authorization header")?;
    let (access, signed, signature) =
        parse_authorization(&auth).ok_or(format!("malformed Authorization: {auth}"))?;
    if access != ak {
        return Err(format!("signed with access key {access}, expected {ak}"));
    }
    let date = header("x-sdk-date").ok_or("no X-Sdk-Date header")?;
    let mut segments: Vec<String> = decode(&req.path).split('/').map(encode).collect();
    if segments.last().is_some_and(|s| !s.is_empty()) {
        segments.push(String::new());
    }
    let canonical_uri = segments.join("/");
    let mut pairs: Vec<(String, String)> = req
        .query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let mut canonical_headers = String::new();
    for name in &signed {
        let value = header(name).ok_or(format!("signed header {name} was not received"))?;
        canonical_headers.push_str(&format!("{name}:{}\n", value.trim()));
    }
    let payload = if req.body.is_empty() {
        hex::encode(Sha256::digest(b""))
    } else {
        hex::encode(Sha256::digest(&req.body))
    };
    let canonical = format!(
        "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{}\n{payload}",
        req.method,
        signed.join(";")
    );
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).map_err(|e| e.to_string())?;
    mac.update(string_to_sign.as_bytes());
    let expected = hex::encode(mac.finalize().into_bytes());
    if expected == signature {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch: got {signature}, recomputed {expected}\ncanonical request:\n{canonical}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_official_seed_vector_and_rejects_a_tampered_one() {
        let mut req = ReceivedRequest {
            method: "POST".into(),
            path: "/cloudartifact/v5/maven/users/me".into(),
            query: String::new(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("host".into(), "cloudartifacts-ext.cn-north-4.myhuaweicloud.com".into()),
                ("user-agent".into(), "huaweicloud-usdk-python/3.0; vector-generator".into()),
                ("x-project-id".into(), "0123456789abcdef0123456789abcdef".into()),
                ("x-sdk-date".into(), "20240102T030405Z".into()),
                ("authorization".into(), "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature=191254d3865b08211ea187cda44b7662bac1f1ad20d357b77817528f63391ab9".into()),
            ],
            body: Vec::new(),
        };
        let sk = "ExampleSecretKey0000000000000000000000000";
        assert_eq!(check_signature(&req, "HPUAEXAMPLEAK0000001", sk), Ok(()));
        req.headers[3].1 = "another-project".into();
        assert!(check_signature(&req, "HPUAEXAMPLEAK0000001", sk).is_err());
    }
}
