//! Hawk request authentication, computed as Postman's runtime computes it:
//! the `hawk.1.header` string of timestamp, nonce, method, resource, host,
//! port, payload hash, `ext` and `app`/`dlg`, MACed with the key.

use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

use super::auth::{Credential, Signer, SignerState};
use super::core::{random_u64, secret_header_value, Core, Prepared};
use super::encode;
use super::error::Error;

/// Hawk as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct Hawk {
    pub(crate) id: Credential,
    pub(crate) key: Credential,
    /// `sha256` or `sha1`.
    pub(crate) algorithm: &'static str,
    /// Fixed nonce and timestamp; empty: new ones per request.
    pub(crate) nonce: &'static str,
    pub(crate) timestamp: &'static str,
    pub(crate) ext: &'static str,
    pub(crate) app: &'static str,
    pub(crate) dlg: &'static str,
    /// Sign a hash of the body and its content type.
    pub(crate) payload_hash: bool,
}

/// What one Hawk header is computed from.
#[derive(Debug)]
pub(crate) struct Artifacts<'a> {
    pub(crate) ts: &'a str,
    pub(crate) nonce: &'a str,
    pub(crate) method: &'a str,
    /// Path and query.
    pub(crate) resource: &'a str,
    pub(crate) host: &'a str,
    pub(crate) port: u16,
    pub(crate) hash: &'a str,
    pub(crate) ext: &'a str,
    pub(crate) app: &'a str,
    pub(crate) dlg: &'a str,
}

fn digest(algorithm: &str, key: &[u8], data: &[u8]) -> Result<Vec<u8>, Error> {
    let invalid = |_| Error::invalid("invalid Hawk key");
    Ok(match algorithm {
        "sha256" => {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(invalid)?;
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        "sha1" => {
            let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).map_err(invalid)?;
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        other => return Err(Error::invalid(format!("unsupported Hawk algorithm `{other}`"))),
    })
}

/// The payload hash: `hawk.1.payload`, the media type and the body.
pub(crate) fn payload_hash(algorithm: &str, content_type: &str, body: &[u8]) -> Result<String, Error> {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let mut data = format!("hawk.1.payload\n{mime}\n").into_bytes();
    data.extend_from_slice(body);
    data.push(b'\n');
    let hash = match algorithm {
        "sha256" => Sha256::digest(&data).to_vec(),
        "sha1" => <Sha1 as sha1::Digest>::digest(&data).to_vec(),
        other => return Err(Error::invalid(format!("unsupported Hawk algorithm `{other}`"))),
    };
    Ok(encode::base64(&hash))
}

/// The `Authorization` value for `artifacts`.
pub(crate) fn header(id: &str, key: &str, algorithm: &str, a: &Artifacts<'_>) -> Result<String, Error> {
    let mut normalized = format!(
        "hawk.1.header\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        a.ts,
        a.nonce,
        a.method.to_ascii_uppercase(),
        a.resource,
        a.host.to_ascii_lowercase(),
        a.port,
        a.hash
    );
    // The reference escapes only the first backslash and newline of `ext` here.
    normalized.push_str(&a.ext.replacen('\\', "\\\\", 1).replacen('\n', "\\n", 1));
    normalized.push('\n');
    if !a.app.is_empty() {
        normalized.push_str(&format!("{}\n{}\n", a.app, a.dlg));
    }
    let mac = encode::base64(&digest(algorithm, key.as_bytes(), normalized.as_bytes())?);
    let mut value = format!("Hawk id=\"{id}\", ts=\"{}\", nonce=\"{}\"", a.ts, a.nonce);
    if !a.hash.is_empty() {
        value.push_str(&format!(", hash=\"{}\"", a.hash));
    }
    if !a.ext.is_empty() {
        value.push_str(&format!(", ext=\"{}\"", a.ext.replace('\\', "\\\\").replace('"', "\\\"")));
    }
    value.push_str(&format!(", mac=\"{mac}\""));
    if !a.app.is_empty() {
        value.push_str(&format!(", app=\"{}\"", a.app));
        if !a.dlg.is_empty() {
            value.push_str(&format!(", dlg=\"{}\"", a.dlg));
        }
    }
    Ok(value)
}

/// A six-character nonce of letters and digits, as Postman makes them.
fn nonce() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bits = random_u64();
    (0..6)
        .map(|_| {
            let c = ALPHABET[(bits % ALPHABET.len() as u64) as usize] as char;
            bits /= ALPHABET.len() as u64;
            c
        })
        .collect()
}

