//! AK/SK request signing, byte for byte as the official Python SDK core does it.
//!
//! - `SDK-HMAC-SHA256` with [`sign`] (`huaweicloudsdkcore.signer.Signer`).
//! - `V11-HMAC-SHA256` with [`sign_derived`] (`DerivationAKSKSigner`), opt-in.
//! - The credentials step with [`sign_with_credentials`]
//!   (`BasicCredentials`/`GlobalCredentials.sign_request`).
//!
//! On error the request is left unchanged.

use std::collections::HashMap;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use zeroize::Zeroizing;

use crate::credentials::{CredentialKind, Credentials};
use crate::query::{encode_component, sort_lists_in_place};
use crate::wire::{Headers, WireRequest};

type HmacSha256 = Hmac<Sha256>;

/// The algorithm name of [`sign`].
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// The algorithm name of [`sign_derived`].
pub const DERIVED_ALGORITHM: &str = "V11-HMAC-SHA256";

const HEADER_X_DATE: &str = "X-Sdk-Date";
const HEADER_HOST: &str = "Host";
const HEADER_AUTHORIZATION: &str = "Authorization";
const HEADER_CONTENT_SHA256: &str = "X-Sdk-Content-Sha256";
const HEADER_CONTENT_TYPE: &str = "Content-Type";
const HEADER_PROJECT_ID: &str = "X-Project-Id";
const HEADER_DOMAIN_ID: &str = "X-Domain-Id";
const HEADER_SECURITY_TOKEN: &str = "X-Security-Token";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Why a request could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The access key is empty.
    #[error("the access key (AK) is empty")]
    EmptyAccessKey,
    /// The secret key is empty.
    #[error("the secret key (SK) is empty")]
    EmptySecretKey,
    /// The resource path is empty (the SDK needs at least `/`).
    #[error("the request path is empty; it must be at least \"/\"")]
    EmptyPath,
    /// A date (e.g. an `X-Sdk-Date` header) is not of the form `20240102T030405Z`.
    #[error("invalid SDK date {value:?}: {reason} (expected the form 20240102T030405Z)")]
    InvalidDate {
        /// The rejected text.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A clock time outside the years 1000..=9999.
    #[error("the time is outside the years 1000..=9999")]
    TimeOutOfRange,
    /// Derived signing needs a non-empty region id and service name.
    #[error("derived signing needs a non-empty {0}")]
    MissingDerivedScope(&'static str),
    /// The HMAC or HKDF primitive rejected its input.
    #[error("signing key setup failed")]
    Crypto,
}

/// A UTC time with second precision, written `%Y%m%dT%H%M%SZ` (e.g. `20240102T030405Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SdkDate(PrimitiveDateTime);

impl SdkDate {
    /// The given clock time, truncated to the second.
    ///
    /// Fails outside the years 1000..=9999 (where CPython's `strftime` output varies).
    pub fn from_system_time(t: SystemTime) -> Result<Self, SignError> {
        let utc = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => time::Duration::try_from(after)
                .ok()
                .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_add(d)),
            Err(before) => time::Duration::try_from(before.duration())
                .ok()
                .and_then(|d| OffsetDateTime::UNIX_EPOCH.checked_sub(d)),
        }
        .ok_or(SignError::TimeOutOfRange)?;
        let time = Time::from_hms(utc.hour(), utc.minute(), utc.second())
            .map_err(|_| SignError::TimeOutOfRange)?;
        Self::checked(PrimitiveDateTime::new(utc.date(), time)).ok_or(SignError::TimeOutOfRange)
    }

    /// The current time.
    pub fn now() -> Result<Self, SignError> {
        Self::from_system_time(SystemTime::now())
    }

    /// Parses exactly `YYYYMMDDTHHMMSSZ` (a real calendar date, seconds 00..=59).
    ///
    /// Python's `strptime` also takes one-digit months, days and times; such
    /// values are rejected here.
    pub fn parse(s: &str) -> Result<Self, SignError> {
        let invalid = |reason| SignError::InvalidDate {
            value: s.to_owned(),
            reason,
        };
        let b = s.as_bytes();
        if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
            return Err(invalid("wrong shape"));
        }
        let digits = |range: std::ops::Range<usize>| -> Result<u32, SignError> {
            b[range].iter().try_fold(0u32, |acc, &c| {
                if c.is_ascii_digit() {
                    Ok(acc * 10 + u32::from(c - b'0'))
                } else {
                    Err(invalid("non-digit in a number"))
                }
            })
        };
        let (year, month, day) = (digits(0..4)?, digits(4..6)?, digits(6..8)?);
        let (hour, minute, second) = (digits(9..11)?, digits(11..13)?, digits(13..15)?);
        let as_u8 = |v: u32| u8::try_from(v).map_err(|_| invalid("field out of range"));
        let month = Month::try_from(as_u8(month)?).map_err(|_| invalid("month out of range"))?;
        let year = i32::try_from(year).map_err(|_| invalid("year out of range"))?;
        let date = Date::from_calendar_date(year, month, as_u8(day)?)
            .map_err(|_| invalid("day out of range"))?;
        let time = Time::from_hms(as_u8(hour)?, as_u8(minute)?, as_u8(second)?)
            .map_err(|_| invalid("time of day out of range"))?;
        Self::checked(PrimitiveDateTime::new(date, time)).ok_or_else(|| invalid("year before 1000"))
    }

    fn checked(dt: PrimitiveDateTime) -> Option<Self> {
        (1000..=9999).contains(&dt.year()).then_some(Self(dt))
    }

    /// The date alone, `%Y%m%d` (used in the V11 scope).
    pub fn date_stamp(&self) -> String {
        let d = self.0.date();
        format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

impl fmt::Display for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0.time();
        write!(
            f,
            "{}T{:02}{:02}{:02}Z",
            self.date_stamp(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// An access key and its secret key, borrowed for one signing.
#[derive(Clone, Copy)]
pub struct SigningKey<'a> {
    /// The access key id.
    pub ak: &'a str,
    /// The secret key bytes (the SDK uses the SK's UTF-8 form).
    pub sk: &'a [u8],
}

impl<'a> SigningKey<'a> {
    /// A key from an AK and SK bytes.
    pub fn new(ak: &'a str, sk: &'a [u8]) -> Self {
        Self { ak, sk }
    }

    /// The AK/SK pair of `creds`.
    pub fn from_credentials(creds: &'a Credentials) -> Self {
        Self::new(creds.ak(), creds.sk().expose().as_bytes())
    }
}

impl fmt::Debug for SigningKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("ak", &self.ak)
            .field("sk", &"***")
            .finish()
    }
}

