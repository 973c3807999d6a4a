//! Helpers for tests of generated code.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Asserts that the documented example `json` (found at `origin` in the spec) deserializes
/// into `T` and serializes back to the same JSON value. Panics with a message naming the
/// example otherwise; meant for tests.
#[track_caller]
pub fn assert_example_round_trips<T: DeserializeOwned + Serialize>(origin: &str, json: &str) {
    let expected: serde_json::Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("example at {origin} is not JSON: {e}"),
    };
    let typed: T = match serde_json::from_value(expected.clone()) {
        Ok(t) => t,
        Err(e) => panic!(
            "example at {origin} does not deserialize into {}: {e}",
            std::any::type_name::<T>()
        ),
    };
    let back = match serde_json::to_value(&typed) {
        Ok(v) => v,
        Err(e) => panic!("example at {origin} does not serialize back: {e}"),
    };
    assert_eq!(
        back,
        expected,
        "example at {origin} changed in a round trip through {}",
        std::any::type_name::<T>()
    );
}
