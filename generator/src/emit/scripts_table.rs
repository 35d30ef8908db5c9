//! `runtime/scripts/table.rs` of a crate whose collection has scripts:
//! every distinct script once, as a constant, and each operation's list of
//! them in the order they run.
//!
//! The file has one description, its text, written in prettyplease's
//! layout. Where that layout is certain (the list of rows does not fit one
//! line, and each row fits a line or is broken into its elements) the text
//! is the file; otherwise the same
//! text is parsed with syn and printed with prettyplease, as every
//! generated file used to be. Printing it through syn was about 22 M
//! instructions of Stripe's serial emission (one script on 457 requests),
//! before the pool starts.

use crate::diagnostics::Error;

use super::rust::{finish_file, format_source, string_literal, MARGIN};
use super::ApiInput;

/// One script as the table keeps it: when it runs (`prerequest`, `test`),
/// where it was written (`collection`, `folder 'X'`, `request 'Y'`), its
/// source.
type ScriptKey<'a> = (&'a str, &'a str, &'a str);

/// An operation that runs scripts: its API's name, its own name, and its
/// scripts in the order Postman runs them.
type ScriptedOp<'a> = (&'a str, &'a str, Vec<ScriptKey<'a>>);

/// The printed `table.rs` (with the generated-file header) for the APIs.
pub fn table_file(path: &str, apis: &[ApiInput<'_>]) -> Result<String, Error> {
    let ops: Vec<ScriptedOp<'_>> = apis
        .iter()
        .flat_map(|input| {
            let api_name = input.api.name.as_str();
            input
                .api
                .operations
                .iter()
                .filter(|op| !op.scripts.is_empty())
                .map(move |op| {
                    let scripts = op
                        .scripts
                        .iter()
                        .map(|script| {
                            (
                                script.listen.as_str(),
                                script.level.as_str(),
                                script.source.as_str(),
                            )
                        })
                        .collect();
                    (api_name, op.name.as_str(), scripts)
                })
        })
        .collect();
    print_table(path, &ops)
}

/// [`table_file`] for the operations as the table lists them.
fn print_table(path: &str, ops: &[ScriptedOp<'_>]) -> Result<String, Error> {
    let (text, laid_out) = table_text(ops);
    match laid_out {
        true => Ok(finish_file(&text)),
        false => format_source(path, &text),
    }
}

/// The head of the list of rows, as printed.
const ROWS_HEAD: &str = "pub(crate) static SCRIPTS: &[(&str, &str, &[Script])] = &[";

/// The file's text (without the header and the blank lines between items,
/// which [`finish_file`] adds), and whether it is laid out as prettyplease
/// lays it out.
fn table_text(ops: &[ScriptedOp<'_>]) -> (String, bool) {
    let mut laid_out = true;
    let mut distinct: Vec<ScriptKey<'_>> = Vec::new();
    let mut constants = String::new();
    let mut rows = String::new();
    // The list printed on one line: `ROWS_HEAD` + rows joined by ", " + `];`.
    let mut one_line = ROWS_HEAD.len() + "];".len();
    for (index, (api_name, op_name, scripts)) in ops.iter().enumerate() {
        let api_name = string_literal(api_name);
        let op_name = string_literal(op_name);
        let mut refs = String::with_capacity(16 * scripts.len());
        refs.push_str("&[");
        for (n, key) in scripts.iter().enumerate() {
            let position = match distinct.iter().position(|known| known == key) {
                Some(position) => position,
                None => {
                    distinct.push(*key);
                    let position = distinct.len() - 1;
                    push_constant(&mut constants, position, *key);
                    position
                }
            };
            if n > 0 {
                refs.push_str(", ");
            }
            refs.push_str("SCRIPT_");
            refs.push_str(&position.to_string());
        }
        refs.push(']');
        // `(api, op, refs)`, and the row's line: indentation, tuple, comma.
        let tuple = "(".len()
            + api_name.len()
            + ", ".len()
            + op_name.len()
            + ", ".len()
            + refs.len()
            + ")".len();
        let line = "    ".len() + tuple + ",".len();
        one_line += tuple + if index > 0 { ", ".len() } else { 0 };
        let last = index + 1 == ops.len();
        // A row fits when its line does, its comma counted but for the last
        // row's (which prettyplease adds to a broken list and does not
        // count); a last row one column over is left to prettyplease.
        if line <= MARGIN {
            rows.push_str("    (");
            rows.push_str(&api_name);
            rows.push_str(", ");
            rows.push_str(&op_name);
            rows.push_str(", ");
            rows.push_str(&refs);
            rows.push_str("),\n");
        } else {
            laid_out &= !(last && line == MARGIN + 1);
            // Broken: one element a line. A literal cannot break and goes
            // past the margin as it is; the list of scripts could break, so
            // it must fit.
            laid_out &= "        ".len() + refs.len() + ",".len() <= MARGIN;
            rows.push_str("    (\n");
            for element in [&api_name, &op_name, &refs] {
                rows.push_str("        ");
                rows.push_str(element);
                rows.push_str(",\n");
            }
            rows.push_str("    ),\n");
        }
    }
    // A list that fits one line is printed on it.
    laid_out &= ops.is_empty() || one_line > MARGIN;
    let mut text = String::with_capacity(constants.len() + rows.len() + 512);
    text.push_str(
        "//! The collection's scripts, compiled into the crate from the\n\
         //! collection when it was generated; the client never runs a script\n\
         //! from anywhere else.\n\
         use super::Script;\n",
    );
    text.push_str(&constants);
    text.push_str(
        "/// (API, operation, its scripts in the order Postman runs them:\n\
         /// collection, folders from the outside in, then the request).\n",
    );
    text.push_str(ROWS_HEAD);
    if ops.is_empty() {
        text.push_str("];\n");
    } else {
        text.push('\n');
        text.push_str(&rows);
        text.push_str("];\n");
    }
    (text, laid_out)
}

/// Appends `const SCRIPT_n: Script = Script { .. };`, one field a line:
/// prettyplease puts a struct literal on one line only when it is at most
/// 34 columns wide (`end_with_max_width(34)`), which three fields never are;
/// a string literal cannot break, so a long one goes past the margin as it is.
fn push_constant(out: &mut String, position: usize, (listen, level, source): ScriptKey<'_>) {
    out.push_str("const SCRIPT_");
    out.push_str(&position.to_string());
    out.push_str(": Script = Script {\n");
    for (name, value) in [("listen", listen), ("level", level), ("source", source)] {
        out.push_str("    ");
        out.push_str(name);
        out.push_str(": ");
        out.push_str(&string_literal(value));
        out.push_str(",\n");
    }
    out.push_str("};\n");
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;
    use proptest::prelude::*;
    use quote::{format_ident, quote};

    use super::*;
    use crate::emit::rust::format_file;

    /// The file as it was described before this module, as tokens printed
    /// through syn and prettyplease: the oracle the text is held to.
    fn tokens_table(ops: &[ScriptedOp<'_>]) -> TokenStream {
        let mut distinct: Vec<ScriptKey<'_>> = Vec::new();
        let mut constants = Vec::new();
        let mut rows = Vec::new();
        for (api_name, op_name, scripts) in ops {
            let mut refs = Vec::new();
            for key in scripts {
                let index = match distinct.iter().position(|known| known == key) {
                    Some(index) => index,
                    None => {
                        distinct.push(*key);
                        let name = format_ident!("SCRIPT_{}", distinct.len() - 1);
                        let (listen, level, source) = *key;
                        constants.push(quote! {
                            const #name: Script = Script { listen: #listen, level: #level, source: #source };
                        });
                        distinct.len() - 1
                    }
                };
                refs.push(format_ident!("SCRIPT_{index}"));
            }
            rows.push(quote!((#api_name, #op_name, &[#(#refs),*])));
        }
        quote! {
            //! The collection's scripts, compiled into the crate from the
            //! collection when it was generated; the client never runs a script
            //! from anywhere else.

            use super::Script;

            #(#constants)*

            /// (API, operation, its scripts in the order Postman runs them:
            /// collection, folders from the outside in, then the request).
            pub(crate) static SCRIPTS: &[(&str, &str, &[Script])] = &[#(#rows),*];
        }
    }

    const PATH: &str = "src/runtime/scripts/table.rs";

    /// Texts of every length around the margin, with characters that are
    /// escaped (quotes, backslashes, newlines, controls) or that take more
    /// than one byte.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z_ ]{0,12}",
            "[a-z_]{30,90}",
            "([ -~]|\n|\r|\t|\u{1}|é|\u{202E}){0,120}",
        ]
    }

    /// Operations, each with up to four scripts drawn from a few, so that
    /// scripts repeat as the collection's and folders' do.
    fn ops() -> impl Strategy<Value = Vec<(String, String, Vec<usize>)>> {
        proptest::collection::vec(
            (text(), text(), proptest::collection::vec(0usize..5, 1..5)),
            0..6,
        )
    }

    fn scripts() -> impl Strategy<Value = Vec<(String, String, String)>> {
        proptest::collection::vec(
            (
                prop_oneof![Just("prerequest".to_string()), Just("test".to_string())],
                prop_oneof![
                    Just("collection".to_string()),
                    "folder '[a-zA-Z ]{0,40}'",
                    text()
                ],
                text(),
            ),
            5,
        )
    }

    fn borrowed<'a>(
        ops: &'a [(String, String, Vec<usize>)],
        scripts: &'a [(String, String, String)],
    ) -> Vec<ScriptedOp<'a>> {
        ops.iter()
            .map(|(api, op, picks)| {
                let keys = picks
                    .iter()
                    .map(|&pick| {
                        let (listen, level, source) = &scripts[pick];
                        (listen.as_str(), level.as_str(), source.as_str())
                    })
                    .collect();
                (api.as_str(), op.as_str(), keys)
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The table printed from its text is the table printed from its
        /// tokens, on both paths; and where the text says it is laid out,
        /// it is the file itself.
        #[test]
        fn the_table_prints_as_through_tokens(ops in ops(), scripts in scripts()) {
            let ops = borrowed(&ops, &scripts);
            let expected = format_file(PATH, tokens_table(&ops)).expect("tokens print");
            prop_assert_eq!(print_table(PATH, &ops).expect("text prints"), expected.clone());
            let (text, laid_out) = table_text(&ops);
            if laid_out {
                prop_assert_eq!(finish_file(&text), expected);
            }
        }
    }

    /// A collection-level script on many requests with ordinary names (as
    /// Stripe's), a row past the margin and long scripts take the text path.
    #[test]
    fn ordinary_tables_take_the_text_path() {
        let short = ("prerequest", "collection", "pm.variables.set(\"a\", 1)");
        let long = (
            "prerequest",
            "folder 'Payments'",
            "pm.request.headers.upsert({key:\"User-Agent\",value:pm.variables.get(\"versionUserAgent\")})",
        );
        let mut names: Vec<String> = (0..40).map(|n| format!("operation_number_{n}")).collect();
        // Past the margin: the row is broken into its elements.
        names.insert(
            20,
            "retrieves_product_feature_which_represents_feature_attachment".to_string(),
        );
        let ops: Vec<ScriptedOp<'_>> = names
            .iter()
            .map(|name| ("Some API", name.as_str(), vec![short, long]))
            .collect();
        let (text, laid_out) = table_text(&ops);
        assert!(laid_out, "{text}");
        assert!(
            text.contains("const SCRIPT_1: Script = Script {\n    listen: "),
            "{text}"
        );
        assert!(text.contains("    (\n        \"Some API\",\n"), "{text}");
        assert_eq!(
            finish_file(&text),
            format_file(PATH, tokens_table(&ops)).expect("tokens print")
        );
    }
}
