//! Phase 2a: shapes → type references, with hash-consing.
//!
//! Every struct-like object becomes an (as yet unnamed) [`RawDef`]; two
//! objects that resolve to the same fields (same keys, same field types, same
//! required-ness; key order ignored) share one def, whichever operation they
//! come from. The lookup is a hash map keyed on that canonical form, so the
//! whole pass is linear in the size of the shapes. Counts of all the objects
//! folded into one def are summed, so its docs describe every use.

use foldhash::{HashMap, HashMapExt};

use super::keys::is_map;
use super::merge::Merges;
use super::shape::{Kind, Object, Shape};
use crate::ir::{Primitive, TypeId, TypeRef};

/// A type definition before naming.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawDef {
    /// Struct or enum.
    pub kind: RawKind,
    /// How many sample objects were folded into it (0 for enums).
    pub samples: u32,
}

/// The body of a [`RawDef`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RawKind {
    /// A struct; fields in first-use order.
    Struct {
        /// The fields.
        fields: Vec<RawField>,
        /// Indices into `fields`, sorted by key (for summing counts).
        by_key: Vec<usize>,
    },
    /// A string enumeration; values in first-use order.
    Enum {
        /// The wire values.
        values: Vec<String>,
        /// What each value means, when the description says (`1` - Instant meeting).
        meanings: Vec<Option<String>>,
        /// Where the values were listed.
        origin: String,
    },
}

/// A struct field before naming.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawField {
    /// The JSON key.
    pub key: String,
    /// Its type (optional fields already wrapped, see [`Resolver::intern_struct`]).
    pub ty: TypeRef,
    /// Present and non-null in every sample.
    pub required: bool,
    /// In how many samples the key was present.
    pub present: u32,
    /// In how many samples it was null.
    pub nulls: u32,
    /// Why the type is looser than a reader would expect, if it is.
    pub note: Option<String>,
}

type StructKey = Vec<(String, TypeRef, bool)>;

/// Resolves shapes into type references and raw defs.
#[derive(Debug)]
pub(crate) struct Resolver<'m> {
    merges: &'m Merges,
    defs: Vec<RawDef>,
    structs: HashMap<StructKey, usize>,
    enums: HashMap<Vec<String>, usize>,
    merged: HashMap<usize, TypeRef>,
    active: Vec<usize>,
}

impl<'m> Resolver<'m> {
    /// A resolver applying `merges`.
    pub fn new(merges: &'m Merges) -> Self {
        Resolver {
            merges,
            defs: Vec::new(),
            structs: HashMap::new(),
            enums: HashMap::new(),
            merged: HashMap::new(),
            active: Vec::new(),
        }
    }

    /// The defs made so far; `TypeRef::Named` ids index into them.
    pub fn into_defs(self) -> Vec<RawDef> {
        self.defs
    }

    /// The type of a shape; nulls make it an `Option`.
    pub fn resolve(&mut self, shape: &Shape) -> TypeRef {
        let ty = self.resolve_kind(&shape.kind);
        if shape.nulls > 0 {
            optional(ty)
        } else {
            ty
        }
    }

    fn resolve_kind(&mut self, kind: &Kind) -> TypeRef {
        match kind {
            Kind::Unknown | Kind::BigInt | Kind::Mixed(_) => TypeRef::Primitive(Primitive::Value),
            Kind::Template | Kind::Str => TypeRef::Primitive(Primitive::String),
            Kind::Bool => TypeRef::Primitive(Primitive::Bool),
            Kind::Int => TypeRef::Primitive(Primitive::I64),
            Kind::Float => TypeRef::Primitive(Primitive::F64),
            Kind::Array(element) => TypeRef::Vec(Box::new(self.resolve(element))),
            Kind::Object(object) if is_map(object) => {
                let values = object.joined_values();
                TypeRef::Map(Box::new(self.resolve(&values)))
            }
            Kind::Object(object) => match self.merges.find(object) {
                Some(cluster) if !self.active.contains(&cluster) => self.resolve_merged(cluster),
                _ => self.intern_struct(object),
            },
        }
    }

