//! Any text as a spec: checking it, rendering the diagnostics and generating code must
//! never panic, and an accepted spec must yield code that formats.
//!
//! ```text
//! mkdir -p corpus/pipeline && cp ../../tests/fixtures/*/*.yaml corpus/pipeline/
//! cargo +nightly fuzz run pipeline corpus/pipeline -- -max_total_time=600 -timeout=10
//! ```
//! A crashing input lands in `artifacts/pipeline/`; keep it in
//! `tests/fixtures/regressions/` once fixed.

#![no_main]

use hwcloud_codegen::diagnostics::{ColorChoice, render_human, render_json};
use hwcloud_codegen::{Config, Error};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = hwcloud_codegen::check("fuzz.yaml", text);
    let files = std::slice::from_ref(&report);
    let _ = render_human(files, ColorChoice::Never);
    let _ = render_human(files, ColorChoice::Always);
    let _ = render_json(files);
    if report.has_errors() {
        return;
    }
    let mut config = Config::new();
    config.cargo_directives(false);
    if let Err(e @ (Error::Internal { .. } | Error::Config { .. } | Error::Io { .. })) =
        config.generate_source("fuzz.yaml", text)
    {
        panic!("an accepted spec failed to generate: {e}");
    }
});
