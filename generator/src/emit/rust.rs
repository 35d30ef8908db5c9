//! Turning token streams into formatted Rust files, plus identifier and doc
//! attribute helpers shared by the emitters.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::diagnostics::Error;
use crate::names;

use super::doc_block;
pub use super::print::{finish_file, HEADER};
use super::printed_statements;
use super::repeated;

/// The width prettyplease fills lines to (its `MARGIN`): a line at most this
/// wide, in bytes, is never broken. The text paths (`operation/text.rs`,
/// `types/text.rs`) print a shape themselves only where every line fits it.
pub(super) const MARGIN: usize = 89;

/// A string literal as `proc_macro2::Literal::string` makes it (and
/// prettyplease prints it): printable ASCII other than `"` and `\` stands
/// for itself, without building a `Literal` to print it.
pub(super) fn string_literal(text: &str) -> String {
    let plain = text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    match plain {
        // Sized once: doc examples and descriptions can be long.
        true => ["\"", text, "\""].concat(),
        false => proc_macro2::Literal::string(text).to_string(),
    }
}

/// Parses `tokens` as a file, prints it with prettyplease, spaces out items and
/// prepends the generated-file header.
pub fn format_file(path: &str, tokens: TokenStream) -> Result<String, Error> {
    Ok(finish_file(&print_items(path, tokens)?))
}

/// Prints top-level items (a whole file, or a run of its items) with
/// prettyplease, without the header and spacing [`finish_file`] adds. Pieces
/// of one file printed separately and concatenated give the same text as
/// printing the file at once.
pub fn print_items(path: &str, tokens: TokenStream) -> Result<String, Error> {
    let printed = match repeated::print_items(tokens.clone()) {
        Ok(printed) => printed,
        Err(repeated::Unprinted::MissingText) => {
            return Err(Error::new(
                "emit-invalid-rust",
                path,
                "impl members printed beforehand were put in place twice or on another thread; this is a generator bug",
            ))
        }
        Err(repeated::Unprinted::DoesNotParse) => {
            let file: syn::File = syn::parse2(tokens).map_err(|error| {
                Error::new(
                    "emit-invalid-rust",
                    path,
                    format!(
                        "the emitter produced Rust that does not parse ({error}); this is a generator bug"
                    ),
                )
            })?;
            prettyplease::unparse(&file)
        }
    };
    let printed = printed_statements::expand(printed).ok_or_else(|| {
        Error::new(
            "emit-invalid-rust",
            path,
            "statements printed beforehand were put in place twice, on another thread or at another indentation; this is a generator bug",
        )
    })?;
    doc_block::expand(printed).ok_or_else(|| {
        Error::new(
            "emit-invalid-rust",
            path,
            "docs were printed twice or on another thread than the one that made them; this is a generator bug",
        )
    })
}

