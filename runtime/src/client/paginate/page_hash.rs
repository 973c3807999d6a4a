//! The seeded hash of a page's items, for telling a repeated page: a `serde::Serializer`
//! that feeds each value's bytes to the hasher as it goes.
//!
//! It exists because hashing the items' JSON spent most of the check on writing JSON
//! (escaping strings, formatting numbers) that nothing reads, and no trusted crate hashes
//! serde values without formatting them first. It writes no text: each value is a tag
//! byte and its bytes (numbers in little-endian, strings and byte strings after their
//! length), sequences, maps and structures are bracketed, `None` and `Some` are tagged,
//! and a structure's fields are its values in order, a field left out (`skip_field`)
//! marked as such; so `["ab","c"]` and `["a","bc"]`, or `None` and `Some([])`, hash apart.
//! Field names are not hashed: items of one type have the same fields in the same order.
//!
//! Each tag with its bytes is one `write` of the hasher, and a string's bytes the write
//! after its tag and length: the walk's hasher mixes every `write` into its state in
//! order, so the sequence of writes is what is hashed, without copying values into a
//! buffer first. (foldhash's `write_u64` and the like gather numbers apart from the bytes,
//! so only `write` is used.)
//!
//! The walk hashes with `foldhash` (its `quality` variant, seeded at random per walk)
//! rather than the standard library's SipHash: on a page of long items SipHash was a third
//! of the check, foldhash a fraction of that. The check needs a hash that two different
//! pages do not share by accident (64 bits, well mixed), not one a server cannot steer: a
//! server that wanted to send a page twice unnoticed could change one field of it, and a
//! page crafted to collide with an earlier one only ends the walk with an error, never
//! with items lost or doubled.
//!
//! As with the JSON it replaces, items that hold no value at all (only empty sequences,
//! maps and structures: every item `{}`) give no key, and items that fail to serialize
//! give none either.

use std::fmt::Display;
use std::hash::Hasher;

use serde::Serialize;
use serde::ser;

/// The hash of `items` (`hasher` seeded by the caller), or `None` when they fail to
/// serialize or hold no value.
pub(super) fn items_key<T: Serialize, H: Hasher>(hasher: H, items: &[T]) -> Option<u64> {
    let mut sink = Sink {
        hasher,
        holds_values: false,
    };
    items.serialize(&mut sink).ok()?;
    sink.holds_values.then(|| sink.hasher.finish())
}

/// What each value starts with.
mod tag {
    pub const UNIT: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const I64: u8 = 4;
    pub const U64: u8 = 5;
    pub const I128: u8 = 6;
    pub const U128: u8 = 7;
    pub const F32: u8 = 8;
    pub const F64: u8 = 9;
    pub const CHAR: u8 = 10;
    pub const STR: u8 = 11;
    pub const BYTES: u8 = 12;
    pub const NONE: u8 = 13;
    pub const SOME: u8 = 14;
    pub const VARIANT: u8 = 15;
    pub const SEQ: u8 = 16;
    pub const MAP: u8 = 17;
    pub const STRUCT: u8 = 18;
    pub const SKIPPED: u8 = 19;
    /// Ends a sequence, map or structure: no value starts with it.
    pub const END: u8 = 20;
}

/// The serializer: the hasher, and whether a value was written.
struct Sink<H: Hasher> {
    hasher: H,
    holds_values: bool,
}

impl<H: Hasher> Sink<H> {
    /// A tag and up to 16 bytes, in one write.
    #[inline]
    fn tagged<const N: usize>(&mut self, tag: u8, bytes: [u8; N]) {
        let mut token = [0; 17];
        token[0] = tag;
        token[1..=N].copy_from_slice(&bytes);
        self.hasher.write(&token[..=N]);
    }

    /// A value: it holds something.
    #[inline]
    fn value<const N: usize>(&mut self, tag: u8, bytes: [u8; N]) {
        self.holds_values = true;
        self.tagged(tag, bytes);
    }

