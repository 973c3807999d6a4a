//! Lean `Serialize` and `Deserialize` for the structs of generated clients.
//!
//! `serde_derive` writes, for every struct, a field enum with its visitor, a struct
//! visitor with `visit_seq` and `visit_map`, and a `Serialize` body with a branch per
//! field: most of what `cargo check` spent on a generated crate, type-checked again on
//! every change of the spec. Generated structs instead invoke
//! [`object_serde!`](crate::object_serde), which expands to less:
//!
//! - `Deserialize`: one map visitor that reads each known key straight into the field's
//!   type (as fast as the derive) and ignores the others; the bookkeeping (duplicates,
//!   missing fields, keys borrowed from the input) lives in the kinds below.
//! - `Serialize`: a straight line of `write` calls, one per field, into a [`Writer`] that
//!   skips what the kind says to skip and keeps the first error: no branch per field.
//!
//! Both are as fast as the derive and use as much stack per nesting level. Passing values
//! through `erased_serde` instead, with the field table in generic code compiled once
//! here, checked about 20 % faster at 100 operations, but it boxed values (3x the derive's
//! decoding time) and used so much stack per nesting level that a hostile response nesting
//! a recursive schema 48 levels deep overflowed a 2 MiB thread stack in debug builds: a
//! crash, not an error.
//!
//! The JSON and the error messages (with `serde_path_to_error` paths) are those of
//! `serde_derive` with the matching field attributes, which the tests check side by side:
//! fields in declaration order, unknown keys ignored, a duplicate key is an error, a
//! missing required key is `missing field`, and the four kinds of field below. One
//! difference: a struct is read from a JSON object only, never from an array.
//!
//! # Responses that differ from the docs
//!
//! The same structs serve requests and responses. Serializing (a request) always sends
//! every required ([`Req`]) field. Deserializing is strict, as above. A
//! [`Client`](crate::Client) decodes responses through [`Decode`](crate::wire::tolerant::Decode)
//! instead, with a [`Tolerance`]: then a required field that is absent or `null` takes its
//! type's empty value (`""`, `0`, `false`, `[]`, `{}`, a struct of empty values) instead of
//! failing the call, and a scalar of the other scalar type is converted when nothing is
//! lost, because the documentation's "mandatory" marks and types are not reliable and the
//! official SDK accepts such responses. Each gap is reported in
//! [`Response::missing_required`](crate::Response::missing_required), each conversion in
//! [`Response::type_repairs`](crate::Response::type_repairs), and both in a `tracing`
//! warning. A type without an empty value (a closed enum) still fails (a generated enum
//! reads `""` as an unknown value), and so does a conversion that would lose data.
//!
//! # Where things are
//!
//! - `structs`: the [`object_serde!`](crate::object_serde) macro itself;
//! - `fields`: the four kinds of field ([`Req`], [`Opt`], [`Nul`], [`Maybe`]) it reads and
//!   sends;
//! - `write` and `read`: the [`Writer`] its `Serialize` sends through, and what its visitor
//!   calls besides the kinds ([`expecting`], [`skip`], [`missing`], [`Key`]);
//! - `enums`: [`open_enum!`](crate::open_enum), the impls of a generated string enum, and
//!   the generic code it calls ([`deserialize_enum`], [`decode_enum`]).

mod enums;
mod fields;
mod read;
mod structs;
mod write;

pub use crate::wire::tolerant::{Decode, Tolerance};
pub use enums::{decode_enum, deserialize_enum};
pub use fields::{Maybe, Nul, Opt, Req};
pub use read::{Key, expecting, missing, skip};
pub use write::Writer;

#[doc(hidden)]
pub use serde as __serde;
