//! Doc comments that syn never parses: a whole block of doc lines goes into
//! the token stream as one short placeholder attribute, and its lines are put
//! in its place after prettyplease has printed the item.
//!
//! Why: the generated crates are mostly documentation (an operation's docs
//! with its example run to dozens of lines), and every `#[doc = "..."]`
//! attribute costs syn a full attribute parse (path, `=`, an expression) and
//! its string literal an unescaping twice (`Lit::new` and `LitStr::value`),
//! after `quote` escaped it. That was a sixth of all the instructions of
//! `generate` (docs/performance.md, "Session 26: generation speed").
//!
//! The printed text is the same: prettyplease prints a `#[doc = "v"]` whose
//! value holds no newline and does not start with `/` as `///v` (`//!v` for
//! an inner one), on a line of its own at the item's indentation, followed by
//! a hard line break. Every line [`super::rust::doc_attrs`] makes is such a
//! value (empty, or a space and text without trailing whitespace or control
//! characters), so the placeholder's line, with `///v` for each of the
//! block's lines in its place, is what printing the attributes one by one
//! gives. A hard break before the item's own tokens in both cases means the
//! rest of the layout does not depend on the doc text.
//!
//! So a doc block must be an attribute of an item, field, variant or
//! member, which prettyplease prints on lines of their own: inside a macro
//! invocation's tokens (printed as they are) its placeholder would stay.
//!
//! The blocks are kept per thread: a token stream is not `Send`, so it is
//! printed on the thread that built it. A block is taken out by the call
//! that prints its placeholder, or dropped with the [`Scope`] it was made
//! in (an emitter may build docs it then leaves out).

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use proc_macro2::TokenStream;
use quote::quote;

/// Starts and ends a placeholder. A control character: the doc lines
/// themselves never hold one (they are replaced by spaces), and a string
/// literal that `quote` makes prints them escaped.
pub(super) const MARK: char = '\u{1}';

thread_local! {
    static BLOCKS: RefCell<Blocks> = RefCell::new(Blocks::default());
}

#[derive(Default)]
struct Blocks {
    next: u64,
    /// Placeholder number → the block's lines, each as prettyplease prints
    /// the attribute's value (empty, or starting with a space).
    pending: BTreeMap<u64, Vec<String>>,
}

/// While it lives, blocks made on this thread belong to it; when it is
/// dropped, those not printed are dropped too (an emitter may build docs it
/// then leaves out). Scopes nest: one opened in a nested generation (a rayon
/// worker that steals another crate's job while it waits) closes before the
/// enclosing one goes on, and drops only its own blocks.
#[must_use = "blocks are released when the scope is dropped"]
pub struct Scope {
    first: u64,
}

/// Opens a [`Scope`] on this thread.
pub fn scope() -> Scope {
    Scope {
        first: BLOCKS.with(|blocks| blocks.borrow().next),
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        BLOCKS.with(|blocks| {
            // Dropped outside the borrow: a block's strings are freed after
            // the table is released.
            let _unprinted = blocks.borrow_mut().pending.split_off(&self.first);
        });
    }
}

/// `#[doc]` (or `#![doc]` when `inner`) for `lines`: nothing when there are
/// none, else one placeholder attribute that [`expand`] replaces.
pub fn attrs(lines: Vec<String>, inner: bool) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    let number = BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let number = blocks.next;
        blocks.next += 1;
        blocks.pending.insert(number, lines);
        number
    });
    let placeholder = format!("{MARK}{number}{MARK}");
    if inner {
        quote!(#![doc = #placeholder])
    } else {
        quote!(#[doc = #placeholder])
    }
}

/// Printed text with every placeholder line replaced by its block's lines;
/// `None` when a placeholder's block is not there (printed by an earlier
/// call, or built on another thread: a generator bug).
pub fn expand(printed: String) -> Option<String> {
    if !printed.contains(MARK) {
        return Some(printed);
    }
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        // An emitter may interpolate one block twice in what it prints at
        // once (`send` and `send_blocking` share their docs).
        let mut expanded: HashMap<u64, Vec<String>> = HashMap::new();
        super::print::replace_lines(&printed, MARK, |line, out| {
            let Some((prefix, number)) = placeholder(line) else {
                out.push_str(line);
                return Some(());
            };
            let lines = match expanded.entry(number) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => entry.insert(blocks.pending.remove(&number)?),
            };
            for value in lines.iter() {
                out.push_str(prefix);
                out.push_str(value);
                out.push('\n');
            }
            Some(())
        })
    })
}

/// For a printed placeholder line (`    ///\u{1}12\u{1}\n`), the text before
/// the value (`    ///`) and the placeholder's number.
fn placeholder(line: &str) -> Option<(&str, u64)> {
    let body = line.strip_suffix('\n')?.strip_suffix(MARK)?;
    let (prefix, number) = body.rsplit_once(MARK)?;
    let comment = prefix.trim_start_matches(' ');
    if comment != "///" && comment != "//!" {
        return None;
    }
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix, number.parse().ok()?))
}

