//! The runtime's source as a crate of its own rather than a private module.
//!
//! A generated crate carries the runtime either as its private module
//! `src/runtime/` or, by default, as a second package beside it
//! (`runtime/`, a path dependency; [`super::RuntimeLayout`]). The runtime's
//! text is written for the module: what the generated code calls is
//! `pub(crate)`, and its three macros are re-exported with
//! `pub(crate) use name;`. As a crate, the generated code is another crate,
//! so [`as_crate`] makes one mechanical change:
//!
//! * every `pub(crate)` item, field and `use` becomes `pub` and
//!   `#[doc(hidden)]`: reachable by the generated code, but not documented
//!   and not part of the API a user reads (the user-facing items were `pub`
//!   already and are re-exported by the generated crate's root);
//! * a `macro_rules!` re-exported with `pub(crate) use name;` gets
//!   `#[macro_export]` (a macro crosses crates only so, at the crate's root)
//!   and the re-export becomes `pub use crate::name;`, so the generated code's
//!   paths (`runtime::object::impls!`) stay the same.
//!
//! Everything else, private items included, is left as it is. This file is
//! also compiled by the generator's build script, which rewrites the fixed
//! runtime files once; the generator rewrites only the per-crate `lib.rs`.

/// `file` as the runtime crate carries it (see the module docs); `macros`
/// gets the name of each macro it exports.
pub fn as_crate(file: &mut syn::File, macros: &mut Vec<String>) {
    let reexported: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Use(item) if is_crate_visible(&item.vis) => match &item.tree {
                syn::UseTree::Name(name) => Some(name.ident.to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|name| {
            file.items.iter().any(|item| {
                matches!(item, syn::Item::Macro(item)
                    if item.mac.path.is_ident("macro_rules")
                        && item.ident.as_ref().is_some_and(|ident| ident == name))
            })
        })
        .collect();
    for item in &mut file.items {
        if let syn::Item::Macro(item) = item {
            let exported = item
                .ident
                .as_ref()
                .is_some_and(|ident| reexported.contains(&ident.to_string()));
            if exported {
                item.attrs.push(syn::parse_quote!(#[macro_export]));
                item.attrs.push(syn::parse_quote!(#[doc(hidden)]));
            }
            continue;
        }
        if let syn::Item::Use(item) = item {
            if let syn::UseTree::Name(name) = &item.tree {
                if reexported.contains(&name.ident.to_string()) {
                    let ident = name.ident.clone();
                    item.tree = syn::parse_quote!(crate::#ident);
                }
            }
        }
        item_as_crate(item);
    }
    macros.extend(reexported);
}

/// Removes `names` (macros the crate exports at its root) from the root's
/// `use` trees, where they would clash with the exported macros, and drops
/// a `use` left empty.
pub fn drop_reexports_of(file: &mut syn::File, names: &[&str]) {
    file.items.retain_mut(|item| match item {
        syn::Item::Use(item) => !drop_names(&mut item.tree, names),
        _ => true,
    });
}

/// Removes `names` from `tree`; whether nothing is left of it.
fn drop_names(tree: &mut syn::UseTree, names: &[&str]) -> bool {
    match tree {
        syn::UseTree::Path(path) => drop_names(&mut path.tree, names),
        syn::UseTree::Name(name) => names.iter().any(|wanted| name.ident == wanted),
        syn::UseTree::Rename(_) | syn::UseTree::Glob(_) => false,
        syn::UseTree::Group(group) => {
            let kept: syn::punctuated::Punctuated<syn::UseTree, syn::Token![,]> =
                std::mem::take(&mut group.items)
                    .into_iter()
                    .filter_map(|mut tree| (!drop_names(&mut tree, names)).then_some(tree))
                    .collect();
            group.items = kept;
            group.items.is_empty()
        }
    }
}

/// Whether `vis` is `pub(crate)`.
fn is_crate_visible(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Restricted(restricted)
        if restricted.in_token.is_none() && restricted.path.is_ident("crate"))
}

/// Makes a `pub(crate)` visibility `pub`; whether it was one.
fn widen(vis: &mut syn::Visibility) -> bool {
    if is_crate_visible(vis) {
        *vis = syn::Visibility::Public(Default::default());
        return true;
    }
    false
}

/// `#[doc(hidden)]`, for an item made `pub` here.
fn hidden() -> syn::Attribute {
    syn::parse_quote!(#[doc(hidden)])
}

/// [`widen`]s `item` and what it contains (fields, associated items, the
/// items of an inline module), hiding each widened one.
fn item_as_crate(item: &mut syn::Item) {
    let (vis, attrs) = match item {
        syn::Item::Const(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Enum(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Fn(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Mod(item) => {
            if let Some((_, items)) = &mut item.content {
                items.iter_mut().for_each(item_as_crate);
            }
            (&mut item.vis, &mut item.attrs)
        }
        syn::Item::Static(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Struct(item) => {
            for field in item.fields.iter_mut() {
                if widen(&mut field.vis) {
                    field.attrs.push(hidden());
                }
            }
            (&mut item.vis, &mut item.attrs)
        }
        syn::Item::Trait(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Type(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Union(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Use(item) => (&mut item.vis, &mut item.attrs),
        syn::Item::Impl(item) => {
            for member in &mut item.items {
                let (vis, attrs) = match member {
                    syn::ImplItem::Const(member) => (&mut member.vis, &mut member.attrs),
                    syn::ImplItem::Fn(member) => (&mut member.vis, &mut member.attrs),
                    syn::ImplItem::Type(member) => (&mut member.vis, &mut member.attrs),
                    _ => continue,
                };
                if widen(vis) {
                    attrs.push(hidden());
                }
            }
            return;
        }
        _ => return,
    };
    if widen(vis) {
        attrs.push(hidden());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `source` through [`as_crate`], printed, and the macros it exports.
    fn rewritten(source: &str) -> (String, Vec<String>) {
        let mut file = syn::parse_file(source).expect("parses");
        let mut macros = Vec::new();
        as_crate(&mut file, &mut macros);
        (prettyplease::unparse(&file), macros)
    }

    #[test]
    fn crate_visible_items_fields_and_methods_become_public_and_hidden() {
        let (text, macros) = rewritten(
            "pub(crate) struct Request { pub(crate) url: String, private: u8, pub kept: u8 }
             impl Request { pub(crate) fn new() -> Self { todo!() } fn helper() {} }
             pub(crate) enum Body { Empty }
             pub(crate) trait Signer {}
             pub(crate) const LIMIT: usize = 1;
             pub(crate) use self::inner::Thing;
             pub(crate) mod inner { pub(crate) struct Thing; }
             pub struct Error;
             fn private() {}",
        );
        assert!(macros.is_empty());
        for item in [
            "#[doc(hidden)]\npub struct Request",
            "#[doc(hidden)]\n    pub url: String",
            "#[doc(hidden)]\n    pub fn new()",
            "#[doc(hidden)]\npub enum Body",
            "#[doc(hidden)]\npub trait Signer",
            "#[doc(hidden)]\npub const LIMIT",
            "#[doc(hidden)]\npub use self::inner::Thing;",
            "#[doc(hidden)]\npub mod inner",
            "#[doc(hidden)]\n    pub struct Thing;",
        ] {
            assert!(text.contains(item), "{item}:\n{text}");
        }
        // What was private or public already is left as it was.
        assert!(!text.contains("pub(crate)"), "{text}");
        assert!(text.contains("    private: u8,"), "{text}");
        assert!(text.contains("    pub kept: u8,"), "{text}");
        assert!(text.contains("\n    fn helper()"), "{text}");
        assert!(text.contains("\npub struct Error;"), "{text}");
        assert!(!text.contains("#[doc(hidden)]\npub struct Error"), "{text}");
        assert!(text.contains("\nfn private()"), "{text}");
        assert_eq!(text.matches("#[doc(hidden)]").count(), 9, "{text}");
    }

    #[test]
    fn macros_re_exported_in_the_crate_are_exported_from_its_root() {
        let (text, macros) = rewritten(
            "macro_rules! impls { () => {}; }
             pub(crate) use impls;
             macro_rules! local { () => {}; }",
        );
        assert_eq!(macros, ["impls"]);
        assert!(
            text.contains("#[macro_export]\n#[doc(hidden)]\nmacro_rules! impls"),
            "{text}"
        );
        assert!(
            text.contains("#[doc(hidden)]\npub use crate::impls;"),
            "{text}"
        );
        // A macro the file only uses itself stays local.
        assert!(text.contains("\nmacro_rules! local"), "{text}");
        assert!(
            !text.contains("macro_export]\nmacro_rules! local"),
            "{text}"
        );
    }

    #[test]
    fn the_root_re_exports_no_exported_macro_and_keeps_the_rest() {
        let mut file = syn::parse_file(
            "pub(crate) use self::{overrides::{builder_debug, Overrides}, error::typed_body};
             pub(crate) use self::only::builder_debug;
             pub use self::error::Error;",
        )
        .expect("parses");
        drop_reexports_of(&mut file, &["builder_debug"]);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("builder_debug"), "{text}");
        assert!(
            text.contains("overrides::{Overrides}") || text.contains("overrides::Overrides"),
            "{text}"
        );
        assert!(text.contains("error::typed_body"), "{text}");
        assert!(text.contains("pub use self::error::Error;"), "{text}");
        // The `use` that held only the macro is gone.
        assert_eq!(text.matches("use ").count(), 2, "{text}");
    }
}
