//! Reading the evidence out of each operation: one [`Root`] per place that
//! gets a type (path parameter, query parameter, body, form field, response
//! status), with every sample the collection holds for it.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::shape::Shape;
use super::text::{
    classify_template, enum_meanings, enum_values, parse_template_json, NumberHints, TextKind,
};
use crate::ir::{
    Api, Body, FormField, FormFieldKind, GraphQlVariables, Operation, Param, QueryValue, Template,
};

/// Where a root's type goes in [`OperationTypes`](crate::ir::OperationTypes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// `path_params[i]`.
    PathParam(usize),
    /// `query[i]`.
    Query(usize),
    /// `body`.
    Body,
    /// `form_fields[i]`.
    FormField(usize),
    /// `responses[code]`.
    Response(u16),
}

/// What the samples of a root say.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Evidence {
    /// JSON samples (bodies, responses, and text values that hold JSON).
    Json(Shape),
    /// Text samples without JSON: a scalar.
    Text(TextKind),
    /// A description listing the allowed values, and what each means when
    /// the description says so.
    Enum(Vec<String>, Vec<Option<String>>),
    /// Nothing to infer: a file part, a fixed query value, a response status
    /// whose examples have no JSON body.
    Nothing,
}

/// One place that gets a type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Root {
    /// Index into `Api::operations`.
    pub op: usize,
    /// Where the type goes.
    pub slot: Slot,
    /// The key or parameter name, for names and merging (`None` for bodies
    /// and responses, which are named by role).
    pub key: Option<String>,
    /// What the samples say.
    pub evidence: Evidence,
    /// "the `action` form field", "the request body", ...: for docs.
    pub what: String,
}

/// Every root of every operation, in operation order and, within one, in
/// the order path, query, body, form fields, responses by status code.
///
/// The operations are read on the rayon pool, runs of them per job, and
/// their roots joined in operation order: reading the samples into shapes
/// and the descriptions into hints is the larger part of inference, and
/// nothing else runs beside it (the pool starts printing only after).
pub(crate) fn collect(api: &Api) -> Vec<Root> {
    let per_operation: Vec<Vec<Root>> = api
        .operations
        .par_iter()
        .enumerate()
        .with_min_len(OPERATIONS_PER_JOB)
        .map(|(index, op)| {
            let mut roots = Vec::new();
            collect_operation(index, op, &mut roots);
            roots
        })
        .collect();
    per_operation.into_iter().flatten().collect()
}

/// The fewest operations one job reads: most have a handful of roots, and
/// a job of fewer would cost the pool more than it saves.
const OPERATIONS_PER_JOB: usize = 16;

fn collect_operation(op_index: usize, op: &Operation, roots: &mut Vec<Root>) {
    let mut push = |slot, key: Option<String>, evidence, what: String| {
        roots.push(Root {
            op: op_index,
            slot,
            key,
            evidence,
            what,
        });
    };
    for (i, param) in op.path_params.iter().enumerate() {
        let what = super::concat(&["the `", &param.name, "` path parameter"]);
        push(
            Slot::PathParam(i),
            Some(param.name.clone()),
            param_evidence(param),
            what,
        );
    }
    for (i, query) in op.query.iter().enumerate() {
        let (key, evidence) = match &query.value {
            QueryValue::Param { param } => (Some(param.name.clone()), param_evidence(param)),
            QueryValue::Fixed { .. } | QueryValue::KeyOnly => {
                (query.key.clone(), Evidence::Nothing)
            }
        };
        let what = super::concat(&[
            "the `",
            key.as_deref().unwrap_or_default(),
            "` query parameter",
        ]);
        push(Slot::Query(i), key, evidence, what);
    }
    match &op.body {
        Some(Body::Raw {
            text,
            is_json: true,
            samples,
            ..
        }) => {
            let mut shape = None;
            let parsed =
                std::iter::once(text.clone()).chain(samples.iter().map(|s| Template::parse(s)));
            for value in parsed.filter_map(|t| parse_template_json(&t)) {
                shape
                    .get_or_insert_with(Shape::default)
                    .absorb(Shape::from_json(&value));
            }
            let evidence = shape.map_or(Evidence::Nothing, Evidence::Json);
            push(Slot::Body, None, evidence, "the request body".into());
        }
        Some(Body::GraphQl {
            variables: Some(variables),
            ..
        }) => {
            let value = match variables {
                GraphQlVariables::Json(value) => Some(value.clone()),
                GraphQlVariables::Text(text) => parse_template_json(text),
            };
            let evidence =
                value.map_or(Evidence::Nothing, |v| Evidence::Json(Shape::from_json(&v)));
            push(Slot::Body, None, evidence, "the GraphQL variables".into());
        }
        Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) => {
            for (i, field) in fields.iter().enumerate() {
                let key = field.key.to_postman_string();
                let what = super::concat(&["the `", &key, "` form field"]);
                push(Slot::FormField(i), Some(key), form_evidence(field), what);
            }
        }
        _ => {}
    }
    let mut by_code: BTreeMap<u16, Option<Shape>> = BTreeMap::new();
    for response in &op.responses {
        let Some(code) = response.code else { continue };
        let entry = by_code.entry(code).or_default();
        if !op.response_can_have_body(code) {
            continue;
        }
        if let Some(json) = &response.json {
            entry
                .get_or_insert_with(Shape::default)
                .absorb(Shape::from_json(json));
        }
    }
    for (code, shape) in by_code {
        let evidence = shape.map_or(Evidence::Nothing, Evidence::Json);
        push(
            Slot::Response(code),
            None,
            evidence,
            format!("the {code} response"),
        );
    }
}

fn param_evidence(param: &Param) -> Evidence {
    let values = param.example.iter().map(|e| Template::parse(e));
    text_evidence(values, param.docs.as_deref())
}

fn form_evidence(field: &FormField) -> Evidence {
    match &field.kind {
        FormFieldKind::File { .. } => Evidence::Nothing,
        FormFieldKind::Text { value } => {
            let values = value
                .iter()
                .cloned()
                .chain(field.samples.iter().map(|s| Template::parse(s)));
            text_evidence(values, field.docs.as_deref())
        }
    }
}

/// The evidence of text samples and their description. A list of allowed
/// values in the description wins (unless the values are `true,false`);
/// otherwise the samples' kinds are joined.
fn text_evidence(values: impl Iterator<Item = Template>, docs: Option<&str>) -> Evidence {
    if let Some(listed) = enum_values(docs) {
        if !listed.iter().all(|v| v == "true" || v == "false") {
            let meanings = enum_meanings(docs, &listed);
            return Evidence::Enum(listed, meanings);
        }
        return Evidence::Text(TextKind::Bool);
    }
    let hints = NumberHints::from_docs(docs);
    let mut kind = TextKind::None;
    for value in values {
        kind.absorb(classify_template(&value, hints));
    }
    match kind {
        TextKind::Json(shape) => Evidence::Json(shape),
        other => Evidence::Text(other),
    }
}
