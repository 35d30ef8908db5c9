//! Structural comparison of type references, recursively through named types.
//!
//! Every difference found here is breaking (see the module docs of
//! [`diff`](super)): generated structs are exhaustive with public fields, and
//! generated enums are exhaustive. Named types are resolved through each
//! side's table and paired by field name and enum value; each pair of
//! definitions is expanded once per comparer, which also ends cycles.

use std::collections::{HashMap, HashSet};

use crate::infer::rust_type;
use crate::ir::{EnumVariant, Field, TypeId, TypeKind, TypeRef};

use super::{ChangeKind, Findings, Side};

/// Where a compared type sits, for messages: the place's name
/// (`body field`, `response 200 field`, `query parameter`) and the field
/// path below it (`registrants[].email`).
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// Names a value inside the place: `body field`.
    what: String,
    /// Names the place itself when the path is empty: `request body`.
    root: String,
    /// The path from the place to the value; empty for the place itself.
    path: String,
}

impl Place {
    /// A place whose values are `what` (`body field`) and which itself is
    /// `root` (`request body`).
    pub(super) fn new(what: impl Into<String>, root: impl Into<String>) -> Self {
        Place {
            what: what.into(),
            root: root.into(),
            path: String::new(),
        }
    }

    /// A place named by its first path element, such as the query parameter
    /// `occurrence_id` (`Place::named("query parameter", "occurrence_id")`).
    pub(super) fn named(what: impl Into<String>, name: &str) -> Self {
        let what = what.into();
        Place {
            root: format!("{what} `{name}`"),
            what,
            path: name.to_string(),
        }
    }

    /// The place of a struct field.
    fn field(&self, name: &str) -> Place {
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        Place {
            path,
            ..self.clone()
        }
    }

    /// The place of a list item (`registrants[]`).
    fn item(&self) -> Place {
        Place {
            path: format!("{}[]", self.path),
            ..self.clone()
        }
    }

    /// The place of a map value (`scores{}`).
    fn entry(&self) -> Place {
        Place {
            path: format!("{}{{}}", self.path),
            ..self.clone()
        }
    }

    /// `body field `registrants[].email``, or the root's name for an empty path.
    pub(super) fn describe(&self) -> String {
        if self.path.is_empty() {
            self.root.clone()
        } else {
            format!("{} `{}`", self.what, self.path)
        }
    }
}

/// Compares types of an old and a new API side by side.
#[derive(Debug)]
pub(super) struct Comparer<'a> {
    old: Side<'a>,
    new: Side<'a>,
    /// Definition pairs already expanded (or being expanded).
    seen: HashSet<(TypeId, TypeId)>,
}

impl<'a> Comparer<'a> {
    /// A comparer that has expanded nothing yet.
    pub(super) fn new(old: Side<'a>, new: Side<'a>) -> Self {
        Comparer {
            old,
            new,
            seen: HashSet::new(),
        }
    }

    /// The definition pairs expanded so far.
    pub(super) fn seen(&self) -> &HashSet<(TypeId, TypeId)> {
        &self.seen
    }

    /// Reports every difference between `old` and `new` at `place`.
    pub(super) fn compare(
        &mut self,
        place: &Place,
        old: &TypeRef,
        new: &TypeRef,
        out: &mut Findings,
    ) {
        match (old, new) {
            (TypeRef::Option(a), TypeRef::Option(b)) => self.compare(place, a, b, out),
            (TypeRef::Option(a), b) => {
                out.breaking(
                    ChangeKind::Changed,
                    format!("{} became required", place.describe()),
                );
                self.compare(place, a, b, out);
            }
            (a, TypeRef::Option(b)) => {
                out.breaking(
                    ChangeKind::Changed,
                    format!("{} became optional", place.describe()),
                );
                self.compare(place, a, b, out);
            }
            (TypeRef::Vec(a), TypeRef::Vec(b)) => self.compare(&place.item(), a, b, out),
            (TypeRef::Map(a), TypeRef::Map(b)) => self.compare(&place.entry(), a, b, out),
            (TypeRef::Named(a), TypeRef::Named(b)) => self.compare_named(place, *a, *b, out),
            (TypeRef::Primitive(a), TypeRef::Primitive(b)) if a == b => {}
            _ => self.retyped(place, old, new, out),
        }
    }

    /// Reports that the type at `place` changed from `old` to `new`.
    fn retyped(&self, place: &Place, old: &TypeRef, new: &TypeRef, out: &mut Findings) {
        out.breaking(
            ChangeKind::Changed,
            format!(
                "{} changed type from `{}` to `{}`",
                place.describe(),
                rust_type(self.old.types, old),
                rust_type(self.new.types, new)
            ),
        );
    }

