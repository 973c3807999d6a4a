//! Lean `Serialize` and `Deserialize` for the structs of generated clients.
//!
//! `serde_derive` writes, for every struct, a field enum with its visitor, a struct
//! visitor with `visit_seq` and `visit_map`, and the glue between them: most of what
//! `cargo check` spends on a generated crate is that code, type-checked again on every
//! change of the spec. Generated structs instead invoke [`object_serde!`](crate::object_serde),
//! which expands to two short impls that hand a table of the struct's fields to the
//! generic functions here, compiled once in this crate. Field values travel through
//! [`erased_serde`], so nothing here is instantiated per struct.
//!
//! The price is paid at run time: values go through trait objects and those larger than
//! two words are boxed on the way, so decoding takes about 3x and encoding about 2x the
//! derive's time (a 150 KiB list decodes in about 2 ms instead of 0.7 ms; `BENCHMARKS.md`).
//! For an HTTP client that waits tens of milliseconds for each response this is noise,
//! while `cargo check` runs on every build. A typed map visitor per struct decodes as fast
//! as the derive but costs 20-40 % more `cargo check` time; it was measured and not taken.
//!
//! The JSON and the error messages (with `serde_path_to_error` paths) are those of
//! `serde_derive` with the matching field attributes, which the tests check side by side:
//! fields in declaration order, unknown keys ignored, a duplicate key is an error, a
//! missing required key is `missing field`, and the four kinds of field below. One
//! difference: a struct is read from a JSON object only, never from an array.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// A field being read: filled at most once from the value under its key.
pub trait Slot<'de> {
    /// Reads the field's value from `value`.
    fn fill(
        &mut self,
        value: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error>;
    /// Whether the key was already seen.
    fn is_filled(&self) -> bool;
    /// Whether a missing key is an error.
    fn is_required(&self) -> bool {
        false
    }
}

/// A required field of type `T`: always sent; missing on the wire is an error.
pub struct Req<T>(Option<T>);

/// An optional field `Option<T>`: skipped when `None`; absent or `null` reads as `None`.
pub struct Opt<T>(Option<Option<T>>);

/// A required but nullable field `Option<T>`: sent as `null` when `None`; absent or
/// `null` reads as `None`.
pub struct Nul<T>(Option<Option<T>>);

/// An optional nullable field `Option<Option<T>>`: absent is `None`, `null` is
/// `Some(None)`, a value `Some(Some(v))`; skipped when `None`.
pub struct Maybe<T>(Option<Option<T>>);

impl<T> Req<T> {
    /// An unfilled field.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self(None)
    }

    /// The value read. [`read`] fails on a missing required field before this is
    /// called, so the value is there; taking it without a `?` per field keeps the
    /// expanded `deserialize` short.
    pub fn take(self) -> T {
        self.0
            .expect("object::read reports a missing required field")
    }
}

impl<T: Serialize> Req<T> {
    /// The value to send under the field's key.
    pub fn field(value: &T) -> Option<&dyn erased_serde::Serialize> {
        Some(value)
    }
}

impl<'de, T: Deserialize<'de>> Slot<'de> for Req<T> {
    fn fill(
        &mut self,
        value: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), erased_serde::Error> {
        self.0 = Some(erased_serde::deserialize(value)?);
        Ok(())
    }

    fn is_filled(&self) -> bool {
        self.0.is_some()
    }

    fn is_required(&self) -> bool {
        true
    }
}

/// The three kinds read as `Option<T>`, each with its field type, how it is taken and
/// how it is sent.
macro_rules! nullable_kinds {
    ($($kind:ident => $value:ty, |$v:ident| $done:expr, |$f:ident| $send:expr;)*) => {$(
        impl<T> $kind<T> {
            /// An unfilled field.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(None)
            }

            /// The value read.
            pub fn take(self) -> $value {
                let $v = self.0;
                $done
            }
        }

        impl<T: Serialize> $kind<T> {
            /// The value to send under the field's key, or `None` to leave the key out.
            pub fn field($f: &$value) -> Option<&dyn erased_serde::Serialize> {
                $send
            }
        }

        impl<'de, T: Deserialize<'de>> Slot<'de> for $kind<T> {
            fn fill(
                &mut self,
                value: &mut dyn erased_serde::Deserializer<'de>,
            ) -> Result<(), erased_serde::Error> {
                self.0 = Some(erased_serde::deserialize::<Option<T>>(value)?);
                Ok(())
            }

            fn is_filled(&self) -> bool {
                self.0.is_some()
            }
        }
    )*};
}

nullable_kinds! {
    Opt => Option<T>, |v| v.flatten(), |f| f.as_ref().map(|v| v as &dyn erased_serde::Serialize);
    Nul => Option<T>, |v| v.flatten(), |f| Some(f);
    Maybe => Option<Option<T>>, |v| v, |f| f.as_ref().map(|v| v as &dyn erased_serde::Serialize);
}

