//! Phase 1: the shape lattice.
//!
//! Every sample (a JSON value, or a text value that parsed as JSON) becomes a
//! [`Shape`]; the samples of one position are combined with [`Shape::absorb`],
//! a join that is commutative and associative, so the order in which a
//! collection lists its examples never changes the result. Shapes carry
//! counts (how many objects were seen, how often a key was present or null),
//! which is what required-ness and the field docs are computed from.

use indexmap::map::Entry;
use indexmap::IndexMap;
use serde_json::Value;

use crate::example_values::{placeholder, Placeholder, MAX_NESTED_ARRAYS};
use crate::ir::Template;

/// The string that stands for a bare `{{variable}}` (one in a value position,
/// outside any JSON string) once a templated body has been made parseable.
/// Such a position is no evidence of anything.
pub(crate) const VAR_SENTINEL: &str = "\u{0}postman-codegen:variable\u{0}";

/// Deeper values than this are not looked into: they count as no evidence
/// (and so become `serde_json::Value`). serde_json stops parsing at 128, so
/// this only guards values built in code.
pub(crate) const MAX_DEPTH: usize = 160;

/// What the samples at one position looked like.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Shape {
    /// How many samples were JSON `null` here.
    pub nulls: u32,
    /// What the non-null samples were.
    pub kind: Kind,
}

/// The kind of the non-null samples, ordered as a lattice: `Unknown` is the
/// bottom, `Template` sits just above it, `Mixed` is the top.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Kind {
    /// No evidence: only nulls, bare `{{var}}`s, `<object>` placeholders, or nothing.
    #[default]
    Unknown,
    /// A JSON string that is exactly one `{{var}}`: a string, unless other
    /// samples say what the variable holds. Yields to every other kind.
    Template,
    /// `true` / `false`.
    Bool,
    /// Integers that fit `i64`.
    Int,
    /// An integer beyond `i64` (and no fraction seen).
    BigInt,
    /// Some sample had a fraction (or was written as a float).
    Float,
    /// Strings.
    Str,
    /// Arrays; the element shape is the join of every element of every sample.
    Array(Box<Shape>),
    /// Objects.
    Object(Object),
    /// Incompatible kinds; the set says which, for the doc note.
    Mixed(Kinds),
}

/// The join of object samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Object {
    /// How many object samples were joined.
    pub samples: u32,
    /// Keys in first-seen order. (`IndexMap` equality ignores order, so the
    /// join laws hold as maps.)
    pub fields: IndexMap<String, FieldShape>,
}

/// One key of an [`Object`].
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct FieldShape {
    /// In how many of the object samples the key was present (null included).
    pub present: u32,
    /// The join of the key's values.
    pub shape: Shape,
}

/// A set of JSON kinds, for the "mixed kinds" note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Kinds(u8);

