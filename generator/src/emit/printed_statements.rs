//! Statements printed as text, put into a function body as one placeholder
//! statement (`__printed_statements!(N);`) whose printed line is replaced by
//! the text.
//!
//! Why: a request's `request` method is mostly one statement per input
//! (`request.query("limit", runtime::text(&self.limit));`) and a form's
//! table of fields, and syn parsing them back and prettyplease printing them
//! was the largest part of the folders' time once the builders' other
//! shapes were printed as text (docs/performance.md, "Session 27:
//! generation speed of the operations"). prettyplease prints each statement
//! of a block from a line of its own at the block's indentation, ended by a
//! hard break, so a statement's text does not depend on its neighbours, and
//! a macro statement standing for it prints as one line.
//!
//! The text is laid out for the indentation it will be printed at (the
//! emitter knows it: `operation::text`), and [`expand`] checks the
//! placeholder's line has that indentation. The texts are kept per thread,
//! as the doc blocks are (token streams are printed on the thread that made
//! them); each is taken by the print that puts it in place.

use foldhash::HashMap;
use std::cell::RefCell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The placeholder macro's name; generated code never calls a macro by it.
const NAME: &str = "__printed_statements";

thread_local! {
    static TEXTS: RefCell<Texts> = RefCell::new(Texts::default());
}

#[derive(Default)]
struct Texts {
    next: u64,
    /// Placeholder number → the indentation it must be printed at and the
    /// statements' text (lines indented for it, ended by `\n`).
    pending: HashMap<u64, (usize, String)>,
}

/// A placeholder statement for `text`: statements printed for a block at
/// `indent` spaces.
pub fn placeholder(text: String, indent: usize) -> TokenStream {
    let number = TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        let number = texts.next;
        texts.next += 1;
        texts.pending.insert(number, (indent, text));
        number
    });
    let name = proc_macro2::Ident::new(NAME, proc_macro2::Span::call_site());
    let number = Literal::u64_unsuffixed(number);
    quote!(#name!(#number);)
}

/// Printed text with every placeholder's line replaced by its statements;
/// `None` when a placeholder's text is not there (put in place before, or
/// made on another thread) or it was printed at another indentation than
/// its text was laid out for: a generator bug.
pub fn expand(printed: String) -> Option<String> {
    // Text without a placeholder is kept, not copied line run by line run
    // into a new text (every `!` of a macro call or a negation is a stop).
    if !printed.contains(NAME) {
        return Some(printed);
    }
    TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        // Found by the `!` of their macro call: a few lines of a file hold one.
        super::print::replace_lines(&printed, '!', |line, out| {
            let trimmed = line.trim_start_matches(' ');
            let number = trimmed
                .strip_prefix(NAME)
                .and_then(|rest| rest.strip_prefix("!("))
                .and_then(|rest| rest.strip_suffix(");\n"))
                .and_then(|number| number.parse::<u64>().ok());
            let Some(number) = number else {
                out.push_str(line);
                return Some(());
            };
            let (indent, text) = texts.pending.remove(&number)?;
            if indent != line.len() - trimmed.len() {
                return None;
            }
            out.push_str(&text);
            Some(())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_replaced_at_their_indentation_once() {
        let first = placeholder("        a();\n        b();\n".to_string(), 8);
        let second = placeholder("            c();\n".to_string(), 12);
        let printed = crate::emit::rust::print_items(
            "x.rs",
            quote!(impl X { fn f(self) { let x = 1; #first if x { #second } } }),
        )
        .expect("prints");
        assert_eq!(
            printed,
            "impl X {\n    fn f(self) {\n        let x = 1;\n        a();\n        b();\n        if x {\n            c();\n        }\n    }\n}\n"
        );
        // Taken: printing it again is an error.
        assert!(crate::emit::rust::print_items("x.rs", quote!(fn f() { #first })).is_err());
        // Printed at another indentation than its text was laid out for.
        let misplaced = placeholder("        a();\n".to_string(), 8);
        assert!(crate::emit::rust::print_items("x.rs", quote!(fn f() { #misplaced })).is_err());
    }

    /// Text with no placeholder comes back as it is, whatever `!`s its
    /// lines hold (macro calls, negations, a placeholder's name without its
    /// call), and leaves the pending texts of this thread alone.
    #[test]
    fn text_without_a_placeholder_is_kept_as_it_is() {
        let pending = placeholder("    a();\n".to_string(), 4);
        let text =
            "fn f() {\n    if !x {\n        vec![1];\n    }\n    // __printed_statements\n}\r\n";
        assert_eq!(expand(text.to_string()).as_deref(), Some(text));
        let printed = crate::emit::rust::print_items("x.rs", quote!(fn f() { #pending }))
            .expect("the pending text is still there");
        assert_eq!(printed, "fn f() {\n    a();\n}\n");
    }
}