/// Serializes a struct named `name` from its `(wire name, value)` pairs, leaving out
/// the pairs without a value.
pub fn write<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[(&'static str, Option<&dyn erased_serde::Serialize>)],
) -> Result<S::Ok, S::Error> {
    let len = fields.iter().filter(|(_, v)| v.is_some()).count();
    let mut st = serializer.serialize_struct(name, len)?;
    for (key, value) in fields {
        if let Some(value) = value {
            st.serialize_field(key, value)?;
        }
    }
    st.end()
}

/// Deserializes a struct named `name` (its wire names `names`) into its `fields`.
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
    fields: &mut [(&'static str, &mut dyn Slot<'de>)],
) -> Result<(), D::Error> {
    deserializer.deserialize_struct(name, names, ObjectVisitor { name, fields })
}

struct ObjectVisitor<'a, 'b, 'de> {
    name: &'static str,
    fields: &'a mut [(&'static str, &'b mut dyn Slot<'de>)],
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            match self.fields.iter_mut().find(|(wire, _)| *wire == key) {
                Some((wire, slot)) => {
                    if slot.is_filled() {
                        return Err(de::Error::duplicate_field(wire));
                    }
                    map.next_value_seed(Fill(&mut **slot))?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        // Here, not after `deserialize_struct` returns, so the error gets a position.
        match self
            .fields
            .iter()
            .find(|(_, s)| s.is_required() && !s.is_filled())
        {
            Some((wire, _)) => Err(de::Error::missing_field(wire)),
            None => Ok(()),
        }
    }
}

/// A key, borrowed from the input when it can be.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// Reads one value into a slot through an erased deserializer.
struct Fill<'a, 'de>(&'a mut dyn Slot<'de>);

impl<'de> DeserializeSeed<'de> for Fill<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer>::erase(deserializer);
        self.0.fill(&mut erased).map_err(de::Error::custom)
    }
}

/// Implements `Serialize` and `Deserialize` for a generated struct from its fields.
///
/// Each field is `Kind rust_name "wireName"`, in declaration order; the JSON key is left
/// out when it is the Rust name as written. `Kind` is one of [`Req`](crate::object::Req), [`Opt`](crate::object::Opt),
/// [`Nul`](crate::object::Nul) or [`Maybe`](crate::object::Maybe):
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Repo {
///     pub name: String,
///     pub total_records: Option<i64>,
/// }
/// hwcloud_runtime::object_serde!(Repo { Req name, Opt total_records "totalRecords" });
///
/// let repo: Repo = serde_json::from_str(r#"{"name":"a","totalRecords":3,"new":1}"#).unwrap();
/// assert_eq!(repo, Repo { name: "a".into(), total_records: Some(3) });
/// assert_eq!(serde_json::to_string(&Repo { name: "b".into(), total_records: None }).unwrap(), r#"{"name":"b"}"#);
/// ```
#[macro_export]
macro_rules! object_serde {
    ($name:ident { $($kind:ident $field:ident $($wire:literal)?),* $(,)? }) => {
        impl $crate::object::__serde::Serialize for $name {
            fn serialize<S: $crate::object::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::object::write(
                    serializer,
                    ::core::stringify!($name),
                    &[$((
                        $crate::__wire_name!($field $($wire)?),
                        $crate::object::$kind::field(&self.$field),
                    )),*],
                )
            }
        }
        impl<'de> $crate::object::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $(let mut $field = $crate::object::$kind::new();)*
                $crate::object::read(
                    deserializer,
                    ::core::stringify!($name),
                    &[$($crate::__wire_name!($field $($wire)?)),*],
                    &mut [$((
                        $crate::__wire_name!($field $($wire)?),
                        &mut $field as &mut dyn $crate::object::Slot<'de>,
                    )),*],
                )?;
                ::core::result::Result::Ok(Self {
                    $($field: $field.take(),)*
                })
            }
        }
    };
}

/// The JSON key of a field in [`object_serde!`](crate::object_serde): the literal when
/// given, else the field's name.
#[doc(hidden)]
#[macro_export]
macro_rules! __wire_name {
    ($field:ident $wire:literal) => {
        $wire
    };
    ($field:ident) => {
        ::core::stringify!($field)
    };
}

