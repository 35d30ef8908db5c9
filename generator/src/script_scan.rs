//! A lexical reading of Postman script text (JavaScript), the one both
//! readers of scripts share: the `# Scripts` section of an operation's docs
//! (`emit/scripts_doc.rs`: what a script touches) and `cargo xtask
//! scripts-survey` ([`apis`]: which script APIs a corpus uses).
//!
//! The reading is lexical, not a parse: comments and the contents of string
//! literals are blanked (so `"pm.globals.get('y')"` in a string is not a
//! use), and every member chain that is not itself a member of something
//! (`pm.environment.set`, not `obj.request.url`'s `request`) is a [`Chain`],
//! with what follows it. A string literal's text stays readable where a
//! reader wants it: a call's literal first argument.

use std::collections::BTreeSet;

/// A script's text, read once.
#[derive(Debug)]
pub struct ScannedScript {
    /// The text with comments blanked; string literals kept.
    text: String,
    /// The text with comments and string contents blanked (quotes kept).
    /// Both blankings keep every byte's position (and every newline).
    code: String,
}

/// A member chain: `pm.request.headers.add`, `btoa`, `CryptoJS.enc.Hex`.
/// A chain ends where a name is not followed by `.name` (at a call, an
/// index, an operator); whitespace around the dots is allowed.
#[derive(Debug, Clone)]
pub struct Chain<'s> {
    /// The names, root first.
    pub names: Vec<&'s str>,
    /// The byte offset just after each name.
    ends: Vec<usize>,
    script: &'s ScannedScript,
}

impl ScannedScript {
    /// Reads `script`.
    pub fn new(script: &str) -> Self {
        match (blank(script, false), blank(script, true)) {
            (Some(text), Some(code)) => ScannedScript { text, code },
            // Unreachable (see `blank`); an empty reading is the safe answer.
            _ => ScannedScript {
                text: String::new(),
                code: String::new(),
            },
        }
    }

    /// Every chain that is not a member of another, in order.
    pub fn chains(&self) -> Vec<Chain<'_>> {
        let bytes = self.code.as_bytes();
        let mut chains = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let starts_name = is_ident_start(bytes[at]) && (at == 0 || !is_ident(bytes[at - 1]));
            if !starts_name {
                at += 1;
                continue;
            }
            let chain = self.chain_at(at);
            let end = chain.ends.last().copied().unwrap_or(at + 1);
            if !self.code[..at].trim_end().ends_with('.') {
                chains.push(chain);
            }
            at = end.max(at + 1);
        }
        chains
    }

    /// The chain whose root starts at `at`.
    fn chain_at(&self, at: usize) -> Chain<'_> {
        let code = self.code.as_str();
        let bytes = code.as_bytes();
        let mut names = Vec::new();
        let mut ends = Vec::new();
        let mut start = at;
        loop {
            let mut end = start;
            while end < bytes.len() && is_ident(bytes[end]) {
                end += 1;
            }
            names.push(&code[start..end]);
            ends.push(end);
            let after = code[end..].trim_start();
            let Some(member) = after.strip_prefix('.') else {
                break;
            };
            let member = member.trim_start();
            if !member
                .as_bytes()
                .first()
                .is_some_and(|b| is_ident_start(*b))
            {
                break;
            }
            start = code.len() - member.len();
        }
        Chain {
            names,
            ends,
            script: self,
        }
    }

    /// Names the script declares with `var`, `let` or `const`: a local `data`
    /// or `request` is not the sandbox's global.
    pub fn declared_names(&self) -> BTreeSet<&str> {
        let words: Vec<&str> = self
            .code
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .filter(|word| !word.is_empty())
            .collect();
        words
            .windows(2)
            .filter(|pair| matches!(pair[0], "var" | "let" | "const"))
            .map(|pair| pair[1])
            .collect()
    }
}

