//! HTTP digest access authentication (RFC 7616), computed as Postman's
//! runtime computes it: the first request goes out unsigned, the server's 401
//! (or 403) challenge gives realm, nonce, opaque and qop, and the request is
//! signed and sent again once. Later requests reuse the challenge with the
//! next nonce count until the server challenges again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use md5::Md5;
use reqwest::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use sha2::{Digest as _, Sha256, Sha512_256};

use super::auth::{Credential, Signer, SignerState};
use super::core::{random_u64, secret_header_value, Core, Prepared};
use super::error::Error;
use super::response::RawResponse;

/// Digest auth as the collection configures it.
#[derive(Debug)]
pub(crate) struct Digest {
    pub(crate) username: Credential,
    pub(crate) password: Credential,
    /// `MD5`, `MD5-sess`, `SHA-256`, `SHA-256-sess`, `SHA-512-256`,
    /// `SHA-512-256-sess`; empty means `MD5`.
    pub(crate) algorithm: &'static str,
    /// `auth`, `auth-int`, or empty: the challenge decides.
    pub(crate) qop: &'static str,
    /// A realm, nonce and opaque from the collection (templates): with realm
    /// and nonce, the first request is signed with them before any challenge,
    /// as Postman does; a server that no longer takes them challenges anew.
    pub(crate) realm: &'static str,
    pub(crate) nonce: &'static str,
    pub(crate) opaque: &'static str,
    /// Whether a challenge is answered by resending the request.
    pub(crate) retry: bool,
}

/// What the server's last challenge for one algorithm said.
#[derive(Debug, Clone, Default)]
pub(crate) struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) opaque: String,
    /// The qop values the server offers, as it lists them.
    pub(crate) qop: String,
}

/// One client's digest state, shared by all its digest schemes.
#[derive(Debug, Default)]
struct Memory {
    /// The last challenge, per algorithm.
    challenges: HashMap<&'static str, Challenge>,
    /// Requests signed so far per nonce: the server counts a nonce's uses
    /// whichever scheme signs them (the next `nc` is one more).
    counts: HashMap<String, u32>,
}

type State = Mutex<Memory>;

/// The hash functions digest auth names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hash {
    Md5,
    Sha256,
    Sha512_256,
}

impl Hash {
    /// The hash an algorithm name uses and whether it is a `-sess` variant.
    pub(crate) fn for_algorithm(algorithm: &str) -> Option<(Hash, bool)> {
        match algorithm {
            "" | "MD5" => Some((Hash::Md5, false)),
            "MD5-sess" => Some((Hash::Md5, true)),
            "SHA-256" => Some((Hash::Sha256, false)),
            "SHA-256-sess" => Some((Hash::Sha256, true)),
            "SHA-512-256" => Some((Hash::Sha512_256, false)),
            "SHA-512-256-sess" => Some((Hash::Sha512_256, true)),
            _ => None,
        }
    }

