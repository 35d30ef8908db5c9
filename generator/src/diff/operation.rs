//! Changes to one operation present in both versions: its name, route,
//! parameters, body, responses and auth.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::ir::{
    Body, FormField, FormFieldKind, HeaderValue, Primitive, QueryValue, TypeId, TypeRef,
};

use super::compare::{Comparer, Place};
use super::{client, responses, ChangeKind, Findings, Side};

/// Compares operation `old_index` of `old` with `new_index` of `new`.
/// `report_auth` is false when the client reports one auth change for every
/// operation. Definition pairs compared along the way are added to `reached`.
pub(super) fn compare(
    old: Side<'_>,
    old_index: usize,
    new: Side<'_>,
    new_index: usize,
    report_auth: bool,
    reached: &mut HashSet<(TypeId, TypeId)>,
    out: &mut Findings,
) {
    let (a, b) = (old.op(old_index), new.op(new_index));
    let old_subject = old.subject(old_index);
    if old_subject != new.subject(new_index) {
        out.breaking(ChangeKind::Changed, format!("renamed from `{old_subject}`"));
    }
    if a.method != b.method {
        out.compatible(
            ChangeKind::Changed,
            format!("HTTP method changed from {} to {}", a.method, b.method),
        );
    }
    let (old_path, new_path) = (old.api.path_string(a), new.api.path_string(b));
    if old_path != new_path {
        out.compatible(
            ChangeKind::Changed,
            format!("path changed from `{old_path}` to `{new_path}`"),
        );
    }
    // Server URL changes are the client's; here only a move to another server.
    let (old_server, new_server) = (
        client::server_setter(old, a.server),
        client::server_setter(new, b.server),
    );
    if old_server != new_server {
        out.compatible(
            ChangeKind::Changed,
            format!("sent to server `{new_server}` instead of `{old_server}`"),
        );
    }

    let mut comparer = Comparer::new(old, new);
    let inputs = Inputs {
        old,
        old_index,
        new,
        new_index,
    };
    inputs.path_params(&mut comparer, out);
    inputs.query(&mut comparer, out);
    inputs.headers(&mut comparer, out);
    inputs.body(&mut comparer, out);
    responses::compare(old, old_index, new, new_index, &mut comparer, out);

    if report_auth {
        let (old_auth, new_auth) = (client::op_auth(old, a), client::op_auth(new, b));
        if old_auth != new_auth {
            out.breaking(
                ChangeKind::Changed,
                format!(
                    "auth changed from {} to {}",
                    client::describe_auth(old_auth),
                    client::describe_auth(new_auth)
                ),
            );
        }
    }
    reached.extend(comparer.seen().iter().copied());
}

/// A caller-facing input that is a builder setter: a query parameter, a
/// header or a form field.
#[derive(Debug)]
struct Setter {
    /// The name on the wire.
    name: String,
    /// Whether `send` fails without it.
    required: bool,
    /// Its type (`None`: a file field).
    ty: Option<TypeRef>,
}

/// Both versions of one operation.
#[derive(Debug, Clone, Copy)]
struct Inputs<'a> {
    old: Side<'a>,
    old_index: usize,
    new: Side<'a>,
    new_index: usize,
}

