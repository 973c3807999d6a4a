//! Finding credentials when none are given, in the order of the official SDK's default
//! provider chain (its OIDC, ECS metadata and pod identity providers are not
//! implemented):
//!
//! 1. **Environment**: `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, with the optional
//!    `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_DOMAIN_ID` and
//!    `HUAWEICLOUD_SDK_SECURITY_TOKEN`. One of AK and SK without the other is an error.
//! 2. **Profile file**: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
//!    `~/.huaweicloud/credentials` (`HOME`, or `USERPROFILE` on Windows). An INI file with
//!    a `[basic]` section (regional services) or `[global]` section (global services)
//!    holding `ak`, `sk` and optionally `project_id`, `domain_id`, `security_token`:
//!
//!    ```ini
//!    [basic]
//!    ak = HPUA...
//!    sk = ...
//!    project_id = 0123456789abcdef0123456789abcdef
//!    ```
//!
//!    A missing default file is skipped; a missing file named by the variable, a file
//!    that does not parse, or a section without `ak`/`sk` is an error naming the file
//!    and line (never a value).
//!
//! Variables are read through a lookup function, so that
//! [`ClientBuilder::env`](crate::ClientBuilder::env) can supply them in tests.

use std::path::PathBuf;

use zeroize::Zeroizing;

use crate::auth::credentials::{CredentialKind, Credentials};
use crate::auth::ini::Ini;
use crate::error::{Error, Result};

/// Largest credentials profile file read (1 MiB); a larger one (or a device such as
/// `/dev/zero`) is a configuration error, found without reading it all.
pub const MAX_CREDENTIALS_FILE_BYTES: u64 = 1024 * 1024;
/// Access key variable.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Secret key variable.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Project id variable (basic credentials).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Domain id variable (global credentials).
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
/// Security token variable (temporary credentials).
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Variable naming the profile file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// A variable's value; unset and empty are the same (as in the official SDK).
fn var(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// The profile section for `kind`.
fn section(kind: CredentialKind) -> &'static str {
    match kind {
        CredentialKind::Basic => "basic",
        CredentialKind::Global => "global",
    }
}

fn with_kind(credentials: Credentials, kind: CredentialKind) -> Credentials {
    match kind {
        CredentialKind::Basic => credentials,
        CredentialKind::Global => credentials.global(),
    }
}

/// Credentials from the `HUAWEICLOUD_SDK_*` variables; `Ok(None)` when neither the AK
/// nor the SK variable is set.
pub fn from_env(
    env: &dyn Fn(&str) -> Option<String>,
    kind: CredentialKind,
) -> Result<Option<Credentials>> {
    let (ak, sk) = match (var(env, ENV_AK), var(env, ENV_SK).map(Zeroizing::new)) {
        (None, None) => return Ok(None),
        (Some(ak), Some(sk)) => (ak, sk),
        (Some(_), None) => {
            return Err(Error::config(format!(
                "{ENV_AK} is set but {ENV_SK} is not"
            )));
        }
        (None, Some(_)) => {
            return Err(Error::config(format!(
                "{ENV_SK} is set but {ENV_AK} is not"
            )));
        }
    };
    let mut credentials = Credentials::new(ak, sk.as_str());
    if let Some(p) = var(env, ENV_PROJECT_ID) {
        credentials = credentials.with_project_id(p);
    }
    if let Some(d) = var(env, ENV_DOMAIN_ID) {
        credentials = credentials.with_domain_id(d);
    }
    if let Some(t) = var(env, ENV_SECURITY_TOKEN).map(Zeroizing::new) {
        credentials = credentials.with_security_token(t.as_str());
    }
    Ok(Some(with_kind(credentials, kind)))
}

/// Where the profile file is: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
/// `~/.huaweicloud/credentials`; the flag tells whether the variable named it.
pub fn profile_path(env: &dyn Fn(&str) -> Option<String>) -> Option<(PathBuf, bool)> {
    if let Some(path) = var(env, ENV_CREDENTIALS_FILE) {
        return Some((PathBuf::from(path), true));
    }
    let home = var(env, "HOME").or_else(|| var(env, "USERPROFILE"))?;
    Some((
        PathBuf::from(home).join(".huaweicloud").join("credentials"),
        false,
    ))
}