/// Every intermediate of one signing, for checks and debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// `SDK-HMAC-SHA256` or `V11-HMAC-SHA256`.
    pub algorithm: &'static str,
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The `;`-joined signed header names.
    pub signed_headers: String,
    /// The lower-case hex signature.
    pub signature: String,
    /// The `Authorization` header value that was set.
    pub authorization: String,
}

/// Signs `req` with `SDK-HMAC-SHA256`, exactly as the official `Signer.sign`.
///
/// Adds `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (for a non-empty `Content-Type` that
/// is not JSON/BSON), `X-Sdk-Date` (unless any-case present: then it is parsed and
/// reused), `Host` (unless any-case present) and `Authorization`; trims every header
/// value and, like the SDK, sorts list query values in place (see
/// [`WireRequest::request_uri`]). `now` is used only when no `X-Sdk-Date` header exists.
pub fn sign(
    req: &mut WireRequest,
    key: SigningKey<'_>,
    now: SdkDate,
) -> Result<Signature, SignError> {
    Ok(Plan::new(req, key, now, None)?.apply(req))
}

/// Signs `req` with V11 derived signing (`V11-HMAC-SHA256`), as `DerivationAKSKSigner`.
///
/// The scope is `<yyyymmdd>/<region_id>/<derived_service_name>`; the HMAC key is the
/// hex text of HKDF-SHA256(salt = AK, ikm = SK, info = scope, 32 bytes).
pub fn sign_derived(
    req: &mut WireRequest,
    key: SigningKey<'_>,
    region_id: &str,
    derived_service_name: &str,
    now: SdkDate,
) -> Result<Signature, SignError> {
    let scope = Scope {
        region_id,
        service_name: derived_service_name,
    };
    Ok(Plan::new(req, key, now, Some(scope))?.apply(req))
}

