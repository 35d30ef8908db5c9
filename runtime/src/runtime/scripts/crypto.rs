//! The hashes and HMACs behind the sandbox's `CryptoJS` and
//! `crypto.subtle`, on the RustCrypto crates (no JavaScript crypto library
//! is shipped). Bytes cross into JavaScript as hex text.

use hmac::{Hmac, Mac};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

/// The digest of `data` with the named algorithm (`SHA-256`, `sha256`, `MD5`, ...).
pub(crate) fn digest(algorithm: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match normalize(algorithm).as_str() {
        "md5" => Md5::digest(data).to_vec(),
        "sha1" => Sha1::digest(data).to_vec(),
        "sha224" => Sha224::digest(data).to_vec(),
        "sha256" => Sha256::digest(data).to_vec(),
        "sha384" => Sha384::digest(data).to_vec(),
        "sha512" => Sha512::digest(data).to_vec(),
        _ => return None,
    })
}

/// The HMAC of `data` under `key` with the named hash.
pub(crate) fn hmac(algorithm: &str, key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
    fn mac<M: Mac + hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Option<Vec<u8>> {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).ok()?;
        mac.update(data);
        Some(mac.finalize().into_bytes().to_vec())
    }
    match normalize(algorithm).as_str() {
        "md5" => mac::<Hmac<Md5>>(key, data),
        "sha1" => mac::<Hmac<Sha1>>(key, data),
        "sha224" => mac::<Hmac<Sha224>>(key, data),
        "sha256" => mac::<Hmac<Sha256>>(key, data),
        "sha384" => mac::<Hmac<Sha384>>(key, data),
        "sha512" => mac::<Hmac<Sha512>>(key, data),
        _ => None,
    }
}

fn normalize(algorithm: &str) -> String {
    algorithm.to_ascii_lowercase().replace('-', "")
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Hex text to bytes; a stray character ends the bytes (the sandbox only sends hex).
pub(crate) fn from_hex(text: &str) -> Vec<u8> {
    text.as_bytes()
        .chunks(2)
        .map_while(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sha256_matches_rfc_4231_case_2() {
        let mac = hmac("SHA-256", b"Jefe", b"what do ya want for nothing?").expect("known hash");
        assert_eq!(to_hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_eq!(from_hex(&to_hex(b"\x00\xffa")), b"\x00\xffa");
    }
}
