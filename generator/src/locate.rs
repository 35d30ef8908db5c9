//! Line and column of a JSON path in the source text.
//!
//! Diagnostics name the place they are about with a JSON path
//! (`$.item[0].request.url`, `$.item[2]["my key"]`); people want a line and
//! column too. [`locate`] walks the JSON text along such a path without
//! building a document; [`locate_all`] answers many paths in one pass (a
//! collection with a thousand warnings is read once, not a thousand times); and
//! [`fill_locations`] sets [`Diagnostic::location`] for every diagnostic that
//! has none.
//!
//! Positions are 1-based; columns count bytes, as `serde_json`'s do, so both
//! kinds of location render the same way. An object member is located at its
//! key's opening quote, an array element and the root at the first byte of the
//! value. When a key repeats, the last occurrence is the one found (it is the
//! one a JSON parser keeps). A path that does not exist in the text, a path
//! that cannot be parsed and text that is not JSON give `None`, never a panic;
//! the walk is iterative, so deeply nested input cannot overflow the stack.
//!
//! ```
//! use postman_codegen::unstable::locate::locate;
//!
//! let source = "{\n  \"item\": [\n    {\"name\": \"a b\", \"request\": {\"url\": \"x\"}}\n  ]\n}";
//! assert_eq!(locate(source, "$.item"), Some((2, 3)));
//! assert_eq!(locate(source, "$.item[0]"), Some((3, 5)));
//! assert_eq!(locate(source, "$.item[0].request.url"), Some((3, 33)));
//! assert_eq!(locate(source, "$.item[0][\"name\"]"), Some((3, 6)));
//! assert_eq!(locate(source, "$.item[1]"), None);
//! ```

use crate::diagnostics::Diagnostic;

/// The 1-based line and byte column of the place `json_path` names in `source`.
///
/// See this module's documentation (`locate.rs`) for the path syntax and what is located.
pub fn locate(source: &str, json_path: &str) -> Option<(usize, usize)> {
    locate_all(source.as_bytes(), &[json_path]).pop().flatten()
}

/// [`locate`] for many paths at once: one result per path, in order, from a
/// single walk over `source` (which may start with a UTF-8 byte order mark; it
/// is skipped, as the collection reader skips it).
pub fn locate_all(source: &[u8], json_paths: &[&str]) -> Vec<Option<(usize, usize)>> {
    let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    let mut trie = Trie::default();
    for (index, path) in json_paths.iter().enumerate() {
        if let Some(segments) = parse_path(path) {
            trie.insert(&segments, index);
        }
    }
    let mut offsets = vec![None; json_paths.len()];
    if trie.nodes.first().is_some_and(|root| !root.is_empty()) {
        let mut walker = Walker {
            bytes: source,
            pos: 0,
            trie: &trie,
            offsets: &mut offsets,
        };
        walker.run();
    }
    positions(source, &offsets)
}

/// The 1-based line and byte column of each offset, from one pass over the
/// text up to the last one (not a table of every line start: a collection
/// has tens of thousands of lines, and few diagnostics).
fn positions(source: &[u8], offsets: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(index, offset)| offset.map(|offset| (offset, index)))
        .collect();
    order.sort_unstable();
    let mut found = vec![None; offsets.len()];
    // Lines before `scanned`, and where the last of them starts.
    let (mut scanned, mut line, mut line_start) = (0, 1, 0);
    for (offset, index) in order {
        let upto = offset.min(source.len());
        let between = &source[scanned.min(upto)..upto];
        line += count_newlines(between);
        if let Some(last) = between.iter().rposition(|&byte| byte == b'\n') {
            line_start = scanned + last + 1;
        }
        scanned = scanned.max(upto);
        found[index] = Some((line, offset - line_start + 1));
    }
    found
}

/// How many `\n` bytes `bytes` holds, counted eight at a time: in a word
/// XORed with `\n` in every byte, a byte is zero exactly where a `\n` was,
/// and adding 0x7F to its low seven bits sets its high bit unless it is zero.
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    const LOW_SEVEN: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const NEWLINES: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let mut words = bytes.chunks_exact(8);
    let mut count = 0;
    for word in words.by_ref() {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ NEWLINES;
        let zero_bytes = !(((x & LOW_SEVEN) + LOW_SEVEN) | x | LOW_SEVEN);
        count += zero_bytes.count_ones() as usize;
    }
    count
        + words
            .remainder()
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count()
}

