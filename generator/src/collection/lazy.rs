//! Reading a collection one item at a time, so that the whole document is
//! never a `serde_json::Value` tree at once.
//!
//! A parsed `Value` takes about four times the bytes of its JSON (every map
//! is an index plus a vector of keys and values), and it used to be the
//! memory peak of `generate` on large collections: the file's bytes and
//! their tree, both whole (docs/performance.md, "Session 26: memory"). Here
//! each object is parsed with its `item` member left as raw text
//! ([`RawValue`], a slice of the file): the members of a folder or request
//! become `Value`s, read into the model and dropped, and the children are
//! parsed the same way one after another. At any moment only one request's
//! `Value` is alive beside the bytes and the model built so far.
//!
//! This is only a faster road to the same [`Collection`]. Whenever the
//! document is not a plain v2 collection (no top-level `item` array: v1,
//! the `{"collection": ...}` wrapper, environments, other documents), or
//! anything fails to parse here, or it nests deep enough that the recursion
//! limit might matter, [`read`] returns `None` and the caller parses the
//! whole document as before, which gives every diagnostic (with its line
//! and column) exactly as it always did.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::model::{read_folder, read_item, Collection, Item};
use crate::diagnostics::JsonPath;
use crate::ir::FormatVersion;

/// Documents nesting at least this deep are read whole: serde_json refuses
/// 128 levels with a diagnostic of its own, which only the whole-document
/// parse reports at the right line and column.
const DEEP: usize = 100;

/// The collection, or `None` when the document must be read whole (see the
/// module docs); `check` is given the top-level object (its `item` an empty
/// array in place of the real one) and may refuse it as not a collection,
/// also with `None`.
pub(super) fn read(
    bytes: &[u8],
    check: impl FnOnce(&Value) -> Option<FormatVersion>,
) -> Option<Collection> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') || nests_deep(bytes) {
        return None;
    }
    let Shallow { fields, item } = serde_json::from_slice(bytes).ok()?;
    let item = item.filter(|raw| starts_with(raw, b'['))?;
    let mut doc = Value::Object(fields);
    if let Value::Object(object) = &mut doc {
        object.insert("item".to_string(), Value::Array(Vec::new()));
    }
    let format = check(&doc)?;
    let items = read_items(item, &JsonPath::root()).ok()?;
    Some(Collection::with_items(&doc, items, format))
}

/// The elements of a raw `item` array, each read as the whole-document
/// reader reads it (non-objects skipped, their indexes kept in the paths).
fn read_items(raw: &RawValue, parent: &JsonPath) -> Result<Vec<Item>, serde_json::Error> {
    let elements: Vec<&RawValue> = serde_json::from_str(raw.get())?;
    let items_path = parent.key("item");
    let mut items = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        if !starts_with(element, b'{') {
            // Not an item, but parsed anyway: the whole-document parse
            // would refuse it (a number out of range), so this one must too.
            serde_json::from_str::<Value>(element.get())?;
            continue;
        }
        let Shallow { mut fields, item } = serde_json::from_str(element.get())?;
        let path = items_path.index(index);
        match item {
            // An array is truthy (even empty): a folder.
            Some(raw) if starts_with(raw, b'[') => {
                let children = read_items(raw, &path)?;
                items.push(read_folder(&Value::Object(fields), children, path));
            }
            Some(raw) => {
                fields.insert("item".to_string(), serde_json::from_str(raw.get())?);
                items.push(read_item(&mut Value::Object(fields), path));
            }
            None => items.push(read_item(&mut Value::Object(fields), path)),
        }
    }
    Ok(items)
}

fn starts_with(raw: &RawValue, byte: u8) -> bool {
    raw.get().as_bytes().first() == Some(&byte)
}

/// Whether the JSON text nests arrays and objects [`DEEP`] levels or more.
fn nests_deep(bytes: &[u8]) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &byte in bytes {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth >= DEEP {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// A JSON object with every member parsed except `item`, kept as raw text.
/// Members repeat as in `serde_json::Value`: the last one wins.
struct Shallow<'a> {
    fields: Map<String, Value>,
    item: Option<&'a RawValue>,
}

impl<'de> de::Deserialize<'de> for Shallow<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ShallowVisitor)
    }
}

struct ShallowVisitor;

impl<'de> Visitor<'de> for ShallowVisitor {
    type Value = Shallow<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Map::new();
        let mut item = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "item" {
                item = Some(map.next_value::<&RawValue>()?);
            } else {
                let value: Value = map.next_value()?;
                fields.insert(key, value);
            }
        }
        Ok(Shallow { fields, item })
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
        let mut deep = br#"{"info": {}, "item": [{"name": "deep", "request": {"body": "#.to_vec();
        deep.extend(std::iter::repeat_n(b'[', DEEP));
        deep.extend(std::iter::repeat_n(b']', DEEP));
        deep.extend(b"}}]}");
        assert!(
            lazy(&deep).is_none(),
            "deep documents keep serde_json's own limit"
        );
        // A `[` or `{` inside a string does not nest.
        let mut quoted = br#"{"info": {}, "item": [{"name": ""#.to_vec();
        quoted.extend(std::iter::repeat_n(b'[', DEEP));
        quoted.extend(br#"\"", "request": "https://a.test"}]}"#);
        assert_eq!(lazy(&quoted), Some(whole(&quoted)));
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
