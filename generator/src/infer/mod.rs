//! Type inference from examples (stage 3).
//!
//! Postman collections hold no schemas, only examples. This stage turns every
//! example a collection holds (request bodies and the bodies of saved
//! examples' original requests, form-field values, saved response bodies per
//! status, parameter values and their descriptions) into Rust types, in two
//! phases:
//!
//! 1. `shape`: every sample becomes a shape, and the samples of one place
//!    are joined (commutative and associative, so order never matters);
//!    `text` reads text values, placeholders and descriptions.
//! 2. `merge` plans merges of near-identical same-named structs,
//!    `resolve` turns shapes into hash-consed definitions (`keys` decides
//!    maps), and `naming` names them in reading order.
//!
//! The rules, and why, are in `docs/type-inference.md`.
//!
//! Contracts with `emit`:
//! * Parameter and form-field types are never `Option`: whether the caller
//!   must pass them is the IR's `required` flag. File form fields get `String`
//!   (a placeholder; emit sends bytes).
//! * A struct field absent or null in some sample is `Option<T>`, except a
//!   list, which stays `Vec<T>`: emit must make every `Vec` field defaultable
//!   on input (absent *or null* gives an empty list). On output it should
//!   keep `[]`: the IR cannot yet say which `Vec` fields are required.
//! * Every `TypeKind::Enum` gets a catch-all `Other(String)` variant from emit;
//!   no inferred variant is named `Other`.

mod keys;
mod merge;
mod naming;
mod render;
mod resolve;
mod roots;
mod shape;
pub(crate) mod text;
pub(crate) mod type_facts;
mod words;

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

pub use render::{render_api_types, render_types, rust_type, RustType, TypeStats};

use merge::{Hint, Merges};
use naming::{name_defs, name_defs_keeping, RootUse};
use resolve::Resolver;
use roots::{Evidence, Root, Slot};
use shape::Shape;
use text::TextKind;

use crate::ir::{Api, Body, OperationTypes, Primitive, TypeRef, TypeTable};
use crate::name_lock::ApiNames;
use crate::names::pascal_ident;

/// Infers the types of an API's bodies and parameters from its examples.
pub fn infer(api: &Api) -> TypeTable {
    infer_keeping_names(api, &ApiNames::default())
}

/// [`infer`], keeping the type names an earlier generation recorded
/// (`previous`, from its name lock; see `name_lock`).
pub fn infer_keeping_names(api: &Api, previous: &ApiNames) -> TypeTable {
    let roots = roots::collect(api);
    let merges = Merges::plan(roots.iter().filter_map(|root| match &root.evidence {
        Evidence::Json(shape) => Some((shape, root_hint(root))),
        _ => None,
    }));
    let mut resolver = Resolver::new(&merges);
    let mut resolved: Vec<Option<TypeRef>> = roots
        .iter()
        .map(|root| resolve_root(&mut resolver, api, root))
        .collect();
    unify_parameters(api, &roots, &mut resolved);
    let uses = root_uses(api, &roots, &resolved);
    let (defs, named) = name_defs_keeping(resolver.into_defs(), &uses, &previous.types);

    let mut operations: Vec<OperationTypes> = api.operations.iter().map(empty_types).collect();
    // `named` is parallel to `roots` (one use per root, see `root_uses`).
    for ((root, resolved), named) in roots.iter().zip(&resolved).zip(named) {
        let ty = resolved.as_ref().map(|_| named);
        let types = &mut operations[root.op];
        let string = || TypeRef::Primitive(Primitive::String);
        match root.slot {
            Slot::PathParam(i) => types.path_params[i] = ty.unwrap_or_else(string),
            Slot::Query(i) => types.query[i] = ty.unwrap_or_else(string),
            Slot::FormField(i) => types.form_fields[i] = ty.unwrap_or_else(string),
            Slot::Body => types.body = ty,
            Slot::Response(code) => {
                types.responses.insert(code, ty);
            }
        }
    }
    TypeTable { defs, operations }
}

