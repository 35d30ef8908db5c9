//! Everything the emitters decide before writing tokens: module and type
//! names, each operation's inputs and their Rust types, and the shape of its
//! success response. Deciding it in one place keeps names unique and the
//! token emitters simple.

use std::collections::BTreeMap;

use std::ops::Index;

use rayon::prelude::*;

use crate::ir::{
    Api, Body, FormFieldKind, Group, GroupId, HeaderValue, Operation, OperationId, OperationTypes,
    Primitive, QueryValue, TypeKind, TypeRef, TypeTable,
};
use crate::names::{pascal_ident, UniqueNames};

use super::docs;
mod plan;
mod template_types;

use self::plan::plan;
pub use self::plan::{use_of, BodyPlan, FormPart, InputUse, WireStep};
use super::spec_refs::SpecRefs;

/// Where one API's modules live in the crate.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Directory of the API's files, e.g. `src/zoom` or `src` for a single-API crate.
    pub dir: String,
    /// Module path from the crate root (`["zoom"]`, or empty when flattened).
    pub path: Vec<String>,
}

impl Layout {
    /// The path of a file for a module path below the API root.
    pub fn file(&self, modules: &[String], has_children: bool) -> String {
        let mut path = self.dir.clone();
        for module in modules {
            path.push('/');
            path.push_str(module);
        }
        if modules.is_empty() {
            // The API root is `mod.rs` (or `lib.rs` when flattened); never asked for here.
            return format!("{path}/mod.rs");
        }
        if has_children {
            format!("{path}/mod.rs")
        } else {
            format!("{path}.rs")
        }
    }
}

/// One API, with every name decided.
#[derive(Debug)]
pub struct ApiModel<'a> {
    /// The lowered API.
    pub api: &'a Api,
    /// Its types.
    pub types: &'a TypeTable,
    /// Where its files go.
    pub layout: Layout,
    /// Parallel to `api.groups`: index the model by a [`GroupId`].
    pub groups: Vec<GroupModel>,
    /// Parallel to `api.operations`: index the model by an [`OperationId`].
    pub operations: Vec<OperationModel>,
    /// The module holding the root group's request builders, if it has any.
    pub root_operations_module: Option<String>,
    /// The names requests use for their server and auth scheme.
    pub spec_refs: SpecRefs,
}

impl Index<GroupId> for ApiModel<'_> {
    type Output = GroupModel;
    fn index(&self, id: GroupId) -> &GroupModel {
        &self.groups[id.index()]
    }
}

impl Index<OperationId> for ApiModel<'_> {
    type Output = OperationModel;
    fn index(&self, id: OperationId) -> &OperationModel {
        &self.operations[id.index()]
    }
}

/// Names for one folder.
#[derive(Debug, Clone, Default)]
pub struct GroupModel {
    /// The accessor method on the parent (the group's ident; empty for the root).
    pub accessor: String,
    /// Module path from the API root to the module holding the group's handle and builders.
    pub modules: Vec<String>,
    /// The handle struct's name (`Client` for the root).
    pub handle: String,
}

/// Names and inputs for one operation.
#[derive(Debug, Clone)]
pub struct OperationModel {
    /// The request builder struct.
    pub builder: String,
    /// The success enum, when documented successes differ.
    pub response_enum: Option<String>,
    /// The error enum, when a documented error status has a body type.
    pub error_enum: Option<String>,
    /// Inputs: path parameters (method arguments) first, then the rest in wire order.
    pub inputs: Vec<Input>,
    /// The request's wire in order, each caller value pointing at its input.
    pub plan: Vec<WireStep>,
    /// The success body.
    pub success: Success,
    /// Documented non-2xx statuses in order, with their meaning.
    pub errors: Vec<StatusDoc>,
    /// Documented 2xx statuses in order, with their meaning.
    pub successes: Vec<StatusDoc>,
}

/// A documented status.
#[derive(Debug, Clone)]
pub struct StatusDoc {
    /// The status code.
    pub code: u16,
    /// What it means (Markdown, one line; never empty).
    pub meaning: String,
    /// Application error codes listed for it.
    pub error_codes: Vec<(String, String)>,
    /// The inferred body type, when there is one.
    pub body: Option<TypeRef>,
}

