//! OAuth 1.0 request signing (RFC 5849), computed as Postman's runtime
//! computes it: the query and form-body parameters are signed with the
//! `oauth_*` ones, the query is re-encoded the RFC 3986 way, and the
//! parameters go in the `Authorization` header, or else in the form body of
//! a POST or PUT, or else in the query.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};

use super::auth::{Credential, Signer, SignerState};
use super::core::{random_u64, secret_header_value, Core, Prepared};
use super::encode;
use super::error::Error;

/// OAuth 1.0 as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct OAuth1 {
    pub(crate) consumer_key: Credential,
    pub(crate) consumer_secret: Credential,
    pub(crate) token: Credential,
    pub(crate) token_secret: Credential,
    /// `HMAC-SHA1`, `HMAC-SHA256`, `HMAC-SHA512` or `PLAINTEXT`.
    pub(crate) signature_method: &'static str,
    /// In the `Authorization` header; else the form body of a POST/PUT, else the query.
    pub(crate) in_header: bool,
    pub(crate) realm: &'static str,
    pub(crate) version: &'static str,
    /// Fixed `oauth_timestamp`; empty: the current time.
    pub(crate) timestamp: &'static str,
    /// Fixed `oauth_nonce`; empty: a new one per request.
    pub(crate) nonce: &'static str,
    pub(crate) callback: &'static str,
    pub(crate) verifier: &'static str,
    /// Sign (and send) parameters with empty values too.
    pub(crate) include_empty: bool,
    /// Add `oauth_body_hash` to requests whose body is not form-encoded.
    pub(crate) body_hash: bool,
    /// Percent-encode the `Authorization` header's values (Postman's
    /// `disableHeaderEncoding` off); names and realm are always encoded.
    pub(crate) encode_header: bool,
    /// The PEM private key of the RSA-SHA* methods.
    pub(crate) private_key: Credential,
    /// The RSA signer (`oauth1_rsa::sign`), present only for RSA-SHA* methods,
    /// so only crates that sign with RSA carry the `rsa` crate.
    pub(crate) rsa: Option<RsaSigner>,
}

/// Signs a base string with a PEM private key: `(method, key, base)`.
pub(crate) type RsaSigner = fn(&str, &str, &str) -> Result<String, Error>;

/// RFC 3986 percent-encoding: everything but `A-Z a-z 0-9 - . _ ~`.
pub(crate) fn percent_encode(text: &str) -> String {
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

/// `k=v&k2` → pairs; a key without `=` has no value.
pub(crate) fn decode_form(form: &str) -> Vec<(String, Option<String>)> {
    form.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (encode::decode(key, true), Some(encode::decode(value, true))),
            None => (encode::decode(pair, true), None),
        })
        .collect()
}

/// The signature base string (RFC 5849 §3.4.1): method, base URL and the
/// sorted, encoded parameters (`oauth_signature` left out).
pub(crate) fn base_string(method: &str, base_url: &str, parameters: &[(String, Option<String>)]) -> String {
    let mut encoded: Vec<(String, String)> = parameters
        .iter()
        .filter(|(key, _)| key != "oauth_signature")
        .map(|(key, value)| (percent_encode(key), percent_encode(value.as_deref().unwrap_or_default())))
        .collect();
    // Sorted by name, then value, as `name value` strings compare.
    encoded.sort_by(|a, b| format!("{} {}", a.0, a.1).cmp(&format!("{} {}", b.0, b.1)));
    let normalized: Vec<String> = encoded.iter().map(|(key, value)| format!("{key}={value}")).collect();
    format!(
        "{}&{}&{}",
        percent_encode(&method.to_ascii_uppercase()),
        percent_encode(base_url),
        percent_encode(&normalized.join("&"))
    )
}

/// The signature of a base string with the given secrets.
pub(crate) fn signature(
    method: &str,
    base: &str,
    consumer_secret: &str,
    token_secret: &str,
) -> Result<String, Error> {
    let key = format!("{}&{}", percent_encode(consumer_secret), percent_encode(token_secret));
    let mac = |bytes: Vec<u8>| encode::base64(&bytes);
    Ok(match method {
        "PLAINTEXT" => key,
        "HMAC-SHA1" => mac(hmac_bytes::<Hmac<Sha1>>(&key, base)?),
        "HMAC-SHA256" => mac(hmac_bytes::<Hmac<Sha256>>(&key, base)?),
        "HMAC-SHA512" => mac(hmac_bytes::<Hmac<Sha512>>(&key, base)?),
        other => return Err(Error::invalid(format!("unsupported OAuth 1.0 signature method `{other}`"))),
    })
}

