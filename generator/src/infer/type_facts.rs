//! Facts about the inferred types that decide how they are printed, decided
//! once here so the emitter only prints them: which struct fields close a
//! cycle of by-value fields (and so are held in a `Box`), and which types can
//! derive a trait whose derive needs every field to have it (`Eq`, `Hash`,
//! `Ord`, `PartialOrd`, `Copy`, `Default`), transitively, recursive types
//! included.

use std::collections::BTreeSet;

use crate::ir::{Primitive, TypeKind, TypeRef, TypeTable};

/// What the emitter needs to know about a type table beyond the types.
#[derive(Debug, Clone)]
pub struct TypeFacts {
    /// `(definition, field)` of every struct field held in a `Box`.
    boxed: BTreeSet<(usize, usize)>,
    /// Per definition: whether it can derive `Default`.
    defaults: Vec<bool>,
}

impl TypeFacts {
    /// The facts of `table`.
    pub fn of(table: &TypeTable) -> Self {
        let boxed = boxed_fields(table);
        let defaults = capable(table, Requirement::Default, &boxed);
        TypeFacts { boxed, defaults }
    }

    /// Whether field `field` of struct `def` closes a cycle of by-value
    /// fields and so is held in a `Box`.
    pub fn is_boxed(&self, def: usize, field: usize) -> bool {
        self.boxed.contains(&(def, field))
    }

    /// Per definition: whether it derives `Default` (a struct whose every
    /// field has a default; never a string enum).
    pub fn defaults(&self) -> &[bool] {
        &self.defaults
    }

    /// Per definition, whether it can derive the trait named `trait_name`
    /// (the last segment of the derive's path); `None` when the generator does
    /// not know the trait's requirement, so every type gets it.
    pub fn derivable(&self, table: &TypeTable, trait_name: &str) -> Option<Vec<bool>> {
        let requirement = Requirement::of(trait_name)?;
        Some(capable(table, requirement, &self.boxed))
    }
}

/// Why a type cannot derive the trait named `trait_name`, when the
/// generator knows the trait's requirement.
pub fn underivable_reason(trait_name: &str) -> Option<&'static str> {
    Requirement::of(trait_name).map(Requirement::reason)
}

/// Traits whose derive holds only when the fields have them, and which field
/// types do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Requirement {
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Copy,
    Default,
}

impl Requirement {
    /// The requirement of a derive, when the generator knows it (by the trait's name).
    fn of(name: &str) -> Option<Self> {
        Some(match name {
            "Eq" => Requirement::Eq,
            "Hash" => Requirement::Hash,
            "PartialOrd" => Requirement::PartialOrd,
            "Ord" => Requirement::Ord,
            "Copy" => Requirement::Copy,
            "Default" => Requirement::Default,
            _ => return None,
        })
    }

    /// Whether a scalar has the trait. `serde_json::Value` counts as having
    /// neither `Eq` nor `Hash`: older serde_json 1.x releases, which the
    /// generated manifest allows, lack `Hash`.
    fn primitive(self, primitive: Primitive) -> bool {
        match (self, primitive) {
            (Requirement::Default, _) => true,
            (Requirement::Copy, p) => {
                matches!(p, Primitive::Bool | Primitive::I64 | Primitive::F64)
            }
            (_, Primitive::Value) => false,
            (Requirement::PartialOrd, _) => true,
            (_, p) => p != Primitive::F64,
        }
    }

    /// Whether a generated string enum (with its `Other(String)`) can derive it.
    fn enum_capable(self) -> bool {
        !matches!(self, Requirement::Copy | Requirement::Default)
    }

    /// Why a type cannot derive the trait.
    fn reason(self) -> &'static str {
        match self {
            Requirement::Eq | Requirement::Hash | Requirement::Ord => {
                "a field holds `f64` or `serde_json::Value`, directly or through another type"
            }
            Requirement::PartialOrd => {
                "a field holds `serde_json::Value`, directly or through another type"
            }
            Requirement::Copy => {
                "a field holds a `String`, `Vec`, map, `Box` or `serde_json::Value`"
            }
            Requirement::Default => {
                "an enum has no default variant, and a struct needs a default for every field"
            }
        }
    }
}

