//! Sends one request a script queued with `pm.sendRequest`, with the HTTP
//! client of the call the script runs in (blocking or async), or the one the
//! caller gave for scripts (`ScriptHttp`). The request
//! carries only what the script put in it: no credential, default header or
//! hook of the client is added (Postman sends it the same way). Redirects are
//! followed as Postman follows them: at most 10, a 301/302 of anything but
//! GET/HEAD and every 303 become a GET without a body, 307/308 keep the method
//! and body, and an `Authorization` header is dropped when the redirect leaves
//! the host it was written for. The answer is the view `pm.js` turns into a
//! response object (with `responseTime` and `cookies`), or the error the
//! callback receives.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode, Url};
use serde_json::{json, Value};

use super::super::core::Core;
use super::super::encode::{encode, Set};
use super::Net;

/// The most of a response body a script receives.
const MAX_BODY_BYTES: usize = 8 << 20;
/// The most redirects one `pm.sendRequest` follows (Postman's default).
const MAX_REDIRECTS: usize = 10;

/// One request as it goes out (after redirects have rewritten it).
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
}

/// What came back for one hop.
pub(crate) struct Incoming {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Sends `spec` (`{url, method, header, body}`, as `pm.js` queued it) within
/// `time_left` through `net`: the response view, or `{error}` for the callback.
pub(crate) async fn send(core: &Core, spec: &Value, time_left: Duration, net: Net) -> Value {
    let started = Instant::now();
    let mut outgoing = match outgoing(spec) {
        Ok(outgoing) => outgoing,
        Err(error) => return json!({ "error": error }),
    };
    let mut hops = 0;
    loop {
        let Some(left) = time_left.checked_sub(started.elapsed()) else {
            return json!({ "error": "the script's time limit passed before this request was answered" });
        };
        let incoming = match net {
            #[cfg(feature = "blocking")]
            Net::Blocking => blocking(core, &outgoing, left),
            #[cfg(feature = "async")]
            Net::Async => non_blocking(core, &outgoing, left).await,
        };
        let incoming = match incoming {
            Ok(incoming) => incoming,
            Err(error) => return json!({ "error": error }),
        };
        if hops < MAX_REDIRECTS {
            if let Some(next) = redirect(&outgoing, &incoming) {
                outgoing = next;
                hops += 1;
                continue;
            }
        }
        return view(&outgoing.url, &incoming, started.elapsed());
    }
}

/// The request `spec` describes, checked.
pub(crate) fn outgoing(spec: &Value) -> Result<Outgoing, String> {
    let url_text = spec["url"].as_str().unwrap_or_default();
    let url = Url::parse(url_text).map_err(|error| format!("pm.sendRequest: the URL is not valid ({error})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("pm.sendRequest: only http and https URLs are sent, not `{}:`", url.scheme()));
    }
    let method = spec["method"].as_str().unwrap_or("GET");
    let method = Method::from_bytes(method.as_bytes()).map_err(|_| format!("pm.sendRequest: the method `{method}` is not valid"))?;
    let mut headers = HeaderMap::new();
    for header in spec["header"].as_array().into_iter().flatten() {
        let name = header["key"].as_str().unwrap_or_default();
        let value = header["value"].as_str().unwrap_or_default();
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("pm.sendRequest: the header name `{name}` is not valid"))?;
        let value = HeaderValue::from_str(value).map_err(|_| format!("pm.sendRequest: the value of header `{name}` is not valid"))?;
        headers.append(name, value);
    }
    let body = match spec["body"]["mode"].as_str() {
        Some("raw") => Some(spec["body"]["raw"].as_str().unwrap_or_default().as_bytes().to_vec()),
        Some("urlencoded") => {
            let form: Vec<String> = spec["body"]["urlencoded"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|pair| {
                    let key = encode(pair["key"].as_str().unwrap_or_default(), Set::Form);
                    format!("{key}={}", encode(pair["value"].as_str().unwrap_or_default(), Set::Form))
                })
                .collect();
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
            }
            Some(form.join("&").into_bytes())
        }
        Some("formdata") => {
            let boundary = boundary();
            let body = multipart(&spec["body"]["formdata"], &boundary)?;
            // The part boundary is ours: a Content-Type the script set without one is replaced.
            let content_type = format!("multipart/form-data; boundary={boundary}");
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(&content_type).map_err(|error| error.to_string())?);
            Some(body)
        }
        _ => None,
    };
    Ok(Outgoing { method, url, headers, body })
}

/// Postman's multipart boundary: 26 dashes and 24 digits.
fn boundary() -> String {
    let digits: String = (0..24).map(|_| char::from(b'0' + (super::super::core::random_u64() % 10) as u8)).collect();
    format!("--------------------------{digits}")
}