fn hmac_bytes<M: Mac + hmac::digest::KeyInit>(key: &str, data: &str) -> Result<Vec<u8>, Error> {
    let mut mac = <M as Mac>::new_from_slice(key.as_bytes()).map_err(|_| Error::invalid("invalid HMAC key"))?;
    mac.update(data.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// `oauth_body_hash`: base64 of the body's hash with the method's hash function.
fn body_hash(method: &str, body: &[u8]) -> Option<String> {
    let hash = match method.split_once('-')?.1 {
        "SHA1" => <Sha1 as sha1::Digest>::digest(body).to_vec(),
        "SHA256" => Sha256::digest(body).to_vec(),
        "SHA512" => Sha512::digest(body).to_vec(),
        _ => return None,
    };
    Some(encode::base64(&hash))
}

/// The base URL (RFC 5849 §3.4.1.2): lower-case scheme and host, the port
/// only when not the default, the path, no query.
fn base_url(url: &reqwest::Url) -> String {
    let mut base = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default().to_ascii_lowercase());
    if let Some(port) = url.port() {
        base.push_str(&format!(":{port}"));
    }
    base.push_str(url.path());
    base
}

/// An 11-character nonce of letters and digits, as Postman makes them.
fn nonce() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghiklmnopqrstuvwxyz0123456789";
    let mut bits = u128::from(random_u64()) << 64 | u128::from(random_u64());
    (0..11)
        .map(|_| {
            let c = ALPHABET[(bits % ALPHABET.len() as u128) as usize] as char;
            bits /= ALPHABET.len() as u128;
            c
        })
        .collect()
}

fn is_form(request: &Prepared) -> bool {
    request
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"))
}

