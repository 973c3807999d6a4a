//! Lenient decoding of responses: while [`collect`] runs, a required field of an
//! [`object_serde!`](crate::object_serde) struct that is absent or `null` takes its type's
//! empty value instead of failing the decode, and is recorded as `Struct.field`.
//!
//! The documentation's "mandatory" marks on response fields are not reliable, and the
//! official SDK accepts such responses; the client accepts them too and reports each
//! gap (see [`Response::missing_required`](crate::Response::missing_required)).
//! Everywhere else (a `serde_json::from_str` of a generated type, say) required fields
//! stay required.

use std::cell::RefCell;

use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, Visitor};

thread_local! {
    /// The fields filled in so far, while a response is being decoded on this thread.
    static FILLED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Most fields recorded for one response (a hostile body could omit a field in each of
/// thousands of array items); later ones are counted in one last entry.
const MAX_RECORDED: usize = 32;

/// Runs `decode` with lenient required fields, returning its result and the
/// `Struct.field` names it filled with empty values (in the order met, each once).
pub(crate) fn collect<R>(decode: impl FnOnce() -> R) -> (R, Vec<String>) {
    /// Restores the previous state even if `decode` unwinds.
    struct Restore(Option<Vec<String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            FILLED.with(|f| *f.borrow_mut() = previous);
        }
    }
    let previous = FILLED.with(|f| f.borrow_mut().replace(Vec::new()));
    let restore = Restore(previous);
    let result = decode();
    let filled = FILLED.with(|f| f.borrow_mut().take()).unwrap_or_default();
    drop(restore);
    (result, filled)
}

/// Whether a response is being decoded leniently on this thread.
pub(crate) fn active() -> bool {
    FILLED.with(|f| f.borrow().is_some())
}

/// Records that `strukt.wire` was filled with an empty value (`was_null`: it was sent
/// as `null` rather than left out).
pub(crate) fn record(strukt: &'static str, wire: &'static str, was_null: bool) {
    FILLED.with(|f| {
        let mut f = f.borrow_mut();
        let Some(list) = f.as_mut() else {
            return;
        };
        let entry = format!("{strukt}.{wire}{}", if was_null { " (null)" } else { "" });
        if list.contains(&entry) {
            return;
        }
        if list.len() < MAX_RECORDED {
            list.push(entry);
        } else if list.len() == MAX_RECORDED {
            list.push("… and more".to_owned());
        }
    });
}

/// Most empty structs nested in one another while filling required fields; past it, a
/// required field leads back to its own type.
const MAX_NESTING: u32 = 64;

thread_local! {
    /// How many empty structs are being filled on this thread, one inside the other.
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// One level of [`NESTING`], left when dropped (also on unwinding).
struct Nesting;

impl Nesting {
    fn enter() -> Option<Self> {
        let depth = NESTING.get();
        (depth < MAX_NESTING).then(|| {
            NESTING.set(depth + 1);
            Self
        })
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.set(NESTING.get().saturating_sub(1));
    }
}

/// A deserializer of "no value": each type reads its empty value (`""`, `0`, `false`,
/// `[]`, `{}`, `None`, unit); a struct reads an empty object, so its own required fields
/// are filled the same way; a generated (open) enum reads `""` as an unknown value.
/// Types without an empty value (a closed enum, `char`) fail.
pub(crate) struct Blank;

impl<'de> Deserializer<'de> for Blank {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bool(false)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(0.0)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(0.0)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(de::Unexpected::Unit, &visitor))
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str("")
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str("")
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(&[])
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(&[])
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_none()
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::<_, Error>::new(std::iter::empty::<()>()))
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // A struct's empty value fills its own required fields with empty values: a
        // required field of the struct's own type would do so forever.
        let Some(_nested) = Nesting::enter() else {
            return Err(de::Error::custom(
                "a required field leads back to its own type: it has no empty value",
            ));
        };
        visitor.visit_map(MapDeserializer::<_, Error>::new(
            std::iter::empty::<((), ())>(),
        ))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(de::Unexpected::Unit, &visitor))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str("")
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn blank_gives_each_type_its_empty_value() {
        use serde::Deserialize as _;
        assert_eq!(String::deserialize(Blank), Ok(String::new()));
        assert_eq!(i32::deserialize(Blank), Ok(0));
        assert_eq!(u64::deserialize(Blank), Ok(0));
        assert_eq!(f64::deserialize(Blank), Ok(0.0));
        assert_eq!(bool::deserialize(Blank), Ok(false));
        assert_eq!(Vec::<String>::deserialize(Blank), Ok(vec![]));
        assert_eq!(
            BTreeMap::<String, i32>::deserialize(Blank),
            Ok(BTreeMap::new())
        );
        assert_eq!(Option::<i32>::deserialize(Blank), Ok(None));
        assert_eq!(
            serde_json::Value::deserialize(Blank).ok(),
            Some(serde_json::Value::Null)
        );
        assert!(char::deserialize(Blank).is_err());
    }

    #[test]
    fn collect_records_once_restores_and_caps() {
        assert!(!active());
        let ((), outer) = collect(|| {
            assert!(active());
            record("A", "x", false);
            record("A", "x", false);
            let ((), inner) = collect(|| record("B", "y", true));
            assert_eq!(inner, ["B.y (null)"]);
            assert!(active());
            for i in 0..100 {
                record(
                    "C",
                    ["p", "q", "r", "s", "t", "u", "v", "w", "z", "o"][i % 10],
                    i % 20 < 10,
                );
            }
        });
        assert!(!active());
        assert_eq!(outer[0], "A.x");
        assert!(outer.len() <= MAX_RECORDED + 1, "{outer:?}");
        // Outside `collect` nothing is recorded.
        record("D", "z", false);
        assert!(!active());
    }
}
