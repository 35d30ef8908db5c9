//! The `# Scripts` section of an operation's docs: which Postman scripts run
//! for the request, what each touches (variables it sets and reads, headers it
//! adds or removes, whether it changes the URL, body or auth), the Rust way to
//! do the same, and each script's text, collapsed.
//!
//! The generated client does not run scripts, so a request that depends on one
//! is sent without its effect; the reader needs to know what to supply. What a
//! script touches comes from a lexical reading of its text (comments and
//! strings skipped, calls recognised by their member chain and a literal
//! first argument), the one `cargo xtask scripts-survey` reads the corpus
//! with (`script_scan.rs`): a name computed at run time is reported as such,
//! and anything the reading does not recognise is left to the script text
//! below it.

use crate::ir::Script;
use crate::script_scan::{first_string, ScannedScript};

use super::docs;

/// Longest script text shown, in lines and bytes; the rest is cut with a note.
const MAX_LINES: usize = 60;
const MAX_BYTES: usize = 4000;

/// What a script touches, in the order first seen.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Touches {
    /// Variables it sets or clears (`pm.environment.set("token", ..)`).
    pub sets: Vec<String>,
    /// Variables it reads (`pm.variables.get("apiKey")`).
    pub reads: Vec<String>,
    /// Headers it adds or replaces (`pm.request.headers.add({key: ..})`).
    pub adds_headers: Vec<String>,
    /// Headers it removes.
    pub removes_headers: Vec<String>,
    /// It changes the URL or the query (`pm.request.url.query.add(..)`).
    pub url: bool,
    /// It changes the body (`pm.request.body.update(..)`, `pm.request.body.raw = ..`).
    pub body: bool,
    /// It changes the auth (`pm.request.auth`).
    pub auth: bool,
    /// It sends a request of its own (`pm.sendRequest`).
    pub sends_request: bool,
    /// It reads the response (a test script's `pm.response`, `responseBody`).
    pub reads_response: bool,
}

/// A variable name the script computes at run time.
const COMPUTED: &str = "(a name computed at run time)";

const VARIABLE_SCOPES: &[&str] = &[
    "environment",
    "collectionVariables",
    "globals",
    "variables",
    "iterationData",
];

/// Reads what `script` touches.
pub fn touches(script: &str) -> Touches {
    let scanned = ScannedScript::new(script);
    let mut found = Touches::default();
    for chain in scanned.chains() {
        let first_arg = chain.first_string_arg();
        let assigned = chain.assigned();
        let header_key = || chain.call_args().map(header_key);
        match chain.names.as_slice() {
            ["pm", scope, verb, ..] if VARIABLE_SCOPES.contains(scope) => match *verb {
                "set" | "unset" => push(&mut found.sets, first_arg),
                "get" | "has" => push(&mut found.reads, first_arg),
                _ => {}
            },
            ["postman", call] => match *call {
                "setEnvironmentVariable"
                | "setGlobalVariable"
                | "clearEnvironmentVariable"
                | "clearGlobalVariable" => push(&mut found.sets, first_arg),
                "getEnvironmentVariable" | "getGlobalVariable" => push(&mut found.reads, first_arg),
                _ => {}
            },
            ["pm", "request", "headers", verb, ..] => match *verb {
                "add" | "upsert" => push(&mut found.adds_headers, header_key()),
                "remove" => push(&mut found.removes_headers, first_arg),
                _ => {}
            },
            ["pm", "request", "addHeader"] => push(&mut found.adds_headers, header_key()),
            ["pm", "request", "removeHeader"] => push(&mut found.removes_headers, first_arg),
            ["pm", "request", "url", ..] => {
                let call = chain.names.last().copied().unwrap_or_default();
                if assigned
                    || (first_arg.is_some()
                        && matches!(
                            call,
                            "add" | "upsert" | "remove" | "update" | "addQueryParams"
                        ))
                {
                    found.url = true;
                }
            }
            ["pm", "request", "body", members @ ..]
                if assigned || (first_arg.is_some() && members.last() == Some(&"update")) =>
            {
                found.body = true
            }
            ["pm", "request", "auth", ..] if assigned || first_arg.is_some() => found.auth = true,
            ["pm", "request", "method"] if assigned => found.url = true,
            ["pm", "sendRequest", ..] => found.sends_request = true,
            ["pm", "response", ..] | ["responseBody" | "responseCode" | "responseHeaders"] => {
                found.reads_response = true
            }
            _ => {}
        }
    }
    found
}

