//! Lowering tests over whole collections.

use crate::ir::{Api, Body, FormFieldKind, HeaderValue, PathSegment, QueryValue};

fn lower_json(json: &str) -> Api {
    crate::load_api(json.as_bytes()).expect("collection lowers")
}

fn collection(items: &str) -> String {
    format!(
        r#"{{"info":{{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},"item":[{items}]}}"#
    )
}

fn repo_collection(name: &str) -> Api {
    let path = format!("{}/../collections/{name}", env!("CARGO_MANIFEST_DIR"));
    crate::load_api(&std::fs::read(path).expect("collection file")).expect("lowers")
}

#[test]
fn zoom_collection_has_four_operations_with_seed_methods_and_paths() {
    let api = repo_collection("zoom-registrants.postman_collection.json");
    let ops: Vec<_> = api
        .operations
        .iter()
        .map(|op| (op.method.as_str(), api.path_string(op)))
        .collect();
    assert_eq!(
        ops,
        [
            (
                "PUT",
                "/meetings/{meetingId}/registrants/status".to_string()
            ),
            (
                "PUT",
                "/meetings/{meetingId}/recordings/registrants/status".to_string()
            ),
            (
                "POST",
                "/meetings/{meetingId}/batch_registrants".to_string()
            ),
            (
                "PUT",
                "/webinars/{webinarId}/registrants/status".to_string()
            ),
        ]
    );
    let names: Vec<_> = api.operations.iter().map(|op| op.name.as_str()).collect();
    // The first keeps its name; later ones take the shortest group path
    // suffix no earlier operation has.
    assert_eq!(
        names,
        [
            "update_registrants_status",
            "recordings_registrants_update_registrants_status",
            "perform_batch_registration",
            "webinars_registrants_update_registrants_status",
        ]
    );
    assert!(api
        .operations
        .iter()
        .take(2)
        .all(|op| op.method_name == "update_registrants_status"));
    let group_paths: Vec<_> = api
        .operations
        .iter()
        .map(|op| api.group_path(op.group).join("::"))
        .collect();
    assert_eq!(
        group_paths,
        [
            "meetings::registrants",
            "meetings::recordings::registrants",
            "meetings",
            "webinars::registrants"
        ]
    );
    assert_eq!(
        api.servers[0].default_url.as_deref(),
        Some("https://api.zoom.us/v2")
    );
    let codes: Vec<Vec<u16>> = api
        .operations
        .iter()
        .map(|op| op.responses.iter().filter_map(|r| r.code).collect())
        .collect();
    assert_eq!(codes[0], [204, 300, 400, 404, 429]);
    assert_eq!(codes[3], [200, 204, 300, 400, 404, 429]);
}

#[test]
fn zoom_formdata_fields_keep_values_and_samples_and_content_type_header_is_the_bodys() {
    let api = repo_collection("zoom-registrants.postman_collection.json");
    let op = &api.operations[0];
    let Some(Body::FormData {
        fields,
        boundary,
        declared_content_type,
    }) = &op.body
    else {
        panic!("formdata body expected")
    };
    assert_eq!(*boundary, None);
    // The collection's header, sent only when no part is (an empty form).
    assert_eq!(
        declared_content_type.as_deref(),
        Some("multipart/form-data")
    );
    let keys: Vec<_> = fields.iter().map(|f| f.key.to_postman_string()).collect();
    assert_eq!(keys, ["action", "registrants"]);
    // `action` says `(Required)`; `registrants` is enabled in every saved
    // example, but so is every field: no evidence.
    assert!(fields[0].required && !fields[1].required);
    assert!(
        matches!(&fields[1].kind, FormFieldKind::Text { value: Some(v) } if v.to_postman_string().starts_with("[{"))
    );
    assert!(!fields[1].samples.is_empty());
    assert!(op
        .headers
        .iter()
        .all(|h| !h.name.eq_ignore_ascii_case("content-type")));
    let QueryValue::Param { param } = &op.query[0].value else {
        panic!("occurrence_id is a parameter")
    };
    assert_eq!(
        (param.ident.as_str(), param.required),
        ("occurrence_id", false)
    );
    assert_eq!(op.path_params[0].example.as_deref(), Some("68423085"));
    assert!(op.path_params[0].required);
}

#[test]
fn secrets_in_the_collection_do_not_reach_the_ir() {
    let json = r#"{"info":{"name":"s"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"sk_live_123"}]},
        "variable":[{"key":"apiKey","value":"k_456"},{"key":"pass","value":"p_789","type":"secret"},{"key":"baseUrl","value":"https://h"}],
        "item":[{"name":"r","request":{"url":"{{baseUrl}}/x?key={{apiKey}}","header":[{"key":"X-P","value":"{{pass}}"}]}}]}"#;
    let api = lower_json(json);
    let dump = serde_json::to_string(&api).unwrap();
    for secret in ["sk_live_123", "k_456", "p_789"] {
        assert!(!dump.contains(secret), "{secret} leaked into the IR");
    }
    let base = api.variables.iter().find(|v| v.name == "baseUrl").unwrap();
    assert_eq!(base.default.as_deref(), Some("https://h"));
}