    fn compare_named(&mut self, place: &Place, a: TypeId, b: TypeId, out: &mut Findings) {
        if !self.seen.insert((a, b)) {
            return;
        }
        let (Some(old), Some(new)) = (self.old.def(a), self.new.def(b)) else {
            // A dangling id renders as `serde_json::Value`; compare what can be said.
            if self.old.def(a).is_some() != self.new.def(b).is_some() {
                self.retyped(place, &TypeRef::Named(a), &TypeRef::Named(b), out);
            }
            return;
        };
        // A type that comes from the same place under another name was
        // renamed: `compare_types` reports that once, under the type.
        let renamed = !old.key.is_empty() && old.key == new.key;
        if old.name != new.name && !renamed {
            self.retyped(place, &TypeRef::Named(a), &TypeRef::Named(b), out);
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Struct { fields: old }, TypeKind::Struct { fields: new }) => {
                self.compare_fields(place, old, new, out);
            }
            (TypeKind::Enum { variants: old }, TypeKind::Enum { variants: new }) => {
                compare_variants(place, old, new, out);
            }
            _ if old.name == new.name || renamed => {
                let kind = |kind: &TypeKind| match kind {
                    TypeKind::Struct { .. } => "a struct",
                    TypeKind::Enum { .. } => "an enum",
                };
                out.breaking(
                    ChangeKind::Changed,
                    format!(
                        "{}`{}` changed from {} to {}",
                        prefix(place),
                        old.name,
                        kind(&old.kind),
                        kind(&new.kind)
                    ),
                );
            }
            // Already reported as a change of type.
            _ => {}
        }
    }

    /// Fields in the old order (changed or removed), then new fields in the new order.
    fn compare_fields(&mut self, place: &Place, old: &[Field], new: &[Field], out: &mut Findings) {
        let new_by_name: HashMap<&str, &Field> = new.iter().map(|f| (f.name.as_str(), f)).collect();
        let old_names: HashSet<&str> = old.iter().map(|f| f.name.as_str()).collect();
        for field in old {
            let inner = place.field(&field.name);
            match new_by_name.get(field.name.as_str()) {
                Some(other) => {
                    self.compare(&inner, &field.ty, &other.ty, out);
                    list_presence(&inner, field, other, out);
                }
                None => out.breaking(ChangeKind::Removed, format!("{} removed", inner.describe())),
            }
        }
        for field in new.iter().filter(|f| !old_names.contains(f.name.as_str())) {
            let optional = !field.required || matches!(field.ty, TypeRef::Option(_));
            out.breaking(
                ChangeKind::Added,
                format!(
                    "new {} {}",
                    if optional { "optional" } else { "required" },
                    place.field(&field.name).describe()
                ),
            );
        }
    }
}

/// A list field that became required or optional keeps its type (`Vec`,
/// absent meaning empty): only whether an empty list is sent changes.
fn list_presence(place: &Place, old: &Field, new: &Field, out: &mut Findings) {
    let is_list = |field: &Field| matches!(field.ty, TypeRef::Vec(_));
    if old.required != new.required && is_list(old) && is_list(new) {
        let now = if new.required { "required" } else { "optional" };
        out.compatible(
            ChangeKind::Changed,
            format!("{} became {now} (still a `Vec`)", place.describe()),
        );
    }
}

/// Variants by wire value: removed or renamed in the old order, then new ones.
fn compare_variants(place: &Place, old: &[EnumVariant], new: &[EnumVariant], out: &mut Findings) {
    let at = prefix(place);
    let new_by_value: HashMap<&str, &EnumVariant> =
        new.iter().map(|v| (v.value.as_str(), v)).collect();
    let old_values: HashSet<&str> = old.iter().map(|v| v.value.as_str()).collect();
    for variant in old {
        match new_by_value.get(variant.value.as_str()) {
            Some(other) if other.ident != variant.ident => out.breaking(
                ChangeKind::Changed,
                format!(
                    "{at}enum variant `{}` renamed to `{}` (value `{}`)",
                    variant.ident, other.ident, variant.value
                ),
            ),
            Some(_) => {}
            None => out.breaking(
                ChangeKind::Removed,
                format!(
                    "{at}enum variant `{}` removed (value `{}`)",
                    variant.ident, variant.value
                ),
            ),
        }
    }
    for variant in new
        .iter()
        .filter(|v| !old_values.contains(v.value.as_str()))
    {
        out.breaking(
            ChangeKind::Added,
            format!(
                "{at}new enum variant `{}` (value `{}`)",
                variant.ident, variant.value
            ),
        );
    }
}

/// `body field `action`: ` before a sentence about the place's type, or
/// nothing for a type's own place.
fn prefix(place: &Place) -> String {
    let at = place.describe();
    if at.is_empty() {
        at
    } else {
        format!("{at}: ")
    }
}
