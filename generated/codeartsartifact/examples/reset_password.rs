//! Resets the Maven repository password of the current user, like the official SDK's
//! sample for `ResetUserPassword`.
//!
//! ```sh
//! export CLOUD_SDK_AK=... CLOUD_SDK_SK=...
//! cargo run -p hwcloud-codeartsartifact --example reset_password -- cn-north-4
//! ```
//!
//! The region defaults to `cn-north-4`; `HUAWEICLOUD_SDK_REGION_CODEARTSARTIFACT_<REGION>`
//! overrides its endpoint. Every failure is printed with its details and the program exits
//! with status 1; it never panics.

use std::process::ExitCode;
use std::time::Duration;

use hwcloud_codeartsartifact::{Client, Credentials, Error};

#[tokio::main]
async fn main() -> ExitCode {
    let region = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cn-north-4".to_owned());
    match run(&region).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(status) = e.status() {
                eprintln!("  status:     {status}");
                eprintln!("  request id: {}", e.request_id().unwrap_or("-"));
                eprintln!("  error code: {}", e.error_code().unwrap_or("-"));
                eprintln!("  message:    {}", e.error_msg().unwrap_or("-"));
            }
            if let Some(attempts) = e.attempts() {
                eprintln!("  attempts:   {attempts}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(region: &str) -> Result<(), Error> {
    // The official samples read these two variables.
    let credentials = Credentials::from_env_vars("CLOUD_SDK_AK", "CLOUD_SDK_SK")?;
    let client = Client::builder()
        .credentials(credentials)
        .region(region)
        .user_agent_suffix("reset-password-example")
        .call_timeout(Duration::from_secs(60))
        .build()?;
    let response = client.reset_user_password().await?;
    println!(
        "new password set for {:?} (request id {})",
        response
            .body()
            .result
            .as_ref()
            .and_then(|user| user.user_name.as_deref()),
        response.request_id().unwrap_or("-")
    );
    Ok(())
}