/// `members` printed as the members of an impl at the top level of a file
/// (four spaces in, docs expanded), for [`repeated::preprinted`].
pub fn print_members(path: &str, members: Vec<TokenStream>) -> Result<String, Error> {
    if members.is_empty() {
        return Ok(String::new());
    }
    let printed = print_items(path, quote!(impl PrintedAlone { #(#members)* }))?;
    printed
        .strip_prefix("impl PrintedAlone {\n")
        .and_then(|inner| inner.strip_suffix("}\n"))
        .map(str::to_string)
        .ok_or_else(|| {
            Error::new(
                "emit-invalid-rust",
                path,
                "impl members did not print as members; this is a generator bug",
            )
        })
}

/// Parses and formats hand-written Rust source (the runtime), validating it.
pub fn format_source(path: &str, source: &str) -> Result<String, Error> {
    let tokens: TokenStream = source.parse().map_err(|error| {
        Error::new(
            "emit-invalid-rust",
            path,
            format!("runtime source does not lex: {error}"),
        )
    })?;
    format_file(path, tokens)
}

/// An identifier for `name`: keywords become raw identifiers (`r#type`), or
/// get a `_` suffix where raw identifiers are not allowed (`self_`); anything
/// that is not an identifier at all is turned into one.
pub fn ident(name: &str) -> Ident {
    let valid = !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_";
    if !valid {
        return Ident::new(&names::snake_ident(name, "value"), Span::call_site());
    }
    match name {
        "self" | "Self" | "super" | "crate" => Ident::new(&format!("{name}_"), Span::call_site()),
        _ if names::is_keyword(name) => Ident::new_raw(name, Span::call_site()),
        _ => Ident::new(name, Span::call_site()),
    }
}

/// The text of [`ident`]`(name)` without making the identifier (which
/// costs an allocation and its printing another): the name itself where
/// it is an identifier and no keyword. The text paths spell every input's
/// name several times.
pub fn ident_text(name: &str) -> std::borrow::Cow<'_, str> {
    let valid = !name.is_empty()
        && name
            .bytes()
            .next()
            .is_some_and(|c| c == b'_' || c.is_ascii_alphabetic())
        && name.bytes().all(|c| c == b'_' || c.is_ascii_alphanumeric())
        && name != "_";
    if !valid {
        return names::snake_ident(name, "value").into();
    }
    match name {
        "self" | "Self" | "super" | "crate" => format!("{name}_").into(),
        _ if names::is_keyword(name) => format!("r#{name}").into(),
        _ => name.into(),
    }
}

/// Outer docs (`///` lines once printed), as one placeholder `#[doc]`
/// attribute that printing replaces with the lines (see [`doc_block`]).
pub fn doc_attrs(text: &str) -> TokenStream {
    doc_block::attrs(doc_lines(text), false)
}

/// Inner (module) docs (`//!` lines once printed), as [`doc_attrs`].
pub fn inner_doc_attrs(text: &str) -> TokenStream {
    doc_block::attrs(doc_lines(text), true)
}

/// Lines as rustc desugars `/// text`: each with a leading space unless empty.
pub(super) fn doc_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for_each_doc_line(text, |line| {
        lines.push(if line.is_empty() {
            String::new()
        } else {
            let mut spaced = String::with_capacity(line.len() + 1);
            spaced.push(' ');
            spaced.push_str(line);
            spaced
        })
    });
    lines
}

/// Calls `f` with each line of [`doc_lines`] without its leading space
/// (empty where that line is), borrowing the text where it needs no
/// cleaning: docs written straight into a file's text
/// (`operation::text::push_docs`) then cost no allocation per line.
pub(super) fn for_each_doc_line(text: &str, mut f: impl FnMut(&str)) {
    for line in text.trim_end().lines() {
        // Most lines are printable ASCII: nothing to clean.
        if line
            .bytes()
            .all(|b| b == b'\t' || (b' '..b'\x7f').contains(&b))
        {
            f(line.trim_end());
            continue;
        }
        // A bare CR (or another control character) is not allowed in a doc
        // comment, and rustc rejects bidirectional-text controls in comments
        // (`text_direction_codepoint_in_comment`): they are shown by name.
        let mut cleaned = String::with_capacity(line.len());
        for c in line.chars() {
            match c {
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                    cleaned.push_str(&format!("U+{:04X}", u32::from(c)));
                }
                c if c.is_control() && c != '\t' => cleaned.push(' '),
                c => cleaned.push(c),
            }
        }
        f(cleaned.trim_end());
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// `ident_text` is the text of `ident`, for names of every kind.
    #[test]
    fn identifier_texts_are_the_identifiers_printed() {
        for name in [
            "type",
            "self",
            "Self",
            "super",
            "crate",
            "meeting_id",
            "9lives",
            "",
            "_",
            "__",
            "a-b",
            "café",
            "r#type",
            "async",
            "Type",
            "x9",
            "_private",
            "union",
            "dyn",
        ] {
            assert_eq!(ident_text(name), ident(name).to_string(), "{name}");
        }
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("meeting_id").to_string(), "meeting_id");
        assert_eq!(ident("9lives").to_string(), "n9lives");
        assert_eq!(ident("").to_string(), "value");
    }

    #[test]
    fn files_get_a_header_and_spaced_items() {
        let text = format_file(
            "x.rs",
            quote! {
                use a::b;
                use c::d;
                struct A;
                impl A { fn a() {} fn b() {} }
            },
        )
        .unwrap();
        assert!(text.starts_with(HEADER));
        assert!(text.contains("use a::b;\nuse c::d;\n\nstruct A;\n\nimpl A {\n    fn a() {}\n\n    fn b() {}\n}\n"), "{text}");
    }

    proptest::proptest! {
        /// Lines of printable ASCII take a shortcut: the same lines as
        /// cleaning every character.
        #[test]
        fn doc_lines_are_the_same_with_or_without_the_ascii_shortcut(
            text in "([ -~]|\t|\r|\n|\u{7f}|\u{1}|é|\u{202E}|\u{2066}|\u{85}){0,80}"
        ) {
            let cleaned_everywhere: Vec<String> = text
                .trim_end()
                .lines()
                .map(|line| {
                    let mut cleaned = String::new();
                    for c in line.chars() {
                        match c {
                            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                                cleaned.push_str(&format!("U+{:04X}", u32::from(c)));
                            }
                            c if c.is_control() && c != '\t' => cleaned.push(' '),
                            c => cleaned.push(c),
                        }
                    }
                    let cleaned = cleaned.trim_end();
                    if cleaned.is_empty() {
                        String::new()
                    } else {
                        format!(" {cleaned}")
                    }
                })
                .collect();
            proptest::prop_assert_eq!(doc_lines(&text), cleaned_everywhere);
        }
    }

    #[test]
    fn doc_lines_never_make_block_comments() {
        let text = format_file("x.rs", {
            let docs = doc_attrs("First\n\nsecond */ line");
            quote! { #docs struct A; }
        })
        .unwrap();
        assert!(
            text.contains("/// First\n///\n/// second */ line\nstruct A;"),
            "{text}"
        );
    }
}