/// Runs `BasicCredentials`/`GlobalCredentials.sign_request`.
///
/// Sets `X-Project-Id` (basic, non-empty project id) or `X-Domain-Id` (global, non-empty
/// domain id), and `X-Security-Token` when a token is set. If the exact header
/// `Authorization` already exists nothing is signed and `Ok(None)` is returned;
/// otherwise the request is signed with [`sign`], or [`sign_derived`] when the
/// credentials have a derived scope.
pub fn sign_with_credentials(
    req: &mut WireRequest,
    creds: &Credentials,
    now: SdkDate,
) -> Result<Option<Signature>, SignError> {
    let plan = if req.headers.get_exact(HEADER_AUTHORIZATION).is_some() {
        None
    } else {
        let scope = creds.derived_auth().map(|d| Scope {
            region_id: &d.region_id,
            service_name: &d.service_name,
        });
        Some(Plan::new(
            req,
            SigningKey::from_credentials(creds),
            now,
            scope,
        )?)
    };

    let id = match creds.kind() {
        CredentialKind::Basic => creds.project_id().map(|v| (HEADER_PROJECT_ID, v)),
        CredentialKind::Global => creds.domain_id().map(|v| (HEADER_DOMAIN_ID, v)),
    };
    if let Some((name, value)) = id.filter(|(_, v)| !v.is_empty()) {
        req.headers.insert(name, value);
    }
    if let Some(token) = creds.security_token() {
        req.headers.insert(HEADER_SECURITY_TOKEN, token.expose());
    }
    Ok(plan.map(|p| p.apply(req)))
}

/// The V11 scope parts.
#[derive(Clone, Copy)]
struct Scope<'a> {
    region_id: &'a str,
    service_name: &'a str,
}

/// Everything that can fail, checked before the request is touched.
struct Plan<'a> {
    ak: &'a str,
    date: SdkDate,
    date_header_present: bool,
    mac: HmacSha256,
    /// The V11 `info` string, for derived signing.
    info: Option<String>,
}

impl<'a> Plan<'a> {
    fn new(
        req: &WireRequest,
        key: SigningKey<'a>,
        now: SdkDate,
        scope: Option<Scope<'_>>,
    ) -> Result<Self, SignError> {
        if key.ak.is_empty() {
            return Err(SignError::EmptyAccessKey);
        }
        if key.sk.is_empty() {
            return Err(SignError::EmptySecretKey);
        }
        if let Some(s) = scope {
            if s.service_name.is_empty() {
                return Err(SignError::MissingDerivedScope("derived auth service name"));
            }
            if s.region_id.is_empty() {
                return Err(SignError::MissingDerivedScope("region id"));
            }
        }
        if req.path.is_empty() {
            return Err(SignError::EmptyPath);
        }
        let header_date = req
            .headers
            .get_ignore_case(HEADER_X_DATE)
            .map(SdkDate::parse)
            .transpose()?;
        let date = header_date.unwrap_or(now);

        let (mac, info) = match scope {
            None => (hmac_with_key(key.sk)?, None),
            Some(s) => {
                let info = format!("{}/{}/{}", date.date_stamp(), s.region_id, s.service_name);
                let mut okm = Zeroizing::new([0u8; 32]);
                Hkdf::<Sha256>::new(Some(key.ak.as_bytes()), key.sk)
                    .expand(info.as_bytes(), okm.as_mut())
                    .map_err(|_| SignError::Crypto)?;
                let derived_key = Zeroizing::new(hex::encode(okm.as_ref()));
                (hmac_with_key(derived_key.as_bytes())?, Some(info))
            }
        };
        Ok(Self {
            ak: key.ak,
            date,
            date_header_present: header_date.is_some(),
            mac,
            info,
        })
    }

    fn apply(self, req: &mut WireRequest) -> Signature {
        add_content_sha256_header(&mut req.headers);
        if !self.date_header_present {
            req.headers.insert(HEADER_X_DATE, self.date.to_string());
        }
        if !req.headers.contains_ignore_case(HEADER_HOST) {
            req.headers.insert(HEADER_HOST, req.host.clone());
        }

        let signed = signed_header_names(&req.headers);
        let signed_headers = signed.join(";");
        let canonical_headers = canonicalize_headers(&mut req.headers, &signed);
        let payload_hash = payload_hash(&req.headers, req.body.as_deref());
        let canonical_request = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            req.method.to_uppercase(),
            canonical_uri(&req.path),
            req.canonical_query(),
            canonical_headers,
            signed_headers,
            payload_hash
        );
        sort_lists_in_place(&mut req.query);
        let hashed = hex::encode(Sha256::digest(canonical_request.as_bytes()));

