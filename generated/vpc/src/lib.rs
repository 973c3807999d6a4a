//! Typed async client for Huawei Cloud Virtual Private Cloud (VPC), generated from
//! `spec/vpc.yaml` by `hwcloud-codegen`; the code ships in `src/generated/`, so a build runs no generator.
//!
//! ```no_run
//! use hwcloud_vpc::{Client, Credentials};
//!
//! # async fn demo() -> Result<(), hwcloud_vpc::Error> {
//! let client = Client::builder()
//!     .credentials(
//!         Credentials::new(
//!             std::env::var("CLOUD_SDK_AK").unwrap_or_default(),
//!             std::env::var("CLOUD_SDK_SK").unwrap_or_default(),
//!         )
//!         .with_project_id(std::env::var("CLOUD_SDK_PROJECT_ID").unwrap_or_default()),
//!     )
//!     .region("eu-de") // https://vpc.eu-de.otc.t-systems.com; or "cn-north-4", "eu-ch2", ...
//!     .build()?;
//! let response = client
//!     .list_vpcs_v3(&hwcloud_vpc::requests::ListVpcsV3Request::new().with_limit(10))
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

include!("generated/vpc.rs");
