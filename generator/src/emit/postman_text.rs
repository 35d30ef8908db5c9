//! Descriptions written for Postman users, made fit for readers of a Rust
//! crate: how to fork a collection, set an environment or press *Send* in the
//! Postman app says nothing to someone calling the generated client, and
//! screenshots of the app less still.
//!
//! The rule, applied to a description's Markdown before it becomes docs:
//!
//! - A *section* (a heading and what follows up to the next heading of the
//!   same or a higher level; or, before any heading, one paragraph) is left
//!   out when it is about working in the Postman app: it shows a screenshot
//!   of the app (an image whose address or text names Postman or says
//!   screenshot), links to Postman's downloads or learning centre, or says
//!   "in Postman", "within Postman", "Postman app", "the Send button",
//!   "fork the collection" and the like.
//! - Other images become plain links (`[alt](url)`), so nothing is lost but
//!   the picture.
//!
//! Code blocks are kept whole and never looked into.

/// Phrases that mark instructions for the Postman app (compared in lower
/// case). Each holds "postman", "send" or "fork" (`is_postman_ui` looks for
/// those first; a test holds the list to it).
const POSTMAN_UI_PHRASES: &[&str] = &[
    "in postman",
    "within postman",
    "postman app",
    "postman desktop",
    "postman client",
    "the send button",
    "hit send",
    "click send",
    "fork the collection",
    "fork this collection",
    "fork collection",
    "run in postman",
    "getpostman.com",
    "learning.postman.com",
    "postman.com/downloads",
];

/// `text` without its Postman-app sections, its other images as links.
pub fn without_postman_ui(text: &str) -> String {
    let blocks = blocks(text);
    let mut kept: Vec<&Block> = Vec::new();
    let mut index = 0;
    while index < blocks.len() {
        let block = &blocks[index];
        // The extent of the section this block starts: a heading runs to the
        // next heading of its level or higher; a paragraph is its own section.
        let end = match block.heading {
            Some(level) => blocks[index + 1..]
                .iter()
                .position(|b| b.heading.is_some_and(|l| l <= level))
                .map_or(blocks.len(), |offset| index + 1 + offset),
            None => index + 1,
        };
        let section = &blocks[index..end];
        if section.iter().any(|b| !b.code && is_postman_ui(&b.text)) {
            index = end;
            continue;
        }
        kept.push(block);
        index += 1;
    }
    let parts: Vec<String> = kept
        .iter()
        .map(|b| {
            if b.code {
                b.text.clone()
            } else {
                images_as_links(&b.text)
            }
        })
        .collect();
    parts.join("\n\n")
}

/// A heading, a paragraph or a fenced code block.
#[derive(Debug)]
struct Block {
    text: String,
    /// `Some(level)` for an ATX heading (`## Title` is 2).
    heading: Option<usize>,
    code: bool,
}

/// Splits Markdown at blank lines and before headings, keeping code fences whole.
fn blocks(text: &str) -> Vec<Block> {
    let text = text.replace("\r\n", "\n");
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fence: Option<String> = None;
    let flush = |current: &mut Vec<&str>, blocks: &mut Vec<Block>, code: bool| {
        if current.iter().any(|l| !l.trim().is_empty()) {
            blocks.push(Block {
                text: current.join("\n"),
                heading: None,
                code,
            });
        }
        current.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            current.push(line);
            if trimmed.starts_with(marker.as_str()) {
                fence = None;
                flush(&mut current, &mut blocks, true);
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut current, &mut blocks, false);
            fence = Some(trimmed[..3].to_string());
            current.push(line);
            continue;
        }
        if let Some(level) = heading_level(trimmed) {
            flush(&mut current, &mut blocks, false);
            blocks.push(Block {
                text: line.to_string(),
                heading: Some(level),
                code: false,
            });
            continue;
        }
        if trimmed.is_empty() {
            flush(&mut current, &mut blocks, false);
        } else {
            current.push(line);
        }
    }
    let unclosed = fence.is_some();
    flush(&mut current, &mut blocks, unclosed);
    blocks
}

