//! Akamai EdgeGrid (`EG1-HMAC-SHA256`), computed as Akamai's client
//! authentication specification and Postman's runtime compute it: a signing
//! key MACed from the timestamp, then a MAC over the method, scheme, host,
//! path and query, the chosen headers, a hash of a POST body (up to a
//! maximum size) and the header's own fields.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::Url;
use sha2::{Digest as _, Sha256};

use super::auth::{Credential, Signer, SignerState};
use super::core::{secret_header_value, uuid_v4, Core, Prepared};
use super::encode;
use super::error::Error;

/// EdgeGrid as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct EdgeGrid {
    pub(crate) client_token: Credential,
    pub(crate) client_secret: Credential,
    pub(crate) access_token: Credential,
    /// The API's base URL, whose host is signed instead of the request's (empty: the request's).
    pub(crate) base_url: &'static str,
    /// Fixed nonce and timestamp (`yyyyMMddTHH:mm:ss+0000`); empty: new ones per request.
    pub(crate) nonce: &'static str,
    pub(crate) timestamp: &'static str,
    /// Comma-separated names of the headers signed, in order.
    pub(crate) headers_to_sign: &'static str,
    /// The most bytes of a POST body hashed (empty: 131072).
    pub(crate) max_body: &'static str,
}

/// What one EdgeGrid header is computed from.
#[derive(Debug)]
pub(crate) struct Request<'a> {
    pub(crate) client_token: &'a str,
    pub(crate) client_secret: &'a str,
    pub(crate) access_token: &'a str,
    pub(crate) timestamp: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) method: &'a str,
    pub(crate) scheme: &'a str,
    /// Host, with the port when it is not the scheme's default.
    pub(crate) host: &'a str,
    /// Path and query.
    pub(crate) path: &'a str,
    /// The signed headers, `name:value` each, tab-separated.
    pub(crate) canonical_headers: &'a str,
    /// Base64 SHA-256 of a POST body; empty otherwise.
    pub(crate) body_hash: &'a str,
}

fn hmac_base64(key: &[u8], data: &[u8]) -> Result<String, Error> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|_| Error::invalid("invalid EdgeGrid secret"))?;
    mac.update(data);
    Ok(encode::base64(&mac.finalize().into_bytes()))
}

/// The `Authorization` value for `r`.
pub(crate) fn authorization(r: &Request<'_>) -> Result<String, Error> {
    let fields = format!(
        "EG1-HMAC-SHA256 client_token={};access_token={};timestamp={};nonce={};",
        r.client_token, r.access_token, r.timestamp, r.nonce
    );
    let signing_key = hmac_base64(r.client_secret.as_bytes(), r.timestamp.as_bytes())?;
    let path = if r.path.is_empty() { "/" } else { r.path };
    let data = [r.method, r.scheme, r.host, path, r.canonical_headers, r.body_hash, &fields].join("\t");
    Ok(format!("{fields}signature={}", hmac_base64(signing_key.as_bytes(), data.as_bytes())?))
}

/// The named headers' values, trimmed and with runs of whitespace made one
/// space, as `name:value` joined by tabs; absent and empty headers are left out.
pub(crate) fn canonical_headers<'a>(names: &str, value: impl Fn(&str) -> Option<&'a str>) -> String {
    names
        .split(',')
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .filter_map(|name| {
            let value = value(&name).filter(|value| !value.is_empty())?;
            let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("{name}:{value}"))
        })
        .collect::<Vec<_>>()
        .join("\t")
}

/// Base64 SHA-256 of the first `max` bytes of `body`; empty for no body.
pub(crate) fn body_hash(body: &[u8], max: usize) -> String {
    if body.is_empty() || max == 0 {
        return String::new();
    }
    encode::base64(&Sha256::digest(&body[..body.len().min(max)]))
}

