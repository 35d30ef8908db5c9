//! Decoding in a crate none of whose types needs tolerance: serde_json's own
//! (the tolerant decoder, `lenient.rs`, is only in crates that have such a type).

/// `T` decoded from a JSON body.
pub(crate) fn from_slice<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// `T` decoded from a JSON value.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}