#[test]
fn ec48_auth_inheritance_through_folders() {
    let json = r#"{"info":{"name":"a"},"auth":{"type":"bearer","bearer":[{"key":"token","value":"{{t}}"}]},"item":[
        {"name":"f","auth":{"type":"noauth"},"item":[{"name":"none","request":"http://h/a"}]},
        {"name":"g","auth":null,"item":[{"name":"inherits","request":"http://h/b"},
            {"name":"own","request":{"url":"http://h/c","auth":{"type":"basic","basic":[{"key":"username","value":"{{u}}"}]}}}]}]}"#;
    let api = lower_json(json);
    let auth: Vec<_> = api
        .operations
        .iter()
        .map(|op| op.auth.map(|i| &api[i]))
        .collect();
    assert_eq!(auth[0], None);
    assert!(matches!(
        auth[1],
        Some(crate::ir::AuthScheme::Bearer { .. })
    ));
    assert!(matches!(auth[2], Some(crate::ir::AuthScheme::Basic { .. })));
}

#[test]
fn ec28_header_rules_disabled_empty_case_variants() {
    let items = r#"{"name":"r","request":{"url":"http://h/","header":[
        {"key":"X-A","value":"1"},{"key":"X-A","value":"2"},{"key":"x-a","value":"3"},
        {"key":"X-Same","value":"1"},{"key":"X-Same","value":"2"},
        {"key":"","value":"nokey"},{"key":"X-Off","value":"v","disabled":true},{"key":"X-N","value":42}]}}"#;
    let api = lower_json(&collection(items));
    let headers: Vec<_> = api.operations[0]
        .headers
        .iter()
        .map(|h| match &h.value {
            HeaderValue::Fixed { value } => (h.name.as_str(), value.to_postman_string()),
            HeaderValue::Param { .. } => (h.name.as_str(), String::new()),
        })
        .collect();
    assert_eq!(
        headers,
        [
            ("x-a", "3".to_string()),
            ("X-Same", "1".to_string()),
            ("X-Same", "2".to_string()),
            ("X-N", "42".to_string()),
            ("X-Off", String::new())
        ]
    );
    let HeaderValue::Param { param } = &api.operations[0].headers[4].value else {
        panic!("a disabled header is an optional parameter")
    };
    assert_eq!(
        (
            param.ident.as_str(),
            param.required,
            param.example.as_deref()
        ),
        ("x_off", false, Some("v"))
    );
}

#[test]
fn ec52_structural_oddities_lower_without_panics() {
    let items = r#"{"name":"hybrid","item":[],"request":"http://h/never"},{"name":"bare"},
        {"name":"raw only","request":{"url":{"raw":"http://h/raw"}}},{"request":"http://h/unnamed"}"#;
    let api = lower_json(&collection(items));
    let codes: Vec<_> = api.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"empty-url"));
    assert!(codes.contains(&"raw-url-fallback"));
    let names: Vec<_> = api.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(names, ["raw_only", "get_unnamed"]);
}

#[test]
fn duplicate_names_in_one_folder_are_numbered_deterministically() {
    let items = r#"{"name":"f","item":[{"name":"Get","request":"http://h/a"},{"name":"Get","request":"http://h/b"}]},{"name":"Get","request":"http://h/c"}"#;
    let api = lower_json(&collection(items));
    let names: Vec<_> = api
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op.method_name.as_str()))
        .collect();
    // First come, first served: the first `Get` keeps `get`, the second
    // takes `f_get`, the top-level one (no folder to prefix) is numbered.
    assert_eq!(
        names,
        [("get", "get"), ("f_get", "get_2"), ("get_2", "get")]
    );
}

#[test]
fn ec20_variable_segments_become_path_params_and_vars_elsewhere_are_configuration() {
    let json = r#"{"info":{"name":"v"},"variable":[{"key":"baseUrl","value":"http://h/api"},{"key":"v","value":"v1"}],
        "item":[{"name":"r","request":{"url":{"host":["{{baseUrl}}"],"path":["{{v}}","items","x{{v}}"],
        "query":[{"key":"q","value":"{{missing}}"}]}}}]}"#;
    let api = lower_json(json);
    let op = &api.operations[0];
    assert_eq!(api.path_string(op), "/{v}/items/x{{v}}");
    assert_eq!(op.path_params[0].example.as_deref(), Some("v1"));
    assert!(matches!(op.path[2], PathSegment::Literal { .. }));
    assert!(
        matches!(&op.query[0].value, QueryValue::Fixed { value } if value.as_single_var() == Some("missing"))
    );
    let missing = api.variables.iter().find(|v| v.name == "missing").unwrap();
    assert_eq!(missing.default, None);
    assert!(api
        .diagnostics
        .iter()
        .any(|d| d.code == "unresolved-variable" && d.message.contains("missing")));
}

