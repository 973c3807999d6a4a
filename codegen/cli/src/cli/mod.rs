//! Subcommands with more than a few lines of logic, one file each; `main.rs` only
//! dispatches to them.

pub mod catalogue;
pub mod diff;
pub mod import;