impl Inputs<'_> {
    /// Path parameters: the method's positional arguments.
    fn path_params(&self, comparer: &mut Comparer<'_>, out: &mut Findings) {
        let (a, b) = (self.old.op(self.old_index), self.new.op(self.new_index));
        let old_types = self.old.types.operations.get(self.old_index);
        let new_types = self.new.types.operations.get(self.new_index);
        if a.path_params.len() != b.path_params.len() {
            let names = |params: &[crate::ir::Param]| {
                params
                    .iter()
                    .map(|p| p.ident.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.breaking(
                ChangeKind::Changed,
                format!(
                    "path parameters changed from ({}) to ({})",
                    names(&a.path_params),
                    names(&b.path_params)
                ),
            );
            return;
        }
        for (position, (p, q)) in a.path_params.iter().zip(&b.path_params).enumerate() {
            if p.name != q.name {
                out.compatible(
                    ChangeKind::Changed,
                    format!("path parameter `{}` renamed to `{}`", p.name, q.name),
                );
            }
            let ty = |types: Option<&crate::ir::OperationTypes>| {
                path_param_type(types.and_then(|t| t.path_params.get(position)))
            };
            let place = Place::named("path parameter", &q.name);
            comparer.compare(&place, &ty(old_types), &ty(new_types), out);
        }
    }

    /// Query parameters the caller sets; fixed query entries are wire details.
    fn query(&self, comparer: &mut Comparer<'_>, out: &mut Findings) {
        let setters = |side: Side<'_>, index: usize| {
            let types = side.types.operations.get(index);
            side.op(index)
                .query
                .iter()
                .enumerate()
                .filter_map(|(i, query)| match &query.value {
                    QueryValue::Param { param } => Some(Setter {
                        name: query.key.clone().unwrap_or_default(),
                        required: query.required || param.required,
                        ty: Some(setter_type(types.and_then(|t| t.query.get(i)))),
                    }),
                    QueryValue::Fixed { .. } | QueryValue::KeyOnly => None,
                })
                .collect::<Vec<_>>()
        };
        compare_setters(
            "query parameter",
            &setters(self.old, self.old_index),
            &setters(self.new, self.new_index),
            exact,
            comparer,
            out,
        );
        let fixed = |side: Side<'_>, index: usize| {
            side.op(index)
                .query
                .iter()
                .filter_map(|query| {
                    let value = match &query.value {
                        QueryValue::Fixed { value } => format!("={}", value.to_postman_string()),
                        QueryValue::KeyOnly => String::new(),
                        QueryValue::Param { .. } => return None,
                    };
                    Some((query.key.clone().unwrap_or_default(), value))
                })
                .collect::<Vec<_>>()
        };
        compare_fixed(
            "query",
            &fixed(self.old, self.old_index),
            &fixed(self.new, self.new_index),
            exact,
            out,
        );
    }

    /// Headers the caller sets (always text); fixed headers are wire details.
    fn headers(&self, comparer: &mut Comparer<'_>, out: &mut Findings) {
        let setters = |side: Side<'_>, index: usize| {
            side.op(index)
                .headers
                .iter()
                .filter_map(|header| match &header.value {
                    HeaderValue::Param { param } => Some(Setter {
                        name: header.name.clone(),
                        required: param.required,
                        ty: Some(TypeRef::Primitive(Primitive::String)),
                    }),
                    HeaderValue::Fixed { .. } => None,
                })
                .collect::<Vec<_>>()
        };
        compare_setters(
            "header",
            &setters(self.old, self.old_index),
            &setters(self.new, self.new_index),
            header_key,
            comparer,
            out,
        );
        let fixed = |side: Side<'_>, index: usize| {
            side.op(index)
                .headers
                .iter()
                .filter_map(|header| match &header.value {
                    HeaderValue::Fixed { value } => Some((
                        header.name.clone(),
                        format!(": {}", value.to_postman_string()),
                    )),
                    HeaderValue::Param { .. } => None,
                })
                .collect::<Vec<_>>()
        };
        compare_fixed(
            "header",
            &fixed(self.old, self.old_index),
            &fixed(self.new, self.new_index),
            header_key,
            out,
        );
    }

    /// The request body.
    fn body(&self, comparer: &mut Comparer<'_>, out: &mut Findings) {
        let (a, b) = (self.old.op(self.old_index), self.new.op(self.new_index));
        let old_types = self.old.types.operations.get(self.old_index);
        let new_types = self.new.types.operations.get(self.new_index);
        let json_type = |types: Option<&crate::ir::OperationTypes>| {
            types
                .and_then(|t| t.body.clone())
                .unwrap_or(TypeRef::Primitive(Primitive::Value))
        };
        let form_setters = |fields: &[FormField], types: Option<&crate::ir::OperationTypes>| {
            fields
                .iter()
                .enumerate()
                .map(|(i, field)| Setter {
                    name: field.key.to_postman_string(),
                    required: field.required,
                    ty: match field.kind {
                        FormFieldKind::File { .. } => None,
                        FormFieldKind::Text { .. } => {
                            Some(setter_type(types.and_then(|t| t.form_fields.get(i))))
                        }
                    },
                })
                .collect::<Vec<_>>()
        };
        let compare_forms =
            |old: &[Setter], new: &[Setter], comparer: &mut Comparer<'_>, out: &mut Findings| {
                compare_setters("body field", old, new, exact, comparer, out);
            };

        match (&a.body, &b.body) {
            (None, None) => {}
            (
                Some(Body::UrlEncoded { fields: old, .. } | Body::FormData { fields: old, .. }),
                Some(Body::UrlEncoded { fields: new, .. } | Body::FormData { fields: new, .. }),
            ) => {
                let (old_mode, new_mode) = (body_mode(a.body.as_ref()), body_mode(b.body.as_ref()));
                if old_mode != new_mode {
                    out.compatible(
                        ChangeKind::Changed,
                        format!("body encoding changed from {old_mode} to {new_mode}"),
                    );
                }
                compare_forms(
                    &form_setters(old, old_types),
                    &form_setters(new, new_types),
                    comparer,
                    out,
                );
            }
            // A form body appearing or going is its fields appearing or going.
            (None, Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. })) => {
                compare_forms(&[], &form_setters(fields, new_types), comparer, out);
            }
            (Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }), None) => {
                compare_forms(&form_setters(fields, old_types), &[], comparer, out);
            }
            (Some(Body::Raw { is_json: true, .. }), Some(Body::Raw { is_json: true, .. })) => {
                let place = Place::new("body field", "request body");
                comparer.compare(&place, &json_type(old_types), &json_type(new_types), out);
            }
            (
                Some(Body::GraphQl {
                    variables: old_vars,
                    query: old_query,
                    ..
                }),
                Some(Body::GraphQl {
                    variables: new_vars,
                    query: new_query,
                    ..
                }),
            ) => {
                if old_query != new_query {
                    out.compatible(ChangeKind::Changed, "GraphQL query changed");
                }
                match (old_vars.is_some(), new_vars.is_some()) {
                    (false, true) => {
                        out.breaking(ChangeKind::Changed, "GraphQL variables became required")
                    }
                    (true, false) => {
                        out.compatible(ChangeKind::Changed, "GraphQL variables became optional")
                    }
                    _ => {}
                }
                let place = Place::new("GraphQL variable", "GraphQL variables");
                comparer.compare(&place, &json_type(old_types), &json_type(new_types), out);
            }
            (Some(Body::Raw { .. }), Some(Body::Raw { .. }))
            | (Some(Body::File { .. }), Some(Body::File { .. })) => {}
            (None, Some(_)) => out.breaking(
                ChangeKind::Added,
                format!("new required request body ({})", body_mode(b.body.as_ref())),
            ),
            (Some(_), None) => out.breaking(
                ChangeKind::Removed,
                format!("request body removed (was {})", body_mode(a.body.as_ref())),
            ),
            (Some(_), Some(_)) => out.breaking(
                ChangeKind::Changed,
                format!(
                    "body changed from {} to {}",
                    body_mode(a.body.as_ref()),
                    body_mode(b.body.as_ref())
                ),
            ),
        }
        let content_type = |body: Option<&Body>| match body {
            Some(Body::Raw { content_type, .. } | Body::UrlEncoded { content_type, .. }) => {
                Some(content_type.clone())
            }
            Some(Body::File { content_type, .. }) => content_type.clone(),
            _ => None,
        };
        if let (Some(old), Some(new)) =
            (content_type(a.body.as_ref()), content_type(b.body.as_ref()))
        {
            if old != new && body_mode(a.body.as_ref()) == body_mode(b.body.as_ref()) {
                out.compatible(
                    ChangeKind::Changed,
                    format!("body content type changed from `{old}` to `{new}`"),
                );
            }
        }
    }
}