#[test]
fn ec47_query_auth_replaces_user_entries_with_its_key() {
    let items = r#"{"name":"q","request":{"url":"http://h/apikey-q?api_key=old&x=1",
        "auth":{"type":"apikey","apikey":[{"key":"key","value":"api_key"},{"key":"value","value":"{{k}}"},{"key":"in","value":"query"}]}}},
        {"name":"h","request":{"url":"http://h/apikey-h","header":[{"key":"x-api-key","value":"old"},{"key":"X-Other","value":"1"}],
        "auth":{"type":"apikey","apikey":[{"key":"key","value":"X-API-Key"},{"key":"value","value":"{{k}}"}]}}}"#;
    let api = lower_json(&collection(items));
    let keys: Vec<_> = api.operations[0]
        .query
        .iter()
        .map(|q| q.key.as_deref())
        .collect();
    assert_eq!(keys, [Some("x")]);
    let headers: Vec<_> = api.operations[1]
        .headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(headers, ["X-Other"]);
}

#[test]
fn ec51_methods_are_upper_cased_and_default_to_get() {
    let items = r#"{"name":"a","request":{"method":"post","url":"http://h/a"}},{"name":"b","request":{"url":"http://h/b"}},
        {"name":"c","request":{"method":null,"url":"http://h/c"}},
        {"name":"d","request":{"method":"PURGE","url":"http://h/d","body":{"mode":"raw","raw":"x"}}}"#;
    let api = lower_json(&collection(items));
    let methods: Vec<_> = api
        .operations
        .iter()
        .map(|op| (op.method.as_str(), op.body.is_some()))
        .collect();
    assert_eq!(
        methods,
        [
            ("POST", false),
            ("GET", false),
            ("GET", false),
            ("PURGE", false)
        ]
    );
}

