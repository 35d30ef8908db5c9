//! Documentation text: Postman Markdown made safe for rustdoc, and the
//! meaning of documented statuses (including application error codes).
//!
//! rustdoc warns about bare URLs, unresolvable `[links]`, unclosed HTML tags
//! and compiles unlabelled code blocks as doctests; collections are full of
//! all four. [`markdown`] rewrites a description so that `cargo doc` stays
//! quiet and nothing in it is compiled.

use crate::ir::ResponseExample;

/// Postman Markdown → Markdown rustdoc (and clippy's doc lints) accept
/// without warnings.
pub fn markdown(text: &str) -> String {
    match unchanged_text(text) {
        Some(plain) => plain.to_string(),
        None => rewritten(text),
    }
}

/// `text` (trimmed), when no step of [`rewritten`] would change it
/// otherwise: printable ASCII without what starts Markdown or HTML syntax
/// it rewrites (code fences, tags, links and images, headings), a bare URL,
/// or a word of the Postman app's instructions; code spans are copied as
/// they are. Several lines are taken only as paragraphs of lines that start
/// and end with neither a space nor a list marker, one blank line apart.
///
/// Most texts are such (field notes like "Seen in 26 of 34 samples.", a
/// type's "Used as ... of `client.users().list(..)`." and its samples), and
/// the full rewrite cost thousands of instructions each in allocations
/// (docs/performance.md, "Session 27: generation speed of the types, docs
/// and loading"). A test holds the two equal on random texts.
fn unchanged_text(text: &str) -> Option<&str> {
    // Blank lines and spaces around the text go (the rewrite trims its
    // result; a first line's indentation only moves that line).
    let text = text.trim();
    let bytes = text.as_bytes();
    let plain = bytes
        .iter()
        .all(|&b| b == b'\n' || (b' '..=b'~').contains(&b) && !b"<>[]!~#".contains(&b));
    // Every Postman app phrase holds one of the first three
    // (`postman_text::is_postman_ui`); a bare URL starts with the last.
    let holds = |word: &[u8]| {
        bytes
            .windows(word.len())
            .any(|window| window.eq_ignore_ascii_case(word))
    };
    if !plain
        || [&b"postman"[..], b"send", b"fork", b"http"]
            .into_iter()
            .any(holds)
    {
        return None;
    }
    if !text.contains('\n') {
        return (!text.starts_with("```")).then_some(text);
    }
    let mut previous_blank = true;
    for line in text.split('\n') {
        let (Some(&first), Some(&last)) = (line.as_bytes().first(), line.as_bytes().last()) else {
            if previous_blank {
                return None;
            }
            previous_blank = true;
            continue;
        };
        if first == b' ' || last == b' ' || b"-*+`".contains(&first) || first.is_ascii_digit() {
            return None;
        }
        previous_blank = false;
    }
    (!previous_blank).then_some(text)
}