fn form_pairs(pairs: &[(String, Option<String>)]) -> String {
    pairs
        .iter()
        .map(|(key, value)| match value {
            Some(value) => format!("{}={}", percent_encode(key), percent_encode(value)),
            None => percent_encode(key),
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl Signer for OAuth1 {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let secret = |credential| core.credential(credential).unwrap_or_default().to_string();
        let consumer_key = secret(self.consumer_key);
        let consumer_secret = secret(self.consumer_secret);
        let private_key = secret(self.private_key);
        let rsa = self.signature_method.starts_with("RSA-");
        let missing_secret = if rsa { private_key.is_empty() } else { consumer_secret.is_empty() };
        if consumer_key.is_empty() || (missing_secret && self.signature_method != "PLAINTEXT") {
            // Postman signs nothing without a consumer key and secret (or private key).
            return Ok(());
        }
        let render = |template: &str| core.render(template);
        let nonce = match render(self.nonce)? {
            fixed if !fixed.trim().is_empty() => fixed,
            _ => nonce(),
        };
        let timestamp = match render(self.timestamp)? {
            fixed if !fixed.trim().is_empty() => fixed,
            _ => SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs().to_string(),
        };

        // Parameters an earlier signature left are replaced.
        request.headers.remove(AUTHORIZATION);
        let query: Vec<(String, Option<String>)> = decode_form(request.url.query().unwrap_or_default())
            .into_iter()
            .filter(|(key, _)| !key.starts_with("oauth_"))
            .collect();
        let form = is_form(request);
        let body_params: Vec<(String, Option<String>)> = match (&request.body, form) {
            (Some(body), true) => decode_form(&String::from_utf8_lossy(body))
                .into_iter()
                .filter(|(key, _)| !key.starts_with("oauth_"))
                .collect(),
            _ => Vec::new(),
        };

        let mut oauth: Vec<(String, String)> = vec![
            ("oauth_consumer_key".into(), consumer_key),
            ("oauth_token".into(), secret(self.token)),
            ("oauth_signature_method".into(), self.signature_method.to_string()),
            ("oauth_timestamp".into(), timestamp),
            ("oauth_nonce".into(), nonce),
            ("oauth_version".into(), render(self.version)?),
        ];
        oauth.retain(|(_, value)| self.include_empty || !value.trim().is_empty());
        // Extensions of the original protocol: only when they have a value.
        if self.body_hash && !form {
            // An empty body hashes as empty; form data is not hashed at all.
            let body = super::auth::signed_body(request, "OAuth 1.0's body hash")?;
            if let Some(hash) = body.and_then(|body| body_hash(self.signature_method, body)) {
                oauth.push(("oauth_body_hash".into(), hash));
            }
        }
        for (key, template) in [("oauth_callback", self.callback), ("oauth_verifier", self.verifier)] {
            let value = render(template)?;
            if !value.is_empty() {
                oauth.push((key.into(), value));
            }
        }

        let mut parameters = query.clone();
        parameters.extend(oauth.iter().map(|(key, value)| (key.clone(), Some(value.clone()))));
        parameters.extend(body_params.iter().cloned());
        let base = base_string(request.method.as_str(), &base_url(&request.url), &parameters);
        let signature = match self.rsa {
            Some(sign) if rsa => sign(self.signature_method, &private_key, &base)?,
            _ => signature(self.signature_method, &base, &consumer_secret, &secret(self.token_secret))?,
        };
        oauth.push(("oauth_signature".into(), signature));

        // The query is sent RFC 3986-encoded, as it was signed.
        let mut query_text = form_pairs(&query);
        let post_or_put = matches!(request.method.as_str(), "POST" | "PUT");
        if self.in_header {
            let mut fields = Vec::new();
            let realm = render(self.realm)?;
            if !realm.trim().is_empty() {
                fields.push(format!("realm=\"{}\"", percent_encode(&realm)));
            }
            for (key, value) in &oauth {
                if !value.is_empty() {
                    let value = if self.encode_header { percent_encode(value.trim()) } else { value.trim().to_string() };
                    fields.push(format!("{}=\"{value}\"", percent_encode(key)));
                }
            }
            request.headers.insert(AUTHORIZATION, secret_header_value(&format!("OAuth {}", fields.join(",")))?);
        } else {
            let pairs: Vec<(String, Option<String>)> =
                oauth.into_iter().map(|(key, value)| (key, Some(value))).collect();
            if post_or_put && form {
                let mut body = body_params;
                body.extend(pairs);
                request.body = Some(form_pairs(&body).into_bytes());
                request.headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
            } else {
                if !query_text.is_empty() {
                    query_text.push('&');
                }
                query_text.push_str(&form_pairs(&pairs));
            }
        }
        request.url.set_query(if query_text.is_empty() { None } else { Some(&query_text) });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        list.iter().map(|(k, v)| (k.to_string(), v.map(str::to_string))).collect()
    }

    #[test]
    fn rfc5849_section_3_4_1_base_string() {
        let url = reqwest::Url::parse("http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b").expect("url");
        let mut parameters = decode_form(url.query().unwrap_or_default());
        parameters.extend(pairs(&[
            ("oauth_consumer_key", Some("9djdj82h48djs9d2")),
            ("oauth_token", Some("kkk9d7dh3k39sjv7")),
            ("oauth_signature_method", Some("HMAC-SHA1")),
            ("oauth_timestamp", Some("137131201")),
            ("oauth_nonce", Some("7d8f3e4a")),
        ]));
        parameters.extend(decode_form("c2&a3=2+q"));
        assert_eq!(
            base_string("POST", &base_url(&url), &parameters),
            "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7"
        );
    }

    #[test]
    fn rfc5849_section_1_2_hmac_sha1_signature() {
        let url = reqwest::Url::parse("http://photos.example.net/photos?file=vacation.jpg&size=original").expect("url");
        let mut parameters = decode_form(url.query().unwrap_or_default());
        parameters.extend(pairs(&[
            ("oauth_consumer_key", Some("dpf43f3p2l4k3l03")),
            ("oauth_token", Some("nnch734d00sl2jdk")),
            ("oauth_signature_method", Some("HMAC-SHA1")),
            ("oauth_timestamp", Some("137131202")),
            ("oauth_nonce", Some("chapoH")),
        ]));
        let base = base_string("GET", &base_url(&url), &parameters);
        let hmac = signature("HMAC-SHA1", &base, "kd94hf93k423kf44", "pfkkdhi9sl3r4s00").expect("signs");
        assert_eq!(hmac, "MdpQcU8iPSUjWoN/UDMsK2sui9I=");
        assert_eq!(
            signature("PLAINTEXT", &base, "kd94hf93k423kf44", "p&s").expect("plaintext"),
            "kd94hf93k423kf44&p%26s"
        );
        assert!(signature("RSA-MD5", &base, "a", "b").is_err());
    }

    #[test]
    fn encoding_and_decoding_follow_rfc3986_and_forms() {
        assert_eq!(percent_encode("a b!*'()~é"), "a%20b%21%2A%27%28%29~%C3%A9");
        assert_eq!(decode_form("a+b=c%2Bd&e&%zz=1"), pairs(&[("a b", Some("c+d")), ("e", None), ("%zz", Some("1"))]));
        assert_eq!(body_hash("HMAC-SHA1", b"Hello World!").as_deref(), Some("Lve95gjOVATpfV8EL5X4nxwjKHE="));
        assert_eq!(body_hash("PLAINTEXT", b""), None);
        let nonce = nonce();
        assert_eq!(nonce.len(), 11);
        assert!(nonce.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
