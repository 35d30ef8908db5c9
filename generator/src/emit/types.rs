//! The `types` module of an API (structs and string enums inferred from the
//! examples) and the spelling of type references everywhere else.

use std::cell::Cell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef, TypeTable};
use crate::names::{pascal_ident, UniqueNames};

use super::docs;
use super::rust::{doc_attrs, ident};

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
    used: Cell<bool>,
}

impl<'a> TypePaths<'a> {
    /// Paths as seen from outside the `types` module.
    pub fn new(table: &'a TypeTable, names: &'a [String]) -> Self {
        TypePaths {
            table,
            names,
            in_types_module: false,
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
        let shadowed = self.in_types_module && self.names.iter().any(|n| n == name);
        match STD_PATHS.iter().find(|(short, _)| *short == name) {
            Some((_, full)) if shadowed => full.parse().unwrap_or_else(|_| quote!(#name)),
            _ => {
                let name = format_ident!("{name}");
                quote!(#name)
            }
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

/// The items of the `types` module.
pub fn types_module(table: &TypeTable, names: &[String]) -> TokenStream {
    let paths = TypePaths {
        table,
        names,
        in_types_module: true,
        used: Cell::new(false),
    };
    let defaults = default_capable(table);
    let boxed = boxed_fields(table);
    let items = table.defs.iter().enumerate().map(|(index, def)| {
        let name = ident(&names[index]);
        let docs = doc_attrs(&def.docs.as_deref().map(docs::markdown).unwrap_or_else(|| {
            format!("The `{}` object.", names[index])
        }));
        match &def.kind {
            TypeKind::Struct { fields } => {
                let mut field_names = UniqueNames::new();
                let fields = fields.iter().enumerate().map(|(field_index, field)| {
                    let field_ident = ident(&field_names.claim(&field.ident));
                    let mut ty = paths.ty(&field.ty);
                    if boxed.contains(&(index, field_index)) {
                        ty = box_inside_option(&paths, &field.ty);
                    }
                    let field_docs = doc_attrs(&field.docs.as_deref().map(docs::markdown).unwrap_or_else(|| docs::code(&field.name)));
                    let json_name = &field.name;
                    let rename = (field_ident.to_string().trim_start_matches("r#") != field.name)
                        .then(|| quote!(#[serde(rename = #json_name)]));
                    let optional = matches!(field.ty, TypeRef::Option(_)).then(|| {
                        let skip = format!("{}::is_none", paths.std("Option")).replace(' ', "");
                        quote!(#[serde(default, skip_serializing_if = #skip)])
                    });
                    quote! {
                        #field_docs
                        #rename
                        #optional
                        pub #field_ident: #ty,
                    }
                });
                let default = defaults[index].then(|| quote!(Default,));
                quote! {
                    #docs
                    #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
                    pub struct #name {
                        #(#fields)*
                    }
                }
            }
            TypeKind::Enum { variants } => {
                let mut variant_names = UniqueNames::with_reserved(["Other"]);
                let variants: Vec<(proc_macro2::Ident, &str)> = variants
                    .iter()
                    .map(|variant| {
                        let wanted = pascal_ident(&variant.ident, "Value");
                        (ident(&variant_names.claim(&wanted)), variant.value.as_str())
                    })
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
                quote! {
                    #docs
                    #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
                    pub enum #name {
                        #(#declarations)*
                        /// A value this client did not know when it was generated.
                        #[serde(untagged)]
                        Other(#string),
                    }

                    impl #name {
                        /// The value as sent on the wire.
                        pub fn as_str(&self) -> &str {
                            match self {
                                #(#arms)*
                                #name::Other(value) => value,
                            }
                        }
                    }

                    impl std::fmt::Display for #name {
                        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                            f.write_str(self.as_str())
                        }
                    }
                }
            }
        }
    });
    quote! {
        //! Types inferred from the collection's example bodies.
        #(#items)*
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

/// Which structs can derive `Default` (every field's type has a default).
fn default_capable(table: &TypeTable) -> Vec<bool> {
    let mut capable: Vec<bool> = table
        .defs
        .iter()
        .map(|def| matches!(def.kind, TypeKind::Struct { .. }))
        .collect();
    loop {
        let mut changed = false;
        for (index, def) in table.defs.iter().enumerate() {
            if let TypeKind::Struct { fields } = &def.kind {
                let ok = fields.iter().all(|field| has_default(&field.ty, &capable));
                if capable[index] && !ok {
                    capable[index] = false;
                    changed = true;
                }
            }
        }
        if !changed {
            return capable;
        }
    }
}

fn has_default(ty: &TypeRef, capable: &[bool]) -> bool {
    match ty {
        TypeRef::Primitive(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Option(_) => true,
        TypeRef::Named(id) => capable.get(id.0).copied().unwrap_or(false),
    }
}

/// Struct fields held by value (directly or in an `Option`) that lead back to
/// their own struct; they need a `Box`.
fn boxed_fields(table: &TypeTable) -> BTreeSet<(usize, usize)> {
    fn by_value(ty: &TypeRef) -> Option<usize> {
        match ty {
            TypeRef::Named(id) => Some(id.0),
            TypeRef::Option(inner) => by_value(inner),
            _ => None,
        }
    }
    let edges: Vec<Vec<(usize, usize)>> = table
        .defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct { fields } => fields
                .iter()
                .enumerate()
                .filter_map(|(index, field)| by_value(&field.ty).map(|target| (index, target)))
                .collect(),
            TypeKind::Enum { .. } => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node) {
                if let Some(next) = edges.get(node) {
                    stack.extend(next.iter().map(|&(_, target)| target));
                }
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (def, targets) in edges.iter().enumerate() {
        for &(field, target) in targets {
            if reaches(target, def) {
                boxed.insert((def, field));
            }
        }
    }
    boxed
}