/// One Rust type per parameter name across the API, for path and query
/// parameters (each kind on its own): `meetingId` must not be `i64` in one
/// operation and `String` in the next (one description said "long", the
/// other nothing). Where scalar types disagree, the name is `i64` when every
/// example of it is an integer and one description made it `i64`, and
/// `String` otherwise (any value can be sent as text). Enums and JSON-typed
/// parameters are left alone: their evidence is their own.
fn unify_parameters(api: &Api, roots: &[Root], resolved: &mut [Option<TypeRef>]) {
    let example = |root: &Root| -> Option<&str> {
        let op = &api.operations[root.op];
        match root.slot {
            Slot::PathParam(p) => op.path_params.get(p)?.example.as_deref(),
            Slot::Query(q) => match &op.query.get(q)?.value {
                crate::ir::QueryValue::Param { param } => param.example.as_deref(),
                _ => None,
            },
            _ => None,
        }
    };
    let mut by_name: BTreeMap<(bool, &str), Vec<usize>> = BTreeMap::new();
    for (index, root) in roots.iter().enumerate() {
        let is_path = match root.slot {
            Slot::PathParam(_) => true,
            Slot::Query(_) => false,
            _ => continue,
        };
        if let (Some(TypeRef::Primitive(_)), Some(key)) = (&resolved[index], root.key.as_deref()) {
            by_name.entry((is_path, key)).or_default().push(index);
        }
    }
    for indices in by_name.values() {
        let first = &resolved[indices[0]];
        if indices.iter().all(|&i| resolved[i] == *first) {
            continue;
        }
        let int = TypeRef::Primitive(Primitive::I64);
        let all_integers = indices
            .iter()
            .all(|&i| example(&roots[i]).is_some_and(|e| e.parse::<i64>().is_ok()));
        let some_int = indices.iter().any(|&i| resolved[i].as_ref() == Some(&int));
        let only_int_or_string = indices.iter().all(|&i| {
            matches!(
                &resolved[i],
                Some(TypeRef::Primitive(Primitive::I64 | Primitive::String))
            )
        });
        let unified = if all_integers && some_int && only_int_or_string {
            int
        } else {
            TypeRef::Primitive(Primitive::String)
        };
        for &i in indices {
            resolved[i] = Some(unified.clone());
        }
    }
}

/// Infers the type of a set of JSON samples of one value, named `name` (or
/// `{name}Item` when the samples are lists of objects): the core of [`infer`]
/// without a collection around it. Placeholder strings (`"<long>"`) and
/// `"{{variable}}"` strings count as evidence the way they do in bodies.
/// Returns the table (with no operations) and the samples' type.
pub fn infer_json_samples(name: &str, samples: &[serde_json::Value]) -> (TypeTable, TypeRef) {
    let mut shape = Shape::default();
    for sample in samples {
        shape.absorb(Shape::from_json(sample));
    }
    let merges = Merges::plan([(&shape, Hint::ROOT)]);
    let mut resolver = Resolver::new(&merges);
    let ty = resolver.resolve(&shape);
    let names = root_names(&ty, vec![pascal_ident(name, "Sample")]);
    let uses = [RootUse {
        ty,
        names,
        origin: format!("The samples of `{name}`."),
        key: String::new(),
    }];
    let (defs, mut tys) = name_defs(resolver.into_defs(), &uses);
    let ty = tys.pop().unwrap_or(TypeRef::Primitive(Primitive::Value));
    (
        TypeTable {
            defs,
            operations: Vec::new(),
        },
        ty,
    )
}

fn empty_types(op: &crate::ir::Operation) -> OperationTypes {
    let string = TypeRef::Primitive(Primitive::String);
    let form_fields = match &op.body {
        Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) => fields.len(),
        _ => 0,
    };
    OperationTypes {
        path_params: vec![string.clone(); op.path_params.len()],
        query: vec![string.clone(); op.query.len()],
        body: None,
        form_fields: vec![string; form_fields],
        responses: BTreeMap::new(),
    }
}

/// Bodies and responses are roots named by role; parameters and form fields
/// are keyed like struct fields (so a form field's JSON can merge with a
/// body field of the same name).
fn root_hint(root: &Root) -> Hint<'_> {
    match root.slot {
        Slot::Body | Slot::Response(_) => Hint::ROOT,
        Slot::PathParam(_) | Slot::Query(_) | Slot::FormField(_) => Hint {
            key: root.key.as_deref(),
            plural: false,
        },
    }
}

