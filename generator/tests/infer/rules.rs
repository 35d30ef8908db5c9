//! The rules of `docs/type-inference.md`, one test each, on IR values built by
//! hand (so each test shows exactly which evidence gives which type).

use postman_codegen::unstable::infer::{infer, infer_json_samples, rust_type};
use postman_codegen::unstable::ir::{
    Api, Body, FormField, FormFieldKind, GraphQlVariables, HttpMethod, Operation, Param, Primitive,
    QueryParam, QueryValue, ResponseExample, Template, TypeKind, TypeRef, TypeTable,
};
use serde_json::{json, Value};

// ---- builders -------------------------------------------------------------

fn api(operations: Vec<Operation>) -> Api {
    Api::from_operations("Test", operations)
}

fn op(name: &str) -> Operation {
    Operation::new(name, HttpMethod::Post)
}

fn with_responses(mut operation: Operation, responses: Vec<ResponseExample>) -> Operation {
    operation.responses = responses;
    operation
}

fn with_body(mut operation: Operation, body: Body) -> Operation {
    operation.body = Some(body);
    operation
}

fn response(code: Option<u16>, json: Option<Value>) -> ResponseExample {
    ResponseExample {
        code,
        name: "example".into(),
        status_text: None,
        headers: Vec::new(),
        body: json.as_ref().map(Value::to_string),
        content_type: json.as_ref().map(|_| "application/json".into()),
        preview_language: None,
        json,
    }
}

fn ok(json: Value) -> ResponseExample {
    response(Some(200), Some(json))
}

fn raw_json(text: &str, samples: &[&str]) -> Body {
    Body::Raw {
        text: Template::parse(text),
        language: Some("json".into()),
        content_type: "application/json".into(),
        is_json: true,
        samples: samples.iter().map(|s| s.to_string()).collect(),
    }
}

fn text_field(key: &str, value: &str, docs: Option<&str>, samples: &[&str]) -> FormField {
    FormField {
        key: Template::literal(key),
        ident: key.into(),
        kind: FormFieldKind::Text {
            value: Some(Template::parse(value)),
        },
        content_type: None,
        docs: docs.map(Into::into),
        required: false,
        disabled: false,
        samples: samples.iter().map(|s| s.to_string()).collect(),
    }
}

fn form(fields: Vec<FormField>) -> Body {
    Body::FormData {
        fields,
        boundary: None,
        declared_content_type: None,
    }
}

fn param(name: &str, example: Option<&str>, docs: Option<&str>) -> Param {
    Param {
        name: name.into(),
        ident: name.into(),
        docs: docs.map(Into::into),
        example: example.map(Into::into),
        required: true,
    }
}

fn query(param: Param) -> QueryParam {
    QueryParam {
        key: Some(param.name.clone()),
        docs: param.docs.clone(),
        required: param.required,
        disabled: false,
        value: QueryValue::Param { param },
    }
}

// ---- helpers over the result ---------------------------------------------

fn show(table: &TypeTable, ty: &TypeRef) -> String {
    rust_type(table, ty).to_string()
}

/// `(json key, ident, rendered type, docs)` of the struct behind `ty`
/// (looking through `Vec`/`Option`/map).
fn fields(table: &TypeTable, ty: &TypeRef) -> Vec<(String, String, String, String)> {
    let id = named(ty).unwrap_or_else(|| panic!("no named type in {ty:?}"));
    match &table.get(id).kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    f.ident.clone(),
                    show(table, &f.ty),
                    f.docs.clone().unwrap_or_default(),
                )
            })
            .collect(),
        TypeKind::Enum { .. } => panic!("not a struct"),
    }
}

fn field_type(table: &TypeTable, ty: &TypeRef, key: &str) -> String {
    fields(table, ty)
        .into_iter()
        .find(|f| f.0 == key)
        .map(|f| f.2)
        .unwrap_or_else(|| panic!("no field {key}"))
}

