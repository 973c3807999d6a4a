//! `.region(..)` out of the box: the URL each service crate (VPC, NAT, CodeArts Artifact)
//! and a service imported from a catalogue tree choose in each cloud, the override
//! variable, the errors, and the facts behind them (the official SDKs' region tables, the
//! catalogue import).

use hwcloud_runtime::{ClientBuilder, Cloud, Credentials};

/// The endpoints a builder's client would call, with an empty environment plus `vars`.
fn urls<C>(
    builder: ClientBuilder<C>,
    vars: &'static [(&str, &str)],
    runtime: impl Fn(&C) -> &hwcloud_runtime::Client,
) -> Result<Vec<String>, String>
where
    C: From<hwcloud_runtime::Client>,
{
    builder
        .credentials(
            Credentials::new("ak", "sk")
                .with_project_id("p")
                .with_domain_id("d"),
        )
        .env(move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
        .build()
        .map(|c| {
            runtime(&c)
                .endpoints()
                .iter()
                .map(|e| e.base_url())
                .collect()
        })
        .map_err(|e| e.to_string())
}

/// `urls!(crate, |builder| builder.region(..))`, optionally with variables.
macro_rules! urls {
    ($krate:path, $configure:expr) => {
        urls!($krate, $configure, &[])
    };
    ($krate:path, $configure:expr, $vars:expr) => {{
        use $krate as k;
        let configure: fn(ClientBuilder<k::Client>) -> ClientBuilder<k::Client> = $configure;
        urls(configure(k::Client::builder()), $vars, k::Client::runtime)
    }};
}

#[test]
fn each_service_picks_the_url_of_each_cloud() {
    use hwcloud_tests::antiddos;
    let otc = Cloud::OpenTelekomCloud;
    let cases = [
        (
            urls!(hwcloud_vpc, |b| b.region("eu-de")),
            "https://vpc.eu-de.otc.t-systems.com",
        ),
        (
            urls!(hwcloud_vpc, |b| b.region("eu-nl")),
            "https://vpc.eu-nl.otc.t-systems.com",
        ),
        (
            urls!(hwcloud_vpc, |b| b
                .cloud(Cloud::OpenTelekomCloud)
                .region("eu-ch2")),
            "https://vpc.eu-ch2.sc.otc.t-systems.com",
        ),
        (
            urls!(hwcloud_vpc, |b| b.region("cn-north-4")),
            "https://vpc.cn-north-4.myhuaweicloud.com",
        ),
        // The SDK's table keeps `.com` here, where most services use the region's `.eu`.
        (
            urls!(hwcloud_vpc, |b| b.region("eu-west-101")),
            "https://vpc.eu-west-101.myhuaweicloud.com",
        ),
        (
            urls!(hwcloud_nat, |b| b.region("eu-de")),
            "https://nat.eu-de.otc.t-systems.com",
        ),
        (
            urls!(hwcloud_nat, |b| b.region("eu-ch2")),
            "https://nat.eu-ch2.sc.otc.t-systems.com",
        ),
        (
            urls!(hwcloud_nat, |b| b
                .cloud(Cloud::HuaweiCloud)
                .region("ap-southeast-1")),
            "https://nat.ap-southeast-1.myhuaweicloud.com",
        ),
        (
            urls!(hwcloud_nat, |b| b.region("ap-southeast-4")),
            "https://nat.ap-southeast-4.myhuaweicloud.cn",
        ),
        (
            urls!(hwcloud_codeartsartifact, |b| b.region("cn-north-4")),
            "https://cloudartifacts-ext.cn-north-4.myhuaweicloud.com",
        ),
        (
            urls!(hwcloud_codeartsartifact, |b| b.region("cn-south-1")),
            "https://artifact.cn-south-1.myhuaweicloud.com",
        ),
        (
            urls!(antiddos, |b| b.region("eu-de")),
            "https://antiddos.eu-de.otc.t-systems.com",
        ),
        (
            urls!(antiddos, |b| b.region("eu-ch2")),
            "https://antiddos.eu-ch2.sc.otc.t-systems.com",
        ),
        (
            urls!(antiddos, |b| b.region("la-south-2")),
            "https://antiddos.la-south-2.myhuaweicloud.com",
        ),
    ];
    for (i, (got, expected)) in cases.into_iter().enumerate() {
        assert_eq!(got, Ok(vec![expected.to_owned()]), "case {i}");
    }
    assert_eq!(otc.to_string(), "Open Telekom Cloud");
}

#[test]
fn the_override_variable_still_wins() {
    let got = urls!(
        hwcloud_vpc,
        |b| b.region("eu-de"),
        &[(
            "HUAWEICLOUD_SDK_REGION_VPC_EU_DE",
            "https://a.example, http://127.0.0.1:9"
        )]
    );
    assert_eq!(
        got,
        Ok(vec![
            "https://a.example".into(),
            "http://127.0.0.1:9".into()
        ])
    );
    // `.endpoint(..)` wins over the region.
    let got = urls!(hwcloud_vpc, |b| b
        .region("eu-de")
        .endpoint("http://127.0.0.1:8"));
    assert_eq!(got, Ok(vec!["http://127.0.0.1:8".into()]));
}

#[test]
fn unknown_regions_and_the_wrong_cloud_say_what_is_known() {
    let err = urls!(hwcloud_vpc, |b| b.region("eu-dee")).unwrap_err();
    assert!(
        err.contains("region `eu-dee` is not a region of Vpc; known regions: ")
            && err.contains("eu-de, eu-nl, eu-ch2")
            && err.contains("cn-north-4")
            && err.contains("HUAWEICLOUD_SDK_REGION_VPC_EU_DEE"),
        "{err}"
    );
    let err = urls!(hwcloud_vpc, |b| b.cloud(Cloud::HuaweiCloud).region("eu-de")).unwrap_err();
    assert!(err.contains("not a region of Vpc in Huawei Cloud"), "{err}");
    assert!(!err.contains("eu-nl"), "{err}");
    let err = urls!(hwcloud_vpc, |b| b).unwrap_err();
    assert!(
        err.contains("no region or endpoint") && err.contains("eu-ch2"),
        "{err}"
    );
}

/// The runtime's Huawei Cloud regions are those of the SDK facts the importer reads.
#[test]
fn the_runtime_knows_the_regions_of_the_sdk_facts() {
    let facts = std::fs::read_to_string(
        hwcloud_tests::shared::root().join("codegen/tools/data/sdk_endpoints.tsv"),
    )
    .expect("facts are readable");
    let from_facts: Vec<(String, String)> = facts
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f.first() == Some(&"region")).then(|| (f[1].to_owned(), f[2].to_owned()))
        })
        .collect();
    let runtime: Vec<(String, String)> = Cloud::HuaweiCloud
        .regions()
        .iter()
        .map(|r| (r.id.to_owned(), r.domain.to_owned()))
        .collect();
    assert_eq!(runtime, from_facts);
}

/// The catalogue fixture is what today's importer makes of its tree.
#[test]
fn the_catalogue_fixture_is_the_import_of_its_tree() {
    let Some(catalogue) =
        hwcloud_tests::shared::catalogue("the_catalogue_fixture_is_the_import_of_its_tree")
    else {
        return;
    };
    let tree = catalogue.join("anti-ddos/api-ref/source");
    let imported =
        hwcloud_codegen_tools::import::tree::import_dir(&tree, "antiddos").expect("imports");
    let committed = std::fs::read_to_string(
        hwcloud_tests::shared::root().join("tests/fixtures/catalogue/antiddos.yaml"),
    )
    .expect("fixture is readable");
    assert!(
        committed == imported.yaml,
        "tests/fixtures/catalogue/antiddos.yaml differs from `hwcloud-codegen import <catalogue>/anti-ddos/api-ref/source --service antiddos`: re-import it"
    );
}
