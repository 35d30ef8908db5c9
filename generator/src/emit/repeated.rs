//! Impl members that recur verbatim, printed once per thread.
//!
//! Every request builder carries methods whose tokens are the same from one
//! operation to the next (`send_streaming` and `send_streaming_blocking`
//! with their docs), and setters recur across operations (`page_size`).
//! Parsing them back with syn and printing them with prettyplease was about
//! a fifth of the printed lines of synth.py 1000's folders, each time the
//! same text (docs/performance.md, "Session 26: generation speed").
//!
//! So [`print_items`] prints an `impl` item as before, unless one of its
//! members has been seen before on this thread: then that member's text is
//! printed once (alone in an `impl` of its own) and kept with its tokens as
//! they display, and every later member with equal tokens takes the kept
//! text. The `impl` itself is printed with a one-line placeholder method in
//! place of each such member, and the placeholder's line is replaced by the
//! text.
//!
//! The printed text is the same: prettyplease prints an `impl`'s members one
//! after another, each from its own line at the impl's indentation and ended
//! by a hard line break, so a member's text does not depend on its
//! neighbours, and a placeholder method (one line) does not change theirs.
//! Tokens are compared as they display (the text a proc macro would see),
//! so only equal tokens share a text. A member's own doc block (its first
//! attribute, `super::doc_block`) is set aside first: its placeholder
//! prints as one line, written directly, so a setter of the same field in
//! another request, with docs of its own, shares the rest.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};

use foldhash::{HashMap, HashSet};
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::quote;

use super::doc_block::MARK;
use super::print::{print_piece, split_items};

/// The most text kept per thread: the members that recur in one crate are
/// tens to hundreds of kilobytes; past this size the store starts over
/// (what still recurs is kept again the next time it comes).
const MAX_KEPT_BYTES: usize = 2 << 20;

/// The most hashes of members remembered per thread (8 bytes each), a
/// dozen per operation; past it they are forgotten and learnt again.
const MAX_SEEN: usize = 1 << 18;

/// The placeholder methods' name; generated method names never start with
/// `_` (`names::snake_ident`).
const PLACEHOLDER: &str = "__printed_member_";

thread_local! {
    static MEMBERS: RefCell<Members> = RefCell::new(Members::default());
}

#[derive(Default)]
struct Members {
    /// Texts printed elsewhere (on another thread) for members of an impl
    /// printed here: [`preprinted`]'s placeholders.
    preprinted: HashMap<u64, String>,
    next_preprinted: u64,
    /// Hashes of the tokens of members printed in place once.
    seen: HashSet<u64>,
    /// Members seen more than once, by the hash of their tokens.
    kept: HashMap<u64, Kept>,
    kept_bytes: usize,
}

/// A member seen more than once.
struct Kept {
    /// Its tokens as they display ([`display`]).
    display: String,
    /// Its text as printed in an impl at the top level of a file (four
    /// spaces in), lines ended by `\n`.
    text: String,
}

/// Why [`print_items`] printed nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unprinted {
    /// An item does not parse on its own (the caller parses the whole).
    DoesNotParse,
    /// A [`preprinted`] placeholder whose text was taken by an earlier
    /// print, or was put on another thread: a generator bug.
    MissingText,
}

/// Prints top-level items as [`super::print::print_item_by_item`] does,
/// taking recurring `impl` members' text from this thread's store.
pub fn print_items(tokens: TokenStream) -> Result<String, Unprinted> {
    let mut printed = String::new();
    let mut missing = false;
    let all = split_items(tokens, |item| print_item(&mut printed, item, &mut missing));
    match all {
        Some(()) => Ok(printed),
        None if missing => Err(Unprinted::MissingText),
        None => Err(Unprinted::DoesNotParse),
    }
}

