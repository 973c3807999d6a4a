//! Tolerant decoding of responses, asked for explicitly: [`Decode::decode`] with a
//! [`Tolerance`] reads a response the way the official SDK accepts it, and records in
//! [`Repairs`] what it had to repair; without one, it is the type's strict `Deserialize`.
//!
//! The documentation of this API family is not always right about its own responses:
//!
//! - **Missing required fields.** A field marked mandatory that is absent or `null` takes
//!   its type's empty value (`""`, `0`, `false`, `[]`, a struct of empty values) and is
//!   recorded as `Struct.field` (`Struct.field (null)`).
//! - **A scalar of the other scalar type.** A number where a string is documented, a
//!   string holding a number or a boolean, ... is converted to the documented type when
//!   the conversion loses nothing, and recorded as a [`TypeRepair`]:
//!
//!   | documented | accepted as well | example |
//!   |---|---|---|
//!   | string | integer, number, boolean | `33` → `"33"`, `1.5` → `"1.5"`, `true` → `"true"` |
//!   | integer | a string holding exactly that integer; a number without a fraction | `"33"` → `33`, `2.0` → `2` |
//!   | number | a string holding a finite JSON number | `"1.5"` → `1.5` |
//!   | boolean | `"true"`, `"false"`; the integers `0` and `1` | `"true"` → `true`, `1` → `true` |
//!
//!   Anything else stays a decode error naming the field: `"abc"` or `"012"` or `1.5` for an
//!   integer, `2` for a boolean, an object for a string, a number that does not fit.
//!
//! The state is the [`Repairs`] value the caller creates and passes down by reference: no
//! thread-local, no global switch. A `serde_json::from_str` of a generated type is strict.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize as _;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};

mod scalars;

/// Most entries kept per list for one response (a hostile body could repeat a gap in each
/// of thousands of array items); later ones are counted in one last entry.
const MAX_RECORDED: usize = 32;

/// A scalar the response sent as another scalar type, converted without loss to the
/// documented type. `Display` gives `SecurityGroupRule.multiport: integer read as string`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TypeRepair {
    /// Where: `Struct.field` (the JSON key), or `(body)` for the body itself.
    pub field: String,
    /// What arrived: `integer`, `number`, `string` or `boolean`.
    pub found: &'static str,
    /// The documented type it was read as: `string`, `integer`, `number` or `boolean`.
    pub expected: &'static str,
}

impl fmt::Display for TypeRepair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} read as {}",
            self.field, self.found, self.expected
        )
    }
}

/// What a tolerant decode repaired, each entry once, in the order met.
#[derive(Debug, Default)]
pub struct Repairs {
    missing: RefCell<Vec<String>>,
    types: RefCell<Vec<TypeRepair>>,
    more_types: std::cell::Cell<bool>,
}

impl Repairs {
    /// Nothing repaired yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The required fields that were absent (`Struct.field`) or `null`
    /// (`Struct.field (null)`) and hold their type's empty value.
    pub fn missing_required(&self) -> Vec<String> {
        self.missing.borrow().clone()
    }

    /// The scalars converted to their documented type.
    pub fn type_repairs(&self) -> Vec<TypeRepair> {
        self.types.borrow().clone()
    }

    /// Whether more type repairs happened than were kept (at most 32 are).
    pub fn type_repairs_truncated(&self) -> bool {
        self.more_types.get()
    }

    /// Whether nothing was repaired.
    pub fn is_empty(&self) -> bool {
        self.missing.borrow().is_empty() && self.types.borrow().is_empty()
    }

    /// Both lists, taken out.
    pub fn into_parts(self) -> (Vec<String>, Vec<TypeRepair>) {
        (self.missing.into_inner(), self.types.into_inner())
    }

    fn record_missing(&self, entry: String) {
        let mut list = self.missing.borrow_mut();
        if list.contains(&entry) {
            return;
        }
        if list.len() < MAX_RECORDED {
            list.push(entry);
        } else if list.len() == MAX_RECORDED {
            list.push("… and more".to_owned());
        }
    }