impl Signer for Hawk {
    fn sign(&self, core: &Core, _state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let secret = |credential| core.credential(credential).unwrap_or_default().to_string();
        let (id, key) = (secret(self.id), secret(self.key));
        if id.is_empty() || key.is_empty() {
            return Ok(());
        }
        let algorithm = if self.algorithm.is_empty() { "sha256" } else { self.algorithm };
        let nonce = match core.render(self.nonce)? {
            fixed if !fixed.is_empty() => fixed,
            _ => nonce(),
        };
        let ts = match core.render(self.timestamp)? {
            fixed if fixed.trim().parse::<u64>().is_ok_and(|ts| ts > 0) => fixed,
            _ => SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs().to_string(),
        };
        let hash = if self.payload_hash {
            let content_type =
                request.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
            // Postman hashes no empty body and no form data.
            match super::auth::signed_body(request, "Hawk's payload hash")? {
                Some(body) if !body.is_empty() => payload_hash(algorithm, content_type, body)?,
                _ => String::new(),
            }
        } else {
            String::new()
        };
        let mut resource = request.url.path().to_string();
        if let Some(query) = request.url.query() {
            resource.push('?');
            resource.push_str(query);
        }
        let (ext, app, dlg) = (core.render(self.ext)?, core.render(self.app)?, core.render(self.dlg)?);
        let value = header(
            &id,
            &key,
            algorithm,
            &Artifacts {
                ts: &ts,
                nonce: &nonce,
                method: request.method.as_str(),
                resource: &resource,
                host: request.url.host_str().unwrap_or_default(),
                port: request.url.port_or_known_default().unwrap_or(80),
                hash: &hash,
                ext: &ext,
                app: &app,
                dlg: &dlg,
            },
        )?;
        request.headers.insert(AUTHORIZATION, secret_header_value(&value)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "dh37fgj492je";
    const KEY: &str = "werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn";

    fn artifacts<'a>(method: &'a str, hash: &'a str, ext: &'a str) -> Artifacts<'a> {
        Artifacts {
            ts: "1353832234",
            nonce: "j4h3g2",
            method,
            resource: "/resource/1?b=1&a=2",
            host: "example.com",
            port: 8000,
            hash,
            ext,
            app: "",
            dlg: "",
        }
    }

    #[test]
    fn hawk_reference_vectors() {
        // Hawk's README: a GET with ext, and a POST with a payload hash.
        let get = header(ID, KEY, "sha256", &artifacts("GET", "", "some-app-ext-data")).expect("header");
        assert_eq!(
            get,
            "Hawk id=\"dh37fgj492je\", ts=\"1353832234\", nonce=\"j4h3g2\", ext=\"some-app-ext-data\", \
             mac=\"6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE=\""
        );
        let hash = payload_hash("sha256", "text/plain", b"Thank you for flying Hawk").expect("hash");
        assert_eq!(hash, "Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=");
        let post = header(ID, KEY, "sha256", &artifacts("POST", &hash, "some-app-ext-data")).expect("header");
        assert!(post.ends_with("mac=\"aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw=\""), "{post}");
    }

    #[test]
    fn app_and_dlg_follow_the_mac() {
        let mut a = artifacts("GET", "", "");
        a.app = "my-app";
        a.dlg = "other";
        let value = header(ID, KEY, "sha1", &a).expect("header");
        assert!(value.ends_with(", app=\"my-app\", dlg=\"other\""), "{value}");
        assert!(!value.contains("ext="), "{value}");
        assert!(header(ID, KEY, "md5", &a).is_err());
        assert_eq!(nonce().len(), 6);
    }
}
