//! Loading a collection on every core: the top-level `item` array's
//! elements found by a structural scan of the bytes, each read into the
//! model on the rayon pool while the scan goes on, and put back in order.
//!
//! Reading an item is parsing its JSON into `serde_json::Value`s and reading
//! those into the model ([`super::lazy`]); on a large collection that was a
//! quarter of the main thread's instructions before the pool had anything
//! else to do (Stripe: 133 M, docs/performance.md, "Session 29: the serial
//! path"). The scan is one pass over the bytes that only tells strings from
//! structure and counts brackets; the elements are then independent texts.
//!
//! This is a third road to the same [`Collection`], taken only when it
//! cannot differ from [`super::lazy`]'s: the elements' text and the rest of
//! the document (the `item` array's text replaced by `[]`) must each parse
//! whole. Since the document is then the rest with the elements put back
//! between commas, it is valid JSON, on which the scan finds exactly the
//! elements a parser finds. Each element is read by the same code as in
//! [`super::lazy`], with the same path; what it keeps alive is one
//! request's `Value`s per thread, not more. Whenever the scan finds
//! anything else (no top-level `item` array, a second `item` member, a
//! top-level key with an escape in it, fewer than two elements, nesting
//! deeper than [`MAX_DEPTH`])
//! or a part fails to parse, [`read`] returns `None` and the caller takes
//! the one-thread road, which counts serde_json's recursion limit exactly
//! and falls back to the whole document for every diagnostic.

use std::ops::Range;
use std::sync::mpsc;

use serde_json::Value;

use super::lazy::{self, Items};
use super::model::{Collection, Item};
use crate::diagnostics::JsonPath;
use crate::ir::FormatVersion;

/// The deepest nesting (the top-level object is level 1) read here.
/// serde_json refuses a document at 128 levels; an element parsed on its
/// own starts two levels higher up, so it would refuse it two levels later.
/// Documents this deep are left to [`super::lazy`], which counts as the
/// whole-document parse does; none of the corpus comes near.
const MAX_DEPTH: usize = 100;

/// Documents with fewer top-level elements gain nothing from the pool.
const MIN_ELEMENTS: usize = 2;

/// The collection, or `None` when the document must be read another way
/// (see the module docs). `check` is as in [`super::lazy::read`].
pub(super) fn read(
    bytes: &[u8],
    check: impl FnOnce(&Value) -> Option<FormatVersion>,
) -> Option<Collection> {
    // Each element is read on the pool as soon as the scan has found it and
    // one more (so that a document of one element, which the other road
    // reads, is not read twice), while the scan goes on; then the rest.
    let items_path = JsonPath::root().key("item");
    let (sender, receiver) = mpsc::channel();
    let (layout, root) = rayon::scope(|scope| {
        let read = |index: usize, range: Range<usize>| {
            let sender = sender.clone();
            let path = items_path.index(index);
            scope.spawn(move |_| {
                // The receiver outlives the scope.
                let _ = sender.send((index, lazy::read_element(&bytes[range], path)));
            });
        };
        let mut first = None;
        let layout = scan_with(bytes, |index, range| match index {
            0 => first = Some(range),
            1 => {
                read(0, first.take().unwrap_or_default());
                read(1, range);
            }
            _ => read(index, range),
        })?;
        if layout.depth > MAX_DEPTH || layout.elements.len() < MIN_ELEMENTS {
            return None;
        }
        let rest = [
            &bytes[..layout.array.start],
            b"[]",
            &bytes[layout.array.end..],
        ]
        .concat();
        Some((layout, lazy::read_root(&rest)))
    })?;
    drop(sender);
    let mut items: Vec<Option<Option<Item>>> = Vec::new();
    items.resize_with(layout.elements.len(), || None);
    for (index, item) in receiver {
        *items.get_mut(index)? = Some(item?);
    }
    let root = root?;
    // The scan saw one `item` member, an array: the rest has it empty.
    let Some(Items::Read(empty)) = root.items else {
        return None;
    };
    if !empty.is_empty() {
        return None;
    }
    // Every element was read (a slot left empty would be a scan that found
    // elements past its end), in order.
    let items = items.into_iter().collect::<Option<Vec<_>>>()?;
    lazy::collection(root.fields, items.into_iter().flatten().collect(), check)
}