fn named(ty: &TypeRef) -> Option<postman_codegen::unstable::ir::TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Map(inner) => named(inner),
        TypeRef::Primitive(_) => None,
    }
}

fn response_type(table: &TypeTable, op: usize, code: u16) -> TypeRef {
    table.operations[op].responses[&code]
        .clone()
        .unwrap_or_else(|| panic!("no JSON type for {code}"))
}

/// Table invariants every result must satisfy.
fn assert_well_formed(table: &TypeTable) {
    let mut names = std::collections::HashSet::new();
    for def in &table.defs {
        assert!(
            names.insert(def.name.clone()),
            "duplicate type name {}",
            def.name
        );
        match &def.kind {
            TypeKind::Struct { fields } => {
                let mut idents = std::collections::HashSet::new();
                for f in fields {
                    assert!(
                        idents.insert(f.ident.clone()),
                        "duplicate field {} in {}",
                        f.ident,
                        def.name
                    );
                    if let Some(id) = named(&f.ty) {
                        assert!(id.0 < table.defs.len());
                    }
                }
            }
            TypeKind::Enum { variants } => {
                assert!(
                    variants.iter().all(|v| v.ident != "Other"),
                    "{} has a variant named Other",
                    def.name
                );
            }
        }
    }
}

// ---- what gets a type ------------------------------------------------------

