//! Who signs: credentials and where they come from (the environment, the profile file),
//! the secret type that keeps keys out of output, and AK/SK signing as the official SDK
//! does it. Depends on `error` and `wire` only.

pub mod credentials;
pub(crate) mod ini;
pub mod provider;
pub mod secret;
pub mod signer;
