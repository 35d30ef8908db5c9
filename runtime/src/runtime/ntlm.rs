//! NTLM (MS-NLMP) with NTLMv2 responses, run as Postman's runtime runs it:
//! the request goes out without credentials; when the server's 401 asks for
//! NTLM, it is sent again with a NEGOTIATE message, and when that 401
//! carries the server's CHALLENGE, once more with the AUTHENTICATE message.
//! NTLM authenticates a connection, not a request: the resends reuse the
//! kept-alive connection of the client's pool, as the server expects.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use md5::Md5;
use md4::{Digest as _, Md4};
use reqwest::header::{AUTHORIZATION, WWW_AUTHENTICATE};

use super::auth::{CallLock, Credential, Signer, SignerState};
use super::core::{random_u64, secret_header_value, Core, Prepared};
use super::encode;
use super::error::Error;
use super::response::RawResponse;

/// NTLM as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct Ntlm {
    pub(crate) username: Credential,
    pub(crate) password: Credential,
    pub(crate) domain: &'static str,
    pub(crate) workstation: &'static str,
}

const SIGNATURE: &[u8; 8] = b"NTLMSSP\0";
const NEGOTIATE_UNICODE: u32 = 0x0000_0001;
/// UNICODE, OEM, REQUEST_TARGET, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY,
/// TARGET_INFO, 128, 56.
const NEGOTIATE_FLAGS: u32 = 0x0000_0001
    | 0x0000_0002
    | 0x0000_0004
    | 0x0000_0200
    | 0x0000_8000
    | 0x0008_0000
    | 0x0080_0000
    | 0x2000_0000
    | 0x8000_0000;
/// The AV pair holding the server's time (MsvAvTimestamp).
const AV_TIMESTAMP: u16 = 7;

/// The NEGOTIATE message (no domain or workstation supplied).
pub(crate) fn negotiate() -> Vec<u8> {
    let mut message = SIGNATURE.to_vec();
    message.extend_from_slice(&1u32.to_le_bytes());
    message.extend_from_slice(&NEGOTIATE_FLAGS.to_le_bytes());
    // Empty domain and workstation fields, pointing at the end.
    for _ in 0..2 {
        message.extend_from_slice(&[0, 0, 0, 0]);
        message.extend_from_slice(&32u32.to_le_bytes());
    }
    message
}

/// What a CHALLENGE message tells the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) flags: u32,
    pub(crate) server_challenge: [u8; 8],
    pub(crate) target_info: Vec<u8>,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Parses a CHALLENGE message; `None` when it is not one.
