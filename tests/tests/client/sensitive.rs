//! Sensitive values never show in `Debug` output: `RepositoryUserDO.password` of the real
//! spec (sensitive by its name), and the fixture's fields and parameters marked by name,
//! by `sensitive: true`, or cleared with `sensitive: false`.

use hwcloud_codeartsartifact::types::RepositoryUserDO;
use hwcloud_tests::fixtures::sensitive::requests::{
    CreateAccountRequest, CreateAccountRequestRequired,
};
use hwcloud_tests::fixtures::sensitive::types::{Account, AccountRequired};

#[test]
fn a_repository_user_password_from_the_service_does_not_print() {
    let user: RepositoryUserDO =
        serde_json::from_str(r#"{"username":"alice","password":"hunter2-Secret"}"#)
            .expect("a valid user");
    assert_eq!(user.password.as_deref(), Some("hunter2-Secret"));
    let printed = format!("{user:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert_eq!(
        printed,
        r#"RepositoryUserDO { username: Some("alice"), password: Some("***") }"#
    );
    let pretty = format!("{user:#?}");
    assert!(!pretty.contains("hunter2"), "{pretty}");
    let absent: RepositoryUserDO = serde_json::from_str("{}").expect("a valid user");
    assert_eq!(
        format!("{absent:?}"),
        "RepositoryUserDO { username: None, password: None }"
    );
}

fn account() -> Account {
    Account::new(AccountRequired {
        name: "alice".into(),
        password: "pw-1".into(),
    })
    .with_private_key("pem-2")
    .with_recovery_code("code-3")
    .with_password_hint("hint-4")
    .with_last_password("last-5")
    .with_token_type("bearer")
    .with_pin(9876)
}

#[test]
fn fields_are_redacted_by_name_and_by_the_sensitive_key() {
    assert_eq!(
        format!("{:?}", account()),
        r#"Account { name: "alice", password: "***", private_key: Some("***"), recovery_code: Some(Some("***")), password_hint: Some("hint-4"), last_password: Some("last-5"), token_type: Some("bearer"), pin: Some("***") }"#
    );
    // The values themselves are untouched, and sent as they are.
    let json = serde_json::to_value(account()).expect("serializable");
    assert_eq!(json["password"], "pw-1");
    assert_eq!(json["recoveryCode"], "code-3");
    assert_eq!(json["pin"], 9876);
}

#[test]
fn parameters_are_redacted_by_name_and_by_the_sensitive_key() {
    let request = CreateAccountRequest::new(CreateAccountRequestRequired {
        x_auth_token: "tok-6".into(),
        body: account(),
    })
    .with_x_otp("otp-7")
    .with_page_token("page-8");
    let printed = format!("{request:?}");
    for secret in ["tok-6", "otp-7", "pw-1", "pem-2", "code-3"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains(r#"x_auth_token: "***""#), "{printed}");
    assert!(printed.contains(r#"x_otp: Some("***")"#), "{printed}");
    assert!(
        printed.contains(r#"page_token: Some("page-8")"#),
        "{printed}"
    );
}