    /// A length-prefixed run of bytes: the tag and length in one write, the bytes in the
    /// next.
    #[inline]
    fn run(&mut self, tag: u8, bytes: &[u8]) {
        self.tagged(tag, (bytes.len() as u64).to_le_bytes());
        self.hasher.write(bytes);
    }
}

/// Why items do not hash: only a value's own `Serialize` fails. Its message is not kept
/// (the check only needs to know that there is no key), so that every `Result` of the
/// serializer fits in a register instead of carrying a `String` through each call.
#[derive(Debug)]
pub(super) struct Unhashable;

impl Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the items do not serialize")
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: Display>(_msg: T) -> Self {
        Self
    }
}

type Done = Result<(), Unhashable>;

impl<H: Hasher> ser::Serializer for &mut Sink<H> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.value(if v { tag::TRUE } else { tag::FALSE }, []);
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.value(tag::I64, v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.value(tag::I128, v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.value(tag::U64, v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.value(tag::U128, v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.value(tag::F32, v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.value(tag::F64, v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.value(tag::CHAR, u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.holds_values = true;
        self.run(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        // As JSON writes them: an array of numbers, a value only when not empty.
        self.holds_values |= !v.is_empty();
        self.run(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.value(tag::NONE, []);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        // `Some` holds what its value holds (JSON writes the value alone).
        self.tagged(tag::SOME, []);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.value(tag::UNIT, []);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
    ) -> Done {
        self.value(tag::VARIANT, index.to_le_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Done {
        self.value(tag::VARIANT, index.to_le_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tagged(tag::SEQ, []);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Unhashable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.value(tag::VARIANT, index.to_le_bytes());
        self.tagged(tag::SEQ, []);
        Ok(self)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Unhashable> {
        self.tagged(tag::MAP, []);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Unhashable> {
        self.tagged(tag::STRUCT, []);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self, Unhashable> {
        self.value(tag::VARIANT, index.to_le_bytes());
        self.tagged(tag::STRUCT, []);
        Ok(self)
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Done {
        self.serialize_str(&value.to_string())
    }
}

/// Ends a sequence, map or structure.
fn end<H: Hasher>(sink: &mut Sink<H>) -> Done {
    sink.tagged(tag::END, []);
    Ok(())
}

/// The four compound kinds whose members are hashed in order, each member as a value.
macro_rules! ordered_members {
    ($($kind:ident :: $member:ident),* $(,)?) => {$(
        impl<H: Hasher> ser::$kind for &mut Sink<H> {
            type Ok = ();
            type Error = Unhashable;
            fn $member<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                end(self)
            }
        }
    )*};
}

ordered_members!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl<H: Hasher> ser::SerializeMap for &mut Sink<H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        // A key is a value (JSON writes it, quoted), whatever it serializes to.
        self.holds_values = true;
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl<H: Hasher> ser::SerializeStruct for &mut Sink<H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _key: &'static str, value: &T) -> Done {
        // A field sent is a value (JSON writes its name).
        self.holds_values = true;
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _key: &'static str) -> Done {
        self.tagged(tag::SKIPPED, []);
        Ok(())
    }
    fn end(self) -> Done {
        end(self)
    }
}

impl<H: Hasher> ser::SerializeStructVariant for &mut Sink<H> {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _key: &'static str, value: &T) -> Done {
        self.holds_values = true;
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _key: &'static str) -> Done {
        self.tagged(tag::SKIPPED, []);
        Ok(())
    }
    fn end(self) -> Done {
        end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::hash::BuildHasher;

    // The walk's hasher.
    use foldhash::quality::RandomState;

    use serde::Serialize;

    use super::items_key;

    fn key<T: Serialize>(keys: &RandomState, items: &[T]) -> Option<u64> {
        items_key(keys.build_hasher(), items)
    }

    #[derive(Serialize, Clone)]
    struct Item {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        size: i64,
        tags: Option<Vec<String>>,
    }

    fn item(i: i64) -> Item {
        Item {
            id: format!("id-{i}"),
            name: Some(format!("name {i}")),
            note: None,
            size: i,
            tags: Some(vec!["a".to_owned()]),
        }
    }

    #[test]
    fn equal_items_give_equal_keys() {
        let keys = RandomState::default();
        let page: Vec<Item> = (0..50).map(item).collect();
        let again = page.clone();
        assert!(key(&keys, &page).is_some());
        assert_eq!(key(&keys, &page), key(&keys, &again));
        // A long string (the hasher's loop over 64-byte blocks): still equal.
        let long = vec!["x".repeat(10_000)];
        assert_eq!(key(&keys, &long), key(&keys, &long.clone()));
    }

    #[test]
    fn different_items_give_different_keys() {
        let keys = RandomState::default();
        let page: Vec<Item> = (0..50).map(item).collect();
        let mut other = page.clone();
        other[49].size += 1;
        assert_ne!(key(&keys, &page), key(&keys, &other));
        let next: Vec<Item> = (50..100).map(item).collect();
        assert_ne!(key(&keys, &page), key(&keys, &next));
        // A string's bytes cannot run into the next one's.
        assert_ne!(key(&keys, &[["ab", "c"]]), key(&keys, &[["a", "bc"]]));
        assert_ne!(
            key(&keys, &[vec!["a"], vec![]]),
            key(&keys, &[vec![], vec!["a"]])
        );
        // A field left out keeps its place: the same value in another field differs.
        let mut named = item(1);
        named.note = None;
        let mut noted = item(1);
        noted.name = None;
        noted.note = named.name.clone();
        assert_ne!(key(&keys, &[named]), key(&keys, &[noted]));
        // Numbers of one value but another type, and strings of their text, differ.
        assert_ne!(key(&keys, &[1_i64]), key(&keys, &[1.0_f64]));
        assert_ne!(key(&keys, &[1_i64]), key(&keys, &["1"]));
        let map = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), v.to_owned())]);
        assert_ne!(key(&keys, &[map("a", "b")]), key(&keys, &[map("b", "a")]));
    }

    #[test]
    fn none_and_some_empty_differ() {
        let keys = RandomState::default();
        let mut none = item(1);
        none.tags = None;
        let mut empty = item(1);
        empty.tags = Some(Vec::new());
        assert_ne!(key(&keys, &[none]), key(&keys, &[empty]));
        assert_ne!(
            key(&keys, &[None::<Vec<String>>]),
            key(&keys, &[Some(vec![String::new()])])
        );
    }

    #[test]
    fn items_without_values_give_no_key() {
        #[derive(Serialize)]
        struct Sparse {
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<String>,
            #[serde(skip_serializing_if = "Vec::is_empty")]
            tags: Vec<String>,
        }
        let keys = RandomState::default();
        let blank = || Sparse {
            id: None,
            tags: Vec::new(),
        };
        assert_eq!(key(&keys, &[blank(), blank()]), None);
        assert_eq!(key(&keys, &[Vec::<u8>::new()]), None);
        assert_eq!(key(&keys, &[BTreeMap::<String, String>::new()]), None);
        assert_eq!(key(&keys, &[Some(Vec::<u8>::new())]), None);
        // Any value at all, even an empty string, a `None` or a field sent empty, is one.
        assert!(key(&keys, &[""]).is_some());
        assert!(key(&keys, &[None::<u8>]).is_some());
        let id = Sparse {
            id: Some(String::new()),
            tags: Vec::new(),
        };
        assert!(key(&keys, &[id]).is_some());
    }

    #[test]
    fn items_that_fail_to_serialize_give_no_key() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("no"))
            }
        }
        assert_eq!(key(&RandomState::default(), &[Failing]), None);
    }
}
