//! Typed async client for Huawei Cloud NAT Gateway, generated from
//! `spec/nat.yaml` by `hwcloud-codegen`; the code ships in `src/generated/`, so a build runs no generator.
//!
//! ```no_run
//! use hwcloud_nat::{Client, Credentials};
//!
//! # async fn demo() -> Result<(), hwcloud_nat::Error> {
//! let client = Client::builder()
//!     .credentials(
//!         Credentials::new(
//!             std::env::var("CLOUD_SDK_AK").unwrap_or_default(),
//!             std::env::var("CLOUD_SDK_SK").unwrap_or_default(),
//!         )
//!         .with_project_id(std::env::var("CLOUD_SDK_PROJECT_ID").unwrap_or_default()),
//!     )
//!     .region("eu-de") // https://nat.eu-de.otc.t-systems.com; or "cn-north-4", "eu-ch2", ...
//!     .build()?;
//! let response = client
//!     .list_nat_gateways_v2(&hwcloud_nat::requests::ListNatGatewaysV2Request::new())
//!     .await?;
//! println!("{:?} (request id {:?})", response.body(), response.request_id());
//! # Ok(())
//! # }
//! ```
//!
//! `.region(..)` takes a region of Open Telekom Cloud (`eu-de`, `eu-nl`, the Swiss `eu-ch2`)
//! or of Huawei Cloud (`cn-north-4`, `ap-southeast-1`, ...); `.endpoint(..)` or
//! `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` give another. Every operation's IAM permissions are
//! available without a network call, in [`operations`], and rendered as a table in its
//! method's documentation.

pub use hwcloud_runtime::{
    AccessLevel, CallOptions, Credentials, Error, Operation, Permission, Response, Result,
    RetryPolicy,
};

include!("generated/nat.rs");