        let (algorithm, string_to_sign) = match &self.info {
            None => (ALGORITHM, format!("{ALGORITHM}\n{}\n{hashed}", self.date)),
            Some(info) => (
                DERIVED_ALGORITHM,
                format!("{DERIVED_ALGORITHM}\n{}\n{info}\n{hashed}", self.date),
            ),
        };
        let mut mac = self.mac;
        mac.update(string_to_sign.as_bytes());
        let signature = hex::encode(mac.finalize().into_bytes());
        let credential = match &self.info {
            None => format!("Access={}", self.ak),
            Some(info) => format!("Credential={}/{info}", self.ak),
        };
        let authorization = format!(
            "{algorithm} {credential}, SignedHeaders={signed_headers}, Signature={signature}"
        );
        req.headers
            .insert(HEADER_AUTHORIZATION, authorization.clone());

        Signature {
            algorithm,
            canonical_request,
            string_to_sign,
            signed_headers,
            signature,
            authorization,
        }
    }
}

fn hmac_with_key(key: &[u8]) -> Result<HmacSha256, SignError> {
    HmacSha256::new_from_slice(key).map_err(|_| SignError::Crypto)
}

/// `UNSIGNED-PAYLOAD` for a non-empty, non-JSON/BSON `Content-Type` (exact key only).
fn add_content_sha256_header(headers: &mut Headers) {
    let unsigned = headers.get_exact(HEADER_CONTENT_TYPE).is_some_and(|ct| {
        !ct.is_empty() && !ct.starts_with("application/json") && !ct.starts_with("application/bson")
    });
    if unsigned {
        headers.insert(HEADER_CONTENT_SHA256, UNSIGNED_PAYLOAD);
    }
}

/// Header names without `_`, lower-cased and sorted (case variants appear twice).
fn signed_header_names(headers: &Headers) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, _)| name.to_lowercase())
        .collect();
    names.sort();
    names
}

