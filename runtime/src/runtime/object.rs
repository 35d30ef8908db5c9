//! How the generated types read from and write to JSON. Structs (below;
//! string enums are at [`string_enum!`]): one
//! generic visitor and one generic writer here, and per struct only an
//! [`Object`] impl (a `match` over its fields' positions, and one line per
//! field to write it) that the struct's `Deserialize`, `Serialize` and
//! `Debug` impls call. The generated `types.rs` writes the four impls as one [`impls!`]
//! table per struct: a row per field, its position, its JSON key, how it is
//! written, its name.
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

/// The `Serialize`, `Deserialize`, `Debug` and [`Object`] impls of a generated
/// struct, from a row per field: its position (0, 1, ...), its JSON key,
/// how it is written ([`Write::always`], [`Write::optional`]: left out when
/// `None`, [`Write::unless_empty`]: left out when empty) and the field:
///
/// ```text
/// object::impls!(Pet {
///     0 "petId" => always pet_id,
///     1 "nickname" => optional nickname,
/// });
/// ```
///
/// [`Object::read`] matches the position, which the visitor finds in
/// [`Object::KEYS`] once per key (non-generic, [`position`]): a `match`
/// over the JSON keys themselves was a string comparison, a call, per arm
/// of every struct, type-checked and borrow-checked in every crate
/// (`docs/performance.md`, session 29).
///
/// The caller has `object` (this module) in scope, as `types.rs` does. A
/// macro rather than the four impls printed in full only for the reader:
/// in full they are a screen of boilerplate per struct (GitHub's `types.rs`
/// was 37,000 lines instead of 16,000), and both compile in the same time.
/// (A crate may have string enums and no struct: then it is unused.)
#[allow(unused_macros)]
macro_rules! impls {
    ($name:ident { $($index:literal $key:literal => $how:ident $field:ident,)* }) => {
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

        impl ::std::fmt::Debug for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                object::debug(self, f)
            }
        }

        impl object::Object for $name {
            const NAME: &'static str = stringify!($name);
            const KEYS: &'static [&'static str] = &[$($key),*];
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            fn read<'de, D: serde::Deserializer<'de>>(
                &mut self,
                field: usize,
                value: D,
            ) -> ::std::result::Result<(), D::Error> {
                match field {
                    $($index => object::read(&mut self.$field, value),)*
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
    /// The Rust names of its fields, in declaration order (`r#type` as
    /// written), for its `Debug` ([`debug`]).
    const FIELDS: &'static [&'static str];

    /// Decodes `value` into field number `field` (its JSON key is
    /// `KEYS[field]`; [`read`]), or skips it ([`skip`]) when there is no
    /// such field (a key not in [`Object::KEYS`]).
    fn read<'de, D: Deserializer<'de>>(&mut self, field: usize, value: D) -> Result<(), D::Error>;

    /// Hands each field to be written to `object`, in declaration order.
    fn write<W: Write>(&self, object: &mut W);
}

/// What [`Object::write`] writes its fields to.
pub(crate) trait Write {
    /// Writes `value` under `key`.
    fn always<T: Serialize + fmt::Debug + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Writes `value` under `key` unless it is `None`.
    fn optional<T: Serialize + fmt::Debug>(&mut self, key: &'static str, value: &Option<T>) {
        if value.is_some() {
            self.always(key, value);
        }
    }

    /// Writes `value` under `key` unless it is empty.
    fn unless_empty<T: Serialize + fmt::Debug>(&mut self, key: &'static str, value: &[T]) {
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
                field: position(T::KEYS, key.as_str()),
            })?;
        }
        Ok(object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut object = T::default();
        for field in 0..T::KEYS.len() {
            let field = Field {
                object: &mut object,
                field,
            };
            if seq.next_element_seed(field)?.is_none() {
                break;
            }
        }
        Ok(object)
    }
}

/// The position of `key` in `keys`, or `usize::MAX` (no field) when it is
/// not there; the first when a key repeats, as a `match` over them took it.
fn position(keys: &[&str], key: &str) -> usize {
    keys.iter().position(|known| *known == key).unwrap_or(usize::MAX)
}

/// The value of one key, read into field number `field` of `object`.
struct Field<'a, T> {
    object: &'a mut T,
    field: usize,
}