    /// Lower-case hex of the hash of `data`.
    pub(crate) fn hex(self, data: &[u8]) -> String {
        let bytes: Vec<u8> = match self {
            Hash::Md5 => Md5::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha512_256 => Sha512_256::digest(data).to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Everything one `Authorization: Digest ...` value is computed from.
#[derive(Debug, Clone)]
pub(crate) struct Params<'a> {
    pub(crate) algorithm: &'a str,
    pub(crate) username: &'a str,
    pub(crate) password: &'a str,
    pub(crate) realm: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) method: &'a str,
    /// The request target: path and query.
    pub(crate) uri: &'a str,
    /// `auth`, `auth-int` or empty.
    pub(crate) qop: &'a str,
    /// `nc`, eight hex digits.
    pub(crate) nonce_count: &'a str,
    pub(crate) cnonce: &'a str,
    pub(crate) opaque: &'a str,
    /// The request body (hashed for `auth-int`).
    pub(crate) body: &'a [u8],
}

/// The `response` value and the whole header value, in Postman's layout.
pub(crate) fn authorization(params: &Params<'_>) -> Result<(String, String), Error> {
    let (hash, sess) = Hash::for_algorithm(params.algorithm)
        .ok_or_else(|| Error::invalid(format!("unsupported digest algorithm `{}`", params.algorithm)))?;
    let algorithm = if params.algorithm.is_empty() { "MD5" } else { params.algorithm };
    let mut ha1 = hash.hex(format!("{}:{}:{}", params.username, params.realm, params.password).as_bytes());
    if sess {
        ha1 = hash.hex(format!("{ha1}:{}:{}", params.nonce, params.cnonce).as_bytes());
    }
    let a2 = if params.qop == "auth-int" {
        format!("{}:{}:{}", params.method, params.uri, hash.hex(params.body))
    } else {
        format!("{}:{}", params.method, params.uri)
    };
    let ha2 = hash.hex(a2.as_bytes());
    let with_qop = matches!(params.qop, "auth" | "auth-int");
    let response = if with_qop {
        hash.hex(
            format!("{ha1}:{}:{}:{}:{}:{ha2}", params.nonce, params.nonce_count, params.cnonce, params.qop).as_bytes(),
        )
    } else {
        hash.hex(format!("{ha1}:{}:{ha2}", params.nonce).as_bytes())
    };
    let mut fields = vec![
        format!("username=\"{}\"", params.username),
        format!("realm=\"{}\"", params.realm),
        format!("nonce=\"{}\"", params.nonce),
        format!("uri=\"{}\"", params.uri),
        format!("algorithm=\"{algorithm}\""),
    ];
    if with_qop {
        fields.push(format!("qop={}", params.qop));
    }
    // Postman adds nc and cnonce only with a qop or MD5-sess; every -sess
    // variant needs the cnonce to be verifiable, so they all get it here.
    if with_qop || sess {
        fields.push(format!("nc={}", params.nonce_count));
        fields.push(format!("cnonce=\"{}\"", params.cnonce));
    }
    fields.push(format!("response=\"{response}\""));
    if !params.opaque.is_empty() {
        fields.push(format!("opaque=\"{}\"", params.opaque));
    }
    let header = format!("Digest {}", fields.join(", "));
    Ok((response, header))
}

/// The value of `name="value"` (or an unquoted token) in a challenge.
pub(crate) fn challenge_field(challenge: &str, name: &str) -> Option<String> {
    let lower = challenge.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let boundary = start == 0 || matches!(lower.as_bytes()[start - 1], b' ' | b',' | b'\t');
        let rest = lower[from..].trim_start();
        if !boundary || !rest.starts_with('=') {
            continue;
        }
        let value_start = challenge.len() - rest.len() + 1;
        let value = challenge[value_start..].trim_start();
        return Some(match value.strip_prefix('"') {
            Some(quoted) => quoted[..quoted.find('"').unwrap_or(quoted.len())].to_string(),
            None => value[..value.find([',', ' ']).unwrap_or(value.len())].to_string(),
        });
    }
    None
}

/// The qop to answer with: a single value as given; from a list, `auth`
/// before `auth-int`. (Postman compares the whole list text with `auth`, so a
/// list would make it sign without qop, which servers offering a list refuse.)
pub(crate) fn choose_qop(offered: &str) -> String {
    let options: Vec<&str> = offered.split(',').map(str::trim).collect();
    ["auth", "auth-int"]
        .into_iter()
        .find(|qop| options.contains(qop))
        .unwrap_or_default()
        .to_string()
}