    /// The type of a merge cluster, resolved once.
    fn resolve_merged(&mut self, cluster: usize) -> TypeRef {
        if let Some(ty) = self.merged.get(&cluster) {
            return ty.clone();
        }
        self.active.push(cluster);
        let merges = self.merges;
        let ty = self.intern_struct(merges.rep(cluster));
        self.active.pop();
        self.merged.insert(cluster, ty.clone());
        ty
    }

    /// Interns a struct. A field that is absent or null in some sample is
    /// optional: `Option<T>`, except that an optional `Vec<T>` stays `Vec<T>`
    /// (an empty list says the same; emit makes `Vec` fields defaultable).
    pub fn intern_struct(&mut self, object: &Object) -> TypeRef {
        let mut fields = Vec::with_capacity(object.fields.len());
        for (key, field) in &object.fields {
            let base = self.resolve_kind(&field.shape.kind);
            let required = field.present >= object.samples && field.shape.nulls == 0;
            let ty = if required || matches!(base, TypeRef::Vec(_)) {
                base
            } else {
                optional(base)
            };
            fields.push(RawField {
                key: key.clone(),
                ty,
                required,
                present: field.present,
                nulls: field.shape.nulls,
                note: note(&field.shape),
            });
        }
        let mut by_key: Vec<usize> = (0..fields.len()).collect();
        by_key.sort_by(|&a, &b| fields[a].key.cmp(&fields[b].key));
        let canonical: StructKey = by_key
            .iter()
            .map(|&i| {
                (
                    fields[i].key.clone(),
                    fields[i].ty.clone(),
                    fields[i].required,
                )
            })
            .collect();
        if let Some(&id) = self.structs.get(&canonical) {
            self.add_counts(id, object.samples, &fields, &by_key);
            return TypeRef::Named(TypeId(id));
        }
        let id = self.defs.len();
        self.defs.push(RawDef {
            kind: RawKind::Struct { fields, by_key },
            samples: object.samples,
        });
        self.structs.insert(canonical, id);
        TypeRef::Named(TypeId(id))
    }

    /// Sums the counts of another object with the same canonical fields.
    fn add_counts(&mut self, id: usize, samples: u32, fields: &[RawField], order: &[usize]) {
        let def = &mut self.defs[id];
        def.samples = def.samples.saturating_add(samples);
        if let RawKind::Struct {
            fields: mine,
            by_key,
        } = &mut def.kind
        {
            for (&m, &o) in by_key.iter().zip(order) {
                mine[m].present = mine[m].present.saturating_add(fields[o].present);
                mine[m].nulls = mine[m].nulls.saturating_add(fields[o].nulls);
            }
        }
    }

    /// Interns a string enumeration; the same set of values is one type.
    pub fn intern_enum(
        &mut self,
        values: &[String],
        meanings: &[Option<String>],
        origin: String,
    ) -> TypeRef {
        let mut canonical = values.to_vec();
        canonical.sort();
        if let Some(&id) = self.enums.get(&canonical) {
            return TypeRef::Named(TypeId(id));
        }
        let id = self.defs.len();
        self.defs.push(RawDef {
            kind: RawKind::Enum {
                values: values.to_vec(),
                meanings: meanings.to_vec(),
                origin,
            },
            samples: 0,
        });
        self.enums.insert(canonical, id);
        TypeRef::Named(TypeId(id))
    }
}

/// `Option<T>`, without doubling an existing `Option`.
pub(crate) fn optional(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(_) => ty,
        other => TypeRef::Option(Box::new(other)),
    }
}