/// Where the top-level `item` array and its elements are.
#[derive(Debug, PartialEq)]
struct Layout {
    /// The array's text, brackets included.
    array: Range<usize>,
    /// Each element's text between the commas, whitespace included.
    elements: Vec<Range<usize>>,
    /// The deepest nesting anywhere in the document.
    depth: usize,
}

/// The layout of `bytes`, if it is a JSON object whose one `item` member is
/// an array. Correct for valid JSON; on anything else it may say anything,
/// which [`read`] finds out by parsing the parts.
#[cfg(test)]
fn scan(bytes: &[u8]) -> Option<Layout> {
    scan_with(bytes, |_, _| {})
}

/// [`scan`], telling `found` of each element (its index and text) as soon
/// as its end is found.
fn scan_with(bytes: &[u8], mut found: impl FnMut(usize, Range<usize>)) -> Option<Layout> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    // The last string closed at level 1: a key when a `:` follows it.
    let mut last_string = 0..0;
    let mut array: Option<usize> = None;
    let mut in_array = false;
    let mut seen_item = false;
    let mut element_start = 0;
    let mut elements = Vec::new();
    let mut end = None;
    let mut at = 0;
    loop {
        at = skip_blank(bytes, at);
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        match byte {
            b'"' => {
                let close = string_end(bytes, at + 1)?;
                if depth == 1 {
                    last_string = at + 1..close;
                }
                at = close + 1;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if in_array && depth == 1 {
                    in_array = false;
                    end = Some(at + 1);
                    let interior = &bytes[element_start..at];
                    if !(elements.is_empty() && interior.iter().all(is_json_whitespace)) {
                        found(elements.len(), element_start..at);
                        elements.push(element_start..at);
                    }
                }
            }
            b',' if in_array && depth == 2 => {
                found(elements.len(), element_start..at);
                elements.push(element_start..at);
                element_start = at + 1;
            }
            b':' if depth == 1 => {
                let key = &bytes[last_string.clone()];
                if key.contains(&b'\\') {
                    return None;
                }
                if key == b"item" {
                    if seen_item {
                        return None;
                    }
                    seen_item = true;
                    let open = at
                        + 1
                        + bytes[at + 1..]
                            .iter()
                            .position(|byte| !is_json_whitespace(byte))?;
                    if bytes[open] != b'[' {
                        return None;
                    }
                    array = Some(open);
                    in_array = true;
                    element_start = open + 1;
                    depth += 1;
                    deepest = deepest.max(depth);
                    at = open + 1;
                    continue;
                }
            }
            _ => {}
        }
        at += 1;
    }
    if depth != 0 || in_array {
        return None;
    }
    Some(Layout {
        array: array?..end?,
        elements,
        depth: deepest,
    })
}

/// JSON's whitespace (not the form feed `u8::is_ascii_whitespace` allows).
fn is_json_whitespace(byte: &u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

// Half of a collection's bytes are in strings and most of the rest is
// indentation, so both are passed over eight bytes at a time: a word per
// step, the first byte of interest found by the usual carry tricks (a
// carry only runs from a byte that is itself found towards later bytes, so
// the first one found is always right).

/// One in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes at `at` as a little-endian word, if there are eight.
fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(eight.try_into().ok()?))
}

/// The high bit set in the first zero byte of `word` (and maybe later ones).
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

/// The first byte at or after `at` above `b' '`: whitespace (and control
/// bytes, which the parse then refuses) is passed over.
fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = word(bytes, at) {
        // 0x5F added to a byte up to 0x7F sets its high bit when it is
        // above 0x20; bytes from 0x80 have it already.
        let found = (word.wrapping_add(ONES * 0x5F) | word) & HIGHS;
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while bytes.get(at).is_some_and(|&byte| byte <= b' ') {
        at += 1;
    }
    at
}

