//! One test per rule, on hand-built APIs and type tables (so the rules are
//! tested independently of lowering and inference).

use serde_json::json;

use super::*;
use crate::ir::{
    AuthScheme, AuthSchemeId, Body, Credential, EnumVariant, Field, FormField, FormFieldKind,
    FormatVersion, Group, GroupId, HeaderParam, HeaderValue, HttpMethod, OperationId,
    OperationTypes, Param, PathSegment, Primitive, QueryParam, QueryValue, ResponseExample, Server,
    ServerId, Template, TypeDef, TypeKind, TypeRef, Variable, VariableUse,
};

// ---------------------------------------------------------------------------
// Building blocks.

/// An operation in the root group; `{name}` path segments are parameters.
pub(super) fn op(method_name: &str, id: Option<&str>, method: &str, path: &str) -> Operation {
    let mut path_params = Vec::new();
    let segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    path_params.push(param(name, true));
                    PathSegment::Param {
                        param: path_params.len() - 1,
                        suffix: String::new(),
                    }
                }
                None => PathSegment::Literal {
                    value: Template::literal(segment),
                },
            },
        )
        .collect();
    Operation {
        name: method_name.to_string(),
        method_name: method_name.to_string(),
        postman_name: method_name.to_string(),
        postman_id: id.map(str::to_string),
        folder_path: Vec::new(),
        group: GroupId::new(0),
        method: HttpMethod::parse(method),
        server: ServerId::new(0),
        path: segments,
        path_params,
        query: Vec::new(),
        headers: Vec::new(),
        body: None,
        auth: None,
        responses: Vec::new(),
        docs: None,
        events: Vec::new(),
        scripts: Vec::new(),
        redirects: None,
        profile: None,
    }
}

/// The operation, placed in nested folders (named like their idents).
fn in_folders(mut op: Operation, folders: &[&str]) -> Operation {
    op.folder_path = folders.iter().map(|f| f.to_string()).collect();
    op
}

/// An API of `ops`, with groups made from their folder paths and one server.
pub(super) fn api(mut ops: Vec<Operation>) -> Api {
    let mut groups = vec![group("api", None)];
    for (index, op) in ops.iter_mut().enumerate() {
        let mut current = GroupId::new(0);
        for folder in &op.folder_path {
            let existing = groups[current.index()]
                .children
                .iter()
                .copied()
                .find(|&child| groups[child.index()].ident == *folder);
            current = existing.unwrap_or_else(|| {
                groups.push(group(folder, Some(current)));
                let child = GroupId::new(groups.len() - 1);
                groups[current.index()].children.push(child);
                child
            });
        }
        op.group = current;
        groups[current.index()]
            .operations
            .push(OperationId::new(index));
    }
    Api {
        name: "api".to_string(),
        docs: None,
        postman_id: None,
        format: FormatVersion::V2_1,
        servers: vec![Server {
            url: Template::parse("{{baseUrl}}"),
            default_url: Some("https://api.example.com".to_string()),
            ident: "base_url".to_string(),
        }],
        variables: Vec::new(),
        auth_schemes: Vec::new(),
        groups,
        operations: ops,
        diagnostics: Vec::new(),
    }
}

fn group(name: &str, parent: Option<GroupId>) -> Group {
    Group {
        name: name.to_string(),
        ident: name.to_string(),
        postman_id: None,
        docs: None,
        parent,
        children: Vec::new(),
        operations: Vec::new(),
    }
}

fn param(name: &str, required: bool) -> Param {
    Param {
        name: name.to_string(),
        ident: name.to_string(),
        docs: None,
        example: None,
        required,
    }
}

fn query(key: &str, required: bool) -> QueryParam {
    QueryParam {
        key: Some(key.to_string()),
        value: QueryValue::Param {
            param: param(key, required),
        },
        docs: None,
        required,
        disabled: false,
    }
}

fn fixed_query(key: &str, value: &str) -> QueryParam {
    QueryParam {
        key: Some(key.to_string()),
        value: QueryValue::Fixed {
            value: Template::literal(value),
        },
        docs: None,
        required: false,
        disabled: false,
    }
}

fn header(name: &str, required: bool) -> HeaderParam {
    HeaderParam {
        name: name.to_string(),
        value: HeaderValue::Param {
            param: param(name, required),
        },
        docs: None,
    }
}

