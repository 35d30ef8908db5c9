//! AWS Signature Version 4 in the `Authorization` header, computed as
//! Postman's runtime computes it (through the `aws4` library): every header
//! the request carries is signed except the few AWS ignores, with `host`,
//! `x-amz-date`, `x-amz-security-token` (temporary credentials) and
//! `x-amz-content-sha256` (a non-empty body, or any S3 request). With
//! `addAuthDataToQuery` the request is presigned instead: the signature and
//! its data go in `X-Amz-*` query parameters.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use sha2::{Digest as _, Sha256};

use super::auth::{Credential, Signer, SignerState};
use super::core::{secret_header_value, Core, Prepared};
use super::encode::decode;
use super::error::Error;

/// AWS Signature v4 as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct AwsV4 {
    pub(crate) access_key: Credential,
    pub(crate) secret_key: Credential,
    pub(crate) session_token: Credential,
    /// Empty: `us-east-1`, Postman's default.
    pub(crate) region: &'static str,
    /// Empty: `execute-api` (API Gateway), Postman's default.
    pub(crate) service: &'static str,
    /// A presigned URL: the signature and its data in `X-Amz-*` query
    /// parameters (Postman's `addAuthDataToQuery`), not in headers.
    pub(crate) in_query: bool,
}

/// The query parameters of a presigned request, which a new signature replaces
/// (`X-Amz-Expires` stays: the caller may set it).
const QUERY_AUTH: &[&str] = &[
    "X-Amz-Security-Token",
    "X-Amz-Date",
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
];

/// Headers AWS leaves out of signatures.
const IGNORED: &[&str] = &[
    "authorization",
    "connection",
    "x-amzn-trace-id",
    "user-agent",
    "expect",
    "presigned-expires",
    "range",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 percent-encoding of everything but `A-Z a-z 0-9 - . _ ~`.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The canonical URI: for most services the path normalized (`//`, `.` and
/// `..` resolved) and each segment encoded again; for S3 each segment
/// decoded and encoded once, slashes kept.
pub(crate) fn canonical_path(path: &str, service: &str) -> String {
    if path == "/" || path.is_empty() {
        return "/".to_string();
    }
    let s3 = service == "s3";
    let mut path = path.to_string();
    if !s3 {
        while path.contains("//") {
            path = path.replace("//", "/");
        }
    }
    let mut pieces: Vec<String> = Vec::new();
    for piece in path.split('/') {
        if !s3 && piece == ".." {
            pieces.pop();
        } else if s3 || piece != "." {
            let piece = if s3 { decode(piece, true) } else { piece.to_string() };
            pieces.push(encode(&piece));
        }
    }
    let mut out = pieces.join("/");
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    if s3 {
        out = out.replace("%2F", "/");
    }
    out
}

/// The canonical query: pairs decoded, encoded, sorted by key then value;
/// empty keys dropped; S3 keeps a repeated key's first value only.
pub(crate) fn canonical_query(query: &str, service: &str) -> String {
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = encode(&decode(key, true));
        if key.is_empty() {
            continue;
        }
        let value = encode(&decode(value, true));
        match keys.iter_mut().find(|(existing, _)| *existing == key) {
            Some((_, values)) => values.push(value),
            None => keys.push((key, vec![value])),
        }
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut pieces = Vec::new();
    for (key, mut values) in keys {
        if service == "s3" {
            values.truncate(1);
        } else {
            values.sort();
        }
        pieces.extend(values.into_iter().map(|value| format!("{key}={value}")));
    }
    pieces.join("&")
}

/// Everything one signature is computed from.
#[derive(Debug)]
pub(crate) struct Signing<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    /// Lower-case names and values, in any order; repeated names allowed.
    pub(crate) headers: &'a [(String, String)],
    pub(crate) payload_hash: &'a str,
    /// `YYYYMMDDTHHMMSSZ`.
    pub(crate) datetime: &'a str,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    pub(crate) access_key: &'a str,
    pub(crate) secret_key: &'a str,
}

/// The signed headers, lower-case, trimmed, repeats joined, sorted by name.
fn signed_headers(signing_headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, value) in signing_headers {
        if IGNORED.contains(&name.as_str()) {
            continue;
        }
        let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        match headers.iter_mut().find(|(existing, _)| existing == name) {
            Some((_, joined)) => {
                joined.push(',');
                joined.push_str(&value);
            }
            None => headers.push((name.clone(), value)),
        }
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    headers
}

/// The canonical request, the credential scope and the signature.
pub(crate) fn signature(signing: &Signing<'_>) -> (String, String, String) {
    let headers = signed_headers(signing.headers);
    let signed_headers = headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(";");
    let canonical_headers: String = headers.iter().map(|(name, value)| format!("{name}:{value}\n")).collect();
    let canonical = format!(
        "{}\n{}\n{}\n{canonical_headers}\n{signed_headers}\n{}",
        signing.method,
        canonical_path(signing.path, signing.service),
        canonical_query(signing.query, signing.service),
        signing.payload_hash
    );
    let date = &signing.datetime[..8.min(signing.datetime.len())];
    let scope = format!("{date}/{}/{}/aws4_request", signing.region, signing.service);
    let to_sign = format!("AWS4-HMAC-SHA256\n{}\n{scope}\n{}", signing.datetime, sha256_hex(canonical.as_bytes()));
    let key = hmac(format!("AWS4{}", signing.secret_key).as_bytes(), date);
    let key = hmac(&key, signing.region);
    let key = hmac(&key, signing.service);
    let key = hmac(&key, "aws4_request");
    let signature = hex(&hmac(&key, &to_sign));
    (canonical, scope, signature)
}

/// The canonical request, and the `Authorization` value.
pub(crate) fn authorization(signing: &Signing<'_>) -> (String, String) {
    let (canonical, scope, signature) = self::signature(signing);
    let signed_headers = names(signing.headers);
    let header = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        signing.access_key
    );
    (canonical, header)
}

