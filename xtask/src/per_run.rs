//! Values that a signed request draws anew on every run, masked in both
//! captures before `compare.py` reads them, so that newman's request and the
//! client's compare on everything else.
//!
//! `compare.py --volatile-auth` already compares the `Authorization` values of
//! AWS, OAuth 1.0, Hawk, Digest and EdgeGrid by scheme and parameter names.
//! It does not know:
//! - per-run values in the query or a form body: a presigned AWS URL's
//!   `X-Amz-Date` and `X-Amz-Signature`, OAuth 1.0's `oauth_nonce`,
//!   `oauth_timestamp` and `oauth_signature` when sent as parameters;
//! - a base64 signature (EdgeGrid's, Hawk's MAC, OAuth 1.0's with
//!   `disableHeaderEncoding`), whose `+`, `/` and `=` it reads as more
//!   parameter names;
//! - JSON Web Tokens: an ASAP token's `jti` and `iat`, and the signature of
//!   an ECDSA or RSA-PSS token, which is randomized.
//!
//! A value is masked only when the two sides differ in what the run draws
//! (the nonce, the timestamp, `jti`, `iat`) or the algorithm is randomized;
//! the signature over them goes with them. When the collection fixes the
//! nonce and timestamp, both sides sign the same text and everything,
//! signature included, is compared as sent.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::Failure;

/// What a masked value reads as.
const MASK: &str = "<per-run>";

/// Writes `a_out` and `b_out`: the normalized captures `a` and `b` (JSON
/// lines, one request per line, paired by `item` as `compare.py` pairs them)
/// with their per-run values masked.
pub(crate) fn mask_files(a: &Path, b: &Path, a_out: &Path, b_out: &Path) -> Result<(), Failure> {
    let mut a_items = load(a)?;
    let mut b_items = load(b)?;
    let b_index: BTreeMap<String, usize> = b_items
        .iter()
        .enumerate()
        .map(|(index, (key, _))| (key.clone(), index))
        .collect();
    for (key, a_request) in &mut a_items {
        if let Some(&index) = b_index.get(key.as_str()) {
            mask_pair(&mut a_request.value, &mut b_items[index].1.value);
        }
    }
    save(a_out, &a_items)?;
    save(b_out, &b_items)
}

/// The requests of a JSON lines file, each keyed by its item as `compare.py`
/// keys them (`item`, then `item#2`, ... for repeats).
fn load(path: &Path) -> Result<Vec<(String, Line)>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| Failure(format!("cannot read {}: {err}", path.display())))?;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut items = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let request: Value = serde_json::from_str(line)?;
        let item = request["item"].as_str().unwrap_or_default().to_string();
        let count = seen.entry(item.clone()).or_default();
        *count += 1;
        let key = if *count > 1 {
            format!("{item}#{count}")
        } else {
            item
        };
        items.push((
            key,
            Line {
                text: line.to_string(),
                original: request.clone(),
                value: request,
            },
        ));
    }
    Ok(items)
}

/// One request: its text, and its value before and after masking.
struct Line {
    text: String,
    original: Value,
    value: Value,
}

fn save(path: &Path, items: &[(String, Line)]) -> Result<(), Failure> {
    // A request with nothing masked keeps its text: a reserialized object
    // would lose its key order and the digits of numbers beyond `f64`.
    let text: String = items
        .iter()
        .map(|(_, line)| match line.value == line.original {
            true => format!("{}\n", line.text),
            false => format!("{}\n", line.value),
        })
        .collect();
    std::fs::write(path, text)
        .map_err(|err| Failure(format!("cannot write {}: {err}", path.display())))
}

