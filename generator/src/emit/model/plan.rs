//! The request plan: an operation's wire, in order, with each caller value
//! already matched to its builder input.
//!
//! The IR says what goes on the wire (path, query, headers, body) and the
//! model says which builder inputs exist ([`Input::wire`]); the plan joins
//! the two once, so the code that writes a builder's `request` method walks
//! one list of steps instead of re-finding inputs by position, and skips
//! what Postman never sends (disabled fixed query entries) in one place.
//!
//! Each step also keeps what the collection itself has there (its example
//! text, whether the entry is disabled), so the replay harness, which sends
//! what newman sends, reads the same plan ([`InputUse`]) instead of finding
//! each input's place in the IR a second way.

use crate::ir::{
    Body, FormFieldKind, GraphQlVariables, HeaderValue, Operation, PathSegment, QueryValue,
    Template,
};

use super::{body_template_vars, Input, Wire};

/// One thing the request method does, in wire order. `input` fields are
/// positions in [`OperationModel::inputs`](super::OperationModel::inputs).
#[derive(Debug, Clone, PartialEq)]
pub enum WireStep {
    /// A fixed path segment (its text may use client variables).
    Segment {
        /// The segment, `{{var}}` kept.
        text: String,
    },
    /// A path segment from a path parameter.
    PathParam {
        /// The parameter's name in the collection.
        name: String,
        /// The input holding the value.
        input: usize,
        /// Literal text after the value in the same segment (`.json`).
        suffix: String,
        /// True when a later segment uses the same parameter again (the
        /// value is then cloned, not moved).
        used_again: bool,
        /// The collection's value for the segment, if any.
        example: Option<String>,
    },
    /// A query entry the caller sets.
    Query {
        /// The key (never empty: a keyless entry is fixed).
        key: String,
        /// The input holding the value.
        input: usize,
        /// Disabled in the collection: Postman does not send it.
        disabled: bool,
        /// The collection's value, as the server reads it, if any.
        example: Option<String>,
    },
    /// A query entry with a fixed value (may use client variables).
    QueryFixed {
        /// The key.
        key: String,
        /// The value, `{{var}}` kept.
        value: String,
    },
    /// A query key with no `=`.
    QueryKey {
        /// The key.
        key: String,
    },
    /// A header with a fixed value (may use client variables).
    HeaderFixed {
        /// The header name.
        name: String,
        /// The value, `{{var}}` kept.
        value: String,
    },
    /// A header the caller sets: one the collection has disabled, so
    /// Postman does not send it.
    Header {
        /// The header name.
        name: String,
        /// The input holding the value.
        input: usize,
    },
    /// The body; skipped at run time when the caller replaced it.
    Body(BodyPlan),
}

/// How the body is built.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyPlan {
    /// A raw body the caller passes whole.
    Raw {
        /// The Content-Type sent.
        content_type: String,
        /// Sent as JSON (serialized) rather than text.
        is_json: bool,
        /// The input holding the body.
        input: usize,
        /// The collection's text (its only `{{variables}}`, if any, are
        /// dynamic ones such as `{{$guid}}`).
        text: Template,
    },
    /// A raw body whose collection text is a template: the caller's whole
    /// body when set, else the text with the caller's variable values in.
    RawTemplate {
        /// The Content-Type sent.
        content_type: String,
        /// The caller's whole body is sent as JSON rather than text.
        is_json: bool,
        /// The input holding a whole body.
        input: usize,
        /// The collection's text, `{{var}}` kept.
        text: String,
        /// Each variable the caller may set, with its input.
        vars: Vec<(String, usize)>,
    },
    /// A binary body.
    File {
        /// The Content-Type sent.
        content_type: String,
        /// The input holding the bytes.
        input: usize,
        /// The file the collection names, if any.
        src: Option<String>,
    },
    /// A urlencoded form.
    UrlEncoded {
        /// The Content-Type sent.
        content_type: String,
        /// The Content-Type the collection declares, sent with an empty body
        /// when no field is set.
        declared_content_type: Option<String>,
        /// The fields, in order.
        fields: Vec<FormPart>,
        /// The input holding extra fields by name, if any.
        extra: Option<usize>,
    },
    /// A multipart form.
    Multipart {
        /// A boundary the collection fixes.
        boundary: Option<String>,
        /// The Content-Type the collection declares, sent with an empty body
        /// when no part is set.
        declared_content_type: Option<String>,
        /// The parts, in order.
        fields: Vec<FormPart>,
        /// The input holding extra fields by name, if any.
        extra: Option<usize>,
    },
    /// A GraphQL body.
    GraphQl {
        /// The query document, `{{var}}` kept.
        query: String,
        /// `operationName`, if set.
        operation_name: Option<String>,
        /// The input holding the variables, if the caller sets them.
        variables: Option<usize>,
        /// The collection's variables when written as text (a template).
        variables_text: Option<Template>,
    },
}

