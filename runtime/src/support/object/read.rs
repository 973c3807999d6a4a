//! What a generated struct's visitor calls besides the field kinds: its `expecting`
//! text, skipping unknown keys, the first missing required field, and keys borrowed from
//! the input.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

/// What a struct's visitor expects: `struct Name`, as the derive says it.
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "struct {name}")
}

/// Skips the value of an unknown key.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The first missing required field (in declaration order) as an error, as the derive
/// reports it.
pub fn missing<E: de::Error, const N: usize>(fields: [Option<&'static str>; N]) -> Result<(), E> {
    match fields.into_iter().flatten().next() {
        Some(wire) => Err(E::missing_field(wire)),
        None => Ok(()),
    }
}

/// A key of a JSON object, borrowed from the input when it can be.
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied (the input had an escape, or is not borrowable).
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
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
