//! Showing a diagnostic: for people ([`render_diagnostic`], with an excerpt
//! of the file and a marker under the column) and for tools
//! ([`diagnostic_json`], one JSON object per diagnostic). A generation run
//! keeps only the lines its excerpts show ([`excerpt_lines_only`]).

use std::fmt::Write;

use serde_json::{json, Value};

use super::Diagnostic;

/// Lines shown before the marked line.
const CONTEXT_BEFORE: usize = 2;
/// Lines shown after the marked line.
const CONTEXT_AFTER: usize = 1;
/// A copy of `source` keeping only the lines an [`excerpt`] of one of
/// `lines` shows (every other line left empty, so line numbers hold): the
/// excerpts come out the same, and a generator run need not keep the whole
/// input in memory to render its diagnostics afterwards.
pub(crate) fn excerpt_lines_only(source: &[u8], lines: impl IntoIterator<Item = usize>) -> Vec<u8> {
    let mut wanted: Vec<(usize, usize)> = lines
        .into_iter()
        .filter(|&line| line > 0)
        .map(|line| {
            (
                line.saturating_sub(CONTEXT_BEFORE).max(1),
                line + CONTEXT_AFTER,
            )
        })
        .collect();
    wanted.sort_unstable();
    let bom = if source.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut kept = source[..bom].to_vec();
    let text = &source[bom..];
    // Lines split as `excerpt` splits them: at `\n` (a `\r` before it stays
    // in the line, as `str::lines` drops it when the excerpt is shown).
    // The lines between the ranges are only counted, a word of bytes at a
    // time, not split one by one: Stripe's file is 100,000 lines, and
    // splitting it was 22 M instructions. Nothing past the last range is
    // kept. `at` is where line number `line` starts.
    let (mut at, mut line) = (0, 1);
    for (first, last) in wanted {
        let first = first.max(line);
        if first > last {
            continue;
        }
        let (skipped_to, skipped) = after_newlines(&text[at..], first - line);
        kept.resize(kept.len() + skipped, b'\n');
        at += skipped_to;
        line += skipped;
        if line < first {
            break;
        }
        let (shown_to, shown) = after_newlines(&text[at..], last + 1 - first);
        kept.extend_from_slice(&text[at..at + shown_to]);
        at += shown_to;
        line += shown;
        if line <= last {
            break;
        }
    }
    kept
}

/// Where the `count`-th `\n` of `bytes` ends, and `count`; or, when there
/// are fewer, the end of `bytes` and how many there are.
fn after_newlines(bytes: &[u8], count: usize) -> (usize, usize) {
    /// Counted a chunk at a time, eight bytes at once, and only the chunk
    /// with the last one searched byte by byte.
    const CHUNK: usize = 64;
    let (mut at, mut found) = (0, 0);
    if count == 0 {
        return (0, 0);
    }
    for chunk in bytes.chunks(CHUNK) {
        let here = crate::locate::count_newlines(chunk);
        if found + here < count {
            found += here;
            at += chunk.len();
            continue;
        }
        for (offset, &byte) in chunk.iter().enumerate() {
            if byte == b'\n' {
                found += 1;
                if found == count {
                    return (at + offset + 1, found);
                }
            }
        }
    }
    (bytes.len(), found)
}

/// Characters shown on each side of the marked column in a long line.
const HALF_WIDTH: usize = 50;