    fn record_type(
        &self,
        strukt: &'static str,
        wire: &'static str,
        found: &'static str,
        expected: &'static str,
    ) {
        let mut list = self.types.borrow_mut();
        let same = |r: &TypeRepair| {
            r.found == found
                && r.expected == expected
                && r.field.len() == strukt.len() + 1 + wire.len()
                && r.field.starts_with(strukt)
                && r.field.ends_with(wire)
        };
        if list.iter().any(same) {
            return;
        }
        if list.len() >= MAX_RECORDED {
            self.more_types.set(true);
            return;
        }
        let field = if strukt.is_empty() && wire.is_empty() {
            "(body)".to_owned()
        } else {
            format!("{strukt}.{wire}")
        };
        list.push(TypeRepair {
            field,
            found,
            expected,
        });
    }
}

/// A tolerant decode in progress: where the repairs go, and the field being read
/// (`Struct.field`), which each repair names.
#[derive(Clone, Copy)]
pub struct Tolerance<'a> {
    repairs: &'a Repairs,
    strukt: &'static str,
    wire: &'static str,
    /// How many empty structs are being filled here, one inside the other.
    nesting: u32,
}

/// Most empty structs filled one inside the other for one missing field; past it, a
/// required field leads back to its own type (`Node.child: Node`), which has no empty value.
const MAX_NESTING: u32 = 64;

impl fmt::Debug for Tolerance<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tolerance({}.{})", self.strukt, self.wire)
    }
}

impl<'a> Tolerance<'a> {
    /// A tolerant decode of a whole body, recording into `repairs`.
    pub fn new(repairs: &'a Repairs) -> Self {
        Self {
            repairs,
            strukt: "",
            wire: "",
            nesting: 0,
        }
    }

    /// The same decode, reading the field `wire` of the struct `strukt`.
    pub fn at(self, strukt: &'static str, wire: &'static str) -> Self {
        Self {
            strukt,
            wire,
            ..self
        }
    }

    /// The same decode, filling one more empty struct inside the ones being filled; `None`
    /// past [`MAX_NESTING`] (a required field that leads back to its own type).
    pub(crate) fn nested(self) -> Option<Self> {
        (self.nesting < MAX_NESTING).then_some(Self {
            nesting: self.nesting + 1,
            ..self
        })
    }

    /// Records that the current field was converted from `found` to `expected`.
    pub(crate) fn repaired(self, found: &'static str, expected: &'static str) {
        self.repairs
            .record_type(self.strukt, self.wire, found, expected);
    }

    /// Records that the current (required) field was absent, or `null` (`was_null`).
    pub(crate) fn filled(self, was_null: bool) {
        let null = if was_null { " (null)" } else { "" };
        self.repairs
            .record_missing(format!("{}.{}{null}", self.strukt, self.wire));
    }
}

/// A type a response can be decoded into, strictly or tolerantly.
///
/// Implemented for the scalars, `String`, `Vec`, `Option`, `Box`, `BTreeMap<String, _>`,
/// `serde_json::Value`, `()`, [`Empty`](crate::Empty) (in the client layer), and by generated code for its structs
/// ([`object_serde!`](crate::object_serde)) and enums ([`open_enum!`](crate::open_enum)).
pub trait Decode: DeserializeOwned {
    /// Reads a value: with `tolerance`, as described in [the module docs](self); without,
    /// exactly as `Deserialize` does.
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error>;
}

/// [`Decode::decode`] as a `DeserializeSeed`, for reading a value out of a map or a list.
pub struct Seed<'a, T> {
    tolerance: Option<Tolerance<'a>>,
    marker: PhantomData<fn() -> T>,
}

impl<'a, T> Seed<'a, T> {
    /// Reads a `T` with (or without) `tolerance`.
    pub fn new(tolerance: Option<Tolerance<'a>>) -> Self {
        Self {
            tolerance,
            marker: PhantomData,
        }
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for Seed<'_, T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer, self.tolerance)
    }
}

