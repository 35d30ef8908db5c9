//! JWT bearer and ASAP (Atlassian service-to-service) auth: a JSON Web Token
//! built per request, as Postman's runtime builds it, and sent as
//! `Authorization: <prefix> <token>` (or, for JWT, a query parameter).
//!
//! The JOSE header and payload are laid out here, so they keep the
//! collection's member order and extra header fields. `jsonwebtoken` computes
//! HS, RS and PS signatures; RustCrypto's `p256`, `p384` and `p521` compute
//! ES256/384/512 (`jsonwebtoken` 9 has no ES512 and reads no SEC1 keys), and
//! `pkcs8` decrypts passphrase-protected keys.

use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, EncodingKey};
use reqwest::header::AUTHORIZATION;

use super::auth::{Credential, Signer, SignerState};
use super::core::{secret_header_value, uuid_v4, Core, Prepared};
use super::encode::{self, Set};
use super::error::Error;

/// JWT bearer auth as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct Jwt {
    /// The HMAC secret (HS256/384/512).
    pub(crate) secret: Credential,
    /// The PEM private key (RS*, PS*, ES*).
    pub(crate) private_key: Credential,
    /// The passphrase of an encrypted PKCS#8 private key (`Absent` when the
    /// collection names none; the caller may still set one).
    pub(crate) passphrase: Credential,
    /// `HS256` (Postman's default) ... `ES512`.
    pub(crate) algorithm: &'static str,
    /// Extra JOSE header fields, a JSON object (`alg` is the algorithm's).
    pub(crate) header: &'static str,
    /// The payload, a JSON object sent as written.
    pub(crate) payload: &'static str,
    /// The secret is base64 (`isSecretBase64Encoded`).
    pub(crate) secret_base64: bool,
    /// In the query (`addTokenTo: queryParam`) instead of the header.
    pub(crate) in_query: bool,
    /// The query parameter's name (empty: `token`).
    pub(crate) query_key: &'static str,
    /// The header's prefix (empty: none; the lowering gives `Bearer` when
    /// the collection has no `headerPrefix`).
    pub(crate) header_prefix: &'static str,
}

/// ASAP as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct Asap {
    /// The private key: PEM, or `data:application/pkcs8;kid=<kid>;base64,<DER>`.
    pub(crate) private_key: Credential,
    /// `RS256` (Postman's default), RS*, PS*, ES*.
    pub(crate) algorithm: &'static str,
    pub(crate) kid: &'static str,
    pub(crate) issuer: &'static str,
    pub(crate) subject: &'static str,
    pub(crate) audience: &'static str,
    /// Lifetime in seconds (empty: 3600).
    pub(crate) expiry: &'static str,
    /// Extra claims, a JSON object; its `iss`, `sub`, `aud`, `kid`, `jti`,
    /// `iat` and `exp` win over the fields above.
    pub(crate) claims: &'static str,
}

/// The algorithm named `name`.
fn algorithm(name: &str) -> Result<Algorithm, Error> {
    Ok(match name {
        "HS256" => Algorithm::HS256,
        "HS384" => Algorithm::HS384,
        "HS512" => Algorithm::HS512,
        "RS256" => Algorithm::RS256,
        "RS384" => Algorithm::RS384,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        // ECDSA signs with the curve crates (see `ecdsa_signature`); the
        // value only marks the family here.
        "ES256" | "ES384" | "ES512" => Algorithm::ES256,
        other => return Err(Error::invalid(format!("invalid JWT algorithm `{other}`"))),
    })
}

/// The members of a JSON object text, in order, each as (key, compact value
/// text); an empty text is an empty object. `what` names the text in errors.
pub(crate) fn members(text: &str, what: &str) -> Result<Vec<(String, String)>, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Vec::new());
    }
    let invalid = || Error::invalid(format!("the JWT {what} is not a JSON object"));
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(_)) => {}
        _ => return Err(invalid()),
    }
    let compact = compact(text);
    let inner = &compact[1..compact.len() - 1];
    let mut members: Vec<(String, String)> = Vec::new();
    for member in split_top_level(inner) {
        let (key, value) = split_key(member).ok_or_else(invalid)?;
        let key: String = serde_json::from_str(key).map_err(|_| invalid())?;
        // A repeated key keeps the last value, in the first one's place (JSON.parse).
        match members.iter_mut().find(|(existing, _)| *existing == key) {
            Some(slot) => slot.1 = value.to_string(),
            None => members.push((key, value.to_string())),
        }
    }
    Ok(members)
}

