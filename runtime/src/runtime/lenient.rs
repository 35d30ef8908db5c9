//! Decoding that holds up against real servers: the inferred types come from
//! a few examples, and a server may leave a field out, send `null`, or send
//! `3.0` where the examples had `3` (see `docs/type-inference.md`, "Tolerance").
//! The generated types name these functions in `#[serde(deserialize_with)]`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// The value, or the type's default when the server sent `null` (an absent
/// field is covered by `#[serde(default)]` beside this).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An integer field: also accepts a float with no fractional part (`3.0`,
/// `1e3`) and `null` (as 0). A fractional value is an error, so the
/// response's raw body stays reachable instead of a silently rounded number.
pub(crate) fn int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Ok(opt_int(deserializer)?.unwrap_or_default())
}

/// An optional integer field: like [`int`], with `null` as `None`.
pub(crate) fn opt_int<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    let Some(number) = Option::<serde_json::Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    if let Some(integer) = number.as_i64() {
        return Ok(Some(integer));
    }
    match number.as_f64() {
        // 2^63 as f64 is the first value beyond i64.
        Some(float) if float.fract() == 0.0 && float >= -(2f64.powi(63)) && float < 2f64.powi(63) => {
            Ok(Some(float as i64))
        }
        _ => Err(D::Error::custom(format!("expected an integer, found {number}"))),
    }
}