/// Adds `name` (or the computed-name marker when the argument is not a
/// string literal) to `list` unless it is there.
fn push(list: &mut Vec<String>, name: Option<Option<String>>) {
    let Some(name) = name else { return };
    let name = name.unwrap_or_else(|| COMPUTED.to_string());
    if !list.contains(&name) {
        list.push(name);
    }
}

/// The header name of `headers.add(..)`: `{key: 'X-Sig', ..}`, or a literal
/// first argument (`'X-Sig: value'` or `upsert('X-Sig', ..)`).
fn header_key(args: &str) -> Option<String> {
    let window: String = args.chars().take(300).collect();
    if let Some(at) = window.find("key") {
        let after = window[at + 3..].trim_start();
        let after = after.trim_start_matches(['"', '\'']).trim_start();
        if let Some(value) = after.strip_prefix(':') {
            return first_string(value);
        }
    }
    first_string(args).map(|text| match text.split_once(':') {
        Some((name, _)) => name.trim().to_string(),
        None => text,
    })
}

/// `text` safe in Markdown prose and an HTML `<summary>`: a folder named
/// `<Users>` must not open a tag.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Where a script is defined, for prose: `the collection`, `folder 'Users'`,
/// `the request` (a script's `level` names the request; its docs need not).
fn owner(level: &str) -> &str {
    match level {
        "collection" => "the collection",
        level if level.starts_with("request ") => "the request",
        level => level,
    }
}

/// `pre-request` or `test`, for prose.
fn listen_name(listen: &str) -> &str {
    match listen {
        "prerequest" => "pre-request",
        other => other,
    }
}