/// [`markdown`] step by step.
fn rewritten(text: &str) -> String {
    // Instructions for the Postman app and its screenshots are not for Rust readers.
    let text = super::postman_text::without_postman_ui(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // First pass: code fences closed and labelled, inline text rewritten;
    // each line keeps its original indentation and whether it is code.
    let mut lines: Vec<(bool, usize, String)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in join_split_links(&text) {
        let expanded = line.replace('\t', "    ");
        let trimmed = expanded.trim_start();
        let indent = expanded.len() - trimmed.len();
        if let Some((fence_char, fence_len)) = fence {
            let run = trimmed.chars().take_while(|&c| c == fence_char).count();
            if run >= fence_len && trimmed[run..].trim().is_empty() {
                fence = None;
                lines.push((true, 0, fence_char.to_string().repeat(fence_len)));
            } else {
                lines.push((true, 0, expanded.clone()));
            }
            continue;
        }
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(fence_char) = fence_char {
            let run = trimmed.chars().take_while(|&c| c == fence_char).count();
            let info = trimmed[run..].trim();
            if run >= 3 && !(fence_char == '`' && info.contains('`')) {
                fence = Some((fence_char, run));
                lines.push((
                    true,
                    0,
                    format!(
                        "{}{}",
                        fence_char.to_string().repeat(run),
                        fence_language(info)
                    ),
                ));
                continue;
            }
        }
        for (index, piece) in inline(trimmed).split('\n').enumerate() {
            // A converted `<br>` starts a line too.
            let rest = piece.trim_start();
            let extra = piece.len() - rest.len();
            lines.push((
                false,
                if index == 0 { indent } else { extra },
                rest.to_string(),
            ));
        }
    }
    if let Some((fence_char, fence_len)) = fence {
        lines.push((true, 0, fence_char.to_string().repeat(fence_len)));
    }
    // Second pass: indentation. Four spaces would start an indented code
    // block (a doctest); list continuations are indented exactly to their
    // item's content so no line is lazy or over-indented.
    let mut out = String::with_capacity(text.len() + 32);
    let mut lists: Vec<(usize, usize)> = Vec::new(); // (original content indent, normalized)
    let mut previous_blank = true;
    for (code, indent, line) in lines {
        if code {
            lists.clear();
            out.push_str(&line);
            out.push('\n');
            previous_blank = false;
            continue;
        }
        if line.is_empty() {
            out.push('\n');
            previous_blank = true;
            continue;
        }
        let normalized = if let Some(marker) = list_marker(&line) {
            while lists.last().is_some_and(|&(content, _)| indent < content) {
                lists.pop();
            }
            let base = lists.last().map_or(0, |&(_, normalized)| normalized);
            lists.push((indent + marker, base + marker));
            base
        } else if lists.is_empty() {
            indent.min(3)
        } else if previous_blank && indent < lists[0].0 {
            lists.clear();
            indent.min(3)
        } else {
            while lists.len() > 1 && lists.last().is_some_and(|&(content, _)| indent < content) {
                lists.pop();
            }
            lists.last().map_or(0, |&(_, normalized)| normalized)
        };
        out.push_str(&" ".repeat(normalized));
        out.push_str(&line);
        out.push('\n');
        previous_blank = false;
    }
    collapse_blank_lines(out.trim())
}

/// Lines, with a line that continues a link split across lines (`[a\nb](url)`)
/// joined to the line before it, outside code fences.
fn join_split_links(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let starts_block = trimmed.is_empty()
            || trimmed.starts_with("```")
            || trimmed.starts_with("~~~")
            || trimmed.starts_with('#')
            || trimmed.starts_with('|')
            || list_marker(trimmed).is_some();
        let open_bracket = lines.last().is_some_and(|previous| {
            previous.matches('[').count() > previous.matches(']').count() && !previous.contains('`')
        });
        if !in_fence && !starts_block && open_bracket {
            if let Some(previous) = lines.last_mut() {
                previous.push(' ');
                previous.push_str(trimmed);
                continue;
            }
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        lines.push(line.to_string());
    }
    lines
}

/// The width of a list marker (`- `, `* `, `+ `, `1. `, `2) `) starting a line.
fn list_marker(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    match bytes.first()? {
        b'-' | b'*' | b'+' if bytes.get(1) == Some(&b' ') => Some(content_offset(bytes, 1)),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let ok = digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && bytes.get(digits + 1) == Some(&b' ');
            ok.then(|| content_offset(bytes, digits + 1))
        }
        _ => None,
    }
}

/// Where a list item's content starts after a marker of `marker` bytes: after
/// one to four spaces (CommonMark; with more, the content starts after one).
fn content_offset(bytes: &[u8], marker: usize) -> usize {
    let spaces = bytes[marker..].iter().take_while(|&&b| b == b' ').count();
    if (1..=4).contains(&spaces) && marker + spaces < bytes.len() {
        marker + spaces
    } else {
        marker + 1
    }
}