/// Sets the location of every diagnostic in `diagnostics` that has none and
/// whose path exists in `source`. Diagnostics that already have a location
/// (a JSON syntax error's) keep it.
pub fn fill_locations<'a>(
    source: &[u8],
    diagnostics: impl IntoIterator<Item = &'a mut Diagnostic>,
) {
    let mut pending: Vec<&mut Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.location.is_none() && !d.path.is_empty())
        .collect();
    if pending.is_empty() {
        return;
    }
    let paths: Vec<&str> = pending.iter().map(|d| d.path.as_str()).collect();
    let found = locate_all(source, &paths);
    for (diagnostic, location) in pending.iter_mut().zip(found) {
        diagnostic.location = location;
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Parses `$`, `.key`, `[0]` and `["quoted key"]` (a JSON string, escapes
/// allowed) segments. `None` for anything else.
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let mut rest = path.trim().strip_prefix('$')?;
    let mut segments = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            segments.push(Segment::Key(after[..end].to_string()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            if after.starts_with('"') {
                let end = string_end(after.as_bytes(), 0)?;
                let key: String = serde_json::from_str(&after[..end]).ok()?;
                segments.push(Segment::Key(key));
                rest = after[end..].strip_prefix(']')?;
            } else {
                let end = after.find(']')?;
                segments.push(Segment::Index(after[..end].trim().parse().ok()?));
                rest = &after[end + 1..];
            }
        } else {
            return None;
        }
    }
    Some(segments)
}

/// The index just past the JSON string starting at `bytes[start]` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        // Strings are most of a collection's text, and most of their bytes
        // are neither a quote nor a backslash: eight at a time until one may be.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if may_hold_quote_or_backslash(word) {
                break;
            }
            i += 8;
        }
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// Whether one of the eight bytes of `word` may be `"` or `\\` (never false
/// when one is; true now and then when none is, which costs only a step
/// byte by byte).
fn may_hold_quote_or_backslash(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    has_zero_byte(word ^ (ONES * u64::from(b'"')))
        || has_zero_byte(word ^ (ONES * u64::from(b'\\')))
}

/// The wanted paths as a tree, so one walk serves them all.
#[derive(Debug)]
struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            nodes: vec![Node::default()],
        }
    }
}

#[derive(Debug, Default)]
struct Node {
    children: Vec<(Segment, usize)>,
    /// Indices of the paths that end here.
    targets: Vec<usize>,
}

impl Node {
    fn is_empty(&self) -> bool {
        self.children.is_empty() && self.targets.is_empty()
    }

    fn key_child(&self, key: &str) -> Option<usize> {
        self.children
            .iter()
            .find_map(|(segment, node)| match segment {
                Segment::Key(k) if k == key => Some(*node),
                _ => None,
            })
    }

    fn index_child(&self, index: usize) -> Option<usize> {
        self.children
            .iter()
            .find_map(|(segment, node)| match segment {
                Segment::Index(i) if *i == index => Some(*node),
                _ => None,
            })
    }

    fn has_key_children(&self) -> bool {
        self.children
            .iter()
            .any(|(segment, _)| matches!(segment, Segment::Key(_)))
    }

    fn has_index_children(&self) -> bool {
        self.children
            .iter()
            .any(|(segment, _)| matches!(segment, Segment::Index(_)))
    }
}

impl Trie {
    fn insert(&mut self, segments: &[Segment], target: usize) {
        let mut node = 0;
        for segment in segments {
            let existing = self.nodes[node]
                .children
                .iter()
                .find(|(s, _)| s == segment)
                .map(|(_, child)| *child);
            node = match existing {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[node].children.push((segment.clone(), child));
                    child
                }
            };
        }
        self.nodes[node].targets.push(target);
    }
}

/// A value being descended into: the trie node it matches and where we are in it.
#[derive(Debug)]
enum Frame {
    Object { node: usize },
    Array { node: usize, index: usize },
}

/// Walks the text along the trie. Values no wanted path goes through are
/// skipped without being decoded.
struct Walker<'a> {
    bytes: &'a [u8],
    pos: usize,
    trie: &'a Trie,
    offsets: &'a mut Vec<Option<usize>>,
}

