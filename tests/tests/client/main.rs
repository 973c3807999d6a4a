//! The generated clients and the runtime at work, against servers on 127.0.0.1.
//!
//! One test binary, a module per concern: every operation of every service crate over
//! loopback HTTP, the seed operation end to end, the `build_network` example, paging,
//! the blocking client, credentials and endpoints, the official client's recorded
//! behaviour, secrets, misbehaving and hostile servers, and the memory an error body
//! costs (measured in a child process of its own).

mod blocking;
mod build_network;
mod calls;
mod client_vectors;
mod credentials_config;
mod endpoints;
mod faults;
mod global_service;
mod hostile;
mod marker_paging;
mod memory;
mod operations_http;
mod pagination;
mod secrets;
mod seed_http;
mod selected;
mod sensitive;
