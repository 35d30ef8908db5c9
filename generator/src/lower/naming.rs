//! Names for groups and operations: clean, unique, and deterministic.
//!
//! * A group's ident is its folder name in snake_case with `{...}` spans
//!   dropped (`meetings/{meeting Id}` → `meetings`), unique among the
//!   accessors and methods of its parent.
//! * An operation's `method_name` is its request name in snake_case, unique
//!   within its group.
//! * An operation's `name` is unique across the API: the request name, and when
//!   several requests share it, prefixed by as few enclosing group idents as
//!   make them distinct. Anything still equal is numbered in collection order.

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::ir::{Api, Operation};
use crate::names::{is_keyword, snake_ident, UniqueNames};

/// Method names that the generated client types already use, so groups and
/// operations never take them.
pub const RESERVED_METHODS: &[&str] = &[
    "builder", "new", "client", "clone", "fmt", "base_url", "var",
];

/// The longest group ident, in bytes. A group's module becomes a file or a
/// directory named after it, and file names past 255 bytes cannot be written
/// (found by fuzzing: a folder name repeated 55 times).
pub const MAX_GROUP_IDENT_LEN: usize = 64;

/// A snake_case ident for a folder name, at most `MAX_GROUP_IDENT_LEN` (64) bytes.
pub fn group_ident(name: &str) -> String {
    shorten(group_ident_unbounded(name), MAX_GROUP_IDENT_LEN)
}

fn group_ident_unbounded(name: &str) -> String {
    let mut without_templates = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => without_templates.push(c),
            _ => {}
        }
    }
    let ident = snake_ident(&without_templates, "");
    if ident.is_empty() {
        snake_ident(name, "group")
    } else {
        ident
    }
}

/// `ident` cut to at most `max` bytes, at the last word boundary that fits,
/// and escaped again if the cut leaves a keyword.
fn shorten(ident: String, max: usize) -> String {
    if ident.len() <= max {
        return ident;
    }
    let mut end = max;
    while !ident.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &ident[..end];
    let cut = match cut.rfind('_') {
        Some(boundary) if boundary > 0 => &cut[..boundary],
        _ => cut,
    };
    let mut short = cut.trim_end_matches('_').to_string();
    if short.is_empty() {
        short = "group".to_string();
    }
    if is_keyword(&short) {
        short.push('_');
    }
    short
}

/// The ident an operation wants before any collision handling: its name, or
/// when the name gives nothing, its method and literal path.
pub fn operation_base_name(postman_name: &str, method: &str, path_words: &str) -> String {
    let from_name = snake_ident(postman_name, "");
    if from_name.is_empty() {
        snake_ident(&format!("{method} {path_words}"), "operation")
    } else {
        from_name
    }
}

/// Assigns group idents and method names (one namespace per group, in
/// collection order) and unique operation names.
pub fn assign(api: &mut Api, order: &[Vec<Child>], base_names: &[String], item_paths: &[String]) {
    for children in order {
        let mut scope = UniqueNames::with_reserved(RESERVED_METHODS.iter().copied());
        for child in children {
            match *child {
                Child::Group(index) => {
                    let wanted = group_ident(&api.groups[index].name);
                    api.groups[index].ident = scope.claim(&wanted);
                }
                Child::Operation(index) => {
                    api.operations[index].method_name = scope.claim(&base_names[index]);
                }
            }
        }
    }
    let names = unique_operation_names(api, base_names);
    for (index, name) in names.into_iter().enumerate() {
        if name != base_names[index] {
            let op = &api.operations[index];
            api.diagnostics.push(Diagnostic::note(
                "name-collision",
                item_paths[index].as_str(),
                format!(
                    "request '{}' shares its name with another request; its unique name is `{name}`",
                    display_path(op)
                ),
            ));
        }
        api.operations[index].name = name;
    }
}

/// A child of a group, in collection order.
#[derive(Debug, Clone, Copy)]
pub enum Child {
    /// A sub-group, by index.
    Group(usize),
    /// An operation, by index.
    Operation(usize),
}

fn display_path(op: &Operation) -> String {
    let mut path = op.folder_path.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    path.push_str(&op.postman_name);
    path
}

fn unique_operation_names(api: &Api, base_names: &[String]) -> Vec<String> {
    let chains: Vec<Vec<&str>> = api
        .operations
        .iter()
        .map(|op| api.group_path(op.group))
        .collect();
    let mut names: Vec<String> = base_names.to_vec();
    // Operations still colliding, refined by one more enclosing group per round.
    let mut pending: Vec<usize> = colliding(&names, 0..names.len());
    let mut depth = 1;
    while !pending.is_empty() && pending.iter().any(|&i| chains[i].len() >= depth) {
        for &i in &pending {
            let chain = &chains[i];
            let take = depth.min(chain.len());
            let mut name = chain[chain.len() - take..].join("_");
            if !name.is_empty() {
                name.push('_');
            }
            name.push_str(&base_names[i]);
            names[i] = name;
        }
        pending = colliding(&names, pending.into_iter());
        depth += 1;
    }
    let mut scope = UniqueNames::new();
    names.iter().map(|name| scope.claim(name)).collect()
}

/// The indices (from `candidates`) whose name is shared with another candidate
/// or with any other operation.
fn colliding(names: &[String], candidates: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(names.len());
    for name in names {
        *counts.entry(name.as_str()).or_default() += 1;
    }
    candidates
        .filter(|&i| counts[names[i].as_str()] > 1)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_drop_template_spans() {
        assert_eq!(group_ident("meetings/{meeting Id}"), "meetings");
        assert_eq!(group_ident("{id}"), "id");
        assert_eq!(group_ident("Users & Groups"), "users_groups");
        assert_eq!(group_ident("🦀"), "group");
    }

    #[test]
    fn long_folder_names_are_cut_at_a_word_boundary() {
        let ident = group_ident(&"Users (v2) ".repeat(55));
        assert_eq!(ident, "users_v2_".repeat(7).trim_end_matches('_'));
        assert!(ident.len() <= MAX_GROUP_IDENT_LEN);
        assert_eq!(group_ident(&format!("type {}", "x".repeat(100))), "type_");
        assert_eq!(group_ident(&"x".repeat(100)), "x".repeat(64));
    }

    #[test]
    fn nameless_operations_are_named_by_method_and_path() {
        assert_eq!(operation_base_name("", "GET", "users id"), "get_users_id");
        assert_eq!(operation_base_name("*/", "POST", ""), "post");
        assert_eq!(
            operation_base_name("Update registrant's status", "PUT", ""),
            "update_registrants_status"
        );
    }
}
