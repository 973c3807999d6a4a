//! AK/SK request signing, byte for byte as the official Python SDK core does it.
//!
//! - `SDK-HMAC-SHA256` with [`sign`] (`huaweicloudsdkcore.signer.Signer`).
//! - `V11-HMAC-SHA256` with [`sign_derived`] (`DerivationAKSKSigner`), opt-in.
//! - The credentials step with [`sign_with_credentials`]
//!   (`BasicCredentials`/`GlobalCredentials.sign_request`).
//!
//! On error the request is left unchanged.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use zeroize::Zeroizing;

use crate::auth::credentials::{CredentialKind, Credentials};
use crate::wire::query::{
    canonical_query_capacity, push_canonical_query, push_encoded, sort_lists_in_place,
};
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
/// The most headers [`sign`] adds: `X-Sdk-Content-Sha256`, `X-Sdk-Date`, `Host` and
/// `Authorization`.
const SIGN_ADDED_HEADERS: usize = 4;
/// The most headers [`sign_with_credentials`] adds: the credentials' id and token, and
/// those of [`sign`].
pub(crate) const MAX_ADDED_HEADERS: usize = 2 + SIGN_ADDED_HEADERS;

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
        ascii_str(&self.ascii()[..8]).to_owned()
    }

    /// The text `YYYYMMDDTHHMMSSZ` as ASCII bytes on the stack.
    fn ascii(&self) -> [u8; 16] {
        let (d, t) = (self.0.date(), self.0.time());
        let mut out = *b"00000000T000000Z";
        // `checked` keeps the year within 1000..=9999: exactly four digits.
        put_digits(&mut out[0..4], d.year().unsigned_abs());
        put_digits(&mut out[4..6], u32::from(u8::from(d.month())));
        put_digits(&mut out[6..8], u32::from(d.day()));
        put_digits(&mut out[9..11], u32::from(t.hour()));
        put_digits(&mut out[11..13], u32::from(t.minute()));
        put_digits(&mut out[13..15], u32::from(t.second()));
        out
    }
}

/// Writes the last `out.len()` decimal digits of `n` into `out`, zero-padded.
fn put_digits(out: &mut [u8], mut n: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// `bytes` as text; only called on ASCII (digits, hex), so it never falls back to `""`.
fn ascii_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

impl fmt::Display for SdkDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(ascii_str(&self.ascii()))
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
    Ok(Plan::new(req, key, now, None, None)?.apply_keeping(req))
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
    Ok(Plan::new(req, key, now, Some(scope), None)?.apply_keeping(req))
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
    Ok(plan_with_credentials(req, creds, None, now)?.map(|p| p.apply_keeping(req)))
}

/// The HMAC of `SDK-HMAC-SHA256` signing with the credentials' secret key set up, made
/// once for a client: every request's HMAC starts from this state, so the two blocks of
/// key setup are hashed once instead of once per request. It is as secret as the key.
/// `None` for derived signing, whose key changes with the date, and for an empty key
/// (signing then fails as usual).
#[derive(Clone, Default)]
pub(crate) struct KeyedMac(Option<HmacSha256>);

impl KeyedMac {
    /// The keyed state for `creds`.
    pub(crate) fn of(creds: &Credentials) -> Self {
        let sk = creds.sk().expose().as_bytes();
        if creds.derived_auth().is_some() || sk.is_empty() {
            return Self(None);
        }
        Self(hmac_with_key(sk).ok())
    }
}

/// [`sign_with_credentials`] for sending: the same headers, from the client's `keyed`
/// HMAC state ([`KeyedMac::of`] the same credentials), without keeping the
/// intermediates of a [`Signature`] (three strings fewer per request).
pub(crate) fn sign_for_sending(
    req: &mut WireRequest,
    creds: &Credentials,
    keyed: &KeyedMac,
    now: SdkDate,
) -> Result<(), SignError> {
    if let Some(plan) = plan_with_credentials(req, creds, keyed.0.as_ref(), now)? {
        plan.apply(req, |_, _| {});
    }
    Ok(())
}