/// Markdown for one line (a table cell or a list item): [`markdown`] with
/// line breaks folded into spaces and `|` escaped.
pub fn inline_markdown(text: &str) -> String {
    let safe = markdown(&text.replace("```", "`"));
    let mut out = String::with_capacity(safe.len());
    for word in safe.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace('|', "\\|")
}

/// Collection text as an inline code span: backticks and line breaks cannot
/// end it early.
pub fn code(text: &str) -> String {
    // Most texts (keys, paths) need no change: written out whole, not char
    // by char (a setter's docs call this for every input).
    if text
        .bytes()
        .all(|byte| byte != b'`' && (b' '..0x7f).contains(&byte))
    {
        if text.trim().is_empty() {
            return "(empty)".to_string();
        }
        let mut out = String::with_capacity(text.len() + 2);
        out.push('`');
        out.push_str(text);
        out.push('`');
        return out;
    }
    let flat: String = text
        .chars()
        .map(|c| {
            if c == '`' {
                '\''
            } else if c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    if flat.trim().is_empty() {
        return "(empty)".to_string();
    }
    format!("`{flat}`")
}

/// A description without the `(Required)` prefix OpenAPI converters add
/// (the docs say "required" on their own).
pub fn strip_required(text: &str) -> &str {
    let trimmed = text.trim_start();
    match trimmed.get(..10) {
        Some(prefix) if prefix.eq_ignore_ascii_case("(required)") => trimmed[10..].trim_start(),
        _ => text,
    }
}

/// "the Zoom API" for `Zoom API`, "the Webex Meetings API" for `Webex Meetings`.
pub fn api_title(name: &str) -> String {
    let name = inline_markdown(name);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(" api") || lower == "api" || lower.ends_with(" apis") {
        format!("the {name}")
    } else {
        format!("the {name} API")
    }
}

/// Plain text for string constants and error messages: Markdown emphasis and
/// code marks removed, whitespace collapsed.
pub fn plain_text(text: &str) -> String {
    let text = replace_breaks(text).replace("**", "").replace('`', "");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The info string a fenced block gets: anything rustdoc would compile
/// (no language, `rust`, or rustdoc's own attributes) becomes `text`.
fn fence_language(info: &str) -> String {
    let language = info
        .split([',', ' '])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let compiled = language.is_empty()
        || language == "rust"
        || language.starts_with("edition")
        || matches!(
            language.as_str(),
            "ignore"
                | "no_run"
                | "should_panic"
                | "compile_fail"
                | "allow_fail"
                | "test_harness"
                | "standalone"
        );
    if compiled {
        "text".to_string()
    } else {
        // Keep only a plain language word; rustdoc parses the rest as attributes.
        language
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '+')
            .collect()
    }
}

fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank = 0;
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// `<br>` in its spellings → newline.
fn replace_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match html_tag(after) {
            Some((name, len)) if name == "br" => {
                out.push('\n');
                rest = &after[len..];
            }
            _ => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// If `text` starts with an HTML tag (`<br>`, `</b>`, `<br/>`, `<a href=..>`),
/// its lower-case name (with `/` for closing tags) and length.
fn html_tag(text: &str) -> Option<(String, usize)> {
    let end = text.find('>')?;
    let inner = &text[1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let rest = inner[name.len()..].trim();
    let looks_like_tag = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && (rest.is_empty() || rest == "/" || inner[name.len()..].starts_with(' '))
        && !inner.contains('<');
    if !looks_like_tag {
        return None;
    }
    let name = name.to_ascii_lowercase();
    Some((if closing { format!("/{name}") } else { name }, end + 1))
}

/// Rewrites one line outside code blocks.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let close = find_backtick_run(&chars, i + run, run);
                match close {
                    Some(close) => {
                        out.extend(&chars[i..close + run]);
                        i = close + run;
                    }
                    None => {
                        out.extend(std::iter::repeat_n('`', run));
                        i += run;
                    }
                }
            }
            '<' => {
                let rest: String = chars[i..].iter().collect();
                if let Some(len) = autolink_len(&rest) {
                    out.push_str(&rest[..len]);
                    i += rest[..len].chars().count();
                } else if let Some((replacement, len)) = html_tag(&rest).and_then(|(name, len)| {
                    let replacement = match name.as_str() {
                        "br" | "/br" => "\n",
                        "p" | "/p" | "ul" | "/ul" | "ol" | "/ol" => "\n\n",
                        "li" => "\n- ",
                        "/li" => "",
                        "b" | "/b" | "strong" | "/strong" => "**",
                        "i" | "/i" | "em" | "/em" => "*",
                        "code" | "/code" => "`",
                        _ => return None,
                    };
                    Some((replacement, len))
                }) {
                    out.push_str(replacement);
                    i += rest[..len].chars().count();
                } else {
                    out.push_str("&lt;");
                    i += 1;
                }
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            '[' | '!' if c == '[' || chars.get(i + 1) == Some(&'[') => {
                let start = if c == '!' { i + 1 } else { i };
                match markdown_link(&chars, start) {
                    Some((text_end, dest_end)) => {
                        let text: String = chars[start + 1..text_end].iter().collect();
                        let dest: String = chars[text_end + 2..dest_end].iter().collect();
                        let url = dest
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string();
                        let text = text.replace(['[', ']'], "");
                        if is_absolute_url(&url) && text.trim() == url {
                            out.push_str(&format!("<{url}>"));
                        } else if is_absolute_url(&url)
                            || url.starts_with('#')
                            || url.starts_with('/')
                        {
                            if c == '!' {
                                out.push('!');
                            }
                            out.push_str(&format!("[{}]({url})", inline(&text)));
                        } else {
                            out.push_str(&inline(&text));
                        }
                        i = dest_end + 1;
                    }
                    None if c == '!' => {
                        out.push('!');
                        i += 1;
                    }
                    None => {
                        out.push_str("\\[");
                        i += 1;
                    }
                }
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            'h' if starts_bare_url(&chars, i) => {
                let mut end = i;
                while end < chars.len()
                    && !chars[end].is_whitespace()
                    && !matches!(chars[end], '<' | '>' | '"' | '`' | '[' | ']')
                {
                    end += 1;
                }
                let mut url: String = chars[i..end].iter().collect();
                while url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '*', '_'])
                    || url.ends_with(')') && url.matches('(').count() < url.matches(')').count()
                {
                    url.pop();
                }
                i += url.chars().count();
                out.push_str(&format!("<{url}>"));
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn find_backtick_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let len = chars[i..].iter().take_while(|&&c| c == '`').count();
            if len == run {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// `[text](dest)` starting at `start`: the index of `]` and of `)`.
fn markdown_link(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut text_end = None;
    for (offset, &c) in chars[start..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(start + offset);
                    break;
                }
            }
            _ => {}
        }
    }
    let text_end = text_end?;
    if chars.get(text_end + 1) != Some(&'(') {
        return None;
    }
    let mut depth = 0usize;
    for (offset, &c) in chars[text_end + 1..].iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((text_end, text_end + 1 + offset));
                }
            }
            ' ' if depth == 1 && offset == 1 => return None,
            _ => {}
        }
    }
    None
}