/// Credentials from the profile file's `[basic]` or `[global]` section (by `kind`);
/// `Ok(None)` when the default file does not exist or has no such section.
pub fn from_profile(
    env: &dyn Fn(&str) -> Option<String>,
    kind: CredentialKind,
) -> Result<Option<Credentials>> {
    let Some((path, named)) = profile_path(env) else {
        return Ok(None);
    };
    let text = match crate::auth::ini::read_bounded(&path, MAX_CREDENTIALS_FILE_BYTES) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(t) => Zeroizing::new(t.to_owned()),
            Err(_) => {
                return Err(Error::config(format!(
                    "the credentials file {} is not valid UTF-8",
                    path.display()
                )));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => return Ok(None),
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read the credentials file {}: {e}",
                path.display()
            )));
        }
    };
    let ini = Ini::parse(&text)
        .map_err(|e| Error::config(format!("credentials file {}: {e}", path.display())))?;
    let name = section(kind);
    if !ini.has_section(name) {
        return Ok(None);
    }
    let get = |key| ini.get(name, key);
    let (Some(ak), Some(sk)) = (get("ak"), get("sk")) else {
        let federated = if get("idp_id").is_some() {
            " (federated `idp_id` credentials are not supported)"
        } else {
            ""
        };
        return Err(Error::config(format!(
            "credentials file {}: section [{name}] needs both `ak` and `sk`{federated}",
            path.display()
        )));
    };
    let mut credentials = Credentials::new(ak, sk);
    if let Some(p) = get("project_id") {
        credentials = credentials.with_project_id(p);
    }
    if let Some(d) = get("domain_id") {
        credentials = credentials.with_domain_id(d);
    }
    if let Some(t) = get("security_token") {
        credentials = credentials.with_security_token(t);
    }
    Ok(Some(with_kind(credentials, kind)))
}

/// The default chain: [`from_env`], then [`from_profile`]. The error, when nothing is
/// found, says where it looked.
pub fn default_credentials(
    env: &dyn Fn(&str) -> Option<String>,
    kind: CredentialKind,
) -> Result<Credentials> {
    if let Some(c) = from_env(env, kind)? {
        return Ok(c);
    }
    if let Some(c) = from_profile(env, kind)? {
        return Ok(c);
    }
    let file = profile_path(env).map_or_else(
        || "~/.huaweicloud/credentials (no HOME)".to_owned(),
        |(p, _)| p.display().to_string(),
    );
    Err(Error::config(format!(
        "no credentials: call `credentials(Credentials::new(ak, sk))`, set {ENV_AK} and {ENV_SK}, or write a [{}] section with `ak` and `sk` to {file} (or the file named by {ENV_CREDENTIALS_FILE})",
        section(kind)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn env_credentials_with_extras() {
        let env = env_of(&[
            (ENV_AK, "AK1"),
            (ENV_SK, "SK1"),
            (ENV_PROJECT_ID, "p1"),
            (ENV_DOMAIN_ID, "d1"),
            (ENV_SECURITY_TOKEN, "T1"),
        ]);
        let c = from_env(&env, CredentialKind::Basic).unwrap().unwrap();
        assert_eq!(c.ak(), "AK1");
        assert_eq!(c.sk().expose(), "SK1");
        assert_eq!(c.project_id(), Some("p1"));
        assert_eq!(c.domain_id(), Some("d1"));
        assert_eq!(c.security_token().map(|t| t.expose()), Some("T1"));
        let g = from_env(&env, CredentialKind::Global).unwrap().unwrap();
        assert_eq!(g.kind(), CredentialKind::Global);
    }

    #[test]
    fn half_set_env_is_an_error_and_empty_means_unset() {
        let e = from_env(&env_of(&[(ENV_AK, "AK1")]), CredentialKind::Basic).unwrap_err();
        assert!(e.to_string().contains("HUAWEICLOUD_SDK_SK is not"), "{e}");
        let e = from_env(&env_of(&[(ENV_SK, "secret-value")]), CredentialKind::Basic)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("HUAWEICLOUD_SDK_AK is not") && !e.contains("secret-value"),
            "{e}"
        );
        let none = from_env(
            &env_of(&[(ENV_AK, ""), (ENV_SK, "")]),
            CredentialKind::Basic,
        );
        assert!(none.unwrap().is_none());
    }

    #[test]
    fn profile_path_prefers_the_variable_then_home() {
        let named = profile_path(&env_of(&[(ENV_CREDENTIALS_FILE, "/x/c"), ("HOME", "/h")]));
        assert_eq!(named, Some((PathBuf::from("/x/c"), true)));
        let home = profile_path(&env_of(&[("HOME", "/h")]));
        assert_eq!(
            home,
            Some((PathBuf::from("/h/.huaweicloud/credentials"), false))
        );
        let windows = profile_path(&env_of(&[("USERPROFILE", "C:/u")]));
        assert!(windows.is_some_and(|(p, _)| p.starts_with("C:/u")));
        assert_eq!(profile_path(&env_of(&[])), None);
    }

    #[test]
    fn nothing_found_names_every_place_looked() {
        let e = default_credentials(
            &env_of(&[("HOME", "/nonexistent-home")]),
            CredentialKind::Basic,
        )
        .unwrap_err()
        .to_string();
        for part in [
            ENV_AK,
            ENV_SK,
            "[basic]",
            "/nonexistent-home/.huaweicloud/credentials",
        ] {
            assert!(e.contains(part), "{part} missing from {e}");
        }
    }
}
