//! Legacy v1 collections, converted to the v2 shape the rest of the loader
//! reads, by the rules of Postman's own converter (postman-collection-transformer,
//! v1 → v2), which newman applies before running a v1 file:
//!
//! - items: the root holds the folders (in `folders_order`, else the order of
//!   `folders`), each with its subfolders (`folders_order`) then its requests
//!   (`order`), then the root's requests (`order`); a request no `order`
//!   names is not run, and a folder another folder names is not at the root;
//! - body: `dataMode` `raw` / `urlencoded` / `params` (form-data) / `binary`
//!   (file); without one, `rawModeData` text means raw and a `data` array
//!   form-data; form fields without a key are dropped, `enabled: false` is
//!   `disabled`, a file field's `value` is its `src`; `dataDisabled` disables it;
//! - URL: the `url` text, with `queryParams` (`equals: false` sends the key
//!   alone) and path variables (`pathVariableData`, then `pathVariables`);
//! - headers: `headerData` (a key starting `//` or `enabled: false` is
//!   disabled), then the `headers` text's `Key: Value` lines not already given;
//! - auth: `auth` in the v2 shape when present, else `currentHelper` with
//!   `helperAttributes` (`basicAuth` → `basic`, ...); `normal` means none;
//! - scripts: `events`, else `preRequestScript` and `tests`;
//! - saved responses: `responses` with `responseCode`, `headers`, `text`.

use serde_json::{json, Map, Value};

use super::url::parse_string;

/// Whether `doc` is a v1 collection (`name`, `order` and `requests`, as the
/// converter's detection reads it).
pub fn is_v1(doc: &Value) -> bool {
    let truthy = |key: &str| {
        doc.get(key)
            .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)) && v != "")
    };
    doc.get("item").is_none() && truthy("name") && truthy("requests")
}

/// The v2 document for a v1 collection.
pub fn to_v2(v1: &Value) -> Value {
    let requests: Vec<&Value> = array(v1, "requests");
    let request_by_id = |id: &Value| requests.iter().copied().find(|r| r.get("id") == Some(id));
    let folders: Vec<&Value> = array(v1, "folders");
    let folder_by_id = |id: &Value| folders.iter().copied().find(|f| f.get("id") == Some(id));

    // Folders other folders name are not at the root.
    let nested: Vec<&Value> = folders
        .iter()
        .flat_map(|f| array(f, "folders_order"))
        .filter(|id| folder_by_id(id).is_some())
        .collect();
    let root_folder_ids: Vec<Value> = match v1.get("folders_order") {
        Some(Value::Array(ids)) => ids.clone(),
        _ => folders
            .iter()
            .filter_map(|f| f.get("id").cloned())
            .collect(),
    };
    let mut items = Vec::new();
    let mut seen = Vec::new();
    for id in &root_folder_ids {
        if seen.contains(&id) || nested.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(folder) = folder_by_id(id) {
            items.push(folder_item(folder, &folder_by_id, &request_by_id, 0));
        }
    }
    for id in array(v1, "order") {
        if let Some(request) = request_by_id(id) {
            items.push(request_item(request));
        }
    }

    let mut doc = Map::new();
    let mut info = Map::new();
    info.insert(
        "_postman_id".into(),
        v1.get("id").cloned().unwrap_or(Value::Null),
    );
    info.insert(
        "name".into(),
        v1.get("name").cloned().unwrap_or(Value::Null),
    );
    if let Some(description) = v1.get("description").filter(|d| truthy(d)) {
        info.insert("description".into(), description.clone());
    }
    info.insert(
        "schema".into(),
        "https://schema.getpostman.com/json/collection/v2.0.0/collection.json".into(),
    );
    doc.insert("info".into(), Value::Object(info));
    doc.insert("item".into(), Value::Array(items));
    if let Some(auth) = auth(v1) {
        doc.insert("auth".into(), auth);
    }
    if let Some(events) = events(v1) {
        doc.insert("event".into(), events);
    }
    if let Some(variables) = v1.get("variables").filter(|v| v.is_array()) {
        doc.insert("variable".into(), variables.clone());
    }
    Value::Object(doc)
}

/// Folders nest at most this deep (a cycle of `folders_order` stops here).
const MAX_DEPTH: usize = 60;

fn folder_item<'a>(
    folder: &Value,
    folder_by_id: &dyn Fn(&Value) -> Option<&'a Value>,
    request_by_id: &dyn Fn(&Value) -> Option<&'a Value>,
    depth: usize,
) -> Value {
    let mut children = Vec::new();
    if depth < MAX_DEPTH {
        for id in array(folder, "folders_order") {
            if let Some(sub) = folder_by_id(id) {
                children.push(folder_item(sub, folder_by_id, request_by_id, depth + 1));
            }
        }
    }
    for id in array(folder, "order") {
        if let Some(request) = request_by_id(id) {
            children.push(request_item(request));
        }
    }
    let mut item = Map::new();
    item.insert(
        "name".into(),
        folder.get("name").cloned().unwrap_or(Value::Null),
    );
    if let Some(description) = folder.get("description").filter(|d| truthy(d)) {
        item.insert("description".into(), description.clone());
    }
    item.insert("item".into(), Value::Array(children));
    if let Some(auth) = auth(folder) {
        item.insert("auth".into(), auth);
    }
    if let Some(events) = events(folder) {
        item.insert("event".into(), events);
    }
    Value::Object(item)
}