fn is_absolute_url(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:")
}

/// `<https://...>`: an autolink rustdoc understands.
fn autolink_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?;
    if !(inner.starts_with("http://") || inner.starts_with("https://")) {
        return None;
    }
    let end = inner.find(|c: char| c == '>' || c == '<' || c.is_whitespace())?;
    (inner.as_bytes()[end] == b'>').then_some(end + 2)
}

fn starts_bare_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    let scheme = rest.starts_with("http://") || rest.starts_with("https://");
    let boundary = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '/');
    scheme && boundary
}

/// What one documented status means, read from a saved example.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusMeaning {
    /// One line of Markdown (may be empty when the example only lists error codes).
    pub meaning: String,
    /// Application error codes the example lists: `(code, one line of Markdown)`.
    pub error_codes: Vec<(String, String)>,
}

/// Reads an example's name (the usual place OpenAPI-derived collections put
/// the response description), e.g. ``**HTTP Status Code:** `404`<br>Meeting not
/// found.<br>**Error Code:** `3001`<br>Meeting does not exist.``
pub fn status_meaning(example: &ResponseExample) -> StatusMeaning {
    let text = replace_breaks(&example.name);
    let text = strip_status_prefix(text.trim());
    let mut pieces = split_error_codes(text);
    let meaning = inline_markdown(&pieces.remove(0));
    let error_codes = pieces
        .iter()
        .filter_map(|piece| {
            let piece = piece.trim_start_matches([':', '*', ' ']).trim_start();
            let (code, rest) = match piece.strip_prefix('`') {
                Some(rest) => {
                    let end = rest.find('`')?;
                    (rest[..end].trim(), &rest[end + 1..])
                }
                None => {
                    let end = piece
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .unwrap_or(piece.len());
                    (&piece[..end], &piece[end..])
                }
            };
            if code.is_empty() {
                return None;
            }
            let rest = rest.trim_start_matches(['*', ':', '-', ' ']);
            Some((code.to_string(), inline_markdown(rest)))
        })
        .collect();
    StatusMeaning {
        meaning,
        error_codes,
    }
}