/// The body's mode, as Postman names it (raw bodies split into JSON and text).
fn body_mode(body: Option<&Body>) -> &'static str {
    match body {
        None => "no body",
        Some(Body::Raw { is_json: true, .. }) => "a raw JSON body",
        Some(Body::Raw { .. }) => "a raw text body",
        Some(Body::UrlEncoded { .. }) => "urlencoded",
        Some(Body::FormData { .. }) => "formdata",
        Some(Body::File { .. }) => "a file body",
        Some(Body::GraphQl { .. }) => "a GraphQL body",
    }
}

/// A setter's type: `Option` is the IR's `required` flag, not the type; no
/// type is text.
fn setter_type(ty: Option<&TypeRef>) -> TypeRef {
    match ty {
        Some(TypeRef::Option(inner)) => setter_type(Some(inner)),
        Some(ty) => ty.clone(),
        None => TypeRef::Primitive(Primitive::String),
    }
}

/// A path parameter's type: a scalar, an enum or text (emit sends anything
/// else as text).
fn path_param_type(ty: Option<&TypeRef>) -> TypeRef {
    match setter_type(ty) {
        ty @ (TypeRef::Primitive(_) | TypeRef::Named(_)) => ty,
        _ => TypeRef::Primitive(Primitive::String),
    }
}