/// The credentials' headers of [`sign_with_credentials`] set, and the signing planned
/// unless the request already has an `Authorization` header; `keyed` is the HMAC state of
/// the credentials' secret key, when already set up.
fn plan_with_credentials<'a>(
    req: &mut WireRequest,
    creds: &'a Credentials,
    keyed: Option<&HmacSha256>,
    now: SdkDate,
) -> Result<Option<Plan<'a>>, SignError> {
    let plan = if req.headers.get_exact(HEADER_AUTHORIZATION).is_some() {
        None
    } else {
        req.headers.reserve(MAX_ADDED_HEADERS);
        let scope = creds.derived_auth().map(|d| Scope {
            region_id: &d.region_id,
            service_name: &d.service_name,
        });
        Some(Plan::new(
            req,
            SigningKey::from_credentials(creds),
            now,
            scope,
            keyed,
        )?)
    };

    let id = match creds.kind() {
        CredentialKind::Basic => creds.project_id().map(|v| (HEADER_PROJECT_ID, v)),
        CredentialKind::Global => creds.domain_id().map(|v| (HEADER_DOMAIN_ID, v)),
    };
    if let Some((name, value)) = id.filter(|(_, v)| !v.is_empty()) {
        req.headers.insert_static(name, value);
    }
    if let Some(token) = creds.security_token() {
        req.headers
            .insert_static(HEADER_SECURITY_TOKEN, token.expose());
    }
    Ok(plan)
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
    /// The plan for signing `req` with `key`, derived when `scope` is given; `keyed` is
    /// the HMAC state of `key`'s secret key when already set up ([`KeyedMac`]).
    fn new(
        req: &WireRequest,
        key: SigningKey<'a>,
        now: SdkDate,
        scope: Option<Scope<'_>>,
        keyed: Option<&HmacSha256>,
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
            None => match keyed {
                Some(mac) => (mac.clone(), None),
                None => (hmac_with_key(key.sk)?, None),
            },
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

    /// [`Plan::apply`], keeping every intermediate in the returned [`Signature`].
    fn apply_keeping(self, req: &mut WireRequest) -> Signature {
        self.apply(req, |signature, authorization| Signature {
            algorithm: signature.algorithm,
            string_to_sign: signature.string_to_sign.concat(),
            signed_headers: signature.canonical_request[signature.names.clone()].to_owned(),
            canonical_request: signature.canonical_request,
            signature: signature.signature.to_owned(),
            authorization: authorization.to_owned(),
        })
    }

    /// Adds the signing headers, trims header values, sorts list query values in place
    /// and sets `Authorization`; `keep` sees the intermediates and the `Authorization`
    /// value before the value moves into the headers, and its result is returned.
    fn apply<T>(self, req: &mut WireRequest, keep: impl FnOnce(Intermediates<'_>, &str) -> T) -> T {
        req.headers.reserve(SIGN_ADDED_HEADERS);
        add_content_sha256_header(&mut req.headers);
        if !self.date_header_present {
            req.headers
                .insert_static(HEADER_X_DATE, ascii_str(&self.date.ascii()).to_owned());
        }
        if !req.headers.contains_ignore_case(HEADER_HOST) {
            req.headers.insert_static(HEADER_HOST, req.host.clone());
        }
        for (_, value) in req.headers.entries_mut() {
            py_strip_in_place(value);
        }

        let (canonical_request, names) = canonical_request(req);
        sort_lists_in_place(&mut req.query);
        let hashed = Hex::of(Sha256::digest(canonical_request.as_bytes()).into());

        let Self {
            ak,
            date,
            mut mac,
            info,
            ..
        } = self;
        let info = info.as_deref();
        let algorithm = match info {
            None => ALGORITHM,
            Some(_) => DERIVED_ALGORITHM,
        };
        let date = date.ascii();
        let string_to_sign = string_to_sign(algorithm, ascii_str(&date), info, hashed.as_str());
        // The HMAC of the string to sign, fed in its parts: the same bytes, no copy.
        for part in string_to_sign {
            mac.update(part.as_bytes());
        }
        let signature = Hex::of(mac.finalize().into_bytes().into());
        let signed_headers = &canonical_request[names.clone()];
        let authorization = authorization(algorithm, ak, info, signed_headers, signature.as_str());
        let kept = keep(
            Intermediates {
                algorithm,
                string_to_sign,
                signature: signature.as_str(),
                canonical_request,
                names,
            },
            &authorization,
        );
        req.headers
            .insert_static(HEADER_AUTHORIZATION, authorization);
        kept
    }
}

/// What [`Plan::apply`] computed on the way to the signature.
struct Intermediates<'a> {
    algorithm: &'static str,
    canonical_request: String,
    /// The range of the `;`-joined signed header names in `canonical_request`.
    names: Range<usize>,
    /// The string to sign, in parts joined without separators.
    string_to_sign: [&'a str; 7],
    signature: &'a str,
}

/// The string to sign in parts, to be joined without separators: the algorithm name, the
/// date, the V11 scope `info` of derived signing (when there is one) and the canonical
/// request's `hashed` hex, on lines of their own.
fn string_to_sign<'a>(
    algorithm: &'static str,
    date: &'a str,
    info: Option<&'a str>,
    hashed: &'a str,
) -> [&'a str; 7] {
    let (info, info_end) = match info {
        Some(info) => (info, "\n"),
        None => ("", ""),
    };
    [algorithm, "\n", date, "\n", info, info_end, hashed]
}

