//! Where a client gets its credentials and endpoints when they are not given in code: the
//! `HUAWEICLOUD_SDK_*` variables, then the profile file (as the official SDK's default
//! chain), and the region endpoint override. Variables come from the builder's `env`
//! lookup, so no test touches the process environment; files live in a fresh temporary
//! directory per test.

use std::path::PathBuf;

use hwcloud_codeartsartifact::{Client, Credentials, Error};
use hwcloud_runtime::CredentialKind;
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, header, received};
use hwcloud_tests::verify::check_signature;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED_PATH: &str = "/cloudartifact/v5/maven/users/me";

/// An environment made of `pairs` only.
fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("hwcloud-credentials-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the temporary directory");
        Self(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let file = self.0.join(relative);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).expect("create parent");
        }
        std::fs::write(&file, text).expect("write the file");
        file
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("UTF-8 temporary path")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn seed_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEED_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    server
}

fn config_message(error: Error) -> String {
    match error {
        Error::Config(e) => e.message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn without_credentials_the_client_reads_the_sdk_variables_and_signs_with_them() {
    let server = seed_server().await;
    let client = Client::builder()
        .endpoint(server.uri())
        .env(env_of(&[
            ("HUAWEICLOUD_SDK_AK", AK),
            ("HUAWEICLOUD_SDK_SK", SK),
            ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID),
            ("HUAWEICLOUD_SDK_DOMAIN_ID", "domain-1"),
            ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN-FROM-ENV"),
        ]))
        .build()
        .expect("credentials come from the variables");
    let credentials = client.runtime().credentials();
    assert_eq!(credentials.ak(), AK);
    assert_eq!(credentials.domain_id(), Some("domain-1"));
    assert_eq!(credentials.kind(), CredentialKind::Basic);

    client
        .reset_user_password()
        .await
        .expect("the call succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    let sent = &requests[0];
    assert_eq!(header(sent, "x-project-id"), Some(PROJECT_ID));
    assert_eq!(header(sent, "x-security-token"), Some("TOKEN-FROM-ENV"));
    check_signature(&received(sent), AK, SK).expect("signed with the variables' SK");
}

#[tokio::test]
async fn the_profile_file_named_by_the_variable_is_read() {
    let dir = TempDir::new("named");
    let file = dir.write(
        "creds.ini",
        &format!(
            "# written by hand\n[global]\nak = GLOBAL-AK\nsk = global-sk\n\n[basic]\nak = {AK}\nsk = {SK}\nproject_id = {PROJECT_ID}\nsecurity_token = PROFILE-TOKEN\n"
        ),
    );
    let server = seed_server().await;
    let client = Client::builder()
        .endpoint(server.uri())
        .env(env_of(&[(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            file.to_str().expect("UTF-8 path"),
        )]))
        .build()
        .expect("credentials come from the [basic] section");
    assert_eq!(client.runtime().credentials().ak(), AK);
    assert_eq!(
        client.runtime().credentials().project_id(),
        Some(PROJECT_ID)
    );

    client
        .reset_user_password()
        .await
        .expect("the call succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        header(&requests[0], "x-security-token"),
        Some("PROFILE-TOKEN")
    );
    check_signature(&received(&requests[0]), AK, SK).expect("signed with the profile's SK");
}

#[test]
fn the_default_profile_is_under_home_and_the_variables_win_over_it() {
    let home = TempDir::new("home");
    home.write(
        ".huaweicloud/credentials",
        "[basic]\nak = FILE-AK\nsk = file-sk\n",
    );
    let from_file = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HOME", home.path())]))
        .build()
        .expect("credentials come from ~/.huaweicloud/credentials");
    assert_eq!(from_file.runtime().credentials().ak(), "FILE-AK");
    assert_eq!(from_file.runtime().credentials().sk().expose(), "file-sk");

    let from_env = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[
            ("HOME", home.path()),
            ("HUAWEICLOUD_SDK_AK", "ENV-AK"),
            ("HUAWEICLOUD_SDK_SK", "env-sk"),
        ]))
        .build()
        .expect("credentials come from the variables");
    assert_eq!(from_env.runtime().credentials().ak(), "ENV-AK");

    let explicit = Client::builder()
        .endpoint("https://example.invalid")
        .credentials(Credentials::new("CODE-AK", "code-sk"))
        .env(env_of(&[
            ("HUAWEICLOUD_SDK_AK", "ENV-AK"),
            ("HUAWEICLOUD_SDK_SK", "env-sk"),
        ]))
        .build()
        .expect("explicit credentials");
    assert_eq!(explicit.runtime().credentials().ak(), "CODE-AK");
}