fn form_field(key: &str, required: bool) -> FormField {
    FormField {
        key: Template::literal(key),
        ident: key.to_string(),
        kind: FormFieldKind::Text { value: None },
        content_type: None,
        docs: None,
        required,
        disabled: false,
        samples: Vec::new(),
    }
}

fn file_field(key: &str) -> FormField {
    FormField {
        kind: FormFieldKind::File { src: Vec::new() },
        ..form_field(key, false)
    }
}

fn formdata(fields: Vec<FormField>) -> Body {
    Body::FormData {
        fields,
        boundary: None,
        declared_content_type: None,
    }
}

fn json_body() -> Body {
    Body::Raw {
        text: Template::literal("{}"),
        language: Some("json".to_string()),
        content_type: "application/json".to_string(),
        is_json: true,
        samples: Vec::new(),
    }
}

/// A saved response; with a JSON body when `json` is given.
fn response(code: u16, json: Option<serde_json::Value>) -> ResponseExample {
    ResponseExample {
        code: Some(code),
        name: code.to_string(),
        status_text: None,
        headers: Vec::new(),
        body: json.as_ref().map(|j| j.to_string()),
        content_type: json.as_ref().map(|_| "application/json".to_string()),
        preview_language: None,
        json,
    }
}

fn string() -> TypeRef {
    TypeRef::Primitive(Primitive::String)
}

fn int() -> TypeRef {
    TypeRef::Primitive(Primitive::I64)
}

fn opt(ty: TypeRef) -> TypeRef {
    TypeRef::Option(Box::new(ty))
}

fn list(ty: TypeRef) -> TypeRef {
    TypeRef::Vec(Box::new(ty))
}

fn named(index: usize) -> TypeRef {
    TypeRef::Named(TypeId(index))
}

fn strukt(name: &str, fields: Vec<(&str, TypeRef)>) -> TypeDef {
    TypeDef {
        name: name.to_string(),
        docs: None,
        within: None,
        kind: TypeKind::Struct {
            fields: fields
                .into_iter()
                .map(|(name, ty)| Field {
                    name: name.to_string(),
                    ident: name.to_string(),
                    required: !matches!(ty, TypeRef::Option(_)),
                    ty,
                    docs: None,
                })
                .collect(),
        },
        key: String::new(),
        wanted: String::new(),
    }
}

fn enumeration(name: &str, values: &[&str]) -> TypeDef {
    TypeDef {
        name: name.to_string(),
        docs: None,
        within: None,
        kind: TypeKind::Enum {
            variants: values
                .iter()
                .map(|value| EnumVariant {
                    value: value.to_string(),
                    ident: crate::names::pascal_ident(value, "Value"),
                })
                .collect(),
        },
        key: String::new(),
        wanted: String::new(),
    }
}

/// The types `infer` gives an API without examples: text everywhere.
fn plain_types(api: &Api) -> TypeTable {
    let operations = api
        .operations
        .iter()
        .map(|op| OperationTypes {
            path_params: vec![string(); op.path_params.len()],
            query: vec![string(); op.query.len()],
            form_fields: match &op.body {
                Some(Body::FormData { fields, .. } | Body::UrlEncoded { fields, .. }) => {
                    vec![string(); fields.len()]
                }
                _ => Vec::new(),
            },
            ..OperationTypes::default()
        })
        .collect();
    TypeTable {
        defs: Vec::new(),
        operations,
    }
}

/// The report lines of two APIs with plain types.
fn lines(old: &Api, new: &Api) -> Vec<String> {
    typed_lines(old, &plain_types(old), new, &plain_types(new))
}

fn typed_lines(old: &Api, old_types: &TypeTable, new: &Api, new_types: &TypeTable) -> Vec<String> {
    diff(old, old_types, new, new_types)
        .changes
        .iter()
        .map(Change::to_string)
        .collect()
}

/// One operation `get` with id `1` at `GET /things/{id}`, changed by `edit`.
fn one_op(edit: impl FnOnce(&mut Operation)) -> Api {
    let mut op = op("get", Some("1"), "GET", "/things/{id}");
    edit(&mut op);
    api(vec![op])
}

// ---------------------------------------------------------------------------
// Operations.

#[test]
fn identical_apis_have_no_changes_and_no_bump() {
    let a = one_op(|op| op.query.push(query("page", false)));
    let d = diff(&a, &plain_types(&a), &a, &plain_types(&a));
    assert!(d.is_empty());
    assert_eq!(d.bump(&Version::new(0, 3, 0)), Bump::None);
    assert_eq!(
        d.suggested_bump(&Version::new(0, 3, 0)).to_string(),
        "none (0.3.0)"
    );
}

