//! The runtime against the world outside it: every signature the official SDK computes,
//! reproduced byte for byte, and TLS to a server with a private CA.
//!
//! One test binary, a module per concern.

mod signer_vectors;
mod tls;