fn print_item(printed: &mut String, item: Vec<TokenTree>, missing: &mut bool) -> Option<()> {
    // A whole item printed beforehand (at the top level of a file).
    if let Some(number) = preprinted_number(&item) {
        let text = MEMBERS.with(|store| store.borrow_mut().preprinted.remove(&number));
        *missing |= text.is_none();
        printed.push_str(&text?);
        return Some(());
    }
    let Some(body) = impl_body(&item) else {
        return print_piece(printed, item);
    };
    let mut members: Vec<Vec<TokenTree>> = Vec::new();
    split_items(body.stream(), |member| {
        members.push(member);
        Some(())
    })?;
    // What each member's text will be: `Some` when it is (or is now) kept,
    // or was printed beforehand.
    let texts: Vec<Option<String>> = MEMBERS.with(|store| {
        let mut store = store.borrow_mut();
        members
            .iter()
            .map(|member| {
                if let Some(number) = preprinted_number(member) {
                    let text = store.preprinted.remove(&number);
                    *missing |= text.is_none();
                    return text.map(Some);
                }
                // A member's own doc block (its first attribute) prints as
                // one placeholder line that `doc_block` expands later: what
                // may recur is the rest (a setter of the same field in
                // another request, with docs of its own).
                let (docs_line, rest) = match own_docs(member) {
                    Some(line) => (line, &member[2..]),
                    None => (String::new(), &member[..]),
                };
                let Some(display) = display(rest) else {
                    return Some(None);
                };
                let key = hash(&display);
                if let Some(kept) = store.kept.get(&key) {
                    // Equal tokens, not only an equal hash.
                    return Some((kept.display == display).then(|| docs_line + &kept.text));
                }
                if !store.seen.contains(&key) {
                    // Full: start over rather than stop learning, so that
                    // what recurs late in a large collection is still kept.
                    if store.seen.len() >= MAX_SEEN {
                        store.seen.clear();
                    }
                    store.seen.insert(key);
                    return Some(None);
                }
                // The second time: print it alone and keep it.
                let text = print_member(rest.to_vec())?;
                let size = display.len() + text.len();
                if text.contains(MARK) || size > MAX_KEPT_BYTES {
                    return Some(None);
                }
                if store.kept_bytes + size > MAX_KEPT_BYTES {
                    store.kept.clear();
                    store.kept_bytes = 0;
                }
                store.kept_bytes += size;
                let member_text = docs_line + &text;
                store.kept.insert(key, Kept { display, text });
                Some(Some(member_text))
            })
            .collect::<Option<Vec<_>>>()
    })?;
    if texts.iter().all(Option::is_none) {
        return print_piece(printed, item);
    }
    // The impl with a placeholder method for each kept member.
    let mut body_tokens = TokenStream::new();
    for (index, (member, text)) in members.into_iter().zip(&texts).enumerate() {
        if text.is_some() {
            let name = Ident::new(&format!("{PLACEHOLDER}{index}"), Span::call_site());
            body_tokens.extend(quote!(fn #name() {}));
        } else {
            body_tokens.extend(member);
        }
    }
    let mut skeleton = item;
    skeleton.pop();
    skeleton.push(TokenTree::Group(Group::new(Delimiter::Brace, body_tokens)));
    let mut outline = String::new();
    print_piece(&mut outline, skeleton)?;
    for line in outline.split_inclusive('\n') {
        let placeholder = line
            .strip_prefix("    fn ")
            .and_then(|rest| rest.strip_prefix(PLACEHOLDER))
            .and_then(|rest| rest.strip_suffix("() {}\n"))
            .and_then(|index| index.parse::<usize>().ok());
        match placeholder.and_then(|index| texts.get(index)?.as_deref()) {
            Some(text) => printed.push_str(text),
            None => printed.push_str(line),
        }
    }
    Some(())
}

/// Members of a top-level impl, printed (by [`print_members`], on any
/// thread, or as text by `operation::text`), as a placeholder member for an
/// impl printed on this thread: printing puts `text` in its place. The same
/// placeholder stands for a whole item printed beforehand at the top level
/// of a file (a builder struct printed as text).
pub fn preprinted(text: String) -> TokenStream {
    let number = MEMBERS.with(|store| {
        let mut store = store.borrow_mut();
        let number = store.next_preprinted;
        store.next_preprinted += 1;
        store.preprinted.insert(number, text);
        number
    });
    let name = Ident::new(&format!("{PREPRINTED}{number}"), Span::call_site());
    quote!(fn #name() {})
}

/// The name of [`preprinted`]'s placeholders; generated method names never
/// start with `_`.
const PREPRINTED: &str = "__preprinted_members_";

/// The number of a [`preprinted`] placeholder member.
fn preprinted_number(member: &[TokenTree]) -> Option<u64> {
    let [TokenTree::Ident(word), TokenTree::Ident(name), TokenTree::Group(params), TokenTree::Group(body)] =
        member
    else {
        return None;
    };
    if word != "fn" || !params.stream().is_empty() || !body.stream().is_empty() {
        return None;
    }
    name.to_string().strip_prefix(PREPRINTED)?.parse().ok()
}

/// For a member whose first attribute is a doc block's placeholder
/// (`#[doc = "\u{1}N\u{1}"]`), the line prettyplease prints for it in an
/// impl at the top level of a file.
fn own_docs(member: &[TokenTree]) -> Option<String> {
    let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(attribute))) =
        (member.first(), member.get(1))
    else {
        return None;
    };
    if hash.as_char() != '#' || attribute.delimiter() != Delimiter::Bracket {
        return None;
    }
    let tokens: Vec<TokenTree> = attribute.stream().into_iter().collect();
    let [TokenTree::Ident(doc), TokenTree::Punct(equals), TokenTree::Literal(value)] =
        tokens.as_slice()
    else {
        return None;
    };
    if doc != "doc" || equals.as_char() != '=' {
        return None;
    }
    let value = value.to_string();
    let number = value
        .strip_prefix(&format!("\"{ESCAPED_MARK}"))?
        .strip_suffix(&format!("{ESCAPED_MARK}\""))?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("    ///{MARK}{number}{MARK}\n"))
}