fn resolve_root(resolver: &mut Resolver<'_>, api: &Api, root: &Root) -> Option<TypeRef> {
    let op = &api.operations[root.op];
    let primitive = |p| Some(TypeRef::Primitive(p));
    match &root.evidence {
        Evidence::Nothing => None,
        Evidence::Json(shape) => Some(resolver.resolve(shape)),
        Evidence::Enum(values, meanings) => {
            let origin = format!(
                "Values listed in the description of {} of `{}`.",
                root.what, op.name
            );
            Some(resolver.intern_enum(values, meanings, origin))
        }
        Evidence::Text(kind) => match kind {
            TextKind::Bool => primitive(Primitive::Bool),
            TextKind::Int => primitive(Primitive::I64),
            TextKind::Float => primitive(Primitive::F64),
            TextKind::None | TextKind::Text => primitive(Primitive::String),
            TextKind::Json(shape) => Some(resolver.resolve(shape)),
        },
    }
}

/// The naming input, one per root, in root order (a root without a type
/// gets a use with no named type in it, which naming skips).
fn root_uses(api: &Api, roots: &[Root], resolved: &[Option<TypeRef>]) -> Vec<RootUse> {
    // An operation's stems, worked out once: it has a root per body, path
    // parameter, query and form field, and response (`pascal_ident` of every
    // suffix of its path was 2% of generating synth.py 1000 when redone
    // for each).
    let mut stems_of: Vec<Option<Vec<String>>> = vec![None; api.operations.len()];
    let mut stems_of = |op: usize| -> Vec<String> {
        stems_of[op]
            .get_or_insert_with(|| operation_stems(api, op))
            .clone()
    };
    let response_names = response_names(roots, resolved, &mut stems_of);
    // The Rust call that sends each operation, made once per operation, and
    // the short name of each key, once per key: Stripe's 7,271 roots share
    // a few hundred operations and about 2,000 keys, and making them again
    // for each root was a fifth of inference.
    let mut calls: Vec<Option<String>> = vec![None; api.operations.len()];
    let mut short_names: HashMap<(&str, bool), String> = HashMap::new();
    let mut uses = Vec::with_capacity(roots.len());
    for (index, (root, ty)) in roots.iter().zip(resolved).enumerate() {
        let Some(ty) = ty else {
            let ty = TypeRef::Primitive(Primitive::String);
            uses.push(RootUse {
                ty,
                names: Vec::new(),
                origin: String::new(),
                key: String::new(),
            });
            continue;
        };
        let op = &api.operations[root.op];
        let names = match root.slot {
            Slot::Body => {
                let stems = stems_of(root.op);
                let role = if matches!(op.body, Some(Body::GraphQl { .. })) {
                    "Variables"
                } else {
                    "Request"
                };
                root_names(ty, stems.iter().map(|s| concat(&[s, role])).collect())
            }
            Slot::Response(_) => {
                root_names(ty, response_names.get(&index).cloned().unwrap_or_default())
            }
            Slot::PathParam(_) | Slot::Query(_) | Slot::FormField(_) => {
                let stems = stems_of(root.op);
                let key = root.key.as_deref().unwrap_or("value");
                let plural = matches!(ty, TypeRef::Vec(_) | TypeRef::Map(_));
                let short = short_names
                    .entry((key, plural))
                    .or_insert_with(|| words::short_name(key, plural))
                    .clone();
                let mut names = vec![short.clone()];
                names.extend(stems.iter().map(|s| concat(&[s, &short])));
                names
            }
        };
        // Named by the Rust call that sends it (`op.name` is internal: no
        // Rust path has it).
        let call = calls[root.op].get_or_insert_with(|| {
            let mut call = String::from("client");
            for accessor in api.group_path(op.group) {
                call.push('.');
                call.push_str(accessor);
                call.push_str("()");
            }
            call
        });
        let origin = concat(&[
            "Used as ",
            &root.what,
            " of `",
            call,
            ".",
            &op.method_name,
            "(..)`.",
        ]);
        uses.push(RootUse {
            ty: ty.clone(),
            names,
            origin,
            key: root_key(op, root),
        });
    }
    uses
}

/// The pieces joined, in a string allocated once at its length: `format!`
/// of names made of two arguments starts from an empty string and grows it
/// (Stripe's 7,271 roots made 50,000 names and sentences, and growing them
/// was a third of inference).
fn concat(pieces: &[&str]) -> String {
    let mut joined = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        joined.push_str(piece);
    }
    joined
}

