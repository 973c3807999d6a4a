//! The scalar conversions of a tolerant decode (the table in [`super`]): each scalar is
//! read with `deserialize_any`, so that a value of another scalar type reaches a visitor
//! that converts it when nothing is lost and records the repair, and fails as serde's own
//! visitor would otherwise.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize as _;
use serde::de::{self, Deserializer, Unexpected, Visitor};

use super::{Decode, Tolerance};

impl Decode for String {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        match tolerance {
            None => String::deserialize(deserializer),
            Some(t) => deserializer.deserialize_any(StringVisitor(t)),
        }
    }
}

struct StringVisitor<'a>(Tolerance<'a>);

impl Visitor<'_> for StringVisitor<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.0.repaired("boolean", "string");
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.0.repaired("integer", "string");
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.0.repaired("integer", "string");
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        // JSON has no NaN or infinity, so a number read from it always has a JSON form:
        // the shortest one that reads back as the same value (`1.5`, `2.0`, `1e20`).
        match serde_json::Number::from_f64(v) {
            Some(n) => {
                self.0.repaired("number", "string");
                Ok(n.to_string())
            }
            None => Err(E::invalid_type(Unexpected::Float(v), &self)),
        }
    }
}

/// Integers: the integer itself (when it fits), a number without a fraction, or a string
/// that is exactly the integer's decimal form (no sign `+`, no leading zero, no space).
macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode<'de, D: Deserializer<'de>>(
                deserializer: D,
                tolerance: Option<Tolerance<'_>>,
            ) -> Result<Self, D::Error> {
                match tolerance {
                    None => <$t>::deserialize(deserializer),
                    Some(t) => deserializer.deserialize_any(IntVisitor::<$t>(t, PhantomData)),
                }
            }
        }

        impl Visitor<'_> for IntVisitor<'_, $t> {
            type Value = $t;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($t))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                <$t>::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                // 2^63: every whole f64 below it in magnitude is an exact i64.
                const LIMIT: f64 = 9_223_372_036_854_775_808.0;
                let whole = v.fract() == 0.0 && (-LIMIT..LIMIT).contains(&v);
                #[allow(clippy::cast_possible_truncation)] // whole and in range: exact
                match whole.then(|| <$t>::try_from(v as i64).ok()).flatten() {
                    Some(n) => {
                        self.0.repaired("number", "integer");
                        Ok(n)
                    }
                    None => Err(E::invalid_type(Unexpected::Float(v), &self)),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                match v.parse::<$t>() {
                    Ok(n) if n.to_string() == v => {
                        self.0.repaired("string", "integer");
                        Ok(n)
                    }
                    _ => Err(E::invalid_type(Unexpected::Str(v), &self)),
                }
            }
        }
    )*};
}

struct IntVisitor<'a, T>(Tolerance<'a>, PhantomData<T>);

integers!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Floating-point numbers: any JSON number (as serde reads it), or a string in JSON number
/// syntax holding a finite value.
macro_rules! floats {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode<'de, D: Deserializer<'de>>(
                deserializer: D,
                tolerance: Option<Tolerance<'_>>,
            ) -> Result<Self, D::Error> {
                match tolerance {
                    None => <$t>::deserialize(deserializer),
                    Some(t) => deserializer.deserialize_any(FloatVisitor::<$t>(t, PhantomData)),
                }
            }
        }

        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)] // as serde reads them
        impl Visitor<'_> for FloatVisitor<'_, $t> {
            type Value = $t;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($t))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
                Ok(v as $t)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
                Ok(v as $t)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
                Ok(v as $t)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
                match json_number(v).then(|| v.parse::<$t>().ok()).flatten() {
                    Some(n) if n.is_finite() => {
                        self.0.repaired("string", "number");
                        Ok(n)
                    }
                    _ => Err(E::invalid_type(Unexpected::Str(v), &self)),
                }
            }
        }
    )*};
}

struct FloatVisitor<'a, T>(Tolerance<'a>, PhantomData<T>);

floats!(f32, f64);

/// Whether `s` is a number in JSON syntax: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

impl Decode for bool {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        match tolerance {
            None => bool::deserialize(deserializer),
            Some(t) => deserializer.deserialize_any(BoolVisitor(t)),
        }
    }
}

struct BoolVisitor<'a>(Tolerance<'a>);

impl Visitor<'_> for BoolVisitor<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        let value = match v {
            "true" => true,
            "false" => false,
            _ => return Err(E::invalid_type(Unexpected::Str(v), &self)),
        };
        self.0.repaired("string", "boolean");
        Ok(value)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        if v > 1 {
            return Err(E::invalid_type(Unexpected::Unsigned(v), &self));
        }
        self.0.repaired("integer", "boolean");
        Ok(v == 1)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(E::invalid_type(Unexpected::Signed(v), &self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::json_number;

    #[test]
    fn json_number_syntax() {
        for ok in ["0", "-0", "12", "1.5", "-1.25e-3", "1E10", "0.0"] {
            assert!(json_number(ok), "{ok}");
        }
        for bad in [
            "", "-", "01", "+1", "1.", ".5", "1e", "NaN", "inf", " 1", "1 ", "0x10",
        ] {
            assert!(!json_number(bad), "{bad}");
        }
    }
}
