//! AK/SK request signing, byte for byte as the official Python SDK core does it.
//!
//! - `SDK-HMAC-SHA256` with [`sign`] (`huaweicloudsdkcore.signer.Signer`).
//! - `V11-HMAC-SHA256` with [`sign_derived`] (`DerivationAKSKSigner`), opt-in.
//! - The credentials step with [`sign_with_credentials`]
//!   (`BasicCredentials`/`GlobalCredentials.sign_request`).
//!
//! On error the request is left unchanged. The date is in `date`, the canonical request
//! in `canonical`; here are the steps that sign it.

mod canonical;
mod date;
#[cfg(test)]
mod tests;

use std::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::auth::credentials::{CredentialKind, Credentials};
use crate::wire::WireRequest;
use crate::wire::query::QueryValue;
use crate::wire::query::sort_lists_in_place;
use canonical::{Canonical, add_content_sha256_header, canonical_request, py_strip_in_place};
pub use date::SdkDate;

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
///
/// Returns the request's [`request_uri`](WireRequest::request_uri) when the signing
/// could tell it without encoding the query again (see [`Intermediates::request_uri`]);
/// `None` otherwise (nothing signed, or list values in the query).
pub(crate) fn sign_for_sending(
    req: &mut WireRequest,
    creds: &Credentials,
    keyed: &KeyedMac,
    now: SdkDate,
) -> Result<Option<String>, SignError> {
    Ok(plan_with_credentials(req, creds, keyed.0.as_ref(), now)?
        .and_then(|plan| plan.apply(req, |req, signature, _| signature.request_uri(req))))
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
        self.apply(req, |_, signature, authorization| Signature {
            algorithm: signature.algorithm,
            string_to_sign: signature.string_to_sign.concat(),
            signed_headers: signature.canonical.text[signature.canonical.names.clone()].to_owned(),
            canonical_request: signature.canonical.text,
            signature: signature.signature.to_owned(),
            authorization: authorization.to_owned(),
        })
    }

    /// Adds the signing headers, trims header values, sorts list query values in place
    /// and sets `Authorization`; `keep` sees the request (signed but for that header), the
    /// intermediates and the `Authorization` value before the value moves into the
    /// headers, and its result is returned.
    fn apply<T>(
        self,
        req: &mut WireRequest,
        keep: impl FnOnce(&WireRequest, Intermediates<'_>, &str) -> T,
    ) -> T {
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

        let canonical = canonical_request(req);
        sort_lists_in_place(&mut req.query);
        let hashed = Hex::of(Sha256::digest(canonical.text.as_bytes()).into());

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
        let signed_headers = &canonical.text[canonical.names.clone()];
        let authorization = authorization(algorithm, ak, info, signed_headers, signature.as_str());
        let kept = keep(
            req,
            Intermediates {
                algorithm,
                string_to_sign,
                signature: signature.as_str(),
                canonical,
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
    canonical: Canonical,
    /// The string to sign, in parts joined without separators.
    string_to_sign: [&'a str; 7],
    signature: &'a str,
}

impl Intermediates<'_> {
    /// `req`'s [`request_uri`](WireRequest::request_uri) made from the canonical query
    /// just signed, without encoding the query again: the same text when the query has
    /// no list value. `None` when it has one: with list values sorted in place since
    /// (as the SDK does), the pairs of a key that repeats a list may sort otherwise.
    fn request_uri(&self, req: &WireRequest) -> Option<String> {
        if req
            .query
            .iter()
            .any(|(_, value)| matches!(value, QueryValue::List(_)))
        {
            return None;
        }
        let query = &self.canonical.text[self.canonical.query.clone()];
        let mut uri = String::with_capacity(req.path.len() + 1 + query.len());
        uri.push_str(&req.path);
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(query);
        }
        Some(uri)
    }
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

/// `bytes` as text; only called on ASCII (digits, hex), so it never falls back to `""`.
fn ascii_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}
