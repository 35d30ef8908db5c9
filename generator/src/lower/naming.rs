//! Names for groups and operations: clean, unique, and deterministic.
//!
//! * A group's ident is its folder name in snake_case with `{...}` spans
//!   dropped (`meetings/{meeting Id}` → `meetings`), unique among the
//!   accessors and methods of its parent.
//! * An operation's `method_name` is its request name in snake_case, unique
//!   within its group.
//! * Articles are dropped from request names (`Create a customer` →
//!   `create_customer`): they carry no meaning in a method name. A rename
//!   from the settings or the CLI is taken as written.
//! * A folder named only by a path parameter (`{user Id}`, `:userId`) makes
//!   no group: its requests already take the parameter, so an accessor
//!   without one (`users().user_id().meetings()`) says nothing. Its
//!   children join the enclosing group.
//! * An operation's `name` is unique across the API: the request name; a
//!   later request (in collection order) whose name an earlier one has is
//!   prefixed by as few enclosing group idents as make it distinct from
//!   every earlier request's name and prefixed forms, then numbered. The
//!   first keeps its name, so adding a request never renames an earlier one
//!   (nor the types named after it).
//! * Names an earlier generation recorded (`name_lock`, keyed by folder and
//!   item id) are handed out first, while their owner still has the name it
//!   had: so a request inserted anywhere, even before a same-named one,
//!   renames nothing that existed.

use foldhash::{HashSet, HashSetExt};

use crate::diagnostics::Diagnostic;
use crate::ir::{Api, Operation};
use crate::name_lock::{ApiNames, PinnedOperation};
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

/// The name without its `{...}` spans.
fn group_ident_unbounded_text(name: &str) -> String {
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
    without_templates
}