/// Pairs setters by name (`key` normalizes names; repeated names pair up in
/// order) and reports what a caller of each would notice.
fn compare_setters(
    what: &str,
    old: &[Setter],
    new: &[Setter],
    key: fn(&str) -> String,
    comparer: &mut Comparer<'_>,
    out: &mut Findings,
) {
    let mut unpaired = by_key(new.iter().map(|s| s.name.as_str()), key);
    let mut paired = vec![false; new.len()];
    for setter in old {
        let found = unpaired
            .get_mut(&key(&setter.name))
            .and_then(VecDeque::pop_front);
        let Some(index) = found else {
            out.breaking(
                ChangeKind::Removed,
                format!("{what} `{}` removed", setter.name),
            );
            continue;
        };
        paired[index] = true;
        let other = &new[index];
        match (setter.required, other.required) {
            (false, true) => out.breaking(
                ChangeKind::Changed,
                format!("{what} `{}` became required", other.name),
            ),
            (true, false) => out.compatible(
                ChangeKind::Changed,
                format!("{what} `{}` became optional", other.name),
            ),
            _ => {}
        }
        let place = Place::named(what, &other.name);
        match (&setter.ty, &other.ty) {
            (Some(a), Some(b)) => comparer.compare(&place, a, b, out),
            (None, None) => {}
            (None, Some(_)) => out.breaking(
                ChangeKind::Changed,
                format!("{} changed from a file to a value", place.describe()),
            ),
            (Some(_), None) => out.breaking(
                ChangeKind::Changed,
                format!("{} changed from a value to a file", place.describe()),
            ),
        }
    }
    for (setter, _) in new.iter().zip(&paired).filter(|(_, paired)| !**paired) {
        if setter.required {
            out.breaking(
                ChangeKind::Added,
                format!("new required {what} `{}`", setter.name),
            );
        } else {
            out.compatible(
                ChangeKind::Added,
                format!("new optional {what} `{}`", setter.name),
            );
        }
    }
}

/// Fixed entries (name, rendered value) the client always sends, paired like
/// setters: changes are compatible (the wire changes, not the API).
fn compare_fixed(
    what: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    key: fn(&str) -> String,
    out: &mut Findings,
) {
    let mut unpaired = by_key(new.iter().map(|(name, _)| name.as_str()), key);
    let mut paired = vec![false; new.len()];
    for (name, value) in old {
        match unpaired.get_mut(&key(name)).and_then(VecDeque::pop_front) {
            Some(index) => {
                paired[index] = true;
                let (new_name, new_value) = &new[index];
                if value != new_value {
                    out.compatible(
                        ChangeKind::Changed,
                        format!(
                            "now sends {what} `{new_name}{new_value}` instead of `{name}{value}`"
                        ),
                    );
                }
            }
            None => out.compatible(
                ChangeKind::Changed,
                format!("no longer sends {what} `{name}{value}`"),
            ),
        }
    }
    for ((name, value), _) in new.iter().zip(&paired).filter(|(_, paired)| !**paired) {
        out.compatible(
            ChangeKind::Changed,
            format!("now sends {what} `{name}{value}`"),
        );
    }
}

/// Indices of names by normalized name, in order.
fn by_key<'a>(
    names: impl Iterator<Item = &'a str>,
    key: fn(&str) -> String,
) -> HashMap<String, VecDeque<usize>> {
    let mut map: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (index, name) in names.enumerate() {
        map.entry(key(name)).or_default().push_back(index);
    }
    map
}

/// Names compared as written (query keys, form fields).
fn exact(name: &str) -> String {
    name.to_string()
}

/// Header names, which are case-insensitive.
fn header_key(name: &str) -> String {
    name.to_ascii_lowercase()
}