impl<'s> Chain<'s> {
    /// The first name.
    pub fn root(&self) -> &'s str {
        self.names[0]
    }

    /// The names joined by dots.
    pub fn path(&self) -> String {
        self.names.join(".")
    }

    /// The code after the first `count` names (all of them when `count` is
    /// larger), whitespace skipped; string contents blanked.
    pub fn rest_after(&self, count: usize) -> &'s str {
        let at = self.ends[count.clamp(1, self.ends.len()) - 1];
        self.script.code[at..].trim_start()
    }

    /// The code after the whole chain.
    pub fn rest(&self) -> &'s str {
        self.rest_after(self.names.len())
    }

    /// Whether the chain is assigned to (`pm.request.body = ..`).
    pub fn assigned(&self) -> bool {
        let rest = self.rest();
        rest.starts_with('=') && !rest.starts_with("==")
    }

    /// When the chain is called, the text of its arguments and everything
    /// after (string literals kept, comments blanked).
    pub fn call_args(&self) -> Option<&'s str> {
        let rest = self.rest();
        rest.strip_prefix('(')?;
        let at = self.script.code.len() - rest.len() + 1;
        Some(&self.script.text[at..])
    }

    /// When the chain is called: its first argument when that is a string
    /// literal without `${..}`, else `None` (a name computed at run time).
    pub fn first_string_arg(&self) -> Option<Option<String>> {
        self.call_args().map(first_string)
    }
}

/// The string literal at the start of `args`, if the first argument is one
/// (and not a template literal with `${..}`).
pub fn first_string(args: &str) -> Option<String> {
    let args = args.trim_start();
    let quote = args
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let inner = &args[1..];
    let end = inner.find(quote)?;
    let text = &inner[..end];
    (!text.contains("${")).then(|| text.to_string())
}

/// Globals of Postman's legacy sandbox and libraries it provides, counted by
/// [`apis`] when used as an object or called.
const GLOBALS: &[&str] = &[
    "Buffer",
    "CryptoJS",
    "Date",
    "TextEncoder",
    "_",
    "atob",
    "btoa",
    "cheerio",
    "console",
    "crypto",
    "data",
    "environment",
    "globals",
    "iteration",
    "request",
    "responseBody",
    "responseCode",
    "responseCookies",
    "responseHeaders",
    "responseTime",
    "setTimeout",
    "tests",
    "tv4",
    "xml2Json",
];

/// How many member names [`apis`] keeps after the root (`pm.request.headers`).
fn depth(root: &str) -> usize {
    match root {
        "pm" => 3,
        "CryptoJS" | "crypto" => 2,
        "postman" | "console" | "request" | "responseCode" | "_" | "Date" | "Buffer" => 1,
        _ => 0,
    }
}