#[test]
fn removed_operations_break_and_added_ones_do_not() {
    let old = api(vec![
        op("get", Some("1"), "GET", "/a"),
        op("delete", Some("2"), "DELETE", "/a"),
    ]);
    let new = api(vec![
        op("get", Some("1"), "GET", "/a"),
        op("create", Some("3"), "POST", "/a"),
    ]);
    assert_eq!(
        lines(&old, &new),
        [
            "added     create: new operation (POST /a)",
            "breaking  delete: operation removed (was DELETE /a)",
        ]
    );
}

#[test]
fn a_renamed_or_moved_method_breaks() {
    let old = api(vec![in_folders(
        op("update_status", Some("1"), "PUT", "/s"),
        &["meetings"],
    )]);
    let renamed = api(vec![in_folders(
        op("set_status", Some("1"), "PUT", "/s"),
        &["meetings"],
    )]);
    assert_eq!(
        lines(&old, &renamed),
        ["breaking  meetings::set_status: renamed from `meetings::update_status`"]
    );
    let moved = api(vec![in_folders(
        op("update_status", Some("1"), "PUT", "/s"),
        &["webinars"],
    )]);
    assert_eq!(
        lines(&old, &moved),
        ["breaking  webinars::update_status: renamed from `meetings::update_status`"]
    );
}

#[test]
fn http_method_and_path_changes_are_compatible() {
    let old = one_op(|_| {});
    let new = one_op(|op| {
        op.method = HttpMethod::Patch;
        op.path.insert(
            0,
            PathSegment::Literal {
                value: Template::literal("v2"),
            },
        );
    });
    assert_eq!(
        lines(&old, &new),
        [
            "changed   get: HTTP method changed from GET to PATCH",
            "changed   get: path changed from `/things/{id}` to `/v2/things/{id}`",
        ]
    );
}

#[test]
fn without_ids_operations_pair_by_method_and_path() {
    let old = api(vec![op("get", None, "GET", "/a/{id}")]);
    let new = api(vec![op("fetch", None, "GET", "/a/{id}")]);
    assert_eq!(lines(&old, &new), ["breaking  fetch: renamed from `get`"]);
}

// ---------------------------------------------------------------------------
// Parameters.

#[test]
fn path_parameters_are_positional_arguments() {
    let old = one_op(|_| {});
    let renamed = one_op(|op| op.path_params[0].name = "thingId".to_string());
    assert_eq!(
        lines(&old, &renamed),
        [
            "changed   get: path changed from `/things/{id}` to `/things/{thingId}`",
            "changed   get: path parameter `id` renamed to `thingId`",
        ]
    );

    let added = api(vec![op("get", Some("1"), "GET", "/things/{id}/{part}")]);
    assert_eq!(
        lines(&old, &added)[1],
        "breaking  get: path parameters changed from (id) to (id, part)"
    );

    let mut types = plain_types(&old);
    types.operations[0].path_params[0] = int();
    assert_eq!(
        typed_lines(&old, &plain_types(&old), &old, &types),
        ["breaking  get: path parameter `id` changed type from `String` to `i64`"]
    );
}

#[test]
fn a_new_optional_query_parameter_is_compatible_and_a_required_one_breaks() {
    let old = one_op(|_| {});
    let new = one_op(|op| {
        op.query.push(query("page", false));
        op.query.push(query("tenant", true));
    });
    assert_eq!(
        lines(&old, &new),
        [
            "added     get: new optional query parameter `page`",
            "breaking  get: new required query parameter `tenant`",
        ]
    );
    let d = diff(&old, &plain_types(&old), &new, &plain_types(&new));
    assert_eq!(d.changes[0].kind, ChangeKind::Added);
    assert_eq!(d.changes[0].severity, Severity::Compatible);
}

#[test]
fn query_parameters_removed_or_made_required_break_and_made_optional_do_not() {
    let old = one_op(|op| {
        op.query.push(query("a", false));
        op.query.push(query("b", true));
        op.query.push(query("c", false));
    });
    let new = one_op(|op| {
        op.query.push(query("a", true));
        op.query.push(query("b", false));
    });
    assert_eq!(
        lines(&old, &new),
        [
            "breaking  get: query parameter `a` became required",
            "changed   get: query parameter `b` became optional",
            "breaking  get: query parameter `c` removed",
        ]
    );
}

