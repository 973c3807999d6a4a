//! [`open_enum!`](crate::open_enum), the impls of a generated string enum, and the generic
//! functions its expansion calls: [`deserialize_enum`] and [`decode_enum`].
//!
//! A generated enum was written out with six impls of its own (about 40 lines once
//! formatted); the enum itself stays written out in generated code, with its doc comments
//! and variants, so that rustdoc and editors show it as it is, and one line of
//! `open_enum!` gives it the rest. What varies from enum to enum (its name, variants and
//! wire values) is in the two `match`es the macro writes; the rest is generic code
//! compiled once here.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Unexpected, Visitor};

use crate::wire::tolerant::{Decode, Tolerance};

/// `Deserialize` for a generated (open) string enum: reads a string, borrowed from the
/// input when it can be, and converts it with `From<&str>`, so a known value allocates
/// nothing and an unknown one is kept as sent. Anything but a string is an error with the
/// message `String`'s `Deserialize` gives ("invalid type: integer `1`, expected a string").
pub fn deserialize_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(EnumVisitor(PhantomData))
}

/// Reads a string into `T` through `From<&str>`.
struct EnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    /// Bytes that are UTF-8 read as that string, as `String` reads them.
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        match std::str::from_utf8(v) {
            Ok(s) => Ok(T::from(s)),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(v), &self)),
        }
    }
}

/// [`Decode`] for a generated (open) string enum: its strict `Deserialize`, or in a
/// tolerant decode a string read as [`String`] reads it (a number becomes its decimal
/// form, recorded), then converted with `From<&str>`.
pub fn decode_enum<'de, T, D>(
    deserializer: D,
    tolerance: Option<Tolerance<'_>>,
) -> Result<T, D::Error>
where
    T: de::DeserializeOwned + for<'a> From<&'a str>,
    D: Deserializer<'de>,
{
    match tolerance {
        None => T::deserialize(deserializer),
        Some(_) => String::decode(deserializer, tolerance).map(|v| T::from(v.as_str())),
    }
}

