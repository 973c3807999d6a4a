//! Serde helpers used by generated code.

/// `Option<Option<T>>` for fields that may be absent *or* `null`: absent is `None`, `null`
/// is `Some(None)`, a value is `Some(Some(v))`. Use with `#[serde(default, with = ...)]`
/// and `skip_serializing_if = "Option::is_none"`.
pub mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes `Some(None)` as `null` and `Some(Some(v))` as `v`.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(v)) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Deserializes a present value (possibly `null`) as `Some(..)`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Holder {
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "super::nullable"
        )]
        v: Option<Option<i32>>,
    }

    #[test]
    fn distinguishes_absent_null_and_value() {
        for (json, value) in [
            ("{}", None),
            (r#"{"v":null}"#, Some(None)),
            (r#"{"v":3}"#, Some(Some(3))),
        ] {
            let h: Holder = serde_json::from_str(json).unwrap();
            assert_eq!(h.v, value);
            assert_eq!(serde_json::to_string(&h).unwrap(), json);
        }
    }
}
