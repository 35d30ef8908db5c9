//! How the generated structs read from and write to JSON objects: one
//! generic visitor and one generic writer here, and per struct only an
//! [`Object`] impl (a `match` over its JSON keys, and one line per field to
//! write it) that the struct's `Deserialize` and `Serialize` impls call. The
//! generated `types.rs` writes the three impls as one [`impls!`] table per
//! struct: a row per field, its JSON key, how it is written, its name.
//!
//! serde's derives expand to a field enum with its own visitor, a struct
//! visitor with a `visit_seq` and a `visit_map`, and a `Serialize` body per
//! struct; on a crate with hundreds of inferred types, expanding,
//! type-checking and borrow-checking that was most of its build time
//! (`docs/performance.md`, session 26). What the derive gave, these keep:
//! - a field's JSON key may differ from its Rust name (the `match` arm and
//!   the written key are the JSON key);
//! - the struct starts from its `Default`, so an absent key reads as the
//!   field's default (`#[serde(default)]` on the struct);
//! - an unknown key is skipped; when a key repeats, the last value wins
//!   (serde's derive rejected a repeated key; serde_json's `Value` keeps the
//!   last);
//! - a struct also reads from a list of its fields' values in declaration
//!   order, as the derive's `visit_seq` did;
//! - an error names what was expected (`struct Foo`) as the derive's did;
//! - `Option` fields are left out when `None`, optional lists when empty
//!   (the `skip_serializing_if` the derive had), and the length announced to
//!   the serializer counts only what is written;
//! - the tolerance of `lenient.rs` (a `null` field reading as its default,
//!   an integral float as an integer) applies unchanged: it is in the
//!   deserializer the client hands to these impls, which ask it for a
//!   struct (`deserialize_struct`) as the derive did.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde::Deserialize;

/// The `Serialize`, `Deserialize` and [`Object`] impls of a generated
/// struct, from a row per field: its JSON key, how it is written
/// ([`Write::always`], [`Write::optional`]: left out when `None`,
/// [`Write::unless_empty`]: left out when empty) and the field:
///
/// ```text
/// object::impls!(Pet {
///     "petId" => always pet_id,
///     "nickname" => optional nickname,
/// });
/// ```
///
/// The caller has `object` (this module) in scope, as `types.rs` does. A
/// macro rather than the three impls printed in full only for the reader:
/// in full they are a screen of boilerplate per struct (GitHub's `types.rs`
/// was 37,000 lines instead of 16,000), and both compile in the same time.
macro_rules! impls {
    ($name:ident { $($key:literal => $how:ident $field:ident,)* }) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                object::serialize(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                object::deserialize(deserializer)
            }
        }

        impl object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const KEYS: &'static [&'static str] = &[$($key),*];

            fn read<'de, D: serde::Deserializer<'de>>(
                &mut self,
                key: &str,
                value: D,
            ) -> ::std::result::Result<(), D::Error> {
                match key {
                    $($key => object::read(&mut self.$field, value),)*
                    _ => object::skip(value),
                }
            }

            #[allow(unused_variables)]
            fn write<W: object::Write>(&self, out: &mut W) {
                $(out.$how($key, &self.$field);)*
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use impls;

/// A generated struct, read and written field by field.
pub(crate) trait Object: Default {
    /// The struct's name, for messages (`expected struct Foo`).
    const NAME: &'static str;
    /// The JSON keys of its fields, in declaration order.
    const KEYS: &'static [&'static str];

    /// Decodes `value` into the field whose JSON key is `key` ([`read`]),
    /// or skips it ([`skip`]) when no field has that key.
    fn read<'de, D: Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error>;

    /// Hands each field to be written to `object`, in declaration order.
    fn write<W: Write>(&self, object: &mut W);
}

/// What [`Object::write`] writes its fields to.
pub(crate) trait Write {
    /// Writes `value` under `key`.
    fn always<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Writes `value` under `key` unless it is `None`.
    fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.always(key, value);
        }
    }

    /// Writes `value` under `key` unless it is empty.
    fn unless_empty<T: Serialize>(&mut self, key: &'static str, value: &[T]) {
        if !value.is_empty() {
            self.always(key, value);
        }
    }
}

/// `T` decoded from `deserializer`: the body of a generated `Deserialize`.
pub(crate) fn deserialize<'de, T: Object, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::KEYS, ObjectVisitor(PhantomData))
}

/// `value` written to `serializer`: the body of a generated `Serialize`.
/// The fields are walked twice, first to count what will be written
/// (serializers are told the length up front), then to write it.
pub(crate) fn serialize<T: Object, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut count = Count(0);
    value.write(&mut count);
    let mut fields = Fields(serializer.serialize_struct(T::NAME, count.0));
    value.write(&mut fields);
    fields.0?.end()
}

/// `field` set to the value `value` holds: an arm of [`Object::read`].
pub(crate) fn read<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    field: &mut T,
    value: D,
) -> Result<(), D::Error> {
    *field = T::deserialize(value)?;
    Ok(())
}

/// `value` read and dropped: the arm of [`Object::read`] for unknown keys.
pub(crate) fn skip<'de, D: Deserializer<'de>>(value: D) -> Result<(), D::Error> {
    IgnoredAny::deserialize(value).map(drop)
}

/// Reads a `T` from a map (or a list of its fields' values), starting from
/// its default.
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut object = T::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            map.next_value_seed(Field {
                object: &mut object,
                key: key.as_str(),
            })?;
        }
        Ok(object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut object = T::default();
        for key in T::KEYS {
            let field = Field {
                object: &mut object,
                key,
            };
            if seq.next_element_seed(field)?.is_none() {
                break;
            }
        }
        Ok(object)
    }
}

/// The value of one key, read into `object`.
struct Field<'a, T> {
    object: &'a mut T,
    key: &'a str,
}

impl<'de, T: Object> DeserializeSeed<'de> for Field<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.object.read(self.key, deserializer)
    }
}

/// A key: borrowed from the input where the deserializer can (serde_json
/// can for keys without escapes), else owned.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a field name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Key<'de>, E> {
        Ok(Key::Owned(String::from_utf8_lossy(key).into_owned()))
    }
}

/// Counts the fields [`Object::write`] would write.
struct Count(usize);

impl Write for Count {
    fn always<T: Serialize + ?Sized>(&mut self, _key: &'static str, _value: &T) {
        self.0 += 1;
    }
}

/// Writes fields to a serializer's struct, keeping the first error (so that
/// a generated `write` is one plain call per field, with no `?`: the `?`s
/// were a third of the cost of a hand-written `Serialize`).
struct Fields<S: SerializeStruct>(Result<S, S::Error>);

impl<S: SerializeStruct> Write for Fields<S> {
    fn always<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(object) = &mut self.0 {
            if let Err(error) = object.serialize_field(key, value) {
                self.0 = Err(error);
            }
        }
    }
}