/// A diagnostic for the terminal: its `Display`, the file it is about (if
/// given), and — when it has a location and the source is given — a few lines
/// of the source with a `^` under the column. Ends with a newline.
///
/// ```
/// use postman_codegen::render_diagnostic;
/// use postman_codegen::Diagnostic;
///
/// let mut diagnostic = Diagnostic::warning("empty-url", "$.item[0]", "request 'x' has no URL");
/// diagnostic.location = Some((3, 5));
/// let source = b"{\n  \"item\": [\n    {\"name\": \"x\"}\n  ]\n}\n";
/// assert_eq!(
///     render_diagnostic(&diagnostic, Some("x.json"), Some(source)),
///     "warning[empty-url]: request 'x' has no URL\n  \
///      --> $.item[0] (line 3, column 5)\n   \
///      = file: x.json\n  |\n\
///      1 | {\n\
///      2 |   \"item\": [\n\
///      3 |     {\"name\": \"x\"}\n  \
///      |     ^\n\
///      4 |   ]\n"
/// );
/// ```
pub fn render_diagnostic(
    diagnostic: &Diagnostic,
    file: Option<&str>,
    source: Option<&[u8]>,
) -> String {
    let mut out = diagnostic.to_string();
    if let Some(file) = file {
        let _ = write!(out, "\n   = file: {file}");
    }
    if let (Some((line, column)), Some(source)) = (diagnostic.location, source) {
        out.push_str(&excerpt(source, line, column));
    }
    out.push('\n');
    out
}

/// A diagnostic as one JSON object for tools (`--message-format json`):
/// `type` (`"diagnostic"`), `severity`, `code`, `message`, `path`, `line`,
/// `column` and `file` (`null` when unknown).
///
/// ```
/// use postman_codegen::diagnostic_json;
/// use postman_codegen::Diagnostic;
///
/// let diagnostic = Diagnostic::warning("empty-url", "$.item[0]", "no URL");
/// let json = diagnostic_json(&diagnostic, Some("x.json"));
/// assert_eq!(json["code"], "empty-url");
/// assert_eq!(json["severity"], "warning");
/// assert!(json["line"].is_null());
/// ```
pub fn diagnostic_json(diagnostic: &Diagnostic, file: Option<&str>) -> Value {
    let (line, column) = match diagnostic.location {
        Some((line, column)) => (Some(line), Some(column)),
        None => (None, None),
    };
    json!({
        "type": "diagnostic",
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "line": line,
        "column": column,
        "file": file,
    })
}

/// Source lines around `line` (1-based) with a marker under `column` (1-based,
/// counted in bytes as serde_json does). Long lines are cut around the column.
fn excerpt(source: &[u8], line: usize, column: usize) -> String {
    let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    if line == 0 {
        return String::new();
    }
    // Only the lines shown are made text, and no line past them is read:
    // splitting and decoding the whole file for each excerpt was 50 M
    // instructions for Stripe's (its diagnostics are near line 100,000).
    // The lines are those of `str::lines` over the whole file decoded
    // (`from_utf8_lossy`): a `\n` ends every piece, and no byte sequence
    // the decoding replaces holds one.
    let first = line.saturating_sub(CONTEXT_BEFORE).max(1);
    // The lines before the first shown are counted a word at a time, not
    // split one by one: a generation run's excerpt source is mostly empty
    // lines (`excerpt_lines_only`), and splitting Stripe's 84,000 of them
    // for each diagnostic shown was 1.1 M instructions, after the crate
    // was written.
    // With fewer lines than that (a last one without its `\n` not counted),
    // the marked line is at least two past the end and nothing is shown
    // either way.
    let (start, before) = after_newlines(source, first - 1);
    let lines: Vec<String> = source[start..]
        .split_inclusive(|&byte| byte == b'\n')
        .take(line + CONTEXT_AFTER + 1 - first)
        .map(|piece| {
            let piece = piece
                .strip_suffix(b"\n")
                .map_or(piece, |piece| piece.strip_suffix(b"\r").unwrap_or(piece));
            String::from_utf8_lossy(piece).into_owned()
        })
        .collect();
    // The file's lines, counted up to the last one shown.
    let counted = before + lines.len();
    if line > counted + 1 {
        return String::new();
    }
    let last = (line + CONTEXT_AFTER).min(counted);
    let width = last.max(line).to_string().len();
    let mut out = format!("\n{:width$} |", "");
    for number in first..=last.max(line) {
        let content = lines.get(number - first).map_or("", String::as_str);
        let (shown, marker) = if number == line {
            window(content, column)
        } else {
            (window(content, 1).0, 0)
        };
        let _ = write!(out, "\n{number:>width$} | {shown}");
        if number == line {
            let _ = write!(out, "\n{:width$} | {}^", "", " ".repeat(marker));
        }
    }
    out
}

