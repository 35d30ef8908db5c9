//! The `types` module of an API (structs and string enums inferred from the
//! examples) and the spelling of type references everywhere else.
//!
//! Structs derive `Clone, PartialEq` and `Default` when every field has a
//! default (and get `Debug` from their `object::impls!` table, below; the
//! others derive `Debug` too); string enums `Debug, Clone, PartialEq, Eq, Hash`, and an
//! `object::string_enum!` table right after each (a row per variant: its
//! name, its value) gives it `as_str`, `Display`, `Serialize` and
//! `Deserialize` through the runtime's `object.rs`, which reads the value
//! once where serde's derive (known values renamed, an untagged catch-all)
//! buffered it and tried each form (`docs/performance.md`, session 27).
//! A struct with a `Default` gets, after all the types, an
//! `object::impls!` table (a row per field: its position, its JSON key, when
//! it is written, its name) from which the runtime's `object.rs` gives it
//! `Serialize`, `Deserialize`, `Debug` and `object::Object` (a `match` over
//! the fields' positions to read one, one call per field to write it, which
//! `Debug` walks too), through one generic visitor and writer. serde's derives expanded to several times
//! that per struct and were most of a big crate's build time
//! (`docs/performance.md`, session 26). A struct without
//! a `Default` (a field of a string enum) keeps serde's derives, which report
//! the missing field; so does every type when the crate has extra derives,
//! since derives such as schemars' `JsonSchema` read serde's attributes. Extra derives
//! ([`CrateOptions::derives`](super::CrateOptions::derives)) go on every type
//! that does not derive the trait already, except where the generator knows
//! the trait cannot hold: `Eq`, `Hash`, `Ord` (and `PartialOrd`) need every
//! field to have them, which `f64` (and `serde_json::Value`) do not, directly
//! or through another type; `Copy` needs fields without heap data; `Default`
//! on an enum needs a chosen variant. Those are left out for that type and
//! counted in [`SkippedDerives`], which becomes one warning per derive.
//! Which types can take a derive, and which fields are boxed, is decided
//! upstream ([`TypeFacts`]); this module prints the decisions.

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Error};
use crate::infer::type_facts::{underivable_reason, TypeFacts};
use crate::ir::{EnumVariant, Primitive, TypeDef, TypeKind, TypeRef, TypeTable};
use crate::names::{pascal_ident, UniqueNames};

use super::doc_block;
use super::docs;
use super::print::FileText;
use super::rust::{doc_attrs, ident, print_items, string_literal};
mod text;

/// Std names that generated types could shadow, with their full paths.
const STD_PATHS: &[(&str, &str)] = &[
    ("Option", "::std::option::Option"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("Box", "::std::boxed::Box"),
];

/// Spells type references from one module: `types::Registrant` outside the
/// `types` module, `Registrant` inside it; `Option`/`String`/... fully
/// qualified where a generated type shadows them. Records whether `types::`
/// was used so the module imports it only then.
#[derive(Debug)]
pub struct TypePaths<'a> {
    table: &'a TypeTable,
    names: &'a [String],
    in_types_module: bool,
    /// Per entry of [`STD_PATHS`]: whether a generated type has that name
    /// (only inside the `types` module, where the generated names are in
    /// scope). Worked out once: looking it up per reference was a scan of
    /// every type name for every field.
    shadowed: [bool; STD_PATHS.len()],
    used: Cell<bool>,
}

impl<'a> TypePaths<'a> {
    /// Paths as seen from outside the `types` module.
    pub fn new(table: &'a TypeTable, names: &'a [String]) -> Self {
        TypePaths {
            table,
            names,
            in_types_module: false,
            shadowed: [false; STD_PATHS.len()],
            used: Cell::new(false),
        }
    }

    /// Paths as seen from inside the `types` module, where the generated
    /// names can shadow std's.
    pub(super) fn in_types_module(table: &'a TypeTable, names: &'a [String]) -> Self {
        let mut shadowed = [false; STD_PATHS.len()];
        for name in names {
            if let Some(index) = STD_PATHS.iter().position(|(short, _)| short == name) {
                shadowed[index] = true;
            }
        }
        TypePaths {
            table,
            names,
            in_types_module: true,
            shadowed,
            used: Cell::new(false),
        }
    }