/// `## Title` → 2; `#hashtag` is no heading.
fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|&c| c == '#').count();
    ((1..=6).contains(&level) && line[level..].starts_with(' ')).then_some(level)
}

/// True when the text is about working in the Postman app.
fn is_postman_ui(text: &str) -> bool {
    let lower = text.to_lowercase();
    // Every phrase holds one of these words: most paragraphs hold none, and
    // are passed after three searches instead of one per phrase.
    let may_hold_a_phrase = ["postman", "send", "fork"]
        .iter()
        .any(|word| lower.contains(word));
    if may_hold_a_phrase && POSTMAN_UI_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    if !text.contains("![") {
        return false;
    }
    images(text).iter().any(|(alt, url)| {
        let alt = alt.to_lowercase();
        let url = url.to_lowercase();
        url.contains("postman") || alt.contains("postman") || alt.contains("screenshot")
    })
}

/// The `![alt](url)` images of a text: (alt, url) pairs.
fn images(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        let after = &rest[start + 2..];
        let Some((alt, url, used)) = image_parts(after) else {
            rest = after;
            continue;
        };
        found.push((alt.to_string(), url.to_string()));
        rest = &after[used..];
    }
    found
}

/// After `![`: the alt text, the URL and how many bytes the rest of the image took.
fn image_parts(after: &str) -> Option<(&str, &str, usize)> {
    let close = after.find("](")?;
    let alt = &after[..close];
    if alt.contains('\n') {
        return None;
    }
    let url_start = close + 2;
    let url_len = after[url_start..].find(')')?;
    let url = &after[url_start..url_start + url_len];
    Some((alt, url, url_start + url_len + 1))
}

/// `![alt](url)` → `[alt](url)` (`[image](url)` when the alt text is empty).
fn images_as_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match image_parts(after) {
            Some((alt, url, used)) => {
                let alt = if alt.trim().is_empty() { "image" } else { alt };
                out.push_str(&format!("[{alt}]({url})"));
                rest = &after[used..];
            }
            None => {
                out.push_str("![");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_holds_a_word_looked_for_first() {
        for phrase in POSTMAN_UI_PHRASES {
            assert!(
                ["postman", "send", "fork"]
                    .iter()
                    .any(|w| phrase.contains(w)),
                "{phrase}"
            );
            assert!(is_postman_ui(&format!(
                "Now {} please.",
                phrase.to_uppercase()
            )));
        }
        assert!(!is_postman_ui("Sends nothing to anyone."));
    }

    #[test]
    fn postman_app_sections_go_and_the_rest_stays() {
        let text = "\
Intro about the Orders API.\n\n\
Run this in Postman to try it.\n\n\
## Getting started\n\
Fork the collection:\n\n\
![Fork](https://example.com/screens/postman_fork.png)\n\n\
### Keys\n\
Set the key.\n\n\
## Errors\n\
Errors come as JSON; see the diagram ![flow](https://example.com/flow.png).\n\n\
```\nPOST /orders in Postman\n```\n";
        let kept = without_postman_ui(text);
        assert!(kept.starts_with("Intro about the Orders API."), "{kept}");
        assert!(!kept.contains("Run this"), "a Postman paragraph: {kept}");
        assert!(!kept.contains("Getting started"), "{kept}");
        assert!(
            !kept.contains("Set the key"),
            "a subsection goes with its section: {kept}"
        );
        assert!(kept.contains("## Errors"), "{kept}");
        assert!(
            kept.contains("[flow](https://example.com/flow.png)") && !kept.contains("!["),
            "other images become links: {kept}"
        );
        assert!(
            kept.contains("POST /orders in Postman"),
            "code is kept: {kept}"
        );
    }

    #[test]
    fn text_without_postman_is_unchanged_but_for_blank_lines() {
        let text = "# Title\nOne line.\nTwo lines.\n\n- a\n- b";
        assert_eq!(
            without_postman_ui(text),
            "# Title\n\nOne line.\nTwo lines.\n\n- a\n- b"
        );
        assert_eq!(without_postman_ui(""), "");
        assert_eq!(images_as_links("![x](y"), "![x](y");
        assert_eq!(heading_level("#tag"), None);
    }
}