/// A client nonce: eight letters and digits, as Postman makes them.
fn cnonce() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bits = random_u64();
    (0..8)
        .map(|_| {
            let c = ALPHABET[(bits % ALPHABET.len() as u64) as usize] as char;
            bits /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

impl Digest {
    /// The realm and nonce the collection holds, when both have values.
    fn collection_challenge(&self, core: &Core) -> Option<Challenge> {
        let render = |template: &str| core.render(template).ok().filter(|text| !text.is_empty());
        Some(Challenge {
            realm: render(self.realm)?,
            nonce: render(self.nonce)?,
            opaque: render(self.opaque).unwrap_or_default(),
            qop: String::new(),
        })
    }
}

impl Signer for Digest {
    fn state(&self) -> SignerState {
        Arc::new(State::default())
    }

    fn shared_state(&self) -> &'static str {
        "digest"
    }

    fn sign(&self, core: &Core, state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let Some(state) = state.downcast_ref::<State>() else { return Ok(()) };
        let (challenge, count) = {
            let mut memory = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            if !memory.challenges.contains_key(self.algorithm) {
                match self.collection_challenge(core) {
                    Some(challenge) => {
                        memory.challenges.insert(self.algorithm, challenge);
                    }
                    // No challenge yet: send unsigned and let the server say how.
                    None => return Ok(()),
                }
            }
            let Some(challenge) = memory.challenges.get(self.algorithm).cloned() else { return Ok(()) };
            let count = memory.counts.entry(challenge.nonce.clone()).or_default();
            *count += 1;
            (challenge, *count)
        };
        // The collection's qop when the server offers it (or offers none), else the server's choice.
        let offered: Vec<&str> = challenge.qop.split(',').map(str::trim).filter(|q| !q.is_empty()).collect();
        let qop = if !self.qop.is_empty() && (offered.is_empty() || offered.contains(&self.qop)) {
            self.qop.to_string()
        } else {
            choose_qop(&challenge.qop)
        };
        let mut uri = request.url.path().to_string();
        if let Some(query) = request.url.query() {
            uri.push('?');
            uri.push_str(query);
        }
        let nonce_count = format!("{count:08x}");
        let cnonce = cnonce();
        let params = Params {
            algorithm: self.algorithm,
            username: core.credential(self.username).unwrap_or_default(),
            password: core.credential(self.password).unwrap_or_default(),
            realm: &challenge.realm,
            nonce: &challenge.nonce,
            method: request.method.as_str(),
            uri: &uri,
            qop: &qop,
            nonce_count: &nonce_count,
            cnonce: &cnonce,
            opaque: &challenge.opaque,
            // Only `auth-int` hashes the body.
            body: if qop == "auth-int" {
                super::auth::signed_body(request, "Digest auth-int")?.unwrap_or_default()
            } else {
                &[]
            },
        };
        let (_, header) = authorization(&params)?;
        request.headers.insert(AUTHORIZATION, secret_header_value(&header)?);
        Ok(())
    }

    fn challenged(&self, state: &SignerState, response: &RawResponse) -> bool {
        let (true, Some(state)) = (self.retry, state.downcast_ref::<State>()) else { return false };
        let digests: Vec<&str> = response
            .headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .filter(|value| value.len() > 7 && value[..7].eq_ignore_ascii_case("digest "))
            .collect();
        // The challenge for the algorithm the collection chose, else the first.
        let wanted = if self.algorithm.is_empty() { "MD5" } else { self.algorithm };
        let Some(header) = digests
            .iter()
            .find(|value| match challenge_field(value, "algorithm") {
                Some(algorithm) => algorithm.eq_ignore_ascii_case(wanted),
                None => wanted.eq_ignore_ascii_case("MD5"),
            })
            .or(digests.first())
        else {
            return false;
        };
        let (Some(realm), Some(nonce)) = (challenge_field(header, "realm"), challenge_field(header, "nonce")) else {
            return false;
        };
        let challenge = Challenge {
            realm,
            nonce,
            opaque: challenge_field(header, "opaque").unwrap_or_default(),
            qop: challenge_field(header, "qop").unwrap_or_default(),
        };
        let mut memory = state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        memory.challenges.insert(self.algorithm, challenge);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rfc7616(algorithm: &'static str) -> Params<'static> {
        // RFC 7616 §3.9.1.
        Params {
            algorithm,
            username: "Mufasa",
            password: "Circle of Life",
            realm: "http-auth@example.org",
            nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            method: "GET",
            uri: "/dir/index.html",
            qop: "auth",
            nonce_count: "00000001",
            cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
            opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
            body: b"",
        }
    }

    #[test]
    fn rfc7616_md5_and_sha256_vectors() {
        let (md5, header) = authorization(&rfc7616("MD5")).expect("md5");
        assert_eq!(md5, "8ca523f5e9506fed4657c9700eebdbec");
        assert_eq!(
            header,
            "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", \
             nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", uri=\"/dir/index.html\", \
             algorithm=\"MD5\", qop=auth, nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", \
             response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
        );
        let (sha256, _) = authorization(&rfc7616("SHA-256")).expect("sha256");
        assert_eq!(sha256, "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    #[test]
    fn rfc2617_vector_and_no_qop() {
        // RFC 2617 §3.5.
        let params = Params {
            realm: "testrealm@host.com",
            nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            cnonce: "0a4f113b",
            password: "Circle Of Life",
            opaque: "5ccc069c403ebaf9f0171e9517f40e41",
            ..rfc7616("")
        };
        let (response, header) = authorization(&params).expect("md5");
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        assert!(header.contains("algorithm=\"MD5\""), "{header}");
        // Without qop (RFC 2069): H(HA1:nonce:HA2), no nc or cnonce.
        let (response, header) = authorization(&Params { qop: "", ..params }).expect("md5");
        let ha1 = Hash::Md5.hex(b"Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = Hash::Md5.hex(b"GET:/dir/index.html");
        assert_eq!(response, Hash::Md5.hex(format!("{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:{ha2}").as_bytes()));
        assert!(!header.contains("nc=") && !header.contains("cnonce="), "{header}");
    }

    #[test]
    fn sess_and_auth_int_follow_rfc7616_definitions() {
        let params = rfc7616("SHA-512-256-sess");
        let params = Params { qop: "auth-int", body: b"{\"a\":1}", ..params };
        let hash = Hash::Sha512_256;
        let ha1 = hash.hex(
            format!("{}:{}:{}", hash.hex(b"Mufasa:http-auth@example.org:Circle of Life"), params.nonce, params.cnonce)
                .as_bytes(),
        );
        let ha2 = hash.hex(format!("GET:/dir/index.html:{}", hash.hex(b"{\"a\":1}")).as_bytes());
        let expected = hash.hex(format!("{ha1}:{}:00000001:{}:auth-int:{ha2}", params.nonce, params.cnonce).as_bytes());
        let (response, header) = authorization(&params).expect("sha512-256-sess");
        assert_eq!(response, expected);
        assert_eq!(response.len(), 64);
        assert!(header.contains("qop=auth-int, nc=00000001, cnonce="), "{header}");
        assert!(authorization(&Params { algorithm: "SHA-1", ..params }).is_err());
    }

    #[test]
    fn challenges_are_parsed_with_quoted_and_bare_values() {
        let header = "Digest realm=\"a, b\", qop=\"auth,auth-int\", algorithm=SHA-256, nonce=\"n1\", opaque=\"o\"";
        assert_eq!(challenge_field(header, "realm").as_deref(), Some("a, b"));
        assert_eq!(challenge_field(header, "nonce").as_deref(), Some("n1"));
        assert_eq!(challenge_field(header, "algorithm").as_deref(), Some("SHA-256"));
        assert_eq!(challenge_field(header, "stale"), None);
        assert_eq!(choose_qop("auth-int, auth"), "auth");
        assert_eq!(choose_qop("auth-int"), "auth-int");
        assert_eq!(choose_qop("other"), "");
        let cnonce = cnonce();
        assert_eq!(cnonce.len(), 8);
        assert!(cnonce.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