/// Masks the per-run values of one request as newman (`a`) and the client
/// (`b`) sent it.
pub(crate) fn mask_pair(a: &mut Value, b: &mut Value) {
    if let (Some(Value::String(a_auth)), Some(Value::String(b_auth))) =
        (a.get_mut("auth"), b.get_mut("auth"))
    {
        mask_edgegrid(a_auth, b_auth);
        mask_quoted_params(a_auth, b_auth);
        mask_token(a_auth, b_auth);
    }
    if let (Some(Value::Array(a_query)), Some(Value::Array(b_query))) =
        (a.get_mut("query"), b.get_mut("query"))
    {
        mask_parameters(a_query, b_query);
    }
    let fields = |request: &mut Value| match request.pointer_mut("/body/fields") {
        Some(Value::Array(fields)) => Some(std::mem::take(fields)),
        _ => None,
    };
    if let (Some(mut a_fields), Some(mut b_fields)) = (fields(a), fields(b)) {
        mask_parameters(&mut a_fields, &mut b_fields);
        a["body"]["fields"] = Value::Array(a_fields);
        b["body"]["fields"] = Value::Array(b_fields);
    }
}

/// The value of the first `[name, value, ..]` pair named `name`.
fn parameter<'v>(pairs: &'v [Value], name: &str) -> Option<&'v str> {
    pairs
        .iter()
        .find(|pair| pair[0].as_str() == Some(name))
        .and_then(|pair| pair[1].as_str())
}

/// Sets the value of every pair named `name` to [`MASK`].
fn mask_parameter(pairs: &mut [Value], name: &str) {
    for pair in pairs.iter_mut() {
        if pair[0].as_str() == Some(name) {
            pair[1] = Value::String(MASK.to_string());
        }
    }
}

/// Query parameters or form fields (`[name, value, ..]` pairs): OAuth 1.0's
/// and a presigned AWS URL's per-run values, and JSON Web Tokens.
fn mask_parameters(a: &mut [Value], b: &mut [Value]) {
    // OAuth 1.0 as parameters: a drawn nonce or timestamp changes the signature.
    let drawn: Vec<&str> = ["oauth_nonce", "oauth_timestamp"]
        .into_iter()
        .filter(|name| {
            let (x, y) = (parameter(a, name), parameter(b, name));
            x.is_some() && y.is_some() && x != y
        })
        .collect();
    if !drawn.is_empty() {
        for name in drawn.into_iter().chain(["oauth_signature"]) {
            mask_parameter(a, name);
            mask_parameter(b, name);
        }
    }
    // A presigned AWS URL signs the time it was made, and its credential
    // scope names that day.
    let (a_date, b_date) = (parameter(a, "X-Amz-Date"), parameter(b, "X-Amz-Date"));
    if a_date.is_some() && b_date.is_some() && a_date != b_date {
        let scope = |pairs: &[Value]| parameter(pairs, "X-Amz-Credential").map(str::to_string);
        if let (Some(a_scope), Some(b_scope)) = (scope(a), scope(b)) {
            let (a_scope, b_scope) = mask_scope_dates(&a_scope, &b_scope);
            set_parameter(a, "X-Amz-Credential", &a_scope);
            set_parameter(b, "X-Amz-Credential", &b_scope);
        }
        for name in ["X-Amz-Date", "X-Amz-Signature"] {
            mask_parameter(a, name);
            mask_parameter(b, name);
        }
    }
    // A token in a parameter of the same name and place on both sides.
    for (a_pair, b_pair) in a.iter_mut().zip(b.iter_mut()) {
        if a_pair[0] != b_pair[0] {
            continue;
        }
        if let (Some(Value::String(x)), Some(Value::String(y))) =
            (a_pair.get_mut(1), b_pair.get_mut(1))
        {
            mask_token(x, y);
        }
    }
}

fn set_parameter(pairs: &mut [Value], name: &str, value: &str) {
    for pair in pairs.iter_mut() {
        if pair[0].as_str() == Some(name) {
            pair[1] = Value::String(value.to_string());
        }
    }
}

/// `AKID/20240101/region/service/aws4_request` on both sides, the date
/// masked where the two differ (a run on each side of midnight).
fn mask_scope_dates(a: &str, b: &str) -> (String, String) {
    let (mut x, mut y): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    if x.len() == y.len() && x.len() > 1 && x[1] != y[1] {
        x[1] = MASK;
        y[1] = MASK;
    }
    (x.join("/"), y.join("/"))
}