#[test]
fn ec44_graphql_variables_keep_their_shape() {
    let items = r#"{"name":"s","request":{"method":"POST","url":"http://h/g","body":{"mode":"graphql","graphql":{"query":"{ a }","variables":"{\n \"id\": \"1\"\n}"}}}},
        {"name":"o","request":{"method":"POST","url":"http://h/g","body":{"mode":"graphql","graphql":{"query":"{ a }","variables":{"id":1},"operationName":"Op"}}}},
        {"name":"e","request":{"method":"POST","url":"http://h/g","body":{"mode":"graphql","graphql":{"query":"{ a }","variables":""}}}}"#;
    let api = lower_json(&collection(items));
    use crate::ir::GraphQlVariables;
    let vars: Vec<_> = api
        .operations
        .iter()
        .map(|op| match &op.body {
            Some(Body::GraphQl { variables, .. }) => variables.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(
        matches!(&vars[0], Some(GraphQlVariables::Text(t)) if t.to_postman_string().contains("\"id\""))
    );
    assert_eq!(
        vars[1],
        Some(GraphQlVariables::Json(serde_json::json!({"id": 1})))
    );
    assert_eq!(vars[2], None);
}

#[test]
fn environment_values_override_collection_variables_and_secrets_stay_out() {
    let json = r#"{"info":{"name":"e"},"variable":[{"key":"baseUrl","value":"https://collection.example"}],
        "item":[{"id":"item-1","name":"Old name","request":"{{baseUrl}}/x?k={{apiToken}}"}]}"#;
    let collection = crate::collection::load(json.as_bytes()).unwrap();
    let env = crate::collection::load_environment(
        br#"{"name":"prod","values":[{"key":"baseUrl","value":"https://env.example"},{"key":"apiToken","value":"tok-123"},{"key":"plain","value":"p","type":"secret"}]}"#,
    )
    .unwrap();
    let mut options = super::LowerOptions {
        variables: env.values,
        ..Default::default()
    };
    options
        .name_overrides
        .insert("item-1".into(), "Stable Name".into());
    let api = super::lower_with(&collection, &options).unwrap();
    assert_eq!(
        api.servers[0].default_url.as_deref(),
        Some("https://env.example")
    );
    assert_eq!(api.operations[0].name, "stable_name");
    let dump = serde_json::to_string(&api).unwrap();
    assert!(!dump.contains("tok-123"));
    assert!(api
        .variables
        .iter()
        .find(|v| v.name == "plain")
        .is_some_and(|v| v.secret && v.default.is_none()));
}

#[test]
fn inherited_scripts_are_noted_once_where_they_are_defined() {
    let script = r#""event":[{"listen":"prerequest","script":{"exec":["pm.variables.set('t', Date.now())"]}}]"#;
    let request = |name: &str, own: bool| {
        format!(
            r#"{{"name":"{name}",{}"request":{{"method":"GET","url":"https://api.example.com/{name}"}}}}"#,
            if own {
                format!("{script},")
            } else {
                String::new()
            }
        )
    };
    let folder = format!(
        r#"{{"name":"f",{script},"item":[{},{}]}}"#,
        request("a", false),
        request("b", false)
    );
    let items = format!("{folder},{},{}", request("c", false), request("d", true));
    let json = collection(&items).replacen(r#""item":["#, &format!(r#"{script},"item":["#), 1);
    let api = lower_json(&json);
    let notes: Vec<&str> = api
        .diagnostics
        .iter()
        .filter(|d| d.code == "scripts-ignored")
        .map(|d| d.path.as_str())
        .collect();
    // The collection's script and the folder's, once each where defined;
    // the one request with its own script, once; not once per request.
    assert_eq!(notes, ["$.event", "$.item[0].event", "$.item[2]"]);
    // Every request still knows which scripts run for it.
    let events: Vec<usize> = api.operations.iter().map(|op| op.events.len()).collect();
    assert_eq!(events, [1, 1, 1, 1]);
}

#[test]
fn url_userinfo_is_basic_auth_unless_the_request_sets_authorization_otherwise() {
    use crate::ir::{AuthScheme, Credential};
    let json = collection(
        r#"{"name":"raw","request":"https://us%40er:p%3Ass@h/a"},
        {"name":"object","request":{"url":{"raw":"https://x","protocol":"https","host":["h"],"path":["b"],
            "auth":{"user":"{{user}}","password":"p@ss"}}}},
        {"name":"bearer","request":{"url":"https://u:p@h/c","auth":{"type":"bearer","bearer":[{"key":"token","value":"{{t}}"}]}}},
        {"name":"header","request":{"url":"https://u:p@h/d","header":[{"key":"Authorization","value":"{{a}}"}]}}"#,
    );
    let api = lower_json(&json);
    let auth: Vec<_> = api
        .operations
        .iter()
        .map(|op| op.auth.map(|i| &api[i]))
        .collect();
    // Literal parts are the caller's to supply (never kept); a `{{variable}}` is that variable.
    assert_eq!(
        auth[0],
        Some(&AuthScheme::Basic {
            username: Credential::Supplied,
            password: Credential::Supplied
        })
    );
    assert_eq!(
        auth[1],
        Some(&AuthScheme::Basic {
            username: Credential::Variable("user".into()),
            password: Credential::Supplied
        })
    );
    assert!(matches!(auth[2], Some(AuthScheme::Bearer { .. })));
    assert_eq!(auth[3], None);
    let codes: Vec<(&str, bool)> = api
        .diagnostics
        .iter()
        .filter(|d| d.code == "url-userinfo")
        .map(|d| (d.code, d.severity == crate::diagnostics::Severity::Warning))
        .collect();
    assert_eq!(
        codes,
        [
            ("url-userinfo", false),
            ("url-userinfo", false),
            ("url-userinfo", true),
            ("url-userinfo", true)
        ]
    );
    let ir = format!("{api:?}");
    assert!(
        !ir.contains("p%3Ass") && !ir.contains("p@ss"),
        "no literal kept: {ir}"
    );
    assert_eq!(
        super::userinfo_credentials("us%40er:p%3Ass:x"),
        ("us@er".to_string(), "p:ss:x".to_string())
    );
    assert_eq!(
        super::userinfo_credentials("only"),
        ("only".to_string(), String::new())
    );
}

#[test]
fn same_named_literal_credential_headers_of_a_request_get_a_variable_each() {
    let json = collection(
        r#"{"name":"twice","request":{"url":"https://h/a","header":[
            {"key":"key","value":"value1"},{"key":"key","value":"value2"},
            {"key":"key","value":"{{own}}"},{"key":"key","value":"value3"}]}}"#,
    );
    let api = lower_json(&json);
    let values: Vec<String> = api.operations[0]
        .headers
        .iter()
        .filter_map(|h| match &h.value {
            HeaderValue::Fixed { value } => Some(value.to_postman_string()),
            _ => None,
        })
        .collect();
    // Each literal its own secret variable (newman sends each value); one
    // that is already a variable stays.
    assert_eq!(values, ["{{key}}", "{{key_2}}", "{{own}}", "{{key_3}}"]);
    for name in ["key", "key_2", "key_3"] {
        let variable = api.variables.iter().find(|v| v.name == name);
        assert!(
            variable.is_some_and(|v| v.secret && v.default.is_none()),
            "{name}: {variable:?}"
        );
    }
    let ir = format!("{api:?}");
    assert!(!ir.contains("value1") && !ir.contains("value2") && !ir.contains("value3"));
}