impl<'de, T: Object> DeserializeSeed<'de> for Field<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.object.read(self.field, deserializer)
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
    fn always<T: Serialize + fmt::Debug + ?Sized>(&mut self, _key: &'static str, _value: &T) {
        self.0 += 1;
    }
}

/// Writes fields to a serializer's struct, keeping the first error (so that
/// a generated `write` is one plain call per field, with no `?`: the `?`s
/// were a third of the cost of a hand-written `Serialize`).
struct Fields<S: SerializeStruct>(Result<S, S::Error>);

impl<S: SerializeStruct> Write for Fields<S> {
    fn always<T: Serialize + fmt::Debug + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(object) = &mut self.0 {
            if let Err(error) = object.serialize_field(key, value) {
                self.0 = Err(error);
            }
        }
    }
}

/// `value` as `#[derive(Debug)]` prints it: the body of a generated
/// struct's `Debug`. The fields come from [`Object::write`], the same walk
/// that serializes them, so a struct carries no formatting code of its own
/// (a derived `Debug` was a body per struct, type-checked, borrow-checked
/// and compiled to machine code in every generated crate;
/// `docs/performance.md`, session 33); every field is printed, `None` and
/// empty lists included, under its Rust name ([`Object::FIELDS`]).
pub(crate) fn debug<T: Object>(value: &T, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut fields = DebugFields {
        out: formatter.debug_struct(T::NAME),
        names: T::FIELDS.iter(),
    };
    value.write(&mut fields);
    fields.out.finish()
}

/// Hands each field to a `Debug` struct printer under its Rust name: the
/// `n`-th field written is the `n`-th name, since this writer, unlike the
/// serializing ones, leaves nothing out.
struct DebugFields<'a, 'b> {
    out: fmt::DebugStruct<'a, 'b>,
    names: std::slice::Iter<'static, &'static str>,
}

impl Write for DebugFields<'_, '_> {
    fn always<T: Serialize + fmt::Debug + ?Sized>(&mut self, _key: &'static str, value: &T) {
        let name = self.names.next().map_or("", |name| name.strip_prefix("r#").unwrap_or(name));
        self.out.field(name, &value);
    }

    fn optional<T: Serialize + fmt::Debug>(&mut self, key: &'static str, value: &Option<T>) {
        self.always(key, value);
    }

    fn unless_empty<T: Serialize + fmt::Debug>(&mut self, key: &'static str, value: &[T]) {
        self.always(key, value);
    }
}

/// The inherent `as_str`, `Display`, `Serialize`, `Deserialize` and
/// [`StringEnum`] impls of a generated string enum, from a row per known
/// value (variant, wire value) and the catch-all variant that holds any
/// other text:
///
/// ```text
/// object::string_enum!(Protocol { Udp = "UDP", Tcp = "TCP" } Other);
/// ```
///
/// They behave as the derives the generator emitted before did
/// (`#[serde(rename = "UDP")]` per variant, `#[serde(untagged)]` on the
/// catch-all): a known value is written as a unit variant, the catch-all's
/// text as a string; a known value reads as its variant, as does the
/// externally tagged form `{"UDP": null}`, any other text as the catch-all,
/// and anything else fails with serde's message ("data did not match any
/// variant of untagged enum Protocol"). serde's derive buffers the input
/// and tries each form on the buffer; expanded per enum, that was about a
/// tenth of a crate with a few dozen enums (`docs/performance.md`, session
/// 27). Here one generic visitor reads the value once. `as_str` and
/// `fmt` are `#[inline]`, like the operations, so that they are compiled
/// only in the crates that call them. Paths are spelled
/// in full: `types.rs` may define a type named `Option` or `String`.
/// (A crate may have structs and no string enum: then it is unused.)
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? } $other:ident) => {
        impl $name {
            /// The value as sent on the wire.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)*
                    $name::$other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                object::serialize_string_enum(self, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                object::deserialize_string_enum(deserializer)
            }
        }

        impl object::StringEnum for $name {
            const NAME: &'static str = stringify!($name);
            const VALUES: &'static [&'static str] = &[$($value),*];

            fn known(value: &str) -> ::std::option::Option<Self> {
                match value {
                    $($value => ::std::option::Option::Some($name::$variant),)*
                    _ => ::std::option::Option::None,
                }
            }

            fn other(value: ::std::string::String) -> Self {
                $name::$other(value)
            }

            fn text(&self) -> (&str, bool) {
                (self.as_str(), matches!(self, $name::$other(_)))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// A generated string enum: known values, each a unit variant, and a
/// catch-all variant for any other text.
pub(crate) trait StringEnum: Sized {
    /// The enum's name, for messages.
    const NAME: &'static str;
    /// The known values, in the order of their variants.
    const VALUES: &'static [&'static str];

    /// The variant of known value `value`.
    fn known(value: &str) -> Option<Self>;

    /// The catch-all variant holding `value`.
    fn other(value: String) -> Self;

    /// The value's text, and whether it is the catch-all's.
    fn text(&self) -> (&str, bool);
}

/// `value` written to `serializer`: the body of a generated string enum's
/// `Serialize`. A known value is a unit variant (its index is its place in
/// [`StringEnum::VALUES`]), the catch-all's text a string, as the derive
/// wrote them.
pub(crate) fn serialize_string_enum<T: StringEnum, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let (text, other) = value.text();
    match T::VALUES.iter().position(|known| *known == text) {
        Some(index) if !other => serializer.serialize_unit_variant(T::NAME, index as u32, T::VALUES[index]),
        _ => serializer.serialize_str(text),
    }
}

