//! The cold-start figure: process start to the first completed call, ours against
//! aws-sdk-rust.

use super::processes::{Client, Programs, Sample, interleaved};
use super::ratio;
use crate::figures::Env;
use crate::measure::median;
use crate::report::Grid;

/// Process start to the first completed call, ours against aws-sdk-rust.
pub(super) fn cold_start(env: &Env, programs: &Programs, port: u16) -> Result<Grid, String> {
    let mut ours = Client::new(&programs.calls, &["cold"]);
    let endpoint = format!("http://127.0.0.1:{port}");
    for (k, v) in [
        ("HUAWEICLOUD_SDK_AK", crate::sign::AK),
        ("HUAWEICLOUD_SDK_SK", crate::sign::SK),
        ("HUAWEICLOUD_SDK_PROJECT_ID", crate::sign::PROJECT),
        ("HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4", &endpoint),
    ] {
        ours.env.push((k.to_owned(), v.to_owned()));
    }
    let aws = Client::new(&programs.aws, &["cold", &port.to_string()]);
    let samples = interleaved(&[&ours, &aws], env.runs.max(9))?;
    let mut grid = Grid::new(
        "Cold start: a fresh process builds its client (credentials, endpoint) and completes one call (the 2.5 KB answer)",
        &[
            "client",
            "process start to exit (ms)",
            "`main` to the first answer (ms)",
            "÷ aws-sdk-rust",
            "peak memory (MiB)",
        ],
    );
    let wall = |s: &[Sample]| median(s.iter().map(|x| x.process_wall).collect());
    let first = |s: &[Sample]| median(s.iter().map(|x| x.get("first_call")).collect());
    let rss = |s: &[Sample]| median(s.iter().map(|x| x.get("maxrss")).collect());
    for (name, i) in [
        (
            "ours: `Client::builder().region(..)`, credentials and endpoint from the environment",
            0,
        ),
        (
            "aws-sdk-rust: `Config::builder()` with static credentials, region and endpoint URL",
            1,
        ),
    ] {
        let s = &samples[i];
        grid.push(vec![
            name.to_owned(),
            format!("{:.2}", wall(s) * 1e3),
            format!("{:.2}", first(s) * 1e3),
            if i == 0 {
                ratio(wall(s), wall(&samples[1]))
            } else {
                String::new()
            },
            format!("{:.1}", rss(s) / (1024.0 * 1024.0)),
        ]);
    }
    Ok(grid)
}