/// A value the caller passes for a request.
#[derive(Debug, Clone)]
pub struct Input {
    /// The builder's field (and, for setters, the method) name.
    pub name: String,
    /// Whether it is a method argument (path parameters) or a setter.
    pub is_argument: bool,
    /// Its Rust type.
    pub value: ValueType,
    /// Whether `send` fails when it is not set.
    pub required: bool,
    /// Its description (Markdown).
    pub docs: Option<String>,
    /// Where it goes.
    pub wire: Wire,
    /// The collection's example value.
    pub example: Option<serde_json::Value>,
}

/// Where an input goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wire {
    /// The path parameter with this index in `Operation::path_params`.
    Path(usize),
    /// The query parameter with this index in `Operation::query`.
    Query(usize),
    /// The header with this index in `Operation::headers`.
    Header(usize),
    /// The form field with this index in the body's `fields`.
    FormField(usize),
    /// The whole body (raw or file mode).
    Body,
    /// The `{{variable}}` with this index in [`body_template_vars`] of a raw
    /// body that is a template: without a body, the collection's text is sent
    /// with these values in.
    BodyVar(usize),
    /// GraphQL variables.
    GraphQlVariables,
    /// Form fields the collection does not list (`metadata[key]`), by name.
    ExtraFormFields,
}

/// The Rust type of an input, and so how it is turned into wire text.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// `String`, set with `impl Into<String>`.
    String,
    /// `i64`, `f64` or `bool`: sent with `to_string()`.
    Scalar(TypeRef),
    /// A generated string enum: sent with `to_string()`.
    Enum(TypeRef),
    /// Anything else: sent as compact JSON text (form fields) or a JSON body.
    Json(TypeRef),
    /// Files of a multipart field.
    Files,
    /// A binary body.
    Bytes,
    /// Name and value pairs, set one at a time (extra form fields).
    Pairs,
}

/// The success body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// One body kind for every success status.
    Single(BodyKind),
    /// Different kinds per documented status; an enum with a variant each.
    Enum(Vec<SuccessVariant>),
}

/// One variant of a success enum.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessVariant {
    /// The status it stands for.
    pub code: u16,
    /// The variant name.
    pub name: String,
    /// Its body.
    pub kind: BodyKind,
}

/// How a success body is decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// No body: `()`.
    Empty,
    /// Text: `String`.
    Text,
    /// JSON: the inferred type, or `serde_json::Value` without one.
    Json(Option<TypeRef>),
    /// Undocumented: raw bytes.
    Raw,
}

impl BodyKind {
    /// Which kind wins when examples of one status disagree.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            BodyKind::Empty => 0,
            BodyKind::Raw => 1,
            BodyKind::Text => 2,
            BodyKind::Json(None) => 3,
            BodyKind::Json(Some(_)) => 4,
        }
    }
}

/// Method names every request builder has.
const BUILDER_METHODS: &[&str] = &[
    "client",
    "send",
    "send_blocking",
    "new",
    "request",
    "decode",
    // The escape hatches' field and (`runtime::Customize`) methods: a
    // setter of that name would hide the trait's method.
    "extra",
    "header",
    "query",
    "path_param",
    "json_body",
    "raw_body",
    "upload_body",
    // Streaming (`operation/builder.rs`).
    "send_streaming",
    "send_streaming_blocking",
    // Pagination (`operation/builder.rs`, where the examples show it).
    "pages",
    "items",
    "pages_blocking",
    "items_blocking",
];
/// Type names a module must not define, so the prelude and imports stay visible.
const RESERVED_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "Self",
];

/// Module names the crate layout gives a meaning, never given to a folder:
/// `src/lib.rs` (a `lib` module would be circular), `src/main.rs` and
/// `src/bin/` (Cargo would build binaries from them), and `mod.rs` (the file of
/// the enclosing module).
const LAYOUT_MODULES: [&str; 4] = ["lib", "main", "bin", "mod"];

