//! The paging figure: items per second through the generated marker pager against the
//! same requests by hand.

use super::processes::{Client, Programs, Sample, interleaved};
use super::{PAGING_ROUNDS, ratio};
use crate::figures::Env;
use crate::measure::median;
use crate::report::Grid;

/// Items per second through the marker pager against the same requests by hand.
pub(super) fn paging(env: &Env, programs: &Programs, port: u16) -> Result<Grid, String> {
    let rounds = PAGING_ROUNDS.to_string();
    let p = port.to_string();
    let ours = Client::new(&programs.calls, &["pages", "ours", &rounds, &p]);
    let floor = Client::new(&programs.calls, &["pages", "floor", &rounds, &p]);
    let samples = interleaved(&[&ours, &floor], env.runs)?;
    let mut grid = Grid::new(
        "Paging: `ListSubnets` through the generated marker pager (`list_subnets_pager`) against the same requests by hand (floor), 100 pages of 1,000 items and the empty page that ends them",
        &[
            "client",
            "items/s",
            "÷ floor (time)",
            "CPU per 1,000 items (ms)",
            "÷ floor",
            "peak memory (MiB)",
        ],
    );
    let rate = |s: &[Sample]| median(s.iter().map(|x| x.get("items") / x.get("wall")).collect());
    let cpu = |s: &[Sample]| {
        median(
            s.iter()
                .map(|x| x.get("cpu") / x.get("items") * 1e3)
                .collect(),
        )
    };
    let rss = |s: &[Sample]| median(s.iter().map(|x| x.get("maxrss")).collect());
    for (name, i) in [("ours (marker pager)", 0), ("floor (by hand)", 1)] {
        let s = &samples[i];
        grid.push(vec![
            name.to_owned(),
            format!("{:.0}", rate(s)),
            if i == 0 {
                ratio(rate(&samples[1]), rate(s))
            } else {
                String::new()
            },
            format!("{:.2}", cpu(s) * 1e3),
            if i == 0 {
                ratio(cpu(s), cpu(&samples[1]))
            } else {
                String::new()
            },
            format!("{:.0}", rss(s) / (1024.0 * 1024.0)),
        ]);
    }
    Ok(grid)
}
