//! A generated crate as one module, for `include!` from a build script.
//!
//! The emitter writes a multi-file crate (`src/lib.rs`, `src/runtime/mod.rs`,
//! ...). A build script wants one file it can `include!`, so this module
//! inlines every `mod name;` declaration with the file Rust would load for it
//! (`name.rs` or `name/mod.rs`), turns the crate root into `pub mod <name> { .. }`
//! with the root's inner attributes and docs, and rewrites the absolute paths
//! the generated code uses (`crate::runtime::..`, and `crate::` links in docs)
//! to start at the module's mount point (`crate::<mount>::runtime::..`).

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, Group, Ident, Literal, Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Item, ItemMod, Visibility};

use crate::diagnostics::Error;
use crate::emit::{CrateFiles, HEADER};

/// The crate in `files` as a single `pub mod` item named after the last
/// segment of `mount`, for inclusion at `mount` (`"client"`, or `"api::client"`
/// for a module included inside `mod api`).
pub(crate) fn crate_as_module(files: &CrateFiles, mount: &str) -> Result<TokenStream, Error> {
    // A runtime of its own is another package, which an included module
    // cannot bring along.
    let runtime_crate = crate::emit::RuntimeLayout::Crate.root_file();
    if files.contains_key(runtime_crate) {
        return Err(Error::new(
            "module-needs-runtime-module",
            runtime_crate,
            "this crate carries its runtime as a package of its own (`runtime/`), which one \
             included module cannot: generate it with `.runtime(RuntimeLayout::Module)` to \
             include it from a build script",
        ));
    }
    let segments = mount_segments(mount)?;
    let Some(name) = segments.last().cloned() else {
        return Err(invalid_mount(mount));
    };
    let mut root = parse(files, "src/lib.rs")?;
    // Doc-test-only items (the README's examples) name files of the crate
    // directory, which an included module does not have.
    root.items.retain(|item| !is_doctest_only(item));
    inline_modules(files, &mut root.items, "src", 0)?;
    let module = ItemMod {
        attrs: root.attrs,
        vis: Visibility::Public(Default::default()),
        unsafety: None,
        mod_token: Default::default(),
        ident: name,
        content: Some((Default::default(), root.items)),
        semi: None,
    };
    let prefix: Vec<String> = segments.iter().map(ToString::to_string).collect();
    Ok(rebase(module.into_token_stream(), &prefix))
}

/// An item under `#[cfg(doctest)]`.
fn is_doctest_only(item: &Item) -> bool {
    let Item::Struct(item) = item else {
        return false;
    };
    item.attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|cfg| cfg == "doctest")
    })
}

/// [`crate_as_module`], formatted, with the generated-file header.
pub(crate) fn crate_as_module_string(files: &CrateFiles, mount: &str) -> Result<String, Error> {
    let tokens = crate_as_module(files, mount)?;
    let file: syn::File = syn::parse2(tokens).map_err(|error| {
        Error::new(
            "module-render",
            "",
            format!("the single-file module does not parse ({error}); this is a generator bug"),
        )
    })?;
    Ok(format!("{HEADER}\n{}", prettyplease::unparse(&file)))
}

/// Every `.rs` file of the crate as tokens, by path.
pub(crate) fn token_streams(files: &CrateFiles) -> Result<BTreeMap<String, TokenStream>, Error> {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(path, text)| {
            let tokens = text.parse::<TokenStream>().map_err(|error| {
                Error::new(
                    "module-render",
                    path.as_str(),
                    format!(
                        "generated file `{path}` does not lex ({error}); this is a generator bug"
                    ),
                )
            })?;
            Ok((path.clone(), tokens))
        })
        .collect()
}

fn invalid_mount(mount: &str) -> Error {
    Error::new(
        "invalid-module-path",
        "",
        format!("`{mount}` is not a module path: use identifiers separated by `::`, such as `client` or `api::client`"),
    )
}

/// The identifiers of `a::b::c`.
fn mount_segments(mount: &str) -> Result<Vec<Ident>, Error> {
    let mount = mount.trim().trim_start_matches("crate::");
    mount
        .split("::")
        .map(|segment| syn::parse_str::<Ident>(segment.trim()).map_err(|_| invalid_mount(mount)))
        .collect()
}

fn parse(files: &CrateFiles, path: &str) -> Result<syn::File, Error> {
    let text = files.get(path).ok_or_else(|| {
        Error::new(
            "module-render",
            path,
            format!("the generated crate has no `{path}`"),
        )
    })?;
    syn::parse_file(text).map_err(|error| {
        Error::new(
            "module-render",
            path,
            format!("generated file `{path}` does not parse ({error}); this is a generator bug"),
        )
    })
}

/// Modules nested deeper than this are refused rather than recursed into.
const MAX_DEPTH: usize = 256;