/// The index of the `"` that closes the string whose text starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        while let Some(word) = word(bytes, at) {
            let found = zero_bytes(word ^ (ONES * u64::from(b'"')))
                | zero_bytes(word ^ (ONES * u64::from(b'\\')));
            if found != 0 {
                at += found.trailing_zeros() as usize / 8;
                break;
            }
            at += 8;
        }
        match bytes.get(at)? {
            b'"' => return Some(at),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn format(doc: &Value) -> Option<FormatVersion> {
        Some(super::super::load::format_of(doc))
    }

    fn split(bytes: &[u8]) -> Option<Collection> {
        read(bytes, format)
    }

    fn one_thread(bytes: &[u8]) -> Option<Collection> {
        lazy::read(bytes, format)
    }

    /// The texts of the elements the scan finds.
    fn elements(bytes: &[u8]) -> Option<Vec<&str>> {
        let layout = scan(bytes)?;
        let text = |range: &Range<usize>| std::str::from_utf8(&bytes[range.clone()]).unwrap();
        Some(layout.elements.iter().map(text).collect())
    }

    #[test]
    fn the_scan_finds_the_elements_a_parser_finds() {
        let doc = br#" { "info": {"item": [1, 2], "name": "it,em]"},
            "a": "\"item", "items": [4],
            "item" : [ {"name": "a,]}\\", "item": [{"x": [1, {"y": "]"}]}]} ,
              "s\"t,r" , [1, [2]], null,{} ] ,
            "after": {"item": []} } "#;
        assert_eq!(
            elements(doc).unwrap(),
            [
                r#" {"name": "a,]}\\", "item": [{"x": [1, {"y": "]"}]}]} "#,
                "\n              \"s\\\"t,r\" ",
                " [1, [2]]",
                " null",
                "{} ",
            ]
        );
        let parsed: Value = serde_json::from_slice(doc).unwrap();
        assert_eq!(parsed["item"].as_array().unwrap().len(), 5);
        assert_eq!(scan(doc).unwrap().depth, 7);
        assert_eq!(elements(br#"{"item": [ ]}"#).unwrap(), Vec::<&str>::new());
        assert_eq!(elements(br#"{"item":[{}]}"#).unwrap(), ["{}"]);
    }

    #[test]
    fn bytes_passed_by_words_are_those_passed_one_by_one() {
        fn blank_one_by_one(bytes: &[u8], from: usize) -> usize {
            from + bytes[from..]
                .iter()
                .take_while(|&&byte| byte <= b' ')
                .count()
        }
        fn string_end_one_by_one(bytes: &[u8], from: usize) -> Option<usize> {
            let mut at = from;
            loop {
                match bytes.get(at)? {
                    b'"' => return Some(at),
                    b'\\' => at += 2,
                    _ => at += 1,
                }
            }
        }
        // Every byte value, with the ones that matter (and their neighbours)
        // often, at every offset of texts up to 40 bytes.
        let common = [
            b' ', b'\n', b'\t', b'"', b'\\', b'!', 0x1F, 0x21, 0x5B, 0x7F, 0x80, 0xFF,
        ];
        let mut random = crate::test_random::Xorshift::new(29);
        for _ in 0..20_000 {
            let length = random.below(41) as usize;
            let text: Vec<u8> = (0..length)
                .map(|_| match random.below(3) {
                    0 => random.below(256) as u8,
                    1 => common[random.below(common.len() as u64) as usize],
                    _ => b' ',
                })
                .collect();
            for from in 0..=length {
                assert_eq!(
                    skip_blank(&text, from),
                    blank_one_by_one(&text, from),
                    "{text:?} {from}"
                );
                assert_eq!(
                    string_end(&text, from),
                    string_end_one_by_one(&text, from),
                    "{text:?} {from}"
                );
            }
        }
    }

    #[test]
    fn reads_what_the_one_thread_reader_reads() {
        let doc = br#"{
          "info": {"name": "C", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
          "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{t}}"}]},
          "item": [
            1, "text", null, [],
            {"name": "empty folder", "item": []},
            {"name": "falsy item is a request", "item": "", "request": "https://a.test/x"},
            {"name": "object item is a folder", "item": {"a": 1}},
            {"name": "nested", "id": 7, "auth": {"type": "noauth"},
             "item": [
               {"name": "leaf", "request": {"url": {"raw": "{{base}}/l?q=1"}, "header": "A: 1\nB: 2"},
                "response": [{"name": "ok", "code": 200, "body": "{\"id\": 1}"}, 3]},
               {"name": "sibling", "request": "https://a.test/s", "item": [{"name": "shadowed"}], "item": false}
             ]}
          ],
          "variable": [{"key": "base", "value": "https://a.test"}],
          "name": "ignored", "name": "twice"
        }"#;
        let read = split(doc).expect("a plain v2 collection is read on the pool");
        assert_eq!(Some(&read), one_thread(doc).as_ref());
        let Item::Folder(nested) = &read.items[3] else {
            panic!("{:?}", read.items[3]);
        };
        assert_eq!(nested.path.to_string(), "$.item[7]");
        let Item::Request(sibling) = &nested.items[1] else {
            panic!("the last `item` (false) wins: {:?}", nested.items[1]);
        };
        assert_eq!(sibling.path.to_string(), "$.item[7].item[1]");
    }

    #[test]
    fn elements_read_while_the_scan_goes_on_keep_their_order_on_any_number_of_threads() {
        // Elements of very different sizes, so that later ones are done
        // before earlier ones.
        let element = |index: usize| {
            let requests: Vec<String> = (0..(index * 7) % 23)
                .map(|n| {
                    format!(
                        r#"{{"name": "r{index}.{n}", "request": "https://a.test/{index}/{n}"}}"#
                    )
                })
                .collect();
            match index % 3 {
                0 => format!(
                    r#"{{"name": "f{index}", "item": [{}]}}"#,
                    requests.join(", ")
                ),
                1 => format!(r#"{{"name": "r{index}", "request": "https://a.test/{index}"}}"#),
                _ => "null".to_string(),
            }
        };
        let elements: Vec<String> = (0..60).map(element).collect();
        let doc = format!(r#"{{"info": {{}}, "item": [{}]}}"#, elements.join(",\n"));
        let expected = one_thread(doc.as_bytes()).unwrap();
        assert_eq!(expected.items.len(), 40);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let read = pool.install(|| split(doc.as_bytes()));
            assert!(read.as_ref() == Some(&expected), "{threads} threads");
        }
    }

    #[test]
    fn anything_else_and_every_parse_failure_take_another_road() {
        let item = r#"{"name": "x", "request": "https://a.test"}"#;
        let cases = [
            // Not this road's shape: the one-thread road reads these.
            format!(r#"{{"info": {{}}, "item": [{item}], "item": [{item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "\u0069tem": [{item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": {{"a": [{item}, {item}]}}}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}]}}"#),
            format!(r#"{{"collection": {{"info": {{}}, "item": [{item}, {item}]}}}}"#),
            format!(r#"[{{"info": {{}}, "item": [{item}, {item}]}}]"#),
            // Invalid JSON, in the elements or around them.
            format!(r#"{{"info": {{}}, "item": [{item},, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}, {item},]}}"#),
            format!(r#"{{"info": {{}}, "item": [, {item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": [{item} {item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}, {item}]}} trailing"#),
            format!(r#"{{"info": {{}} "item": [{item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}, {item}]"#),
            format!(r#"{{"info": {{}}, "item": [{item}, {item}}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}, {{"n": 1e400}}]}}"#),
            format!(r#"{{"info": {{"n": 1e400}}, "item": [{item}, {item}]}}"#),
            format!(r#"{{"info": {{}}, "item": [{item}, "open]}}"#),
        ];
        for case in &cases {
            assert!(split(case.as_bytes()).is_none(), "{case}");
        }
        let not_utf8 = [
            br#"{"info": {}, "item": [{}, {"name": ""#.as_slice(),
            b"\xFF",
            br#""}]}"#,
        ]
        .concat();
        assert!(split(&not_utf8).is_none());
    }

    #[test]
    fn deep_documents_are_left_to_the_one_thread_road() {
        let nested = |levels: usize| {
            let mut doc =
                br#"{"info": {}, "item": [{}, {"name": "deep", "request": {"body": "#.to_vec();
            doc.extend(std::iter::repeat_n(b'[', levels));
            doc.extend(std::iter::repeat_n(b']', levels));
            doc.extend(b"}}]}");
            doc
        };
        // Four levels above the brackets.
        assert_eq!(scan(&nested(MAX_DEPTH - 4)).unwrap().depth, MAX_DEPTH);
        assert!(split(&nested(MAX_DEPTH - 4)).is_some());
        assert!(split(&nested(MAX_DEPTH - 3)).is_none());
        // What serde_json refuses whole is never read here, even though
        // the element alone parses.
        let refused = nested(124);
        assert!(serde_json::from_slice::<Value>(&refused).is_err());
        assert!(split(&refused).is_none());
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
            if let Some(collection) = split(bytes) {
                assert!(Some(collection) == one_thread(bytes), "{}", path.display());
                read += 1;
            }
        }
        assert!(
            read > 40,
            "only {read} corpus collections took the pool road"
        );
    }
}
