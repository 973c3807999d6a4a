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

/// Asserts that the documented response example `json` (found at `origin` in the spec)
/// decodes into `T` as a client decodes a response: tolerantly, so that a scalar of another
/// scalar type the documentation got wrong is converted and listed (see
/// [`crate::wire::tolerant`]). Without repairs, the value must serialize back to the same
/// JSON; with repairs, what it serializes to must read back strictly as the same value.
/// Panics with a message naming the example otherwise; meant for tests.
#[track_caller]
pub fn assert_response_example_decodes<T>(origin: &str, json: &str)
where
    T: crate::wire::tolerant::Decode + Serialize + PartialEq + std::fmt::Debug,
{
    let (decoded, repairs) = crate::wire::tolerant::decode_json::<T>(json.as_bytes());
    let typed = match decoded {
        Ok(t) => t,
        Err((path, e)) => panic!(
            "example at {origin} does not decode into {} at `{path}`: {e}",
            std::any::type_name::<T>()
        ),
    };
    if repairs.is_empty() {
        assert_example_round_trips::<T>(origin, json);
        return;
    }
    let back = match serde_json::to_string(&typed) {
        Ok(v) => v,
        Err(e) => panic!("example at {origin} does not serialize back: {e}"),
    };
    let again: T = match serde_json::from_str(&back) {
        Ok(t) => t,
        Err(e) => panic!("example at {origin}, once repaired, does not read back strictly: {e}"),
    };
    assert_eq!(again, typed, "example at {origin} changed once repaired");
}