/// `yyyyMMddTHH:mm:ss+0000` for a time since the Unix epoch.
fn timestamp(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}T{:02}:{:02}:{:02}+0000", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// `host[:port]` of `url`, the port only when it is not the scheme's default.
fn host(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

impl Signer for EdgeGrid {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let secret = |credential| core.credential(credential).unwrap_or_default().to_string();
        let (client_token, client_secret, access_token) =
            (secret(self.client_token), secret(self.client_secret), secret(self.access_token));
        // Postman signs only with all three.
        if client_token.is_empty() || client_secret.is_empty() || access_token.is_empty() {
            return Ok(());
        }
        let nonce = match core.render(self.nonce)? {
            fixed if !fixed.is_empty() => fixed,
            _ => uuid_v4(),
        };
        let timestamp = match core.render(self.timestamp)? {
            fixed if !fixed.is_empty() => fixed,
            _ => timestamp(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()),
        };
        let host = match core.render(self.base_url)? {
            base if !base.trim().is_empty() => {
                let base = base.trim();
                // A base URL written without a scheme names a host all the same.
                let parsed = Url::parse(base).or_else(|_| Url::parse(&format!("https://{base}")));
                parsed.map(|url| self::host(&url)).map_err(|_| Error::invalid(format!("invalid EdgeGrid base URL `{base}`")))?
            }
            _ => self::host(&request.url),
        };
        let mut path = request.url.path().to_string();
        if let Some(query) = request.url.query() {
            path.push('?');
            path.push_str(query);
        }
        let headers = &request.headers;
        let canonical = canonical_headers(&core.render(self.headers_to_sign)?, |name| {
            headers.get(name).and_then(|value| value.to_str().ok())
        });
        let max = match core.render(self.max_body)?.trim() {
            "" => 131_072,
            max => max.parse::<usize>().unwrap_or(131_072),
        };
        // Only a POST body is hashed; Postman does not hash multipart form data.
        let multipart = headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.to_ascii_lowercase().starts_with("multipart/"));
        let hash = if request.method == reqwest::Method::POST && !multipart {
            body_hash(super::auth::signed_body(request, "EdgeGrid")?.unwrap_or_default(), max)
        } else {
            String::new()
        };
        let value = authorization(&Request {
            client_token: &client_token,
            client_secret: &client_secret,
            access_token: &access_token,
            timestamp: &timestamp,
            nonce: &nonce,
            method: request.method.as_str(),
            scheme: request.url.scheme(),
            host: &host,
            path: &path,
            canonical_headers: &canonical,
            body_hash: &hash,
        })?;
        request.headers.insert(AUTHORIZATION, secret_header_value(&value)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Akamai's published EdgeGrid test data (the edgegrid client libraries' `testdata.json`).
    fn vector(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> String {
        let canonical = canonical_headers("X-Test1,X-Test2,X-Test3", |name| {
            headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
        });
        let hash = if method == "POST" { body_hash(body, 2048) } else { String::new() };
        let value = authorization(&Request {
            client_token: "akab-client-token-xxx-xxxxxxxxxxxxxxxx",
            client_secret: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=",
            access_token: "akab-access-token-xxx-xxxxxxxxxxxxxxxx",
            timestamp: "20140321T19:34:21+0000",
            nonce: "nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            method,
            scheme: "https",
            host: "akaa-baseurl-xxxxxxxxxxx-xxxxxxxxxxxxx.luna.akamaiapis.net",
            path,
            canonical_headers: &canonical,
            body_hash: &hash,
        })
        .expect("header");
        let prefix = "EG1-HMAC-SHA256 client_token=akab-client-token-xxx-xxxxxxxxxxxxxxxx;\
                      access_token=akab-access-token-xxx-xxxxxxxxxxxxxxxx;timestamp=20140321T19:34:21+0000;\
                      nonce=nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx;signature=";
        value.strip_prefix(prefix).expect("fields").to_string()
    }

    #[test]
    fn akamai_test_vectors() {
        assert_eq!(vector("GET", "/", &[], b""), "tL+y4hxyHxgWVD30X3pWnGKHcPzmrIF+LThiAOhMxYU=");
        assert_eq!(vector("GET", "/testapi/v1/t1?p1=1&p2=2", &[], b""), "hKDH1UlnQySSHjvIcZpDMbQHihTQ0XyVAKZaApabdeA=");
        assert_eq!(
            vector("POST", "/testapi/v1/t3", &[], b"datadatadatadatadatadatadatadata"),
            "hXm4iCxtpN22m4cbZb4lVLW5rhX8Ca82vCFqXzSTPe4="
        );
        // A body of max_body bytes, and one longer, hash the same.
        for length in [2048, 3000] {
            assert_eq!(
                vector("POST", "/testapi/v1/t3", &[], &vec![b'd'; length]),
                "6Q6PiTipLae6n4GsSIDTCJ54bEbHUBp+4MUXrbQCBoY="
            );
        }
        assert_eq!(vector("POST", "/testapi/v1/t6", &[], b""), "1gEDxeQGD5GovIkJJGcBaKnZ+VaPtrc4qBUHixjsPCQ=");
        assert_eq!(
            vector("GET", "/testapi/v1/t4", &[("X-Test1", "test-simple-header")], b""),
            "8F9AybcRw+PLxnvT+H0JRkjROrrUgsxJTnRXMzqvcwY="
        );
        assert_eq!(
            vector("GET", "/testapi/v1/t4", &[("X-Test1", "\"     test-header-with-spaces     \"")], b""),
            "ucq2AbjCNtobHfCTuS38fdkl5UDdWHZhQX46fYR8CqI="
        );
        assert_eq!(
            vector("GET", "/testapi/v1/t4", &[("X-Test2", "t2"), ("X-Test1", "t1"), ("X-Test3", "t3")], b""),
            "Wus73Nx8jOYM+kkBFF2q8D1EATRIMr0WLWwpLBgkBqY="
        );
        assert_eq!(
            vector(
                "GET",
                "/testapi/v1/t5",
                &[("X-Test2", "t2"), ("X-Test1", "t1"), ("X-Test3", "t3"), ("X-Extra", "this won't be included")],
                b""
            ),
            "Knd/jc0A5Ghhizjayr0AUUvl2MZjBpS3FDSzvtq4Ixc="
        );
        // A PUT body is not hashed.
        assert_eq!(
            vector("PUT", "/testapi/v1/t6", &[], b"PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"),
            "GNBWEYSEWOLtu+7dD52da2C39aX/Jchpon3K/AmBqBU="
        );
    }

    #[test]
    fn timestamps_are_utc_in_edgegrid_format() {
        assert_eq!(timestamp(1_395_430_461), "20140321T19:34:21+0000");
        assert_eq!(timestamp(951_782_400), "20000229T00:00:00+0000");
        let url = Url::parse("https://example.com:8443/x").expect("url");
        assert_eq!(host(&url), "example.com:8443");
        assert_eq!(host(&Url::parse("https://example.com:443/").expect("url")), "example.com");
    }
}