impl Kinds {
    const BOOLEAN: u8 = 1;
    const INTEGER: u8 = 2;
    const NUMBER: u8 = 4;
    const STRING: u8 = 8;
    const ARRAY: u8 = 16;
    const OBJECT: u8 = 32;
    const NAMES: [(u8, &'static str); 6] = [
        (Self::BOOLEAN, "boolean"),
        (Self::INTEGER, "integer"),
        (Self::NUMBER, "number"),
        (Self::STRING, "string"),
        (Self::ARRAY, "array"),
        (Self::OBJECT, "object"),
    ];

    /// The union, normalised so that `number` absorbs `integer` (as the join
    /// of `Int` and `Float` is `Float`); that keeps the join associative.
    fn union(self, other: Kinds) -> Kinds {
        let bits = self.0 | other.0;
        if bits & Self::NUMBER != 0 {
            Kinds(bits & !Self::INTEGER)
        } else {
            Kinds(bits)
        }
    }

    /// The kind names, in a fixed order.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(bit, _)| self.0 & bit != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

impl Shape {
    /// A shape of one kind, never null.
    pub fn of(kind: Kind) -> Shape {
        Shape { nulls: 0, kind }
    }

    /// Joins `other` into `self`.
    pub fn absorb(&mut self, other: Shape) {
        self.nulls = self.nulls.saturating_add(other.nulls);
        let mine = std::mem::take(&mut self.kind);
        self.kind = mine.join(other.kind);
    }

    /// The join of two shapes.
    #[cfg(test)]
    pub fn join(mut self, other: Shape) -> Shape {
        self.absorb(other);
        self
    }

    /// The shape of one JSON sample. Strings that are openapi-to-postman
    /// placeholders (`"<long>"`) count as the kind they name; a string that is
    /// exactly one `{{var}}` is [`Kind::Template`]; [`VAR_SENTINEL`] is no evidence.
    pub fn from_json(value: &Value) -> Shape {
        Self::from_json_at(value, 0, 0)
    }

    /// `arrays`: how many arrays directly enclose `value` (reset by an object).
    fn from_json_at(value: &Value, depth: usize, arrays: usize) -> Shape {
        if depth > MAX_DEPTH || arrays > MAX_NESTED_ARRAYS {
            return Shape::default();
        }
        let kind = match value {
            Value::Null => {
                return Shape {
                    nulls: 1,
                    kind: Kind::Unknown,
                }
            }
            Value::Bool(_) => Kind::Bool,
            Value::Number(n) if n.is_i64() => Kind::Int,
            Value::Number(n) if n.is_u64() => Kind::BigInt,
            Value::Number(_) => Kind::Float,
            Value::String(s) => string_kind(s),
            Value::Array(items) => {
                let mut element = Shape::default();
                for item in items {
                    element.absorb(Self::from_json_at(item, depth + 1, arrays + 1));
                }
                Kind::Array(Box::new(element))
            }
            Value::Object(map) => {
                let fields = map
                    .iter()
                    .map(|(key, value)| {
                        let shape = Self::from_json_at(value, depth + 1, 0);
                        (key.clone(), FieldShape { present: 1, shape })
                    })
                    .collect();
                Kind::Object(Object { samples: 1, fields })
            }
        };
        Shape::of(kind)
    }
}

/// The kind a JSON string is evidence of.
fn string_kind(s: &str) -> Kind {
    if s == VAR_SENTINEL {
        return Kind::Unknown;
    }
    if let Some(p) = placeholder(s) {
        return match p {
            Placeholder::Integer => Kind::Int,
            Placeholder::Number => Kind::Float,
            Placeholder::Boolean => Kind::Bool,
            Placeholder::String => Kind::Str,
            Placeholder::Object => Kind::Unknown,
            Placeholder::Array => Kind::Array(Box::default()),
        };
    }
    if s.starts_with("{{") && Template::parse(s).as_single_var().is_some() {
        return Kind::Template;
    }
    Kind::Str
}

impl Kind {
    /// The kinds this kind contributes to a `Mixed` set.
    fn kinds(&self) -> Kinds {
        match self {
            Kind::Unknown | Kind::Template => Kinds(0),
            Kind::Bool => Kinds(Kinds::BOOLEAN),
            Kind::Int | Kind::BigInt => Kinds(Kinds::INTEGER),
            Kind::Float => Kinds(Kinds::NUMBER),
            Kind::Str => Kinds(Kinds::STRING),
            Kind::Array(_) => Kinds(Kinds::ARRAY),
            Kind::Object(_) => Kinds(Kinds::OBJECT),
            Kind::Mixed(kinds) => *kinds,
        }
    }

    /// The numeric chain `Int < BigInt < Float`.
    fn numeric_rank(&self) -> Option<u8> {
        match self {
            Kind::Int => Some(0),
            Kind::BigInt => Some(1),
            Kind::Float => Some(2),
            _ => None,
        }
    }

    fn join(self, other: Kind) -> Kind {
        match (self, other) {
            (Kind::Unknown, k) | (k, Kind::Unknown) => k,
            (Kind::Template, k) | (k, Kind::Template) => k,
            (Kind::Bool, Kind::Bool) => Kind::Bool,
            (Kind::Str, Kind::Str) => Kind::Str,
            (Kind::Array(mut a), Kind::Array(b)) => {
                a.absorb(*b);
                Kind::Array(a)
            }
            (Kind::Object(mut a), Kind::Object(b)) => {
                a.absorb(b);
                Kind::Object(a)
            }
            (a, b) => match (a.numeric_rank(), b.numeric_rank()) {
                (Some(x), Some(y)) => {
                    if x >= y {
                        a
                    } else {
                        b
                    }
                }
                _ => Kind::Mixed(a.kinds().union(b.kinds())),
            },
        }
    }
}

impl Object {
    /// Joins `other` into `self`: counts add, keys are unioned in first-seen order.
    pub fn absorb(&mut self, other: Object) {
        self.samples = self.samples.saturating_add(other.samples);
        for (key, field) in other.fields {
            match self.fields.entry(key) {
                Entry::Occupied(mut entry) => {
                    let mine = entry.get_mut();
                    mine.present = mine.present.saturating_add(field.present);
                    mine.shape.absorb(field.shape);
                }
                Entry::Vacant(entry) => {
                    entry.insert(field);
                }
            }
        }
    }

    /// The join of every value of every key (the value shape of a map).
    pub fn joined_values(&self) -> Shape {
        let mut joined = Shape::default();
        for field in self.fields.values() {
            joined.absorb(field.shape.clone());
        }
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn shape(v: Value) -> Shape {
        Shape::from_json(&v)
    }

    #[test]
    fn numbers_widen_along_the_chain_and_strings_do_not_mix_silently() {
        assert_eq!(shape(json!(1)).join(shape(json!(1.5))).kind, Kind::Float);
        assert_eq!(
            shape(json!(u64::MAX)).join(shape(json!(1))).kind,
            Kind::BigInt
        );
        let mixed = shape(json!(1))
            .join(shape(json!("a")))
            .join(shape(json!(2.5)));
        assert_eq!(
            mixed.kind,
            Kind::Mixed(Kinds(Kinds::NUMBER | Kinds::STRING))
        );
        assert_eq!(mixed.kind.kinds().names(), ["number", "string"]);
    }

    #[test]
    fn placeholders_and_templates_are_evidence_of_what_they_name() {
        assert_eq!(shape(json!("<long>")).kind, Kind::Int);
        assert_eq!(shape(json!("<boolean>")).kind, Kind::Bool);
        assert_eq!(shape(json!("<dateTime>")).kind, Kind::Str);
        assert_eq!(shape(json!("{{id}}")).kind, Kind::Template);
        assert_eq!(shape(json!("id {{id}}")).kind, Kind::Str);
        assert_eq!(shape(json!(VAR_SENTINEL)).kind, Kind::Unknown);
        assert_eq!(shape(json!("{{id}}")).join(shape(json!(7))).kind, Kind::Int);
    }

    #[test]
    fn objects_count_presence_and_nulls() {
        let joined = shape(json!({"a": 1, "b": null})).join(shape(json!({"a": 2})));
        let Kind::Object(object) = joined.kind else {
            panic!("not an object")
        };
        assert_eq!(object.samples, 2);
        assert_eq!(object.fields["a"].present, 2);
        assert_eq!(object.fields["b"].present, 1);
        assert_eq!(object.fields["b"].shape.nulls, 1);
    }

    #[test]
    fn values_deeper_than_the_limit_are_no_evidence() {
        let mut value = json!(1);
        for _ in 0..(MAX_DEPTH + 5) {
            value = json!([value]);
        }
        let mut current = &shape(value);
        let mut depth = 0;
        while let Kind::Array(element) = &current.kind {
            current = element;
            depth += 1;
        }
        assert_eq!(current.kind, Kind::Unknown);
        assert!(depth <= MAX_DEPTH + 1);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (i64::MAX as u64..=u64::MAX).prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            prop_oneof![Just("x"), Just("<long>"), Just("{{v}}"), Just("")].prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    prop_oneof![Just("a"), Just("b"), Just("c")],
                    inner,
                    0..3
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn join_is_commutative(a in json_value(), b in json_value()) {
            prop_assert_eq!(shape(a.clone()).join(shape(b.clone())), shape(b).join(shape(a)));
        }

        #[test]
        fn join_is_associative(a in json_value(), b in json_value(), c in json_value()) {
            let left = shape(a.clone()).join(shape(b.clone())).join(shape(c.clone()));
            let right = shape(a).join(shape(b).join(shape(c)));
            prop_assert_eq!(left, right);
        }

        #[test]
        fn unknown_is_the_identity(a in json_value()) {
            prop_assert_eq!(shape(a.clone()).join(Shape::default()), shape(a));
        }
    }
}
