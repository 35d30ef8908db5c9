//! No import cycles between the generator's source files.
//!
//! A cycle between two files (`generate.rs` uses `report.rs`, which uses
//! `generate.rs`) means neither can be read, tested or moved without the
//! other; the pipeline is meant to run one way. This test parses every file
//! under `generator/src` with `syn`, takes each module's references to other
//! modules — `use crate::...`, `use super::...` and paths such as
//! `crate::report::excerpt(...)` in code — and fails on any cycle, listing it.
//!
//! What counts as a reference:
//!
//! * a path starting with `crate`, `super` or `self`, resolved to the longest
//!   prefix that names a module of the crate (`crate::collection::Url` →
//!   `collection`, which re-exports it);
//! * not references to a module's own ancestors (`super::Shape` from
//!   `infer/merge.rs` names `infer/mod.rs`): a parent declares its children and
//!   re-exports from them, so child → parent is the normal shape of a module
//!   tree, not a cycle between peers;
//! * not code under `#[cfg(test)]` (tests may use anything) and not the
//!   tokens inside `quote!`-style macros (they are generated code's paths).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};

use crate::project_root;

/// Macros whose bodies are code for another crate, not references of this one.
const GENERATED_CODE_MACROS: &[&str] = &["quote", "quote_spanned", "parse_quote", "format_ident"];

