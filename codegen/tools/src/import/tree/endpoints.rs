//! Where an imported service is: its `endpoint_prefix` and the regions whose endpoints
//! differ from it (`endpoints`), from two sources.
//!
//! - **The tree's own examples.** Request URLs such as
//!   `https://rds.eu-de.otc.t-systems.com/v3/...` name the host prefix on Open Telekom Cloud
//!   (`<prefix>.<region>.otc.t-systems.com`, `<prefix>.eu-ch2.sc.otc.t-systems.com`); the
//!   prefix the pages use most wins. Identity hosts (`iam`, `iam-pub`) and the documentation
//!   site, which pages show for getting a token or a link, do not count.
//! - **The official SDKs' region tables** (`codegen/tools/data/sdk_endpoints.tsv`, extracted by
//!   `sdk_endpoints.py` beside it): the prefix on Huawei Cloud and the regions that differ
//!   from it, found by the `--service` name (the SDK's, e.g. `rds`) or by one of the
//!   documentation trees the table lists for the SDK (e.g. `relational-database-service`).
//!
//! Same prefix on both: `endpoint_prefix: rds`; different: one per cloud; one source
//! only: its prefix for both clouds. Neither: nothing, with a warning. This is the only
//! part of the importer that knows about endpoints.

use serde_yaml::{Mapping, Sequence, Value};

use super::pages::TreePage;
use crate::import::warning::Warning;

/// The SDK facts: `region`, `service` and `extra` rows (see the script's docs).
const FACTS: &str = include_str!("../../../data/sdk_endpoints.tsv");

/// Hosts pages show that are not the service's own.
const NOT_THE_SERVICE: &[&str] = &["iam", "iam-pub", "docs", "console", "www"];

/// Open Telekom Cloud's regions, with the domain of each (as the runtime's `Cloud`).
const OTC_REGIONS: &[(&str, &str)] = &[
    ("eu-de", "otc.t-systems.com"),
    ("eu-nl", "otc.t-systems.com"),
    ("eu-ch2", "sc.otc.t-systems.com"),
];