    /// The generated names of the definitions.
    pub fn names(&self) -> &'a [String] {
        self.names
    }

    /// Whether any reference went through `types::`.
    pub fn used(&self) -> bool {
        self.used.get()
    }

    /// A std type's path (`Option`), fully qualified inside `types` when shadowed.
    pub fn std(&self, name: &str) -> TokenStream {
        match STD_PATHS.iter().position(|(short, _)| *short == name) {
            Some(index) if self.shadowed[index] => {
                STD_PATHS[index].1.parse().unwrap_or_else(|_| quote!(#name))
            }
            _ => {
                let name = format_ident!("{name}");
                quote!(#name)
            }
        }
    }

    /// [`TypePaths::std`] as text.
    pub fn std_text(&self, name: &'static str) -> &'static str {
        match STD_PATHS.iter().position(|(short, _)| *short == name) {
            Some(index) if self.shadowed[index] => STD_PATHS[index].1,
            _ => name,
        }
    }

    /// [`TypePaths::ty`] as prettyplease prints it, appended to `out`.
    pub fn ty_text(&self, ty: &TypeRef, out: &mut String) {
        let generic = |out: &mut String, outer: &str, inner: &TypeRef| {
            out.push_str(outer);
            out.push('<');
            self.ty_text(inner, out);
            out.push('>');
        };
        match ty {
            TypeRef::Primitive(primitive) => out.push_str(match primitive {
                Primitive::String => self.std_text("String"),
                Primitive::Bool => "bool",
                Primitive::I64 => "i64",
                Primitive::F64 => "f64",
                Primitive::Value => "serde_json::Value",
            }),
            TypeRef::Vec(inner) => generic(out, self.std_text("Vec"), inner),
            TypeRef::Map(inner) => {
                out.push_str("std::collections::BTreeMap<");
                out.push_str(self.std_text("String"));
                out.push_str(", ");
                self.ty_text(inner, out);
                out.push('>');
            }
            TypeRef::Option(inner) => generic(out, self.std_text("Option"), inner),
            TypeRef::Named(id) => match self.names.get(id.0) {
                Some(name) => {
                    if !self.in_types_module {
                        self.used.set(true);
                        out.push_str("types::");
                    }
                    out.push_str(&ident(name).to_string());
                }
                None => out.push_str("serde_json::Value"),
            },
        }
    }

    /// The Rust type for a reference.
    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Primitive(primitive) => self.primitive(*primitive),
            TypeRef::Vec(inner) => {
                let vec = self.std("Vec");
                let inner = self.ty(inner);
                quote!(#vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let string = self.std("String");
                let inner = self.ty(inner);
                quote!(std::collections::BTreeMap<#string, #inner>)
            }
            TypeRef::Option(inner) => {
                let option = self.std("Option");
                let inner = self.ty(inner);
                quote!(#option<#inner>)
            }
            TypeRef::Named(id) => match self.names.get(id.0) {
                Some(name) => {
                    let name = ident(name);
                    if self.in_types_module {
                        quote!(#name)
                    } else {
                        self.used.set(true);
                        quote!(types::#name)
                    }
                }
                None => quote!(serde_json::Value),
            },
        }
    }

    /// The Rust type for a scalar.
    pub fn primitive(&self, primitive: Primitive) -> TokenStream {
        match primitive {
            Primitive::String => self.std("String"),
            Primitive::Bool => quote!(bool),
            Primitive::I64 => quote!(i64),
            Primitive::F64 => quote!(f64),
            Primitive::Value => quote!(serde_json::Value),
        }
    }

    /// The definition behind a named reference.
    pub fn def(&self, ty: &TypeRef) -> Option<&'a TypeDef> {
        match ty {
            TypeRef::Named(id) => self.table.defs.get(id.0),
            TypeRef::Option(inner) => self.def(inner),
            _ => None,
        }
    }

    /// The generated name of a definition.
    pub fn name_of(&self, ty: &TypeRef) -> Option<&'a str> {
        match ty {
            TypeRef::Named(id) => self.names.get(id.0).map(String::as_str),
            TypeRef::Option(inner) => self.name_of(inner),
            _ => None,
        }
    }
}

/// Unique, valid Rust names for every definition, parallel to `table.defs`.
pub fn type_names(table: &TypeTable) -> Vec<String> {
    let mut names = UniqueNames::new();
    table
        .defs
        .iter()
        .map(|def| {
            let wanted = ident(&pascal_ident(&def.name, "Type")).to_string();
            names.claim(wanted.trim_start_matches("r#"))
        })
        .collect()
}

/// The name of the trait a derive path names: its last segment (`Hash` for
/// `std::hash::Hash`).
pub fn derive_name(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

/// Extra derives left out of types they cannot hold for, across all APIs.
#[derive(Debug)]
pub struct SkippedDerives {
    /// Per extra derive: its text, how many types were considered, the types left without it.
    entries: Vec<(String, usize, Vec<String>)>,
}

impl SkippedDerives {
    /// Nothing skipped yet.
    pub fn new(derives: &[syn::Path]) -> Self {
        SkippedDerives {
            entries: derives
                .iter()
                .map(|path| (quote!(#path).to_string().replace(' ', ""), 0, Vec::new()))
                .collect(),
        }
    }

    /// One `derive-skipped` warning per derive that some type did not get.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        const SHOWN: usize = 5;
        self.entries
            .iter()
            .filter(|(_, _, skipped)| !skipped.is_empty())
            .map(|(derive, total, skipped)| {
                let reason =
                    underivable_reason(derive.rsplit("::").next().unwrap_or(derive)).unwrap_or("");
                let mut names: Vec<String> = skipped
                    .iter()
                    .take(SHOWN)
                    .map(|n| format!("`{n}`"))
                    .collect();
                if skipped.len() > SHOWN {
                    names.push(format!("and {} more", skipped.len() - SHOWN));
                }
                Diagnostic::warning(
                    "derive-skipped",
                    "",
                    format!(
                        "`{derive}` is left out of {} of {total} generated types ({}): {reason}",
                        skipped.len(),
                        names.join(", "),
                    ),
                )
            })
            .collect()
    }
}

/// The `types` module's file, `file` (its path, for messages). `derives`
/// are the extra derives; `module` is the API's module path, for naming
/// skipped types.
///
/// The types are built and printed on all cores, in runs of a few in order,
/// each run on the thread that built its tokens (token streams, derive paths
/// and doc blocks are not `Send`), keeping only its text: only a few types'
/// tokens and syntax trees are alive at a time (with thousands of types, the
/// whole module's token stream was the largest thing in memory during
/// generation). The runs go in windows, and their text is joined in order,
/// so the file is the same as printing the module at once ([`print_items`])
/// on any number of threads.
pub fn types_file(
    table: &TypeTable,
    names: &[String],
    derives: &[syn::Path],
    skipped: &mut SkippedDerives,
    module: &[String],
    file: &str,
) -> Result<String, Error> {
    types_file_by(table, names, derives, skipped, module, file, true)
}

/// [`types_file`], writing the fixed shapes as text (`text`) when
/// `text_shapes`, else printing every type from its tokens (the tests
/// compare the two).
pub(super) fn types_file_by(
    table: &TypeTable,
    names: &[String],
    derives: &[syn::Path],
    skipped: &mut SkippedDerives,
    module: &[String],
    file: &str,
    text_shapes: bool,
) -> Result<String, Error> {
    let facts = TypeFacts::of(table);
    // Per extra derive: which types take it (`None`: every type, as far as the generator knows).
    let derive_capable: Vec<Option<Vec<bool>>> = derives
        .iter()
        .map(|path| facts.derivable(table, &derive_name(path)))
        .collect();
    // Paths are not `Send`: each run parses its own from their text.
    let derive_texts: Vec<String> = derives
        .iter()
        .map(|path| quote!(#path).to_string())
        .collect();
    let shared = TypesRun {
        table,
        names,
        facts: &facts,
        derive_capable: &derive_capable,
        module,
        file,
        text_shapes,
    };
    let uses_object = needs_object(table, derives);
    let head = if uses_object {
        quote! {
            //! Types inferred from the collection's example bodies.
            //!
            //! After the types: how each struct reads from and writes to JSON,
            //! a row per field (its position; its JSON key; `always` written,
            //! `optional`: left out when `None`, `unless_empty`: left out when
            //! empty; its name), from which `object::impls!` gives it `Serialize`,
            //! `Deserialize` and `Debug`. After each string enum, `object::string_enum!`
            //! pairs its variants with their values, which gives it `as_str`,
            //! `Display`, `Serialize` and `Deserialize`.

            use crate::runtime::object;
        }
    } else {
        quote! {
            //! Types inferred from the collection's example bodies.
        }
    };
    let head = print_items(file, head)?;
    let run = super::items_per_run(table.defs.len());
    // The runs go to the pool in windows of eight per thread, each window's
    // text spaced out into the file in order before the next is printed: at
    // the peak, one window's printed types besides the file (all of them,
    // on thousands of types, were megabytes more resident memory).
    let window = run * super::jobs_per_window();
    // About the file's size (a field or variant prints two or three lines,
    // a type its docs, derive line and impls), so that the text does not
    // grow by doubling and copying itself: done long before the folders
    // now, it is held beside their printing until they finish.
    let members: usize = table
        .defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct { fields } => fields.len(),
            TypeKind::Enum { variants } => 3 * variants.len(),
        })
        .sum();
    let mut text = FileText::with_capacity(160 * members + 320 * table.defs.len());
    text.push(&head);
    // The impls follow all the types: a reader meets the types first.
    let mut impls = String::new();
    for (window_number, window_defs) in table.defs.chunks(window).enumerate() {
        let runs: Vec<Result<RunText, Error>> = window_defs
            .par_chunks(run)
            .enumerate()
            .map(|(number, defs)| {
                let _docs = doc_block::scope();
                let derives = derive_texts
                    .iter()
                    .map(|text| syn::parse_str::<syn::Path>(text))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|error| Error::new("emit-invalid-derive", "", error.to_string()))?;
                let mut skipped = SkippedDerives::new(&derives);
                let first = window_number * window + number * run;
                let (definitions, impls) = shared.print(first, defs, &derives, &mut skipped)?;
                Ok(RunText {
                    definitions,
                    impls,
                    skipped: skipped.entries,
                })
            })
            .collect();
        for result in runs {
            let run = result?;
            text.push(&run.definitions);
            impls.push_str(&run.impls);
            for (entry, (_, considered, left_out)) in skipped.entries.iter_mut().zip(run.skipped) {
                entry.1 += considered;
                entry.2.extend(left_out);
            }
        }
    }
    text.push(&impls);
    Ok(text.finish())
}

/// One run's printed types (their definitions, then their `object::impls!`
/// tables) and the derives it left out.
struct RunText {
    definitions: String,
    impls: String,
    skipped: Vec<(String, usize, Vec<String>)>,
}

/// What every run of [`types_file`] shares.
struct TypesRun<'a> {
    table: &'a TypeTable,
    names: &'a [String],
    facts: &'a TypeFacts,
    derive_capable: &'a [Option<Vec<bool>>],
    module: &'a [String],
    file: &'a str,
    /// Whether the fixed shapes are written as text.
    text_shapes: bool,
}

impl TypesRun<'_> {
    /// Builds and prints `defs`, the definitions from index `first` on, each
    /// as soon as its tokens are built: their definitions' text and their
    /// `object::impls!` tables.
    fn print(
        &self,
        first: usize,
        defs: &[TypeDef],
        derives: &[syn::Path],
        skipped: &mut SkippedDerives,
    ) -> Result<(String, String), Error> {
        let TypesRun {
            table,
            names,
            facts,
            derive_capable,
            module,
            file,
            text_shapes,
        } = *self;
        let paths = TypePaths::in_types_module(table, names);
        let defaults = facts.defaults();
        let mut extras_of = |index: usize, existing: &[&str]| -> Vec<&syn::Path> {
            let mut extras = Vec::new();
            for (which, path) in derives.iter().enumerate() {
                let entry = &mut skipped.entries[which];
                entry.1 += 1;
                if existing.contains(&derive_name(path).as_str()) {
                    continue;
                }
                if derive_capable[which].as_ref().is_none_or(|ok| ok[index]) {
                    extras.push(path);
                } else {
                    let name = &names[index];
                    entry.2.push(if module.is_empty() {
                        name.clone()
                    } else {
                        format!("{}::types::{name}", module.join("::"))
                    });
                }
            }
            extras
        };
        let items = defs.iter().enumerate().map(|(offset, def)| {
            let index = first + offset;
            let name = ident(&names[index]);
            let mut text = def.docs.as_deref().map(docs::markdown).unwrap_or_else(|| {
                format!("The `{}` object.", names[index])
            });
            // Where a nested type sits links its parent by the emitted name
            // (infer keeps it structured: collection text is escaped, this is not).
            if let Some(within) = &def.within {
                let parent = names.get(within.parent.0).map_or("", String::as_str);
                text = format!("{}\n\n{text}", within.sentence(&format!("[`{parent}`]")));
            }
            // The fixed shapes are written as text where that gives what
            // printing the tokens would (`text`).
            if derives.is_empty() && text_shapes {
                let name = name.to_string();
                let shape = text::Def {
                    index,
                    name: &name,
                    docs: &text,
                    kind: &def.kind,
                };
                if let Some(printed) = text::definition(&paths, facts, defaults, &shape) {
                    return Item::Text(printed);
                }
            }
            let docs = doc_attrs(&text);
            let (definition, follows) = match &def.kind {
                TypeKind::Struct { fields } if defaults[index] && derives.is_empty() => {
                    let object = object_struct(&paths, facts, index, &name, &docs, fields);
                    (object.definition, Some(Follows::AllTypes(object.impls)))
                }
                TypeKind::Struct { fields } => {
                    let mut field_names = UniqueNames::new();
                    let fields = fields.iter().enumerate().map(|(field_index, field)| {
                        let field_ident = ident(&field_names.claim(&field.ident));
                        let mut ty = paths.ty(&field.ty);
                        if facts.is_boxed(index, field_index) {
                            ty = box_inside_option(&paths, &field.ty);
                        }
                        let field_docs = doc_attrs(&field.docs.as_deref().map(docs::markdown).unwrap_or_else(|| docs::code(&field.name)));
                        let json_name = &field.name;
                        let rename = (field_ident.to_string().trim_start_matches("r#") != field.name)
                            .then(|| quote!(#[serde(rename = #json_name)]));
                        // An absent field reads as its default: from the struct's
                        // own `Default` when it has one (`#[serde(default)]` on the
                        // struct), else field by field. `null` and integral floats
                        // are tolerated by the client's decoder (`runtime::lenient`),
                        // not per field: a `deserialize_with` per field made serde
                        // derive a helper type for each, most of a big crate's build.
                        // (serde reads an absent `Option` as `None` by itself.)
                        let default = (!defaults[index]
                            && !matches!(field.ty, TypeRef::Option(_))
                            && tolerated(&field.ty, defaults))
                        .then(|| quote!(default,));
                        let skip = match &field.ty {
                            TypeRef::Option(_) => Some(format!("{}::is_none", paths.std("Option"))),
                            // A list some samples leave out reads as empty when absent,
                            // and an empty one is left out, as those samples leave it.
                            TypeRef::Vec(_) if !field.required => {
                                Some(format!("{}::is_empty", paths.std("Vec")))
                            }
                            _ => None,
                        }
                        .map(|skip| {
                            let skip = skip.replace(' ', "");
                            quote!(skip_serializing_if = #skip)
                        });
                        let serde = match (default, skip) {
                            (None, None) => None,
                            (Some(_), None) => Some(quote!(#[serde(default)])),
                            (default, Some(skip)) => Some(quote!(#[serde(#default #skip)])),
                        };
                        quote! {
                            #field_docs
                            #rename
                            #serde
                            pub #field_ident: #ty,
                        }
                    });
                    let fields: Vec<TokenStream> = fields.collect();
                    let default = defaults[index].then(|| quote!(Default,));
                    let existing: &[&str] = if defaults[index] {
                        &["Debug", "Clone", "PartialEq", "Default", "Serialize", "Deserialize"]
                    } else {
                        &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"]
                    };
                    let extras = extras_of(index, existing);
                    let serde_default = defaults[index].then(|| quote!(#[serde(default)]));
                    let definition = quote! {
                        #docs
                        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize #(, #extras)*)]
                        #serde_default
                        pub struct #name {
                            #(#fields)*
                        }
                    };
                    (definition, None)
                }
                TypeKind::Enum { variants } if derives.is_empty() => {
                    // Names are infer's (`EnumVariant::ident`): unique, valid, and
                    // never the catch-all's.
                    let catch_all = format_ident!("{}", EnumVariant::CATCH_ALL);
                    let string = paths.std("String");
                    let mut table = format!("object::string_enum!({name} {{\n");
                    let declarations: Vec<TokenStream> = variants
                        .iter()
                        .map(|variant| {
                            let doc = doc_attrs(&docs::code(&variant.value));
                            let variant_ident = ident(&variant.ident);
                            let value = proc_macro2::Literal::string(&variant.value);
                            table.push_str(&format!("    {variant_ident} = {value},\n"));
                            quote! {
                                #doc
                                #variant_ident,
                            }
                        })
                        .collect();
                    table.push_str(&format!("}} {catch_all});\n"));
                    let definition = quote! {
                        #docs
                        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                        pub enum #name {
                            #(#declarations)*
                            /// A value this client did not know when it was generated.
                            #catch_all(#string),
                        }
                    };
                    (definition, Some(Follows::Definition(table)))
                }
                TypeKind::Enum { variants } => {
                    // Names are infer's (`EnumVariant::ident`): unique, valid, and
                    // never the catch-all's.
                    let catch_all = format_ident!("{}", EnumVariant::CATCH_ALL);
                    let variants: Vec<(proc_macro2::Ident, &str)> = variants
                        .iter()
                        .map(|variant| (ident(&variant.ident), variant.value.as_str()))
                        .collect();
                    let declarations = variants.iter().map(|(variant, value)| {
                        let doc = doc_attrs(&docs::code(value));
                        quote! {
                            #doc
                            #[serde(rename = #value)]
                            #variant,
                        }
                    });
                    let arms = variants.iter().map(|(variant, value)| quote!(#name::#variant => #value,));
                    let string = paths.std("String");
                    let extras = extras_of(
                        index,
                        &["Debug", "Clone", "PartialEq", "Eq", "Hash", "Serialize", "Deserialize"],
                    );
                    let definition = quote! {
                        #docs
                        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize #(, #extras)*)]
                        pub enum #name {
                            #(#declarations)*
                            /// A value this client did not know when it was generated.
                            #[serde(untagged)]
                            #catch_all(#string),
                        }

                        impl #name {
                            /// The value as sent on the wire.
                            pub fn as_str(&self) -> &str {
                                match self {
                                    #(#arms)*
                                    #name::#catch_all(value) => value,
                                }
                            }
                        }

                        impl std::fmt::Display for #name {
                            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                                f.write_str(self.as_str())
                            }
                        }
                    };
                    (definition, None)
                }
            };
            Item::Tokens(definition, follows)
        });
        let mut definitions = String::new();
        let mut impls = String::new();
        for item in items {
            let follows = match item {
                Item::Text(printed) => {
                    definitions.push_str(&printed.definition);
                    printed.follows
                }
                Item::Tokens(definition, follows) => {
                    definitions.push_str(&print_items(file, definition)?);
                    follows
                }
            };
            match follows {
                Some(Follows::AllTypes(object_impls)) => {
                    impls.push('\n');
                    impls.push_str(&object_impls);
                }
                Some(Follows::Definition(table)) => {
                    definitions.push('\n');
                    definitions.push_str(&table);
                }
                None => {}
            }
        }
        Ok((definitions, impls))
    }
}

/// One type of a run: printed as text, or its tokens to print (with the
/// macro table that follows it, if it has one).
enum Item {
    Text(text::Printed),
    Tokens(TokenStream, Option<Follows>),
}

/// A type's macro table, written as text (prettyplease would run its rows
/// onto one line): where it goes in `types.rs`.
pub(super) enum Follows {
    /// After all the types (a struct's `object::impls!`).
    AllTypes(String),
    /// Right after the type's definition (a string enum's
    /// `object::string_enum!`, which also gives its `as_str`).
    Definition(String),
}

/// A struct that has a `Default`, printed without serde's derives: its
/// definition (docs and fields only), and the `object::impls!` table that
/// gives it `Serialize`, `Deserialize` and `object::Object` (see the
/// module's docs), written as text: a row per field, which prettyplease
/// would run onto one line.
struct ObjectStruct {
    definition: TokenStream,
    impls: String,
}

/// The [`ObjectStruct`] of struct `index`, named `name`.
fn object_struct(
    paths: &TypePaths<'_>,
    facts: &TypeFacts,
    index: usize,
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    fields: &[crate::ir::Field],
) -> ObjectStruct {
    let mut field_names = UniqueNames::new();
    let mut definitions = Vec::with_capacity(fields.len());
    let mut impls = format!("object::impls!({name} {{\n");
    for (field_index, field) in fields.iter().enumerate() {
        let field_ident = ident(&field_names.claim(&field.ident));
        let ty = if facts.is_boxed(index, field_index) {
            box_inside_option(paths, &field.ty)
        } else {
            paths.ty(&field.ty)
        };
        let field_docs = doc_attrs(
            &field
                .docs
                .as_deref()
                .map(docs::markdown)
                .unwrap_or_else(|| docs::code(&field.name)),
        );
        definitions.push(quote! {
            #field_docs
            pub #field_ident: #ty,
        });
        object_row(&mut impls, field_index, field, &field_ident.to_string());
    }
    impls.push_str("});\n");
    let definition = quote! {
        #docs
        #[derive(Clone, PartialEq, Default)]
        pub struct #name {
            #(#definitions)*
        }
    };
    ObjectStruct { definition, impls }
}

/// A field's row of an `object::impls!` table: its position (`field_index`,
/// which the runtime's `Object::read` matches instead of the JSON key: see
/// `runtime/object.rs`), its JSON key, when it is written, its name.
pub(super) fn object_row(
    impls: &mut String,
    field_index: usize,
    field: &crate::ir::Field,
    field_ident: &str,
) {
    // What is left out when writing, as the samples that lack it: a
    // `None`, and an empty list that some samples leave out.
    let how = match &field.ty {
        TypeRef::Option(_) => "optional",
        TypeRef::Vec(_) if !field.required => "unless_empty",
        _ => "always",
    };
    impls.push_str("    ");
    impls.push_str(&field_index.to_string());
    impls.push(' ');
    impls.push_str(&string_literal(&field.name));
    impls.push_str(" => ");
    impls.push_str(how);
    impls.push(' ');
    impls.push_str(field_ident);
    impls.push_str(",\n");
}

/// Whether some type's serde impls go through the runtime's `object.rs`
/// (vendored only then): a struct with a `Default` or a string enum, in a
/// crate without extra derives (see the module's docs).
pub fn needs_object(table: &TypeTable, derives: &[syn::Path]) -> bool {
    if !derives.is_empty() {
        return false;
    }
    let facts = TypeFacts::of(table);
    let defaults = facts.defaults();
    table
        .defs
        .iter()
        .enumerate()
        .any(|(index, def)| match def.kind {
            TypeKind::Struct { .. } => defaults[index],
            TypeKind::Enum { .. } => true,
        })
}

/// Whether some struct field of `table` needs the client's tolerant decoding
/// (`runtime::lenient`, vendored only then).
pub fn needs_lenient(table: &TypeTable) -> bool {
    let facts = TypeFacts::of(table);
    let defaults = facts.defaults();
    table.defs.iter().any(|def| match &def.kind {
        TypeKind::Struct { fields } => fields.iter().any(|field| tolerated(&field.ty, defaults)),
        TypeKind::Enum { .. } => false,
    })
}

/// Whether a struct field of this type is decoded tolerantly
/// (docs/type-inference.md, "Tolerance"): integers also from integral
/// floats, and an absent field or `null` as the default, for every field type
/// that has one. `false` when serde's own decoding is already tolerant
/// (`Option`s other than of integers) or the type has no default.
pub(super) fn tolerated(ty: &TypeRef, defaults: &[bool]) -> bool {
    match ty {
        TypeRef::Option(inner) => **inner == TypeRef::Primitive(Primitive::I64),
        TypeRef::Primitive(_) | TypeRef::Vec(_) | TypeRef::Map(_) => true,
        TypeRef::Named(id) => defaults.get(id.0).copied().unwrap_or(false),
    }
}

/// `Box<T>` or `Option<Box<T>>` for a field that closes a cycle.
fn box_inside_option(paths: &TypePaths<'_>, ty: &TypeRef) -> TokenStream {
    let boxed = paths.std("Box");
    match ty {
        TypeRef::Option(inner) => {
            let option = paths.std("Option");
            let inner = paths.ty(inner);
            quote!(#option<#boxed<#inner>>)
        }
        other => {
            let inner = paths.ty(other);
            quote!(#boxed<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The derive-analysis example (`infer::type_facts`), with its names.
    fn table() -> (TypeTable, Vec<String>) {
        let table = crate::infer::type_facts::tests::example_table();
        let names = type_names(&table);
        (table, names)
    }

    /// A struct with a `Default` is printed plain, with its serde impls
    /// through `runtime::object` after all the types; one without (a field
    /// of a string enum) keeps serde's derives, which report the missing
    /// field; with extra derives every struct keeps them (derives such as
    /// schemars' read serde's attributes).
    #[test]
    fn structs_with_a_default_go_through_the_runtime_and_others_keep_the_derives() {
        use crate::ir::{Field, TypeDef, TypeId};
        let field = |name: &str, ident: &str, ty: TypeRef| Field::new(name, ident, ty);
        let def = |name: &str, kind: TypeKind| TypeDef::new(name, kind);
        let table = TypeTable {
            defs: vec![
                def(
                    "Pet",
                    TypeKind::Struct {
                        fields: vec![
                            field("petId", "pet_id", TypeRef::Primitive(Primitive::I64)),
                            field(
                                "nickname",
                                "nickname",
                                TypeRef::Option(Box::new(TypeRef::Primitive(Primitive::String))),
                            ),
                        ],
                    },
                ),
                def(
                    "Holder",
                    TypeKind::Struct {
                        fields: vec![field("kind", "kind", TypeRef::Named(TypeId(2)))],
                    },
                ),
                def(
                    "Kind",
                    TypeKind::Enum {
                        variants: vec![EnumVariant {
                            value: "a".to_string(),
                            ident: "A".to_string(),
                        }],
                    },
                ),
            ],
            ..TypeTable::default()
        };
        let names = type_names(&table);
        let mut skipped = SkippedDerives::new(&[]);
        let text = types_file(&table, &names, &[], &mut skipped, &[], "src/types.rs").unwrap();
        assert!(needs_object(&table, &[]));
        let pet = &text[text.find("pub struct Pet {").expect("Pet")..];
        assert!(
            text.contains("#[derive(Clone, PartialEq, Default)]\npub struct Pet {"),
            "{text}"
        );
        assert!(
            !pet[..pet.find('}').unwrap_or(0)].contains("serde"),
            "{text}"
        );
        for line in [
            "use crate::runtime::object;",
            "object::impls!(Pet {\n    0 \"petId\" => always pet_id,\n    1 \"nickname\" => optional nickname,\n});",
        ] {
            assert!(text.contains(line), "{line}\n{text}");
        }
        // The impls follow every type.
        assert!(text.find("object::impls!(Pet").unwrap() > text.find("pub enum Kind").unwrap());
        assert!(
            text.contains("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct Holder {"),
            "{text}"
        );
        assert!(!text.contains("object::impls!(Holder"), "{text}");

        let derives: Vec<syn::Path> = vec![syn::parse_str("schemars::JsonSchema").expect("path")];
        let mut skipped = SkippedDerives::new(&derives);
        let text = types_file(&table, &names, &derives, &mut skipped, &[], "src/types.rs").unwrap();
        assert!(!needs_object(&table, &derives));
        assert!(!text.contains("object::"), "{text}");
        assert!(text.contains("#[serde(rename = \"petId\")]"), "{text}");
    }

    #[test]
    fn skipped_derives_are_one_warning_each() {
        let (table, names) = table();
        let derives: Vec<syn::Path> = ["Eq", "schemars::JsonSchema", "std::hash::Hash"]
            .iter()
            .map(|d| syn::parse_str(d).expect("path"))
            .collect();
        let mut skipped = SkippedDerives::new(&derives);
        let text = types_file(
            &table,
            &names,
            &derives,
            &mut skipped,
            &["api".to_string()],
            "src/types.rs",
        )
        .unwrap();
        assert!(
            text.contains("    serde::Deserialize,\n    schemars::JsonSchema"),
            "{text}"
        );
        let messages: Vec<String> = skipped
            .diagnostics()
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            [
                "`Eq` is left out of 2 of 4 generated types (`api::types::GetOuterResponse`, \
                 `api::types::Inner`): a field holds `f64` or `serde_json::Value`, directly or \
                 through another type",
                "`std::hash::Hash` is left out of 2 of 4 generated types \
                 (`api::types::GetOuterResponse`, `api::types::Inner`): a field holds `f64` or \
                 `serde_json::Value`, directly or through another type",
            ]
        );
    }
}