fn request_item(request: &Value) -> Value {
    let mut item = Map::new();
    item.insert(
        "name".into(),
        request.get("name").cloned().unwrap_or_else(|| "".into()),
    );
    if let Some(events) = events(request) {
        item.insert("event".into(), events);
    }
    if let Some(behaviour) = request.get("protocolProfileBehavior") {
        item.insert("protocolProfileBehavior".into(), behaviour.clone());
    }
    item.insert("request".into(), request_definition(request));
    let responses: Vec<Value> = array(request, "responses")
        .into_iter()
        .map(saved_response)
        .collect();
    item.insert("response".into(), Value::Array(responses));
    Value::Object(item)
}

fn request_definition(request: &Value) -> Value {
    let mut out = Map::new();
    if let Some(auth) = auth(request) {
        out.insert("auth".into(), auth);
    }
    out.insert(
        "method".into(),
        request.get("method").cloned().unwrap_or(Value::Null),
    );
    out.insert("header".into(), Value::Array(headers(request)));
    if let Some(body) = body(request) {
        out.insert("body".into(), body);
    }
    out.insert("url".into(), url(request));
    if let Some(description) = request.get("description").filter(|d| truthy(d)) {
        out.insert("description".into(), description.clone());
    }
    Value::Object(out)
}

fn url(request: &Value) -> Value {
    let raw = request
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut query: Vec<Value> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for param in array(request, "queryParams") {
        let Value::Object(param) = param else {
            continue;
        };
        let mut param = param.clone();
        if param.get("enabled") == Some(&Value::Bool(false)) {
            param.insert("disabled".into(), true.into());
        }
        param.remove("enabled");
        match param.remove("equals") {
            Some(Value::Bool(true)) if param.get("value").is_some_and(Value::is_null) => {
                param.insert("value".into(), "".into());
            }
            Some(equals) if !truthy(&equals) && param.get("value") == Some(&"".into()) => {
                // `=` is not sent when the value is null.
                param.insert("value".into(), Value::Null);
            }
            _ => {}
        }
        if let Some(key) = param.get("key").and_then(Value::as_str) {
            keys.push(key.to_string());
        }
        query.push(Value::Object(param));
    }
    let parsed = parse_string(raw);
    for entry in &parsed.query {
        let key = entry.key.clone().unwrap_or_default();
        if !keys.contains(&key) {
            let value = match &entry.value {
                super::url::QueryEntryValue::Text(text) => Value::String(text.clone()),
                _ => Value::Null,
            };
            query.push(json!({"key": entry.key, "value": value}));
        }
    }
    let mut variables: Vec<Value> = Vec::new();
    let mut names: Vec<Value> = Vec::new();
    for variable in array(request, "pathVariableData") {
        if let Some(key) = variable.get("key") {
            names.push(key.clone());
        }
        variables.push(variable.clone());
    }
    if let Some(Value::Object(map)) = request.get("pathVariables") {
        for (name, value) in map {
            if !names.contains(&Value::String(name.clone())) {
                variables.push(json!({"value": value, "id": name}));
            }
        }
    }
    if query.is_empty() && variables.is_empty() {
        return Value::String(raw.to_string());
    }
    let mut out = Map::new();
    out.insert("raw".into(), raw.into());
    if let Some(protocol) = &parsed.protocol {
        out.insert("protocol".into(), protocol.clone().into());
    }
    out.insert("host".into(), parsed.host.clone().into());
    if let Some(port) = &parsed.port {
        out.insert("port".into(), port.clone().into());
    }
    out.insert("path".into(), json!(parsed.path));
    if !query.is_empty() {
        out.insert("query".into(), Value::Array(query));
    }
    if !variables.is_empty() {
        out.insert("variable".into(), Value::Array(variables));
    }
    Value::Object(out)
}

fn headers(request: &Value) -> Vec<Value> {
    if let Some(Value::Array(headers)) = request.get("headers") {
        return headers.clone();
    }
    let mut out = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for header in array(request, "headerData") {
        let Value::Object(header) = header else {
            continue;
        };
        let mut header = header.clone();
        let key = header
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if key.starts_with("//") || header.get("enabled") == Some(&Value::Bool(false)) {
            header.insert("disabled".into(), true.into());
            header.insert("key".into(), key.replacen("//", "", 1).trim().into());
        }
        header.remove("enabled");
        keys.push(
            header
                .get("key")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        );
        out.push(Value::Object(header));
    }
    let text = request
        .get("headers")
        .and_then(Value::as_str)
        .unwrap_or_default();
    for line in text.split('\n') {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (mut key, value) = (key.trim().to_string(), value.trim().to_string());
        let disabled = key.starts_with("//");
        if disabled {
            key = key.trim_start_matches('/').trim().to_string();
        }
        if key.is_empty() || keys.contains(&key) {
            continue;
        }
        out.push(if disabled {
            json!({"key": key, "value": value, "disabled": true})
        } else {
            json!({"key": key, "value": value})
        });
    }
    out
}