/// Removes a leading ``**HTTP Status Code:** `204` **No Content**``.
fn strip_status_prefix(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    let Some(after) = [
        "**http status code:**",
        "**http status code**:",
        "http status code:",
    ]
    .iter()
    .find_map(|prefix| lower.starts_with(prefix).then(|| &text[prefix.len()..])) else {
        return text;
    };
    let mut rest = after.trim_start();
    if let Some(code) = rest.strip_prefix('`') {
        rest = code.split_once('`').map_or(rest, |(_, after)| after);
    } else {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let rest = rest.trim_start();
    // An optional bold reason phrase: `**OK**`.
    if let Some(bold) = rest.strip_prefix("**") {
        if let Some((reason, after)) = bold.split_once("**") {
            if !reason.contains(':') {
                return after.trim_start();
            }
        }
    }
    rest
}

/// Splits at each `**Error Code:**` (or `Error Code:`); the first piece is the
/// text before any code.
fn split_error_codes(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut pieces = Vec::new();
    let mut last = 0;
    let mut search = 0;
    while let Some(found) = lower[search..].find("error code") {
        let at = search + found;
        let after = &lower[at + "error code".len()..];
        let marker_len = ["**:**", ":**", "**:", ":"]
            .iter()
            .find(|marker| after.starts_with(*marker))
            .map(|marker| marker.len());
        match marker_len {
            Some(len) => {
                let start = if lower[..at].ends_with("**") {
                    at - 2
                } else {
                    at
                };
                pieces.push(text[last..start].to_string());
                last = at + "error code".len() + len;
                search = last;
            }
            None => search = at + 1,
        }
    }
    pieces.push(text[last..].to_string());
    pieces
}

/// The standard reason phrase of a status code, if it has one.
pub fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// `code` as it reads without its shortcut for plain ASCII text.
    fn code_char_by_char(text: &str) -> String {
        let flat: String = text
            .chars()
            .map(|c| match c {
                '`' => '\'',
                c if c.is_control() => ' ',
                c => c,
            })
            .collect();
        if flat.trim().is_empty() {
            "(empty)".to_string()
        } else {
            format!("`{flat}`")
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// `code`'s shortcut for plain ASCII gives what the character by
        /// character rewrite gives: on keys and paths, and on texts with
        /// backticks, control characters (ASCII's and the C1 ones),
        /// whitespace alone and other Unicode.
        #[test]
        fn code_spans_read_the_same_with_the_shortcut(
            text in prop_oneof![
                "[a-z_\\[\\]0-9{}/.:-]{0,40}",
                "[ -~]{0,20}",
                "[ \t\n`\u{7f}\u{85}\u{9f}a\u{e9}\u{2028}]{0,12}",
                "\\PC{0,12}",
            ],
        ) {
            prop_assert_eq!(code(&text), code_char_by_char(&text));
        }

        /// The shortcut for plain text gives what the full rewrite gives,
        /// on texts of words, spaces, line breaks, punctuation, list
        /// markers, code spans, and what the rewrite acts on (which the
        /// shortcut must leave to it).
        #[test]
        fn plain_texts_read_as_the_full_rewrite_reads_them(
            pieces in proptest::collection::vec(
                prop_oneof![
                    6 => "[a-zA-Z0-9]{1,8}",
                    3 => Just(" ".to_string()),
                    1 => Just("\n".to_string()),
                    1 => Just("`".to_string()),
                    2 => prop::sample::select(vec![
                        ".", ",", ":", "(", ")", "*", "_", "-", "- ", "1. ", "2) ", "+ ", "|",
                        "&", "\\", "'", "\"", "/", "=", "{", "}", "%", "?", ";", "@",
                        "    ", "\t", "\n", "\r", "\n\n", "`", "```", "~~~", "<", ">",
                        "<br>", "[", "]", "](", "![", "!", "#", "## ", "http://a.b",
                        "https://x.y/z", "HTTP", "Postman", "send", "Fork", "é", "\u{1}",
                        "\u{7f}", "~",
                    ])
                    .prop_map(str::to_string),
                ],
                0..24,
            )
        ) {
            let text: String = pieces.concat();
            prop_assert_eq!(markdown(&text), rewritten(&text), "{:?}", text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The same on texts of several lines: paragraphs, list items and
        /// their continuations, indented lines, fences, blank runs.
        #[test]
        fn plain_paragraphs_read_as_the_full_rewrite_reads_them(
            lines in proptest::collection::vec(
                (
                    prop::sample::select(vec!["", "", "", "- ", "* ", "1. ", " ", "    ", "```", "`a` "]),
                    "[a-z `.]{0,12}",
                    prop::sample::select(vec!["", "", " "]),
                ),
                1..6,
            ),
            breaks in proptest::collection::vec(prop::sample::select(vec!["\n", "\n", "\n\n", "\n\n\n", "\n \n"]), 6),
        ) {
            let mut text = String::new();
            for (index, (start, words, end)) in lines.iter().enumerate() {
                if index > 0 {
                    text.push_str(breaks[index]);
                }
                text.push_str(start);
                text.push_str(words);
                text.push_str(end);
            }
            prop_assert_eq!(markdown(&text), rewritten(&text), "{:?}", text);
        }
    }

    /// The shortcut is taken for plain text and only for it.
    #[test]
    fn only_unchanged_text_takes_the_shortcut() {
        let typical = "Used as the body of `client.users().list(..)`.\n\nInferred from 3 samples.";
        assert_eq!(unchanged_text(typical), Some(typical));
        assert_eq!(
            unchanged_text("\n  Meeting does not exist.\n\n"),
            Some("Meeting does not exist.")
        );
        assert_eq!(
            unchanged_text("  Seen in 26 of 34 samples. "),
            Some("Seen in 26 of 34 samples.")
        );
        assert_eq!(
            unchanged_text("- a list item, 1. (with) *emphasis*"),
            Some("- a list item, 1. (with) *emphasis*")
        );
        for text in [
            "```rust",
            "a\n- b",
            "a\n\n\nb",
            "a\n  b",
            "see http://x",
            "Send it",
            "<b>",
            "[a](b)",
            "# A",
            "é",
        ] {
            assert_eq!(unchanged_text(text), None, "{text}");
        }
    }

    fn example(name: &str) -> ResponseExample {
        ResponseExample {
            code: Some(404),
            name: name.to_string(),
            status_text: None,
            headers: Vec::new(),
            body: None,
            content_type: None,
            preview_language: None,
            json: None,
        }
    }

    #[test]
    fn bare_urls_are_wrapped_and_links_kept() {
        assert_eq!(markdown("see https://x.io/a."), "see <https://x.io/a>.");
        assert_eq!(
            markdown("[Label](https://x.io/a#b)"),
            "[Label](https://x.io/a#b)"
        );
        assert_eq!(markdown("[https://x.io](https://x.io)"), "<https://x.io>");
        assert_eq!(markdown("<https://x.io>"), "<https://x.io>");
        assert_eq!(markdown("`https://x.io`"), "`https://x.io`");
        assert_eq!(
            markdown("curl \"https://x.io/a?b=1\""),
            "curl \"<https://x.io/a?b=1>\""
        );
    }

    #[test]
    fn brackets_and_tags_cannot_break_rustdoc() {
        assert_eq!(markdown("a [b] c[0]"), "a \\[b\\] c\\[0\\]");
        assert_eq!(markdown("[Meetings](Meetings)"), "Meetings");
        assert_eq!(markdown("x<br>y<br/>z"), "x\ny\nz");
        assert_eq!(
            markdown("id <accountId> & <b>bold</b>"),
            "id &lt;accountId&gt; & **bold**"
        );
        assert_eq!(markdown("a -> b"), "a -&gt; b");
    }

    #[test]
    fn code_blocks_are_never_doctests() {
        assert_eq!(markdown("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(markdown("```json\n{}\n```"), "```json\n{}\n```");
        assert_eq!(markdown("```rust\nfn x() {}"), "```text\nfn x() {}\n```");
        assert_eq!(
            markdown("para\n\n        indented code"),
            "para\n\n   indented code"
        );
    }

    #[test]
    fn list_continuations_are_indented_to_their_item() {
        assert_eq!(markdown("* a\nlazy\n* b"), "* a\n  lazy\n* b");
        assert_eq!(
            markdown("- a\n       over\n    - nested"),
            "- a\n  over\n  - nested"
        );
        assert_eq!(markdown("1. a\n\nafter"), "1. a\n\nafter");
        assert_eq!(
            markdown("x:<br>* `approve` - yes<br>* `deny` - no"),
            "x:\n* `approve` - yes\n* `deny` - no"
        );
        assert_eq!(markdown("*   wide\nmore"), "*   wide\n    more");
    }

    #[test]
    fn links_split_across_lines_are_joined() {
        assert_eq!(
            markdown("see [a\nb](https://x.io) now"),
            "see [a b](https://x.io) now"
        );
    }

    #[test]
    fn zoom_style_names_give_meaning_and_codes() {
        let meaning = status_meaning(&example(
            "**HTTP Status Code:** `404` **Not Found** <br>\n**Error Code:** `3001`<br>\nMeeting does not exist: {meetingId}.<br>\n**Error Code:** `3043`<br>\nMeeting has reached maximum attendee capacity.",
        ));
        assert_eq!(meaning.meaning, "");
        assert_eq!(
            meaning.error_codes,
            vec![
                (
                    "3001".to_string(),
                    "Meeting does not exist: {meetingId}.".to_string()
                ),
                (
                    "3043".to_string(),
                    "Meeting has reached maximum attendee capacity.".to_string()
                ),
            ]
        );
        let meaning = status_meaning(&example(
            "**HTTP Status Code:** `400`<br>\n**Error Code:** `1010`<br>\nUser does not belong.",
        ));
        assert_eq!(meaning.meaning, "");
        assert_eq!(
            meaning.error_codes,
            vec![("1010".to_string(), "User does not belong.".to_string())]
        );
        let meaning = status_meaning(&example(
            "**HTTP Status Code:** `204`<br>\nRegistrant status updated.",
        ));
        assert_eq!(meaning.meaning, "Registrant status updated.");
        assert!(meaning.error_codes.is_empty());
        let meaning = status_meaning(&example("Not found | gone"));
        assert_eq!(meaning.meaning, "Not found \\| gone");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(plain_text("**Bad** `x`<br>\n  y"), "Bad x y");
    }
}