/// The `Authorization` value: `<algorithm> Access=<ak>` (or `Credential=<ak>/<info>` for
/// derived signing), then `, SignedHeaders=<names>, Signature=<hex>`.
fn authorization(
    algorithm: &str,
    ak: &str,
    info: Option<&str>,
    signed_headers: &str,
    signature: &str,
) -> String {
    const SIGNED_HEADERS: &str = ", SignedHeaders=";
    const SIGNATURE: &str = ", Signature=";
    let mut out = String::with_capacity(
        algorithm.len()
            + " Credential=/".len()
            + ak.len()
            + info.map_or(0, str::len)
            + SIGNED_HEADERS.len()
            + signed_headers.len()
            + SIGNATURE.len()
            + signature.len(),
    );
    out.push_str(algorithm);
    match info {
        None => {
            out.push_str(" Access=");
            out.push_str(ak);
        }
        Some(info) => {
            out.push_str(" Credential=");
            out.push_str(ak);
            out.push('/');
            out.push_str(info);
        }
    }
    out.push_str(SIGNED_HEADERS);
    out.push_str(signed_headers);
    out.push_str(SIGNATURE);
    out.push_str(signature);
    out
}

fn hmac_with_key(key: &[u8]) -> Result<HmacSha256, SignError> {
    HmacSha256::new_from_slice(key).map_err(|_| SignError::Crypto)
}

/// The lower-case hex text of a 32-byte digest, on the stack.
struct Hex([u8; 64]);

impl Hex {
    fn of(bytes: [u8; 32]) -> Self {
        let mut out = [0; 64];
        // Fails only when the lengths do not match, and 32 bytes always fill 64 digits.
        let _ = hex::encode_to_slice(bytes, &mut out);
        Self(out)
    }

    fn as_str(&self) -> &str {
        ascii_str(&self.0)
    }
}

/// `UNSIGNED-PAYLOAD` for a non-empty, non-JSON/BSON `Content-Type` (exact key only).
fn add_content_sha256_header(headers: &mut Headers) {
    let unsigned = headers.get_exact(HEADER_CONTENT_TYPE).is_some_and(|ct| {
        !ct.is_empty() && !ct.starts_with("application/json") && !ct.starts_with("application/bson")
    });
    if unsigned {
        headers.insert_static(HEADER_CONTENT_SHA256, UNSIGNED_PAYLOAD);
    }
}

/// Writes the canonical request of `req` (header values already trimmed) into one string.
///
/// Returns it with the range of the `;`-joined signed header names inside it.
fn canonical_request(req: &WireRequest) -> (String, Range<usize>) {
    let signed = SignedHeaders::of(&req.headers);
    let mut out = String::with_capacity(canonical_request_capacity(req));
    push_upper(&mut out, &req.method);
    out.push('\n');
    push_canonical_uri(&mut out, &req.path);
    out.push('\n');
    push_canonical_query(&mut out, &req.query);
    out.push('\n');
    signed.push_lines(&mut out);
    out.push('\n');
    let names_start = out.len();
    signed.push_names(&mut out);
    let names = names_start..out.len();
    out.push('\n');
    push_payload_hash(&mut out, &req.headers, req.body.as_deref());
    (out, names)
}

