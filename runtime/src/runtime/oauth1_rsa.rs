//! OAuth 1.0 RSA-SHA1/256/512 signatures (RFC 5849 §3.4.3): RSASSA-PKCS1-v1_5
//! over the signature base string with the caller's private key. A module of
//! its own, so that only crates with an RSA-signed collection carry `rsa`.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use sha1::Sha1;
use sha2::{Sha256, Sha512};

use super::encode;
use super::error::Error;

/// The base64 signature of `base` with the PEM `private_key` (PKCS#8
/// `BEGIN PRIVATE KEY` or PKCS#1 `BEGIN RSA PRIVATE KEY`).
pub(crate) fn sign(method: &str, private_key: &str, base: &str) -> Result<String, Error> {
    let pem = private_key.trim();
    let key = RsaPrivateKey::from_pkcs8_pem(pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(pem))
        .map_err(|_| Error::invalid("the OAuth 1.0 private key is not an unencrypted RSA key in PEM"))?;
    let signature = match method {
        "RSA-SHA1" => SigningKey::<Sha1>::new(key).sign(base.as_bytes()).to_vec(),
        "RSA-SHA256" => SigningKey::<Sha256>::new(key).sign(base.as_bytes()).to_vec(),
        "RSA-SHA512" => SigningKey::<Sha512>::new(key).sign(base.as_bytes()).to_vec(),
        other => return Err(Error::invalid(format!("unsupported OAuth 1.0 signature method `{other}`"))),
    };
    Ok(encode::base64(&signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The RSA-SHA1 case of the OAuth test cases (wiki.oauth.net/TestCases §9.3):
    /// its published test key, base string and signature.
    const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBALRiMLAh9iimur8V
A7qVvdqxevEuUkW4K+2KdMXmnQbG9Aa7k7eBjK1S+0LYmVjPKlJGNXHDGuy5Fw/d
7rjVJ0BLB+ubPK8iA/Tw3hLQgXMRRGRXXCn8ikfuQfjUS1uZSatdLB81mydBETlJ
hI6GH4twrbDJCR2Bwy/XWXgqgGRzAgMBAAECgYBYWVtleUzavkbrPjy0T5FMou8H
X9u2AC2ry8vD/l7cqedtwMPp9k7TubgNFo+NGvKsl2ynyprOZR1xjQ7WgrgVB+mm
uScOM/5HVceFuGRDhYTCObE+y1kxRloNYXnx3ei1zbeYLPCHdhxRYW7T0qcynNmw
rn05/KO2RLjgQNalsQJBANeA3Q4Nugqy4QBUCEC09SqylT2K9FrrItqL2QKc9v0Z
zO2uwllCbg0dwpVuYPYXYvikNHHg+aCWF+VXsb9rpPsCQQDWR9TT4ORdzoj+Nccn
qkMsDmzt0EfNaAOwHOmVJ2RVBspPcxt5iN4HI7HNeG6U5YsFBb+/GZbgfBT3kpNG
WPTpAkBI+gFhjfJvRw38n3g/+UeAkwMI2TJQS4n8+hid0uus3/zOjDySH3XHCUno
cn1xOJAyZODBo47E+67R4jV1/gzbAkEAklJaspRPXP877NssM5nAZMU0/O/NGCZ+
3jPgDUno6WbJn5cqm8MqWhW1xGkImgRk+fkDBquiq4gPiT898jusgQJAd5Zrr6Q8
AO/0isr/3aa6O6NLQxISLKcPDk2NOccAfS/xOtfOz4sJYM3+Bs4Io9+dZGSDCA54
Lw03eHTNQghS0A==
-----END PRIVATE KEY-----";

    #[test]
    fn oauth_test_cases_rsa_sha1_signature() {
        let base = "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacaction.jpg%26oauth_consumer_key%3D\
                    dpf43f3p2l4k3l03%26oauth_nonce%3D13917289812797014437%26oauth_signature_method%3DRSA-SHA1%26\
                    oauth_timestamp%3D1196666512%26oauth_version%3D1.0%26size%3Doriginal";
        assert_eq!(
            sign("RSA-SHA1", KEY, base).expect("signs"),
            "jvTp/wX1TYtByB1m+Pbyo0lnCOLIsyGCH7wke8AUs3BpnwZJtAuEJkvQL2/9n4s5wUmUl4aCI4BwpraNx4RtEXMe5qg5T1LVTGliMRpKasKsW//e+RinhejgCuzoH26dyF8iY2ZZ/5D1ilgeijhV/vBka5twt399mXwaYdCwFYE="
        );
        // PKCS#1 v1.5 is deterministic: the same input, the same signature.
        let a = sign("RSA-SHA256", KEY, base).expect("signs");
        assert_eq!(a, sign("RSA-SHA256", KEY, base).expect("signs"));
        assert_ne!(a, sign("RSA-SHA512", KEY, base).expect("signs"));
        assert!(sign("RSA-MD5", KEY, base).is_err());
        assert!(sign("RSA-SHA1", "not a key", base).is_err());
    }
}
