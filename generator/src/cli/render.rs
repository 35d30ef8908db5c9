//! Diagnostics for the terminal, with a source excerpt. (Types are rendered by
//! `postman_codegen::infer::render_api_types`.)

use std::fmt::Write;

use postman_codegen::Diagnostic;

/// Lines shown before the marked line.
const CONTEXT_BEFORE: usize = 2;
/// Lines shown after the marked line.
const CONTEXT_AFTER: usize = 1;
/// Characters shown on each side of the marked column in a long line.
const HALF_WIDTH: usize = 50;

/// The diagnostic's `Display`, the file it is about (if given), and — when it has a
/// location — a few lines of `source` with a `^` under the column.
pub(crate) fn diagnostic(
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

/// Source lines around `line` (1-based) with a marker under `column` (1-based,
/// counted in bytes as serde_json does). Long lines are cut around the column.
fn excerpt(source: &[u8], line: usize, column: usize) -> String {
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