#[doc(hidden)]
pub use serde as __serde;

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    /// The struct under test, with every kind of field and a keyword name.
    #[derive(Debug, Clone, PartialEq)]
    struct Lean {
        id: String,
        total_records: Option<i64>,
        parent: Option<Box<Lean>>,
        owner: Option<String>,
        note: Option<Option<String>>,
        r#type: Vec<u8>,
        map: Option<i32>,
    }
    crate::object_serde!(Lean {
        Req id,
        Opt total_records "totalRecords",
        Opt parent,
        Nul owner,
        Maybe note,
        Req r#type "type",
        Opt map
    });

    /// The same struct as `serde_derive` with the attributes the generator used to emit:
    /// the reference behaviour.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Derived {
        id: String,
        #[serde(rename = "totalRecords", skip_serializing_if = "Option::is_none")]
        total_records: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        parent: Option<Box<Derived>>,
        owner: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "nullable"
        )]
        note: Option<Option<String>>,
        #[serde(rename = "type")]
        r#type: Vec<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        map: Option<i32>,
    }

    fn nullable<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }

    /// Decodes `json` both ways through `serde_path_to_error`, as the client does: the
    /// value (re-encoded) or the error's path and message.
    fn both(json: &str) -> (Result<String, String>, Result<String, String>) {
        fn one<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> Result<String, String> {
            let mut de = serde_json::Deserializer::from_str(json);
            serde_path_to_error::deserialize::<_, T>(&mut de)
                .map(|v| serde_json::to_string(&v).unwrap())
                .map_err(|e| format!("{} | {}", e.path(), e.inner()))
        }
        (one::<Lean>(json), one::<Derived>(json))
    }

    #[test]
    fn decodes_and_encodes_like_serde_derive() {
        for json in [
            r#"{"id":"a","type":[1,2]}"#,
            r#"{"id":"a","type":[],"totalRecords":3,"owner":"o","note":"n"}"#,
            r#"{"id":"a","type":[],"totalRecords":null,"owner":null,"note":null}"#,
            r#"{"type":[],"id":"a","unknown":{"deep":[1,{"x":null}]},"parent":{"id":"p","type":[9]}}"#,
            r#"{"id":"a","type":[],"parent":null}"#,
            r#"{"id":"a","type":[],"map":7,"key":1}"#,
        ] {
            let (lean, derived) = both(json);
            assert!(lean.is_ok(), "{json}: {lean:?}");
            assert_eq!(lean, derived, "{json}");
        }
    }

    #[test]
    fn errors_match_serde_derive_with_their_paths() {
        for json in [
            r#"{"type":[]}"#,
            r#"{"id":"a"}"#,
            r#"{"id":"a","type":[],"id":"b"}"#,
            r#"{"id":5,"type":[]}"#,
            r#"{"id":"a","type":[1,"x"]}"#,
            r#"{"id":"a","type":[],"totalRecords":"3"}"#,
            r#"{"id":"a","type":[],"parent":{"id":"p","type":[],"parent":{"id":[]}}}"#,
            r#"["a",[]]"#,
            r#""text""#,
            r#"{"id":"a","type":[],"note":1}"#,
            r#"{"id":"a""#,
        ] {
            let (lean, derived) = both(json);
            assert!(lean.is_err(), "{json}: {lean:?}");
            if json.starts_with('[') {
                // serde_derive also reads a struct from an array; the lean impls do not.
                assert_eq!(
                    lean.unwrap_err(),
                    ". | invalid type: sequence, expected struct Lean at line 1 column 1"
                );
                continue;
            }
            let lean = lean.unwrap_err().replace("Lean", "Derived");
            assert_eq!(lean, derived.unwrap_err(), "{json}");
        }
    }

    #[test]
    fn optional_kinds_leave_out_or_send_null() {
        let v = Lean {
            id: "a".into(),
            total_records: None,
            parent: None,
            owner: None,
            note: Some(None),
            r#type: vec![],
            map: None,
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"a","owner":null,"note":null,"type":[]}"#
        );
        let v = Lean { note: None, ..v };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"a","owner":null,"type":[]}"#
        );
    }

    /// Names the expansion uses itself, as a type and as field names.
    #[derive(Debug, PartialEq)]
    struct Fields {
        key: i32,
        deserializer: Option<Empty>,
    }
    crate::object_serde!(Fields { Req key, Opt deserializer });

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::object_serde!(Empty {});

    #[test]
    fn names_of_the_expansion_and_empty_structs_work() {
        let v: Fields = serde_json::from_str(r#"{"key":1,"deserializer":{"x":1}}"#).unwrap();
        assert_eq!(
            v,
            Fields {
                key: 1,
                deserializer: Some(Empty {})
            }
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"key":1,"deserializer":{}}"#
        );
        let e = serde_json::from_str::<Fields>("{}").unwrap_err();
        assert_eq!(e.to_string(), "missing field `key` at line 1 column 2");
    }

    #[test]
    fn reads_from_other_deserializers() {
        let value = serde_json::json!({"id": "a", "type": [7], "owner": "o"});
        let lean: Lean = serde_json::from_value(value).unwrap();
        assert_eq!(lean.owner.as_deref(), Some("o"));
        assert_eq!(lean.r#type, vec![7]);
    }
}