#[test]
fn query_parameter_types_must_stay() {
    let old = one_op(|op| op.query.push(query("page", false)));
    let mut types = plain_types(&old);
    types.operations[0].query[0] = int();
    assert_eq!(
        typed_lines(&old, &plain_types(&old), &old, &types),
        ["breaking  get: query parameter `page` changed type from `String` to `i64`"]
    );
}

#[test]
fn fixed_query_values_are_wire_details() {
    let old = one_op(|op| op.query.push(fixed_query("format", "json")));
    let new = one_op(|op| op.query.push(fixed_query("format", "xml")));
    assert_eq!(
        lines(&old, &new),
        ["changed   get: now sends query `format=xml` instead of `format=json`"]
    );
    let d = diff(&old, &plain_types(&old), &new, &plain_types(&new));
    assert_eq!(d.bump(&Version::new(1, 0, 0)), Bump::Patch);
}

#[test]
fn headers_pair_case_insensitively() {
    let old = one_op(|op| op.headers.push(header("X-Request-Id", false)));
    let new = one_op(|op| {
        op.headers.push(header("x-request-id", true));
        op.headers.push(header("X-Trace", false));
    });
    assert_eq!(
        lines(&old, &new),
        [
            "breaking  get: header `x-request-id` became required",
            "added     get: new optional header `X-Trace`",
        ]
    );
}

// ---------------------------------------------------------------------------
// Bodies.

#[test]
fn form_fields_follow_the_setter_rules() {
    let old = one_op(|op| {
        op.body = Some(formdata(vec![
            form_field("action", false),
            form_field("note", false),
            form_field("photo", false),
        ]))
    });
    let new = one_op(|op| {
        op.body = Some(formdata(vec![
            form_field("action", true),
            file_field("photo"),
            form_field("tag", false),
            form_field("owner", true),
        ]))
    });
    assert_eq!(
        lines(&old, &new),
        [
            "breaking  get: body field `action` became required",
            "breaking  get: body field `note` removed",
            "breaking  get: body field `photo` changed from a value to a file",
            "added     get: new optional body field `tag`",
            "breaking  get: new required body field `owner`",
        ]
    );
}

#[test]
fn urlencoded_and_formdata_share_setters_and_other_mode_changes_break() {
    let fields = || vec![form_field("name", false)];
    let form = one_op(|op| op.body = Some(formdata(fields())));
    let urlencoded = one_op(|op| {
        op.body = Some(Body::UrlEncoded {
            fields: fields(),
            content_type: "application/x-www-form-urlencoded".to_string(),
            declared_content_type: None,
        })
    });
    assert_eq!(
        lines(&urlencoded, &form),
        ["changed   get: body encoding changed from urlencoded to formdata"]
    );
    let json = one_op(|op| op.body = Some(json_body()));
    assert_eq!(
        lines(&form, &json),
        ["breaking  get: body changed from formdata to a raw JSON body"]
    );
    let none = one_op(|_| {});
    assert_eq!(
        lines(&none, &json),
        ["breaking  get: new required request body (a raw JSON body)"]
    );
    // A form body that appears with optional fields only adds setters.
    assert_eq!(
        lines(&none, &form),
        ["added     get: new optional body field `name`"]
    );
}

/// An API whose operation has a JSON body of type `defs[0]`, and 200 and 404
/// responses, the 200 one of type `defs[response]` when given.
fn json_api(defs: Vec<TypeDef>, response_type: Option<usize>) -> (Api, TypeTable) {
    let a = one_op(|op| {
        op.body = Some(json_body());
        op.responses = vec![response(200, Some(json!({}))), response(404, None)];
    });
    let mut types = plain_types(&a);
    types.defs = defs;
    types.operations[0].body = Some(named(0));
    types.operations[0]
        .responses
        .insert(200, response_type.map(named));
    types.operations[0].responses.insert(404, None);
    (a, types)
}