/// Where a root is, stable across regenerations and reorderings: the
/// operation's Postman item id (or, without one, its unique name) and the
/// place in it.
fn root_key(op: &crate::ir::Operation, root: &Root) -> String {
    let (kind, id) = match &op.postman_id {
        Some(id) => ("id:", id),
        None => ("name:", &op.name),
    };
    let key = root.key.as_deref().unwrap_or_default();
    match root.slot {
        Slot::PathParam(_) => concat(&[kind, id, " path ", key]),
        Slot::Query(_) => concat(&[kind, id, " query ", key]),
        Slot::FormField(_) => concat(&[kind, id, " form ", key]),
        Slot::Body => concat(&[kind, id, " body"]),
        Slot::Response(code) => format!("{kind}{id} response {code}"),
    }
}

/// The names a root type of operation `op` may start with, shortest first:
/// its unique `name` (the shortest suffix of its path, group idents then
/// method name, that no earlier operation has, see lower/naming.rs) in
/// PascalCase, then the longer suffixes of its path. Naming takes the first
/// one free, so a type name never depends on later operations, and two
/// operations ending in `registrants/update_status` never share a stem.
fn operation_stems(api: &Api, op: usize) -> Vec<String> {
    let operation = &api.operations[op];
    let mut path: Vec<&str> = api.group_path(operation.group);
    path.push(&operation.method_name);
    let suffixes: Vec<String> = (1..=path.len())
        .map(|k| pascal_ident(&path[path.len() - k..].join("_"), "Operation"))
        .collect();
    let unique = pascal_ident(&operation.name, "Operation");
    let mut stems = vec![unique.clone()];
    let longer = suffixes
        .iter()
        .position(|s| *s == unique)
        .map_or(suffixes.len(), |at| at + 1);
    stems.extend(suffixes[longer..].iter().cloned());
    stems
}

/// Names for a root's named type: `base` itself, or `{base}Item` for each
/// when the root is a list or map of named items.
fn root_names(ty: &TypeRef, base: Vec<String>) -> Vec<String> {
    match ty {
        TypeRef::Option(inner) => root_names(inner, base),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => root_names(
            inner,
            base.into_iter().map(|n| concat(&[&n, "Item"])).collect(),
        ),
        TypeRef::Named(_) | TypeRef::Primitive(_) => base,
    }
}

/// Response names by root index. The primary success (the lowest 2xx status
/// with a JSON body) is `{Op}Response`, other non-errors `{Op}Response{code}`.
/// Error statuses (400 and up) are `{Op}ErrorBody` when all of the operation's
/// error bodies have one type, else `{Op}ErrorBody{code}` (`{Op}Error` is the
/// name of the operation's error enum beside its builder).
fn response_names(
    roots: &[Root],
    resolved: &[Option<TypeRef>],
    mut stems_of: impl FnMut(usize) -> Vec<String>,
) -> BTreeMap<usize, Vec<String>> {
    let mut by_op: BTreeMap<usize, Vec<(usize, u16, &TypeRef)>> = BTreeMap::new();
    for (index, (root, ty)) in roots.iter().zip(resolved).enumerate() {
        if let (Slot::Response(code), Some(ty)) = (root.slot, ty) {
            by_op.entry(root.op).or_default().push((index, code, ty));
        }
    }
    let mut names = BTreeMap::new();
    for (op, responses) in by_op {
        let stems = stems_of(op);
        let primary = responses
            .iter()
            .map(|r| r.1)
            .find(|code| (200..300).contains(code));
        let errors: Vec<&TypeRef> = responses
            .iter()
            .filter(|r| r.1 >= 400)
            .map(|r| r.2)
            .collect();
        let one_error_type = errors.windows(2).all(|pair| pair[0] == pair[1]);
        for (index, code, _) in responses {
            let role = match code {
                400.. if one_error_type => "ErrorBody".to_string(),
                400.. => format!("ErrorBody{code}"),
                _ if Some(code) == primary => "Response".to_string(),
                _ => format!("Response{code}"),
            };
            names.insert(index, stems.iter().map(|s| concat(&[s, &role])).collect());
        }
    }
    names
}