/// The body of an `impl` item (`#[attrs] unsafe? impl ... { body }`).
fn impl_body(item: &[TokenTree]) -> Option<&Group> {
    let mut index = 0;
    while let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(_))) =
        (item.get(index), item.get(index + 1))
    {
        if hash.as_char() != '#' {
            break;
        }
        index += 2;
    }
    if matches!(item.get(index), Some(TokenTree::Ident(word)) if word == "unsafe") {
        index += 1;
    }
    if !matches!(item.get(index), Some(TokenTree::Ident(word)) if word == "impl") {
        return None;
    }
    match item.last() {
        Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => Some(body),
        _ => None,
    }
}

/// A member's text as printed in an impl at the top level of a file.
fn print_member(member: Vec<TokenTree>) -> Option<String> {
    let body: TokenStream = member.into_iter().collect();
    let mut printed = String::new();
    print_piece(
        &mut printed,
        quote!(impl PrintedAlone { #body }).into_iter().collect(),
    )?;
    let inner = printed
        .strip_prefix("impl PrintedAlone {\n")?
        .strip_suffix("}\n")?;
    Some(inner.to_string())
}

/// The tokens as they display (spaces between tokens except after a joint
/// punctuation, as `TokenStream`'s own `Display`); `None`, as soon as it
/// shows, for a member that holds a doc block's placeholder (its literal
/// displays the mark escaped): such a member is unique, and its docs come
/// first.
fn display(tokens: &[TokenTree]) -> Option<String> {
    struct Unique(String);
    impl std::fmt::Write for Unique {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            if text.contains(ESCAPED_MARK) {
                return Err(std::fmt::Error);
            }
            self.0.push_str(text);
            Ok(())
        }
    }
    let mut out = Unique(String::new());
    let mut joint = false;
    for (index, token) in tokens.iter().enumerate() {
        if index != 0 && !joint {
            out.0.push(' ');
        }
        joint = matches!(token, TokenTree::Punct(punct) if punct.spacing() == proc_macro2::Spacing::Joint);
        write!(out, "{token}").ok()?;
    }
    Some(out.0)
}

/// A member's hash. Only equal displays share a text (a hash collision is
/// caught by comparing them), so the hasher is chosen for speed: foldhash,
/// with a fixed seed so that what is kept does not vary from run to run.
fn hash(text: &str) -> u64 {
    let mut hasher = foldhash::quality::FixedState::default().build_hasher();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// How a string literal holding [`MARK`] displays it.
const ESCAPED_MARK: &str = "\\u{1}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::print::print_item_by_item;

    fn fixed_methods() -> TokenStream {
        quote! {
            /// Sends a header.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extra.header(name.into(), value.into());
                self
            }
            /// Streams the body.
            #[cfg(feature = "async")]
            pub fn send_streaming(self) -> runtime::SendingStreamed<'a> {
                runtime::SendingStreamed::new(&self.client.core, self.request())
            }
        }
    }

    fn builder(name: &str, setter: &str) -> TokenStream {
        let name = Ident::new(name, Span::call_site());
        let setter = Ident::new(setter, Span::call_site());
        let fixed = fixed_methods();
        quote! {
            pub struct #name<'a> { client: &'a Client }
            impl<'a> #name<'a> {
                pub(crate) fn new(client: &'a Client) -> Self { #name { client } }
                /// A setter whose name is long enough that its signature has to be broken over lines when printed.
                pub fn #setter(mut self, value_with_a_long_name: impl Into<String>, another_value: impl Into<String>) -> Self {
                    self.value = Some(value_with_a_long_name.into());
                    self
                }
                #fixed
            }
        }
    }

    #[test]
    fn recurring_members_print_as_they_did_and_are_kept_from_the_second_time() {
        let builders = [
            ("First", "page_size"),
            ("Second", "page_size"),
            ("Third", "other_setter"),
            ("Fourth", "page_size"),
        ];
        let before = MEMBERS.with(|store| store.borrow().kept.len());
        for (index, (name, setter)) in builders.into_iter().enumerate() {
            let tokens = builder(name, setter);
            let expected = print_item_by_item(tokens.clone()).expect("prints");
            let printed = print_items(tokens).expect("prints");
            assert_eq!(printed, expected, "builder {index}");
            assert!(!printed.contains(PLACEHOLDER));
        }
        // `header`, `send_streaming` and the `page_size` setter recur; `new`
        // differs per builder, `other_setter` is seen once.
        let kept = MEMBERS.with(|store| store.borrow().kept.len());
        assert_eq!(kept - before, 3);
    }

    #[test]
    fn preprinted_members_print_as_members_printed_in_place() {
        let members = || {
            vec![
                quote!(
                    pub fn first(
                        &self,
                        argument_with_a_long_name: impl Into<String>,
                        another_argument: u64,
                    ) -> Builder<'_> {
                        Builder::new(self, argument_with_a_long_name.into(), another_argument)
                    }
                ),
                quote!(
                    pub fn second(&self) -> u8 {
                        2
                    }
                ),
            ]
        };
        let in_place = {
            let members = members();
            crate::emit::rust::print_items(
                "x.rs",
                quote!(impl Client { pub fn own(&self) {} #(#members)* pub fn last(&self) {} }),
            )
            .expect("prints")
        };
        // Printed on another thread, put in place on this one.
        let text = std::thread::spawn(move || {
            crate::emit::rust::print_members("x.rs", members()).expect("prints")
        })
        .join()
        .expect("joins");
        let placeholder = preprinted(text);
        let printed = crate::emit::rust::print_items(
            "x.rs",
            quote!(impl Client { pub fn own(&self) {} #placeholder pub fn last(&self) {} }),
        )
        .expect("prints");
        assert_eq!(printed, in_place);
        assert!(
            printed.contains("    pub fn second(&self) -> u8 {\n        2\n    }\n"),
            "{printed}"
        );
        // Its text is taken: a second print of the placeholder is an error.
        assert!(
            crate::emit::rust::print_items("x.rs", quote!(impl Client { #placeholder })).is_err()
        );
    }

    #[test]
    fn members_that_differ_only_in_their_own_docs_share_the_rest() {
        let setter = |docs: &str| {
            let docs = crate::emit::rust::doc_attrs(docs);
            quote! {
                impl<'a> Builder<'a> {
                    #docs
                    pub fn expand_with_a_long_name(mut self, values_to_expand: impl IntoIterator<Item = impl Into<String>>) -> Self {
                        self.expand.extend(values_to_expand.into_iter().map(Into::into));
                        self
                    }
                }
            }
        };
        for (index, docs) in ["First docs.", "Second docs,\n\ntwo paragraphs.", "Third."]
            .into_iter()
            .enumerate()
        {
            // Printed as before (item by item, docs put in), then through
            // the store.
            let expected =
                super::super::doc_block::expand(print_item_by_item(setter(docs)).expect("prints"))
                    .expect("expands");
            let printed = crate::emit::rust::print_items("x.rs", setter(docs)).expect("prints");
            assert_eq!(printed, expected, "setter {index}");
            assert!(printed.contains(&format!(
                "    /// {}",
                docs.lines().next().unwrap_or_default()
            )));
        }
        let kept = MEMBERS.with(|store| {
            store
                .borrow()
                .kept
                .values()
                .any(|kept| kept.text.contains("pub fn expand_with_a_long_name("))
        });
        assert!(kept, "the setter without its docs was kept");
    }

    #[test]
    fn only_impl_items_are_looked_into() {
        let item: Vec<TokenTree> = quote!(
            pub fn f() -> impl Iterator<Item = u8> {
                std::iter::empty()
            }
        )
        .into_iter()
        .collect();
        assert!(impl_body(&item).is_none());
        let item: Vec<TokenTree> = quote!(
            #[allow(dead_code)]
            unsafe impl Send for X {}
        )
        .into_iter()
        .collect();
        assert!(impl_body(&item).is_some());
    }

    #[test]
    fn displays_tell_joint_from_separate_punctuation() {
        let joint: Vec<TokenTree> = quote!(a::b).into_iter().collect();
        let separate: Vec<TokenTree> = "a : : b"
            .parse::<TokenStream>()
            .expect("lexes")
            .into_iter()
            .collect();
        assert_ne!(display(&joint), display(&separate));
        let again: Vec<TokenTree> = quote!(a::b).into_iter().collect();
        assert_eq!(display(&joint), display(&again));
        assert_eq!(display(&joint).as_deref(), Some("a :: b"));
        assert_eq!(display(&separate).as_deref(), Some("a : : b"));
    }

    #[test]
    fn a_display_stops_at_a_doc_block() {
        let docs = crate::emit::rust::doc_attrs("Docs made for this member.");
        let member: Vec<TokenTree> = quote!(#docs fn a() {}).into_iter().collect();
        assert_eq!(display(&member), None);
        // Printed (and its docs taken) so that no block is left behind.
        crate::emit::rust::print_items("x.rs", quote!(#docs fn a() {})).expect("prints");
    }
}