impl<'a> ApiModel<'a> {
    /// Decides every name of an API.
    pub fn new(api: &'a Api, types: &'a TypeTable, layout: Layout) -> Self {
        let mut groups = vec![GroupModel::default(); api.groups.len()];
        let mut operations: Vec<Option<OperationModel>> = vec![None; api.operations.len()];
        let mut root_operations_module = None;
        if let Some(root) = api.root_group() {
            let mut modules = UniqueNames::with_reserved(
                ["client", "types", "runtime"]
                    .into_iter()
                    .chain(LAYOUT_MODULES),
            );
            groups[root.index()].handle = "Client".to_string();
            assign_children(api, root, &[], &mut modules, &mut groups);
            if !api[root].operations.is_empty() {
                let name = modules.claim("operations");
                groups[root.index()].modules = vec![name.clone()];
                root_operations_module = Some(name);
            }
            // Type names: per module, the handle first, then builders and
            // response enums. Each folder's names are its own, so folders
            // are modelled on the rayon pool (a fifth of Stripe's serial
            // emission before), and put in place in folder order, as one
            // after another.
            let modelled: Vec<FolderModels> = api
                .groups
                .par_iter()
                .map(|group| model_group(api, types, group))
                .collect();
            for (index, (handle, models)) in modelled.into_iter().enumerate() {
                if let Some(handle) = handle {
                    groups[index].handle = handle;
                }
                for (op_index, model) in models {
                    operations[op_index] = Some(model);
                }
            }
        }
        let operations = operations
            .into_iter()
            .zip(&api.operations)
            .map(|(model, op)| {
                model.unwrap_or_else(|| OperationModel {
                    builder: pascal_ident(&op.method_name, "Request"),
                    response_enum: None,
                    error_enum: None,
                    plan: Vec::new(),
                    inputs: Vec::new(),
                    success: Success::Single(BodyKind::Raw),
                    errors: Vec::new(),
                    successes: Vec::new(),
                })
            })
            .collect();
        ApiModel {
            api,
            types,
            layout,
            groups,
            operations,
            root_operations_module,
            spec_refs: SpecRefs::new(api),
        }
    }
}

/// A folder's handle name (none for the root, whose handle is `Client`)
/// and its operations' models, by operation index: names unique within the
/// folder's module.
type FolderModels = (Option<String>, Vec<(usize, OperationModel)>);

/// The [`FolderModels`] of one folder.
fn model_group(api: &Api, types: &TypeTable, group: &Group) -> FolderModels {
    let mut names = UniqueNames::with_reserved(RESERVED_TYPES.iter().copied());
    let handle = group
        .parent
        .is_some()
        .then(|| claim_type(&mut names, &pascal_ident(&group.ident, "Group"), "Group"));
    let mut models = Vec::with_capacity(group.operations.len());
    for &op_id in &group.operations {
        let Some(op) = api.operations.get(op_id.index()) else {
            continue;
        };
        let op_types = types.operations.get(op_id.index());
        let builder = claim_type(
            &mut names,
            &pascal_ident(&op.method_name, "Request"),
            "Request",
        );
        let success = success_model(op, op_types);
        let response_enum = matches!(success, Success::Enum(_))
            .then(|| claim_type(&mut names, &format!("{builder}Response"), "Body"));
        let errors = status_docs(op, op_types, false);
        let error_enum = errors
            .iter()
            .any(|status| status.body.is_some())
            .then(|| claim_type(&mut names, &format!("{builder}Error"), "Body"));
        let mut inputs = inputs(op, op_types, types);
        template_types::refine(&mut inputs, op, api);
        models.push((
            op_id.index(),
            OperationModel {
                builder,
                response_enum,
                error_enum,
                plan: plan(op, &inputs),
                inputs,
                success,
                errors,
                successes: status_docs(op, op_types, true),
            },
        ));
    }
    (handle, models)
}

/// Claims module names for the children of `parent`, recursively.
fn assign_children(
    api: &Api,
    parent: GroupId,
    parent_modules: &[String],
    scope: &mut UniqueNames,
    groups: &mut [GroupModel],
) {
    for &child in &api[parent].children {
        let Some(group) = api.groups.get(child.index()) else {
            continue;
        };
        let mut modules = parent_modules.to_vec();
        modules.push(scope.claim(&group.ident));
        groups[child.index()].accessor = group.ident.clone();
        groups[child.index()].modules = modules.clone();
        let mut child_scope =
            UniqueNames::with_reserved(["types", "runtime"].into_iter().chain(LAYOUT_MODULES));
        assign_children(api, child, &modules, &mut child_scope, groups);
    }
}

