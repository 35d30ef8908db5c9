//! Decoding that holds up against real servers: the inferred types come from
//! a few examples, and a server may leave a field out, send `null`, or send
//! `3.0` where the examples had `3` (see `docs/type-inference.md`, "Tolerance").
//!
//! The generated types derive plain `Deserialize` (an absent field is covered
//! by `#[serde(default)]`); the tolerance is here, in a deserializer that
//! wraps serde_json's and that the client decodes every body through
//! ([`from_slice`], [`from_value`]). One wrapper in the runtime instead of a
//! `#[serde(deserialize_with)]` per field: serde derives a helper type and
//! impl for every such field, and on a crate with thousands of fields that
//! expansion was most of its build time.
//!
//! What it tolerates:
//! - wherever an integer is expected, a float with no fractional part (`3.0`,
//!   `1e3`); a fractional or out-of-range value stays an error, so the raw
//!   body stays reachable instead of a silently rounded number;
//! - in a struct field, `null` where a number, boolean, string, list, map or
//!   struct is expected reads as its empty value (`0`, `false`, `""`, `[]`,
//!   `{}`; a struct decoded from `{}` needs every field to have a default).
//!   Elsewhere (a list's items, a map's values, the whole body) `null` is
//!   only accepted by `Option`.

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// `T` decoded from a JSON body, tolerantly.
pub(crate) fn from_slice<T: de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(Lenient::top(&mut reader))?;
    reader.end()?;
    Ok(value)
}

/// `T` decoded from a JSON value, tolerantly.
pub(crate) fn from_value<T: de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_json::Error> {
    T::deserialize(Lenient::top(value))
}

/// What the type being decoded asked for: decides what `null` in a field
/// reads as, and whether a float may stand for an integer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Anything (`deserialize_any`, `Option`, `serde_json::Value`, ...): passed through.
    Any,
    Integer,
    Float,
    Bool,
    Text,
    List,
    Map,
    Struct,
}

/// A deserializer that decodes through `inner` with the tolerance above.
struct Lenient<D> {
    inner: D,
    /// Whether the value is a struct field's (where `null` reads as empty).
    field: bool,
}

impl<D> Lenient<D> {
    fn top(inner: D) -> Self {
        Lenient {
            inner,
            field: false,
        }
    }
}

impl<'de, D: Deserializer<'de>> Lenient<D> {
    /// Asks `inner` for whatever the input holds: serde_json's typed entry
    /// points reject `null` and floats before a visitor could tolerate them.
    fn any<V: Visitor<'de>>(self, want: Want, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(Tolerant {
            inner: visitor,
            want,
            field: self.field,
        })
    }
}

macro_rules! wanting {
    ($($method:ident => $want:ident,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.any(Want::$want, visitor)
        })*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Lenient<D> {
    type Error = D::Error;

    wanting! {
        deserialize_any => Any,
        deserialize_i8 => Integer,
        deserialize_i16 => Integer,
        deserialize_i32 => Integer,
        deserialize_i64 => Integer,
        deserialize_i128 => Integer,
        deserialize_u8 => Integer,
        deserialize_u16 => Integer,
        deserialize_u32 => Integer,
        deserialize_u64 => Integer,
        deserialize_u128 => Integer,
        deserialize_f32 => Float,
        deserialize_f64 => Float,
        deserialize_bool => Bool,
        deserialize_char => Text,
        deserialize_str => Text,
        deserialize_string => Text,
        deserialize_seq => List,
        deserialize_map => Map,
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.any(Want::Struct, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.any(Want::List, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.any(Want::List, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_option(Tolerant {
            inner: visitor,
            want: Want::Any,
            field: self.field,
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(
            name,
            Tolerant {
                inner: visitor,
                want: Want::Any,
                field: self.field,
            },
        )
    }

    // Passed through untouched: enums (a unit variant is a string to
    // serde_json, read by `deserialize_enum` only), field names, bytes,
    // units and skipped values have nothing to tolerate.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_identifier(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_ignored_any(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_bytes(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_byte_buf(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(name, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The visitor `inner` behind the tolerance: converts what `want` allows and
/// wraps nested lists, maps and options so that they stay tolerant.
struct Tolerant<V> {
    inner: V,
    want: Want,
    field: bool,
}

/// 2^63, the first integer beyond `i64`, exactly as an `f64`.
const I64_END: f64 = 9_223_372_036_854_775_808.0;

impl<'de, V: Visitor<'de>> Visitor<'de> for Tolerant<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<V::Value, E> {
        if self.want != Want::Integer {
            return self.inner.visit_f64(number);
        }
        if number.fract() == 0.0 && (-I64_END..I64_END).contains(&number) {
            self.inner.visit_i64(number as i64)
        } else if number.fract() == 0.0 && (0.0..I64_END * 2.0).contains(&number) {
            self.inner.visit_u64(number as u64)
        } else {
            Err(E::custom(format_args!(
                "expected an integer, found {number}"
            )))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        if !self.field {
            return self.inner.visit_unit();
        }
        match self.want {
            Want::Any => self.inner.visit_unit(),
            Want::Integer => self.inner.visit_i64(0),
            Want::Float => self.inner.visit_f64(0.0),
            Want::Bool => self.inner.visit_bool(false),
            Want::Text => self.inner.visit_str(""),
            Want::List => self
                .inner
                .visit_seq(SeqDeserializer::<_, E>::new(std::iter::empty::<()>())),
            Want::Map | Want::Struct => self.inner.visit_map(MapDeserializer::<_, E>::new(
                std::iter::empty::<((), ())>(),
            )),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Lenient {
            inner: deserializer,
            field: self.field,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Lenient {
            inner: deserializer,
            field: self.field,
        })
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(Items(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(Entries {
            inner: map,
            fields: self.want == Want::Struct,
        })
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        self.inner.visit_bool(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<V::Value, E> {
        self.inner.visit_i64(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<V::Value, E> {
        self.inner.visit_u64(value)
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<V::Value, E> {
        self.inner.visit_i128(value)
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<V::Value, E> {
        self.inner.visit_u128(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.inner.visit_string(value)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<V::Value, E> {
        self.inner.visit_bytes(value)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<V::Value, E> {
        self.inner.visit_borrowed_bytes(value)
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<V::Value, E> {
        self.inner.visit_byte_buf(value)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

/// A list's items, each decoded tolerantly (not as a field: `null` stays `null`).
struct Items<A>(A);

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Items<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed { inner: seed, field: false })
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A map's or struct's entries: values decoded tolerantly, as fields when
/// the map is a struct.
struct Entries<A> {
    inner: A,
    fields: bool,
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(Seed {
            inner: seed,
            field: self.fields,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// `inner`, handed a tolerant deserializer.
struct Seed<T> {
    inner: T,
    field: bool,
}

impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<T> {
    type Value = T::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T::Value, D::Error> {
        self.inner.deserialize(Lenient {
            inner: deserializer,
            field: self.field,
        })
    }
}
