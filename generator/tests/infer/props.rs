//! Property: the inferred type accepts every sample it was inferred from.
//!
//! Acceptance is checked by a validator over the IR types (written here,
//! independently of the inference code), so no generated code is compiled.
//! It follows serde's behaviour for the types emit writes, plus the
//! documented contracts: a `Vec` field accepts absent and null (emit makes
//! `Vec` fields defaultable), an enum accepts any string (the catch-all),
//! structs reject unknown keys (stricter than serde, so a key the inference
//! forgot is caught), and the evidence rules for placeholder strings
//! (`"<long>"` is a sample of an integer) and `"{{variable}}"` strings (a
//! sample of anything).

use std::collections::BTreeMap;

use postman_codegen::unstable::infer::{infer, infer_json_samples, rust_type};
use postman_codegen::unstable::ir::{
    Api, Body, FormField, FormFieldKind, FormatVersion, Group, GroupId, HttpMethod, Operation,
    OperationId, Primitive, ResponseExample, ServerId, Template, TypeKind, TypeRef, TypeTable,
};
use proptest::prelude::*;
use serde_json::Value;

/// Does a value of type `ty` deserialize from `value`?
fn accepts(table: &TypeTable, ty: &TypeRef, value: &Value) -> bool {
    if let Value::String(s) = value {
        if let Some(accepted) = wildcard(ty, s) {
            return accepted;
        }
    }
    match ty {
        TypeRef::Option(inner) => value.is_null() || accepts(table, inner, value),
        TypeRef::Primitive(Primitive::Value) => true,
        TypeRef::Primitive(Primitive::String) => value.is_string(),
        TypeRef::Primitive(Primitive::Bool) => value.is_boolean(),
        TypeRef::Primitive(Primitive::I64) => value.is_i64(),
        TypeRef::Primitive(Primitive::F64) => value.is_number(),
        TypeRef::Vec(inner) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| accepts(table, inner, v))),
        TypeRef::Map(inner) => value
            .as_object()
            .is_some_and(|map| map.values().all(|v| accepts(table, inner, v))),
        TypeRef::Named(id) => match &table.get(*id).kind {
            TypeKind::Enum { .. } => value.is_string(),
            TypeKind::Struct { fields } => {
                let Some(object) = value.as_object() else {
                    return false;
                };
                let known = object
                    .keys()
                    .all(|key| fields.iter().any(|f| &f.name == key));
                known
                    && fields.iter().all(|field| match object.get(&field.name) {
                        None | Some(Value::Null) if defaultable(&field.ty) => true,
                        None => false,
                        Some(v) => accepts(table, &field.ty, v),
                    })
            }
        },
    }
}

/// `Option<T>` and `Vec<T>` fields may be absent or null.
fn defaultable(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Option(_) | TypeRef::Vec(_))
}

