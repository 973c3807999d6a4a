//! Typed async client for Huawei Cloud CodeArts Artifact, generated from
//! `spec/codeartsartifact.yaml` by `hwcloud-codegen`; the code ships in `src/generated/`, so a build runs no generator.
//!
//! ```no_run
//! use hwcloud_codeartsartifact::{Client, Credentials};
//!
//! # async fn demo() -> Result<(), hwcloud_codeartsartifact::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::new(
//!         std::env::var("CLOUD_SDK_AK").unwrap_or_default(),
//!         std::env::var("CLOUD_SDK_SK").unwrap_or_default(),
//!     ))
//!     .region("cn-north-4")
//!     .build()?;
//! let response = client.reset_user_password().await?;
//! println!("{:?} (request id {:?})", response.body().result, response.request_id());
//! # Ok(())
//! # }
//! ```
//!
//! Every operation's IAM permissions are available without a network call, in
//! [`operations`]; the [`SERVICE`] constant lists regions and endpoints.

pub use hwcloud_runtime::{
    AccessLevel, CallOptions, Credentials, Error, Operation, Permission, Response, Result,
    RetryPolicy,
};

include!("generated/codeartsartifact.rs");
