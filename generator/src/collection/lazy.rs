//! Reading a collection into the model while it is parsed, so that the
//! whole document is never a `serde_json::Value` tree at once.
//!
//! A parsed `Value` takes about four times the bytes of its JSON (every map
//! is an index plus a vector of keys and values), and it was the memory peak
//! of loading a large collection: the file's bytes and their tree, both
//! whole (docs/performance.md, "Session 26: memory"). Here the document is
//! parsed in one pass with a visitor of its own: every object of the item
//! tree (the root, each folder, each request) has its members parsed into
//! `Value`s as usual, except `item`, whose elements are read into the model
//! one after another as the parser reaches them. When an element ends, its
//! members are read into an [`Item`] and dropped, so at any moment only one
//! request's `Value`s are alive beside the bytes and the model built so far.
//!
//! This is only a cheaper road to the same [`Collection`]. Whenever the
//! document is not a plain v2 collection (no top-level `item` array: v1,
//! the `{"collection": ...}` wrapper, environments, other documents) or
//! anything fails to parse (invalid JSON, a number out of range, nesting
//! past serde_json's limit, which this parse counts exactly as a `Value`
//! parse does), [`read`] returns `None` and the caller parses the whole
//! document as before, which gives every diagnostic with its line and
//! column exactly as it always did.

use std::fmt;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;
use serde_json::{Map, Number, Value};

use super::model::{read_folder, read_item, Collection, Item};
use crate::diagnostics::JsonPath;
use crate::ir::FormatVersion;

/// The collection, or `None` when the document must be read whole (see the
/// module docs). `check` is given the top-level object (its `item` an empty
/// array in place of the real one) and says its format, or `None` when it
/// is not a collection (the whole-document road then says what it is).
pub(super) fn read(
    bytes: &[u8],
    check: impl FnOnce(&Value) -> Option<FormatVersion>,
) -> Option<Collection> {
    let root = read_root(bytes)?;
    let Some(Items::Read(items)) = root.items else {
        return None;
    };
    collection(root.fields, items, check)
}

/// The top-level object of `bytes`, its `item` array (if any) read into the
/// model; `None` when `bytes` is not one JSON object or fails to parse.
pub(super) fn read_root(bytes: &[u8]) -> Option<Object> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let root = deserializer
        .deserialize_map(ObjectVisitor {
            path: JsonPath::root(),
        })
        .ok()?;
    deserializer.end().ok()?;
    Some(root)
}

/// One element of an `item` array, `bytes` being exactly its JSON text
/// (whitespace around it allowed): `Some(None)` for an element that is not
/// an object (skipped, as in the array), `None` when it fails to parse.
pub(super) fn read_element(bytes: &[u8], path: JsonPath) -> Option<Option<Item>> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let item = ElementSeed { path }.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(item)
}

/// The collection of a top-level object's members but `item` and its items,
/// when `check` says it is one.
pub(super) fn collection(
    fields: Map<String, Value>,
    items: Vec<Item>,
    check: impl FnOnce(&Value) -> Option<FormatVersion>,
) -> Option<Collection> {
    let mut doc = Value::Object(fields);
    if let Value::Object(object) = &mut doc {
        object.insert("item".to_string(), Value::Array(Vec::new()));
    }
    let format = check(&doc)?;
    Some(Collection::with_items(&doc, items, format))
}

/// An object of the item tree: its members but `item`, and what `item` held.
pub(super) struct Object {
    pub(super) fields: Map<String, Value>,
    pub(super) items: Option<Items>,
}

/// An `item` member: an array, read into the model, or anything else.
pub(super) enum Items {
    Read(Vec<Item>),
    Other(Value),
}

/// Reads an object of the item tree at `path`. Members repeat as in
/// `serde_json::Value`: the last one wins.
struct ObjectVisitor {
    path: JsonPath,
}

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Object;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
        let mut fields = Map::new();
        let mut items = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "item" {
                items = Some(map.next_value_seed(ItemsSeed {
                    path: self.path.key("item"),
                })?);
            } else {
                let value: Value = map.next_value()?;
                fields.insert(key, value);
            }
        }
        Ok(Object { fields, items })
    }
}