/// One line saying what a script touches.
fn summary(touches: &Touches) -> String {
    let names = |list: &[String]| {
        list.iter()
            .map(|name| {
                if name == COMPUTED {
                    name.clone()
                } else {
                    docs::code(name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let noun = |list: &[String], one: &str| {
        if list.len() == 1 {
            one.to_string()
        } else {
            format!("{one}s")
        }
    };
    let mut parts = Vec::new();
    if !touches.sets.is_empty() {
        parts.push(format!(
            "sets {} {}",
            noun(&touches.sets, "variable"),
            names(&touches.sets)
        ));
    }
    if !touches.reads.is_empty() {
        parts.push(format!(
            "reads {} {}",
            noun(&touches.reads, "variable"),
            names(&touches.reads)
        ));
    }
    if !touches.adds_headers.is_empty() {
        parts.push(format!(
            "adds {} {}",
            noun(&touches.adds_headers, "header"),
            names(&touches.adds_headers)
        ));
    }
    if !touches.removes_headers.is_empty() {
        parts.push(format!(
            "removes {} {}",
            noun(&touches.removes_headers, "header"),
            names(&touches.removes_headers)
        ));
    }
    if touches.url {
        parts.push("changes the URL or query".to_string());
    }
    if touches.body {
        parts.push("changes the body".to_string());
    }
    if touches.auth {
        parts.push("changes the auth".to_string());
    }
    if touches.sends_request {
        parts.push("sends a request of its own".to_string());
    }
    if touches.reads_response {
        parts.push("reads the response".to_string());
    }
    if parts.is_empty() {
        "nothing this reading recognises (see its text)".to_string()
    } else {
        parts.join("; ")
    }
}

/// The script's text as a fenced block that its own backticks cannot close,
/// cut to [`MAX_LINES`] and [`MAX_BYTES`].
fn text_block(text: &str) -> String {
    let mut shown = String::new();
    let mut shown_lines = 0;
    for line in text.lines() {
        if shown_lines == MAX_LINES || shown.len() + line.len() > MAX_BYTES {
            break;
        }
        shown.push_str(line.trim_end());
        shown.push('\n');
        shown_lines += 1;
    }
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run.max(2) + 1);
    let mut block = format!("{fence}js\n{shown}{fence}\n");
    let total = text.lines().count();
    if total > shown_lines {
        block.push_str(&format!(
            "\n({} more lines in the collection.)\n",
            total - shown_lines
        ));
    }
    block
}

/// What to do in Rust instead of the scripts, said once per API (in
/// [`api_section`]) rather than in every operation's docs.
const IN_RUST: &str = "In Rust, give what a script sets with `.var(name, value)` on the client \
     builder (a token with `.token_provider(..)`), and change each request as a pre-request \
     script did in a `before_send` hook on the client builder, which sees the complete request \
     (URL, headers, body) just before it is sent; `after_receive` sees each response, as a test \
     script does.\n";

/// Whether a script runs for more than its own request (the collection's or
/// a folder's): its text is shown once, in the API's docs.
fn shared(script: &Script) -> bool {
    !script.level.starts_with("request ")
}

/// `- the pre-request script of the collection: reads variable ..`
fn touches_line(script: &Script) -> String {
    format!(
        "- the {} script of {}: {}\n",
        listen_name(&script.listen),
        escape_html(owner(&script.level)),
        summary(&touches(&script.source))
    )
}

/// A script's text, collapsed.
fn details(script: &Script) -> String {
    format!(
        "\n<details><summary>The {} script of {}</summary>\n\n{}\n</details>\n",
        listen_name(&script.listen),
        escape_html(owner(&script.level)),
        text_block(&script.source)
    )
}

/// The `# Scripts` section for an operation's docs; empty without scripts.
/// `api_docs` is the path of the item whose docs hold the API's
/// [`api_section`] (`crate`, or `crate::zoom` in a crate of several APIs).
///
/// It says what each script that runs for the request touches, and shows
/// the text of the request's own scripts. What the collection's and its
/// folders' scripts say, and how to do the same in Rust, would be the same
/// paragraphs in every operation that runs them (Stripe's collection-level
/// script was repeated in all 457), so they are in the API's docs, linked.
pub fn section(scripts: &[Script], api_docs: &str) -> String {
    if scripts.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n# Scripts\n\nThe collection runs scripts for this request, and this client does not \
         run them, so a request that depends on them is sent without their effect. What each \
         touches, from a reading of its text:\n\n",
    );
    for script in scripts {
        text.push_str(&touches_line(script));
    }
    let shared_text = if scripts.iter().any(shared) {
        ", and the text of the collection's and its folders' scripts"
    } else {
        ""
    };
    text.push_str(&format!(
        "\nHow to do the same in Rust{shared_text}: [*Scripts*]({api_docs}#scripts) in the API's \
         documentation.\n"
    ));
    for script in scripts.iter().filter(|script| !shared(script)) {
        text.push_str(&details(script));
    }
    text
}

/// The `# Scripts` section of an API's docs, from the scripts of its
/// operations (each operation's, in operation order; empty without any):
/// how to do in Rust what scripts do, then each script of the collection and
/// its folders once, with what it touches and its text.
pub fn api_section<'a>(scripts: impl IntoIterator<Item = &'a Script>) -> String {
    let mut seen: Vec<&Script> = Vec::new();
    let mut any = false;
    for script in scripts {
        any = true;
        if shared(script) && !seen.contains(&script) {
            seen.push(script);
        }
    }
    if !any {
        return String::new();
    }
    let mut text = String::from(
        "# Scripts\n\nThe collection runs scripts, and this client does not run them, so a \
         request that depends on one is sent without its effect; each request's documentation \
         says which run for it and what each touches, from a reading of its text.\n\n",
    );
    text.push_str(IN_RUST);
    if !seen.is_empty() {
        text.push_str("\nThe scripts of the collection and its folders:\n\n");
        for script in &seen {
            text.push_str(&touches_line(script));
        }
        for script in &seen {
            text.push_str(&details(script));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signing_script_sets_reads_and_adds_a_header() {
        let script = r#"
            // pm.environment.set("commented", 1);
            const ts = Date.now();
            pm.environment.set("timestamp", ts);
            const secret = pm.environment.get('apiSecret');
            const url = "https://example.com//not-a-comment";
            pm.request.headers.add({ key: 'X-MBX-APIKEY', value: pm.variables.get("apiKey") });
            pm.request.url.query.add({ key: "signature", value: sig });
            pm.collectionVariables.set(name, 1);
            /* pm.request.body.update("x") */
        "#;
        let found = touches(script);
        assert_eq!(found.sets, ["timestamp", COMPUTED]);
        assert_eq!(found.reads, ["apiSecret", "apiKey"]);
        assert_eq!(found.adds_headers, ["X-MBX-APIKEY"]);
        assert!(found.url && !found.body && !found.auth && !found.reads_response);
    }

    #[test]
    fn legacy_and_test_scripts_are_read_too() {
        let found = touches(
            "var data = JSON.parse(responseBody);\npostman.setEnvironmentVariable(\"token\", data.token);\n\
             pm.request.body = JSON.stringify(x);\npm.request.removeHeader('Cookie');\npm.sendRequest(req, cb);",
        );
        assert_eq!(found.sets, ["token"]);
        assert_eq!(found.removes_headers, ["Cookie"]);
        assert!(found.body && found.reads_response && found.sends_request);
    }

    fn script(level: &str, listen: &str, source: &str) -> Script {
        Script {
            listen: listen.to_string(),
            level: level.to_string(),
            source: source.to_string(),
        }
    }

    /// The collection's and folders' scripts are shown once, in the API's
    /// docs, and linked from each operation, which still says what each
    /// touches; a request's own script is shown in its operation only.
    #[test]
    fn shared_scripts_are_shown_once_in_the_api_docs_and_linked() {
        let collection = script("collection", "prerequest", "pm.environment.set('ts', 1);");
        let folder = script(
            "folder 'Orders'",
            "prerequest",
            "pm.variables.get('window');",
        );
        let own = script(
            "request 'New order'",
            "test",
            "pm.environment.set('orderId', 2);",
        );
        let first = [collection.clone(), folder.clone(), own.clone()];
        let second = [collection.clone()];
        let operation = section(&first, "crate::binance");
        assert!(
            operation.contains("[*Scripts*](crate::binance#scripts)"),
            "{operation}"
        );
        for line in [
            "- the pre-request script of the collection: sets variable `ts`",
            "- the pre-request script of folder 'Orders': reads variable `window`",
            "- the test script of the request: sets variable `orderId`",
        ] {
            assert!(operation.contains(line), "{line}: {operation}");
        }
        assert!(
            operation.contains("pm.environment.set('orderId', 2);"),
            "{operation}"
        );
        assert!(
            !operation.contains("pm.environment.set('ts', 1);"),
            "{operation}"
        );
        assert!(!operation.contains("before_send"), "{operation}");
        // A request with its own script only links for the Rust way.
        let alone = section(std::slice::from_ref(&own), "crate");
        assert!(
            alone.contains("How to do the same in Rust: [*Scripts*](crate#scripts)"),
            "{alone}"
        );

        let api = api_section(first.iter().chain(&second));
        assert!(api.starts_with("# Scripts\n"), "{api}");
        assert!(api.contains("before_send"), "{api}");
        assert_eq!(
            api.matches("pm.environment.set('ts', 1);").count(),
            1,
            "{api}"
        );
        assert_eq!(
            api.matches("pm.variables.get('window');").count(),
            1,
            "{api}"
        );
        assert!(!api.contains("orderId"), "{api}");
        assert!(
            api.find("script of the collection</summary>")
                < api.find("script of folder 'Orders'</summary>"),
            "{api}"
        );
        assert_eq!(api_section(&[]), "");
        assert_eq!(section(&[], "crate"), "");
    }

    #[test]
    fn script_text_cannot_close_its_fence_and_long_text_is_cut() {
        let block = text_block("const s = `a ``` b`;");
        assert!(block.starts_with("````js\n"), "{block}");
        let long: String = (0..100).map(|i| format!("line{i}();\n")).collect();
        let block = text_block(&long);
        assert_eq!(block.matches("();").count(), MAX_LINES);
        assert!(
            block.contains("(40 more lines in the collection.)"),
            "{block}"
        );
    }
}
