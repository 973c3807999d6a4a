//! One program, three services: lists every VPC of the project (VPC, with the marker
//! pager, which follows the `page_info.next_marker` of each page), the NAT gateways routed through each VPC (NAT),
//! and rotates the Maven repository password of the build user (CodeArts Artifact), as a
//! build-environment check would before a release.
//!
//! ```sh
//! export HUAWEICLOUD_SDK_AK=... HUAWEICLOUD_SDK_SK=... HUAWEICLOUD_SDK_PROJECT_ID=...
//! export HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4=https://vpc.cn-north-4.myhuaweicloud.com
//! export HUAWEICLOUD_SDK_REGION_NAT_CN_NORTH_4=https://nat.cn-north-4.myhuaweicloud.com
//! cargo run -p hwcloud-tests --example build_network -- cn-north-4
//! ```
//!
//! The region defaults to `cn-north-4`. The VPC and NAT specs list no regional endpoints,
//! so those two are read from `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`; CodeArts Artifact
//! uses its endpoint table unless that variable is set for it too. The loopback test
//! `tests/tests/client/build_network.rs` runs this program against local servers.
//!
//! The least-privilege IAM policy for this program, as
//! `cargo run -p hwcloud-codegen-cli -- policy --scan tests/examples/build_network.rs
//! --spec spec/vpc.yaml,spec/nat.yaml,spec/codeartsartifact.yaml` prints it (the loopback
//! test checks it is still exactly that):
//!
//! ```json
//! {
//!   "Version": "5.0",
//!   "Statement": [
//!     {
//!       "Effect": "Allow",
//!       "Action": [
//!         "codeartsartifact:repository:resetPassword",
//!         "nat:natGateways:list",
//!         "vpc:vpcs:list"
//!       ]
//!     }
//!   ]
//! }
//! ```

use std::process::ExitCode;

use hwcloud_nat::requests::ListNatGatewaysV2Request;
use hwcloud_vpc::requests::ListVpcsV3Request;

/// Most VPC pages read; a listing with more fails rather than end short.
pub const MAX_PAGES: u64 = 100;
/// VPCs asked for per page.
pub const PAGE_SIZE: i32 = 50;

/// The three clients, configured from one region and one environment.
pub struct Clients {
    /// Virtual Private Cloud.
    pub vpc: hwcloud_vpc::Client,
    /// NAT Gateway.
    pub nat: hwcloud_nat::Client,
    /// CodeArts Artifact.
    pub artifact: hwcloud_codeartsartifact::Client,
}

/// A VPC with the NAT gateways whose router is that VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// VPC id.
    pub vpc_id: String,
    /// VPC name.
    pub vpc_name: String,
    /// Names of the NAT gateways routed through the VPC.
    pub nat_gateways: Vec<String>,
}

/// What the program found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every VPC, in the order the service listed them.
    pub networks: Vec<Network>,
    /// How many VPC pages were read.
    pub vpc_pages: usize,
    /// The status CodeArts Artifact gave for the password reset (`success` or `error`).
    pub password_reset: String,
}

/// Builds the three clients for `region`, reading credentials and endpoint overrides
/// through `env` (the process environment in `main`).
pub fn clients<F>(region: &str, env: F) -> hwcloud_vpc::Result<Clients>
where
    F: Fn(&str) -> Option<String> + Clone + Send + Sync + 'static,
{
    Ok(Clients {
        vpc: hwcloud_vpc::Client::builder()
            .region(region)
            .env(env.clone())
            .build()?,
        nat: hwcloud_nat::Client::builder()
            .region(region)
            .env(env.clone())
            .build()?,
        artifact: hwcloud_codeartsartifact::Client::builder()
            .region(region)
            .env(env)
            .build()?,
    })
}

/// Every VPC, page after page: the pager sends each page's `page_info.next_marker` with
/// the next request and stops after a page without one. A listing that cannot be complete
/// (a page or marker the service repeats, more than [`MAX_PAGES`] pages) is an error.
/// Returns the VPCs and how many pages held them.
async fn all_vpcs(
    client: &hwcloud_vpc::Client,
) -> hwcloud_vpc::Result<(Vec<hwcloud_vpc::types::Vpc>, usize)> {
    let mut pager = client
        .list_vpcs_v3_pager(ListVpcsV3Request::new().with_limit(PAGE_SIZE))
        .with_max_pages(MAX_PAGES);
    let mut vpcs = Vec::new();
    let mut pages = 0;
    while let Some(page) = pager.next_page().await? {
        pages += 1;
        vpcs.extend(page);
    }
    Ok((vpcs, pages))
}

/// Lists the networks, then rotates the Maven password.
pub async fn run(clients: &Clients) -> Result<Report, String> {
    let (vpcs, vpc_pages) = all_vpcs(&clients.vpc)
        .await
        .map_err(|e| format!("listing VPCs: {e}"))?;
    let mut networks = Vec::with_capacity(vpcs.len());
    for vpc in vpcs {
        let vpc_id = vpc.id.unwrap_or_default();
        let gateways = clients
            .nat
            .list_nat_gateways_v2(&ListNatGatewaysV2Request::new().with_router_id(vpc_id.clone()))
            .await
            .map_err(|e| format!("listing the NAT gateways of VPC {vpc_id}: {e}"))?;
        let nat_gateways = gateways
            .into_body()
            .nat_gateways
            .unwrap_or_default()
            .into_iter()
            .map(|g| g.name.unwrap_or_default())
            .collect();
        networks.push(Network {
            vpc_id,
            vpc_name: vpc.name.unwrap_or_default(),
            nat_gateways,
        });
    }
    let reset = clients
        .artifact
        .reset_user_password()
        .await
        .map_err(|e| format!("resetting the Maven password: {e}"))?;
    Ok(Report {
        networks,
        vpc_pages,
        password_reset: reset.body().status.clone().unwrap_or_default(),
    })
}

#[tokio::main]
async fn main() -> ExitCode {
    let region = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cn-north-4".to_owned());
    let clients = match clients(&region, |name| std::env::var(name).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match run(&clients).await {
        Ok(report) => {
            for n in &report.networks {
                println!(
                    "{} ({}): NAT gateways {:?}",
                    n.vpc_name, n.vpc_id, n.nat_gateways
                );
            }
            println!(
                "{} VPCs on {} pages; Maven password reset: {}",
                report.networks.len(),
                report.vpc_pages,
                report.password_reset
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
