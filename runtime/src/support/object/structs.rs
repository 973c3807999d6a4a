//! [`object_serde!`](crate::object_serde), the `Serialize`, `Deserialize` and `Decode`
//! impls of a generated struct, and its tests against `serde_derive`.

/// Implements `Serialize` and `Deserialize` for a generated struct from its fields.
///
/// Required fields are always serialized. `Deserialize` is strict; the
/// [`Decode`](crate::wire::tolerant::Decode) impl it also gets reads tolerantly when given a
/// [`Tolerance`](crate::wire::tolerant::Tolerance), as a [`Client`](crate::Client) reads
/// responses: a required field that is absent or `null` takes its type's empty value
/// (`""`, `0`, `false`, `[]`, `{}`, a struct of empty values) and a scalar of the other
/// scalar type is converted when nothing is lost, each reported on the
/// [`Response`](crate::Response) and in a `tracing` warning, because the documentation's
/// "mandatory" marks and types are not reliable. Every field's type must implement
/// `Decode` (the scalars, `String`, `Vec`, `Option`, `Box`, maps, `serde_json::Value`,
/// other generated types do).
///
/// Each field is `Kind rust_name "wireName"`, in declaration order, always with its JSON
/// key: the macro then expands without invoking another macro per field, which is most of
/// what expanding it used to cost. `Kind` is one of [`Req`](crate::object::Req), [`Opt`](crate::object::Opt),
/// [`Nul`](crate::object::Nul) or [`Maybe`](crate::object::Maybe):
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub struct Repo {
///     pub name: String,
///     pub total_records: Option<i64>,
/// }
/// hwcloud_runtime::object_serde!(Repo { Req name "name", Opt total_records "totalRecords" });
///
/// let repo: Repo = serde_json::from_str(r#"{"name":"a","totalRecords":3,"new":1}"#).unwrap();
/// assert_eq!(repo, Repo { name: "a".into(), total_records: Some(3) });
/// assert_eq!(serde_json::to_string(&Repo { name: "b".into(), total_records: None }).unwrap(), r#"{"name":"b"}"#);
/// ```
#[macro_export]
macro_rules! object_serde {
    ($name:ident { $($kind:ident $field:ident $wire:literal),* $(,)? }) => {
        impl $crate::object::__serde::Serialize for $name {
            fn serialize<S: $crate::object::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // a struct without fields writes none
                let mut out = $crate::object::Writer::new(
                    serializer,
                    ::core::stringify!($name),
                    0 $(+ $crate::object::$kind::present(&self.$field))*,
                )?;
                $($crate::object::$kind::write(&self.$field, &mut out, $wire);)*
                out.end()
            }
        }
        impl<'de> $crate::object::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <Self as $crate::object::Decode>::decode(deserializer, ::core::option::Option::None)
            }
        }
        impl $crate::object::Decode for $name {
            fn decode<'de, D: $crate::object::__serde::Deserializer<'de>>(
                deserializer: D,
                tolerance: ::core::option::Option<$crate::object::Tolerance<'_>>,
            ) -> ::core::result::Result<Self, D::Error> {
                // One `stringify!` for the whole expansion; no schema name can be these
                // (generated type names have no leading `__`).
                const __NAME: &str = ::core::stringify!($name);
                struct __Visitor<'t>(::core::option::Option<$crate::object::Tolerance<'t>>);
                impl<'de> $crate::object::__serde::de::Visitor<'de> for __Visitor<'_> {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        $crate::object::expecting(f, __NAME)
                    }
                    fn visit_map<A: $crate::object::__serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> ::core::result::Result<$name, A::Error> {
                        // Bound with a leading `_`: a struct without fields never uses it.
                        let __Visitor(_tolerance) = self;
                        $(let mut $field = $crate::object::$kind::new();)*
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<$crate::object::Key<'de>>()?
                        {
                            match key.as_str() {
                                $($wire => $field.fill(&mut map, _tolerance, __NAME, $wire),)*
                                _ => $crate::object::skip(&mut map),
                            }?;
                        }
                        $crate::object::missing([$($field.missing(_tolerance, __NAME, $wire)),*])?;
                        ::core::result::Result::Ok($name { $($field: $field.take(),)* })
                    }
                }
                deserializer.deserialize_struct(__NAME, &[$($wire),*], __Visitor(tolerance))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    /// The struct under test, with every kind of field and a keyword name.
    #[derive(Debug, Clone, PartialEq)]
    struct Lean {
        id: String,
        total_records: Option<i64>,
        parent: Option<Box<Lean>>,
        owner: Option<String>,
        note: Option<Option<String>>,
        r#type: Vec<u8>,
        map: Option<i32>,
    }
    crate::object_serde!(Lean {
        Req id "id",
        Opt total_records "totalRecords",
        Opt parent "parent",
        Nul owner "owner",
        Maybe note "note",
        Req r#type "type",
        Opt map "map"
    });

    /// The same struct as `serde_derive` with the attributes the generator used to emit:
    /// the reference behaviour.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Derived {
        id: String,
        #[serde(rename = "totalRecords", skip_serializing_if = "Option::is_none")]
        total_records: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        parent: Option<Box<Derived>>,
        owner: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "nullable"
        )]
        note: Option<Option<String>>,
        #[serde(rename = "type")]
        r#type: Vec<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        map: Option<i32>,
    }

    fn nullable<'de, D: serde::Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Option::<String>::deserialize(d).map(Some)
    }

    /// Decodes `json` both ways through `serde_path_to_error`, as the client does: the
    /// value (re-encoded) or the error's path and message.
    fn both(json: &str) -> (Result<String, String>, Result<String, String>) {
        fn one<T: for<'de> Deserialize<'de> + Serialize>(json: &str) -> Result<String, String> {
            let mut de = serde_json::Deserializer::from_str(json);
            serde_path_to_error::deserialize::<_, T>(&mut de)
                .map(|v| serde_json::to_string(&v).unwrap())
                .map_err(|e| format!("{} | {}", e.path(), e.inner()))
        }
        (one::<Lean>(json), one::<Derived>(json))
    }

    #[test]
    fn decodes_and_encodes_like_serde_derive() {
        for json in [
            r#"{"id":"a","type":[1,2]}"#,
            r#"{"id":"a","type":[],"totalRecords":3,"owner":"o","note":"n"}"#,
            r#"{"id":"a","type":[],"totalRecords":null,"owner":null,"note":null}"#,
            r#"{"type":[],"id":"a","unknown":{"deep":[1,{"x":null}]},"parent":{"id":"p","type":[9]}}"#,
            r#"{"id":"a","type":[],"parent":null}"#,
            r#"{"id":"a","type":[],"map":7,"key":1}"#,
        ] {
            let (lean, derived) = both(json);
            assert!(lean.is_ok(), "{json}: {lean:?}");
            assert_eq!(lean, derived, "{json}");
        }
    }

    #[test]
    fn errors_match_serde_derive_with_their_paths() {
        for json in [
            r#"{"type":[]}"#,
            r#"{"id":"a"}"#,
            r#"{"id":"a","type":[],"id":"b"}"#,
            r#"{"id":5,"type":[]}"#,
            r#"{"id":"a","type":[1,"x"]}"#,
            r#"{"id":"a","type":[],"totalRecords":"3"}"#,
            r#"{"id":"a","type":[],"parent":{"id":"p","type":[],"parent":{"id":[]}}}"#,
            r#"["a",[]]"#,
            r#""text""#,
            r#"{"id":"a","type":[],"note":1}"#,
            r#"{"id":"a""#,
        ] {
            let (lean, derived) = both(json);
            assert!(lean.is_err(), "{json}: {lean:?}");
            if json.starts_with('[') {
                // serde_derive also reads a struct from an array; the lean impls do not.
                assert_eq!(
                    lean.unwrap_err(),
                    ". | invalid type: sequence, expected struct Lean at line 1 column 1"
                );
                continue;
            }
            let lean = lean.unwrap_err().replace("Lean", "Derived");
            assert_eq!(lean, derived.unwrap_err(), "{json}");
        }
    }

    #[test]
    fn optional_kinds_leave_out_or_send_null() {
        let v = Lean {
            id: "a".into(),
            total_records: None,
            parent: None,
            owner: None,
            note: Some(None),
            r#type: vec![],
            map: None,
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"a","owner":null,"note":null,"type":[]}"#
        );
        let v = Lean { note: None, ..v };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"id":"a","owner":null,"type":[]}"#
        );
    }

    /// Names the expansion uses itself, as a type and as field names.
    #[derive(Debug, PartialEq)]
    struct Fields {
        key: i32,
        deserializer: Option<Empty>,
    }
    crate::object_serde!(Fields { Req key "key", Opt deserializer "deserializer" });

    #[derive(Debug, PartialEq)]
    struct Empty {}
    crate::object_serde!(Empty {});

    #[test]
    fn names_of_the_expansion_and_empty_structs_work() {
        let v: Fields = serde_json::from_str(r#"{"key":1,"deserializer":{"x":1}}"#).unwrap();
        assert_eq!(
            v,
            Fields {
                key: 1,
                deserializer: Some(Empty {})
            }
        );
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"key":1,"deserializer":{}}"#
        );
        let e = serde_json::from_str::<Fields>("{}").unwrap_err();
        assert_eq!(e.to_string(), "missing field `key` at line 1 column 2");
    }

    /// A hostile server can nest a recursive schema as deep as `serde_json` allows (128
    /// levels, counting arrays). Decoding must fit a test thread's 2 MiB stack as the
    /// derive does, encoding the result too (an erased-serde visitor overflowed it at 48
    /// levels in debug builds and aborted the process), and deeper input is a decode error,
    /// not a crash.
    #[test]
    fn deep_nesting_decodes_or_fails_cleanly() {
        fn nested(depth: usize) -> String {
            let mut json = String::from(r#"{"id":"leaf","type":[]}"#);
            for _ in 0..depth {
                json = format!(r#"{{"id":"n","type":[],"parent":{json}}}"#);
            }
            json
        }
        let json = nested(118);
        let (lean, derived) = both(&json);
        assert!(lean.is_ok(), "{lean:?}");
        assert_eq!(lean, derived);
        let (lean, derived) = both(&nested(400));
        assert!(lean.unwrap_err().contains("recursion limit exceeded"));
        assert!(derived.unwrap_err().contains("recursion limit exceeded"));
    }

    /// Random JSON around `Lean`'s keys (values of every type, absent, `null`, duplicated,
    /// unknown keys, nested parents): both implementations agree on every input, value or
    /// error message and path alike. Seeded, so a failure reproduces.
    #[test]
    fn agrees_with_serde_derive_on_random_input() {
        fn value(rng: &mut fastrand::Rng, depth: usize) -> String {
            match rng.u8(0..10) {
                0 => "null".into(),
                1 => rng.bool().to_string(),
                2 => rng.i64(-5..5).to_string(),
                3 => format!("{}.5", rng.i32(-5..5)),
                4 => format!("\"s{}\"", rng.u8(0..3)),
                5 => "\"a\\\"b\"".into(),
                6 => format!(
                    "[{}]",
                    (0..rng.usize(0..3))
                        .map(|_| rng.u8(0..=255).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                7 => "[\"x\"]".into(),
                _ if depth < 4 => object(rng, depth + 1),
                _ => "{}".into(),
            }
        }
        fn object(rng: &mut fastrand::Rng, depth: usize) -> String {
            const KEYS: [&str; 9] = [
                "id",
                "totalRecords",
                "parent",
                "owner",
                "note",
                "type",
                "map",
                "other",
                "total_records",
            ];
            // Mostly valid required keys, so that many inputs decode, then random entries.
            let mut entries = Vec::new();
            if rng.u8(0..10) > 0 {
                entries.push("\"id\":\"i\"".to_owned());
            }
            if rng.u8(0..10) > 0 {
                entries.push("\"type\":[3]".to_owned());
            }
            for _ in 0..rng.usize(0..5) {
                let key = KEYS[rng.usize(0..KEYS.len())];
                let v = match key {
                    "id" | "owner" | "note" if rng.u8(0..4) > 0 => format!("\"{key}\""),
                    "type" if rng.u8(0..4) > 0 => "[1,2]".into(),
                    "totalRecords" | "map" if rng.u8(0..4) > 0 => rng.i32(0..9).to_string(),
                    "parent" if depth < 4 && rng.u8(0..4) > 0 => object(rng, depth + 1),
                    _ => value(rng, depth),
                };
                entries.push(format!("\"{key}\":{v}"));
            }
            rng.shuffle(&mut entries);
            format!("{{{}}}", entries.join(","))
        }
        let mut rng = fastrand::Rng::with_seed(20261127);
        let mut decoded = 0;
        for _ in 0..5000 {
            let json = object(&mut rng, 0);
            let (lean, derived) = both(&json);
            decoded += usize::from(lean.is_ok());
            let lean = lean.map_err(|e| e.replace("Lean", "Derived"));
            match &lean {
                // The one documented difference: the derive also reads a struct from an
                // array of all its fields (these inputs have too few, so it fails too).
                Err(e) if e.contains("invalid type: sequence, expected struct") => {
                    assert!(derived.is_err(), "{json}: {derived:?}");
                }
                _ => assert_eq!(lean, derived, "{json}"),
            }
        }
        // The generator must reach both outcomes often enough to mean something.
        assert!((1000..4000).contains(&decoded), "{decoded} of 5000 decoded");
    }

    #[test]
    fn reads_from_other_deserializers() {
        let value = serde_json::json!({"id": "a", "type": [7], "owner": "o"});
        let lean: Lean = serde_json::from_value(value).unwrap();
        assert_eq!(lean.owner.as_deref(), Some("o"));
        assert_eq!(lean.r#type, vec![7]);
    }
}
