//! How a section of the format is declared, read and written: the `section!` macro spells
//! each struct's key list and its `Serialize`/`Deserialize` impls, which hand the work to
//! the one generic implementation here.
//!
//! Not serde's derive: a build script compiles this crate, and the derive macro (a proc
//! macro on its own `syn`) and the code it expands for every section made a build script's
//! generator cost 1.3x the CPU. Everything serde does with a section here is generic over
//! the serializer or the deserializer, so this crate only type-checks it; it is compiled to
//! machine code where a document is read or written (the tools), not where `parse` takes
//! the key lists.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};

/// A section of the format: a struct whose fields are its keys.
pub trait Section: Default {
    /// The name of the struct, as serde's messages call it (`struct Parameter`).
    const NAME: &'static str;
    /// The keys the section allows, in their written order.
    const KEYS: &'static [&'static str];
}

/// What `section!` spells for each section, for the generic reading and writing below.
pub trait Fields: Section {
    /// Reads the value of the key `KEYS[index]` from `map` into its field.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// How many fields are present.
    fn present(&self) -> usize;

    /// Writes the present fields, in the order of `KEYS`.
    fn write_fields<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error>;
}

/// Declares a struct of the format: every field optional and left out when absent, unknown
/// keys rejected, a field's key its name unless given (`location as "in": String`).
/// `@type` stands for the four keys of a type (`type`, `ref`, `items`, `values`), in their
/// place among the others.
macro_rules! section {
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
    ($(#[$doc:meta])* $name:ident {
        $($(#[$a:meta])* $f:ident $(as $k:literal)?: $t:ty,)*
        @type
        $($(#[$b:meta])* $g:ident $(as $l:literal)?: $u:ty,)*
    }) => {
        section! {
            $(#[$doc])* $name {
                $($(#[$a])* $f $(as $k)?: $t,)*
                /// `type`
                ty as "type": String,
                /// `ref`
                reference as "ref": String,
                /// `items`
                items: Box<Type>,
                /// `values`
                values: Box<Type>,
                $($(#[$b])* $g $(as $l)?: $u,)*
            }
        }
    };
    ($(#[$doc:meta])* $name:ident {
        $($(#[$attr:meta])* $field:ident $(as $key:literal)?: $ty:ty,)*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                $(#[$attr])*
                pub $field: Option<$ty>,
            )*
        }

        impl section::Section for $name {
            const NAME: &'static str = stringify!($name);
            const KEYS: &'static [&'static str] = &[$(section!(@key $field $($key)?)),*];
        }

        impl section::Fields for $name {
            fn read_field<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut A,
            ) -> Result<(), A::Error> {
                let mut at = 0;
                $(
                    if index == at {
                        self.$field = map.next_value()?;
                        return Ok(());
                    }
                    at += 1;
                )*
                let _ = at;
                // The key visitor only gives indices of `KEYS`.
                Err(serde::de::Error::custom("a key beyond the section's keys"))
            }

            fn present(&self) -> usize {
                0 $(+ usize::from(self.$field.is_some()))*
            }

            fn write_fields<S: serde::ser::SerializeStruct>(
                &self,
                out: &mut S,
            ) -> Result<(), S::Error> {
                $(
                    let key = section!(@key $field $($key)?);
                    match &self.$field {
                        Some(value) => out.serialize_field(key, value)?,
                        None => out.skip_field(key)?,
                    }
                )*
                Ok(())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                section::read(d)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                section::write(self, s)
            }
        }
    };
}

pub(super) use section;

/// Reads a section from a mapping: unknown and repeated keys are errors (serde's
/// `unknown field` and `duplicate field`), absent keys are `None`.
pub fn read<'de, T: Fields, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_struct(T::NAME, T::KEYS, SectionVisitor(PhantomData))
}

/// Writes a section as a struct of its present fields, in the order of its keys.
pub fn write<T: Fields, S: Serializer>(section: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut out = s.serialize_struct(T::NAME, section.present())?;
    section.write_fields(&mut out)?;
    out.end()
}

struct SectionVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for SectionVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        const { assert!(T::KEYS.len() <= u64::BITS as usize) };
        let mut out = T::default();
        let mut seen = 0u64;
        while let Some(index) = map.next_key_seed(Key(T::KEYS))? {
            if seen & (1 << index) != 0 {
                return Err(de::Error::duplicate_field(T::KEYS[index]));
            }
            seen |= 1 << index;
            out.read_field(index, &mut map)?;
        }
        Ok(out)
    }
}

/// A key of a section, read as its index in the section's keys. An unknown key is an error
/// of the key itself, so that a deserializer tracking the path names it.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|k| *k == v)
            .ok_or_else(|| E::unknown_field(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(v) {
            Ok(v) => self.visit_str(v),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// A value written either as text or as a section: `endpoint_prefix`, a resource type, an
/// enum value (what serde calls an untagged enum of the two).
pub enum TextOr<T> {
    /// The text form.
    Text(String),
    /// The section form.
    Section(T),
}

/// Reads text or a section; `expecting` says what the value is, for the error otherwise.
pub fn read_text_or<'de, T: Fields, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
) -> Result<TextOr<T>, D::Error> {
    d.deserialize_any(TextOrVisitor(expecting, PhantomData))
}

struct TextOrVisitor<T>(&'static str, PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for TextOrVisitor<T> {
    type Value = TextOr<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(TextOr::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(TextOr::Text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        SectionVisitor(PhantomData)
            .visit_map(map)
            .map(TextOr::Section)
    }
}

/// Declares a value written either as text or as a section, and its `Serialize` and
/// `Deserialize` impls: `name(expecting) { Text, Section(Type) }`.
macro_rules! text_or {
    ($(#[$doc:meta])* $name:ident($expecting:literal) {
        $(#[$t:meta])* $text:ident,
        $(#[$s:meta])* $section:ident($ty:ty),
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $(#[$t])*
            $text(String),
            $(#[$s])*
            $section($ty),
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(match section::read_text_or(d, $expecting)? {
                    section::TextOr::Text(t) => $name::$text(t),
                    section::TextOr::Section(s) => $name::$section(s),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::$text(t) => s.serialize_str(t),
                    $name::$section(section) => section::write(section, s),
                }
            }
        }
    };
}

pub(super) use text_or;