/// The script APIs one script uses, as `pm.environment.set`,
/// `require('crypto-js')`, `tests[..]`, `btoa()`: member chains cut to a
/// depth per root; a legacy global counts only when it is used as an object
/// (`request.url`, `environment[..]`) or called (`btoa(..)`) and the script
/// does not declare a local of that name; the `response*` values count
/// wherever they stand.
pub fn apis(script: &str) -> BTreeSet<String> {
    let scanned = ScannedScript::new(script);
    let declared = scanned.declared_names();
    let mut found = BTreeSet::new();
    for chain in scanned.chains() {
        let word = chain.root();
        let after_word = chain.rest_after(1);
        if word == "require" && after_word.starts_with('(') {
            let argument: String = chain
                .call_args()
                .unwrap_or_default()
                .chars()
                .skip_while(|c| c.is_whitespace())
                .take_while(|c| *c != ')')
                .collect();
            found.insert(format!("require({})", argument.trim()));
            continue;
        }
        let global = GLOBALS.contains(&word) && !declared.contains(word);
        if word != "pm" && word != "postman" && !global {
            continue;
        }
        let members = &chain.names[1..chain.names.len().min(depth(word) + 1)];
        if members.is_empty() {
            if word == "pm" || word == "postman" {
                continue;
            }
            if after_word.starts_with('(') {
                found.insert(format!("{word}()"));
            } else if after_word.starts_with('[') {
                found.insert(format!("{word}[..]"));
            } else if after_word.starts_with('.') || word.starts_with("response") {
                // The response globals are values: `JSON.parse(responseBody)`.
                found.insert(word.to_string());
            }
            continue;
        }
        found.insert(format!("{word}.{}", members.join(".")));
    }
    found
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

/// `script` with comments (and, with `strings`, the contents of string
/// literals, quotes kept) replaced by spaces, byte for byte, so positions
/// match the original; newlines stay. A `'` or `"` string ends at its
/// closing quote or, unclosed, at the end of its line (a regular expression
/// such as `/'/` must not hide the rest of the script); a template literal
/// may span lines.
fn blank(script: &str, strings: bool) -> Option<String> {
    let bytes = script.as_bytes();
    let mut out = bytes.to_vec();
    let mut at = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    while at < bytes.len() {
        match bytes[at] {
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = script[at..].find('\n').map_or(bytes.len(), |n| at + n);
                blank(&mut out, at, end);
                at = end;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let end = script[at + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| at + 2 + n + 2);
                blank(&mut out, at, end);
                at = end;
            }
            quote @ (b'\'' | b'"' | b'`') => {
                let mut end = at + 1;
                while end < bytes.len()
                    && bytes[end] != quote
                    && (quote == b'`' || bytes[end] != b'\n')
                {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let end = end.min(bytes.len());
                if strings {
                    blank(&mut out, at + 1, end);
                }
                at = end + 1;
            }
            _ => at += 1,
        }
    }
    // Only whole runs between ASCII delimiters were replaced, by ASCII, so
    // the text stays UTF-8 (an escape's backslash skips one byte, which can
    // only split a character inside a run that is blanked whole or kept).
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(script: &str) -> Vec<String> {
        apis(script).into_iter().collect()
    }

    #[test]
    fn member_chains_are_cut_at_calls_and_kept_to_their_depth() {
        let script = r#"
            pm.environment.set("token", pm.response.json().access_token);
            pm.request.headers.add({key: 'X', value: CryptoJS.HmacSHA256(q, k).toString(CryptoJS.enc.Hex)});
            postman.setEnvironmentVariable("a", JSON.parse(responseBody).id);
            tests["ok"] = responseCode.code === 200;
            var sig = btoa(user + ":" + pass);
        "#;
        assert_eq!(
            found(script),
            [
                "CryptoJS.HmacSHA256",
                "CryptoJS.enc.Hex",
                "btoa()",
                "pm.environment.set",
                "pm.request.headers.add",
                "pm.response.json",
                "postman.setEnvironmentVariable",
                "responseBody",
                "responseCode.code",
                "tests[..]",
            ]
            .map(String::from)
        );
    }

    #[test]
    fn comments_strings_and_members_of_other_objects_are_not_uses() {
        let script = "// pm.environment.set('x')\n/* postman.clearGlobalVariable() */\n\
                      var s = \"pm.globals.get('y')\"; obj.request.url; var request = 1; console.log(s);\n\
                      const crypto = require( 'crypto-js' ); var data = {}; data.id = 1; request.url = 2;";
        assert_eq!(
            found(script),
            ["console.log", "require('crypto-js')"].map(String::from)
        );
        let webcrypto =
            "const key = await crypto.subtle.importKey('raw', k); const ts = Date.now(); data.x;";
        assert_eq!(
            found(webcrypto),
            ["Date.now", "crypto.subtle.importKey", "data"].map(String::from)
        );
    }

    #[test]
    fn an_unclosed_quote_ends_at_its_line_and_a_template_spans_lines() {
        // The regular expression's quote does not hide the next line.
        let script = "var clean = s.replace(/'/g, '');\npm.environment.set('a', 1);\n\
                      var t = `line\npm.globals.set('b')`;";
        assert_eq!(found(script), ["pm.environment.set"].map(String::from));
    }

    #[test]
    fn chains_carry_what_follows_them_with_string_arguments_readable() {
        let scanned = ScannedScript::new(
            "pm.environment\n  .set(/* why */ 'token', t); pm.request.body = x; f(name);",
        );
        let chains = scanned.chains();
        let paths: Vec<String> = chains.iter().map(Chain::path).collect();
        assert_eq!(
            paths,
            [
                "pm.environment.set",
                "t",
                "pm.request.body",
                "x",
                "f",
                "name"
            ]
        );
        assert_eq!(
            chains[0].first_string_arg(),
            Some(Some("token".to_string()))
        );
        // After `pm.environment`: the rest of the chain; strings blanked.
        assert!(chains[0].rest_after(2).starts_with(".set("));
        assert!(chains[0].rest().starts_with("(          '     ', t);"));
        assert!(chains[2].assigned() && !chains[0].assigned());
        assert_eq!(chains[4].first_string_arg(), Some(None));
        assert_eq!(chains[1].first_string_arg(), None);
    }
}