impl Walker<'_> {
    fn run(&mut self) {
        self.skip_whitespace();
        let start = self.pos;
        // Malformed text just ends the walk; what was found so far stands.
        let _ = self.value(0, start);
    }

    /// Handles the value at `self.pos`, which matches trie node `node` and is
    /// marked at `mark`; afterwards `self.pos` is just past the value.
    fn value(&mut self, node: usize, mark: usize) -> Option<()> {
        let mut stack: Vec<Frame> = Vec::new();
        self.enter(node, mark, &mut stack)?;
        while let Some(frame) = stack.last_mut() {
            self.skip_whitespace();
            match frame {
                Frame::Object { node } => {
                    let node = *node;
                    match self.peek()? {
                        b'}' => {
                            self.pos += 1;
                            stack.pop();
                            continue;
                        }
                        b',' => {
                            self.pos += 1;
                            self.skip_whitespace();
                        }
                        _ => {}
                    }
                    if self.peek()? == b'}' {
                        continue;
                    }
                    let key_start = self.pos;
                    let key_end = self.string()?;
                    self.skip_whitespace();
                    self.expect(b':')?;
                    self.skip_whitespace();
                    let child = self.key_child(node, key_start, key_end);
                    match child {
                        Some(child) => self.enter(child, key_start, &mut stack)?,
                        None => self.skip_value()?,
                    }
                }
                Frame::Array { node, index } => {
                    let node = *node;
                    match self.peek()? {
                        b']' => {
                            self.pos += 1;
                            stack.pop();
                            continue;
                        }
                        b',' => {
                            self.pos += 1;
                            self.skip_whitespace();
                        }
                        _ => {}
                    }
                    if self.peek()? == b']' {
                        continue;
                    }
                    let current = *index;
                    *index += 1;
                    let child = self.trie.nodes[node].index_child(current);
                    match child {
                        Some(child) => {
                            let start = self.pos;
                            self.enter(child, start, &mut stack)?;
                        }
                        None => self.skip_value()?,
                    }
                }
            }
        }
        Some(())
    }

    /// Records `node`'s targets at `mark`, then either pushes a frame for the
    /// container at `self.pos` (when the node has children of its kind) or
    /// skips the value.
    fn enter(&mut self, node: usize, mark: usize, stack: &mut Vec<Frame>) -> Option<()> {
        let trie_node = &self.trie.nodes[node];
        let first = self.peek()?;
        for &target in &trie_node.targets {
            self.offsets[target] = Some(mark);
        }
        match first {
            b'{' if trie_node.has_key_children() => {
                self.pos += 1;
                stack.push(Frame::Object { node });
                Some(())
            }
            b'[' if trie_node.has_index_children() => {
                self.pos += 1;
                stack.push(Frame::Array { node, index: 0 });
                Some(())
            }
            _ => self.skip_value(),
        }
    }

    /// The child of `node` for the key whose JSON text is `start..end`.
    fn key_child(&self, node: usize, start: usize, end: usize) -> Option<usize> {
        let raw = &self.bytes[start + 1..end - 1];
        if raw.contains(&b'\\') {
            let text = std::str::from_utf8(&self.bytes[start..end]).ok()?;
            let key: String = serde_json::from_str(text).ok()?;
            self.trie.nodes[node].key_child(&key)
        } else {
            let key = std::str::from_utf8(raw).ok()?;
            self.trie.nodes[node].key_child(key)
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    fn skip_whitespace(&mut self) {
        // Indentation is much of a pretty-printed collection's text: eight
        // spaces at a time where there are eight.
        loop {
            if self.bytes.get(self.pos..self.pos + 8) == Some(b"        ".as_slice()) {
                self.pos += 8;
            } else if matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips the string at `self.pos`; returns the index just past it.
    fn string(&mut self) -> Option<usize> {
        if self.peek()? != b'"' {
            return None;
        }
        self.pos = string_end(self.bytes, self.pos)?;
        Some(self.pos)
    }

    /// Skips any value, nested ones included, without recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_whitespace();
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    let start = self.pos;
                    while self.peek().is_some_and(|b| {
                        !matches!(
                            b,
                            b' ' | b'\t'
                                | b'\r'
                                | b'\n'
                                | b','
                                | b':'
                                | b']'
                                | b'}'
                                | b'['
                                | b'{'
                                | b'"'
                        )
                    }) {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        return None;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Byte offset → 1-based line and column.
    #[derive(Debug)]
    struct LineIndex {
        starts: Vec<usize>,
    }

    impl LineIndex {
        fn new(bytes: &[u8]) -> Self {
            let mut starts = vec![0];
            starts.extend(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            LineIndex { starts }
        }

        fn position(&self, offset: usize) -> (usize, usize) {
            let line = self.starts.partition_point(|&start| start <= offset);
            let start = self.starts[line.saturating_sub(1)];
            (line.max(1), offset - start + 1)
        }
    }

    /// [`string_end`] byte by byte, as it was before it looked at eight
    /// bytes at a time.
    fn string_end_bytewise(bytes: &[u8], start: usize) -> Option<usize> {
        let mut i = start + 1;
        while let Some(&byte) = bytes.get(i) {
            match byte {
                b'"' => return Some(i + 1),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        None
    }

    proptest! {
        /// Positions from one pass up to each offset are those of a table
        /// of every line start; a string ends where a byte-by-byte scan
        /// says, whatever the quotes, backslashes and multi-byte text.
        #[test]
        fn positions_and_string_ends_are_those_of_the_plain_scans(
            text in "[a\"\\\\\n é\u{80}\u{ff}]{0,80}",
            picks in proptest::collection::vec(proptest::option::of(0usize..100), 0..6),
        ) {
            let bytes = text.as_bytes();
            let offsets: Vec<Option<usize>> = picks
                .iter()
                .map(|pick| pick.filter(|&offset| offset < bytes.len()))
                .collect();
            let lines = LineIndex::new(bytes);
            let expected: Vec<Option<(usize, usize)>> = offsets
                .iter()
                .map(|offset| offset.map(|offset| lines.position(offset)))
                .collect();
            prop_assert_eq!(positions(bytes, &offsets), expected);
            for start in 0..bytes.len() {
                prop_assert_eq!(string_end(bytes, start), string_end_bytewise(bytes, start));
            }
        }
    }

    const DOC: &str = r#"{
  "info": {"name": "Demo"},
  "item": [
    {
      "name": "first",
      "request": {"url": "https://a", "method": "GET"}
    },
    {
      "name": "second \"quoted\"",
      "item": [
        {"request": {"url": {"raw": "x"}}}
      ],
      "weird key": [1, [2, 3], {"deep": [4]}],
      "escaped\u0041": true
    }
  ]
}"#;

    #[test]
    fn paths_of_keys_indices_and_quoted_keys() {
        assert_eq!(locate(DOC, "$"), Some((1, 1)));
        assert_eq!(locate(DOC, "$.info"), Some((2, 3)));
        assert_eq!(locate(DOC, "$.info.name"), Some((2, 12)));
        assert_eq!(locate(DOC, "$.item[0]"), Some((4, 5)));
        assert_eq!(locate(DOC, "$.item[0].request.url"), Some((6, 19)));
        assert_eq!(
            locate(DOC, "$.item[1].item[0].request.url.raw"),
            Some((11, 30))
        );
        assert_eq!(locate(DOC, "$.item[1][\"weird key\"]"), Some((13, 7)));
        assert_eq!(
            locate(DOC, "$.item[1][\"weird key\"][2].deep[0]"),
            Some((13, 42))
        );
        assert_eq!(locate(DOC, "$.item[1].escapedA"), Some((14, 7)));
        assert_eq!(locate(DOC, "$.item[1][\"escaped\\u0041\"]"), Some((14, 7)));
    }

    /// Whitespace of every length between tokens (runs of spaces longer
    /// and shorter than the eight skipped at once, tabs, line breaks), and
    /// values of every kind skipped on the way: each member and element is
    /// found where the text was written.
    #[test]
    fn members_are_found_across_any_whitespace_and_skipped_values() {
        struct Writer {
            text: String,
            random: crate::test_random::Xorshift,
            /// Every path written, with the byte offset it must be found at.
            places: Vec<(String, usize)>,
        }
        impl Writer {
            fn space(&mut self) {
                for _ in 0..self.random.below(4) {
                    let run = self.random.below(20) as usize;
                    match self.random.below(4) {
                        0 => self.text.push('\n'),
                        1 => self.text.push('\t'),
                        2 => self.text.push_str("\r\n"),
                        _ => {}
                    }
                    self.text.push_str(&" ".repeat(run));
                }
            }
            /// A value at `path`, after whitespace unless it is an
            /// element (whose place is its own first byte).
            fn value(&mut self, path: &str, depth: u64, element: bool) {
                if !element {
                    self.space();
                }
                let kind = if depth >= 4 {
                    3 + self.random.below(4)
                } else {
                    self.random.below(7)
                };
                match kind {
                    0 | 1 => {
                        self.text.push('{');
                        for index in 0..self.random.below(4) {
                            if index > 0 {
                                self.space();
                                self.text.push(',');
                            }
                            self.space();
                            let key = format!("k{index}");
                            self.places.push((format!("{path}.{key}"), self.text.len()));
                            self.text.push_str(&format!("\"{key}\""));
                            self.space();
                            self.text.push(':');
                            self.value(&format!("{path}.{key}"), depth + 1, false);
                        }
                        self.space();
                        self.text.push('}');
                    }
                    2 => {
                        self.text.push('[');
                        for index in 0..self.random.below(4) {
                            if index > 0 {
                                self.space();
                                self.text.push(',');
                            }
                            self.space();
                            let element = format!("{path}[{index}]");
                            self.places.push((element.clone(), self.text.len()));
                            self.value(&element, depth + 1, true);
                        }
                        self.space();
                        self.text.push(']');
                    }
                    3 => self.text.push_str("\"a \\\" string {[,:\""),
                    4 => self.text.push_str("-12.5e3"),
                    5 => self.text.push_str("true"),
                    _ => self.text.push_str("null"),
                }
            }
        }
        for seed in 1..200u64 {
            let mut writer = Writer {
                text: String::new(),
                random: crate::test_random::Xorshift::new(seed * 0x9e37_79b9),
                places: Vec::new(),
            };
            writer.text.push('{');
            writer
                .places
                .push(("$.root".to_string(), writer.text.len() + 1));
            writer.text.push_str(" \"root\":");
            writer.value("$.root", 0, false);
            writer.space();
            writer.text.push('}');
            assert!(
                serde_json::from_str::<serde_json::Value>(&writer.text).is_ok(),
                "{}",
                writer.text
            );
            let index = LineIndex::new(writer.text.as_bytes());
            let paths: Vec<&str> = writer
                .places
                .iter()
                .map(|(path, _)| path.as_str())
                .collect();
            let found = locate_all(writer.text.as_bytes(), &paths);
            for ((path, offset), found) in writer.places.iter().zip(found) {
                assert_eq!(
                    found,
                    Some(index.position(*offset)),
                    "{path} in {:?}",
                    writer.text
                );
            }
        }
    }

    #[test]
    fn missing_paths_and_bad_input_give_none() {
        assert_eq!(locate(DOC, "$.item[2]"), None);
        assert_eq!(locate(DOC, "$.info.version"), None);
        assert_eq!(locate(DOC, "$.info.name.more"), None);
        assert_eq!(locate(DOC, "$.item.name"), None);
        assert_eq!(locate(DOC, ""), None);
        assert_eq!(locate(DOC, "item"), None);
        assert_eq!(locate(DOC, "$.item[x]"), None);
        assert_eq!(locate(DOC, "$..a"), None);
        assert_eq!(locate(DOC, "$[\"unterminated"), None);
        assert_eq!(locate("{\"a\": [1, 2", "$.a[5]"), None);
        assert_eq!(locate("{\"a\": [1, 2", "$.a[1]"), Some((1, 11)));
        assert_eq!(locate("", "$"), None);
        assert_eq!(locate("}", "$.a"), None);
        assert_eq!(locate("\"abc", "$.a"), None);
    }

    #[test]
    fn the_last_of_repeated_keys_wins() {
        assert_eq!(
            locate("{\"a\": 1, \"a\": {\"b\": 2}}", "$.a"),
            Some((1, 10))
        );
        assert_eq!(
            locate("{\"a\": 1, \"a\": {\"b\": 2}}", "$.a.b"),
            Some((1, 16))
        );
    }

    #[test]
    fn many_paths_in_one_walk_and_a_byte_order_mark() {
        let source = format!("\u{feff}{DOC}");
        let found = locate_all(
            source.as_bytes(),
            &[
                "$.item[0].name",
                "$.nope",
                "$.item[1].name",
                "$.item[0].name",
            ],
        );
        assert_eq!(found, [Some((5, 7)), None, Some((9, 7)), Some((5, 7))]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 200_000;
        let text = format!(
            "{{\"a\": {}1{}, \"b\": 2}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(locate(&text, "$.b"), Some((1, 400_010)));
        let wanted = format!("$.a{}", "[0]".repeat(depth));
        assert_eq!(locate(&text, &wanted), Some((1, 200_007)));
    }

    #[test]
    fn diagnostics_get_locations_once() {
        let mut diagnostics = vec![
            Diagnostic::warning("a", "$.item[0].request", "m"),
            Diagnostic::warning("b", "", "m"),
            Diagnostic::warning("c", "$.nowhere", "m"),
            Diagnostic {
                location: Some((9, 9)),
                ..Diagnostic::error("d", "$", "m")
            },
        ];
        fill_locations(DOC.as_bytes(), &mut diagnostics);
        let locations: Vec<_> = diagnostics.iter().map(|d| d.location).collect();
        assert_eq!(locations, [Some((6, 7)), None, None, Some((9, 9))]);
    }
}
