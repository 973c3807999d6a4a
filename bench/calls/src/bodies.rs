//! The responses the loopback server sends, made once at start, and the plain serde types
//! the floor decodes them into.
//!
//! A subnet item is one of `ListSubnets`' documented examples with every field set; its
//! id encodes its page and position (`{page:08x}-0000-4000-8000-{item:012x}`), so the
//! server can answer a marker (the last id of a page) with the next page.

use serde::Deserialize;

/// The project id of every request.
pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";
/// The VPC id every request filters on.
pub const VPC: &str = "3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85";
/// Items on the small answer (2,533 bytes of JSON).
pub const SMALL_ITEMS: usize = 3;
/// Items on a list page.
pub const PAGE_ITEMS: usize = 1000;
/// Full pages behind the marker pager; the request after the last full page gets an
/// empty page.
pub const PAGES: usize = 100;
/// Schedules on the aws-sdk-rust answer: about as many bytes as [`SMALL_ITEMS`] subnets.
pub const AWS_ITEMS: usize = 9;

/// The id of item `item` of page `page`.
pub fn subnet_id(page: usize, item: usize) -> String {
    format!("{page:08x}-0000-4000-8000-{item:012x}")
}

/// The page whose last item has id `marker`, if it is one of ours.
pub fn page_of(marker: &str) -> Option<usize> {
    usize::from_str_radix(marker.get(..8)?, 16).ok()
}

fn subnet(page: usize, item: usize) -> serde_json::Value {
    let id = subnet_id(page, item);
    serde_json::json!({
        "id": id,
        "name": format!("subnet-{page}-{item}"),
        "description": "",
        "cidr": "192.168.20.0/24",
        "gateway_ip": "192.168.20.1",
        "ipv6_enable": true,
        "cidr_v6": "2001:db8:a583::/64",
        "gateway_ip_v6": "2001:db8:a583::1",
        "dhcp_enable": true,
        "primary_dns": "100.125.1.250",
        "secondary_dns": "100.125.64.250",
        "dnsList": ["100.125.1.250", "100.125.64.250"],
        "availability_zone": "cn-north-4a",
        "vpc_id": VPC,
        "status": "ACTIVE",
        "neutron_network_id": id,
        "neutron_subnet_id": "213cb9d0-3122-2ac1-1a29-91ffc1231a12",
        "neutron_subnet_id_v6": "e0fa7de1-a6e2-44c9-b052-b9d8cebe93c4",
        "extra_dhcp_opts": [{ "opt_name": "ntp", "opt_value": "10.100.0.33,10.100.0.34" }],
        "scope": "center",
        "tenant_id": "087679f0aa80d32a2f4ec0172f5e902b",
        "created_at": "2022-12-15T02:42:07",
        "updated_at": "2022-12-15T02:42:07",
    })
}

/// A `ListSubnets` response body with `items` items of page `page`.
pub fn subnets(page: usize, items: usize) -> Vec<u8> {
    let items: Vec<_> = (0..items).map(|i| subnet(page, i)).collect();
    serde_json::to_vec(&serde_json::json!({ "subnets": items })).unwrap_or_default()
}

/// A `ListSchedules` response body of EventBridge Scheduler with `items` schedules.
pub fn schedules(items: usize) -> Vec<u8> {
    let items: Vec<_> = (0..items)
        .map(|i| {
            serde_json::json!({
                "Arn": format!("arn:aws:scheduler:us-east-1:123456789012:schedule/default/schedule-{i:04}"),
                "CreationDate": 1.7e9 + i as f64,
                "GroupName": "default",
                "LastModificationDate": 1.7e9 + i as f64,
                "Name": format!("schedule-{i:04}"),
                "State": "ENABLED",
                "Target": { "Arn": "arn:aws:lambda:us-east-1:123456789012:function:handler" },
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "Schedules": items })).unwrap_or_default()
}

/// `ListSubnets`' response as a hand-written client would declare it.
#[derive(Debug, Deserialize)]
pub struct Subnets {
    /// The subnets.
    pub subnets: Option<Vec<Subnet>>,
}

/// One subnet, every documented field.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // decoded for the cost of it; only `id` is read
pub struct Subnet {
    pub id: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub cidr: Option<String>,
    pub gateway_ip: Option<String>,
    pub ipv6_enable: Option<bool>,
    pub cidr_v6: Option<String>,
    pub gateway_ip_v6: Option<String>,
    pub dhcp_enable: Option<bool>,
    pub primary_dns: Option<String>,
    pub secondary_dns: Option<String>,
    #[serde(rename = "dnsList")]
    pub dns_list: Option<Vec<String>>,
    pub availability_zone: Option<String>,
    pub vpc_id: Option<String>,
    pub status: Option<String>,
    pub neutron_network_id: Option<String>,
    pub neutron_subnet_id: Option<String>,
    pub neutron_subnet_id_v6: Option<String>,
    pub extra_dhcp_opts: Option<Vec<DhcpOption>>,
    pub scope: Option<String>,
    pub tenant_id: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

/// One DHCP option of a subnet.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // decoded for the cost of it
pub struct DhcpOption {
    pub opt_name: Option<String>,
    pub opt_value: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_their_page_and_bodies_have_the_intended_sizes() {
        assert_eq!(page_of(&subnet_id(42, PAGE_ITEMS - 1)), Some(42));
        assert_eq!(page_of("xyz"), None);
        let small = subnets(0, SMALL_ITEMS).len();
        assert!((2300..2800).contains(&small), "{small} bytes");
        let aws = schedules(AWS_ITEMS).len();
        assert!((2300..2800).contains(&aws), "{aws} bytes");
        let page: Subnets = serde_json::from_slice(&subnets(3, 5)).unwrap();
        let items = page.subnets.unwrap();
        assert_eq!(items.len(), 5);
        assert_eq!(items[4].id.as_deref(), Some(subnet_id(3, 4).as_str()));
    }
}
