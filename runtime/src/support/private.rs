//! What only generated code uses, and nothing else should: the contract marker, the
//! serialization crates as the runtime sees them, and the redaction of sensitive fields.
//!
//! Generated code reaches `serde` and `serde_json` through this module (for example
//! `hwcloud_runtime::__private::serde::Serialize`), so a generated crate needs no other
//! dependency than the runtime, and always uses the same versions as the runtime.

pub use serde;
pub use serde_json;

/// Contract versions between generated code and this runtime.
///
/// Generated code names the version it was written for in a constant
/// (`const _: Option<hwcloud_runtime::__private::contract::V5> = None;`). A runtime keeps
/// every version it still supports; when the generator and the runtime do not match, the
/// build fails on that line with "cannot find type `V5` in module
/// `::hwcloud_runtime::__private::contract`", and the fix is to use the runtime version
/// that belongs to the generator version.
pub mod contract {
    /// Version 5: as version 4 (below), except that a generated string enum gets its
    /// impls (`as_str`, `From<&str>`, `Display`, serde, `Decode`) from one
    /// [`open_enum!`](crate::open_enum) line listing its variants' wire values
    /// (`open_enum!(Format { Maven => "maven", Npm => "npm" })`), the enum's last variant
    /// being `Unknown(String)`.
    #[derive(Debug, Clone, Copy)]
    pub struct V5;

    /// Version 4 (still supported): as version 3 (below), except that every type a
    /// generated struct holds implements [`Decode`](crate::object::Decode), which a client
    /// decodes responses with: [`object_serde!`](crate::object_serde) implements it for
    /// structs, and generated enums implement it with
    /// [`decode_enum`](crate::object::decode_enum), their other impls written out.
    /// Code generated for version 3 no longer builds (its enums lack `Decode`).
    ///
    /// Version 3 (no longer supported): as version 2 (below), except that every paged
    /// request, whatever its style, implements the one [`Paginated`](crate::Paginated)
    /// trait (a cursor, the page's items by reference and by value, the total and the next
    /// marker), and the `<method>_pager` methods of both clients return the one
    /// [`Pager`](crate::Pager) (`blocking::Pager` on the blocking client).
    ///
    /// Version 2 (no longer supported: its marker-paged requests implement a separate
    /// `MarkerPaginated` trait): every field in an
    /// [`object_serde!`](crate::object_serde) invocation carries its JSON key
    /// (`Opt total "total"`), so the macro expands without a nested macro per field.
    ///
    /// Version 1 (no longer supported: its `object_serde!` fields may leave the key out):
    /// generated code builds runtime values through constructors
    /// ([`Operation::new`](crate::Operation::new), [`ServiceInfo::new`](crate::ServiceInfo::new), ...),
    /// implements [`ApiRequest`](crate::ApiRequest) and `Paginated`, gives structs their
    /// serde impls with [`object_serde!`](crate::object_serde), and reaches `serde`,
    /// `serde_json` and [`Redacted`](super::Redacted) through `__private`; global services
    /// describe themselves with [`ServiceInfo::global`](crate::ServiceInfo::global).
    #[derive(Debug, Clone, Copy)]
    pub struct V4;
}

/// What the `Debug` output of a generated type shows instead of a sensitive value: `"***"`.
///
/// A sensitive field prints as `password: "***"`, or `Some("***")` / `None` when it is
/// optional, so the output still says whether the value is there.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

#[cfg(test)]
mod tests {
    use super::Redacted;

    #[test]
    fn redacted_values_print_as_stars_and_keep_presence() {
        assert_eq!(format!("{Redacted:?}"), r#""***""#);
        assert_eq!(format!("{:?}", Some(Redacted)), r#"Some("***")"#);
        assert_eq!(format!("{:?}", None::<Redacted>), "None");
    }
}