/// Replaces each `mod name;` in `items` (declared in a file whose child
/// modules live in `dir`) with the content of its file, recursively.
fn inline_modules(
    files: &CrateFiles,
    items: &mut [Item],
    dir: &str,
    depth: usize,
) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(Error::new(
            "module-render",
            dir,
            "modules are nested too deeply to inline",
        ));
    }
    for item in items {
        let Item::Mod(module) = item else { continue };
        let name = module.ident.unraw().to_string();
        let child_dir = format!("{dir}/{name}");
        if module.attrs.iter().any(|a| a.path().is_ident("path")) {
            return Err(Error::new(
                "module-render",
                child_dir.as_str(),
                format!("module `{name}` has a #[path] attribute, which inlining does not support"),
            ));
        }
        match &mut module.content {
            Some((_, inner)) => inline_modules(files, inner, &child_dir, depth + 1)?,
            None => {
                let file_path = [format!("{dir}/{name}.rs"), format!("{child_dir}/mod.rs")]
                    .into_iter()
                    .find(|candidate| files.contains_key(candidate))
                    .ok_or_else(|| {
                        Error::new(
                            "module-render",
                            child_dir.as_str(),
                            format!(
                                "the generated crate has no file for module `{name}` in `{dir}`"
                            ),
                        )
                    })?;
                let mut file = parse(files, &file_path)?;
                inline_modules(files, &mut file.items, &child_dir, depth + 1)?;
                module.attrs.append(&mut file.attrs);
                module.content = Some((Default::default(), file.items));
                module.semi = None;
            }
        }
    }
    Ok(())
}

/// Rewrites `crate::` paths (not `$crate`, not `pub(crate)`) to start with
/// `crate::<prefix>::`, in code and in `crate::` links of doc attributes.
fn rebase(tokens: TokenStream, prefix: &[String]) -> TokenStream {
    let mut out = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (index, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => {
                let stream = if group.delimiter() == Delimiter::Bracket {
                    rebase_doc(group.stream(), prefix)
                        .unwrap_or_else(|| rebase(group.stream(), prefix))
                } else {
                    rebase(group.stream(), prefix)
                };
                let mut rebuilt = Group::new(group.delimiter(), stream);
                rebuilt.set_span(group.span());
                out.push(TokenTree::Group(rebuilt));
            }
            TokenTree::Ident(ident) if ident == "crate" => {
                out.push(tree.clone());
                let after_dollar = index > 0
                    && matches!(&trees[index - 1], TokenTree::Punct(p) if p.as_char() == '$');
                let path_follows = matches!(
                    (trees.get(index + 1), trees.get(index + 2)),
                    (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                        if a.as_char() == ':' && b.as_char() == ':'
                );
                if path_follows && !after_dollar {
                    for segment in prefix {
                        out.extend(path_separator());
                        out.push(TokenTree::Ident(Ident::new(segment, ident.span())));
                    }
                }
            }
            _ => out.push(tree.clone()),
        }
    }
    out.into_iter().collect()
}

fn path_separator() -> [TokenTree; 2] {
    let mut first = proc_macro2::Punct::new(':', proc_macro2::Spacing::Joint);
    first.set_span(Span::call_site());
    [
        TokenTree::Punct(first),
        TokenTree::Punct(proc_macro2::Punct::new(':', proc_macro2::Spacing::Alone)),
    ]
}

/// `doc = "..."` with `crate::` links rebased; `None` when the attribute is
/// not a doc string.
fn rebase_doc(stream: TokenStream, prefix: &[String]) -> Option<TokenStream> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    let [TokenTree::Ident(doc), TokenTree::Punct(eq), TokenTree::Literal(literal)] = &trees[..]
    else {
        return None;
    };
    if doc != "doc" || eq.as_char() != '=' {
        return None;
    }
    let text = syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into())
        .ok()?
        .value();
    let base = format!("crate::{}::", prefix.join("::"));
    let rebased = text
        .replace("(crate::", &format!("({base}"))
        .replace("[`crate::", &format!("[`{base}"));
    let mut new_literal = Literal::string(&rebased);
    new_literal.set_span(literal.span());
    Some(
        [
            trees[0].clone(),
            trees[1].clone(),
            TokenTree::Literal(new_literal),
        ]
        .into_iter()
        .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> CrateFiles {
        entries
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect()
    }

    #[test]
    fn modules_are_inlined_and_paths_rebased() {
        let crate_files = files(&[
            (
                "src/lib.rs",
                "//! Root docs.\n#![forbid(unsafe_code)]\npub mod runtime;\nmod client;\npub use self::client::Client;\n",
            ),
            (
                "src/runtime/mod.rs",
                "//! Runtime.\nmod core;\npub(crate) use self::core::Core;\n",
            ),
            (
                "src/runtime/core.rs",
                "/// See [`Core`](crate::runtime::Core).\npub(crate) struct Core;\nmacro_rules! m { () => { $crate::x }; }\n",
            ),
            (
                "src/client.rs",
                "use crate::runtime;\npub struct Client(pub(crate) runtime::Core);\n",
            ),
        ]);
        let text = crate_as_module_string(&crate_files, "api::webex").unwrap();
        assert!(text.starts_with(HEADER), "{text}");
        for needle in [
            "pub mod webex {",
            "//! Root docs.",
            "#![forbid(unsafe_code)]",
            "pub mod runtime {",
            "//! Runtime.",
            "mod core {",
            "use crate::api::webex::runtime;",
            "pub struct Client(pub(crate) runtime::Core);",
            "(crate::api::webex::runtime::Core)",
            "$crate::x",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn bad_mounts_and_missing_files_are_errors() {
        let crate_files = files(&[("src/lib.rs", "mod missing;\n")]);
        for mount in ["", "a b", "type", "a::", "a::2"] {
            let err = crate_as_module(&crate_files, mount).unwrap_err();
            assert_eq!(err.diagnostic().code, "invalid-module-path", "{mount}");
        }
        let err = crate_as_module(&crate_files, "client").unwrap_err();
        assert!(err.to_string().contains("module `missing`"), "{err}");
        let err = crate_as_module(&files(&[]), "client").unwrap_err();
        assert!(err.to_string().contains("src/lib.rs"), "{err}");
    }
}
