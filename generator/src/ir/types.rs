//! Type definitions inferred from examples: the output of `infer`, the input
//! of `emit` together with the [`Api`](super::Api).

use std::collections::BTreeMap;

use serde::Serialize;

/// Index of a [`TypeDef`] in [`TypeTable::defs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(pub usize);

/// Every inferred type of an API, and which operation uses which.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TypeTable {
    /// Named types, in a deterministic order (first use).
    pub defs: Vec<TypeDef>,
    /// Per operation, parallel to [`Api::operations`](super::Api::operations):
    /// index it by [`OperationId`](super::OperationId), `types[op_id]`.
    pub operations: Vec<OperationTypes>,
}

/// A named Rust type to emit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// PascalCase name, unique in the table.
    pub name: String,
    /// Documentation (what it is, where it was seen), as Markdown. For a
    /// type nested in another, where it sits is [`TypeDef::within`], not text
    /// here, so the emitter can link the parent by its emitted name.
    pub docs: Option<String>,
    /// The type this one was found inside, when it is nested in another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// What kind of type.
    pub kind: TypeKind,
    /// Where the type comes from, stable across regenerations: the Postman
    /// item id of the operation that first uses it, the place in that
    /// operation (`response 200`, `body`, `query page`) and the field path
    /// below it (`/settings/reminders[]`). `diff` pairs types by it, so a
    /// renamed type is one change; the name lock keeps names by it. Empty
    /// when the type has no use.
    #[serde(skip)]
    pub key: String,
    /// The name the type asked for first, before collision handling (its
    /// operation's name and role, or its field's name): a recorded name is
    /// kept only while this stays the same.
    #[serde(skip)]
    pub wanted: String,
}

/// Where a nested type sits: a field of another type, or the items of one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Within {
    /// The enclosing type.
    pub parent: TypeId,
    /// The JSON key of the parent's field.
    pub field: String,
    /// True when the type is the items of a list (or values of a map) in
    /// that field, not the field's value itself.
    pub item: bool,
}

impl Within {
    /// The sentence saying where the type sits, given how to show the
    /// parent's name (a rustdoc link in generated code, plain elsewhere),
    /// e.g. ``An item of `registrants` in [`Meeting`].``
    pub fn sentence(&self, parent: &str) -> String {
        if self.item {
            format!("An item of `{}` in {parent}.", self.field)
        } else {
            format!("The `{}` field of {parent}.", self.field)
        }
    }
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeKind {
    /// A struct with named fields.
    Struct {
        /// Fields in first-seen order.
        fields: Vec<Field>,
    },
    /// A string enumeration; always with a catch-all for unknown values.
    Enum {
        /// Known values.
        variants: Vec<EnumVariant>,
    },
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The JSON key.
    pub name: String,
    /// The Rust identifier (snake_case, keyword-escaped when emitted as `r#`).
    pub ident: String,
    /// The field's type. Optional scalar and object fields are `TypeRef::Option`;
    /// optional lists stay `TypeRef::Vec` (absent means empty) with `required` false.
    pub ty: TypeRef,
    /// Present and non-null in every sample. Emission uses it for lists: an
    /// optional `Vec` may be skipped when empty, a required one is always sent.
    pub required: bool,
    /// What was observed, plus the collection's description when it has one.
    pub docs: Option<String>,
}

/// An enum variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    /// The value on the wire.
    pub value: String,
    /// The PascalCase variant name, final: unique in its enum, a valid Rust
    /// identifier, never [`EnumVariant::CATCH_ALL`]. Emit prints it as is.
    pub ident: String,
}

impl EnumVariant {
    /// The variant every generated string enum adds for values its examples
    /// never showed (`Other(String)`).
    pub const CATCH_ALL: &'static str = "Other";
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "of")]
pub enum TypeRef {
    /// A scalar.
    Primitive(Primitive),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>` (objects keyed by ids).
    Map(Box<TypeRef>),
    /// `Option<T>`.
    Option(Box<TypeRef>),
    /// A named type from the table.
    Named(TypeId),
}

/// Scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `serde_json::Value`: no single type fits the samples.
    Value,
}

/// The types one operation uses.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OperationTypes {
    /// Types of path parameters, parallel to `Operation::path_params`.
    pub path_params: Vec<TypeRef>,
    /// Types of query parameters, parallel to `Operation::query`
    /// (`String` for non-parameter entries).
    pub query: Vec<TypeRef>,
    /// The JSON request body type (raw JSON bodies, GraphQL object variables).
    pub body: Option<TypeRef>,
    /// Types of form fields, parallel to the body's `fields`.
    pub form_fields: Vec<TypeRef>,
    /// Response body types by status code; `None` for statuses whose examples have
    /// no JSON body. Examples without a code are not included.
    pub responses: BTreeMap<u16, Option<TypeRef>>,
}

impl TypeTable {
    /// The definition behind an id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}