/// EdgeGrid (`EG1-HMAC-SHA256 client_token=..;..;nonce=..;signature=..`): a
/// drawn nonce or timestamp, and the signature over it.
fn mask_edgegrid(a: &mut String, b: &mut String) {
    const SCHEME: &str = "EG1-HMAC-SHA256 ";
    let params = |value: &str| -> Option<Vec<(String, String)>> {
        let rest = value.strip_prefix(SCHEME)?;
        Some(
            rest.split(';')
                .map(|param| match param.split_once('=') {
                    Some((name, value)) => (name.to_string(), value.to_string()),
                    None => (param.to_string(), String::new()),
                })
                .collect(),
        )
    };
    let (Some(mut x), Some(mut y)) = (params(a), params(b)) else {
        return;
    };
    let get = |params: &[(String, String)], name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let drawn: Vec<&str> = ["nonce", "timestamp"]
        .into_iter()
        .filter(|name| get(&x, name) != get(&y, name))
        .collect();
    if drawn.is_empty() {
        return;
    }
    for params in [&mut x, &mut y] {
        for (name, value) in params.iter_mut() {
            if drawn.contains(&name.as_str()) || name == "signature" {
                *value = MASK.to_string();
            }
        }
    }
    let join = |params: &[(String, String)]| {
        let body: Vec<String> = params.iter().map(|(n, v)| format!("{n}={v}")).collect();
        format!("{SCHEME}{}", body.join(";"))
    };
    *a = join(&x);
    *b = join(&y);
}

/// Schemes of quoted parameters (`Scheme name="value", ..`): the parameters
/// a run draws, and the signature over them.
const QUOTED_SCHEMES: &[(&str, &[&str], &str)] = &[
    (
        "oauth ",
        &["oauth_nonce", "oauth_timestamp"],
        "oauth_signature",
    ),
    ("hawk ", &["nonce", "ts"], "mac"),
];

/// OAuth 1.0 and Hawk in the header: a drawn nonce or timestamp, and the
/// signature over it (a base64 signature, Hawk's MAC or OAuth 1.0's with
/// `disableHeaderEncoding`, would read as more parameter names).
fn mask_quoted_params(a: &mut String, b: &mut String) {
    let quoted = |value: &str, name: &str| -> Option<(usize, usize)> {
        // The name at the start of a parameter, not inside another one's name.
        let mut from = 0;
        let start = loop {
            let at = from + value[from..].find(&format!("{name}=\""))?;
            if at == 0 || matches!(value.as_bytes()[at - 1], b' ' | b',') {
                break at + name.len() + 2;
            }
            from = at + 1;
        };
        let end = start + value[start..].find('"')?;
        Some((start, end))
    };
    let scheme = |value: &str| {
        QUOTED_SCHEMES.iter().find(|(prefix, _, _)| {
            value.len() > prefix.len() && value[..prefix.len()].eq_ignore_ascii_case(prefix)
        })
    };
    let (Some((x_scheme, drawable, signature)), Some((y_scheme, _, _))) = (scheme(a), scheme(b))
    else {
        return;
    };
    if x_scheme != y_scheme {
        return;
    }
    let value_of =
        |value: &str, name: &str| quoted(value, name).map(|(s, e)| value[s..e].to_string());
    let drawn: Vec<&str> = drawable
        .iter()
        .copied()
        .filter(|name| {
            let (x, y) = (value_of(a, name), value_of(b, name));
            x.is_some() && y.is_some() && x != y
        })
        .collect();
    if drawn.is_empty() {
        return;
    }
    for value in [a, b] {
        for name in drawn.iter().copied().chain([*signature]) {
            if let Some((start, end)) = quoted(value, name) {
                value.replace_range(start..end, MASK);
            }
        }
    }
}