/// Trims every header value in place and returns the canonical header block.
///
/// Among names equal once lower-cased, the later one's value is used.
fn canonicalize_headers(headers: &mut Headers, signed: &[String]) -> String {
    let mut by_name: HashMap<String, String> = HashMap::new();
    for (name, value) in headers.entries_mut() {
        let trimmed = py_strip(value).to_owned();
        by_name.insert(name.to_lowercase(), trimmed.clone());
        *value = trimmed;
    }
    let lines: Vec<String> = signed
        .iter()
        .map(|name| {
            let value = by_name.get(name).map_or("", String::as_str);
            format!("{name}:{value}")
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Python's `str.strip()`: Unicode white space plus U+001C..=U+001F.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// The payload hash: empty-body hash, else a non-empty `X-Sdk-Content-Sha256`
/// (any case), else the hex SHA-256 of the body.
fn payload_hash(headers: &Headers, body: Option<&[u8]>) -> String {
    let Some(body) = body.filter(|b| !b.is_empty()) else {
        return EMPTY_SHA256.to_owned();
    };
    // The SDK reads the header after re-decoding its UTF-8 bytes as Latin-1.
    let declared: Option<String> = headers
        .get_ignore_case(HEADER_CONTENT_SHA256)
        .map(|v| v.bytes().map(char::from).collect());
    match declared {
        Some(v) if !v.is_empty() => v,
        _ => hex::encode(Sha256::digest(body)),
    }
}

/// Unquotes the path, encodes each `/` segment, and ends it with `/`.
fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded
        .split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    const AK: &str = "HPUAEXAMPLEAK0000001";
    const SK: &[u8] = b"ExampleSecretKey0000000000000000000000000";

    fn key() -> SigningKey<'static> {
        SigningKey::new(AK, SK)
    }

    fn now() -> SdkDate {
        SdkDate::parse("20240102T030405Z").unwrap()
    }

    fn get(path: &str) -> WireRequest {
        let mut r = WireRequest::new("GET", "https", "example.com", path);
        r.headers.insert("Content-Type", "application/json");
        r
    }

    #[test]
    fn sdk_date_parse_and_display() {
        assert_eq!(now().to_string(), "20240102T030405Z");
        assert_eq!(now().date_stamp(), "20240102");
        let t = UNIX_EPOCH + std::time::Duration::from_millis(1_704_164_645_999);
        assert_eq!(SdkDate::from_system_time(t).unwrap(), now());
        for bad in [
            "",
            "2024-01-02T03:04:05Z",
            "20240102T030405",
            "20240102t030405Z",
            "20241302T030405Z",
            "20240230T030405Z",
            "20240102T240405Z",
            "20240102T030460Z",
            "09990102T030405Z",
            "2024010２T030405Z",
            " 20240102T030405Z",
            "+2024010T030405Z",
        ] {
            assert!(
                matches!(SdkDate::parse(bad), Err(SignError::InvalidDate { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(
            SdkDate::parse("20240229T235959Z").unwrap().to_string(),
            "20240229T235959Z"
        );
    }

    #[test]
    fn empty_path_is_an_error_and_leaves_request_unchanged() {
        let mut r = get("");
        let before = r.clone();
        assert_eq!(sign(&mut r, key(), now()), Err(SignError::EmptyPath));
        assert_eq!(r, before);
    }

    #[test]
    fn invalid_date_header_is_a_clear_error() {
        let mut r = get("/v1");
        r.headers.insert("x-sdk-date", "yesterday");
        r.headers.insert("X-A", "  padded ");
        let before = r.clone();
        let err = sign(&mut r, key(), now()).unwrap_err();
        assert!(err.to_string().contains("\"yesterday\""), "{err}");
        assert_eq!(r, before);
    }

    #[test]
    fn empty_keys_and_scope_are_errors() {
        let mut r = get("/v1");
        assert_eq!(
            sign(&mut r, SigningKey::new("", SK), now()),
            Err(SignError::EmptyAccessKey)
        );
        assert_eq!(
            sign(&mut r, SigningKey::new(AK, b""), now()),
            Err(SignError::EmptySecretKey)
        );
        assert!(matches!(
            sign_derived(&mut r, key(), "", "svc", now()),
            Err(SignError::MissingDerivedScope(_))
        ));
        assert!(matches!(
            sign_derived(&mut r, key(), "r", "", now()),
            Err(SignError::MissingDerivedScope(_))
        ));
    }

    #[test]
    fn canonical_uri_cases() {
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a/b"), "/a/b/");
        assert_eq!(canonical_uri("/a/b/"), "/a/b/");
        assert_eq!(canonical_uri("/a/c%2Fd"), "/a/c/d/");
        assert_eq!(canonical_uri("/a b/中/x+y"), "/a%20b/%E4%B8%AD/x%2By/");
        assert_eq!(canonical_uri("/%E4%B8%AD%20x"), "/%E4%B8%AD%20x/");
        assert_eq!(canonical_uri("/bad%zz/%"), "/bad%25zz/%25/");
        assert_eq!(canonical_uri("/%FF"), "/%EF%BF%BD/");
        assert_eq!(canonical_uri("v1//x"), "v1//x/");
        assert_eq!(canonical_uri("/~user"), "/~user/");
    }

    #[test]
    fn case_variant_headers_are_signed_twice_with_the_later_value() {
        let mut r = get("/v1");
        r.headers.insert("X-A", "first");
        r.headers.insert("x-a", " second ");
        let sig = sign(&mut r, key(), now()).unwrap();
        assert_eq!(sig.signed_headers, "content-type;host;x-a;x-a;x-sdk-date");
        assert!(
            sig.canonical_request.contains("\nx-a:second\nx-a:second\n"),
            "{}",
            sig.canonical_request
        );
        assert_eq!(r.headers.get_exact("x-a"), Some("second"));
    }

    #[test]
    fn python_strip_rules() {
        assert_eq!(py_strip("\u{1c}\t a b \u{a0}\u{3000}"), "a b");
        assert_eq!(py_strip("\u{200b}x"), "\u{200b}x");
    }

    #[test]
    fn content_sha256_header_and_payload_hash() {
        // Empty Content-Type is falsy in Python: nothing added.
        let mut h = Headers::new();
        h.insert("Content-Type", "");
        add_content_sha256_header(&mut h);
        assert_eq!(h.len(), 1);
        // Only the exact key counts.
        h.insert("content-type", "text/plain");
        add_content_sha256_header(&mut h);
        assert_eq!(h.get_exact(HEADER_CONTENT_SHA256), None);
        for (ct, added) in [
            ("application/bson", false),
            ("application/json;charset=UTF-8", false),
            ("text/plain", true),
            ("Application/JSON", true),
        ] {
            let mut h = Headers::new();
            h.insert("Content-Type", ct);
            add_content_sha256_header(&mut h);
            assert_eq!(h.get_exact(HEADER_CONTENT_SHA256).is_some(), added, "{ct}");
        }

        let mut h = Headers::new();
        assert_eq!(payload_hash(&h, Some(b"")), EMPTY_SHA256);
        assert_eq!(
            payload_hash(&h, Some(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        h.insert("x-sdk-content-sha256", "");
        assert_eq!(
            payload_hash(&h, Some(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        h.insert("x-sdk-content-sha256", "é");
        assert_eq!(payload_hash(&h, Some(b"abc")), "Ã©");
        assert_eq!(payload_hash(&h, None), EMPTY_SHA256);
    }

    #[test]
    fn non_ascii_header_value_is_trimmed_and_signed_as_unicode() {
        let mut r = get("/v1");
        r.headers.insert("X-Name", " 中文 ");
        let sig = sign(&mut r, key(), now()).unwrap();
        assert!(sig.canonical_request.contains("\nx-name:中文\n"));
        assert_eq!(r.headers.get_exact("X-Name"), Some("中文"));
    }

    #[test]
    fn credentials_step_adds_ids_and_token_and_respects_preset_authorization() {
        let creds = Credentials::new(AK, "sk")
            .with_project_id("p")
            .with_domain_id("d")
            .with_security_token("");
        let mut r = get("/v1");
        let sig = sign_with_credentials(&mut r, &creds, now())
            .unwrap()
            .unwrap();
        assert_eq!(
            sig.signed_headers,
            "content-type;host;x-project-id;x-sdk-date;x-security-token"
        );
        assert_eq!(r.headers.get_exact(HEADER_SECURITY_TOKEN), Some(""));

        let mut r = get("/v1");
        sign_with_credentials(&mut r, &creds.clone().global(), now()).unwrap();
        assert_eq!(r.headers.get_exact(HEADER_DOMAIN_ID), Some("d"));
        assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), None);

        let empty_pid = Credentials::new(AK, "sk").with_project_id("");
        let mut r = get("/v1");
        sign_with_credentials(&mut r, &empty_pid, now()).unwrap();
        assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), None);

        // A preset Authorization skips signing, even for an unsignable request.
        let mut r = get("");
        r.headers.insert("Authorization", "Bearer x");
        assert_eq!(sign_with_credentials(&mut r, &creds, now()), Ok(None));
        assert_eq!(r.headers.get_exact(HEADER_PROJECT_ID), Some("p"));
        assert_eq!(r.headers.get_exact(HEADER_X_DATE), None);

        // On error nothing is added.
        let mut r = get("");
        let before = r.clone();
        assert_eq!(
            sign_with_credentials(&mut r, &creds, now()),
            Err(SignError::EmptyPath)
        );
        assert_eq!(r, before);
    }

    #[test]
    fn list_values_are_sorted_in_place_like_the_sdk() {
        let query = vec![
            ("k".to_owned(), vec!["b", "a"].into()),
            ("k".to_owned(), vec!["a", "z"].into()),
        ];
        let mut r = get("/v1");
        r.query = query.clone();
        let sig = sign(&mut r, key(), now()).unwrap();
        // Signed: lists compared unsorted; sent: compared after the in-place sort.
        assert!(sig.canonical_request.contains("\nk=a&k=z&k=a&k=b\n"));
        assert_eq!(r.request_uri(), "/v1?k=a&k=b&k=a&k=z");

        // Without signing (preset Authorization) the lists are untouched.
        let mut r = get("/v1");
        r.query = query;
        r.headers.insert("Authorization", "x");
        let creds = Credentials::new(AK, "sk");
        assert_eq!(sign_with_credentials(&mut r, &creds, now()), Ok(None));
        assert_eq!(r.request_uri(), "/v1?k=a&k=z&k=a&k=b");
    }

    #[test]
    fn signing_key_debug_hides_sk() {
        let dbg = format!("{:?}", key());
        assert!(!dbg.contains("ExampleSecretKey"), "{dbg}");
    }
}
