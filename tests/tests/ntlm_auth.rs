//! NTLM against a loopback server that runs the handshake as Windows servers
//! do: it refuses a request without credentials with a 401 offering
//! `Negotiate` and `NTLM`; per TCP connection, it answers a NEGOTIATE message
//! with a 401 carrying a fresh CHALLENGE, and accepts the AUTHENTICATE
//! message only on that same connection, after recomputing the NTLMv2 proof
//! with its own copy of the password.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md4::{Digest as _, Md4};
use md5::Md5;
use test_clients::signing;

const USER: &str = "user123";
const PASSWORD: &str = "s3cret pässword";
const TARGET_INFO: &[u8] = &[
    2, 0, 12, 0, b'D', 0, b'O', 0, b'M', 0, b'A', 0, b'I', 0, b'N', 0, 0, 0, 0, 0,
];

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Md5>::new_from_slice(key).expect("key");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn field(message: &[u8], at: usize) -> &[u8] {
    let length = u16::from_le_bytes([message[at], message[at + 1]]) as usize;
    let offset = u32::from_le_bytes(message[at + 4..at + 8].try_into().expect("offset")) as usize;
    &message[offset..offset + length]
}

fn utf16_text(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).expect("utf-16")
}

/// One authenticated request: the connection it came on, user and domain.
#[derive(Debug, Clone, PartialEq)]
struct Authenticated {
    connection: u64,
    user: String,
    domain: String,
    workstation: String,
}

#[derive(Default)]
struct Server {
    connections: AtomicU64,
    /// Requests that came without credentials.
    unauthenticated: AtomicU64,
    authenticated: Mutex<Vec<Authenticated>>,
    refused: Mutex<Vec<String>>,
}

/// The CHALLENGE message for `server_challenge`.
fn challenge_message(server_challenge: [u8; 8]) -> Vec<u8> {
    let mut message = b"NTLMSSP\0".to_vec();
    message.extend_from_slice(&2u32.to_le_bytes());
    message.extend_from_slice(&[0, 0, 0, 0, 48, 0, 0, 0]);
    message.extend_from_slice(&0xe28a_8235u32.to_le_bytes());
    message.extend_from_slice(&server_challenge);
    message.extend_from_slice(&[0; 8]);
    let length = (TARGET_INFO.len() as u16).to_le_bytes();
    message.extend_from_slice(&length);
    message.extend_from_slice(&length);
    message.extend_from_slice(&48u32.to_le_bytes());
    message.extend_from_slice(TARGET_INFO);
    message
}

/// Checks an AUTHENTICATE message against the challenge of its connection.
fn verify(message: &[u8], server_challenge: [u8; 8]) -> Result<(String, String, String), String> {
    if &message[..8] != b"NTLMSSP\0" || message[8] != 3 {
        return Err("not AUTHENTICATE".into());
    }
    let nt = field(message, 20);
    let domain = utf16_text(field(message, 28));
    let user = utf16_text(field(message, 36));
    let workstation = utf16_text(field(message, 44));
    if nt.len() < 16 + 28 {
        return Err("no NTLMv2 response".into());
    }
    let (proof, blob) = nt.split_at(16);
    if !blob.windows(TARGET_INFO.len()).any(|w| w == TARGET_INFO) {
        return Err("the response does not carry the target info".into());
    }
    let nt_hash = Md4::digest(utf16le(PASSWORD));
    let key = hmac_md5(
        &nt_hash,
        &[&utf16le(&format!("{}{domain}", user.to_uppercase()))],
    );
    if hmac_md5(&key, &[&server_challenge, blob]) != proof {
        return Err("wrong NTLMv2 proof".into());
    }
    Ok((user, domain, workstation))
}

fn respond(stream: &mut TcpStream, status: &str, extra: &str) {
    // A slow server, as a real one over a network is: concurrent calls
    // overlap at every step of their handshakes.
    std::thread::sleep(std::time::Duration::from_millis(15));
    let response = format!("HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\n\r\n");
    stream.write_all(response.as_bytes()).expect("write");
}