/// Claims `wanted`, or `wanted` + `suffix`, or a numbered name.
fn claim_type(names: &mut UniqueNames, wanted: &str, suffix: &str) -> String {
    if !names.contains(wanted) {
        return names.claim(wanted);
    }
    // `Self_` + `Request` would not be camel case.
    names.claim(&format!("{}{suffix}", wanted.trim_end_matches('_')))
}

/// The inputs of an operation, with names unique among the builder's fields and methods.
fn inputs(op: &Operation, op_types: Option<&OperationTypes>, table: &TypeTable) -> Vec<Input> {
    let mut names = UniqueNames::with_reserved(BUILDER_METHODS.iter().copied());
    let mut inputs = Vec::new();
    let type_at =
        |list: Option<&Vec<TypeRef>>, index: usize| list.and_then(|l| l.get(index)).cloned();

    for (index, param) in op.path_params.iter().enumerate() {
        let ty = type_at(op_types.map(|t| &t.path_params), index);
        // A path parameter is a scalar, an enum or text.
        let value = match value_type(ty.as_ref(), table) {
            ValueType::Json(_) => ValueType::String,
            other => other,
        };
        inputs.push(Input {
            name: names.claim(&param.ident),
            is_argument: true,
            value,
            required: true,
            docs: param.docs.clone(),
            wire: Wire::Path(index),
            example: example_value(param.example.as_deref(), ty.as_ref(), table),
        });
    }
    for (index, query) in op.query.iter().enumerate() {
        if let QueryValue::Param { param } = &query.value {
            let ty = type_at(op_types.map(|t| &t.query), index);
            inputs.push(Input {
                name: names.claim(&param.ident),
                is_argument: false,
                value: value_type(ty.as_ref(), table),
                required: query.required || param.required,
                docs: param.docs.clone().or_else(|| query.docs.clone()),
                wire: Wire::Query(index),
                example: example_value(param.example.as_deref(), ty.as_ref(), table),
            });
        }
    }
    for (index, header) in op.headers.iter().enumerate() {
        if let HeaderValue::Param { param } = &header.value {
            inputs.push(Input {
                name: names.claim(&param.ident),
                is_argument: false,
                value: ValueType::String,
                required: param.required,
                docs: param.docs.clone().or_else(|| header.docs.clone()),
                wire: Wire::Header(index),
                example: param.example.clone().map(serde_json::Value::String),
            });
        }
    }
    match &op.body {
        Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) => {
            for (index, field) in fields.iter().enumerate() {
                let ty = type_at(op_types.map(|t| &t.form_fields), index);
                let (value, example) = match &field.kind {
                    FormFieldKind::File { src } => (
                        ValueType::Files,
                        src.first().cloned().map(serde_json::Value::String),
                    ),
                    FormFieldKind::Text { value } => {
                        let text = value
                            .as_ref()
                            .and_then(|v| v.as_literal())
                            .or_else(|| field.samples.first().cloned());
                        (
                            value_type(ty.as_ref(), table),
                            example_value(text.as_deref(), ty.as_ref(), table),
                        )
                    }
                };
                inputs.push(Input {
                    name: names.claim(&field.ident),
                    is_argument: false,
                    value,
                    required: field.required,
                    docs: field.docs.clone(),
                    wire: Wire::FormField(index),
                    example,
                });
            }
            // A form is often open-ended (`metadata[key]`, `items[3][id]`): one
            // setter takes any field the collection does not list.
            inputs.push(Input {
                name: names.claim("form_field"),
                is_argument: false,
                value: ValueType::Pairs,
                required: false,
                docs: Some(
                    "Adds a field the collection does not list, such as `metadata[key]`; \
                     call again for more."
                        .to_string(),
                ),
                wire: Wire::ExtraFormFields,
                example: None,
            });
        }
        Some(Body::Raw { text, is_json, .. }) => {
            let (value, example) = if *is_json {
                let ty = op_types
                    .and_then(|t| t.body.clone())
                    .unwrap_or(TypeRef::Primitive(Primitive::Value));
                let example = text
                    .as_literal()
                    .and_then(|t| serde_json::from_str(&t).ok());
                (ValueType::Json(ty), example)
            } else {
                (
                    ValueType::String,
                    text.as_literal().map(serde_json::Value::String),
                )
            };
            let template_vars = body_template_vars(op);
            let is_template = !template_vars.is_empty();
            inputs.push(Input {
                name: names.claim("body"),
                is_argument: false,
                value,
                required: !is_template,
                docs: is_template.then(|| {
                    "Without it, the collection's body is sent with its variables filled in: \
                     each variable's setter on this request, else the client's variable."
                        .to_string()
                }),
                wire: Wire::Body,
                example,
            });
            for (index, var) in template_vars.iter().enumerate() {
                inputs.push(Input {
                    name: names.claim(&crate::names::snake_ident(var, "var")),
                    is_argument: false,
                    value: ValueType::String,
                    required: false,
                    docs: Some(format!(
                        "`{{{{{var}}}}}` in the collection's body; without it, the client's variable `{var}`."
                    )),
                    wire: Wire::BodyVar(index),
                    example: None,
                });
            }
        }
        Some(Body::File { src, .. }) => inputs.push(Input {
            name: names.claim("body"),
            is_argument: false,
            value: ValueType::Bytes,
            required: true,
            docs: src
                .as_ref()
                .map(|src| format!("The collection sends the file `{src}`.")),
            wire: Wire::Body,
            example: None,
        }),
        Some(Body::GraphQl { variables, .. }) => {
            let ty = op_types
                .and_then(|t| t.body.clone())
                .unwrap_or(TypeRef::Primitive(Primitive::Value));
            let example = match variables {
                Some(crate::ir::GraphQlVariables::Json(value)) => Some(value.clone()),
                Some(crate::ir::GraphQlVariables::Text(text)) => text
                    .as_literal()
                    .and_then(|t| serde_json::from_str(&t).ok()),
                None => None,
            };
            inputs.push(Input {
                name: names.claim("variables"),
                is_argument: false,
                value: ValueType::Json(ty),
                required: variables.is_some(),
                docs: Some("The GraphQL variables.".to_string()),
                wire: Wire::GraphQlVariables,
                example,
            });
        }
        None => {}
    }
    inputs
}

