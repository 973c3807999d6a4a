//! Runtime cost of the lean serde impls that generated structs get from
//! `hwcloud_runtime::object_serde!`, against `serde_derive` on the same struct: decoding a
//! list response (the lean structs the way the client does, tolerantly through
//! `hwcloud_runtime::wire::tolerant::decode_json`, which tracks the JSON path with
//! `serde_path_to_error`; the derived ones through `serde_path_to_error` over `serde_json`),
//! and encoding it back.

use std::hint::black_box;

use serde::{Deserialize, Serialize};

/// One nested object, as in the synthetic API's resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InfoDerived {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<i64>,
    state: String,
}

/// A list item with strings, integers, booleans, an array and a nested object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDerived {
    id: String,
    #[serde(rename = "displayName")]
    display_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    size: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<i32>,
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    info: Option<InfoDerived>,
}

/// The list response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListDerived {
    total: i64,
    items: Vec<ItemDerived>,
}

/// [`InfoDerived`] with the generated crate's impls.
#[derive(Debug, Clone, PartialEq)]
pub struct InfoLean {
    name: String,
    weight: Option<i64>,
    state: String,
}
hwcloud_runtime::object_serde!(InfoLean { Req name "name", Opt weight "weight", Req state "state" });

/// [`ItemDerived`] with the generated crate's impls.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemLean {
    id: String,
    display_name: String,
    description: Option<String>,
    size: i64,
    count: Option<i32>,
    enabled: bool,
    tags: Option<Vec<String>>,
    info: Option<InfoLean>,
}
hwcloud_runtime::object_serde!(ItemLean {
    Req id "id",
    Req display_name "displayName",
    Opt description "description",
    Req size "size",
    Opt count "count",
    Req enabled "enabled",
    Opt tags "tags",
    Opt info "info"
});

/// [`ListDerived`] with the generated crate's impls.
#[derive(Debug, Clone, PartialEq)]
pub struct ListLean {
    total: i64,
    items: Vec<ItemLean>,
}
hwcloud_runtime::object_serde!(ListLean { Req total "total", Req items "items" });

/// A list response of `n` items, as JSON.
pub fn list_json(n: usize) -> String {
    let items: Vec<ItemDerived> = (0..n)
        .map(|i| ItemDerived {
            id: format!("id-{i:06}"),
            display_name: format!("Artifact number {i}"),
            description: (i % 2 == 0).then(|| format!("An artifact, the {i}th of the list.")),
            size: 1_000_000 + i as i64,
            count: (i % 3 != 0).then_some(i as i32),
            enabled: i % 5 == 0,
            tags: (i % 4 == 0).then(|| vec!["release".to_owned(), format!("v{i}")]),
            info: (i % 2 == 1).then(|| InfoDerived {
                name: format!("info-{i}"),
                weight: Some(i as i64 * 7),
                state: "active".to_owned(),
            }),
        })
        .collect();
    serde_json::to_string(&ListDerived {
        total: n as i64,
        items,
    })
    .expect("a list encodes")
}

fn decode<T: for<'de> Deserialize<'de>>(json: &[u8]) -> T {
    let mut de = serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(&mut de).expect("the list decodes")
}

/// What a pager does to each page to tell a repeated one (`hwcloud-runtime`'s
/// `client/paginate/walk.rs`, `page_key`): the items' values fed to a keyed hash by the
/// runtime's own serializer, compiled in from its source because the walk is private to
/// the runtime.
#[path = "../../../runtime/src/client/paginate/page_hash.rs"]
mod page_hash;

fn page_key<T: Serialize>(hasher: &std::hash::RandomState, items: &[T]) -> Option<u64> {
    use std::hash::BuildHasher;
    page_hash::items_key(hasher.build_hasher(), items)
}

/// As the client decodes a response: tolerantly, listing repairs (there are none here).
fn decode_tolerant<T: hwcloud_runtime::object::Decode>(json: &[u8]) -> T {
    let (value, repairs) = hwcloud_runtime::wire::tolerant::decode_json::<T>(json);
    assert!(repairs.is_empty(), "the list needs no repair");
    value.expect("the list decodes")
}

/// Microseconds per decode and per encode of a list of `items`, `serde_derive` and lean.
pub struct DecodeFigures {
    /// Size of the JSON in bytes.
    pub bytes: usize,
    /// (derive, lean) microseconds to decode.
    pub decode: (f64, f64),
    /// (derive, lean) microseconds to encode.
    pub encode: (f64, f64),
    /// Microseconds of a pager's repeated-page check on the page's (lean) items.
    pub page_check: f64,
}

/// Measures both implementations on the same JSON, checking first that they agree.
pub fn measure(items: usize) -> Result<DecodeFigures, String> {
    let json = list_json(items);
    let bytes = json.as_bytes();
    let derived: ListDerived = decode(bytes);
    let lean: ListLean = decode_tolerant(bytes);
    let (a, b) = (
        serde_json::to_string(&derived).map_err(|e| e.to_string())?,
        serde_json::to_string(&lean).map_err(|e| e.to_string())?,
    );
    if a != json || b != json {
        return Err("the two implementations do not round-trip the same JSON".into());
    }
    let us = |ns: f64| ns / 1e3;
    Ok(DecodeFigures {
        bytes: json.len(),
        decode: (
            us(crate::sign::per_call(|| {
                black_box(decode::<ListDerived>(black_box(bytes)));
            })),
            us(crate::sign::per_call(|| {
                black_box(decode_tolerant::<ListLean>(black_box(bytes)));
            })),
        ),
        encode: (
            us(crate::sign::per_call(|| {
                black_box(serde_json::to_vec(black_box(&derived)).ok());
            })),
            us(crate::sign::per_call(|| {
                black_box(serde_json::to_vec(black_box(&lean)).ok());
            })),
        ),
        page_check: {
            let keys = std::hash::RandomState::new();
            us(crate::sign::per_call(|| {
                black_box(page_key(&keys, black_box(&lean.items)));
            }))
        },
    })
}