fn serve(server: Arc<Server>, mut stream: TcpStream) {
    let connection = server.connections.fetch_add(1, Ordering::SeqCst);
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    // The challenge this connection was given, if any.
    let mut issued: Option<[u8; 8]> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut authorization = None;
        let mut length = 0;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("header");
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').expect("header");
            match name.to_ascii_lowercase().as_str() {
                "authorization" => authorization = Some(value.trim().to_string()),
                "content-length" => length = value.trim().parse().expect("length"),
                _ => {}
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        let message = authorization
            .as_deref()
            .and_then(|value| value.strip_prefix("NTLM "))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok());
        match message {
            Some(message) if message.get(8) == Some(&1) => {
                let challenge = (connection * 7919 + 17).to_le_bytes();
                issued = Some(challenge);
                let header =
                    base64::engine::general_purpose::STANDARD.encode(challenge_message(challenge));
                respond(
                    &mut stream,
                    "401 Unauthorized",
                    &format!("WWW-Authenticate: NTLM {header}\r\n"),
                );
            }
            Some(message) => {
                let outcome = match issued.take() {
                    Some(challenge) => verify(&message, challenge),
                    None => Err("AUTHENTICATE on a connection that was not challenged".into()),
                };
                match outcome {
                    Ok((user, domain, workstation)) => {
                        server
                            .authenticated
                            .lock()
                            .expect("log")
                            .push(Authenticated {
                                connection,
                                user,
                                domain,
                                workstation,
                            });
                        respond(&mut stream, "200 OK", "");
                    }
                    Err(why) => {
                        server.refused.lock().expect("log").push(why);
                        respond(&mut stream, "401 Unauthorized", "");
                    }
                }
            }
            None => {
                server.unauthenticated.fetch_add(1, Ordering::SeqCst);
                respond(
                    &mut stream,
                    "401 Unauthorized",
                    "WWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM\r\n",
                );
            }
        }
    }
}

fn start() -> (String, Arc<Server>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let server = Arc::new(Server::default());
    let state = server.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = state.clone();
            std::thread::spawn(move || serve(state, stream));
        }
    });
    (format!("http://{address}"), server)
}

#[tokio::test]
async fn the_handshake_runs_on_one_connection_and_the_server_accepts_the_ntlmv2_proof() {
    let (base, server) = start();
    let client = signing::Client::builder()
        .base_url(&base)
        .ntlm_auth(USER, PASSWORD)
        .build()
        .expect("client");
    for _ in 0..2 {
        let outcome = client.ntlm().resource().send().await;
        assert!(
            outcome.is_ok(),
            "{:?} {:?}",
            outcome.err().map(|e| e.to_string()),
            server.refused.lock().expect("log")
        );
    }
    let authenticated = server.authenticated.lock().expect("log").clone();
    assert_eq!(authenticated.len(), 2, "each request runs the handshake");
    // As Postman: first without credentials, then the handshake the 401 asks for.
    assert_eq!(server.unauthenticated.load(Ordering::SeqCst), 2);
    assert_eq!(authenticated[0].user, USER);
    assert_eq!(authenticated[0].domain, "DOMAIN");
    assert_eq!(authenticated[0].workstation, "WS");
    assert!(!format!("{client:?}").contains(PASSWORD));
}

#[tokio::test]
async fn a_wrong_password_is_refused_after_one_answer_to_the_challenge() {
    let (base, server) = start();
    let client = signing::Client::builder()
        .base_url(&base)
        .ntlm_auth(USER, "wrong")
        .build()
        .expect("client");
    let error = client.ntlm().resource().send().await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        server.refused.lock().expect("log").clone(),
        ["wrong NTLMv2 proof"]
    );
    assert!(server.authenticated.lock().expect("log").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_of_one_client_each_complete_their_own_handshake() {
    let (base, server) = start();
    let client = signing::Client::builder()
        .base_url(&base)
        .ntlm_auth(USER, PASSWORD)
        .build()
        .expect("client");
    // Clones share the client's state, so they take turns too.
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.ntlm().resource().send().await.map(|_| ()) })
        })
        .collect();
    for call in calls {
        let outcome = call.await.expect("task");
        assert!(
            outcome.is_ok(),
            "{:?} {:?}",
            outcome.err().map(|e| e.to_string()),
            server.refused.lock().expect("log")
        );
    }
    assert!(server.refused.lock().expect("log").is_empty());
    assert_eq!(server.authenticated.lock().expect("log").len(), 8);
    assert_eq!(server.unauthenticated.load(Ordering::SeqCst), 8);
}

#[test]
fn concurrent_blocking_calls_each_complete_their_own_handshake() {
    let (base, server) = start();
    let client = signing::Client::builder()
        .base_url(&base)
        .ntlm_auth(USER, PASSWORD)
        .build()
        .expect("client");
    std::thread::scope(|scope| {
        let calls: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| client.ntlm().resource().send_blocking().map(|_| ())))
            .collect();
        for call in calls {
            let outcome = call.join().expect("thread");
            assert!(
                outcome.is_ok(),
                "{:?}",
                outcome.err().map(|e| e.to_string())
            );
        }
    });
    assert!(server.refused.lock().expect("log").is_empty());
    assert_eq!(server.authenticated.lock().expect("log").len(), 4);
}