#[test]
fn any_field_change_in_a_request_struct_breaks_with_its_path() {
    let registrant = |fields| strukt("Registrant", fields);
    let (old, old_types) = json_api(
        vec![
            strukt(
                "Body",
                vec![("registrants", list(named(1))), ("note", opt(string()))],
            ),
            registrant(vec![
                ("id", string()),
                ("email", opt(string())),
                ("name", string()),
            ]),
        ],
        None,
    );
    let (new, new_types) = json_api(
        vec![
            strukt(
                "Body",
                vec![("registrants", list(named(1))), ("note", string())],
            ),
            registrant(vec![
                ("id", opt(string())),
                ("email", string()),
                ("phone", opt(string())),
            ]),
        ],
        None,
    );
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        [
            "breaking  get: body field `registrants[].id` became optional",
            "breaking  get: body field `registrants[].email` became required",
            "breaking  get: body field `registrants[].name` removed",
            "breaking  get: new optional body field `registrants[].phone`",
            "breaking  get: body field `note` became required",
        ]
    );
}

#[test]
fn a_list_that_becomes_optional_keeps_its_type() {
    let tags = |required| {
        let mut def = strukt("Body", vec![("tags", list(string()))]);
        if let TypeKind::Struct { fields } = &mut def.kind {
            fields[0].required = required;
        }
        def
    };
    let (old, old_types) = json_api(vec![tags(true)], None);
    let (new, new_types) = json_api(vec![tags(false)], None);
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        ["changed   get: body field `tags` became optional (still a `Vec`)"]
    );
}

// ---------------------------------------------------------------------------
// Responses.

#[test]
fn response_fields_that_become_optional_break_readers() {
    let body = strukt("Body", vec![]);
    let (old, old_types) = json_api(
        vec![
            body.clone(),
            strukt("Meeting", vec![("id", int()), ("topic", string())]),
        ],
        Some(1),
    );
    let (new, new_types) = json_api(
        vec![
            body,
            strukt("Meeting", vec![("id", int()), ("topic", opt(string()))]),
        ],
        Some(1),
    );
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        ["breaking  get: response field `topic` became optional"]
    );
}

#[test]
fn success_types_and_statuses() {
    let (old, old_types) = json_api(
        vec![
            strukt("Body", vec![]),
            strukt("Meeting", vec![("id", int())]),
        ],
        Some(1),
    );

    // A new success status with the same type: documentation only.
    let mut same = old.clone();
    same.operations[0]
        .responses
        .push(response(201, Some(json!({"id": 1}))));
    let mut same_types = old_types.clone();
    same_types.operations[0]
        .responses
        .insert(201, Some(named(1)));
    assert_eq!(
        typed_lines(&old, &old_types, &same, &same_types),
        ["changed   get: now documents success status 201"]
    );

    // A new success status without a body: `send` returns an enum now.
    let mut split = old.clone();
    split.operations[0].responses.push(response(204, None));
    assert_eq!(
        typed_lines(&old, &old_types, &split, &old_types),
        ["breaking  get: success response changed from one type to an enum with a variant per status (200, 204)"]
    );

    // The 200 body loses its type.
    let mut untyped = old_types.clone();
    untyped.operations[0].responses.insert(200, None);
    assert_eq!(
        typed_lines(&old, &old_types, &old, &untyped),
        ["breaking  get: response body changed from `Meeting` to untyped JSON"]
    );

    // Error statuses are documentation.
    let mut errors = old.clone();
    errors.operations[0]
        .responses
        .retain(|r| r.code != Some(404));
    errors.operations[0].responses.push(response(429, None));
    assert_eq!(
        typed_lines(&old, &old_types, &errors, &old_types),
        [
            "changed   get: now documents status 429",
            "changed   get: no longer documents status 404",
        ]
    );
}

#[test]
fn statuses_of_a_response_enum_are_variants() {
    let a = one_op(|op| op.responses = vec![response(200, Some(json!({}))), response(204, None)]);
    let b = one_op(|op| {
        let accepted = ResponseExample {
            body: Some("accepted".to_string()),
            content_type: Some("text/plain".to_string()),
            ..response(202, None)
        };
        op.responses = vec![response(200, Some(json!({}))), accepted];
    });
    assert_eq!(
        lines(&a, &b),
        [
            "breaking  get: success status 204 removed (its response variant goes)",
            "breaking  get: new success status 202 (a new response variant)",
        ]
    );
}

// ---------------------------------------------------------------------------
// Named types.

#[test]
fn enum_variants_added_or_removed_break_exhaustive_matches() {
    let body = |action| strukt("Body", vec![("action", named(action))]);
    let (old, old_types) = json_api(
        vec![body(1), enumeration("Action", &["approve", "deny"])],
        None,
    );
    let (new, new_types) = json_api(
        vec![body(1), enumeration("Action", &["approve", "cancel"])],
        None,
    );
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        [
            "breaking  get: body field `action`: enum variant `Deny` removed (value `deny`)",
            "breaking  get: body field `action`: new enum variant `Cancel` (value `cancel`)",
        ]
    );
}