#[test]
fn no_credentials_anywhere_is_a_clear_configuration_error() {
    let home = TempDir::new("empty-home");
    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HOME", home.path())]))
        .build()
        .expect_err("no credentials");
    let message = config_message(error);
    for part in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "[basic]",
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        ".huaweicloud/credentials",
    ] {
        assert!(message.contains(part), "`{part}` missing from: {message}");
    }

    // A profile without the [basic] section is skipped the same way.
    home.write(".huaweicloud/credentials", "[global]\nak = G\nsk = g\n");
    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HOME", home.path())]))
        .build()
        .expect_err("no [basic] section");
    assert!(config_message(error).contains("no credentials"));
}

#[test]
fn broken_profiles_and_half_set_variables_name_the_problem_but_never_a_secret() {
    let dir = TempDir::new("broken");
    let file = dir.write(
        "creds",
        "[basic]\nak = SOME-AK\nsk = first-secret-value\nsk = second-secret-value\n",
    );
    let named = file.to_str().expect("UTF-8 path").to_owned();
    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &named)]))
        .build()
        .expect_err("duplicate key");
    let message = config_message(error);
    assert!(message.contains(&named), "{message}");
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("`sk` appears twice"), "{message}");
    assert!(!message.contains("secret-value"), "{message}");

    dir.write("creds", "[basic]\nak = SOME-AK\n");
    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &named)]))
        .build()
        .expect_err("no sk");
    assert!(config_message(error).contains("needs both `ak` and `sk`"));

    let missing = dir.0.join("does-not-exist");
    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            missing.to_str().expect("UTF-8 path"),
        )]))
        .build()
        .expect_err("a named file must exist");
    assert!(config_message(error).contains("cannot read the credentials file"));

    let error = Client::builder()
        .endpoint("https://example.invalid")
        .env(env_of(&[("HUAWEICLOUD_SDK_SK", "lonely-secret-value")]))
        .build()
        .expect_err("SK without AK");
    let message = config_message(error);
    assert!(message.contains("HUAWEICLOUD_SDK_AK is not"), "{message}");
    assert!(!message.contains("lonely-secret-value"), "{message}");
}

#[test]
fn credentials_from_variables_of_your_choice() {
    // PATH is set in every environment the tests run in; nothing is modified.
    let path = std::env::var("PATH").expect("PATH is set");
    let c = Credentials::from_env_vars("PATH", "PATH").expect("PATH is set");
    assert_eq!(c.ak(), path);
    let error =
        Credentials::from_env_vars("CLOUD_SDK_AK_SURELY_UNSET_1F2E", "PATH").expect_err("unset");
    assert!(
        config_message(error).contains("CLOUD_SDK_AK_SURELY_UNSET_1F2E is not set"),
        "the message names the variable"
    );
}

#[tokio::test]
async fn the_region_endpoint_override_variable_redirects_calls() {
    let server = seed_server().await;
    let client = Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .region("cn-north-4")
        .env(env_of(&[(
            "HUAWEICLOUD_SDK_REGION_CODEARTSARTIFACT_CN_NORTH_4",
            &server.uri(),
        )]))
        .build()
        .expect("valid configuration");
    assert_eq!(
        client.runtime().endpoints()[0].base_url(),
        server.uri().trim_end_matches('/')
    );
    client
        .reset_user_password()
        .await
        .expect("the call reaches the override");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));

    // Without the variable, the official table applies.
    let table = Client::builder()
        .credentials(Credentials::new(AK, SK))
        .region("cn-north-4")
        .env(env_of(&[]))
        .build()
        .expect("valid configuration");
    assert!(
        table.runtime().endpoints()[0]
            .host
            .ends_with("cn-north-4.myhuaweicloud.com"),
        "{:?}",
        table.runtime().endpoints()
    );
}

#[test]
fn proxy_and_certificate_settings_are_checked_when_building() {
    let error = Client::builder()
        .credentials(Credentials::new(AK, SK))
        .endpoint("https://example.invalid")
        .proxy("ftp://user:proxy-secret@proxy.local:21")
        .build()
        .expect_err("not an http proxy");
    let message = config_message(error);
    assert!(
        message.contains("proxy") && !message.contains("proxy-secret"),
        "{message}"
    );

    let error = Client::builder()
        .credentials(Credentials::new(AK, SK))
        .endpoint("https://example.invalid")
        .proxy_credentials("user", "pw")
        .build()
        .expect_err("credentials without a proxy");
    assert!(config_message(error).contains("without a proxy"));

    let error = Client::builder()
        .credentials(Credentials::new(AK, SK))
        .endpoint("https://example.invalid")
        .ca_file("/nonexistent/ca.pem")
        .build()
        .expect_err("missing CA file");
    assert!(config_message(error).contains("/nonexistent/ca.pem"));
}
