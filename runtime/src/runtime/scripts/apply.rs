//! What a pre-request script sees of the request (a Postman-shaped JSON
//! view), and how what it changed is applied to the request that is sent:
//! only the parts the script changed are replaced (rendered with the
//! variables), so auth, default headers and encoding stay the client's.

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::{Method, Url};
use serde_json::{json, Value};

use super::super::core::{Core, Prepared};
use super::super::encode::decode;
use super::super::error::Error;
use super::super::request::Request;
use super::super::response::RawResponse;

fn pairs(text: &str) -> Vec<Value> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => json!({"key": decode(key, false), "value": decode(value, false)}),
            None => json!({"key": decode(pair, false), "value": null}),
        })
        .collect()
}

/// The request as a pre-request script sees it. Headers holding a credential
/// (auth, secret variables) are left out: in Postman auth is applied after
/// the scripts, and a script must not be able to print a credential.
///
/// Header names keep the collection's spelling (scripts compare them with
/// `===`). A query parameter the caller may set but did not is there too, as
/// a disabled parameter with no value: a script sees that the collection has
/// it (`query.has('signature')`), and it is sent only if the script enables it.
pub(crate) fn view(prepared: &Prepared, request: &Request) -> Value {
    let url = &prepared.url;
    let host: Vec<&str> = url.host_str().unwrap_or_default().split('.').collect();
    let path: Vec<String> = url.path().trim_start_matches('/').split('/').map(|segment| decode(segment, false)).collect();
    let spelling = |name: &str| -> String {
        request
            .headers
            .iter()
            .map(|(written, _)| *written)
            .find(|written| written.eq_ignore_ascii_case(name))
            .unwrap_or(name)
            .to_string()
    };
    let header: Vec<Value> = prepared
        .headers
        .iter()
        .filter(|(_, value)| !value.is_sensitive())
        .map(|(name, value)| json!({"key": spelling(name.as_str()), "value": String::from_utf8_lossy(value.as_bytes())}))
        .collect();
    let mut query = url.query().map(pairs).unwrap_or_default();
    query.extend(request.unset_query.iter().map(|(_, key)| json!({"key": key, "value": null, "disabled": true})));
    let content_type = prepared.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let body = match &prepared.body {
        Some(bytes) if !bytes.is_empty() => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            if content_type.starts_with("application/x-www-form-urlencoded") {
                json!({"mode": "urlencoded", "urlencoded": pairs(&text)})
            } else {
                json!({"mode": "raw", "raw": text})
            }
        }
        _ => Value::Null,
    };
    json!({
        "method": prepared.method.as_str(),
        "url": {
            "protocol": url.scheme(),
            "host": host,
            "port": url.port().map(|port| port.to_string()),
            "path": path,
            "query": query,
        },
        "header": header,
        "body": body,
    })
}

/// A response as a test script sees it.
pub(crate) fn response_view(raw: &RawResponse) -> Value {
    let header: Vec<Value> = raw
        .headers
        .iter()
        .map(|(name, value)| json!({"key": name.as_str(), "value": String::from_utf8_lossy(value.as_bytes())}))
        .collect();
    json!({
        "code": raw.status.as_u16(),
        "status": raw.status.canonical_reason().unwrap_or_default(),
        "header": header,
        "body": String::from_utf8_lossy(&raw.body),
        // `pm.cookies` and `pm.response.cookies`: what this response set (the
        // client keeps no cookie jar; the host is not known here).
        "cookies": super::send::cookies(&raw.headers, ""),
    })
}

/// Applies what the scripts changed between `before` and `after` (two views)
/// to `prepared`: method, URL, headers by name, body.
pub(crate) fn apply(core: &Core, before: &Value, after: &Value, prepared: &mut Prepared) -> Result<(), Error> {
    let render = |text: &str| core.render(text);
    if before["method"] != after["method"] {
        let method = after["method"].as_str().unwrap_or_default().to_ascii_uppercase();
        prepared.method = Method::from_bytes(method.as_bytes())
            .map_err(|_| Error::invalid(format!("a pre-request script set the method `{method}`")))?;
    }
    // The script's `pm.request.url.toString()`, when it changed the URL.
    if after["urlChanged"] == Value::Bool(true) {
        let text = render(after["urlText"].as_str().unwrap_or_default())?;
        let text = if text.contains("://") { text } else { format!("http://{text}") };
        prepared.url = Url::parse(&text)
            .map_err(|error| Error::invalid(format!("a pre-request script made the URL invalid: {error}")))?;
    }
    let names = |view: &Value| -> Vec<String> {
        view["header"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|header| header["key"].as_str().map(str::to_ascii_lowercase))
            .collect()
    };
    let values = |view: &Value, name: &str| -> Vec<String> {
        view["header"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|header| header["key"].as_str().is_some_and(|key| key.eq_ignore_ascii_case(name)))
            .filter(|header| header["disabled"] != Value::Bool(true))
            .map(|header| match &header["value"] {
                Value::String(text) => text.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            })
            .collect()
    };
    let mut all = names(before);
    all.extend(names(after));
    all.sort();
    all.dedup();
    for name in all {
        let new = values(after, &name);
        if values(before, &name) == new {
            continue;
        }
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid(format!("a pre-request script added the invalid header name `{name}`")))?;
        prepared.headers.remove(&header);
        for value in new {
            let value = HeaderValue::from_str(&render(&value)?).map_err(|_| {
                Error::invalid(format!("a pre-request script set an invalid value of header `{name}`"))
            })?;
            prepared.headers.append(header.clone(), value);
        }
    }
    if after["bodyChanged"] == Value::Bool(true) {
        let body = &after["body"];
        prepared.upload = None;
        prepared.body = match body["mode"].as_str() {
            Some("urlencoded") => {
                let mut text = String::new();
                for pair in body["urlencoded"].as_array().into_iter().flatten() {
                    if pair["disabled"] == Value::Bool(true) {
                        continue;
                    }
                    if !text.is_empty() {
                        text.push('&');
                    }
                    let field = |value: &Value| value.as_str().map(str::to_string).unwrap_or_default();
                    text.push_str(&super::super::encode::encode(&render(&field(&pair["key"]))?, super::super::encode::Set::QueryValue));
                    text.push('=');
                    text.push_str(&super::super::encode::encode(&render(&field(&pair["value"]))?, super::super::encode::Set::QueryValue));
                }
                Some(text.into_bytes())
            }
            Some(_) => Some(render(body["raw"].as_str().unwrap_or_default())?.into_bytes()),
            None => None,
        };
    }
    Ok(())
}

/// The first `{{name}}` left in `text`, if any.
fn unresolved(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let len = after.find(['{', '}']).unwrap_or(after.len());
        if len > 0 && after[len..].starts_with("}}") {
            return Some(&after[..len]);
        }
        rest = &rest[start + 1..];
    }
    None
}

/// Fails, naming the variable, when the request still holds a `{{name}}`
/// after its scripts ran: the variable is set neither by the caller nor by a script.
pub(crate) fn check_resolved(prepared: &Prepared) -> Result<(), Error> {
    let url = decode(prepared.url.as_str(), false);
    let headers = prepared.headers.values().map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let body = prepared.body.as_deref().map(|bytes| String::from_utf8_lossy(bytes).into_owned());
    for text in std::iter::once(url).chain(headers).chain(body) {
        if let Some(name) = unresolved(&text) {
            return Err(Error::invalid(format!(
                "the variable `{name}` is not set, neither on the client builder (`.var(\"{name}\", ..)`) nor by a script"
            )));
        }
    }
    Ok(())
}