/// Which definitions can derive a trait with this requirement (structs when
/// every field's type can, transitively; recursive types included).
fn capable(
    table: &TypeTable,
    requirement: Requirement,
    boxed: &BTreeSet<(usize, usize)>,
) -> Vec<bool> {
    fn field_capable(requirement: Requirement, ty: &TypeRef, capable: &[bool]) -> bool {
        match ty {
            TypeRef::Primitive(primitive) => requirement.primitive(*primitive),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => {
                requirement != Requirement::Copy && field_capable(requirement, inner, capable)
            }
            TypeRef::Option(inner) => {
                requirement == Requirement::Default || field_capable(requirement, inner, capable)
            }
            TypeRef::Named(id) => capable.get(id.0).copied().unwrap_or(false),
        }
    }
    let mut capable: Vec<bool> = table
        .defs
        .iter()
        .map(|def| match def.kind {
            TypeKind::Struct { .. } => true,
            TypeKind::Enum { .. } => requirement.enum_capable(),
        })
        .collect();
    loop {
        let mut changed = false;
        for (index, def) in table.defs.iter().enumerate() {
            if let TypeKind::Struct { fields } = &def.kind {
                let ok = fields.iter().enumerate().all(|(field_index, field)| {
                    let is_boxed = boxed.contains(&(index, field_index));
                    !(is_boxed && requirement == Requirement::Copy)
                        && field_capable(requirement, &field.ty, &capable)
                });
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The types of a response example: the response holds `Inner`, which
    /// holds an `f64`, and `Plain`, which holds `Tags`. The emitter's derive
    /// tests print the same table.
    pub(crate) fn example_table() -> TypeTable {
        let body = serde_json::json!({
            "name": "a",
            "count": 1,
            "inner": {"ratio": 0.5, "flag": true},
            "plain": {"id": 1, "tags": {"a": "b"}},
        });
        let collection = serde_json::json!({
            "info": {"name": "T", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Get outer", "request": "https://h/outer", "response": [{
                "name": "ok", "code": 200,
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": body.to_string(),
            }]}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        crate::infer::infer(&api)
    }

    fn table() -> (TypeTable, Vec<String>) {
        let table = example_table();
        let names = table.defs.iter().map(|def| def.name.clone()).collect();
        (table, names)
    }

    fn capable_names(trait_name: &str) -> Vec<String> {
        let (table, names) = table();
        let ok = TypeFacts::of(&table)
            .derivable(&table, trait_name)
            .expect("a known requirement");
        names
            .into_iter()
            .zip(ok)
            .filter_map(|(name, ok)| ok.then_some(name))
            .collect()
    }

    #[test]
    fn floats_rule_out_eq_hash_and_ord_transitively_but_not_partial_ord() {
        let (_, names) = table();
        assert_eq!(names, ["GetOuterResponse", "Inner", "Plain", "Tags"]);
        for trait_name in ["Eq", "Hash", "Ord"] {
            assert_eq!(capable_names(trait_name), ["Plain", "Tags"], "{trait_name}");
        }
        assert_eq!(capable_names("PartialOrd"), names);
        assert_eq!(capable_names("Default"), names);
        assert_eq!(capable_names("Copy"), ["Inner"]);
    }

    #[test]
    fn an_unknown_trait_has_no_requirement() {
        let (table, _) = table();
        assert_eq!(TypeFacts::of(&table).derivable(&table, "JsonSchema"), None);
        assert_eq!(underivable_reason("JsonSchema"), None);
    }

    #[test]
    fn only_the_fields_that_close_a_cycle_of_by_value_fields_are_boxed() {
        use crate::ir::{Field, TypeDef, TypeId};
        let field = |name: &str, ty: TypeRef| Field::new(name, name, ty);
        let def = |name: &str, fields: Vec<Field>| TypeDef::new(name, TypeKind::Struct { fields });
        let named = |id: usize| TypeRef::Named(TypeId(id));
        let option = |ty: TypeRef| TypeRef::Option(Box::new(ty));
        // `Node.next` leads back to `Node` by value (through an `Option`):
        // boxed. `Node.children` holds `Node` in a `Vec`, which allocates
        // already; `Node.leaf` and `Wrapper.node` lead to no cycle through
        // themselves. `A.b` and `B.a` close a cycle of two.
        let table = TypeTable {
            defs: vec![
                def(
                    "Node",
                    vec![
                        field("next", option(named(0))),
                        field("children", TypeRef::Vec(Box::new(named(0)))),
                        field("leaf", named(2)),
                    ],
                ),
                def("Wrapper", vec![field("node", named(0))]),
                def("Leaf", vec![field("n", TypeRef::Primitive(Primitive::I64))]),
                def("A", vec![field("b", option(named(4)))]),
                def("B", vec![field("a", named(3))]),
            ],
            operations: Vec::new(),
        };
        let facts = TypeFacts::of(&table);
        let mut boxed = Vec::new();
        for (index, type_def) in table.defs.iter().enumerate() {
            if let TypeKind::Struct { fields } = &type_def.kind {
                for (field_index, field) in fields.iter().enumerate() {
                    if facts.is_boxed(index, field_index) {
                        boxed.push(format!("{}.{}", type_def.name, field.name));
                    }
                }
            }
        }
        assert_eq!(boxed, ["Node.next", "A.b", "B.a"]);
        // A boxed field rules out `Copy`, and only `Leaf` has no heap data.
        let copy = facts.derivable(&table, "Copy").expect("known");
        assert_eq!(copy, [false, false, true, false, false]);
    }
}