/// A capacity that usually fits the canonical request of `req` without growing: encoding
/// can triple the path, and each header name is written twice.
fn canonical_request_capacity(req: &WireRequest) -> usize {
    let headers: usize = req
        .headers
        .iter()
        .map(|(name, value)| 2 * name.len() + value.len() + 3)
        .sum();
    req.method.len()
        + 3 * req.path.len()
        + canonical_query_capacity(&req.query)
        + headers
        + EMPTY_SHA256.len()
        + 8
}

/// Appends `method` upper-cased, as Python's `str.upper()`.
fn push_upper(out: &mut String, method: &str) {
    if method.is_ascii() {
        let start = out.len();
        out.push_str(method);
        out[start..].make_ascii_uppercase();
    } else {
        out.push_str(&method.to_uppercase());
    }
}

/// A header name lower-cased as Python's `str.lower()`, without a copy for ASCII names.
///
/// An ASCII name is kept as given and lower-cased as it is compared or written; any
/// other name is lower-cased (Unicode) up front. Either way the ASCII lower-casing of
/// the held text is the lower-cased name.
#[derive(Debug)]
struct LowerName<'a>(Cow<'a, str>);

impl<'a> LowerName<'a> {
    fn new(name: &'a str) -> Self {
        if name.is_ascii() {
            Self(Cow::Borrowed(name))
        } else {
            Self(Cow::Owned(name.to_lowercase()))
        }
    }

    /// The bytes of the lower-cased name.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.0.bytes().map(|b| b.to_ascii_lowercase())
    }

    /// Compares by the lower-cased names' code points (= their UTF-8 bytes).
    fn cmp(&self, other: &Self) -> Ordering {
        self.bytes().cmp(other.bytes())
    }

    /// Appends the lower-cased name.
    fn push_to(&self, out: &mut String) {
        let start = out.len();
        out.push_str(&self.0);
        out[start..].make_ascii_lowercase();
    }
}

/// The signed headers: every name without `_`, lower-cased and sorted, with its value.
///
/// Names equal once lower-cased are all kept (the SDK signs `x-a;x-a`), and each of them
/// signs the value of the last such header, as the SDK's lower-cased `dict` keeps it.
struct SignedHeaders<'a>(Vec<(LowerName<'a>, &'a str)>);

impl<'a> SignedHeaders<'a> {
    fn of(headers: &'a Headers) -> Self {
        let mut names = Vec::with_capacity(headers.len());
        names.extend(
            headers
                .iter()
                .filter(|(name, _)| !name.contains('_'))
                .map(|(name, value)| (LowerName::new(name), value)),
        );
        // Stable: among equal names the last one is the latest header.
        names.sort_by(|(a, _), (b, _)| a.cmp(b));
        Self(names)
    }

    /// Appends the canonical header block: `name:value` lines joined by `\n`, plus `\n`.
    fn push_lines(&self, out: &mut String) {
        let groups = self.0.chunk_by(|(a, _), (b, _)| a.cmp(b).is_eq());
        for (i, group) in groups.enumerate() {
            let value = group.last().map_or("", |(_, value)| *value);
            for (j, (name, _)) in group.iter().enumerate() {
                if i + j > 0 {
                    out.push('\n');
                }
                name.push_to(out);
                out.push(':');
                out.push_str(value);
            }
        }
        out.push('\n');
    }

    /// Appends the `;`-joined names.
    fn push_names(&self, out: &mut String) {
        for (i, (name, _)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            name.push_to(out);
        }
    }
}

/// Whether `c` is white space to Python's `str.strip()`: Unicode white space plus
/// U+001C..=U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`, in place (no copy when nothing is trimmed).
fn py_strip_in_place(value: &mut String) {
    let end = value.trim_end_matches(is_py_space).len();
    value.truncate(end);
    let start = value.len() - value.trim_start_matches(is_py_space).len();
    value.drain(..start);
}

/// Appends the payload hash: the empty-body hash, else a non-empty
/// `X-Sdk-Content-Sha256` (any case), else the hex SHA-256 of the body.
fn push_payload_hash(out: &mut String, headers: &Headers, body: Option<&[u8]>) {
    let Some(body) = body.filter(|b| !b.is_empty()) else {
        out.push_str(EMPTY_SHA256);
        return;
    };
    match headers.get_ignore_case(HEADER_CONTENT_SHA256) {
        // The SDK reads the header after re-decoding its UTF-8 bytes as Latin-1.
        Some(declared) if !declared.is_empty() => out.extend(declared.bytes().map(char::from)),
        _ => out.push_str(Hex::of(Sha256::digest(body).into()).as_str()),
    }
}