/// `text` without the whitespace between tokens (valid JSON in, valid JSON out).
fn compact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Splits compact JSON at the commas outside strings, arrays and objects.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut start) = (0usize, false, false, 0);
    for (index, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        parts.push(&text[start..]);
    }
    parts
}

/// `"key":value` as its key (a JSON string) and value.
fn split_key(member: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (index, c) in member.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                let rest = member[index + 1..].strip_prefix(':')?;
                return Some((&member[..=index], rest));
            }
            _ => {}
        }
    }
    None
}

/// The index a JavaScript object orders `key` by, when it is an array index
/// (`"0"`, `"12"`; not `"012"`, `"-1"` or 2^32 - 1 and above).
fn array_index(key: &str) -> Option<u32> {
    let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()));
    key.parse::<u32>().ok().filter(|&index| canonical && index != u32::MAX)
}

/// A JSON object from members, in the order `JSON.stringify` gives a parsed
/// object's keys: array indexes ascending, then the other keys in order.
fn object(members: &[(String, String)]) -> String {
    let mut ordered: Vec<&(String, String)> = members.iter().collect();
    ordered.sort_by_key(|(key, _)| array_index(key).map_or((1, 0), |index| (0, index)));
    let body: Vec<String> = ordered
        .into_iter()
        .map(|(key, value)| format!("{}:{value}", serde_json::Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", body.join(","))
}

/// base64url without padding.
fn base64url(bytes: &[u8]) -> String {
    encode::base64(bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

/// Decodes base64 (standard or URL alphabet) as Node's `Buffer.from(.., 'base64')`
/// does: characters outside the alphabet are skipped, a partial group dropped.
fn base64_decode_lenient(text: &str) -> Vec<u8> {
    let sextets: Vec<u8> = text
        .bytes()
        .take_while(|&b| b != b'=')
        .filter_map(|b| match b {
            b'A'..=b'Z' => Some(b - b'A'),
            b'a'..=b'z' => Some(b - b'a' + 26),
            b'0'..=b'9' => Some(b - b'0' + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        })
        .collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, &s)| acc | (u32::from(s) << (18 - 6 * i)));
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// A PEM private key rewrapped as PEM parsers expect it: Postman accepts keys
/// whose line breaks were lost (ASAP removes them), and ASAP's
/// `data:application/pkcs8;kid=..;base64,..` URIs, whose kid must be `kid`.
pub(crate) fn normalize_pem(key: &str, kid: Option<&str>) -> Result<String, Error> {
    let key = key.trim().trim_matches('"');
    let (label, body) = if let Some(uri) = key.strip_prefix("data:") {
        let uri = super::encode::decode(uri, false);
        let rest = uri
            .strip_prefix("application/pkcs8;kid=")
            .ok_or_else(|| Error::invalid("the private key is a malformed data URI"))?;
        let (uri_kid, data) =
            rest.split_once(";base64,").ok_or_else(|| Error::invalid("the private key is a malformed data URI"))?;
        if kid.is_some_and(|kid| kid != uri_kid) {
            return Err(Error::invalid("the key id does not match the one in the private key's data URI"));
        }
        ("PRIVATE KEY".to_string(), data.to_string())
    } else {
        let begin = key.find("-----BEGIN ").ok_or_else(|| Error::invalid("the private key is not PEM"))?;
        let after = &key[begin + "-----BEGIN ".len()..];
        let label_end = after.find("-----").ok_or_else(|| Error::invalid("the private key is not PEM"))?;
        let label = &after[..label_end];
        let body = &after[label_end + 5..];
        let end = body.find("-----END").ok_or_else(|| Error::invalid("the private key is not PEM"))?;
        (label.to_string(), body[..end].to_string())
    };
    // Line breaks may also come escaped (`\n` typed into a variable).
    let body: String = body.replace("\\n", "").replace("\\r", "").chars().filter(|c| !c.is_whitespace()).collect();
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|line| std::str::from_utf8(line).unwrap_or_default()).collect();
    Ok(format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n")))
}

/// A PEM private key's label and DER bytes; an encrypted PKCS#8 key
/// (`ENCRYPTED PRIVATE KEY`) is decrypted with `passphrase` first.
fn private_key_der(pem: &[u8], passphrase: Option<&str>) -> Result<(String, Vec<u8>), Error> {
    let bad = |e: &dyn std::fmt::Display| Error::invalid(format!("invalid JWT signing key: {e}"));
    let (label, der) = pkcs8::der::pem::decode_vec(pem).map_err(|e| bad(&e))?;
    if label != "ENCRYPTED PRIVATE KEY" {
        return Ok((label.to_string(), der));
    }
    let passphrase = passphrase.filter(|p| !p.is_empty()).ok_or_else(|| {
        Error::invalid("the JWT private key is encrypted and no passphrase is set (`jwt_private_key_passphrase`)")
    })?;
    let encrypted = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice()).map_err(|e| bad(&e))?;
    let decrypted = encrypted
        .decrypt(passphrase)
        .map_err(|e| Error::invalid(format!("cannot decrypt the JWT private key (wrong passphrase?): {e}")))?;
    Ok(("PRIVATE KEY".to_string(), decrypted.as_bytes().to_vec()))
}

/// The fixed-size `r || s` ECDSA signature (JWS ES*) of `message` with a
/// PKCS#8 or SEC1 (`EC PRIVATE KEY`) key of the curve `$curve`.
macro_rules! ecdsa_signature {
    ($curve:ident, $label:expr, $der:expr, $message:expr) => {{
        use $curve::ecdsa::{signature::Signer, Signature, SigningKey};
        use $curve::pkcs8::DecodePrivateKey;
        let secret = match $label {
            "EC PRIVATE KEY" => $curve::SecretKey::from_sec1_der($der).map_err(|e| e.to_string()),
            _ => $curve::SecretKey::from_pkcs8_der($der).map_err(|e| e.to_string()),
        };
        secret.and_then(|secret| SigningKey::from_bytes(&secret.to_bytes()).map_err(|e| e.to_string())).map(|key| {
            let signature: Signature = key.sign($message);
            signature.to_bytes().to_vec()
        })
    }};
}

/// The signature of `message` by `alg_name` with `key`: the secret for HS,
/// else a PEM private key (PKCS#8, encrypted PKCS#8 with `passphrase`,
/// PKCS#1 for RSA, SEC1 for EC).
fn signature(alg_name: &str, message: &[u8], key: &[u8], passphrase: Option<&str>) -> Result<String, Error> {
    let alg = algorithm(alg_name)?;
    let signing_error = |e: &dyn std::fmt::Display| Error::invalid(format!("cannot sign the JWT: {e}"));
    if let Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512 = alg {
        return jsonwebtoken::crypto::sign(message, &EncodingKey::from_secret(key), alg).map_err(|e| signing_error(&e));
    }
    let (label, der) = private_key_der(key, passphrase)?;
    let bad_key = |e: &dyn std::fmt::Display| Error::invalid(format!("invalid {alg_name} signing key: {e}"));
    let ecdsa = match alg_name {
        "ES256" => Some(ecdsa_signature!(p256, label.as_str(), &der, message)),
        "ES384" => Some(ecdsa_signature!(p384, label.as_str(), &der, message)),
        "ES512" => Some(ecdsa_signature!(p521, label.as_str(), &der, message)),
        _ => None,
    };
    if let Some(signature) = ecdsa {
        return signature.map(|bytes| base64url(&bytes)).map_err(|e| bad_key(&e));
    }
    // RSA keys go to `jsonwebtoken` as PEM again (PKCS#8 or PKCS#1).
    let pem = pkcs8::der::pem::encode_string(&label, pkcs8::LineEnding::LF, &der).map_err(|e| bad_key(&e))?;
    let key = EncodingKey::from_rsa_pem(pem.as_bytes()).map_err(|e| bad_key(&e))?;
    jsonwebtoken::crypto::sign(message, &key, alg).map_err(|e| signing_error(&e))
}

/// `header.payload.signature` (JWS compact serialization) of the JSON texts.
pub(crate) fn token(alg_name: &str, header: &str, payload: &str, key: &[u8]) -> Result<String, Error> {
    token_with_passphrase(alg_name, header, payload, key, None)
}

/// [`token`] with the passphrase of an encrypted private key.
fn token_with_passphrase(
    alg_name: &str,
    header: &str,
    payload: &str,
    key: &[u8],
    passphrase: Option<&str>,
) -> Result<String, Error> {
    let message = format!("{}.{}", base64url(header.as_bytes()), base64url(payload.as_bytes()));
    let signature = signature(alg_name, message.as_bytes(), key, passphrase)?;
    Ok(format!("{message}.{signature}"))
}

/// Whether an algorithm name is an HMAC one.
fn is_hmac(name: &str) -> bool {
    name.starts_with("HS")
}

impl Jwt {
    /// The token for the rendered settings and key.
    fn build(&self, core: &Core, key: &str) -> Result<String, Error> {
        let alg = match core.render(self.algorithm)? {
            alg if alg.is_empty() => "HS256".to_string(),
            alg => alg,
        };
        // Postman's runtime builds the header as `{ ...header, alg }`: the
        // collection's members in their order, `alg` set over its own place
        // when the collection has one, else added last.
        let mut header = members(&core.render(self.header)?, "header")?;
        let alg_value = serde_json::Value::from(alg.as_str()).to_string();
        match header.iter_mut().find(|(k, _)| k == "alg") {
            Some(slot) => slot.1 = alg_value,
            None => header.push(("alg".to_string(), alg_value)),
        }
        let payload = object(&members(&core.render(self.payload)?, "payload")?);
        let key = if is_hmac(&alg) && self.secret_base64 {
            // `Buffer.from(secret, 'base64')`: the decoded bytes, as they are.
            base64_decode_lenient(key)
        } else {
            key.as_bytes().to_vec()
        };
        let key = if is_hmac(&alg) { key } else { normalize_pem(&String::from_utf8_lossy(&key), None)?.into_bytes() };
        let passphrase = core.credential(self.passphrase);
        token_with_passphrase(&alg, &object(&header), &payload, &key, passphrase)
    }
}

impl Signer for Jwt {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let hmac = is_hmac(core.render(self.algorithm)?.as_str()) || self.algorithm.is_empty();
        let credential = if hmac { self.secret } else { self.private_key };
        let Some(key) = core.credential(credential).filter(|key| !key.is_empty()).map(str::to_string) else {
            return Ok(());
        };
        let token = self.build(core, &key)?;
        if self.in_query {
            let name = match core.render(self.query_key)? {
                name if name.is_empty() => "token".to_string(),
                name => name,
            };
            let encoded_name = encode::encode(&name, Set::QueryKeyLiteral);
            let mut pieces: Vec<String> = request
                .url
                .query()
                .unwrap_or_default()
                .split('&')
                .filter(|piece| !piece.is_empty())
                .filter(|piece| piece.split('=').next() != Some(encoded_name.as_str()))
                .map(str::to_string)
                .collect();
            pieces.push(format!("{encoded_name}={token}"));
            request.url.set_query(Some(&pieces.join("&")));
        } else {
            // An empty prefix is no prefix (the lowering writes `Bearer` for
            // a missing one, as Postman's runtime defaults it).
            let value = match core.render(self.header_prefix)? {
                prefix if prefix.is_empty() => token,
                prefix => format!("{prefix} {token}"),
            };
            request.headers.insert(AUTHORIZATION, secret_header_value(&value)?);
        }
        Ok(())
    }
}

/// A claim's JSON value when it is present and not falsy (`""`, `null`, `false`, `0`).
fn truthy(members: &[(String, String)], key: &str) -> Option<String> {
    members
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .filter(|v| !matches!(v.as_str(), "\"\"" | "null" | "false" | "0"))
}

impl Asap {
    /// The token for the rendered settings and key, issued at `now` (seconds).
    fn build(&self, core: &Core, key: &str, now: u64) -> Result<String, Error> {
        let text = |template: &'static str| -> Result<Option<String>, Error> {
            Ok(Some(core.render(template)?).filter(|value| !value.is_empty()))
        };
        let string = |value: String| serde_json::Value::from(value).to_string();
        let claims = members(&core.render(self.claims)?, "claims")?;
        let issuer = truthy(&claims, "iss").or(text(self.issuer)?.map(string));
        let subject = truthy(&claims, "sub").or(text(self.subject)?.map(string)).or(issuer.clone());
        let audience = truthy(&claims, "aud").or(text(self.audience)?.map(string));
        let kid = truthy(&claims, "kid").or(text(self.kid)?.map(string));
        let (Some(issuer), Some(subject), Some(audience), Some(kid)) = (issuer, subject, audience, kid) else {
            return Err(Error::invalid("ASAP needs an issuer, an audience and a key id"));
        };
        let jti = truthy(&claims, "jti").unwrap_or_else(|| string(uuid_v4()));
        let iat = truthy(&claims, "iat").unwrap_or_else(|| now.to_string());
        let lifetime = text(self.expiry)?.and_then(|e| leading_int(&e)).filter(|&e| e != 0).unwrap_or(3600);
        let exp = truthy(&claims, "exp")
            .and_then(|e| leading_int(e.trim_matches('"')))
            .filter(|&e| e != 0)
            .unwrap_or_else(|| i64::try_from(now).unwrap_or(i64::MAX).saturating_add(lifetime));
        // The claims in their order, then the registered ones set over them.
        let mut payload = claims;
        for (name, value) in
            [("iat", iat), ("iss", issuer), ("sub", subject), ("jti", jti), ("aud", audience), ("exp", exp.to_string())]
        {
            match payload.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => slot.1 = value,
                None => payload.push((name.to_string(), value)),
            }
        }
        let alg = text(self.algorithm)?.unwrap_or_else(|| "RS256".to_string());
        if is_hmac(&alg) {
            return Err(Error::invalid(format!("ASAP does not allow the symmetric algorithm `{alg}`")));
        }
        let kid_text: String = serde_json::from_str(&kid).unwrap_or_default();
        let header = object(&[("alg".to_string(), string(alg.clone())), ("kid".to_string(), kid)]);
        let pem = normalize_pem(key, Some(&kid_text))?;
        token(&alg, &header, &object(&payload), pem.as_bytes())
    }
}