/// The host prefix most example URLs of `pages` use on Open Telekom Cloud.
fn docs_prefix(pages: &[TreePage]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for page in pages {
        let text = String::from_utf8_lossy(&page.bytes);
        for (at, _) in text.match_indices("://") {
            let host: String = text[at + 3..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
                .collect();
            let Some(prefix) = otc_prefix(&host) else {
                continue;
            };
            if NOT_THE_SERVICE.contains(&prefix) {
                continue;
            }
            match counts.iter_mut().find(|(p, _)| p == prefix) {
                Some((_, n)) => *n += 1,
                None => counts.push((prefix.to_owned(), 1)),
            }
        }
    }
    // Most uses first; ties by name, so the result does not depend on page order.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.into_iter().next().map(|(p, _)| p)
}

/// `rds` for `rds.eu-de.otc.t-systems.com`: one label of lower-case letters, digits and `-`
/// (a bucket's host, `bucket.obs.eu-de...`, has more).
fn otc_prefix(host: &str) -> Option<&str> {
    OTC_REGIONS.iter().find_map(|(region, domain)| {
        let prefix = host.strip_suffix(domain)?.strip_suffix('.')?;
        let prefix = prefix.strip_suffix(region)?.strip_suffix('.')?;
        let valid = !prefix.is_empty()
            && prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        valid.then_some(prefix)
    })
}

/// Endpoint groups: a URL template and the regions it serves.
type Groups = Vec<(String, Vec<String>)>;

/// The SDK facts of the service named `service` (an SDK name or one of its trees): its
/// prefix and its `(template, regions)` exceptions, in order.
fn sdk_facts(service: &str) -> Option<(String, Groups)> {
    let rows = FACTS.lines().map(|l| l.split('\t').collect::<Vec<_>>());
    let sdk = rows.clone().find(|r| {
        r.first() == Some(&"service")
            && (r.get(1) == Some(&service)
                || r.get(3).is_some_and(|t| t.split(',').any(|t| t == service)))
    })?;
    let (name, prefix) = (sdk.get(1)?.to_string(), sdk.get(2)?.to_string());
    let extras = rows
        .filter(|r| r.first() == Some(&"extra") && r.get(1) == Some(&name.as_str()))
        .filter_map(|r| {
            let regions = r.get(3)?.split(',').map(str::to_owned).collect();
            Some((r.get(2)?.to_string(), regions))
        })
        .collect();
    Some((prefix, extras))
}

/// Adds `endpoint_prefix` (and `endpoints` for the exceptions) to `svc`, the `service`
/// mapping of the service named `service` imported from `pages`.
pub fn fill(svc: &mut Mapping, pages: &[TreePage], service: &str, warnings: &mut Vec<Warning>) {
    let docs = docs_prefix(pages);
    let sdk = sdk_facts(service);
    let prefix: Value = match (&docs, &sdk) {
        (Some(d), Some((s, _))) if d != s => {
            let mut m = Mapping::new();
            m.insert("huawei_cloud".into(), s.as_str().into());
            m.insert("open_telekom_cloud".into(), d.as_str().into());
            Value::Mapping(m)
        }
        (Some(p), _) | (None, Some((p, _))) => p.as_str().into(),
        (None, None) => {
            warnings.push(Warning::new(
                "index.rst",
                1,
                format!(
                    "no endpoint found: no example URL names a host on Open Telekom Cloud and \
                     `{service}` is not in the SDK region tables; set `service.endpoint_prefix` \
                     (`vpc` for `https://vpc.eu-de.otc.t-systems.com`)"
                ),
            ));
            return;
        }
    };
    svc.insert("endpoint_prefix".into(), prefix);
    let extras: Sequence = sdk
        .map(|(_, extras)| extras)
        .unwrap_or_default()
        .into_iter()
        .map(|(template, regions)| {
            let mut group = Mapping::new();
            group.insert("template".into(), template.into());
            group.insert(
                "regions".into(),
                Value::Sequence(regions.into_iter().map(Value::from).collect()),
            );
            Value::Mapping(group)
        })
        .collect();
    if !extras.is_empty() {
        svc.insert("endpoints".into(), Value::Sequence(extras));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> TreePage {
        TreePage {
            path: "a.rst".into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn prefixes_from_examples_skip_identity_and_documentation_hosts() {
        assert_eq!(otc_prefix("rds.eu-de.otc.t-systems.com"), Some("rds"));
        assert_eq!(
            otc_prefix("iam-pub.eu-ch2.sc.otc.t-systems.com"),
            Some("iam-pub")
        );
        assert_eq!(
            otc_prefix("gaussdb-mysql.eu-nl.otc.t-systems.com"),
            Some("gaussdb-mysql")
        );
        assert_eq!(otc_prefix("docs.otc.t-systems.com"), None);
        assert_eq!(otc_prefix("demo.obs.eu-de.otc.t-systems.com"), None);
        assert_eq!(otc_prefix("vpc.cn-north-4.myhuaweicloud.com"), None);
        let pages = [
            page(
                "POST https://iam.eu-de.otc.t-systems.com/v3/auth/tokens\nPOST https://iam.eu-de.otc.t-systems.com/v3/auth/tokens",
            ),
            page(
                "GET https://rds.eu-de.otc.t-systems.com/v3/x and https://docs.otc.t-systems.com/",
            ),
        ];
        assert_eq!(docs_prefix(&pages).as_deref(), Some("rds"));
        assert_eq!(docs_prefix(&[page("https://{Endpoint}/v1/x")]), None);
    }

    #[test]
    fn the_sdk_facts_and_the_docs_combine() {
        let mut warnings = Vec::new();
        let mut svc = Mapping::new();
        fill(&mut svc, &[], "vpc", &mut warnings);
        assert_eq!(svc.get("endpoint_prefix"), Some(&Value::from("vpc")));
        assert!(
            svc.get("endpoints").is_some(),
            "eu-west-101 differs: {svc:?}"
        );
        // Found by the documentation tree's name, and a prefix of its own on the docs.
        let mut svc = Mapping::new();
        let pages = [page(
            "GET https://gaussdb-mysql.eu-de.otc.t-systems.com/v3/x",
        )];
        fill(&mut svc, &pages, "taurusdb", &mut warnings);
        let prefix = serde_yaml::to_string(&svc["endpoint_prefix"]).unwrap();
        assert_eq!(
            prefix,
            "huawei_cloud: gaussdb\nopen_telekom_cloud: gaussdb-mysql\n"
        );
        assert!(warnings.is_empty());
        let mut svc = Mapping::new();
        fill(&mut svc, &[], "nothing-known", &mut warnings);
        assert!(svc.is_empty());
        assert!(
            warnings[0].message.contains("no endpoint found"),
            "{warnings:?}"
        );
    }
}