/// `name;name` of the headers signed.
fn names(headers: &[(String, String)]) -> String {
    signed_headers(headers).iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(";")
}

/// The query of a presigned request as aws4 makes it: `query` with the
/// `X-Amz-*` parameters that describe the signature, then the signature.
pub(crate) fn presigned_query(signing: &Signing<'_>, session_token: &str) -> String {
    let date = &signing.datetime[..8.min(signing.datetime.len())];
    let scope = format!("{date}/{}/{}/aws4_request", signing.region, signing.service);
    let mut added: Vec<(&str, String)> = Vec::new();
    if !session_token.is_empty() {
        added.push(("X-Amz-Security-Token", session_token.to_string()));
    }
    let has_expires = signing.query.split('&').any(|pair| pair.split('=').next() == Some("X-Amz-Expires"));
    if signing.service == "s3" && !has_expires {
        added.push(("X-Amz-Expires", "86400".to_string()));
    }
    added.push(("X-Amz-Date", signing.datetime.to_string()));
    added.push(("X-Amz-Algorithm", "AWS4-HMAC-SHA256".to_string()));
    added.push(("X-Amz-Credential", format!("{}/{scope}", signing.access_key)));
    added.push(("X-Amz-SignedHeaders", names(signing.headers)));
    let mut query = signing.query.to_string();
    for (name, value) in added {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&format!("{name}={}", encode(&value)));
    }
    let (_, _, signature) = self::signature(&Signing { query: &query, ..*signing });
    format!("{query}&X-Amz-Signature={signature}")
}

/// `YYYYMMDDTHHMMSSZ` for seconds since the Unix epoch.
pub(crate) fn amz_datetime(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

impl Signer for AwsV4 {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let secret = |credential| core.credential(credential).unwrap_or_default().to_string();
        let access_key = secret(self.access_key);
        if access_key.is_empty() {
            return Ok(());
        }
        let region = match core.render(self.region)? {
            region if region.trim().is_empty() => "us-east-1".to_string(),
            region => region,
        };
        let service = match core.render(self.service)? {
            service if service.trim().is_empty() => "execute-api".to_string(),
            service => service,
        };
        for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            request.headers.remove(name);
        }
        if self.in_query {
            return self.presign(request, &access_key, &secret(self.secret_key), &secret(self.session_token), &region, &service);
        }
        // Form data is not hashed: aws4 then hashes the empty payload.
        let body = super::auth::signed_body(request, "AWS Signature Version 4")?.unwrap_or_default();
        let payload_hash = sha256_hex(body);
        let session_token = secret(self.session_token);
        let datetime = amz_datetime(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs());

        let mut host = request.url.host_str().unwrap_or_default().to_string();
        if let Some(port) = request.url.port() {
            host.push_str(&format!(":{port}"));
        }
        let mut added: Vec<(&'static str, String)> = vec![("x-amz-date", datetime.clone())];
        if !session_token.is_empty() {
            added.push(("x-amz-security-token", session_token));
        }
        // Postman hashes non-empty bodies into this header; aws4 adds it for every S3 request.
        if !body.is_empty() || service == "s3" {
            added.push(("x-amz-content-sha256", payload_hash.clone()));
        }
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        if !request.headers.contains_key("host") {
            headers.push(("host".to_string(), host));
        }
        headers.extend(added.iter().map(|(name, value)| (name.to_string(), value.clone())));
        let path = request.url.path().to_string();
        let query = request.url.query().unwrap_or_default().to_string();
        let (_, header) = authorization(&Signing {
            method: request.method.as_str(),
            path: &path,
            query: &query,
            headers: &headers,
            payload_hash: &payload_hash,
            datetime: &datetime,
            region: &region,
            service: &service,
            access_key: &access_key,
            secret_key: &secret(self.secret_key),
        });
        for (name, value) in added {
            let mut value = HeaderValue::from_str(&value)
                .map_err(|_| Error::invalid(format!("the value of `{name}` is not a valid header value")))?;
            value.set_sensitive(name == "x-amz-security-token");
            request.headers.insert(HeaderName::from_static(name), value);
        }
        request.headers.insert(AUTHORIZATION, secret_header_value(&header)?);
        Ok(())
    }
}