/// How many blocks this thread holds that were made but not printed yet.
#[cfg(test)]
pub fn pending() -> usize {
    BLOCKS.with(|blocks| blocks.borrow().pending.len())
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use quote::quote;

    use super::super::rust::{doc_attrs, doc_lines, inner_doc_attrs, print_items};
    use super::*;

    /// What printing gave before placeholders: one `#[doc]` per line.
    fn printed_line_by_line(items: impl Fn(&dyn Fn(&str) -> TokenStream) -> TokenStream) -> String {
        let per_line = |text: &str| {
            let lines = doc_lines(text);
            quote!(#( #[doc = #lines] )*)
        };
        let tokens = items(&per_line);
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn placeholders_print_as_the_attributes_they_stand_for() {
        let text = "First line\n\n\tindented by a tab  \n  two spaces\n/// slashes\n*/ not a block end\nünïcode — \u{202E} and \r a CR\n\n\n";
        let long = "word ".repeat(60);
        let items = |docs: &dyn Fn(&str) -> TokenStream| {
            let item_docs = docs(text);
            let field_docs = docs(&long);
            let method_docs = docs("A method.\n\nWith a second paragraph.");
            let variant_docs = docs(text);
            let empty = docs("");
            quote! {
                #item_docs
                pub struct Wide {
                    #field_docs
                    pub field_with_a_long_name: std::collections::BTreeMap<String, Vec<Option<String>>>,
                }
                impl Wide {
                    #method_docs
                    pub fn method(&self, first_argument: &str, second_argument: &str, third_argument: &str) -> usize {
                        first_argument.len() + second_argument.len() + third_argument.len()
                    }
                }
                #empty
                pub enum Choice {
                    #variant_docs
                    A,
                    B,
                }
            }
        };
        let expected = printed_line_by_line(items);
        let printed = print_items("x.rs", items(&doc_attrs)).expect("prints");
        assert_eq!(printed, expected);
        assert!(
            printed.contains("    /// A method.\n    ///\n    /// With a second paragraph.\n"),
            "{printed}"
        );
        assert!(!printed.contains(MARK), "{printed}");
    }

    #[test]
    fn inner_docs_print_as_module_comments() {
        let tokens = {
            let docs = inner_doc_attrs("Module docs.\n\nMore.");
            quote!(#docs use a::b;)
        };
        let printed = print_items("x.rs", tokens).expect("prints");
        assert_eq!(printed, "//! Module docs.\n//!\n//! More.\nuse a::b;\n");
    }

    #[test]
    fn a_block_used_twice_in_one_print_is_expanded_twice_and_then_released() {
        let before = pending();
        let docs = doc_attrs("Shared docs.");
        assert_eq!(pending(), before + 1);
        let printed = print_items("x.rs", quote!(#docs fn a() {} #docs fn b() {})).expect("prints");
        assert_eq!(
            printed,
            "/// Shared docs.\nfn a() {}\n/// Shared docs.\nfn b() {}\n"
        );
        assert_eq!(pending(), before);
        // Printed again by a later call, its lines are gone: an error, never
        // a placeholder in the output.
        assert!(print_items("x.rs", quote!(#docs fn c() {})).is_err());
    }

    #[test]
    fn a_scope_drops_only_the_blocks_made_in_it() {
        let outer = scope();
        let kept = doc_attrs("Made before the inner scope.");
        {
            let _inner = scope();
            let _dropped = doc_attrs("Made and left in the inner scope.");
            assert_eq!(pending(), 2);
        }
        assert_eq!(pending(), 1);
        let printed = print_items("x.rs", quote!(#kept fn a() {})).expect("prints");
        assert_eq!(printed, "/// Made before the inner scope.\nfn a() {}\n");
        let _left = doc_attrs("Left in the outer scope.");
        drop(outer);
        assert_eq!(pending(), 0);
    }

    #[test]
    fn a_whole_crate_leaves_no_block_behind() {
        let before = pending();
        let api = crate::load_api(
            serde_json::json!({
                "info": {"name": "Docs", "description": "An API.\n\nWith docs.",
                         "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
                "item": [
                    {"name": "Folder", "description": "A folder.", "item": [
                        {"name": "Get thing", "request": {"method": "GET", "description": "Gets it.",
                            "url": {"raw": "https://api.example.com/things/:id?q=1",
                                    "host": ["api", "example", "com"], "path": ["things", ":id"],
                                    "query": [{"key": "q", "value": "1", "description": "A query."}]}}}
                    ]},
                    {"name": "Ping", "request": {"method": "POST", "url": "https://api.example.com/ping",
                        "body": {"mode": "raw", "raw": "{\"a\": 1}", "options": {"raw": {"language": "json"}}}}}
                ]
            })
            .to_string()
            .as_bytes(),
        )
        .expect("lowers");
        let types = crate::ir::TypeTable::default();
        let input = super::super::ApiInput {
            api: &api,
            types: &types,
            module: "docs",
        };
        let files = super::super::emit_crate(
            &[input],
            &super::super::CrateOptions::new("docs-client", "0.1.0"),
        )
        .expect("emits");
        assert!(files.values().all(|text| !text.contains(MARK)));
        assert!(
            files["src/operations.rs"].contains("/// Sends the request"),
            "{:?}",
            files.keys()
        );
        let left: Vec<Vec<String>> =
            BLOCKS.with(|b| b.borrow().pending.values().cloned().collect());
        assert_eq!(
            pending(),
            before,
            "every block made on this thread was printed: {left:?}"
        );
    }
}
