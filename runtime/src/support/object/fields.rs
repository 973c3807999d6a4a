//! The four kinds of field of a generated struct ([`Req`], [`Opt`], [`Nul`], [`Maybe`]):
//! how [`object_serde!`](crate::object_serde) reads each under its key, what it does when
//! the key is absent, and how it sends it.

use serde::Serialize;
use serde::de::{self, MapAccess};
use serde::ser::SerializeStruct;

use super::Writer;
use crate::wire::Blank;
use crate::wire::tolerant::{Decode, Seed, Tolerance};

/// A required field of type `T`: always sent. Missing on the wire it is an error, except
/// in a tolerant decode (see [the module docs](super#responses-that-differ-from-the-docs)).
pub struct Req<T> {
    value: Option<T>,
    seen: bool,
}

/// An optional field `Option<T>`: skipped when `None`; absent or `null` reads as `None`.
pub struct Opt<T>(Option<Option<T>>);

/// A required but nullable field `Option<T>`: sent as `null` when `None`; absent or
/// `null` reads as `None`.
pub struct Nul<T>(Option<Option<T>>);

/// An optional nullable field `Option<Option<T>>`: absent is `None`, `null` is
/// `Some(None)`, a value `Some(Some(v))`; skipped when `None`.
pub struct Maybe<T>(Option<Option<T>>);

/// What the optional kinds do while a struct is read: `$read` is the type read under the
/// key; an absent key is never an error.
macro_rules! reading {
    ($($kind:ident reads $read:ty;)*) => {$(
        impl<T> $kind<T> {
            /// An unread field.
            #[allow(clippy::new_without_default)]
            pub fn new() -> Self {
                Self(None)
            }

            /// Reads the value under the current key of `map` (tolerantly with a
            /// `tolerance`, as the field `strukt.wire`); a second time is a
            /// `duplicate field` error.
            pub fn fill<'de, A: MapAccess<'de>>(
                &mut self,
                map: &mut A,
                tolerance: Option<Tolerance<'_>>,
                strukt: &'static str,
                wire: &'static str,
            ) -> Result<(), A::Error>
            where
                T: Decode,
            {
                if self.0.is_some() {
                    return Err(de::Error::duplicate_field(wire));
                }
                self.0 = Some(match tolerance {
                    None => map.next_value::<$read>()?,
                    Some(t) => map.next_value_seed(Seed::<$read>::new(Some(t.at(strukt, wire))))?,
                });
                Ok(())
            }

            /// Always `None`: an absent optional field is not an error.
            pub fn missing(
                &mut self,
                _tolerance: Option<Tolerance<'_>>,
                _strukt: &'static str,
                _wire: &'static str,
            ) -> Option<&'static str> {
                None
            }
        }
    )*};
}

reading! {
    Opt reads Option<T>;
    Nul reads Option<T>;
    Maybe reads Option<T>;
}

impl<T> Req<T> {
    /// An unread field.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            value: None,
            seen: false,
        }
    }

    /// Reads the value under the current key of `map`; a second time is a
    /// `duplicate field` error. In a tolerant decode (as the field `strukt.wire`), `null`
    /// is taken as absent.
    pub fn fill<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        tolerance: Option<Tolerance<'_>>,
        strukt: &'static str,
        wire: &'static str,
    ) -> Result<(), A::Error>
    where
        T: Decode,
    {
        if self.seen {
            return Err(de::Error::duplicate_field(wire));
        }
        self.seen = true;
        self.value = match tolerance {
            None => Some(map.next_value::<T>()?),
            Some(t) => map.next_value_seed(Seed::<Option<T>>::new(Some(t.at(strukt, wire))))?,
        };
        Ok(())
    }

    /// `Some(wire)` when the value is absent and that is an error. In a tolerant decode, an
    /// absent (or `null`) value becomes the type's empty value instead (`""`, `0`,
    /// `false`, `[]`, an object of empty values), recorded as `Struct.field`; only a type
    /// without one stays an error.
    pub fn missing(
        &mut self,
        tolerance: Option<Tolerance<'_>>,
        strukt: &'static str,
        wire: &'static str,
    ) -> Option<&'static str>
    where
        T: Decode,
    {
        if self.value.is_some() {
            return None;
        }
        let Some(t) = tolerance else {
            return Some(wire);
        };
        let at = t.at(strukt, wire);
        // A scalar, list or map reads its empty value strictly; a struct with required
        // fields of its own reads it tolerantly, filling (and listing) them first.
        // A required field of the struct's own type would be filled forever: past a depth,
        // the field stays missing.
        let filled = T::deserialize(Blank).or_else(|e| match at.nested() {
            Some(deeper) => T::decode(Blank, Some(deeper)),
            None => Err(e),
        });
        match filled {
            Ok(value) => {
                self.value = Some(value);
                at.filled(self.seen);
                None
            }
            Err(_) => Some(wire),
        }
    }

    /// The value read. The visitor reports a missing required field (see
    /// [`missing`](fn@super::missing)) before it takes any value, so the value is there; taking
    /// it without a `?` per field keeps the expanded `deserialize` short.
    pub fn take(self) -> T {
        self.value
            .expect("object_serde! reports a missing required field first")
    }

    /// 1: the field is always sent.
    pub fn present(_value: &T) -> usize {
        1
    }

    /// Sends the field.
    pub fn write<S: SerializeStruct>(value: &T, out: &mut Writer<S>, key: &'static str)
    where
        T: Serialize,
    {
        out.field(key, Some(value));
    }
}

/// How the three optional kinds are taken and sent: `$send` is what goes under the key
/// (`None` leaves the key out, as the derive's `skip_serializing_if` did).
macro_rules! optional {
    ($($kind:ident => $value:ty, |$v:ident| $take:expr, |$f:ident| $send:expr;)*) => {$(
        impl<T> $kind<T> {
            /// The value read (`None` when the key was absent).
            pub fn take(self) -> $value {
                let $v = self.0;
                $take
            }

            /// 1 when the field is sent, 0 when it is left out.
            pub fn present($f: &$value) -> usize {
                usize::from($send.is_some())
            }

            /// Sends the field, or skips it.
            pub fn write<S: SerializeStruct>($f: &$value, out: &mut Writer<S>, key: &'static str)
            where
                T: Serialize,
            {
                out.field(key, $send);
            }
        }
    )*};
}

optional! {
    Opt => Option<T>, |v| v.flatten(), |f| f.as_ref().map(|_| f);
    Nul => Option<T>, |v| v.flatten(), |f| Some(f);
    Maybe => Option<Option<T>>, |v| v, |f| f.as_ref();
}