/// Implements the behaviour of a generated open string enum from its variants' wire
/// values: `as_str`, `From<&str>`, `Display`, `Serialize`, `Deserialize` and
/// [`Decode`](crate::wire::tolerant::Decode).
///
/// The enum is written out by the caller, with a unit variant per known value and a last
/// variant `Unknown(String)` that keeps any other value as sent, so that a value a newer
/// service sends never fails a call. Each entry is `Variant => "wire"`:
///
/// - `as_str()` is the wire value (an unknown value's text as received), and `Display`
///   writes it;
/// - `From<&str>` picks the variant whose wire value matches exactly, else `Unknown`;
/// - `Serialize` sends `as_str()` as a JSON string;
/// - `Deserialize` reads a string, borrowed when the input allows (see
///   [`deserialize_enum`](crate::object::deserialize_enum)), through `From<&str>`;
/// - `Decode` is strict without a tolerance, and in a tolerant decode also takes a number or
///   a boolean as its text, recorded (see [`decode_enum`](crate::object::decode_enum)).
///
/// ```
/// /// A repository format.
/// #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
/// #[non_exhaustive]
/// pub enum Format {
///     /// Maven packages.
///     Maven,
///     /// `npm`
///     Npm,
///     /// A value this version of the client does not know, kept as sent.
///     Unknown(String),
/// }
/// hwcloud_runtime::open_enum!(Format { Maven => "maven", Npm => "npm" });
///
/// assert_eq!(Format::from("maven"), Format::Maven);
/// let new: Format = serde_json::from_str(r#""cargo""#).unwrap();
/// assert_eq!(new, Format::Unknown("cargo".into()));
/// assert_eq!(new.as_str(), "cargo");
/// assert_eq!(serde_json::to_string(&Format::Npm).unwrap(), r#""npm""#);
/// assert_eq!(Format::Maven.to_string(), "maven");
/// ```
#[macro_export]
macro_rules! open_enum {
    ($name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::string::String::from(other)),
                }
            }
        }
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl $crate::object::__serde::Serialize for $name {
            fn serialize<S: $crate::object::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> $crate::object::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize_enum(deserializer)
            }
        }
        impl $crate::object::Decode for $name {
            fn decode<'de, D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
                tolerance: ::core::option::Option<$crate::object::Tolerance<'_>>,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::decode_enum(deserializer, tolerance)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use serde::de::IntoDeserializer;
    use serde::de::value::{BytesDeserializer, Error as ValueError};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::object::Decode;
    use crate::wire::tolerant::{Repairs, Tolerance, decode_json};

    /// An enum as the generator writes it, with names the expansion uses itself.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
    enum Format {
        Maven,
        Npm,
        None,
        Some,
        Unknown2,
        Empty,
        Unknown(String),
    }
    crate::open_enum!(Format {
        Maven => "maven",
        Npm => "npm",
        None => "none",
        Some => "Some",
        Unknown2 => "unknown",
        Empty => "",
    });

    /// The same enum with the impls generated code used to write out: the reference
    /// behaviour.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Written {
        Maven,
        Npm,
        None,
        Some,
        Unknown2,
        Empty,
        Unknown(String),
    }

    impl Written {
        fn as_str(&self) -> &str {
            match self {
                Self::Maven => "maven",
                Self::Npm => "npm",
                Self::None => "none",
                Self::Some => "Some",
                Self::Unknown2 => "unknown",
                Self::Empty => "",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Written {
        fn from(value: &str) -> Self {
            match value {
                "maven" => Self::Maven,
                "npm" => Self::Npm,
                "none" => Self::None,
                "Some" => Self::Some,
                "unknown" => Self::Unknown2,
                "" => Self::Empty,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl Serialize for Written {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(self.as_str())
        }
    }

    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = <Cow<'de, str> as Deserialize>::deserialize(deserializer)?;
            Ok(Self::from(value.as_ref()))
        }
    }

    impl Decode for Written {
        fn decode<'de, D: Deserializer<'de>>(
            deserializer: D,
            tolerance: Option<Tolerance<'_>>,
        ) -> Result<Self, D::Error> {
            super::decode_enum(deserializer, tolerance)
        }
    }

    /// Every input through both, strictly and tolerantly: the same value (compared by its
    /// wire text and its JSON) or the same error, and the same repairs.
    #[test]
    fn behaves_as_the_impls_generated_code_wrote_out() {
        for json in [
            r#""maven""#,
            r#""npm""#,
            r#""none""#,
            r#""Some""#,
            r#""some""#,
            r#""unknown""#,
            r#""Unknown""#,
            r#""""#,
            r#""cargo""#,
            r#""Maven ""#,
            r#""esc\"aped\u00e9\n""#,
            r#""中文""#,
            "1",
            "-2.5",
            "true",
            "null",
            "[]",
            r#"["maven"]"#,
            "{}",
            r#""open"#,
        ] {
            let ours = serde_json::from_str::<Format>(json)
                .map(|v| (v.as_str().to_owned(), serde_json::to_string(&v).unwrap()))
                .map_err(|e| e.to_string());
            let written = serde_json::from_str::<Written>(json)
                .map(|v| (v.as_str().to_owned(), serde_json::to_string(&v).unwrap()))
                .map_err(|e| e.to_string());
            assert_eq!(ours, written, "strict {json}");

            let (ours, ours_repairs) = decode_json::<Format>(json.as_bytes());
            let (written, written_repairs) = decode_json::<Written>(json.as_bytes());
            let show = |r: Result<String, (String, serde_json::Error)>| {
                r.map_err(|(path, e)| format!("{path}: {e}"))
            };
            assert_eq!(
                show(ours.map(|v| v.as_str().to_owned())),
                show(written.map(|v| v.as_str().to_owned())),
                "tolerant {json}"
            );
            assert_eq!(
                ours_repairs.type_repairs(),
                written_repairs.type_repairs(),
                "{json}"
            );
        }
    }

    #[test]
    fn unknown_values_are_kept_as_sent_and_sent_back() {
        for text in ["cargo", "MAVEN", "maven ", "", "unknown", "Unknown", "中文"] {
            let from = Format::from(text);
            let read: Format = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(from, read, "{text:?}");
            assert_eq!(from.as_str(), text);
            assert_eq!(from.to_string(), text);
            assert_eq!(
                serde_json::to_value(&from).unwrap(),
                serde_json::json!(text)
            );
        }
        assert_eq!(Format::from("cargo"), Format::Unknown("cargo".into()));
        assert_eq!(Format::from("unknown"), Format::Unknown2);
        assert_eq!(Format::from(""), Format::Empty);
        assert_eq!(Format::Unknown("maven".into()).as_str(), "maven");
    }

    #[test]
    fn reads_borrowed_owned_and_byte_strings() {
        // Borrowed from the input, copied out of an escape, owned by a `Value`.
        let borrowed: Format = serde_json::from_str(r#""npm""#).unwrap();
        let escaped: Format = serde_json::from_str(r#""np\u006d""#).unwrap();
        let owned: Format = serde_json::from_value(serde_json::json!("npm")).unwrap();
        let str_de = Format::deserialize(IntoDeserializer::<ValueError>::into_deserializer("npm"));
        let str_de = str_de.unwrap();
        assert!(
            [borrowed, escaped, owned, str_de]
                .iter()
                .all(|v| *v == Format::Npm)
        );
        let bytes = BytesDeserializer::<ValueError>::new(b"maven");
        assert_eq!(Format::deserialize(bytes).unwrap(), Format::Maven);
        for input in [&b"\xff"[..], b"maven"] {
            let ours = Format::deserialize(BytesDeserializer::<ValueError>::new(input))
                .map(|v| v.as_str().to_owned())
                .map_err(|e| e.to_string());
            let string = String::deserialize(BytesDeserializer::<ValueError>::new(input))
                .map_err(|e| e.to_string());
            assert_eq!(ours, string);
        }
    }

    #[test]
    fn a_tolerant_decode_takes_a_number_as_its_text_and_records_it() {
        #[derive(Debug, PartialEq)]
        struct Holder {
            format: Format,
            formats: Option<Vec<Format>>,
        }
        crate::object_serde!(Holder { Req format "format", Opt formats "formats" });

        let (decoded, repairs) = decode_json::<Holder>(br#"{"format":7,"formats":["npm",true]}"#);
        let decoded = decoded.unwrap();
        assert_eq!(decoded.format, Format::Unknown("7".into()));
        assert_eq!(
            decoded.formats,
            Some(vec![Format::Npm, Format::Unknown("true".into())])
        );
        let shown: Vec<String> = repairs
            .type_repairs()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "Holder.format: integer read as string",
                "Holder.formats: boolean read as string"
            ]
        );
        // Strictly, the same body is an error naming the type; an object never decodes.
        assert!(serde_json::from_str::<Holder>(r#"{"format":7}"#).is_err());
        let (failed, _) = decode_json::<Holder>(br#"{"format":{}}"#);
        let (path, _) = failed.unwrap_err();
        assert_eq!(path, "format");
        // A required enum that is absent reads as `""` in a tolerant decode, a known value here.
        let repairs = Repairs::new();
        let mut de = serde_json::Deserializer::from_str("{}");
        let holder = Holder::decode(&mut de, Some(Tolerance::new(&repairs))).unwrap();
        assert_eq!(holder.format, Format::Empty);
        assert_eq!(repairs.missing_required(), ["Holder.format"]);
    }
}