/// `parseInt(text, 10)`: the leading integer of `text`.
fn leading_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && (c == '-' || c == '+'))))
        .map_or(text.len(), |(i, _)| i);
    text[..end].parse().ok()
}

impl Signer for Asap {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let Some(key) = core.credential(self.private_key).filter(|key| !key.is_empty()).map(str::to_string) else {
            return Ok(());
        };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
        let token = self.build(core, &key, now)?;
        request.headers.insert(AUTHORIZATION, secret_header_value(&format!("Bearer {token}"))?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_their_order_and_compact_values() {
        let parsed = members("{ \"sub\" : \"a b\", \"n\": [1, {\"x\": \"y,z\"}],\n \"q\\\"\": true, \"sub\": 2 }", "payload")
            .expect("object");
        assert_eq!(
            parsed,
            [
                ("sub".to_string(), "2".to_string()),
                ("n".to_string(), "[1,{\"x\":\"y,z\"}]".to_string()),
                ("q\"".to_string(), "true".to_string()),
            ]
        );
        assert_eq!(object(&parsed), "{\"sub\":2,\"n\":[1,{\"x\":\"y,z\"}],\"q\\\"\":true}");
        assert!(members("[1]", "payload").is_err());
        assert!(members("{\"a\":", "payload").is_err());
        assert_eq!(members("  ", "payload").expect("empty"), []);
    }

    #[test]
    fn objects_list_array_index_keys_first_as_json_stringify_does() {
        let parsed = members(r#"{"b": 1, "10": 2, "a": 3, "2": 4, "01": 5, "4294967295": 6}"#, "payload").expect("object");
        assert_eq!(object(&parsed), r#"{"2":4,"10":2,"b":1,"a":3,"01":5,"4294967295":6}"#);
    }

    #[test]
    fn rfc7515_appendix_a1_hs256_signature() {
        // RFC 7515 A.1: the JWS Signing Input and key (base64url of the octets).
        let key = base64_decode_lenient(
            "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
        );
        let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}";
        let payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";
        let token = token("HS256", header, payload, &key).expect("token");
        assert_eq!(
            token,
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.\
             eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.\
             dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn pem_keys_without_line_breaks_and_data_uris_are_rewrapped() {
        let body = "A".repeat(70);
        let flat = format!("-----BEGIN PRIVATE KEY-----{body}-----END PRIVATE KEY-----");
        let expected = format!("-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----\n", &body[..64], &body[64..]);
        assert_eq!(normalize_pem(&flat, None).expect("pem"), expected);
        let uri = format!("data:application/pkcs8;kid=key%2F1;base64,{body}");
        assert_eq!(normalize_pem(&uri, Some("key/1")).expect("uri"), expected);
        assert!(normalize_pem(&uri, Some("other")).is_err());
        assert!(normalize_pem("not a key", None).is_err());
    }

    #[test]
    fn lenient_base64_and_leading_integers_follow_node() {
        assert_eq!(base64_decode_lenient("c2VjcmV0"), b"secret");
        assert_eq!(base64_decode_lenient("c2Vj\ncmV0=="), b"secret");
        assert_eq!(base64_decode_lenient("_-8"), [0xff, 0xef]);
        assert_eq!(leading_int("300s"), Some(300));
        assert_eq!(leading_int("x"), None);
        assert!(algorithm("ES512").is_ok());
        assert!(algorithm("none").is_err());
    }
}