pub(crate) fn parse_challenge(bytes: &[u8]) -> Option<Challenge> {
    if bytes.get(..8)? != SIGNATURE || u32_at(bytes, 8)? != 2 {
        return None;
    }
    let flags = u32_at(bytes, 20)?;
    let server_challenge = bytes.get(24..32)?.try_into().ok()?;
    let target_info = match (u16_at(bytes, 40), u32_at(bytes, 44)) {
        (Some(length), Some(offset)) if length > 0 => {
            let start = usize::try_from(offset).ok()?;
            bytes.get(start..start + usize::from(length))?.to_vec()
        }
        _ => Vec::new(),
    };
    Some(Challenge { flags, server_challenge, target_info })
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    // HMAC takes keys of any length, so this never fails.
    let Ok(mut mac) = <Hmac<Md5> as Mac>::new_from_slice(key) else { return [0; 16] };
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// NTOWFv2: HMAC-MD5 keyed with MD4(UTF-16LE(password)) over UTF-16LE(UPPER(user) + domain).
pub(crate) fn ntowf_v2(user: &str, password: &str, domain: &str) -> [u8; 16] {
    let nt_hash = Md4::digest(utf16le(password));
    hmac_md5(&nt_hash, &[&utf16le(&format!("{}{domain}", user.to_uppercase()))])
}

/// The AV pair `id` of a target info block.
fn av_pair(target_info: &[u8], id: u16) -> Option<&[u8]> {
    let mut at = 0;
    while let (Some(av_id), Some(length)) = (u16_at(target_info, at), u16_at(target_info, at + 2)) {
        if av_id == 0 {
            return None;
        }
        let value = target_info.get(at + 4..at + 4 + usize::from(length))?;
        if av_id == id {
            return Some(value);
        }
        at += 4 + usize::from(length);
    }
    None
}

/// The LMv2 and NTLMv2 responses (MS-NLMP §3.3.2) for a time (FILETIME) and
/// client challenge.
pub(crate) fn responses(
    key: &[u8; 16],
    challenge: &Challenge,
    time: [u8; 8],
    client_challenge: [u8; 8],
) -> (Vec<u8>, Vec<u8>) {
    let mut temp = vec![1, 1, 0, 0, 0, 0, 0, 0];
    temp.extend_from_slice(&time);
    temp.extend_from_slice(&client_challenge);
    temp.extend_from_slice(&[0; 4]);
    temp.extend_from_slice(&challenge.target_info);
    temp.extend_from_slice(&[0; 4]);
    let proof = hmac_md5(key, &[&challenge.server_challenge, &temp]);
    let mut nt = proof.to_vec();
    nt.extend_from_slice(&temp);
    // With the server's time in the target info, the LM response is zeros.
    let lm = if av_pair(&challenge.target_info, AV_TIMESTAMP).is_some() {
        vec![0; 24]
    } else {
        let mut lm = hmac_md5(key, &[&challenge.server_challenge, &client_challenge]).to_vec();
        lm.extend_from_slice(&client_challenge);
        lm
    };
    (lm, nt)
}

/// The AUTHENTICATE message answering `challenge`.
pub(crate) fn authenticate(
    user: &str,
    password: &str,
    domain: &str,
    workstation: &str,
    challenge: &Challenge,
    time: [u8; 8],
    client_challenge: [u8; 8],
) -> Vec<u8> {
    let key = ntowf_v2(user, password, domain);
    let (lm, nt) = responses(&key, challenge, time, client_challenge);
    let text = |value: &str| {
        if challenge.flags & NEGOTIATE_UNICODE != 0 {
            utf16le(value)
        } else {
            value.as_bytes().to_vec()
        }
    };
    let fields = [lm, nt, text(domain), text(user), text(workstation), Vec::new()];
    let mut header = SIGNATURE.to_vec();
    header.extend_from_slice(&3u32.to_le_bytes());
    let mut payload = Vec::new();
    let mut offset = 64u32;
    for field in &fields {
        let length = u16::try_from(field.len()).unwrap_or(u16::MAX);
        header.extend_from_slice(&length.to_le_bytes());
        header.extend_from_slice(&length.to_le_bytes());
        header.extend_from_slice(&offset.to_le_bytes());
        offset += u32::from(length);
        payload.extend_from_slice(field);
    }
    header.extend_from_slice(&(challenge.flags & NEGOTIATE_FLAGS).to_le_bytes());
    header.extend_from_slice(&payload);
    header
}

/// Decodes standard base64 (the challenge header's encoding).
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let sextets: Vec<u8> = text
        .trim()
        .trim_end_matches('=')
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' => Some(b - b'A'),
            b'a'..=b'z' => Some(b - b'a' + 26),
            b'0'..=b'9' => Some(b - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let bits = chunk.iter().enumerate().fold(0u32, |acc, (i, &s)| acc | (u32::from(s) << (18 - 6 * i)));
        out.extend_from_slice(&bits.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

/// Where a call is in the handshake; the next resend acts on it. The
/// client's calls take turns ([`CallLock`]), so one handshake at a time
/// uses it, as in Postman, which runs requests one at a time.
#[derive(Debug, Default)]
enum Step {
    /// Nothing asked for: send no credentials.
    #[default]
    Idle,
    /// The server asked for NTLM: send NEGOTIATE.
    Negotiate,
    /// The server challenged: send AUTHENTICATE.
    Authenticate(Challenge),
}

/// A client's handshake state, and the lock its calls take turns with.
#[derive(Debug, Default)]
struct State {
    step: Mutex<Step>,
    calls: CallLock,
}

impl State {
    fn step(&self) -> std::sync::MutexGuard<'_, Step> {
        self.step.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Signer for Ntlm {
    fn state(&self) -> SignerState {
        std::sync::Arc::new(State::default())
    }

    fn sign(&self, core: &Core, state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let Some(state) = state.downcast_ref::<State>() else { return Ok(()) };
        let user = core.credential(self.username).unwrap_or_default().to_string();
        if user.is_empty() {
            return Ok(());
        }
        let step = std::mem::take(&mut *state.step());
        let message = match step {
            Step::Idle => return Ok(()),
            Step::Negotiate => negotiate(),
            Step::Authenticate(challenge) => {
                let password = core.credential(self.password).unwrap_or_default();
                // `DOMAIN\user` names the domain when the collection does not.
                let (domain, user) = match (core.render(self.domain)?, user.split_once('\\')) {
                    (domain, Some((user_domain, name))) if domain.is_empty() => (user_domain.to_string(), name.to_string()),
                    (domain, _) => (domain, user.clone()),
                };
                let time = match av_pair(&challenge.target_info, AV_TIMESTAMP).and_then(|t| t.try_into().ok()) {
                    Some(time) => time,
                    None => {
                        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
                        ((since.as_secs() + 11_644_473_600) * 10_000_000 + u64::from(since.subsec_nanos() / 100))
                            .to_le_bytes()
                    }
                };
                let workstation = core.render(self.workstation)?;
                authenticate(&user, password, &domain, &workstation, &challenge, time, random_u64().to_le_bytes())
            }
        };
        request.headers.insert(AUTHORIZATION, secret_header_value(&format!("NTLM {}", encode::base64(&message)))?);
        Ok(())
    }

    fn rounds(&self) -> u8 {
        2
    }

    fn call_lock<'s>(&self, state: &'s SignerState) -> Option<&'s CallLock> {
        Some(&state.downcast_ref::<State>()?.calls)
    }

    fn challenged(&self, state: &SignerState, response: &RawResponse) -> bool {
        let Some(state) = state.downcast_ref::<State>() else { return false };
        let offers: Vec<&str> = response
            .headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .map(str::trim)
            .collect();
        let challenge = offers
            .iter()
            .filter(|value| value.len() > 5 && value[..5].eq_ignore_ascii_case("ntlm "))
            .find_map(|value| parse_challenge(&base64_decode(&value[5..])?));
        // A bare `NTLM` (or `Negotiate`, which offers it) starts the handshake.
        let asked = offers.iter().any(|value| value.eq_ignore_ascii_case("ntlm") || value.eq_ignore_ascii_case("negotiate"));
        let mut step = state.step();
        *step = match (challenge, asked) {
            (Some(challenge), _) => Step::Authenticate(challenge),
            (None, true) => Step::Negotiate,
            (None, false) => Step::Idle,
        };
        !matches!(*step, Step::Idle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Vec<u8> {
        let text: String = text.split_whitespace().collect();
        (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex")).collect()
    }

    /// MS-NLMP §4.2.4: NTLMv2 with User / Domain / Password, server
    /// challenge 0123456789abcdef, client challenge aa.., time 0.
    fn challenge() -> Challenge {
        Challenge {
            flags: 0xe28a_8233,
            server_challenge: [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef],
            target_info: hex(
                "02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00 01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00",
            ),
        }
    }

    #[test]
    fn ms_nlmp_4_2_4_ntlmv2_vectors() {
        let key = ntowf_v2("User", "Password", "Domain");
        assert_eq!(key.to_vec(), hex("0c 86 8a 40 3b fd 7a 93 a3 00 1e f2 2e f0 2e 3f"));
        let (lm, nt) = responses(&key, &challenge(), [0; 8], [0xaa; 8]);
        assert_eq!(lm, hex("86 c3 50 97 ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa aa aa aa aa"));
        assert_eq!(nt[..16].to_vec(), hex("68 cd 0a b8 51 e5 1c 96 aa bc 92 7b eb ef 6a 1c"));
    }

    #[test]
    fn messages_round_trip_through_their_layouts() {
        let negotiate = negotiate();
        assert_eq!(&negotiate[..8], SIGNATURE);
        assert_eq!(negotiate.len(), 32);
        let mut message = SIGNATURE.to_vec();
        message.extend_from_slice(&2u32.to_le_bytes());
        message.extend_from_slice(&[0; 8]);
        message.extend_from_slice(&0xe28a_8233u32.to_le_bytes());
        message.extend_from_slice(&challenge().server_challenge);
        message.extend_from_slice(&[0; 8]);
        let info = challenge().target_info;
        message.extend_from_slice(&(info.len() as u16).to_le_bytes());
        message.extend_from_slice(&(info.len() as u16).to_le_bytes());
        message.extend_from_slice(&48u32.to_le_bytes());
        message.extend_from_slice(&info);
        assert_eq!(parse_challenge(&message), Some(challenge()));
        assert_eq!(parse_challenge(&negotiate), None);
        assert_eq!(parse_challenge(&message[..30]), None);
        let decoded = base64_decode(&encode::base64(&message)).expect("base64");
        assert_eq!(decoded, message);
        let auth = authenticate("User", "Password", "Domain", "WS", &challenge(), [0; 8], [0xaa; 8]);
        assert_eq!(u32_at(&auth, 8), Some(3));
        // The user name field: UTF-16LE "User" where its security buffer points.
        let (length, offset) = (u16_at(&auth, 36).expect("len"), u32_at(&auth, 40).expect("offset"));
        let start = offset as usize;
        assert_eq!(auth[start..start + usize::from(length)].to_vec(), utf16le("User"));
    }
}