/// The Rust type an input gets from its inferred type (`String` without one).
fn value_type(ty: Option<&TypeRef>, table: &TypeTable) -> ValueType {
    match ty {
        None | Some(TypeRef::Primitive(Primitive::String)) => ValueType::String,
        Some(TypeRef::Option(inner)) => value_type(Some(inner), table),
        Some(scalar @ TypeRef::Primitive(Primitive::I64 | Primitive::F64 | Primitive::Bool)) => {
            ValueType::Scalar(scalar.clone())
        }
        Some(named @ TypeRef::Named(id)) => match table.defs.get(id.0).map(|def| &def.kind) {
            Some(TypeKind::Enum { .. }) => ValueType::Enum(named.clone()),
            Some(TypeKind::Struct { .. }) => ValueType::Json(named.clone()),
            None => ValueType::Json(TypeRef::Primitive(Primitive::Value)),
        },
        Some(other) => ValueType::Json(other.clone()),
    }
}

/// The collection's example text as a JSON value fitting the input's type.
fn example_value(
    text: Option<&str>,
    ty: Option<&TypeRef>,
    table: &TypeTable,
) -> Option<serde_json::Value> {
    let text = text?;
    let json = || serde_json::from_str::<serde_json::Value>(text).ok();
    match value_type(ty, table) {
        ValueType::String | ValueType::Enum(_) => Some(serde_json::Value::String(text.to_string())),
        ValueType::Scalar(_) | ValueType::Json(_) => json(),
        ValueType::Files | ValueType::Bytes | ValueType::Pairs => None,
    }
}

/// The distinct `{{variables}}` of a raw body, in order: a raw body with any
/// is a template (it may not even be JSON or XML until they are rendered),
/// sent as the collection's text with them filled in unless the caller sets
/// the whole body. Dynamic variables (`{{$guid}}`) are left to the client.
pub(crate) fn body_template_vars(op: &Operation) -> Vec<String> {
    let Some(Body::Raw { text, .. }) = &op.body else {
        return Vec::new();
    };
    let mut vars: Vec<String> = Vec::new();
    for var in text.vars() {
        if !var.starts_with('$') && !vars.iter().any(|v| v == var) {
            vars.push(var.to_string());
        }
    }
    vars
}