/// Decodes a JSON body tolerantly (an empty body is JSON `null`): the value, or the JSON
/// path of the field that did not match with the error; and what was repaired.
///
/// Without path tracking first: tracking costs about as much as the decoding itself (an
/// allocation per key and per string), and a body that decodes needs no path. Only a body
/// that fails is decoded again through `serde_path_to_error`, which fails at the same place
/// and names the field there.
pub fn decode_json<T: Decode>(json: &[u8]) -> (Result<T, (String, serde_json::Error)>, Repairs) {
    let text: &[u8] = if json.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        json
    };
    let repairs = Repairs::new();
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let first = match T::decode(&mut deserializer, Some(Tolerance::new(&repairs)))
        .and_then(|body| deserializer.end().map(|()| body))
    {
        Ok(body) => return (Ok(body), repairs),
        Err(e) => e,
    };
    // Again, tracking the path, with a fresh record (the failed pass's is discarded).
    let repairs = Repairs::new();
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let mut track = serde_path_to_error::Track::new();
    let decoded = T::decode(
        serde_path_to_error::Deserializer::new(&mut deserializer, &mut track),
        Some(Tolerance::new(&repairs)),
    );
    let result = match decoded {
        Ok(body) => match deserializer.end() {
            // The same bytes decoded the second time: keep the first error rather than
            // accept a body the first pass refused.
            Ok(()) => {
                drop(body);
                Err((".".to_owned(), first))
            }
            Err(e) => Err((".".to_owned(), e)),
        },
        Err(error) => Err((track.path().to_string(), error)),
    };
    (result, repairs)
}

/// Implements [`Decode`] for types with a `Deserialize` of their own (a hand-written
/// response type of a hand-written [`ApiRequest`](crate::ApiRequest)): they decode as they
/// deserialize, strictly, with or without a tolerance.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Pong {
///     ok: bool,
/// }
/// hwcloud_runtime::decode_strictly!(Pong);
/// ```
#[macro_export]
macro_rules! decode_strictly {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::object::Decode for $t {
            fn decode<'de, D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
                _tolerance: ::core::option::Option<$crate::object::Tolerance<'_>>,
            ) -> ::core::result::Result<Self, D::Error> {
                <$t as $crate::object::__serde::Deserialize<'de>>::deserialize(deserializer)
            }
        }
    )*};
}

/// Types decoded as they deserialize, tolerance or not: free-form JSON and unit.
macro_rules! as_deserialize {
    ($($t:ty),*) => {$(
        impl Decode for $t {
            fn decode<'de, D: Deserializer<'de>>(
                deserializer: D,
                _tolerance: Option<Tolerance<'_>>,
            ) -> Result<Self, D::Error> {
                <$t as serde::Deserialize>::deserialize(deserializer)
            }
        }
    )*};
}

as_deserialize!(serde_json::Value, ());

impl<T: Decode> Decode for Box<T> {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        T::decode(deserializer, tolerance).map(Box::new)
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        struct OptionVisitor<'a, T>(Option<Tolerance<'a>>, PhantomData<fn() -> T>);
        impl<'de, T: Decode> Visitor<'de> for OptionVisitor<'_, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("option")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::decode(d, self.0).map(Some)
            }
        }
        match tolerance {
            None => Option::<T>::deserialize(deserializer),
            Some(_) => deserializer.deserialize_option(OptionVisitor(tolerance, PhantomData)),
        }
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        struct VecVisitor<'a, T>(Tolerance<'a>, PhantomData<fn() -> T>);
        impl<'de, T: Decode> Visitor<'de> for VecVisitor<'_, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                // As serde's own cap: a hostile length hint cannot reserve much.
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(Seed::new(Some(self.0)))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        match tolerance {
            None => Vec::<T>::deserialize(deserializer),
            Some(t) => deserializer.deserialize_seq(VecVisitor(t, PhantomData)),
        }
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
        tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        struct MapVisitor<'a, T>(Tolerance<'a>, PhantomData<fn() -> T>);
        impl<'de, T: Decode> Visitor<'de> for MapVisitor<'_, T> {
            type Value = BTreeMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value_seed(Seed::new(Some(self.0)))?;
                    entries.insert(key, value);
                }
                Ok(entries)
            }
        }
        match tolerance {
            None => BTreeMap::<String, T>::deserialize(deserializer),
            Some(t) => deserializer.deserialize_map(MapVisitor(t, PhantomData)),
        }
    }
}

#[cfg(test)]
mod tests;