#[test]
fn a_type_in_the_same_place_under_another_name_breaks() {
    let (old, old_types) = json_api(
        vec![
            strukt("Body", vec![("who", named(1))]),
            strukt("Person", vec![("id", int())]),
        ],
        None,
    );
    let (new, new_types) = json_api(
        vec![
            strukt("Body", vec![("who", named(1))]),
            strukt("Registrant", vec![("id", int())]),
        ],
        None,
    );
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        [
            "breaking  get: body field `who` changed type from `Person` to `Registrant`",
            "breaking  types::Person: type removed",
            "added     types::Registrant: new struct",
        ]
    );
}

#[test]
fn recursive_types_are_compared_once() {
    // `Node { children: Vec<Node>, label }`: the label becomes optional.
    let node = |label| strukt("Node", vec![("children", list(named(1))), ("label", label)]);
    let (old, old_types) = json_api(
        vec![strukt("Body", vec![("root", named(1))]), node(string())],
        None,
    );
    let (new, new_types) = json_api(
        vec![
            strukt("Body", vec![("root", named(1))]),
            node(opt(string())),
        ],
        None,
    );
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        ["breaking  get: body field `root.label` became optional"]
    );
}

#[test]
fn types_no_operation_reaches_are_compared_under_their_own_name() {
    let (old, mut old_types) = json_api(vec![strukt("Body", vec![])], None);
    let (new, mut new_types) = json_api(vec![strukt("Body", vec![])], None);
    old_types.defs.push(strukt(
        "Problem",
        vec![("code", int()), ("detail", string())],
    ));
    new_types
        .defs
        .push(strukt("Problem", vec![("code", string())]));
    assert_eq!(
        typed_lines(&old, &old_types, &new, &new_types),
        [
            "breaking  types::Problem: field `code` changed type from `i64` to `String`",
            "breaking  types::Problem: field `detail` removed",
        ]
    );
}

// ---------------------------------------------------------------------------
// Client.

fn bearer(variable: &str) -> AuthScheme {
    AuthScheme::Bearer {
        token: Credential::Variable(variable.to_string()),
    }
}

fn with_auth(mut a: Api, schemes: Vec<AuthScheme>, per_op: &[Option<usize>]) -> Api {
    a.auth_schemes = schemes;
    for (op, auth) in a.operations.iter_mut().zip(per_op) {
        op.auth = auth.map(AuthSchemeId::new);
    }
    a
}

#[test]
fn auth_changes_break_once_for_all_operations_or_per_operation() {
    let ops = || {
        api(vec![
            op("a", Some("1"), "GET", "/a"),
            op("b", Some("2"), "GET", "/b"),
        ])
    };
    let key = AuthScheme::ApiKey {
        name: "X-Api-Key".to_string(),
        value: Credential::Variable("apiKey".to_string()),
        location: crate::ir::ApiKeyLocation::Header,
    };
    let old = with_auth(ops(), vec![bearer("token")], &[Some(0), Some(0)]);
    let everywhere = with_auth(ops(), vec![key.clone()], &[Some(0), Some(0)]);
    assert_eq!(
        lines(&old, &everywhere),
        [
            "breaking  Client: auth scheme no longer used: bearer token from `{{token}}`",
            "added     Client: new auth scheme: API key `X-Api-Key` in the header from `{{apiKey}}`",
            "breaking  Client: auth of every operation changed from bearer token from `{{token}}` to API key `X-Api-Key` in the header from `{{apiKey}}`",
        ]
    );
    let one = with_auth(ops(), vec![bearer("token")], &[Some(0), None]);
    assert_eq!(
        lines(&old, &one),
        ["breaking  b: auth changed from bearer token from `{{token}}` to no auth"]
    );
}

#[test]
fn a_new_default_base_url_is_a_compatible_change() {
    let old = one_op(|_| {});
    let mut new = old.clone();
    new.servers[0].default_url = Some("https://api2.example.com".to_string());
    assert_eq!(
        lines(&old, &new),
        ["changed   Client: default base URL changed from `https://api.example.com` to `https://api2.example.com`"]
    );
}

