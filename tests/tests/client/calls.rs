//! Requests written the way the README writes them: one expression per request, lists of
//! `&str`, a wrapped body with an optional key built from the wrapped value, and a type with
//! one required value built from that value; what goes on the wire is checked.

use hwcloud_vpc::requests::{
    CreateSecurityGroupRuleV3Request, CreateVpcRequest, ListVpcsV3Request,
};
use hwcloud_vpc::types::{
    CreateSecurityGroupRuleV3Option, CreateSecurityGroupRuleV3OptionRequired,
    CreateSecurityGroupRuleV3RequestBody, CreateVpcOption, CreateVpcRequestBody,
};
use serde_json::json;

#[test]
fn one_expression_per_request() {
    let request = CreateSecurityGroupRuleV3Request::new(
        CreateSecurityGroupRuleV3RequestBody::from(
            CreateSecurityGroupRuleV3Option::new(CreateSecurityGroupRuleV3OptionRequired {
                security_group_id: "sg-1".into(),
                direction: "ingress".into(),
            })
            .with_protocol("tcp")
            .with_multiport("22"),
        )
        .with_dry_run(true),
    );
    assert_eq!(
        serde_json::to_value(&request.body).unwrap(),
        json!({
            "dry_run": true,
            "security_group_rule": {
                "security_group_id": "sg-1", "direction": "ingress",
                "protocol": "tcp", "multiport": "22"
            }
        })
    );
    // The named struct of required values derives what a value type should.
    let required = CreateSecurityGroupRuleV3OptionRequired {
        security_group_id: "sg-1".into(),
        direction: "egress".into(),
    };
    assert_eq!(required.clone(), required);
    assert!(format!("{required:?}").contains("egress"));

    // One required value: the value itself (here the body, from the wrapped object).
    let request = CreateVpcRequest::new(CreateVpcRequestBody::from(
        CreateVpcOption::default()
            .with_name("vpc-1")
            .with_cidr("192.168.0.0/16"),
    ));
    assert_eq!(
        serde_json::to_value(&request.body).unwrap(),
        json!({"vpc": {"name": "vpc-1", "cidr": "192.168.0.0/16"}})
    );

    // Lists take any iterable of values that convert.
    let request = ListVpcsV3Request::new()
        .with_id(vec!["a", "b"])
        .with_limit(10);
    assert_eq!(request.id, Some(vec!["a".to_owned(), "b".to_owned()]));
    let ids: Vec<String> = vec!["c".into()];
    let request = ListVpcsV3Request::new().with_id(ids);
    assert_eq!(request.id.as_deref(), Some(&["c".to_owned()][..]));
}