/// A JSON Web Token, alone or after a prefix (`Bearer <token>`): when the
/// two differ, each is rewritten as `prefix <header>.<payload>.<signature>`
/// with the JSON texts decoded, a differing `jti` and `iat` masked (`exp`
/// then given relative to `iat`), and the signature masked when it signs
/// masked claims or its algorithm is randomized (ES*, PS*).
fn mask_token(a: &mut String, b: &mut String) {
    if a == b {
        return;
    }
    let (Some(mut x), Some(mut y)) = (Token::parse(a), Token::parse(b)) else {
        return;
    };
    let mut masked = false;
    for claim in ["jti", "iat"] {
        let (xv, yv) = (x.claim(claim), y.claim(claim));
        if xv.is_some() && yv.is_some() && xv != yv {
            if claim == "iat" {
                x.relative_expiry();
                y.relative_expiry();
            }
            x.mask_claim(claim);
            y.mask_claim(claim);
            masked = true;
        }
    }
    let randomized = |token: &Token| {
        let alg = token.algorithm();
        alg.starts_with("ES") || alg.starts_with("PS")
    };
    if masked || (randomized(&x) && randomized(&y)) {
        x.signature = MASK.to_string();
        y.signature = MASK.to_string();
    }
    *a = x.to_string();
    *b = y.to_string();
}

/// A JWS in compact form, its header and payload decoded.
struct Token {
    prefix: String,
    header: String,
    payload: String,
    signature: String,
}

impl Token {
    fn parse(value: &str) -> Option<Token> {
        let (prefix, token) = match value.rsplit_once(' ') {
            Some((prefix, token)) => (format!("{prefix} "), token),
            None => (String::new(), value),
        };
        let mut parts = token.split('.');
        let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header = String::from_utf8(base64url_decode(header)?).ok()?;
        let payload = String::from_utf8(base64url_decode(payload)?).ok()?;
        // Only a JOSE header that names its algorithm.
        serde_json::from_str::<Value>(&header).ok()?.get("alg")?;
        Some(Token {
            prefix,
            header,
            payload,
            signature: signature.to_string(),
        })
    }

    fn algorithm(&self) -> String {
        serde_json::from_str::<Value>(&self.header)
            .ok()
            .and_then(|header| header["alg"].as_str().map(str::to_string))
            .unwrap_or_default()
    }

    fn claim(&self, name: &str) -> Option<Value> {
        serde_json::from_str::<Value>(&self.payload)
            .ok()?
            .get(name)
            .cloned()
    }

    /// Replaces the claim's value in the payload text (both sides write
    /// compact JSON, so the value reads as serde writes it).
    fn replace_claim(&mut self, name: &str, value: &str) {
        if let Some(old) = self.claim(name) {
            let from = format!("{}:{old}", Value::from(name));
            let to = format!("{}:{value}", Value::from(name));
            self.payload = self.payload.replacen(&from, &to, 1);
        }
    }

    fn mask_claim(&mut self, name: &str) {
        self.replace_claim(name, &Value::from(MASK).to_string());
    }

    /// `exp` as `"iat+N"`: the lifetime compares, the instant does not.
    fn relative_expiry(&mut self) {
        if let (Some(exp), Some(iat)) = (
            self.claim("exp").and_then(|v| v.as_i64()),
            self.claim("iat").and_then(|v| v.as_i64()),
        ) {
            let relative = Value::from(format!("iat+{}", exp - iat)).to_string();
            self.replace_claim("exp", &relative);
        }
    }
}

impl std::fmt::Display for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}.{}.{}",
            self.prefix, self.header, self.payload, self.signature
        )
    }
}