/// Appends the canonical URI: the path unquoted, each `/` segment encoded, ending in `/`.
fn push_canonical_uri(out: &mut String, path: &str) {
    let start = out.len();
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    for (i, segment) in decoded.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_encoded(out, segment);
    }
    if !out[start..].ends_with('/') {
        out.push('/');
    }
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

    fn canonical_uri(path: &str) -> String {
        let mut out = String::new();
        push_canonical_uri(&mut out, path);
        out
    }

    fn py_strip(s: &str) -> String {
        let mut out = s.to_owned();
        py_strip_in_place(&mut out);
        out
    }

    fn payload_hash(headers: &Headers, body: Option<&[u8]>) -> String {
        let mut out = String::new();
        push_payload_hash(&mut out, headers, body);
        out
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
        assert_eq!(py_strip(" \u{85}"), "");
        assert_eq!(py_strip("kept"), "kept");
    }

    #[test]
    fn non_ascii_names_and_methods_use_unicode_case_mapping() {
        // KELVIN SIGN lower-cases to `k`, so this header is the date header.
        let mut r = get("/v1");
        r.method = "get\u{df}".to_owned();
        r.headers.insert("X-Sd\u{212a}-Date", "20240102T030405Z");
        r.headers.insert("X-\u{3a3}\u{3a3}", "v");
        let sig = sign(&mut r, key(), SdkDate::parse("20990101T000000Z").unwrap()).unwrap();
        assert!(sig.canonical_request.starts_with("GETSS\n"), "{sig:?}");
        assert!(
            sig.string_to_sign.contains("\n20240102T030405Z\n"),
            "{sig:?}"
        );
        // Final sigma, as Python's `str.lower()`.
        assert_eq!(
            sig.signed_headers,
            "content-type;host;x-sdk-date;x-\u{3c3}\u{3c2}"
        );
        assert!(
            sig.canonical_request
                .contains("\nx-sdk-date:20240102T030405Z\n")
        );
    }

    #[test]
    fn sdk_date_text_pads_every_field() {
        let d = SdkDate::parse("10000101T000000Z").unwrap();
        assert_eq!(d.to_string(), "10000101T000000Z");
        assert_eq!(
            SdkDate::parse("99991231T235959Z").unwrap().date_stamp(),
            "99991231"
        );
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

    #[test]
    fn signing_for_sending_sets_the_headers_of_sign_with_credentials() {
        let sk = std::str::from_utf8(SK).unwrap();
        let basic = Credentials::new(AK, sk)
            .with_project_id("p1")
            .with_security_token("tok");
        let derived = Credentials::new(AK, sk).with_derived_auth("Svc", "r-1");
        let empty = Credentials::new(AK, "");
        for creds in [basic, derived, empty] {
            let mut req = get("/v1/p1/x");
            req.query.push((
                "b".into(),
                crate::wire::query::QueryValue::List(vec!["2".into(), "1".into()]),
            ));
            req.body = Some(b"{}".to_vec());
            let mut kept = req.clone();
            let signed = sign_with_credentials(&mut kept, &creds, now());
            let mut sent = req.clone();
            let sending = sign_for_sending(&mut sent, &creds, &KeyedMac::of(&creds), now());
            assert_eq!(sending, signed.map(|_| ()));
            assert_eq!(sent, kept);
            if sending.is_ok() {
                assert!(sent.headers.get_exact("Authorization").is_some());
            }
        }
        // A request that carries its own `Authorization` is left unsigned by both.
        let creds = Credentials::new(AK, sk);
        let mut req = get("/");
        req.headers.insert("Authorization", "mine");
        let mut kept = req.clone();
        assert_eq!(sign_with_credentials(&mut kept, &creds, now()), Ok(None));
        assert_eq!(
            sign_for_sending(&mut req, &creds, &KeyedMac::of(&creds), now()),
            Ok(())
        );
        assert_eq!(req, kept);
    }
}