#[test]
fn servers_are_setters() {
    let old = one_op(|_| {});
    let mut new = old.clone();
    new.servers.push(Server {
        url: Template::parse("{{uploadUrl}}"),
        default_url: None,
        ident: "upload_url".to_string(),
    });
    assert_eq!(
        lines(&old, &new),
        ["added     Client: new server `upload_url` (`{{uploadUrl}}`)"]
    );
    assert_eq!(
        lines(&new, &old),
        ["breaking  Client: server `upload_url` (`{{uploadUrl}}`) removed"]
    );
    let mut moved = new.clone();
    moved.operations[0].server = ServerId::new(1);
    assert_eq!(
        lines(&new, &moved),
        ["changed   get: sent to server `upload_url` instead of `base_url`"]
    );
}

#[test]
fn a_new_variable_without_a_default_breaks_requests_that_use_it() {
    let variable = |default: Option<&str>| Variable {
        name: "tenant".to_string(),
        ident: "tenant".to_string(),
        default: default.map(str::to_string),
        secret: false,
        docs: None,
        used_in: vec![VariableUse::Path],
    };
    let old = one_op(|_| {});
    let mut without = old.clone();
    without.variables.push(variable(None));
    assert_eq!(
        lines(&old, &without),
        ["breaking  Client: new variable `tenant` without a default: requests that use it fail until it is set"]
    );
    let mut with = old.clone();
    with.variables.push(variable(Some("acme")));
    assert_eq!(
        lines(&old, &with),
        ["added     Client: new variable `tenant`"]
    );
    assert_eq!(
        lines(&with, &old),
        ["breaking  Client: variable `tenant` removed"]
    );
}

// ---------------------------------------------------------------------------
// Bumps and the report.

fn change(kind: ChangeKind, severity: Severity) -> Change {
    Change {
        kind,
        severity,
        subject: "x".to_string(),
        detail: String::new(),
    }
}

#[test]
fn bumps_follow_semver_before_and_after_one_point_oh() {
    let of = |changes: Vec<Change>| ApiDiff { changes };
    let breaking = of(vec![
        change(ChangeKind::Added, Severity::Compatible),
        change(ChangeKind::Removed, Severity::Breaking),
    ]);
    let addition = of(vec![change(ChangeKind::Added, Severity::Compatible)]);
    let fix = of(vec![change(ChangeKind::Changed, Severity::Compatible)]);
    let early = Version::new(0, 3, 1);
    let stable = Version::new(2, 1, 4);
    assert_eq!(
        breaking.suggested_bump(&early).to_string(),
        "0.3.1 -> 0.4.0"
    );
    assert_eq!(
        addition.suggested_bump(&early).to_string(),
        "0.3.1 -> 0.3.2"
    );
    assert_eq!(fix.suggested_bump(&early).to_string(), "0.3.1 -> 0.3.2");
    assert_eq!(
        breaking.suggested_bump(&stable).to_string(),
        "2.1.4 -> 3.0.0"
    );
    assert_eq!(
        addition.suggested_bump(&stable).to_string(),
        "2.1.4 -> 2.2.0"
    );
    assert_eq!(fix.suggested_bump(&stable).to_string(), "2.1.4 -> 2.1.5");
}

#[test]
fn report_lines_align_labels_and_end_with_the_bump() {
    let d = ApiDiff {
        changes: vec![
            Change {
                detail: "body field `action` became required".to_string(),
                subject: "meetings::registrants::update_registrants_status".to_string(),
                ..change(ChangeKind::Changed, Severity::Breaking)
            },
            Change {
                subject: "webinars::perform_batch_registration".to_string(),
                ..change(ChangeKind::Added, Severity::Compatible)
            },
        ],
    };
    assert_eq!(
        d.report(&Version::new(0, 3, 0)).to_string(),
        "breaking  meetings::registrants::update_registrants_status: body field `action` became required\n\
         added     webinars::perform_batch_registration\n\
         suggested version bump: 0.3.0 -> 0.4.0\n"
    );
    let json = d.report(&Version::new(0, 3, 0)).to_json();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["bump"], "minor");
    assert_eq!(json["suggested_version"], "0.4.0");
    assert_eq!(json["changes"][1]["kind"], "added");
    assert_eq!(
        ApiDiff::default()
            .report(&Version::new(0, 3, 0))
            .to_string(),
        "no changes to the generated API\nsuggested version bump: none (0.3.0)\n"
    );
}