/// The doc note for a field whose type is looser than its samples suggest.
fn note(shape: &Shape) -> Option<String> {
    match &shape.kind {
        Kind::Mixed(kinds) => Some(format!(
            "Mixed kinds ({}) in the samples; kept as JSON.",
            kinds.names().join(", ")
        )),
        Kind::BigInt => Some(
            "An integer beyond the i64 range was seen; kept as JSON so no digit is lost.".into(),
        ),
        Kind::Unknown if shape.nulls > 0 => Some("Only null was seen; kept as JSON.".into()),
        Kind::Unknown => {
            Some("No usable example value (only a variable or a placeholder); kept as JSON.".into())
        }
        Kind::Array(element) if element.kind == Kind::Unknown && element.nulls == 0 => {
            Some("Only empty lists were seen; items kept as JSON.".into())
        }
        Kind::Array(element) => note(element).map(|n| format!("Items: {n}")),
        Kind::Object(object) if is_map(object) && !object.fields.is_empty() => {
            note(&object.joined_values()).map(|n| format!("Values: {n}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolve_all(samples: &[serde_json::Value]) -> (TypeRef, Vec<RawDef>) {
        let mut shape = Shape::default();
        for s in samples {
            shape.absorb(Shape::from_json(s));
        }
        let merges = Merges::default();
        let mut resolver = Resolver::new(&merges);
        let ty = resolver.resolve(&shape);
        (ty, resolver.into_defs())
    }

    fn struct_fields(defs: &[RawDef], ty: &TypeRef) -> Vec<(String, TypeRef, bool)> {
        let TypeRef::Named(id) = ty else {
            panic!("not named: {ty:?}")
        };
        let RawKind::Struct { fields, .. } = &defs[id.0].kind else {
            panic!("not a struct")
        };
        fields
            .iter()
            .map(|f| (f.key.clone(), f.ty.clone(), f.required))
            .collect()
    }

    const STRING: TypeRef = TypeRef::Primitive(Primitive::String);

    #[test]
    fn absent_or_null_fields_are_optional_and_vecs_stay_vecs() {
        let (ty, defs) = resolve_all(&[
            json!({"a": "x", "b": "y", "c": [1], "d": null}),
            json!({"a": "x", "c": null, "d": "z"}),
        ]);
        let fields = struct_fields(&defs, &ty);
        assert_eq!(fields[0], ("a".into(), STRING, true));
        assert_eq!(fields[1], ("b".into(), optional(STRING), false));
        assert_eq!(
            fields[2].1,
            TypeRef::Vec(Box::new(TypeRef::Primitive(Primitive::I64)))
        );
        assert!(!fields[2].2);
        assert_eq!(fields[3].1, optional(STRING));
    }

    #[test]
    fn identical_structures_are_one_def_with_summed_counts() {
        let (ty, defs) =
            resolve_all(&[json!([{"id": 1, "n": {"x": true}}, {"n": {"x": false}, "id": 2}])]);
        let TypeRef::Vec(inner) = ty else { panic!() };
        assert_eq!(defs.len(), 2);
        assert_eq!(defs[1].samples, 2);
        let fields = struct_fields(&defs, &inner);
        assert_eq!(fields[0].0, "id");
    }

    #[test]
    fn notes_explain_loose_types() {
        let (ty, defs) = resolve_all(&[
            json!({"m": 1, "e": [], "n": null}),
            json!({"m": "s", "e": [], "n": null}),
        ]);
        let TypeRef::Named(id) = ty else { panic!() };
        let RawKind::Struct { fields, .. } = &defs[id.0].kind else {
            panic!()
        };
        assert_eq!(
            fields[0].note.as_deref(),
            Some("Mixed kinds (integer, string) in the samples; kept as JSON.")
        );
        assert_eq!(
            fields[1].note.as_deref(),
            Some("Only empty lists were seen; items kept as JSON.")
        );
        assert_eq!(fields[2].ty, optional(TypeRef::Primitive(Primitive::Value)));
    }
}