/// A string enum decoded from `deserializer`: the body of a generated
/// string enum's `Deserialize`. The value is read whole (a list or map to
/// its end) before a mismatch is reported, and the message is made after
/// the deserializer returns, where the derive made it (so serde_json places
/// it as it placed the derive's).
pub(crate) fn deserialize_string_enum<'de, T: StringEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    match deserializer.deserialize_any(StringEnumVisitor(PhantomData))? {
        Some(value) => Ok(value),
        None => Err(de::Error::custom(format_args!(
            "data did not match any variant of untagged enum {}",
            T::NAME
        ))),
    }
}

/// Reads a string enum from any value: `Some` of a variant, or `None` when
/// the value is of no form the enum takes (the derive's fallthrough).
struct StringEnumVisitor<T>(PhantomData<T>);

impl<'de, T: StringEnum> Visitor<'de> for StringEnumVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "enum {}", T::NAME)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Option<T>, E> {
        Ok(Some(T::known(value).unwrap_or_else(|| T::other(value.to_owned()))))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Option<T>, E> {
        Ok(Some(T::known(&value).unwrap_or_else(|| T::other(value))))
    }

    // The derive tried a known value only on text; a char or UTF-8 bytes
    // went to the catch-all as they were.
    fn visit_char<E: de::Error>(self, value: char) -> Result<Option<T>, E> {
        Ok(Some(T::other(value.to_string())))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Option<T>, E> {
        Ok(std::str::from_utf8(value).ok().map(|text| T::other(text.to_owned())))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, value: D) -> Result<Option<T>, D::Error> {
        IgnoredAny::deserialize(value).map(|_| None)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, value: D) -> Result<Option<T>, D::Error> {
        IgnoredAny::deserialize(value).map(|_| None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    /// The externally tagged form: a map of exactly one known value to `null`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        let mut entries = 0;
        while let Some(key) = map.next_key::<Shape>()? {
            let value = map.next_value::<Shape>()?;
            entries += 1;
            if let (Shape::Text(key), Shape::Unit) = (key, value) {
                found = T::known(&key);
            }
        }
        Ok(if entries == 1 { found } else { None })
    }
}

/// What a key or value of a map read by [`StringEnumVisitor`] is, as far as
/// the externally tagged form cares; read whole, whatever it is.
enum Shape {
    Text(String),
    Unit,
    Other,
}

impl<'de> Deserialize<'de> for Shape {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ShapeVisitor)
    }
}

struct ShapeVisitor;

impl<'de> Visitor<'de> for ShapeVisitor {
    type Value = Shape;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any value")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Shape, E> {
        Ok(Shape::Text(value.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Unit)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_char<E: de::Error>(self, _: char) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Shape, E> {
        Ok(Shape::Other)
    }

    fn visit_some<D: Deserializer<'de>>(self, value: D) -> Result<Shape, D::Error> {
        IgnoredAny::deserialize(value).map(|_| Shape::Other)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, value: D) -> Result<Shape, D::Error> {
        IgnoredAny::deserialize(value).map(|_| Shape::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape, A::Error> {
        IgnoredAny.visit_seq(seq).map(|_| Shape::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Shape, A::Error> {
        IgnoredAny.visit_map(map).map(|_| Shape::Other)
    }
}