/// A `multipart/form-data` body of text parts (`{key, value, contentType}`).
/// A file part is refused: the sandbox reads no file, and sending the part
/// without its file would differ from Postman without saying so.
pub(crate) fn multipart(parts: &Value, boundary: &str) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    for part in parts.as_array().into_iter().flatten() {
        let key = part["key"].as_str().unwrap_or_default();
        if part["type"].as_str() == Some("file") {
            return Err(format!(
                "pm.sendRequest: the form part `{key}` is a file; the script sandbox reads no file (send the file from Rust instead)"
            ));
        }
        let name = key.replace('"', "%22").replace(['\r', '\n'], " ");
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n").as_bytes());
        if let Some(content_type) = part["contentType"].as_str().filter(|value| !value.is_empty()) {
            body.extend_from_slice(format!("Content-Type: {}\r\n", content_type.replace(['\r', '\n'], " ")).as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part["value"].as_str().unwrap_or_default().as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok(body)
}

/// The request a redirect response leads to, or `None` when `incoming` is
/// not a redirect to follow.
pub(crate) fn redirect(previous: &Outgoing, incoming: &Incoming) -> Option<Outgoing> {
    let status = incoming.status.as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = incoming.headers.get(LOCATION)?.to_str().ok()?;
    let url = previous.url.join(location).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let mut next = previous.clone();
    let to_get = status == 303 || (matches!(status, 301 | 302) && !matches!(previous.method, Method::GET | Method::HEAD));
    if to_get {
        next.method = if previous.method == Method::HEAD { Method::HEAD } else { Method::GET };
        next.body = None;
        next.headers.remove(CONTENT_TYPE);
        next.headers.remove(CONTENT_LENGTH);
    }
    // A credential the script wrote for one host does not follow a redirect to another.
    if url.host_str() != previous.url.host_str() || url.port_or_known_default() != previous.url.port_or_known_default() {
        next.headers.remove(AUTHORIZATION);
    }
    next.url = url;
    Some(next)
}

/// The response as `pm.js` reads it.
fn view(url: &Url, incoming: &Incoming, elapsed: Duration) -> Value {
    let header: Vec<Value> = incoming
        .headers
        .iter()
        .map(|(name, value)| json!({"key": name.as_str(), "value": String::from_utf8_lossy(value.as_bytes())}))
        .collect();
    let cookies = cookies(&incoming.headers, url.host_str().unwrap_or_default());
    json!({
        "code": incoming.status.as_u16(),
        "status": incoming.status.canonical_reason().unwrap_or_default(),
        "header": header,
        "body": String::from_utf8_lossy(&incoming.body),
        "responseTime": u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        "cookies": cookies,
    })
}

/// The cookies of a response's `Set-Cookie` headers, from `host`.
pub(crate) fn cookies(headers: &HeaderMap, host: &str) -> Vec<Value> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| cookie(&String::from_utf8_lossy(value.as_bytes()), host))
        .collect()
}

/// One `Set-Cookie` header as a Postman cookie (`{key, name, value, domain,
/// path, expires, maxAge, httpOnly, secure}`); the domain defaults to `host`
/// (the response's) and the path to `/`, as a cookie jar stores them.
pub(crate) fn cookie(text: &str, host: &str) -> Option<Value> {
    let mut attributes = text.split(';');
    let (name, value) = attributes.next()?.split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let mut cookie = json!({
        "key": name,
        "name": name,
        "value": value.trim().trim_matches('"'),
        "domain": host,
        "path": "/",
        "httpOnly": false,
        "secure": false,
    });
    for attribute in attributes {
        let (key, value) = attribute.split_once('=').map_or((attribute.trim(), ""), |(k, v)| (k.trim(), v.trim()));
        match key.to_ascii_lowercase().as_str() {
            "domain" if !value.is_empty() => cookie["domain"] = json!(value.trim_start_matches('.')),
            "path" if value.starts_with('/') => cookie["path"] = json!(value),
            "expires" => cookie["expires"] = json!(value),
            "max-age" => cookie["maxAge"] = json!(value),
            "httponly" => cookie["httpOnly"] = json!(true),
            "secure" => cookie["secure"] = json!(true),
            "samesite" => cookie["sameSite"] = json!(value),
            _ => {}
        }
    }
    Some(cookie)
}

/// One hop with the client's blocking HTTP client.
#[cfg(feature = "blocking")]
fn blocking(core: &Core, outgoing: &Outgoing, time_left: Duration) -> Result<Incoming, String> {
    use std::io::Read;
    let client = match &core.script_http.blocking_client {
        Some(client) => client,
        None => core.blocking_http().map_err(|error| error.to_string())?,
    };
    let mut request = client.request(outgoing.method.clone(), outgoing.url.clone()).headers(outgoing.headers.clone()).timeout(time_left);
    if let Some(body) = &outgoing.body {
        request = request.body(body.clone());
    }
    // The error without its URL: a script may have put a secret in the query.
    let response = request.send().map_err(|error| format!("pm.sendRequest failed: {}", error.without_url()))?;
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    response
        .take(MAX_BODY_BYTES as u64)
        .read_to_end(&mut body)
        .map_err(|error| format!("pm.sendRequest: reading the response failed: {error}"))?;
    Ok(Incoming { status, headers, body })
}

/// One hop with the client's async HTTP client.
#[cfg(feature = "async")]
async fn non_blocking(core: &Core, outgoing: &Outgoing, time_left: Duration) -> Result<Incoming, String> {
    let client = core.script_http.async_client.as_ref().unwrap_or_else(|| core.async_http());
    let mut request = client.request(outgoing.method.clone(), outgoing.url.clone()).headers(outgoing.headers.clone()).timeout(time_left);
    if let Some(body) = &outgoing.body {
        request = request.body(body.clone());
    }
    let mut response = request.send().await.map_err(|error| format!("pm.sendRequest failed: {}", error.without_url()))?;
    let status = response.status();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|error| format!("pm.sendRequest: reading the response failed: {}", error.without_url()))?
    {
        let room = MAX_BODY_BYTES - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() == MAX_BODY_BYTES {
            break;
        }
    }
    Ok(Incoming { status, headers, body })
}
