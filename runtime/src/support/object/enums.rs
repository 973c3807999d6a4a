//! What generated string enums use: [`decode_enum`], their tolerant `Decode`.

use serde::de::{self, Deserializer};

use crate::wire::tolerant::{Decode, Tolerance};

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
