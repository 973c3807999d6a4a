//! Spec documents read into the format's typed definition (`hwcloud_spec::parse::document`)
//! and written back in its order, naming the key path of what is not the format.
//!
//! Here and not in `hwcloud-spec`: only the tools write documents, and the key path comes
//! from `serde_path_to_error`, which a build script need not compile. The sections' serde
//! impls are generic, so they are compiled to machine code here, where they are used.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// The mapping `doc` read as a `T` (a [`Document`](hwcloud_spec::parse::document::Document),
/// an [`Operation`](hwcloud_spec::parse::document::Operation), a
/// [`Schema`](hwcloud_spec::parse::document::Schema), ...) and given back with every key in
/// the format's order; or, when it is not one, the key path and what is wrong there (an
/// unknown key, a value of the wrong type).
pub fn canonical<T: Serialize + DeserializeOwned>(doc: &Mapping) -> Result<Mapping, String> {
    let typed: T = serde_path_to_error::deserialize(Value::Mapping(doc.clone())).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        }
    })?;
    match serde_yaml::to_value(typed) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(_) => Err("a section of the format is written as a mapping".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hwcloud_spec::parse::document::Document;

    #[test]
    fn canonical_orders_keys_and_keeps_entries_and_their_keys() {
        let text = "operations:\n  B:\n    path: /b\n    method: GET\n    responses:\n      200: { body: { description: x, ref: R } }\n      404:\n  A:\n    method: GET\n    group: a\nschemas:\n  R:\n    properties:\n      z: { description: z, type: string }\n      a: { type: string, nullable: true, required: true }\n    type: object\n";
        let doc: Mapping = serde_yaml::from_str(text).unwrap();
        let out = canonical::<Document>(&doc).unwrap();
        assert_eq!(out, doc, "the same document, keys aside");
        let written = serde_yaml::to_string(&out).unwrap();
        assert_eq!(
            written,
            "operations:\n  B:\n    method: GET\n    path: /b\n    responses:\n      200:\n        body:\n          ref: R\n          description: x\n      404: null\n  A:\n    group: a\n    method: GET\nschemas:\n  R:\n    type: object\n    properties:\n      z:\n        type: string\n        description: z\n      a:\n        type: string\n        required: true\n        nullable: true\n"
        );
    }

    #[test]
    fn what_is_not_the_format_is_named_with_its_place() {
        let cases = [
            (
                "operations:\n  A:\n    method: GET\n    paramters: []\n",
                "operations.A.paramters: unknown field `paramters`",
            ),
            (
                "schemas:\n  S:\n    properties:\n      a: { required: yes }\n",
                "schemas.S.properties.a.required: invalid type",
            ),
            (
                "operations:\n  A:\n    parameters:\n    - { name: a }\n    - { name: b, in: [query] }\n",
                "operations.A.parameters[1].in: invalid type",
            ),
            (
                "operations:\n  A:\n    permissions:\n    - resource_types: [{ name: r, requird: true }]\n",
                "operations.A.permissions[0].resource_types[0].requird: unknown field",
            ),
            (
                "service:\n  endpoint_prefix: { huawei_cloud: [a] }\n",
                "service.endpoint_prefix.huawei_cloud: invalid type",
            ),
            ("servce: {}\n", "servce: unknown field `servce`"),
        ];
        for (text, expected) in cases {
            let doc: Mapping = serde_yaml::from_str(text).unwrap();
            let e = canonical::<Document>(&doc).unwrap_err();
            assert!(e.starts_with(expected), "{text}: {e}");
        }
    }
}