/// One field of a form body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The field name, `{{var}}` kept.
    pub key: String,
    /// The input holding the value.
    pub input: usize,
    /// The part's Content-Type (multipart only).
    pub content_type: Option<String>,
    /// For a file part: whether the collection names no file, in which case
    /// Postman sends an empty file part when the caller gives none.
    pub file: Option<bool>,
    /// The files the collection names (a file part only).
    pub srcs: Vec<String>,
    /// The collection's text value (a text part only; none when the
    /// collection has none or the lowering dropped a credential).
    pub text: Option<Template>,
    /// Disabled in the collection: Postman does not send it.
    pub disabled: bool,
}

/// The plan of one operation, given the inputs the model decided for it.
pub fn plan(op: &Operation, inputs: &[Input]) -> Vec<WireStep> {
    let find = |wire: Wire| inputs.iter().position(|i| i.wire == wire);
    let mut steps = Vec::new();

    for (position, segment) in op.path.iter().enumerate() {
        match segment {
            PathSegment::Literal { value } => steps.push(WireStep::Segment {
                text: value.to_postman_string(),
            }),
            PathSegment::Param { param, suffix } => {
                let Some(input) = find(Wire::Path(*param)) else {
                    continue;
                };
                let used_again = op.path[position + 1..]
                    .iter()
                    .any(|s| matches!(s, PathSegment::Param { param: p, .. } if p == param));
                let param = op.path_params.get(*param);
                steps.push(WireStep::PathParam {
                    name: param.map(|p| p.name.clone()).unwrap_or_default(),
                    input,
                    suffix: suffix.clone(),
                    used_again,
                    example: param.and_then(|p| p.example.clone()),
                });
            }
        }
    }

    for (position, query) in op.query.iter().enumerate() {
        let key = query.key.clone().unwrap_or_default();
        if query.disabled && !matches!(query.value, QueryValue::Param { .. }) {
            // Disabled in the collection and not the caller's to set: never sent.
            continue;
        }
        match &query.value {
            QueryValue::Param { param } => {
                if let Some(input) = find(Wire::Query(position)) {
                    steps.push(WireStep::Query {
                        key,
                        input,
                        disabled: query.disabled,
                        example: param.example.clone(),
                    });
                }
            }
            QueryValue::Fixed { value } => steps.push(WireStep::QueryFixed {
                key,
                value: value.to_postman_string(),
            }),
            QueryValue::KeyOnly => steps.push(WireStep::QueryKey { key }),
        }
    }

    for (position, header) in op.headers.iter().enumerate() {
        let name = header.name.clone();
        match &header.value {
            HeaderValue::Fixed { value } => steps.push(WireStep::HeaderFixed {
                name,
                value: value.to_postman_string(),
            }),
            HeaderValue::Param { .. } => {
                if let Some(input) = find(Wire::Header(position)) {
                    steps.push(WireStep::Header { name, input });
                }
            }
        }
    }

    if let Some(body) = body_plan(op, &find) {
        steps.push(WireStep::Body(body));
    }
    steps
}