fn group_ident_unbounded(name: &str) -> String {
    let without_templates = group_ident_unbounded_text(name);
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

/// Words that say nothing in a method name.
const ARTICLES: &[&str] = &["a", "an", "the"];

/// True for a folder named only by a path parameter: `{user Id}`, `{{id}}`,
/// `:userId` (surrounding spaces allowed).
pub fn is_path_parameter_folder(name: &str) -> bool {
    let name = name.trim();
    if let Some(rest) = name.strip_prefix(':') {
        return !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    }
    name.starts_with('{') && group_ident_unbounded_text(name).trim().is_empty()
}

/// The ident an operation wants before any collision handling: its name
/// without articles (unless `as_written`), or when the name gives nothing,
/// its method and literal path.
pub fn operation_base_name(
    postman_name: &str,
    method: &str,
    path_words: &str,
    as_written: bool,
) -> String {
    let mut from_name = snake_ident(postman_name, "");
    if !as_written {
        let words: Vec<&str> = from_name
            .trim_end_matches('_')
            .split('_')
            .filter(|word| !ARTICLES.contains(word))
            .collect();
        let without = snake_ident(&words.join(" "), "");
        if !without.is_empty() {
            from_name = without;
        }
    }
    if from_name.is_empty() {
        snake_ident(&format!("{method} {path_words}"), "operation")
    } else {
        from_name
    }
}

/// Assigns group idents and method names (one namespace per group, in
/// collection order) and unique operation names. `pins` are the names an
/// earlier generation gave (see `name_lock`): a folder or request whose
/// recorded name it still asks for (`wanted_texts`: per operation, its name
/// or rename as written) gets that name before anything else is named, so
/// what was inserted before it cannot take it.
pub fn assign(
    api: &mut Api,
    order: &[Vec<Child>],
    base_names: &[String],
    item_paths: &[String],
    wanted_texts: &[String],
    pins: &ApiNames,
) {
    let group_pin = |api: &Api, index: usize| -> Option<String> {
        let group = &api.groups[index];
        let pin = pins.groups.get(group.postman_id.as_deref()?)?;
        (pin.wanted == group.name).then(|| pin.name.clone())
    };
    let op_pin = |api: &Api, index: usize| -> Option<&PinnedOperation> {
        let pin = pins
            .operations
            .get(api.operations[index].postman_id.as_deref()?)?;
        (pin.wanted == wanted_texts[index]).then_some(pin)
    };
    for children in order {
        let mut scope = UniqueNames::with_reserved(RESERVED_METHODS.iter().copied());
        // Pinned names first, when still free; then the rest in collection order.
        let mut pinned = vec![false; children.len()];
        for (slot, child) in children.iter().enumerate() {
            let name = match *child {
                Child::Group(index) => group_pin(api, index),
                Child::Operation(index) => op_pin(api, index).map(|pin| pin.method.clone()),
            };
            if let Some(name) = name.filter(|name| !scope.contains(name)) {
                scope.claim(&name);
                pinned[slot] = true;
                match *child {
                    Child::Group(index) => api.groups[index].ident = name,
                    Child::Operation(index) => api.operations[index].method_name = name,
                }
            }
        }
        for (slot, child) in children.iter().enumerate() {
            if pinned[slot] {
                continue;
            }
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
    let pinned_names: Vec<Option<String>> = (0..api.operations.len())
        .map(|index| op_pin(api, index).map(|pin| pin.name.clone()))
        .collect();
    let names = unique_operation_names(api, base_names, &pinned_names);
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

fn unique_operation_names(
    api: &Api,
    base_names: &[String],
    pinned: &[Option<String>],
) -> Vec<String> {
    let chains: Vec<Vec<&str>> = api
        .operations
        .iter()
        .map(|op| api.group_path(op.group))
        .collect();
    // First come, first served, in collection order: an operation takes the
    // shortest suffix of its group path (plus its own name) that no earlier
    // operation has as a suffix of its own, so a later request never changes
    // an earlier one's name, and `registrants_update_status` is never given
    // to one of two `…/registrants/update_status` requests. A later request
    // whose base name equals an earlier one's is also kept off the earlier's
    // bare name.
    let suffix_name = |index: usize, depth: usize| -> String {
        let chain = &chains[index];
        let depth = depth.min(chain.len());
        if depth == 0 {
            return base_names[index].clone();
        }
        format!(
            "{}_{}",
            chain[chain.len() - depth..].join("_"),
            base_names[index]
        )
    };
    let mut earlier_suffixes: HashSet<String> = HashSet::new();
    let mut scope = UniqueNames::new();
    // Recorded names (still free, distinct) are claimed before any other;
    // the others then avoid them as they avoid earlier names.
    let mut kept: Vec<Option<String>> = vec![None; pinned.len()];
    for (index, name) in pinned.iter().enumerate() {
        if let Some(name) = name.as_ref().filter(|name| !scope.contains(name)) {
            kept[index] = Some(scope.claim(name));
        }
    }
    let mut names = Vec::with_capacity(base_names.len());
    for (index, chain) in chains.iter().enumerate() {
        let depths = chain.len();
        if let Some(name) = kept[index].take() {
            names.push(name);
            for depth in 0..=depths {
                earlier_suffixes.insert(suffix_name(index, depth));
            }
            continue;
        }
        let name = (0..=depths)
            .map(|depth| suffix_name(index, depth))
            .find(|name| !earlier_suffixes.contains(name) && !scope.contains(name))
            .unwrap_or_else(|| suffix_name(index, depths));
        names.push(scope.claim(&name));
        for depth in 0..=depths {
            earlier_suffixes.insert(suffix_name(index, depth));
        }
    }
    names
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
        assert_eq!(
            operation_base_name("", "GET", "users id", false),
            "get_users_id"
        );
        assert_eq!(operation_base_name("*/", "POST", "", false), "post");
        assert_eq!(
            operation_base_name("Update registrant's status", "PUT", "", false),
            "update_registrants_status"
        );
    }

    #[test]
    fn articles_are_dropped_unless_the_name_is_a_rename() {
        let name = |text: &str| operation_base_name(text, "GET", "", false);
        assert_eq!(name("Create a customer"), "create_customer");
        assert_eq!(name("Get an item of the list"), "get_item_of_list");
        assert_eq!(name("A"), "a");
        assert_eq!(name("The type"), "type_");
        assert_eq!(
            operation_base_name("Create a customer", "GET", "", true),
            "create_a_customer"
        );
    }

    #[test]
    fn path_parameter_folders_are_recognised() {
        for name in ["{user Id}", "{{id}}", " :userId ", "{a}{b}"] {
            assert!(is_path_parameter_folder(name), "{name}");
        }
        for name in ["users", "meetings/{id}", ":", "{id} details", "a:b"] {
            assert!(!is_path_parameter_folder(name), "{name}");
        }
    }
}