/// The documented evidence rules for special strings: `Some(verdict)` when
/// the string is one, `None` for an ordinary string.
fn wildcard(ty: &TypeRef, s: &str) -> Option<bool> {
    let inner = match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    };
    let is =
        |p: Primitive| matches!(inner, TypeRef::Primitive(q) if *q == p || *q == Primitive::Value);
    let var = s.starts_with("{{") && Template::parse(s).as_single_var().is_some();
    Some(match s {
        _ if var => true,
        "<object>" => true,
        "<array>" => matches!(inner, TypeRef::Vec(_)) || is(Primitive::Value),
        "<long>" | "<integer>" => is(Primitive::I64) || is(Primitive::F64),
        "<number>" => is(Primitive::F64),
        "<boolean>" => is(Primitive::Bool),
        _ => return None,
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let strings = prop_oneof![
        4 => "[a-z ]{0,8}",
        1 => Just("<long>".to_string()),
        1 => Just("<number>".to_string()),
        1 => Just("<boolean>".to_string()),
        1 => Just("<string>".to_string()),
        1 => Just("<object>".to_string()),
        1 => Just("<array>".to_string()),
        1 => Just("{{var}}".to_string()),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (i64::MAX as u64..=u64::MAX).prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        strings.prop_map(Value::from),
    ];
    let keys = prop_oneof![
        Just("id".to_string()),
        Just("type".to_string()),
        Just("items".to_string()),
        Just("first-name".to_string()),
        Just("12".to_string()),
        Just("a b".to_string()),
        "[a-c]{1,2}",
    ];
    leaf.prop_recursive(4, 48, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::btree_map(keys.clone(), inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn op(name: &str) -> Operation {
    Operation {
        name: name.into(),
        method_name: name.into(),
        postman_name: name.into(),
        postman_id: None,
        folder_path: Vec::new(),
        group: GroupId::new(0),
        method: HttpMethod::Post,
        server: ServerId::new(0),
        path: Vec::new(),
        path_params: Vec::new(),
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

fn api(operations: Vec<Operation>) -> Api {
    Api {
        name: "Props".into(),
        docs: None,
        postman_id: None,
        format: FormatVersion::V2_1,
        servers: Vec::new(),
        variables: Vec::new(),
        auth_schemes: Vec::new(),
        groups: vec![Group {
            name: "Props".into(),
            ident: "props".into(),
            postman_id: None,
            docs: None,
            parent: None,
            children: Vec::new(),
            operations: (0..operations.len()).map(OperationId::new).collect(),
        }],
        operations,
        diagnostics: Vec::new(),
    }
}

fn response(code: u16, json: Value) -> ResponseExample {
    ResponseExample {
        code: Some(code),
        name: code.to_string(),
        status_text: None,
        headers: Vec::new(),
        body: Some(json.to_string()),
        content_type: Some("application/json".into()),
        preview_language: Some("json".into()),
        json: Some(json),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn inferred_type_accepts_every_sample(samples in prop::collection::vec(json_value(), 1..5)) {
        let (table, ty) = infer_json_samples("sample", &samples);
        for sample in &samples {
            prop_assert!(
                accepts(&table, &ty, sample),
                "{} rejects {}", rust_type(&table, &ty), sample
            );
        }
    }

    /// The same through a whole API: responses grouped by status, a raw body
    /// with original-request samples, and JSON form fields, over several
    /// operations (so structural sharing and same-name merges happen).
    #[test]
    fn every_operation_type_accepts_its_samples(
        operations in prop::collection::vec(
            (
                prop::collection::vec((prop_oneof![Just(200u16), Just(201), Just(404)], json_value()), 0..4),
                prop::collection::vec(json_value(), 0..3),
                prop::collection::vec(prop::collection::vec(json_value(), 0..3).prop_map(Value::from), 0..3),
            ),
            1..4,
        )
    ) {
        let ops: Vec<Operation> = operations.iter().enumerate().map(|(i, (responses, bodies, form))| {
            let mut o = op(&format!("op_{i}"));
            o.responses = responses.iter().map(|(code, v)| response(*code, v.clone())).collect();
            if let Some((first, rest)) = bodies.split_first() {
                o.body = Some(Body::Raw {
                    text: Template::literal(first.to_string()),
                    language: Some("json".into()),
                    content_type: "application/json".into(),
                    is_json: true,
                    samples: rest.iter().map(Value::to_string).collect(),
                });
            } else if !form.is_empty() {
                let fields = form.iter().map(|v| FormField {
                    key: Template::literal("registrants"),
                    ident: "registrants".into(),
                    kind: FormFieldKind::Text { value: Some(Template::literal(v.to_string())) },
                    content_type: None,
                    docs: None,
                    required: true,
                    disabled: false,
                    samples: Vec::new(),
                }).collect();
                o.body = Some(Body::FormData { fields, boundary: None, declared_content_type: None });
            }
            o
        }).collect();
        let table = infer(&api(ops));
        for (i, (responses, bodies, form)) in operations.iter().enumerate() {
            let types = &table.operations[i];
            let mut by_code: BTreeMap<u16, Vec<&Value>> = BTreeMap::new();
            for (code, v) in responses {
                by_code.entry(*code).or_default().push(v);
            }
            for (code, values) in by_code {
                let ty = types.responses[&code].clone().expect("JSON examples give a type");
                for v in values {
                    prop_assert!(accepts(&table, &ty, v), "{code}: {} rejects {v}", rust_type(&table, &ty));
                }
            }
            if !bodies.is_empty() {
                let ty = types.body.clone().expect("a JSON body gives a type");
                for v in bodies {
                    prop_assert!(accepts(&table, &ty, v), "body: {} rejects {v}", rust_type(&table, &ty));
                }
            } else {
                for (v, ty) in form.iter().zip(&types.form_fields) {
                    prop_assert!(accepts(&table, ty, v), "form: {} rejects {v}", rust_type(&table, ty));
                }
            }
        }
    }
}

#[test]
fn the_validator_rejects_what_it_should() {
    let (table, ty) = infer_json_samples("v", &[serde_json::json!({"id": 1, "tags": ["a"]})]);
    assert!(accepts(&table, &ty, &serde_json::json!({"id": 2})));
    assert!(!accepts(&table, &ty, &serde_json::json!({"id": "2"})));
    assert!(!accepts(&table, &ty, &serde_json::json!({"tags": []})));
    assert!(!accepts(
        &table,
        &ty,
        &serde_json::json!({"id": 1, "extra": true})
    ));
    assert!(!accepts(&table, &ty, &serde_json::json!({"id": 1.5})));
    assert!(!accepts(&table, &ty, &serde_json::json!("<boolean>")));
}