/// An `item` member at `path`: each element of an array read into the model
/// as the parser reaches it; any other value kept as a `Value`.
struct ItemsSeed {
    path: JsonPath,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed {
    type Value = Items;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Items, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed {
    type Value = Items;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Items, A::Error> {
        let mut items = Vec::new();
        let mut index = 0;
        // Elements that are not objects are skipped, as the whole-document
        // reader skips them, but keep their place in the paths.
        while let Some(item) = seq.next_element_seed(ElementSeed {
            path: self.path.index(index),
        })? {
            items.extend(item);
            index += 1;
        }
        Ok(Items::Read(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Items, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(Items::Other)
    }

    fn visit_unit<E>(self) -> Result<Items, E> {
        Ok(Items::Other(Value::Null))
    }

    fn visit_bool<E>(self, value: bool) -> Result<Items, E> {
        Ok(Items::Other(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Items, E> {
        Ok(Items::Other(Value::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Items, E> {
        Ok(Items::Other(Value::Number(value.into())))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Items, E> {
        // As serde_json's own `Value` visitor does.
        Ok(Items::Other(
            Number::from_f64(value).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, value: &str) -> Result<Items, E> {
        Ok(Items::Other(Value::String(value.to_string())))
    }

    fn visit_string<E>(self, value: String) -> Result<Items, E> {
        Ok(Items::Other(Value::String(value)))
    }
}

/// One element of an `item` array at `path`: an object becomes an [`Item`]
/// (a folder when its `item` is an array, which is always truthy); anything
/// else is parsed (so that what the whole-document parse refuses, this one
/// refuses too) and skipped.
struct ElementSeed {
    path: JsonPath,
}

impl<'de> DeserializeSeed<'de> for ElementSeed {
    type Value = Option<Item>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<Item>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed {
    type Value = Option<Item>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<Item>, A::Error> {
        let Object { mut fields, items } = ObjectVisitor {
            path: self.path.clone(),
        }
        .visit_map(map)?;
        let item = match items {
            Some(Items::Read(children)) => read_folder(&Value::Object(fields), children, self.path),
            Some(Items::Other(value)) => {
                fields.insert("item".to_string(), value);
                read_item(&mut Value::Object(fields), self.path)
            }
            None => read_item(&mut Value::Object(fields), self.path),
        };
        Ok(Some(item))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<Item>, A::Error> {
        Value::deserialize(SeqAccessDeserializer::new(seq)).map(|_| None)
    }

    fn visit_unit<E>(self) -> Result<Option<Item>, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<Item>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<Item>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<Item>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<Item>, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Option<Item>, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The collection as the whole-document reader makes it.
    fn whole(bytes: &[u8]) -> Collection {
        let mut doc: Value = serde_json::from_slice(bytes).unwrap();
        let format = super::super::load::format_of(&doc);
        Collection::read(&mut doc, format)
    }

    fn lazy(bytes: &[u8]) -> Option<Collection> {
        read(bytes, |doc| Some(super::super::load::format_of(doc)))
    }

    #[test]
    fn reads_what_the_whole_document_reader_reads() {
        let doc = br#"{
          "info": {"name": "C", "schema": "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},
          "name": "ignored", "name": "twice",
          "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{t}}"}]},
          "variable": [{"key": "base", "value": "https://a.test"}],
          "event": [{"listen": "prerequest", "script": {"exec": ["x"]}}],
          "protocolProfileBehavior": {"followRedirects": false},
          "item": [
            1, "text", null, [],
            {"name": "empty folder", "item": []},
            {"name": "falsy item is a request", "item": "", "request": "https://a.test/x"},
            {"name": "object item is a folder", "item": {"a": 1}},
            {"name": "null item", "item": null, "request": {"method": "POST", "url": "{{base}}/p"}},
            {"name": "nested", "id": 7, "description": {"content": "d"},
             "auth": {"type": "noauth"},
             "item": [
               {"name": "deeper", "item": [
                 {"name": "leaf", "request": {"url": {"raw": "{{base}}/l?q=1"}, "header": "A: 1\nB: 2"},
                  "response": [{"name": "ok", "code": 200, "body": "{\"id\": 1}"}, 3]}
               ]},
               {"name": "sibling", "request": "https://a.test/s", "item": [{"name": "shadowed"}], "item": false}
             ]}
          ],
          "item": [
            1, "text", null, [],
            {"name": "empty folder", "item": []},
            {"name": "falsy item is a request", "item": "", "request": "https://a.test/x"},
            {"name": "object item is a folder", "item": {"a": 1}},
            {"name": "null item", "item": null, "request": {"method": "POST", "url": "{{base}}/p"}},
            {"name": "nested", "id": 7, "description": {"content": "d"},
             "auth": {"type": "noauth"},
             "item": [
               {"name": "deeper", "item": [
                 {"name": "leaf", "request": {"url": {"raw": "{{base}}/l?q=1"}, "header": "A: 1\nB: 2"},
                  "response": [{"name": "ok", "code": 200, "body": "{\"id\": 1}"}, 3]}
               ]},
               {"name": "sibling", "request": "https://a.test/s", "item": [{"name": "shadowed"}], "item": false}
             ]}
          ]
        }"#;
        let read = lazy(doc).expect("a plain v2 collection is read item by item");
        assert_eq!(read, whole(doc));
        // The paths of diagnostics count the skipped non-objects too.
        assert_eq!(read.items.len(), 5);
        let Item::Folder(nested) = &read.items[4] else {
            panic!("{:?}", read.items[4]);
        };
        assert_eq!(nested.path.to_string(), "$.item[8]");
        let Item::Request(sibling) = &nested.items[1] else {
            panic!("the last `item` (false) wins: {:?}", nested.items[1]);
        };
        assert_eq!(sibling.path.to_string(), "$.item[8].item[1]");
    }

    #[test]
    fn other_documents_and_every_parse_failure_go_the_whole_way() {
        let cases: &[&[u8]] = &[
            br#"[]"#,
            br#"{"info": {}}"#,
            br#"{"info": {}, "item": {}}"#,
            br#"{"collection": {"info": {}, "item": []}}"#,
            br#"{"name": "v1", "order": [], "requests": [{}]}"#,
            br#"{"info": {}, "item": [] "#,
            br#"{"info": {}, "item": []} trailing"#,
            // Numbers out of range fail the whole-document parse; read here
            // they must fail too, even in an element that is not an item.
            br#"{"info": {}, "item": [1e400]}"#,
            br#"{"info": {}, "item": [{"name": "x", "request": {"url": 1e400}}]}"#,
            br#"{"info": {}, "item": [{"name": "x", "item": [{"n": 1e400}]}]}"#,
            b"{\"info\": {}, \"item\": [{\"name\": \"\xFF\"}]}",
        ];
        for case in cases {
            assert!(lazy(case).is_none(), "{}", String::from_utf8_lossy(case));
        }
        // serde_json refuses 128 levels; the levels count the same here, so
        // the limit stays where the whole-document parse (and its
        // diagnostic) puts it: 123 brackets inside the 5 levels of
        // `{ "item": [ { "request": { "body":` pass, 124 do not.
        let nested = |levels: usize| {
            let mut doc =
                br#"{"info": {}, "item": [{"name": "deep", "request": {"body": "#.to_vec();
            doc.extend(std::iter::repeat_n(b'[', levels));
            doc.extend(std::iter::repeat_n(b']', levels));
            doc.extend(b"}}]}");
            doc
        };
        assert!(serde_json::from_slice::<Value>(&nested(123)).is_ok());
        assert_eq!(lazy(&nested(123)), Some(whole(&nested(123))));
        assert!(serde_json::from_slice::<Value>(&nested(124)).is_err());
        assert!(lazy(&nested(124)).is_none());
        // Nesting by folders counts the same.
        let folders = |depth: usize| {
            let mut doc = br#"{"info": {}, "item": "#.to_vec();
            doc.extend(
                std::iter::repeat_n(br#"[{"name": "f", "item": "#.as_slice(), depth).flatten(),
            );
            doc.extend(b"[]");
            doc.extend(std::iter::repeat_n(b"}]".as_slice(), depth).flatten());
            doc.extend(b"}");
            doc
        };
        let deepest = (1..100)
            .take_while(|&depth| serde_json::from_slice::<Value>(&folders(depth)).is_ok())
            .last()
            .unwrap();
        assert!(deepest > 50, "{deepest}");
        assert_eq!(lazy(&folders(deepest)), Some(whole(&folders(deepest))));
        assert!(lazy(&folders(deepest + 1)).is_none());
    }

    #[test]
    fn every_corpus_collection_reads_the_same_either_way() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/files");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("notice: {} is absent; corpus check skipped", dir.display());
            return;
        };
        let mut read = 0;
        for path in entries.map(|entry| entry.unwrap().path()) {
            let bytes = std::fs::read(&path).unwrap();
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            if let Some(collection) = lazy(bytes) {
                assert!(collection == whole(bytes), "{}", path.display());
                read += 1;
            }
        }
        assert!(
            read > 50,
            "only {read} corpus collections took the item-by-item road"
        );
    }
}