#[test]
fn generator_source_files_have_no_import_cycles() {
    let src = project_root().join("generator/src");
    let graph = module_graph(&src);
    assert!(
        graph.len() > 20,
        "found only {} modules under {}",
        graph.len(),
        src.display()
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles between source files (each line: a module, the modules it \
         uses, back to the first):\n{}",
        cycles
            .iter()
            .map(|cycle| cycle.join(" -> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_cycle_between_peers_is_found_and_one_to_a_parent_is_not() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs::write(path, text).expect("write");
    };
    write("lib.rs", "mod a; mod b; mod c; pub use a::A;");
    write(
        "a.rs",
        "use crate::b::B; pub struct A; fn f() { crate::c::g(); }",
    );
    write("b.rs", "pub struct B; fn f() -> crate::A { todo!() }");
    write(
        "c.rs",
        "mod inner; pub fn g() { super::a::A; quote! { crate::b::B } }",
    );
    write("c/inner.rs", "use super::g; #[cfg(test)] use crate::a::A;");
    let graph = module_graph(dir.path());
    assert_eq!(
        graph["a"],
        BTreeSet::from(["b".to_string(), "c".to_string()])
    );
    assert_eq!(graph["c"], BTreeSet::from(["a".to_string()]));
    assert!(graph["c::inner"].is_empty(), "{graph:?}");
    assert_eq!(cycles(&graph), [["a", "c", "a"]]);
}

/// Module path (`infer::merge`, `""` for the crate root) → modules it uses.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every module of the crate rooted at `src/lib.rs` and what it references.
fn module_graph(src: &Path) -> Graph {
    let mut modules = Vec::new();
    collect_modules(&src.join("lib.rs"), src, Vec::new(), &mut modules);
    let known: BTreeSet<Vec<String>> = modules.iter().map(|(path, _)| path.clone()).collect();
    let mut graph = Graph::new();
    for (module, paths) in &modules {
        let mut uses = BTreeSet::new();
        for path in paths {
            if let Some(target) = resolve(module, path, &known) {
                let is_ancestor_or_self = module.starts_with(&target);
                if !is_ancestor_or_self {
                    uses.insert(target.join("::"));
                }
            }
        }
        graph.insert(module.join("::"), uses);
    }
    graph
}

/// Parses the module file at `file` (module path `module`, child files under
/// `dir`) and its children, pushing `(module path, referenced paths)`.
fn collect_modules(
    file: &Path,
    dir: &Path,
    module: Vec<String>,
    out: &mut Vec<(Vec<String>, Vec<Vec<String>>)>,
) {
    let Ok(text) = fs::read_to_string(file) else {
        return;
    };
    let syntax = syn::parse_file(&text)
        .unwrap_or_else(|err| panic!("{} does not parse: {err}", file.display()));
    collect_items(&syntax.items, dir, module, out);
}

fn collect_items(
    items: &[syn::Item],
    dir: &Path,
    module: Vec<String>,
    out: &mut Vec<(Vec<String>, Vec<Vec<String>>)>,
) {
    let mut paths = Vec::new();
    for item in items {
        if is_test_only(item) {
            continue;
        }
        match item {
            syn::Item::Use(item) => use_paths(&item.tree, Vec::new(), &mut paths),
            syn::Item::Mod(item) => {
                let mut child = module.clone();
                child.push(item.ident.to_string());
                let child_dir = dir.join(item.ident.to_string());
                match &item.content {
                    Some((_, items)) => collect_items(items, &child_dir, child, out),
                    None => {
                        let flat = dir.join(format!("{}.rs", item.ident));
                        let nested = child_dir.join("mod.rs");
                        let file = if flat.exists() { flat } else { nested };
                        collect_modules(&file, &child_dir, child, out);
                    }
                }
            }
            other => code_paths(quote::ToTokens::to_token_stream(other), &mut paths),
        }
    }
    out.push((module, paths));
}

/// `#[cfg(test)]` on an item.
fn is_test_only(item: &syn::Item) -> bool {
    let attrs = match item {
        syn::Item::Use(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        _ => return false,
    };
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

/// The paths a `use` tree imports, as segments.
fn use_paths(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let with = |segment: String| {
        let mut path = prefix.clone();
        path.push(segment);
        path
    };
    match tree {
        syn::UseTree::Path(path) => use_paths(&path.tree, with(path.ident.to_string()), out),
        syn::UseTree::Name(name) => out.push(with(name.ident.to_string())),
        syn::UseTree::Rename(rename) => out.push(with(rename.ident.to_string())),
        syn::UseTree::Glob(_) => out.push(prefix),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_paths(tree, prefix.clone(), out);
            }
        }
    }
}

/// Paths in code (`crate::a::f`, `super::b::T`, `child::g`), outside the
/// bodies of [`GENERATED_CODE_MACROS`].
fn code_paths(tokens: TokenStream, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut index = 0;
    while index < tokens.len() {
        match &tokens[index] {
            TokenTree::Group(group) => code_paths(group.stream(), out),
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                let is_macro_call = matches!(tokens.get(index + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                if is_macro_call && GENERATED_CODE_MACROS.contains(&name.as_str()) {
                    index += 3; // the name, `!` and the body
                    continue;
                }
                let preceded_by_colons = index > 0
                    && matches!(&tokens[index - 1], TokenTree::Punct(p) if p.as_char() == ':');
                if !preceded_by_colons {
                    let mut path = vec![name];
                    let mut next = index + 1;
                    while let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(segment)),
                    ) = (tokens.get(next), tokens.get(next + 1), tokens.get(next + 2))
                    {
                        if a.as_char() != ':' || b.as_char() != ':' {
                            break;
                        }
                        path.push(segment.to_string());
                        next += 3;
                    }
                    let relative = !["crate", "super", "self"].contains(&path[0].as_str());
                    if path.len() > 1 || !relative {
                        out.push(path);
                    }
                    index = next;
                    continue;
                }
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
        index += 1;
    }
}

/// The module a path used in `module` refers to: the longest known prefix of
/// its absolute form; `None` for paths into other crates (or to local items).
fn resolve(
    module: &[String],
    path: &[String],
    known: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let first = path.first()?;
    let (mut absolute, mut rest): (Vec<String>, &[String]) = match first.as_str() {
        "crate" => (Vec::new(), &path[1..]),
        "self" | "super" => (module.to_vec(), &path[1..]),
        // A path relative to the module: only a child module counts.
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            if !known.contains(&child) {
                return None;
            }
            (module.to_vec(), path)
        }
    };
    if first == "super" {
        absolute.pop();
        while rest.first().map(String::as_str) == Some("super") {
            absolute.pop();
            rest = &rest[1..];
        }
    }
    absolute.extend(rest.iter().cloned());
    (0..=absolute.len())
        .rev()
        .map(|len| absolute[..len].to_vec())
        .find(|prefix| known.contains(prefix))
}

/// Every elementary cycle of `graph`, each listed once, starting at its
/// smallest module and ending where it started.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let mut found = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![start.clone()];
        find_cycles(graph, start, &mut stack, &mut found);
    }
    found.into_iter().collect()
}

/// Depth-first search for paths back to `stack[0]` through modules greater
/// than it (so each cycle is found from its smallest module only).
fn find_cycles(
    graph: &Graph,
    start: &str,
    stack: &mut Vec<String>,
    found: &mut BTreeSet<Vec<String>>,
) {
    let Some(current) = stack.last().cloned() else {
        return;
    };
    for next in graph.get(&current).into_iter().flatten() {
        if next == start {
            let mut cycle = stack.clone();
            cycle.push(start.to_string());
            found.insert(cycle);
        } else if next.as_str() > start && !stack.contains(next) {
            stack.push(next.clone());
            find_cycles(graph, start, stack, found);
            stack.pop();
        }
    }
}