/// The body kind of every documented 2xx status of `op`, as `send` decodes
/// it: none where HTTP allows no body (204, 205, any status of a HEAD
/// request: [`Operation::response_can_have_body`]), the inferred JSON type,
/// untyped JSON, text, or none; when examples of one status disagree the
/// richest kind wins. `diff` compares operations by this same rule.
pub(crate) fn success_kinds(
    op: &Operation,
    op_types: Option<&OperationTypes>,
) -> BTreeMap<u16, BodyKind> {
    let mut kinds: BTreeMap<u16, BodyKind> = BTreeMap::new();
    for example in &op.responses {
        let Some(code) = example.code.filter(|c| (200..300).contains(c)) else {
            continue;
        };
        let kind = if !op.response_can_have_body(code) {
            BodyKind::Empty
        } else if let Some(Some(ty)) = op_types.and_then(|t| t.responses.get(&code)) {
            BodyKind::Json(Some(ty.clone()))
        } else if example.json.is_some() {
            BodyKind::Json(None)
        } else if example
            .body
            .as_deref()
            .is_some_and(|b| !b.trim().is_empty())
            || example
                .content_type
                .as_deref()
                .is_some_and(|t| !t.trim().is_empty())
        {
            BodyKind::Text
        } else {
            BodyKind::Empty
        };
        let entry = kinds.entry(code).or_insert(BodyKind::Empty);
        if kind.rank() > entry.rank() {
            *entry = kind;
        }
    }
    kinds
}

/// What each documented success status carries, and whether they agree.
fn success_model(op: &Operation, op_types: Option<&OperationTypes>) -> Success {
    let kinds = success_kinds(op, op_types);
    let mut distinct = kinds.values();
    let Some(first) = distinct.next() else {
        return Success::Single(BodyKind::Raw);
    };
    if distinct.all(|kind| kind == first) {
        return Success::Single(first.clone());
    }
    let mut names = UniqueNames::with_reserved(["Other"]);
    Success::Enum(
        kinds
            .into_iter()
            .map(|(code, kind)| {
                let wanted = docs::reason_phrase(code)
                    .map(|reason| pascal_ident(reason, "Status"))
                    .unwrap_or_else(|| format!("Status{code}"));
                SuccessVariant {
                    code,
                    name: names.claim(&wanted),
                    kind,
                }
            })
            .collect(),
    )
}

/// Documented statuses (successes or errors) with their meanings; the first
/// example of a status that says something wins.
fn status_docs(
    op: &Operation,
    op_types: Option<&OperationTypes>,
    successes: bool,
) -> Vec<StatusDoc> {
    let mut by_code: BTreeMap<u16, StatusDoc> = BTreeMap::new();
    for example in &op.responses {
        let Some(code) = example.code else { continue };
        if (200..300).contains(&code) != successes {
            continue;
        }
        let meaning = docs::status_meaning(example);
        let entry = by_code.entry(code).or_insert_with(|| StatusDoc {
            code,
            meaning: String::new(),
            error_codes: Vec::new(),
            body: op_types.and_then(|t| t.responses.get(&code).cloned().flatten()),
        });
        if entry.meaning.is_empty() {
            entry.meaning = meaning.meaning;
        }
        for code in meaning.error_codes {
            if !entry.error_codes.contains(&code) {
                entry.error_codes.push(code);
            }
        }
    }
    by_code
        .into_values()
        .map(|mut doc| {
            if doc.meaning.is_empty() {
                let fallback = op
                    .responses
                    .iter()
                    .filter(|e| e.code == Some(doc.code))
                    .find_map(|e| e.status_text.clone())
                    .or_else(|| docs::reason_phrase(doc.code).map(str::to_string))
                    .unwrap_or_else(|| format!("Status {}", doc.code));
                doc.meaning = docs::inline_markdown(&fallback);
            }
            doc
        })
        .collect()
}