fn body(request: &Value) -> Option<Value> {
    let mode = match request.get("dataMode").and_then(Value::as_str) {
        Some("urlencoded") => Some("urlencoded"),
        Some("params") => Some("formdata"),
        Some("raw") => Some("raw"),
        Some("binary") => Some("file"),
        _ => None,
    };
    let data = request.get("data");
    let raw_mode_data = request.get("rawModeData");
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => true,
    };
    if mode.is_none() && empty(data) && empty(raw_mode_data) {
        return None;
    }
    let raw_text = match raw_mode_data {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Array(items)) if items.len() == 1 && items[0].is_string() => {
            items[0].as_str().map(str::to_string)
        }
        _ => None,
    };
    let mode = match mode {
        Some(mode) => mode,
        None if raw_text.is_none() && data.or(raw_mode_data).is_some_and(Value::is_array) => {
            "formdata"
        }
        None => "raw",
    };
    let mut body = Map::new();
    body.insert("mode".into(), mode.into());
    let content = match mode {
        "raw" => match (&raw_text, data) {
            (Some(text), _) if !text.is_empty() => Value::String(text.clone()),
            (_, Some(Value::String(text))) => Value::String(text.clone()),
            _ => Value::String(String::new()),
        },
        "file" => json!({ "src": raw_text }),
        _ => Value::Array(form_fields(data.filter(|d| d.is_array()).or(raw_mode_data))),
    };
    body.insert(mode.into(), content);
    if request.get("dataDisabled").is_some_and(truthy) {
        body.insert("disabled".into(), true.into());
    }
    Some(Value::Object(body))
}

fn form_fields(data: Option<&Value>) -> Vec<Value> {
    let Some(Value::Array(fields)) = data else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for field in fields {
        let Value::Object(field) = field else {
            continue;
        };
        if !field.get("key").is_some_and(truthy) {
            continue;
        }
        let mut field = field.clone();
        if field.get("type") == Some(&"file".into()) && field.get("value").is_some_and(truthy) {
            let src = field
                .remove("value")
                .filter(Value::is_string)
                .unwrap_or(Value::Null);
            field.insert("src".into(), src);
        }
        if field.get("enabled") == Some(&Value::Bool(false)) {
            field.insert("disabled".into(), true.into());
        }
        field.remove("enabled");
        out.push(Value::Object(field));
    }
    out
}

/// The v2 auth of a v1 entity: its `auth` when in the v2 shape, else the legacy helper.
fn auth(entity: &Value) -> Option<Value> {
    if let Some(auth) = entity.get("auth").filter(|a| a.is_object()) {
        return Some(auth.clone());
    }
    let helper = entity.get("currentHelper").and_then(Value::as_str)?;
    if helper == "normal" {
        return None;
    }
    let kind = match helper {
        "basicAuth" => "basic",
        "bearerAuth" => "bearer",
        "digestAuth" => "digest",
        "oAuth1" => "oauth1",
        "oAuth2" => "oauth2",
        "hawkAuth" => "hawk",
        "awsSigV4" => "awsv4",
        "ntlmAuth" => "ntlm",
        other => other,
    };
    let attributes = match entity.get("helperAttributes") {
        Some(Value::String(text)) => serde_json::from_str(text).ok()?,
        Some(value) => value.clone(),
        None => Value::Null,
    };
    let mut auth = Map::new();
    auth.insert("type".into(), kind.into());
    if let Value::Object(mut params) = attributes {
        params.remove("id");
        params.remove("saveToRequest");
        auth.insert(kind.into(), Value::Object(params));
    }
    Some(Value::Object(auth))
}

fn events(entity: &Value) -> Option<Value> {
    if let Some(Value::Array(events)) = entity.get("events") {
        if !events.is_empty() {
            return Some(Value::Array(events.clone()));
        }
    }
    let script = |listen: &str, key: &str| {
        let exec = match entity.get(key)? {
            Value::String(text) if !text.is_empty() => {
                Value::Array(text.split('\n').map(|l| Value::String(l.into())).collect())
            }
            Value::Array(lines) if !lines.is_empty() => Value::Array(lines.clone()),
            _ => return None,
        };
        Some(json!({"listen": listen, "script": {"type": "text/javascript", "exec": exec}}))
    };
    let events: Vec<Value> = [
        script("test", "tests"),
        script("prerequest", "preRequestScript"),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!events.is_empty()).then_some(Value::Array(events))
}

fn saved_response(response: &Value) -> Value {
    let code = response.get("responseCode");
    json!({
        "name": response.get("name").filter(|n| truthy(n)).cloned().unwrap_or_else(|| "response".into()),
        "status": code.and_then(|c| c.get("name")).cloned(),
        "code": code.and_then(|c| c.get("code")).cloned(),
        "_postman_previewlanguage": response.get("language").cloned(),
        "header": response.get("headers").cloned(),
        "body": response.get("text").cloned(),
    })
}

fn array<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    match value.get(key) {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// JavaScript truthiness.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(flag) => *flag,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}
