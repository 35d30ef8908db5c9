//! Prints the vendored runtime once, when the generator is built.
//!
//! Every generated crate carries the runtime crate's files formatted like
//! the generated code and without their `#[cfg(test)]` items. That text is
//! the same for every crate, so it is made here, with the generator's own
//! printer (`src/emit/print.rs`, included below), rather than parsed and
//! printed again by every `generate` run: for a small collection that was
//! most of the run's time and the peak of its heap.
//!
//! Writes `$OUT_DIR/vendored_runtime.rs`: `VENDORED`, a table of (file name
//! in the runtime's `src/runtime/`, text a generated crate carries) for every
//! file of `postman_codegen_runtime::source::ALL` but `mod.rs` (which the
//! generator assembles per crate), and `SCRIPTS_VENDORED`, the same for the
//! script runtime's `scripts/*.rs`.

use std::fmt::Write as _;

#[allow(dead_code)]
#[path = "src/emit/print.rs"]
mod print;

#[allow(dead_code)]
#[path = "src/emit/runtime/as_crate.rs"]
mod as_crate;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/emit/print.rs");
    println!("cargo:rerun-if-changed=src/emit/runtime/as_crate.rs");
    // Each runtime file as a module of the generated crate (`VENDORED`) and
    // as the runtime crate beside it carries it (`VENDORED_AS_CRATE`,
    // `RuntimeLayout::Crate`), and the macros that crate exports.
    let mut table = String::from(
        "/// Each runtime file's vendored text, by its name (written by `build.rs`).\n\
         pub const VENDORED: &[(&str, &str)] = &[\n",
    );
    let mut as_crate_table = String::from(
        "/// Each runtime file's text in a runtime crate of its own, by its name (written by `build.rs`).\n\
         pub const VENDORED_AS_CRATE: &[(&str, &str)] = &[\n",
    );
    let mut macros = Vec::new();
    for (name, source) in postman_codegen_runtime::source::ALL {
        if *name == "mod.rs" || !name.ends_with(".rs") {
            continue;
        }
        let does_not_parse = |error| panic!("runtime file {name} does not parse: {error}");
        let text = print::vendored_source(source).unwrap_or_else(does_not_parse);
        let as_crate =
            print::vendored_source_with(source, |file| as_crate::as_crate(file, &mut macros))
                .unwrap_or_else(does_not_parse);
        // `{:?}` of a `str` is a Rust string literal of it.
        let _ = writeln!(table, "    ({name:?}, {text:?}),");
        let _ = writeln!(as_crate_table, "    ({name:?}, {as_crate:?}),");
    }
    table.push_str("];\n");
    table.push_str(&as_crate_table);
    table.push_str("];\n");
    macros.sort();
    macros.dedup();
    let _ = writeln!(
        table,
        "/// The macros a runtime crate exports at its root (written by `build.rs`).\n\
         pub const RUNTIME_MACROS: &[&str] = &{macros:?};"
    );
    // The script runtime's `scripts/` files, formatted as they are (their
    // tests live elsewhere), for crates whose collections have scripts.
    table.push_str(
        "/// The script runtime's `scripts/*.rs`, formatted, by name (written by `build.rs`).\n\
         pub const SCRIPTS_VENDORED: &[(&str, &str)] = &[\n",
    );
    for (name, source) in postman_codegen_runtime::source::SCRIPTS_FILES {
        if !name.ends_with(".rs") {
            continue;
        }
        let tokens: proc_macro2::TokenStream = source
            .parse()
            .unwrap_or_else(|error| panic!("scripts/{name} does not lex: {error}"));
        let printed = print::print_item_by_item(tokens.clone()).unwrap_or_else(|| {
            let file: syn::File = syn::parse2(tokens)
                .unwrap_or_else(|error| panic!("scripts/{name} does not parse: {error}"));
            prettyplease::unparse(&file)
        });
        let text = print::finish_file(&printed);
        let _ = writeln!(table, "    ({name:?}, {text:?}),");
    }
    table.push_str("];\n");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR is set"));
    std::fs::write(out.join("vendored_runtime.rs"), table).expect("OUT_DIR is writable");
}