/// base64url without padding, as JWS uses it; `None` for other text.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let sextets: Vec<u32> = text
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' => Some(u32::from(b - b'A')),
            b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
            b'-' => Some(62),
            b'_' => Some(63),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if sextets.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &s)| acc | (s << (18 - 6 * i)));
        out.extend_from_slice(&bits.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64url(text: &str) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in text.as_bytes().chunks(3) {
            let bits = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((bits >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn jws(header: &str, payload: &str, signature: &str) -> String {
        format!("{}.{}.{signature}", b64url(header), b64url(payload))
    }

    fn pair(a: Value, b: Value) -> (Value, Value) {
        let (mut a, mut b) = (a, b);
        mask_pair(&mut a, &mut b);
        (a, b)
    }

    #[test]
    fn presigned_urls_and_oauth_parameters_mask_only_what_the_run_drew() {
        let query = |date: &str, day: &str, signature: &str| {
            json!({"query": [["versionId", "3"], ["X-Amz-Date", date],
                ["X-Amz-Credential", format!("AKID/{day}/eu-west-1/s3/aws4_request")],
                ["X-Amz-Signature", signature]]})
        };
        let (a, b) = pair(
            query("20240101T235959Z", "20240101", "aa"),
            query("20240102T000001Z", "20240102", "bb"),
        );
        assert_eq!(a, b);
        assert_eq!(a["query"][0], json!(["versionId", "3"]));
        assert_eq!(a["query"][2][1], "AKID/<per-run>/eu-west-1/s3/aws4_request");
        // The same time on both sides: the signatures must match as sent.
        let (a, b) = pair(
            query("20240101T000000Z", "20240101", "aa"),
            query("20240101T000000Z", "20240101", "bb"),
        );
        assert_ne!(a, b);
        // Another access key still differs.
        let (a, b) = pair(
            query("20240101T000000Z", "20240101", "aa"),
            json!({"query": [["versionId", "3"], ["X-Amz-Date", "20240101T000009Z"],
                ["X-Amz-Credential", "OTHER/20240101/eu-west-1/s3/aws4_request"],
                ["X-Amz-Signature", "bb"]]}),
        );
        assert_ne!(a, b);

        let oauth = |nonce: &str, signature: &str| {
            json!({"body": {"kind": "urlencoded", "fields": [["oauth_consumer_key", "k"],
                ["oauth_nonce", nonce], ["oauth_timestamp", "1"], ["oauth_signature", signature]]}})
        };
        let (a, b) = pair(oauth("n1", "s1"), oauth("n2", "s2"));
        assert_eq!(a, b);
        assert_eq!(a["body"]["fields"][3][1], MASK);
        let (a, b) = pair(oauth("fixed", "s1"), oauth("fixed", "s2"));
        assert_ne!(a, b);
    }

    #[test]
    fn edgegrid_masks_a_drawn_nonce_and_its_signature_only() {
        let auth = |nonce: &str, signature: &str| json!({"auth": format!("EG1-HMAC-SHA256 client_token=c;access_token=t;timestamp=20140321T19:34:21+0000;nonce={nonce};signature={signature}")});
        let (a, b) = pair(auth("n-1", "ab+/c="), auth("n-2", "xy/+z="));
        assert_eq!(a, b);
        assert_eq!(
            a["auth"],
            "EG1-HMAC-SHA256 client_token=c;access_token=t;timestamp=20140321T19:34:21+0000;nonce=<per-run>;signature=<per-run>"
        );
        let (a, b) = pair(auth("fixed", "ab+/c="), auth("fixed", "xy/+z="));
        assert_ne!(a, b);
    }

    #[test]
    fn oauth_and_hawk_headers_mask_a_drawn_nonce_or_time_and_the_signature_only() {
        let auth = |nonce: &str, signature: &str| json!({"auth": format!(r#"OAuth oauth_consumer_key="k",oauth_nonce="{nonce}",oauth_signature="{signature}",oauth_timestamp="1""#)});
        let (a, b) = pair(auth("n1", "ab+/c="), auth("n2", "x/y+z="));
        assert_eq!(a, b);
        assert_eq!(
            a["auth"],
            r#"OAuth oauth_consumer_key="k",oauth_nonce="<per-run>",oauth_signature="<per-run>",oauth_timestamp="1""#
        );
        let (a, b) = pair(auth("fixed", "ab+/c="), auth("fixed", "x/y+z="));
        assert_ne!(a, b);
        // Hawk: `ts` drawn; `hash` (of the payload) still compares.
        let hawk = |ts: &str, mac: &str, hash: &str| json!({"auth": format!(r#"Hawk id="i", ts="{ts}", nonce="n", hash="{hash}", mac="{mac}""#)});
        let (a, b) = pair(hawk("1", "m+/1=", "h"), hawk("2", "m/+2=", "h"));
        assert_eq!(
            a["auth"],
            r#"Hawk id="i", ts="<per-run>", nonce="n", hash="h", mac="<per-run>""#
        );
        assert_eq!(a, b);
        let (a, b) = pair(hawk("1", "m+/1=", "h"), hawk("2", "m/+2=", "other"));
        assert_ne!(a, b);
        let (a, b) = pair(hawk("1", "m+/1=", "h"), hawk("1", "m/+2=", "h"));
        assert_ne!(a, b);
    }

    #[test]
    fn tokens_mask_drawn_claims_and_randomized_signatures_not_deterministic_ones() {
        // ASAP: jti and iat drawn per run; the lifetime still compares.
        let asap = |jti: &str, iat: i64, life: i64| {
            json!({"auth": format!("Bearer {}", jws(r#"{"alg":"RS256","kid":"k"}"#,
                &format!(r#"{{"scope":"read","iat":{iat},"jti":"{jti}","exp":{}}}"#, iat + life), "sig"))})
        };
        let (a, b) = pair(asap("j-1", 100, 600), asap("j-2", 250, 600));
        assert_eq!(a, b);
        assert_eq!(
            a["auth"],
            r#"Bearer {"alg":"RS256","kid":"k"}.{"scope":"read","iat":"<per-run>","jti":"<per-run>","exp":"iat+600"}.<per-run>"#
        );
        let (a, b) = pair(asap("j-1", 100, 600), asap("j-2", 250, 3600));
        assert_ne!(a, b);
        // ES256 in a query parameter: the signature is randomized.
        let es =
            |sig: &str| json!({"query": [["t", jws(r#"{"alg":"ES256"}"#, r#"{"sub":"x"}"#, sig)]]});
        let (a, b) = pair(es("s1"), es("s2"));
        assert_eq!(a, b);
        // HS256 and RS256 are deterministic: a different signature differs.
        let hs = |alg: &str, sig: &str| json!({"auth": jws(&format!(r#"{{"alg":"{alg}"}}"#), r#"{"sub":"x"}"#, sig)});
        for alg in ["HS256", "RS256"] {
            let (a, b) = pair(hs(alg, "s1"), hs(alg, "s2"));
            assert_ne!(a, b);
        }
        // A header laid out differently still differs.
        let (a, b) = pair(
            json!({"auth": jws(r#"{"typ":"JWT","alg":"ES256"}"#, "{}", "s1")}),
            json!({"auth": jws(r#"{"alg":"ES256","typ":"JWT"}"#, "{}", "s2")}),
        );
        assert_ne!(a, b);
    }

    #[test]
    fn unmasked_requests_keep_their_text() {
        let dir = tempfile::tempdir().expect("dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let line = r#"{"item":"x","body":{"kind":"json","value":{"z":1,"a":123456789012345678901234567890}}}"#;
        std::fs::write(&a, format!("{line}\n")).expect("a");
        std::fs::write(&b, format!("{line}\n")).expect("b");
        let (a_out, b_out) = (dir.path().join("a2"), dir.path().join("b2"));
        mask_files(&a, &b, &a_out, &b_out).expect("masked");
        assert_eq!(
            std::fs::read_to_string(&a_out).expect("a2"),
            format!("{line}\n")
        );
        assert_eq!(
            std::fs::read_to_string(&b_out).expect("b2"),
            format!("{line}\n")
        );
    }
}