impl AwsV4 {
    /// Signs `request` as a presigned URL. As Postman does, the body is not
    /// hashed: S3 signs `UNSIGNED-PAYLOAD`, other services an empty payload.
    fn presign(
        &self,
        request: &mut Prepared,
        access_key: &str,
        secret_key: &str,
        session_token: &str,
        region: &str,
        service: &str,
    ) -> Result<(), Error> {
        let query: Vec<&str> = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter(|pair| !QUERY_AUTH.contains(&pair.split('=').next().unwrap_or_default()))
            .collect();
        let query = query.join("&");
        let mut host = request.url.host_str().unwrap_or_default().to_string();
        if let Some(port) = request.url.port() {
            host.push_str(&format!(":{port}"));
        }
        let mut headers: Vec<(String, String)> = request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        if !request.headers.contains_key("host") {
            headers.push(("host".to_string(), host));
        }
        let payload_hash = if service == "s3" { "UNSIGNED-PAYLOAD".to_string() } else { sha256_hex(b"") };
        let datetime = amz_datetime(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs());
        let path = request.url.path().to_string();
        let signed = presigned_query(
            &Signing {
                method: request.method.as_str(),
                path: &path,
                query: &query,
                headers: &headers,
                payload_hash: &payload_hash,
                datetime: &datetime,
                region,
                service,
                access_key,
                secret_key,
            },
            session_token,
        );
        request.url.set_query(Some(&signed));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// A request of AWS's signature v4 test suite (`aws-sig-v4-test-suite`).
    fn suite<'a>(method: &'a str, query: &'a str, headers: &'a [(String, String)]) -> Signing<'a> {
        Signing {
            method,
            path: "/",
            query,
            headers,
            payload_hash: EMPTY_HASH,
            datetime: "20150830T123600Z",
            region: "us-east-1",
            service: "service",
            access_key: "AKIDEXAMPLE",
            secret_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        }
    }

    fn suite_headers() -> Vec<(String, String)> {
        vec![
            ("host".to_string(), "example.amazonaws.com".to_string()),
            ("x-amz-date".to_string(), "20150830T123600Z".to_string()),
        ]
    }

    #[test]
    fn aws_suite_get_vanilla() {
        let (canonical, header) = authorization(&suite("GET", "", &suite_headers()));
        assert_eq!(
            canonical,
            format!("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n{EMPTY_HASH}")
        );
        assert_eq!(
            header,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn aws_suite_post_vanilla_and_query_order() {
        let (_, header) = authorization(&suite("POST", "", &suite_headers()));
        assert!(header.ends_with("Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"), "{header}");
        let (canonical, header) = authorization(&suite("GET", "Param2=value2&Param1=value1", &suite_headers()));
        assert!(canonical.starts_with("GET\n/\nParam1=value1&Param2=value2\n"), "{canonical}");
        assert!(header.ends_with("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"), "{header}");
    }

    #[test]
    fn aws_s3_presigned_url_example() {
        // AWS's S3 documentation, "Authenticating Requests: Using Query
        // Parameters": GET /test.txt of examplebucket, valid 86400 seconds.
        let headers = vec![("host".to_string(), "examplebucket.s3.amazonaws.com".to_string())];
        let query = presigned_query(
            &Signing {
                method: "GET",
                path: "/test.txt",
                query: "",
                headers: &headers,
                payload_hash: "UNSIGNED-PAYLOAD",
                datetime: "20130524T000000Z",
                region: "us-east-1",
                service: "s3",
                access_key: "AKIAIOSFODNN7EXAMPLE",
                secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            },
            "",
        );
        assert!(query.contains("X-Amz-Expires=86400&X-Amz-Date=20130524T000000Z&X-Amz-Algorithm=AWS4-HMAC-SHA256"));
        assert!(query.contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"));
        assert!(
            query.ends_with("&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
            "{query}"
        );
    }

    #[test]
    fn paths_and_queries_are_canonical_as_aws4_makes_them() {
        assert_eq!(canonical_path("/a//b/./c/../d%20e", "service"), "/a/b/d%2520e");
        assert_eq!(canonical_path("/bucket/a%20b+c/d", "s3"), "/bucket/a%20b%20c/d");
        assert_eq!(canonical_query("b=2&a=x+y&a=%21&flag&=v", "service"), "a=%21&a=x%20y&b=2&flag=");
        assert_eq!(canonical_query("a=2&a=1", "s3"), "a=2");
        assert_eq!(amz_datetime(1_440_938_160), "20150830T123600Z");
    }

    #[test]
    fn header_values_are_trimmed_and_repeats_joined() {
        let headers = [
            ("host".to_string(), "example.amazonaws.com".to_string()),
            ("x-amz-date".to_string(), "20150830T123600Z".to_string()),
            ("my-header1".to_string(), "  value1  two   spaces ".to_string()),
            ("my-header1".to_string(), "value2".to_string()),
            ("user-agent".to_string(), "ignored".to_string()),
        ];
        let (canonical, _) = authorization(&suite("GET", "", &headers));
        assert!(canonical.contains("\nmy-header1:value1 two spaces,value2\n"), "{canonical}");
        assert!(canonical.contains("\nhost;my-header1;x-amz-date\n"), "{canonical}");
    }
}
