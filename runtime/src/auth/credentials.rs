//! AK/SK credentials, like the SDK's `BasicCredentials` and `GlobalCredentials`.

use std::fmt;

use crate::auth::secret::Secret;

/// Which official credentials class these credentials behave like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialKind {
    /// `BasicCredentials`, for regional services: sends `X-Project-Id`.
    #[default]
    Basic,
    /// `GlobalCredentials`, for global services: sends `X-Domain-Id`.
    Global,
}

/// The scope of V11 derived signing (`V11-HMAC-SHA256`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedAuth {
    /// The derived auth service name, e.g. `CodeArtsArtifact`.
    pub service_name: String,
    /// The region id, e.g. `cn-north-4`.
    pub region_id: String,
}

/// An access key, its secret key and the optional extras the SDK sends with them.
///
/// `Debug` never shows the secret key or the security token.
#[derive(Clone)]
pub struct Credentials {
    ak: String,
    sk: Secret,
    project_id: Option<String>,
    domain_id: Option<String>,
    security_token: Option<Secret>,
    kind: CredentialKind,
    derived: Option<DerivedAuth>,
}

impl Credentials {
    /// Basic (regional) credentials from an access key and a secret key.
    pub fn new(ak: impl Into<String>, sk: impl Into<Secret>) -> Self {
        Self {
            ak: ak.into(),
            sk: sk.into(),
            project_id: None,
            domain_id: None,
            security_token: None,
            kind: CredentialKind::Basic,
            derived: None,
        }
    }

    /// Basic credentials from two environment variables of your choice, e.g.
    /// `Credentials::from_env_vars("CLOUD_SDK_AK", "CLOUD_SDK_SK")` as in the official
    /// samples. An unset or empty variable is an error naming it (never a value).
    ///
    /// For the official SDK's own variables and profile file, don't call
    /// [`ClientBuilder::credentials`](crate::ClientBuilder::credentials) at all: the
    /// builder then runs the default chain ([`provider`](crate::provider)).
    pub fn from_env_vars(ak_var: &str, sk_var: &str) -> crate::Result<Self> {
        Self::from_env_vars_in(&|name| std::env::var(name).ok(), ak_var, sk_var)
    }

    /// Like [`Credentials::from_env_vars`], reading variables through `env`.
    pub fn from_env_vars_in(
        env: &dyn Fn(&str) -> Option<String>,
        ak_var: &str,
        sk_var: &str,
    ) -> crate::Result<Self> {
        let read = |name: &str| {
            env(name).filter(|v| !v.is_empty()).ok_or_else(|| {
                crate::Error::config(format!(
                    "the environment variable {name} is not set (or empty)"
                ))
            })
        };
        let ak = read(ak_var)?;
        let sk = zeroize::Zeroizing::new(read(sk_var)?);
        Ok(Self::new(ak, sk.as_str()))
    }

    /// Sets the project id (sent as `X-Project-Id` by basic credentials).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the domain id (sent as `X-Domain-Id` by global credentials).
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// Sets the security token of temporary credentials (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Makes these global credentials (`GlobalCredentials`).
    pub fn global(mut self) -> Self {
        self.kind = CredentialKind::Global;
        self
    }

    /// Signs every request with V11 derived signing in this scope (off by default).
    pub fn with_derived_auth(
        mut self,
        service_name: impl Into<String>,
        region_id: impl Into<String>,
    ) -> Self {
        self.derived = Some(DerivedAuth {
            service_name: service_name.into(),
            region_id: region_id.into(),
        });
        self
    }

    /// The access key id.
    pub fn ak(&self) -> &str {
        &self.ak
    }

    /// The secret key.
    pub fn sk(&self) -> &Secret {
        &self.sk
    }

    /// The project id, if set.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The domain id, if set.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The security token, if set.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// Whether a security token is set (even an empty one).
    pub fn security_token_is_set(&self) -> bool {
        self.security_token.is_some()
    }

    /// Basic or global.
    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    /// The V11 derived signing scope, if enabled.
    pub fn derived_auth(&self) -> Option<&DerivedAuth> {
        self.derived.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("kind", &self.kind)
            .field("ak", &self.ak)
            .field("sk", &self.sk)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .field("security_token", &self.security_token)
            .field("derived", &self.derived)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_and_accessors() {
        let c = Credentials::new("AK", "SK")
            .with_project_id("p")
            .with_domain_id("d")
            .with_security_token("T");
        assert_eq!(c.ak(), "AK");
        assert_eq!(c.sk().expose(), "SK");
        assert_eq!(c.project_id(), Some("p"));
        assert_eq!(c.domain_id(), Some("d"));
        assert!(c.security_token_is_set());
        assert_eq!(c.kind(), CredentialKind::Basic);
        assert_eq!(c.clone().global().kind(), CredentialKind::Global);
        assert!(c.derived_auth().is_none());
        let d = c.with_derived_auth("Svc", "r-1");
        assert_eq!(
            d.derived_auth(),
            Some(&DerivedAuth {
                service_name: "Svc".into(),
                region_id: "r-1".into()
            })
        );
    }

    #[test]
    fn from_env_vars_names_the_missing_variable() {
        let env = |name: &str| match name {
            "MY_AK" => Some("AK".to_owned()),
            "MY_SK" => Some("the-secret".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        let c = Credentials::from_env_vars_in(&env, "MY_AK", "MY_SK").unwrap();
        assert_eq!((c.ak(), c.sk().expose()), ("AK", "the-secret"));
        let e = Credentials::from_env_vars_in(&env, "MY_AK", "NOPE").unwrap_err();
        assert!(e.to_string().contains("NOPE is not set"), "{e}");
        let e = Credentials::from_env_vars_in(&env, "EMPTY", "MY_SK").unwrap_err();
        assert!(e.to_string().contains("EMPTY"), "{e}");
        assert!(!e.to_string().contains("the-secret"), "{e}");
    }

    #[test]
    fn debug_never_shows_secret_key_or_token() {
        let c = Credentials::new("HPUAEXAMPLE", "VerySecretKeyValue")
            .with_security_token(String::from("TokenValue123"))
            .with_project_id("proj");
        for s in [format!("{c:?}"), format!("{c:#?}")] {
            assert!(!s.contains("VerySecretKeyValue"), "{s}");
            assert!(!s.contains("TokenValue123"), "{s}");
            assert!(s.contains("HPUAEXAMPLE"), "{s}");
            assert!(s.contains("proj"), "{s}");
            assert!(s.contains("***"), "{s}");
        }
        assert!(!Credentials::new("a", "b").security_token_is_set());
    }
}