fn body_plan(op: &Operation, find: &dyn Fn(Wire) -> Option<usize>) -> Option<BodyPlan> {
    let form_parts = |fields: &[crate::ir::FormField]| -> Vec<FormPart> {
        fields
            .iter()
            .enumerate()
            .filter_map(|(position, field)| {
                Some(FormPart {
                    key: field.key.to_postman_string(),
                    input: find(Wire::FormField(position))?,
                    content_type: field.content_type.clone(),
                    file: match &field.kind {
                        FormFieldKind::File { src } => Some(src.is_empty()),
                        FormFieldKind::Text { .. } => None,
                    },
                    srcs: match &field.kind {
                        FormFieldKind::File { src } => src.clone(),
                        FormFieldKind::Text { .. } => Vec::new(),
                    },
                    text: match &field.kind {
                        FormFieldKind::Text { value } => value.clone(),
                        FormFieldKind::File { .. } => None,
                    },
                    disabled: field.disabled,
                })
            })
            .collect()
    };
    match op.body.as_ref()? {
        Body::Raw {
            content_type,
            is_json,
            text,
            ..
        } => {
            let input = find(Wire::Body)?;
            let vars = body_template_vars(op);
            if vars.is_empty() {
                return Some(BodyPlan::Raw {
                    content_type: content_type.clone(),
                    is_json: *is_json,
                    input,
                    text: text.clone(),
                });
            }
            Some(BodyPlan::RawTemplate {
                content_type: content_type.clone(),
                is_json: *is_json,
                input,
                text: text.to_postman_string(),
                vars: vars
                    .iter()
                    .enumerate()
                    .filter_map(|(index, var)| Some((var.to_string(), find(Wire::BodyVar(index))?)))
                    .collect(),
            })
        }
        Body::File { content_type, src } => Some(BodyPlan::File {
            content_type: content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_string()),
            input: find(Wire::Body)?,
            src: src.clone(),
        }),
        Body::UrlEncoded {
            fields,
            content_type,
            declared_content_type,
        } if !fields.is_empty() => Some(BodyPlan::UrlEncoded {
            content_type: content_type.clone(),
            declared_content_type: declared_content_type.clone(),
            fields: form_parts(fields),
            extra: find(Wire::ExtraFormFields),
        }),
        Body::FormData {
            fields,
            boundary,
            declared_content_type,
        } if !fields.is_empty() => Some(BodyPlan::Multipart {
            boundary: boundary.clone(),
            declared_content_type: declared_content_type.clone(),
            fields: form_parts(fields),
            extra: find(Wire::ExtraFormFields),
        }),
        Body::GraphQl {
            query,
            operation_name,
            variables,
        } => Some(BodyPlan::GraphQl {
            query: query.to_postman_string(),
            operation_name: operation_name.clone(),
            variables: find(Wire::GraphQlVariables),
            variables_text: match variables {
                Some(GraphQlVariables::Text(text)) => Some(text.clone()),
                _ => None,
            },
        }),
        Body::UrlEncoded { .. } | Body::FormData { .. } => None,
    }
}

/// Where the plan puts one input's value, with what the collection has
/// there: what a reader that follows the collection (the replay harness)
/// needs to know about an input, without looking it up in the IR.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum InputUse<'p> {
    /// A path parameter.
    PathParam {
        /// Its name in the collection.
        name: &'p str,
        /// The collection's value, if any.
        example: Option<&'p str>,
    },
    /// A query parameter.
    Query {
        /// The key.
        key: &'p str,
        /// Disabled in the collection.
        disabled: bool,
        /// The collection's value, if any.
        example: Option<&'p str>,
    },
    /// A header the collection has disabled.
    Header {
        /// The header name.
        name: &'p str,
    },
    /// A listed form field.
    FormField {
        /// The field.
        part: &'p FormPart,
        /// In a multipart form (not a urlencoded one).
        multipart: bool,
    },
    /// Form fields the collection does not list.
    ExtraFormFields,
    /// The whole body.
    Body(&'p BodyPlan),
    /// A `{{variable}}` of a template body.
    BodyVar {
        /// The variable's name.
        name: &'p str,
    },
    /// GraphQL variables.
    GraphQlVariables {
        /// The collection's variables when written as text.
        text: Option<&'p Template>,
    },
}

/// The first step of `steps` that reads input `input`, if any.
pub fn use_of(steps: &[WireStep], input: usize) -> Option<InputUse<'_>> {
    steps.iter().find_map(|step| match step {
        WireStep::PathParam {
            name,
            input: i,
            example,
            ..
        } if *i == input => Some(InputUse::PathParam {
            name,
            example: example.as_deref(),
        }),
        WireStep::Query {
            key,
            input: i,
            disabled,
            example,
        } if *i == input => Some(InputUse::Query {
            key,
            disabled: *disabled,
            example: example.as_deref(),
        }),
        WireStep::Header { name, input: i } if *i == input => Some(InputUse::Header { name }),
        WireStep::Body(body) => body_use(body, input),
        _ => None,
    })
}

fn body_use(body: &BodyPlan, input: usize) -> Option<InputUse<'_>> {
    match body {
        BodyPlan::Raw { input: i, .. } | BodyPlan::File { input: i, .. } if *i == input => {
            Some(InputUse::Body(body))
        }
        BodyPlan::RawTemplate { input: i, vars, .. } => {
            if *i == input {
                return Some(InputUse::Body(body));
            }
            vars.iter()
                .find(|(_, i)| *i == input)
                .map(|(name, _)| InputUse::BodyVar { name })
        }
        BodyPlan::UrlEncoded { fields, extra, .. } | BodyPlan::Multipart { fields, extra, .. } => {
            if *extra == Some(input) {
                return Some(InputUse::ExtraFormFields);
            }
            let multipart = matches!(body, BodyPlan::Multipart { .. });
            fields
                .iter()
                .find(|part| part.input == input)
                .map(|part| InputUse::FormField { part, multipart })
        }
        BodyPlan::GraphQl {
            variables,
            variables_text,
            ..
        } if *variables == Some(input) => Some(InputUse::GraphQlVariables {
            text: variables_text.as_ref(),
        }),
        _ => None,
    }
}