/// The part of `line` to show and the marker's offset (in characters) in it.
/// Tabs become spaces so the marker lines up.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    // serde_json counts bytes; convert the byte column to a character index.
    let byte = column.saturating_sub(1).min(line.len());
    let index = line
        .char_indices()
        .take_while(|(offset, _)| *offset < byte)
        .count();
    let start = index.saturating_sub(HALF_WIDTH);
    let end = (index + HALF_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut marker = index - start;
    if start > 0 {
        shown.push_str("...");
        marker += 3;
    }
    shown.extend(&chars[start..end.max(start)]);
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_column() {
        let source = b"{\n  \"a\": 1,\n  \"b\": ,\n}\n";
        assert_eq!(
            excerpt(source, 3, 8),
            "\n  |\n1 | {\n2 |   \"a\": 1,\n3 |   \"b\": ,\n  |        ^\n4 | }"
        );
    }

    #[test]
    fn excerpts_of_the_kept_lines_are_unchanged() {
        let source: String = (1..=40)
            .map(|n| format!("  \"line{n}\": {},\r\n", "x".repeat(n)))
            .collect();
        let source = format!("\u{FEFF}{{\n{source}}}");
        let wanted = [1, 17, 30, 42, 43];
        let kept = excerpt_lines_only(source.as_bytes(), wanted);
        assert!(
            kept.len() < source.len() / 2,
            "{} of {}",
            kept.len(),
            source.len()
        );
        for line in wanted {
            for column in [1, 5, 40] {
                assert_eq!(
                    excerpt(&kept, line, column),
                    excerpt(source.as_bytes(), line, column),
                    "line {line} column {column}"
                );
            }
        }
        assert_eq!(excerpt_lines_only(b"", [3]), b"");
    }

    /// An excerpt reads the file only up to its last line; it shows what
    /// it showed when every line was split: near the start, in the middle,
    /// at the last lines, past the end, across `\r\n`, a bare `\r`, a
    /// final line without `\n`, and bytes that are not UTF-8.
    #[test]
    fn excerpts_read_up_to_their_lines_show_what_the_whole_file_shows() {
        fn whole_file(source: &[u8], line: usize, column: usize) -> String {
            let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
            let text = String::from_utf8_lossy(source);
            let lines: Vec<&str> = text.lines().collect();
            if line == 0 || line > lines.len() + 1 {
                return String::new();
            }
            let first = line.saturating_sub(CONTEXT_BEFORE).max(1);
            let last = (line + CONTEXT_AFTER).min(lines.len());
            let width = last.max(line).to_string().len();
            let mut out = format!("\n{:width$} |", "");
            for number in first..=last.max(line) {
                let content = lines.get(number - 1).copied().unwrap_or("");
                let (shown, marker) = if number == line {
                    window(content, column)
                } else {
                    (window(content, 1).0, 0)
                };
                let _ = write!(out, "\n{number:>width$} | {shown}");
                if number == line {
                    let _ = write!(out, "\n{:width$} | {}^", "", " ".repeat(marker));
                }
            }
            out
        }
        let sources: [&[u8]; 6] = [
            b"{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n",
            b"\xEF\xBB\xBF[\n1,\n2,\n3\n]",
            b"a\rb\nc\r\n\r\nd\n\n\ne\r",
            b"\xFF\xFEx\n\xC3\ny\xE2\x82\nz",
            b"\n\n\n",
            b"",
        ];
        for source in sources {
            for line in 0..12 {
                for column in [1, 2, 4, 60] {
                    assert_eq!(
                        excerpt(source, line, column),
                        whole_file(source, line, column),
                        "{source:?} line {line} column {column}"
                    );
                }
            }
        }
    }

    /// Lines kept by counting the lines between them are those kept by
    /// splitting every line (the way this was done before): ranges that
    /// overlap, touch, pass the end, sit on empty lines or `\r\n`, a file
    /// without a final `\n`, a byte-order mark; random sets of lines over
    /// texts with long and empty lines.
    #[test]
    fn lines_kept_by_counting_are_those_kept_by_splitting() {
        fn split_every_line(source: &[u8], lines: &[usize]) -> Vec<u8> {
            let mut wanted: Vec<(usize, usize)> = lines
                .iter()
                .filter(|&&line| line > 0)
                .map(|&line| {
                    (
                        line.saturating_sub(CONTEXT_BEFORE).max(1),
                        line + CONTEXT_AFTER,
                    )
                })
                .collect();
            wanted.sort_unstable();
            let bom = if source.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            let mut kept = source[..bom].to_vec();
            let mut ranges = wanted.iter().peekable();
            for (index, line) in source[bom..].split(|&b| b == b'\n').enumerate() {
                let number = index + 1;
                while ranges.next_if(|(_, last)| *last < number).is_some() {}
                if index > 0 {
                    kept.push(b'\n');
                }
                match ranges.peek() {
                    Some((first, _)) if *first <= number => kept.extend_from_slice(line),
                    Some(_) => {}
                    None => break,
                }
            }
            kept
        }
        let mut sources: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\n".to_vec(),
            b"one line".to_vec(),
            b"\xEF\xBB\xBFa\r\nb\r\n\r\nc".to_vec(),
            b"a\nb\nc\nd\ne\nf\ng\nh\n".to_vec(),
        ];
        let mut random = crate::test_random::Xorshift::new(0x9e37_79b9_7f4a_7c15);
        let mut next = |bound: u64| random.below(bound);
        for _ in 0..60 {
            let mut source = Vec::new();
            for _ in 0..next(300) {
                let line_length = [0, 1, 5, 70, 200][next(5) as usize];
                source.extend((0..line_length).map(|i| b"ab\r {"[(i + line_length) % 5]));
                source.push(b'\n');
            }
            if next(2) == 0 {
                source.extend(b"no newline at the end");
            }
            sources.push(source);
        }
        let mut line_sets: Vec<Vec<usize>> = vec![
            vec![],
            vec![0],
            vec![1],
            vec![3, 4],
            vec![5, 3, 4, 8],
            vec![2, 2, 9, 11],
            vec![1_000],
            vec![1, 299, 300, 301, 302],
        ];
        for _ in 0..40 {
            line_sets.push((0..next(8)).map(|_| next(320) as usize).collect());
        }
        for source in &sources {
            for lines in &line_sets {
                assert_eq!(
                    excerpt_lines_only(source, lines.iter().copied()),
                    split_every_line(source, lines),
                    "lines {lines:?} of {:?}",
                    String::from_utf8_lossy(source)
                );
            }
        }
    }

    /// Newlines counted eight bytes at a time are those counted one by one,
    /// with every byte value beside them and at every offset.
    #[test]
    fn newlines_counted_by_words_are_counted_right() {
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend([b'\n', 0x0B, 0x09, 0x8A, b'\n', b'\n', 0xFF, 0x00, b'\n']);
        for start in 0..bytes.len() {
            for end in start..bytes.len().min(start + 40) {
                let slice = &bytes[start..end];
                let one_by_one = slice.iter().filter(|&&byte| byte == b'\n').count();
                assert_eq!(
                    crate::locate::count_newlines(slice),
                    one_by_one,
                    "{slice:?}"
                );
            }
        }
        assert_eq!(crate::locate::count_newlines(&[b'\n'; 100]), 100);
    }

    #[test]
    fn excerpt_cuts_long_lines_and_survives_odd_positions() {
        let long = format!("[{}x]", "1,".repeat(500));
        let shown = excerpt(long.as_bytes(), 1, 802);
        assert!(shown.contains("...1,1,"), "{shown}");
        let marker_line = shown.lines().last().unwrap_or_default();
        let text_line = shown.lines().nth(2).unwrap_or_default();
        let caret = marker_line.find('^').unwrap_or_default();
        assert_eq!(&text_line[caret..caret + 1], "1", "{shown}");
        assert_eq!(excerpt(b"", 5, 1), "");
        assert!(excerpt("é\u{1F980}x".as_bytes(), 1, 100).contains('^'));
        assert!(excerpt(b"abc", 2, 1).contains("2 | \n"), "EOF line");
    }
}