#[test]
fn request_body_and_original_request_samples_are_one_type() {
    let body = raw_json(
        r#"{"a": 1, "b": "x"}"#,
        &[r#"{"a": 2}"#, r#"{"a": 3, "b": "y", "c": true}"#],
    );
    let t = infer(&api(vec![with_body(op("create_thing"), body)]));
    let body = t.operations[0].body.clone().unwrap();
    assert_eq!(show(&t, &body), "CreateThingRequest");
    assert_eq!(field_type(&t, &body, "a"), "i64");
    assert_eq!(field_type(&t, &body, "b"), "Option<String>");
    assert_eq!(field_type(&t, &body, "c"), "Option<bool>");
    assert_well_formed(&t);
}

#[test]
fn a_bare_variable_is_no_evidence_and_a_quoted_one_yields_to_other_samples() {
    let body = raw_json(
        r#"{"id": {{id}}, "name": "{{name}}", "n": "{{n}}"}"#,
        &[r#"{"id": 7, "name": "x", "n": 2}"#],
    );
    let t = infer(&api(vec![with_body(op("create"), body)]));
    let body = t.operations[0].body.clone().unwrap();
    assert_eq!(field_type(&t, &body, "id"), "i64");
    assert_eq!(field_type(&t, &body, "name"), "String");
    assert_eq!(field_type(&t, &body, "n"), "i64");
    // Alone, a quoted variable is a string and a bare one is unknown.
    let alone = infer(&api(vec![with_body(
        op("create"),
        raw_json(r#"{"id": {{id}}, "name": "{{name}}"}"#, &[]),
    )]));
    let body = alone.operations[0].body.clone().unwrap();
    assert_eq!(field_type(&alone, &body, "id"), "serde_json::Value");
    assert_eq!(field_type(&alone, &body, "name"), "String");
}

#[test]
fn non_json_and_unparseable_bodies_get_no_type() {
    let mut text = raw_json("hello", &[]);
    if let Body::Raw { is_json, .. } = &mut text {
        *is_json = false;
    }
    let broken = raw_json(r#"{"a": "#, &[]);
    let t = infer(&api(vec![
        with_body(op("a"), text),
        with_body(op("b"), broken),
    ]));
    assert_eq!(t.operations[0].body, None);
    assert_eq!(t.operations[1].body, None);
}

#[test]
fn form_fields_with_json_values_get_types_and_plain_text_stays_string() {
    let fields = vec![
        text_field(
            "registrants",
            r#"[{"id":"a","email":"b"},{"id":"c","email":"d"}]"#,
            Some("List."),
            &[],
        ),
        text_field("auto_approve", "true", None, &["false"]),
        text_field("maybe", "true", None, &["sometimes"]),
        text_field("page_size", "30", Some("The page size, an integer."), &[]),
        text_field("count", "30", None, &[]),
        text_field("ratio", "0.5", Some("A decimal number."), &[]),
        text_field("who", "{{user}}", None, &[]),
        FormField {
            kind: FormFieldKind::File {
                src: vec!["a.txt".into()],
            },
            ..text_field("file", "", None, &[])
        },
    ];
    let t = infer(&api(vec![with_body(op("batch"), form(fields))]));
    let types: Vec<String> = t.operations[0]
        .form_fields
        .iter()
        .map(|ty| show(&t, ty))
        .collect();
    assert_eq!(
        types,
        [
            "Vec<Registrant>",
            "bool",
            "String",
            "i64",
            "String",
            "f64",
            "String",
            "String"
        ]
    );
    let registrant = &t.operations[0].form_fields[0];
    assert_eq!(field_type(&t, registrant, "email"), "String");
    assert_well_formed(&t);
}

#[test]
fn responses_are_typed_per_status_and_merged_within_one() {
    let operation = with_responses(
        op("get_user"),
        vec![
            ok(json!({"id": 1, "name": "a"})),
            ok(json!({"id": 2})),
            response(Some(201), Some(json!({"created": true}))),
            response(Some(204), None),
            response(None, Some(json!({"ignored": 1}))),
        ],
    );
    let t = infer(&api(vec![operation]));
    let responses = &t.operations[0].responses;
    assert_eq!(
        responses.keys().copied().collect::<Vec<_>>(),
        [200, 201, 204]
    );
    assert_eq!(responses[&204], None);
    let ok_type = response_type(&t, 0, 200);
    assert_eq!(show(&t, &ok_type), "GetUserResponse");
    assert_eq!(field_type(&t, &ok_type, "name"), "Option<String>");
    assert_eq!(show(&t, &response_type(&t, 0, 201)), "GetUserResponse201");
}

#[test]
fn a_body_http_forbids_gets_no_type_whatever_its_example_holds() {
    // Saved examples do carry bodies where HTTP allows none (a 204 with the
    // JSON of the 200, a HEAD saved from its GET); the client never reads
    // one, so a type for it would be dead API.
    let body = || json!({"id": 1, "name": "a"});
    let post = with_responses(
        op("update_user"),
        vec![
            response(Some(101), Some(body())),
            response(Some(204), Some(body())),
            response(Some(205), Some(body())),
            response(Some(304), Some(body())),
            response(Some(202), Some(body())),
        ],
    );
    let mut head = with_responses(
        op("check_user"),
        vec![ok(body()), response(Some(404), Some(json!({"error": "x"})))],
    );
    head.method = HttpMethod::Head;
    let t = infer(&api(vec![post, head]));
    let post = &t.operations[0].responses;
    for code in [101, 204, 205, 304] {
        assert_eq!(post[&code], None, "{code} has no body in HTTP");
    }
    assert_eq!(show(&t, &response_type(&t, 0, 202)), "UpdateUserResponse");
    assert_eq!(t.operations[1].responses[&200], None);
    assert_eq!(t.operations[1].responses[&404], None);
    assert_eq!(t.defs.len(), 1, "only the 202 body is a type");
    assert_well_formed(&t);
}

#[test]
fn error_statuses_sharing_one_shape_share_one_name() {
    let error = |m: &str| json!({"message": m, "trackingId": "x"});
    let shared = with_responses(
        op("update"),
        vec![
            response(Some(400), Some(error("a"))),
            response(Some(404), Some(error("b"))),
        ],
    );
    let distinct = with_responses(
        op("delete"),
        vec![
            response(Some(400), Some(error("a"))),
            response(Some(500), Some(json!({"code": 1}))),
        ],
    );
    let t = infer(&api(vec![shared, distinct]));
    assert_eq!(show(&t, &response_type(&t, 0, 400)), "UpdateErrorBody");
    assert_eq!(response_type(&t, 0, 400), response_type(&t, 0, 404));
    // Same shape as `update`'s errors: the same type, named by its first use.
    assert_eq!(show(&t, &response_type(&t, 1, 400)), "UpdateErrorBody");
    assert_eq!(show(&t, &response_type(&t, 1, 500)), "DeleteErrorBody500");
}

#[test]
fn graphql_object_variables_are_the_body_type() {
    let body = Body::GraphQl {
        query: Template::literal("query($id: ID!) { user(id: $id) { name } }"),
        variables: Some(GraphQlVariables::Json(json!({"id": "1", "first": 10}))),
        operation_name: None,
    };
    let t = infer(&api(vec![with_body(op("get_user"), body)]));
    let body = t.operations[0].body.clone().unwrap();
    assert_eq!(show(&t, &body), "GetUserVariables");
    assert_eq!(field_type(&t, &body, "first"), "i64");
}

#[test]
fn parameters_are_typed_from_examples_descriptions_and_placeholders() {
    let mut operation = op("get_meeting");
    operation.path_params = vec![
        param(
            "meetingId",
            Some("85746065432"),
            Some("The meeting's ID, a **long** integer."),
        ),
        param("userId", Some("85746065432"), Some("The user's ID.")),
        param("seq", Some("<long>"), None),
        param("name", Some("<string>"), Some("An integer name, oddly.")),
        param(
            "lorem",
            Some("quis officia in reprehenderit"),
            Some("An integer."),
        ),
        param("var", Some("{{id}}"), Some("An integer.")),
        param("none", None, None),
    ];
    operation.query = vec![
        query(param("current", Some("false"), None)),
        query(param("limit", Some("<integer>"), None)),
        query(param("ratio", Some("<number>"), None)),
        QueryParam {
            key: Some("fixed".into()),
            value: QueryValue::Fixed {
                value: Template::literal("1"),
            },
            docs: None,
            required: true,
            disabled: false,
        },
    ];
    let t = infer(&api(vec![operation]));
    let path: Vec<String> = t.operations[0]
        .path_params
        .iter()
        .map(|ty| show(&t, ty))
        .collect();
    assert_eq!(
        path,
        ["i64", "String", "i64", "String", "String", "String", "String"]
    );
    let query: Vec<String> = t.operations[0]
        .query
        .iter()
        .map(|ty| show(&t, ty))
        .collect();
    assert_eq!(query, ["bool", "i64", "f64", "String"]);
}

// ---- rules ----------------------------------------------------------------

#[test]
fn optional_by_absence_and_by_null_but_lists_stay_lists() {
    let (t, ty) = infer_json_samples(
        "thing",
        &[
            json!({"a": 1, "b": 2, "c": [1], "d": null, "e": null}),
            json!({"a": 1, "c": null, "d": 3, "e": null}),
        ],
    );
    assert_eq!(field_type(&t, &ty, "a"), "i64");
    assert_eq!(field_type(&t, &ty, "b"), "Option<i64>");
    assert_eq!(field_type(&t, &ty, "c"), "Vec<i64>");
    assert_eq!(field_type(&t, &ty, "d"), "Option<i64>");
    assert_eq!(field_type(&t, &ty, "e"), "Option<serde_json::Value>");
    let docs: Vec<String> = fields(&t, &ty).into_iter().map(|f| f.3).collect();
    assert_eq!(
        docs[0], "The `a` field.",
        "no provenance where it explains nothing"
    );
    assert_eq!(docs[1], "Seen in 1 of 2 samples.");
    assert!(
        docs[2].contains("Null in 1 sample.")
            && docs[2].contains("an empty list stands for absent or null")
    );
    assert!(docs[4].contains("Only null was seen"));
}

#[test]
fn integers_floats_and_mixed_kinds() {
    let (t, ty) = infer_json_samples(
        "n",
        &[
            json!({"i": 1, "f": 1, "big": u64::MAX, "m": 1, "s": "a"}),
            json!({"i": -5, "f": 2.5, "big": 1, "m": "one", "s": "b"}),
        ],
    );
    assert_eq!(field_type(&t, &ty, "i"), "i64");
    assert_eq!(field_type(&t, &ty, "f"), "f64");
    assert_eq!(field_type(&t, &ty, "big"), "serde_json::Value");
    assert_eq!(field_type(&t, &ty, "m"), "serde_json::Value");
    let m = fields(&t, &ty).into_iter().find(|f| f.0 == "m").unwrap();
    assert!(m.3.contains("Mixed kinds (integer, string)"), "{}", m.3);
}

#[test]
fn arrays_merge_their_elements_and_empty_arrays_are_vec_of_value() {
    let (t, ty) = infer_json_samples(
        "list",
        &[json!([{"id": 1}, {"id": 2, "tag": "x"}]), json!([])],
    );
    assert_eq!(show(&t, &ty), "Vec<ListItem>");
    assert_eq!(field_type(&t, &ty, "tag"), "Option<String>");
    let (t, ty) = infer_json_samples("empty", &[json!([]), json!([])]);
    assert_eq!(show(&t, &ty), "Vec<serde_json::Value>");
    let (t, ty) = infer_json_samples("nested", &[json!([[1, 2], [], [3.5]])]);
    assert_eq!(show(&t, &ty), "Vec<Vec<f64>>");
}

#[test]
fn id_keyed_objects_are_maps() {
    let (t, ty) = infer_json_samples(
        "index",
        &[json!({
            "by_number": {"1": {"n": 1}, "2": {"n": 2, "x": true}},
            "by_uuid": {"521b0486-ab91-4d3a-9189-43c9380a0533": 1},
            "by_text": {"Status code is 200": true},
            "regular": {"id": 1, "name": "x"}
        })],
    );
    assert_eq!(
        field_type(&t, &ty, "by_number"),
        "BTreeMap<String, ByNumberItem>"
    );
    assert_eq!(field_type(&t, &ty, "by_uuid"), "BTreeMap<String, i64>");
    assert_eq!(field_type(&t, &ty, "by_text"), "BTreeMap<String, bool>");
    assert_eq!(field_type(&t, &ty, "regular"), "Regular");
}

#[test]
fn enums_come_from_descriptions_share_by_value_set_and_never_name_a_variant_other() {
    let docs = |list: &str| format!("(Required) Status. (This can only be one of {list})");
    let a = with_body(
        op("a"),
        form(vec![text_field(
            "action",
            "deny",
            Some(&docs("approve,cancel,deny")),
            &[],
        )]),
    );
    let b = with_body(
        op("b"),
        form(vec![text_field(
            "action",
            "deny",
            Some(&docs("deny,approve,cancel")),
            &[],
        )]),
    );
    let c = with_body(
        op("c"),
        form(vec![text_field(
            "action",
            "deny",
            Some(&docs("approve,deny")),
            &[],
        )]),
    );
    let d = with_body(
        op("d"),
        form(vec![text_field(
            "scope",
            "x",
            Some(&docs("other,Other,true")),
            &[],
        )]),
    );
    let e = with_body(
        op("e"),
        form(vec![text_field(
            "flag",
            "x",
            Some(&docs("true,false")),
            &[],
        )]),
    );
    let t = infer(&api(vec![a, b, c, d, e]));
    let ty = |op: usize| t.operations[op].form_fields[0].clone();
    assert_eq!(show(&t, &ty(0)), "Action");
    assert_eq!(ty(0), ty(1));
    assert_eq!(show(&t, &ty(2)), "CAction");
    assert_eq!(show(&t, &ty(4)), "bool");
    let TypeKind::Enum { variants } = &t.get(named(&ty(3)).unwrap()).kind else {
        panic!()
    };
    let pairs: Vec<(&str, &str)> = variants
        .iter()
        .map(|v| (v.value.as_str(), v.ident.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [("other", "Other2"), ("Other", "Other3"), ("true", "True")]
    );
    assert_well_formed(&t);
}

#[test]
fn identical_shapes_are_one_type_across_operations() {
    let a = with_responses(
        op("get_a"),
        vec![ok(json!({"owner": {"login": "x", "id": 1}}))],
    );
    let b = with_body(
        op("create_b"),
        raw_json(r#"{"owner": {"id": 2, "login": "y"}, "n": 1}"#, &[]),
    );
    let t = infer(&api(vec![a, b]));
    let a_owner = field_type(&t, &response_type(&t, 0, 200), "owner");
    let b_owner = field_type(&t, &t.operations[1].body.clone().unwrap(), "owner");
    assert_eq!(a_owner, "Owner");
    assert_eq!(a_owner, b_owner);
    assert_eq!(
        t.defs.iter().filter(|d| d.name.contains("Owner")).count(),
        1
    );
}

#[test]
fn colliding_names_are_disambiguated_by_parent_in_collection_order() {
    let a = with_responses(op("get_a"), vec![ok(json!({"owner": {"login": "x"}}))]);
    let b = with_responses(op("get_b"), vec![ok(json!({"owner": {"name": 1}}))]);
    let c = with_responses(op("get_c"), vec![ok(json!({"owner": {"team": true}}))]);
    let t = infer(&api(vec![a, b, c]));
    let names: Vec<String> = (0..3)
        .map(|i| field_type(&t, &response_type(&t, i, 200), "owner"))
        .collect();
    assert_eq!(names, ["Owner", "GetBResponseOwner", "GetCResponseOwner"]);
    // Deterministic: the same input gives the same table.
    let again = infer(&api(vec![
        with_responses(op("get_a"), vec![ok(json!({"owner": {"login": "x"}}))]),
        with_responses(op("get_b"), vec![ok(json!({"owner": {"name": 1}}))]),
        with_responses(op("get_c"), vec![ok(json!({"owner": {"team": true}}))]),
    ]));
    assert_eq!(t, again);
}

#[test]
fn same_named_subsets_merge_but_conflicts_do_not() {
    let a = with_body(
        op("a"),
        form(vec![text_field(
            "registrants",
            r#"[{"id":"1","email":"e"}]"#,
            None,
            &[],
        )]),
    );
    let b = with_body(
        op("b"),
        form(vec![text_field(
            "registrants",
            r#"[{"id":"2"}]"#,
            None,
            &[],
        )]),
    );
    let c = with_body(op("c"), raw_json(r#"{"registrants": [{"id": 3}]}"#, &[]));
    let t = infer(&api(vec![a, b, c]));
    let ty = |op: usize| t.operations[op].form_fields[0].clone();
    assert_eq!(ty(0), ty(1));
    assert_eq!(field_type(&t, &ty(0), "email"), "Option<String>");
    // `id` is a number in `c`: merging would make it mixed, so it stays apart.
    let c_items = field_type(&t, &t.operations[2].body.clone().unwrap(), "registrants");
    assert_eq!(c_items, "Vec<CRequestRegistrant>");
}

#[test]
fn keys_that_are_not_identifiers_are_renamed_and_keywords_escaped() {
    let (t, ty) = infer_json_samples(
        "k",
        &[json!({"type": 1, "self": 2, "2fa": 3, "first-name": 4, "firstName": 5, "": 6})],
    );
    let idents: Vec<(String, String)> = fields(&t, &ty).into_iter().map(|f| (f.0, f.1)).collect();
    let expected = [
        ("type", "type_"),
        ("self", "self_"),
        ("2fa", "n2fa"),
        ("first-name", "first_name"),
        ("firstName", "first_name_2"),
        ("", "field"),
    ];
    assert_eq!(
        idents,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn singular_names_for_items_of_lists() {
    let (t, ty) = infer_json_samples(
        "r",
        &[
            json!({"categories": [{"a": 1}], "addresses": [{"b": 1}], "data": [{"c": 1}], "status": {"d": 1}}),
        ],
    );
    let types: Vec<String> = fields(&t, &ty).into_iter().map(|f| f.2).collect();
    assert_eq!(
        types,
        ["Vec<Category>", "Vec<Address>", "Vec<DataItem>", "Status"]
    );
}

#[test]
fn deep_json_does_not_overflow_the_stack() {
    let mut value = json!({"leaf": 1});
    for _ in 0..126 {
        value = json!({"child": value, "list": [1]});
    }
    let operation = with_responses(op("deep"), vec![ok(value)]);
    let t = infer(&api(vec![operation]));
    assert_well_formed(&t);
    assert!(t.defs.len() > 100);
}

#[test]
fn many_operations_infer_in_linear_time() {
    let operations: Vec<Operation> = (0..50_000)
        .map(|i| {
            let body = raw_json(
                &format!(
                    r#"{{"id": {i}, "name": "n{i}", "tags": [{{"k": "v"}}], "v{}": true}}"#,
                    i % 100
                ),
                &[],
            );
            with_responses(
                with_body(op(&format!("op_{i}")), body),
                vec![ok(json!({"id": i, "items": [{"id": i}]}))],
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let t = infer(&api(operations));
    let elapsed = started.elapsed();
    println!(
        "50,000 operations inferred in {elapsed:?}: {} types",
        t.defs.len()
    );
    assert_eq!(t.operations.len(), 50_000);
    assert_well_formed(&t);
    // Shared shapes stay shared: one tag type and one item type for all.
    assert_eq!(t.defs.iter().filter(|d| d.name.ends_with("Tag")).count(), 1);
}

#[test]
fn every_named_reference_resolves_and_placeholders_type_values() {
    let body = raw_json(
        r#"{"id": "<long>", "ok": "<boolean>", "r": "<number>", "s": "<string>", "at": "<dateTime>"}"#,
        &[],
    );
    let t = infer(&api(vec![with_body(op("p"), body)]));
    let body = t.operations[0].body.clone().unwrap();
    let types: Vec<String> = fields(&t, &body).into_iter().map(|f| f.2).collect();
    assert_eq!(types, ["i64", "bool", "f64", "String", "String"]);
    assert_eq!(Primitive::I64, Primitive::I64);
}

/// The samples of each operation are read on the rayon pool: the types,
/// their names and their order are the same on one thread as on several,
/// for operations whose shapes merge, share names and list enum values.
#[test]
fn types_are_the_same_on_any_number_of_threads() {
    let operations: Vec<Operation> = (0..300)
        .map(|i| {
            let body = raw_json(
                &format!(
                    r#"{{"id": {i}, "owner": {{"id": "u{i}", "v{}": true}}, "tags": [{{"k": "v"}}]}}"#,
                    i % 7
                ),
                &[r#"{"id": 1, "extra": null}"#],
            );
            let mut operation = with_responses(
                with_body(op(&format!("op_{}", i % 120)), body),
                vec![
                    ok(json!({"id": i, "registrants": [{"id": i, "email": format!("e{}", i % 3)}]})),
                    response(Some(400 + (i % 3) as u16), Some(json!({"code": i % 5}))),
                ],
            );
            operation.query = vec![
                query(param(
                    "status",
                    Some("a"),
                    Some("State. (This can only be one of a,b,c)"),
                )),
                query(param("page", Some("2"), Some("an integer"))),
            ];
            operation
        })
        .collect();
    let api = api(operations);
    let on = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool")
            .install(|| infer(&api))
    };
    let one = on(1);
    assert!(one.defs.len() > 5, "{} types", one.defs.len());
    assert_eq!(one, on(2));
    assert_eq!(one, on(5));
}
