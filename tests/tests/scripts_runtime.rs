//! The script runtime (`scripts` feature) on the wire. A crate is generated
//! from `tests/tests/scripts/collection.json` (each request's scripts use one
//! part of the `pm` sandbox) and built with the feature, together with a small
//! driver program that calls the operations named on its command line against
//! a loopback server; each test asserts what the scripts changed in the
//! requests the server received. The last test does the same for the real
//! binance-spot collection of `../shared/corpus` (skipped with a notice when
//! the corpus is not beside the repository), whose collection-level script
//! signs every request with HMAC-SHA256 through `crypto.subtle`.
//!
//! Generated in the test rather than checked in: the fixture is small, and a
//! checked-in crate would have to be regenerated with every runtime change.
//! The crates build in `target/scripts-workspace` with the target directory
//! the interface tests share (`target/interface-target`), so the HTTP stack
//! is compiled once for all of them.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use postman_codegen::{Generator, Input, Interface};
use sha2::Digest as _;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// One request as the loopback server received it.
#[derive(Debug, Clone)]
struct Received {
    method: String,
    path: String,
    query: String,
    headers: BTreeMap<String, Vec<String>>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|values| values.first())
            .map(String::as_str)
    }
}

type Answer = dyn Fn(&Received) -> (u16, Vec<(String, String)>, String) + Send + Sync;

/// A loopback HTTP server answering with `answer`; its URL and what it received.
fn serve(answer: Arc<Answer>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut data = Vec::new();
            let mut buffer = [0u8; 8192];
            let (head, body) = loop {
                let Ok(read) = stream.read(&mut buffer) else {
                    break (String::new(), String::new());
                };
                data.extend_from_slice(&buffer[..read]);
                let text = String::from_utf8_lossy(&data).into_owned();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|line| {
                            let (name, value) = line.split_once(':')?;
                            name.eq_ignore_ascii_case("content-length")
                                .then(|| value.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length || read == 0 {
                        break (
                            text[..end].to_string(),
                            String::from_utf8_lossy(&data[end + 4..]).into_owned(),
                        );
                    }
                }
                if read == 0 {
                    break (text, String::new());
                }
            };
            let mut lines = head.lines();
            let request_line = lines.next().unwrap_or_default().to_string();
            let mut parts = request_line.split(' ');
            let method = parts.next().unwrap_or_default().to_string();
            let target = parts.next().unwrap_or_default().to_string();
            let (path, query) = match target.split_once('?') {
                Some((path, query)) => (path.to_string(), query.to_string()),
                None => (target.clone(), String::new()),
            };
            let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for line in lines {
                if let Some((name, value)) = line.split_once(':') {
                    headers
                        .entry(name.trim().to_ascii_lowercase())
                        .or_default()
                        .push(value.trim().to_string());
                }
            }
            let received = Received {
                method,
                path,
                query,
                headers,
                body,
            };
            let (status, extra, reply) = answer(&received);
            log.lock().unwrap().push(received);
            let mut response = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                reply.len()
            );
            for (name, value) in extra {
                response.push_str(&format!("{name}: {value}\r\n"));
            }
            response.push_str("\r\n");
            response.push_str(&reply);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (url, seen)
}

const DRIVER: &str = r#"
use std::future::Future;

use scripts_fixture::{Client, Error, ScriptError};

/// Runs an async call on a Tokio runtime. The bound checks what `tokio::spawn`
/// needs: the call's future is `Send`, scripts and all.
fn on_tokio<F: Future + Send>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap();
    let client = Client::builder()
        .var("baseUrl", base)
        .var("secret", "s3cret")
        .var("api_key", "KEY-1")
        .build()
        .unwrap();
    for scenario in args {
        let fixture = client.clone();
        let outcome = match scenario.as_str() {
            "variables" => fixture.variables().send_blocking().map(drop),
            "edit_request" => fixture.edit_request().send_blocking().map(drop),
            "login" => fixture.session().login().send_blocking().map(drop),
            "me" => fixture.session().me().send_blocking().map(drop),
            "crypto" => fixture.crypto().send_blocking().map(drop),
            "subtle" => fixture.subtle().symbol("BTC").send_blocking().map(drop),
            "info" => fixture.info().send_blocking().map(drop),
            "fetched_token" => fixture.fetched_token().send_blocking().map(drop),
            // The async path: `pm.sendRequest` goes out through the async HTTP client.
            "fetched_token_async" => on_tokio(fixture.fetched_token().send()).map(drop),
            // Scripts' requests through a client of their own, the call's through another:
            // each client sends a default header saying which it is.
            "script_client" | "script_client_async" => {
                let labelled = |via: &str| {
                    let mut headers = reqwest::header::HeaderMap::new();
                    headers.insert("x-via", via.parse().unwrap());
                    headers
                };
                let base = std::env::args().nth(1).unwrap();
                let separate = Client::builder()
                    .var("baseUrl", base)
                    .var("secret", "s3cret")
                    .var("api_key", "KEY-1")
                    .http_client(reqwest::Client::builder().default_headers(labelled("call")).build().unwrap())
                    .blocking_http_client(reqwest::blocking::Client::builder().default_headers(labelled("call")).build().unwrap())
                    .script_http_client(reqwest::Client::builder().default_headers(labelled("script")).build().unwrap())
                    .script_blocking_http_client(
                        reqwest::blocking::Client::builder().default_headers(labelled("script")).build().unwrap(),
                    )
                    .build()
                    .unwrap();
                if scenario == "script_client" {
                    separate.fetched_token().send_blocking().map(drop)
                } else {
                    on_tokio(separate.fetched_token().send()).map(drop)
                }
            }
            "cookies" => fixture.run().cookies().send_blocking().map(drop),
            "cookie_echo" => fixture.run().cookie_echo().send_blocking().map(drop),
            "cookie_echo_async" => on_tokio(fixture.run().cookie_echo().send()).map(drop),
            "skip" => fixture.run().skip().send_blocking().map(drop),
            "require_package" => fixture.run().require_package().send_blocking().map(drop),
            "run_request" => fixture.run().run_request().send_blocking().map(drop),
            // What the last call's scripts asked to run next, taken.
            "next" => {
                println!("next\t{:?}", client.take_next_request());
                continue;
            }
            "forms" => fixture.sent_forms().send_blocking().map(drop),
            "forms_async" => on_tokio(fixture.sent_forms().send()).map(drop),
            "dynamic" => fixture.dynamic_seen().send_blocking().map(drop),
            "dynamic_async" => on_tokio(fixture.dynamic_seen().send()).map(drop),
            "endless_loop" => fixture.hostile().endless_loop().send_blocking().map(drop),
            "deep_recursion" => fixture.hostile().deep_recursion().send_blocking().map(drop),
            "huge_string" => fixture.hostile().huge_string().send_blocking().map(drop),
            "require_fs" => fixture.hostile().require_fs().send_blocking().map(drop),
            "eval_large_program" => fixture.hostile().eval_large_program().send_blocking().map(drop),
            "throws" => fixture.hostile().throws().send_blocking().map(drop),
            "syntax_error" => fixture.hostile().syntax_error().send_blocking().map(drop),
            "send_request" => fixture.hostile().send_request().send_blocking().map(drop),
            "test_throws" => fixture.hostile().test_throws().send_blocking().map(drop),
            variable => {
                println!("{variable}\tvariable\t{}", client.variable(variable).unwrap_or_default());
                continue;
            }
        };
        let started = std::time::Instant::now();
        match outcome {
            Ok(()) => println!("{scenario}\tok"),
            Err(Error::Script(error)) => {
                let ScriptError { item, listen, level, line, message, .. } = *error;
                println!("{scenario}\tscript\t{item}\t{listen}\t{level}\t{line:?}\t{message}");
            }
            Err(error) => println!("{scenario}\terror\t{error}"),
        }
        let _ = started;
    }
}
"#;

/// Runs `cargo build` for `package` in the test workspace (offline first).
fn cargo_build(workspace: &Path, package: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let target = repo_root().join("target/interface-target");
    let run = |offline: bool| {
        let mut command = Command::new(&cargo);
        command
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", &target);
        if offline {
            command.arg("--offline");
        }
        command
            .args(["build", "-q", "-p", package])
            .output()
            .unwrap()
    };
    let mut output = run(true);
    if !output.status.success() {
        output = run(false);
    }
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Writes a workspace of `crates` (generated) and a driver depending on the
/// first with the `scripts` feature; returns the driver's binary.
fn build_driver(name: &str, crates: &[(&str, &Path)], features: &str, driver: &str) -> PathBuf {
    let root = repo_root();
    let workspace = root.join("target/scripts-workspace").join(name);
    let mut members = Vec::new();
    for (crate_name, collection) in crates {
        let generated = Generator::builder()
            .crate_name(*crate_name)
            .interface(Interface::Blocking)
            .collection(Input::path(collection))
            .build()
            .unwrap()
            .generate()
            .unwrap();
        generated.sync_to(workspace.join(crate_name), true).unwrap();
        members.push(format!("\"{crate_name}\""));
    }
    let driver_name = format!("{name}-driver");
    members.push(format!("\"{driver_name}\""));
    std::fs::create_dir_all(workspace.join(&driver_name).join("src")).unwrap();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let (first, _) = crates[0];
    std::fs::write(
        workspace.join(&driver_name).join("Cargo.toml"),
        format!(
            "[package]\nname = \"{driver_name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n{first} = {{ path = \"../{first}\", features = [{features}] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\"] }}\n\
             reqwest = {{ version = \"0.12\", default-features = false, features = [\"blocking\"] }}\n"
        ),
    )
    .unwrap();
    std::fs::write(workspace.join(&driver_name).join("src/main.rs"), driver).unwrap();
    if !workspace.join("Cargo.lock").exists() {
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    }
    cargo_build(&workspace, &driver_name);
    root.join("target/interface-target/debug").join(driver_name)
}

/// The fixture's driver, built once for all tests.
fn fixture_driver() -> &'static Path {
    static DRIVER_BINARY: OnceLock<PathBuf> = OnceLock::new();
    DRIVER_BINARY.get_or_init(|| {
        let fixture = repo_root().join("tests/tests/scripts/collection.json");
        build_driver(
            "fixture",
            &[("scripts-fixture", &fixture)],
            "\"scripts\", \"async\"",
            DRIVER,
        )
    })
}

/// A server answering the fixture's requests: `/login` gives a token and a
/// session header, `/subtle` checks the HMAC-SHA256 signature of its query.
fn fixture_server() -> (String, Arc<Mutex<Vec<Received>>>) {
    serve(Arc::new(|request: &Received| match request.path.as_str() {
        "/login" => (
            200,
            vec![("X-Session".to_string(), "S-9".to_string())],
            "{\"token\":\"T0K-1\"}".to_string(),
        ),
        // `pm.sendRequest`'s token endpoint: a form with the client's secret, no credential of the client.
        "/token"
            if request.method == "POST"
                && request.body == "grant_type=client_credentials&secret=s3cret"
                && request.header("x-client") == Some("fixture")
                && request.header("content-type") == Some("application/x-www-form-urlencoded")
                && request.header("authorization").is_none()
                && request.header("x-api-key").is_none() =>
        {
            (200, Vec::new(), "{\"access_token\":\"T0K-2\"}".to_string())
        }
        "/token" => (400, Vec::new(), "{}".to_string()),
        "/second" if request.method == "PUT" && request.body == "r2" => (
            200,
            vec![("X-Marker".to_string(), "M-7".to_string())],
            "two".to_string(),
        ),
        "/echo" => (202, Vec::new(), request.query.clone()),
        // The request whose pre-request script fetched its token.
        "/fetched" if request.header("authorization") == Some("Bearer T0K-2") => {
            (200, Vec::new(), "{}".to_string())
        }
        "/fetched" => (401, Vec::new(), "{}".to_string()),
        // `pm.sendRequest`'s form: the exact multipart body, answered with a
        // redirect to another host name of this server.
        "/form" if request.method == "POST" && request.header("authorization").is_some() => {
            match check_multipart(request) {
                Ok(()) => {
                    let host = request.header("host").unwrap_or_default();
                    let port = host.rsplit(':').next().unwrap_or_default();
                    (
                        302,
                        vec![(
                            "Location".to_string(),
                            format!("http://localhost:{port}/landing"),
                        )],
                        "{}".to_string(),
                    )
                }
                Err(why) => (400, Vec::new(), why),
            }
        }
        "/landing" if request.method == "GET" && request.body.is_empty() => {
            std::thread::sleep(Duration::from_millis(60));
            (
                200,
                vec![
                    (
                        "Set-Cookie".to_string(),
                        "sid=S1; Path=/app; HttpOnly".to_string(),
                    ),
                    ("Set-Cookie".to_string(), "theme=dark".to_string()),
                ],
                "landed".to_string(),
            )
        }
        "/cookies" => (
            200,
            vec![
                (
                    "Set-Cookie".to_string(),
                    "sid=s-1; Path=/; HttpOnly".to_string(),
                ),
                ("Set-Cookie".to_string(), "theme=dark".to_string()),
            ],
            "{}".to_string(),
        ),
        "/subtle" => match verify_signature(&request.query, "", "s3cret") {
            Ok(()) => (200, Vec::new(), "{}".to_string()),
            Err(why) => (401, Vec::new(), format!("{{\"msg\":\"{why}\"}}")),
        },
        _ => (200, Vec::new(), "{}".to_string()),
    }))
}

/// Checks the fixture's multipart form: Postman's boundary (26 dashes, 24
/// digits), its two enabled text parts in order, the second with its type.
fn check_multipart(request: &Received) -> Result<(), String> {
    let content_type = request.header("content-type").unwrap_or_default();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .ok_or_else(|| format!("content type `{content_type}`"))?;
    let digits = boundary.trim_start_matches('-');
    if boundary.len() - digits.len() != 26
        || digits.len() != 24
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("boundary `{boundary}`"));
    }
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"b\"\r\nContent-Type: text/plain\r\n\r\ntwo words\r\n\
         --{boundary}--\r\n"
    );
    if request.body == expected {
        Ok(())
    } else {
        Err(format!("body `{}`", request.body))
    }
}

/// Checks `...&signature=<hex>`: the HMAC-SHA256 of the rest of the query
/// followed by the body, under `secret`.
fn verify_signature(query: &str, body: &str, secret: &str) -> Result<(), String> {
    let (signed, signature) = query
        .rsplit_once("signature=")
        .ok_or_else(|| format!("no signature in `{query}`"))?;
    let signed = signed.strip_suffix('&').unwrap_or(signed);
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    mac.update(body.as_bytes());
    let expected = hex(&mac.finalize().into_bytes());
    if signature == expected {
        Ok(())
    } else {
        Err(format!("bad signature over `{signed}` + `{body}`"))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs the driver on `scenarios`; its output lines, split at tabs, by scenario.
fn run(binary: &Path, base: &str, scenarios: &[&str]) -> BTreeMap<String, Vec<String>> {
    let output = Command::new(binary)
        .arg(base)
        .args(scenarios)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split('\t').map(str::to_string).collect();
            let scenario = fields.remove(0);
            (scenario, fields)
        })
        .collect()
}

fn only(seen: &Arc<Mutex<Vec<Received>>>, path: &str) -> Received {
    let seen = seen.lock().unwrap();
    let matching: Vec<&Received> = seen.iter().filter(|r| r.path == path).collect();
    assert_eq!(matching.len(), 1, "{path}: {seen:?}");
    matching[0].clone()
}

#[test]
fn pm_variables_of_every_scope_set_unset_has_and_replace_in_reach_the_wire() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["variables"]);
    assert_eq!(out["variables"], ["ok"], "{out:?}");
    let request = only(&seen, "/vars");
    // Variables set by the script are in the URL the collection wrote with them.
    assert_eq!(request.query, "e=E1&c=C1&g=G1&l=L1");
    assert_eq!(request.header("x-has"), Some("true,false,true"));
    assert_eq!(request.header("x-replaced"), Some("E1-C1-kept"));
    assert_eq!(request.header("x-get"), Some("E1,C1,G1,L1,base"));
    // The collection's own script ran first.
    assert_eq!(request.header("x-order"), Some("collection"));
}

#[test]
fn pm_request_header_query_body_and_method_edits_reach_the_wire() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["variables", "edit_request"]);
    assert_eq!(out["edit_request"], ["ok"], "{out:?}");
    let request = only(&seen, "/edit");
    assert_eq!(request.method, "PUT");
    assert_eq!(request.query, "keep=k1&added=q");
    // What the script saw: the collection's method, path and body.
    assert_eq!(request.header("x-seen"), Some("POST /edit {\"a\": 1}"));
    // A header value a script adds is rendered with the variables (set by the earlier request's script).
    assert_eq!(request.header("x-added"), Some("added-E1"));
    assert_eq!(request.headers["x-existing"], ["new"]);
    assert!(request.header("x-removed").is_none(), "{request:?}");
    assert_eq!(request.body, "{\"changed\":\"k1\"}");
    assert_eq!(request.header("content-length"), Some("16"));
}

#[test]
fn test_scripts_store_what_the_next_request_sends_and_failed_pm_tests_never_abort() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["login", "me", "token", "legacy"]);
    assert_eq!(out["login"], ["ok"], "{out:?}");
    assert_eq!(out["me"], ["ok"], "{out:?}");
    // The caller reads what the test script stored.
    assert_eq!(out["token"], ["variable", "T0K-1"]);
    assert_eq!(out["legacy"], ["variable", "T0K-1-200"]);
    let me = only(&seen, "/me");
    assert_eq!(me.header("authorization"), Some("Bearer T0K-1"));
    assert_eq!(me.header("x-session"), Some("S-9"));
    assert_eq!(me.header("x-legacy"), Some("T0K-1-200"));
    // `pm.response.status` and `pm.response.text()`.
    assert_eq!(me.header("x-status"), Some("OK 17"));
    // Collection, then folder, then request.
    assert_eq!(me.header("x-order"), Some("collection,folder"));
}

#[test]
fn crypto_js_hashes_hmacs_and_encoders_and_btoa_match_rust_crypto() {
    use hmac::Mac as _;
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["crypto"]);
    assert_eq!(out["crypto"], ["ok"], "{out:?}");
    let request = only(&seen, "/crypto");
    let mac256 = {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"key").unwrap();
        mac.update(b"message");
        hex(&mac.finalize().into_bytes())
    };
    let mac1 = {
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"key").unwrap();
        mac.update(b"message");
        hex(&mac.finalize().into_bytes())
    };
    let mac512 = {
        let mut mac = Hmac::<sha2::Sha512>::new_from_slice(b"key").unwrap();
        mac.update(b"message");
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    };
    let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    assert_eq!(request.header("x-hmac256"), Some(mac256.as_str()));
    assert_eq!(request.header("x-hmac1"), Some(mac1.as_str()));
    assert_eq!(request.header("x-hmac512-b64"), Some(mac512.as_str()));
    assert_eq!(
        request.header("x-sha256"),
        Some(hex(&sha2::Sha256::digest(b"abc")).as_str())
    );
    assert_eq!(
        request.header("x-sha1"),
        Some(hex(&sha1::Sha1::digest(b"abc")).as_str())
    );
    assert_eq!(
        request.header("x-sha512"),
        Some(hex(&sha2::Sha512::digest(b"abc")).as_str())
    );
    assert_eq!(
        request.header("x-md5"),
        Some(hex(&md5::Md5::digest(b"abc")).as_str())
    );
    assert_eq!(
        request.header("x-basic"),
        Some(b64("user:pässword").as_str())
    );
    assert_eq!(request.header("x-utf8"), Some("héllo"));
    assert_eq!(request.header("x-latin1"), Some("e9"));
    assert_eq!(
        request.header("x-btoa"),
        Some(format!("{} hi", b64("user:pass")).as_str())
    );
    assert_eq!(request.header("x-buffer"), Some(b64("hi there").as_str()));
}

#[test]
fn a_crypto_subtle_hmac_signature_passes_a_verifying_server() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["subtle"]);
    assert_eq!(out["subtle"], ["ok"], "{out:?}");
    let request = only(&seen, "/subtle");
    assert!(
        request
            .query
            .starts_with("symbol=BTC&timestamp=1700000000000&signature="),
        "{}",
        request.query
    );
    assert_eq!(request.header("x-mbx-apikey"), Some("KEY-1"));
}

#[test]
fn pm_info_the_legacy_request_object_lodash_and_moment_work() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["info"]);
    assert_eq!(out["info"], ["ok"], "{out:?}");
    let request = only(&seen, "/info");
    assert_eq!(request.header("x-info"), Some("prerequest|info|0"));
    assert_eq!(request.header("x-legacy-request"), Some("GET /info"));
    assert_eq!(request.header("x-lodash"), Some("7,true,x+y,dflt"));
    assert_eq!(
        request.header("x-add-days"),
        Some("1970-01-03T03:00:00.000Z")
    );
    assert_eq!(
        request.header("x-moment"),
        Some("2023-04-02T00:30:00+00:00 2023-11-14 2024-02-29T08:00:00.000Z")
    );
}

#[test]
fn pm_send_request_fetches_a_token_through_the_client_and_the_server_accepts_it() {
    let (base, seen) = fixture_server();
    let out = run(fixture_driver(), &base, &["fetched_token", "token_status"]);
    // `/fetched` answers 401 unless the fetched token is in its Authorization header.
    assert_eq!(out["fetched_token"], ["ok"], "{out:?}");
    assert_eq!(out["token_status"], ["variable", "200 OK"], "{out:?}");
    let fetched = only(&seen, "/fetched");
    assert_eq!(fetched.header("authorization"), Some("Bearer T0K-2"));
    // The request's own credential (its API-key auth) is on it, and only on it.
    assert_eq!(fetched.header("x-api-key"), Some("KEY-1"));
    // A second round (sent from a callback), the promise form, and a refused connection
    // handed to the callback as an error.
    assert_eq!(fetched.header("x-second"), Some("M-7 two"));
    assert_eq!(fetched.header("x-echo"), Some("202"));
    assert_eq!(fetched.header("x-refused"), Some("true"));
    // The script's requests carry only what the script put in them (the server checked
    // the token request's form and that it has neither the Authorization header nor
    // the client's API key).
    assert_eq!(only(&seen, "/token").method, "POST");
    assert_eq!(only(&seen, "/echo").query, "x=1");
    assert_eq!(
        only(&seen, "/second").header("content-type"),
        Some("text/plain")
    );
}

#[test]
fn pm_send_request_in_an_async_call_goes_out_through_the_async_client_and_the_server_accepts_it() {
    let (base, seen) = fixture_server();
    let out = run(
        fixture_driver(),
        &base,
        &["fetched_token_async", "token_status"],
    );
    // `/fetched` answers 401 unless the fetched token is in its Authorization header.
    assert_eq!(out["fetched_token_async"], ["ok"], "{out:?}");
    assert_eq!(out["token_status"], ["variable", "200 OK"], "{out:?}");
    let fetched = only(&seen, "/fetched");
    assert_eq!(fetched.header("authorization"), Some("Bearer T0K-2"));
    assert_eq!(fetched.header("x-api-key"), Some("KEY-1"));
    // Both rounds, the promise form and the refused connection, as in a blocking call.
    assert_eq!(fetched.header("x-second"), Some("M-7 two"));
    assert_eq!(fetched.header("x-echo"), Some("202"));
    assert_eq!(fetched.header("x-refused"), Some("true"));
    assert_eq!(only(&seen, "/token").method, "POST");
    assert_eq!(only(&seen, "/second").body, "r2");
}

#[test]
fn pm_send_request_goes_out_through_the_script_http_client_the_caller_gives() {
    for scenario in ["script_client", "script_client_async"] {
        let (base, seen) = fixture_server();
        let out = run(fixture_driver(), &base, &[scenario]);
        assert_eq!(out[scenario], ["ok"], "{scenario}: {out:?}");
        // The operation's request went through the call's client, with the fetched token.
        let fetched = only(&seen, "/fetched");
        assert_eq!(fetched.header("x-via"), Some("call"), "{scenario}");
        assert_eq!(
            fetched.header("authorization"),
            Some("Bearer T0K-2"),
            "{scenario}"
        );
        // Every request the script sent (both rounds, the promise form) through its own.
        for path in ["/token", "/second", "/echo"] {
            assert_eq!(
                only(&seen, path).header("x-via"),
                Some("script"),
                "{scenario} {path}"
            );
        }
    }
}

#[test]
fn pm_cookies_in_a_test_script_are_the_ones_the_response_set_and_reach_the_next_request() {
    let (base, seen) = fixture_server();
    let out = run(
        fixture_driver(),
        &base,
        &["cookies", "cookie_echo", "pre_cookies"],
    );
    assert_eq!(out["cookies"], ["ok"], "{out:?}");
    assert_eq!(out["cookie_echo"], ["ok"], "{out:?}");
    // The test script of `/cookies` read the two cookies its response set
    // (`get`, `has`, `toObject`, `pm.response.cookies`, `postman.getResponseCookie`)
    // and stored them; the next request sent what it stored.
    assert_eq!(
        only(&seen, "/cookie-echo").header("x-cookies-seen"),
        Some("s-1 true false {\"sid\":\"s-1\",\"theme\":\"dark\"} dark s-1")
    );
    // A pre-request script has no response: no cookies (the client keeps no jar).
    assert_eq!(out["pre_cookies"], ["variable", "0"], "{out:?}");
}

#[test]
fn set_next_request_is_recorded_for_the_caller_and_a_call_without_it_clears_it() {
    let (base, _seen) = fixture_server();
    // Each `next` takes what the last call's scripts asked for: taken once, then gone.
    let output = Command::new(fixture_driver())
        .arg(&base)
        .args([
            "cookies",
            "next",
            "next",
            "cookie_echo",
            "next",
            "info",
            "next",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<String> = stdout
        .lines()
        .filter(|line| line.starts_with("next\t"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        lines,
        [
            "next\tSome(Item(\"Cookie echo\"))",
            "next\tNone",
            // `pm.execution.setNextRequest(null)`: the run ends.
            "next\tSome(Stop)",
            // A call whose scripts ask nothing.
            "next\tNone",
        ],
        "{stdout}"
    );
}

#[test]
fn skip_request_pm_require_and_run_request_fail_the_call_naming_the_script_and_send_nothing() {
    let (base, seen) = fixture_server();
    let out = run(
        fixture_driver(),
        &base,
        &[
            "skip",
            "require_package",
            "run_request",
            "before_skip",
            "after_skip",
        ],
    );
    let cases = [
        (
            "skip",
            "request 'Skip'",
            "Some(2)",
            "skipRequest(): the script skipped the request",
        ),
        (
            "require_package",
            "request 'Require package'",
            "Some(2)",
            "pm.require('@acme/helpers'): packages are not in the collection",
        ),
        (
            "run_request",
            "request 'Run request'",
            "Some(1)",
            "pm.execution.runRequest",
        ),
    ];
    for (scenario, level, line, message) in cases {
        let fields = &out[scenario];
        assert_eq!(fields[0], "script", "{scenario}: {fields:?}");
        assert_eq!(fields[2], "prerequest", "{scenario}: {fields:?}");
        assert_eq!(fields[3], level, "{scenario}: {fields:?}");
        assert_eq!(fields[4], line, "{scenario}: {fields:?}");
        assert!(fields[5].contains(message), "{scenario}: {fields:?}");
    }
    // What the script did before `skipRequest` holds; nothing after it ran.
    assert_eq!(out["before_skip"], ["variable", "yes"], "{out:?}");
    assert_eq!(out["after_skip"], ["variable", ""], "{out:?}");
    assert!(seen.lock().unwrap().iter().all(|r| r.path != "/never"));
}

#[test]
fn pm_send_request_sends_forms_follows_redirects_and_reads_cookies_and_response_time() {
    for scenario in ["forms", "forms_async"] {
        let (base, seen) = fixture_server();
        let out = run(fixture_driver(), &base, &[scenario]);
        assert_eq!(out[scenario], ["ok"], "{scenario}: {out:?}");
        let forms = only(&seen, "/forms");
        // The server checked the multipart body and redirected the POST (302) to
        // `localhost`; the script saw the landing page's answer.
        assert_eq!(forms.header("x-form"), Some("200 landed"), "{scenario}");
        assert_eq!(
            forms.header("x-cookie"),
            Some("S1 /app true false"),
            "{scenario}"
        );
        // The landing page answers after 60 ms; the response time includes it.
        assert_eq!(forms.header("x-time"), Some("true"), "{scenario}");
        assert_eq!(forms.header("x-file"), Some("true"), "{scenario}");
        assert!(only(&seen, "/form").header("authorization").is_some());
        // Postman's rule: a 302 of a POST is followed with a GET without the body,
        // and the Authorization header stays with the host it was written for.
        let landing = only(&seen, "/landing");
        assert_eq!(landing.method, "GET", "{scenario}");
        assert_eq!(landing.header("authorization"), None, "{scenario}");
        assert_eq!(landing.header("content-type"), None, "{scenario}");
        assert!(
            seen.lock().unwrap().iter().all(|r| r.path != "/never"),
            "{scenario}"
        );
    }
}

#[test]
fn dynamic_variables_a_pre_request_script_reads_are_the_ones_sent() {
    for scenario in ["dynamic", "dynamic_async"] {
        let (base, seen) = fixture_server();
        let out = run(fixture_driver(), &base, &[scenario]);
        assert_eq!(out[scenario], ["ok"], "{scenario}: {out:?}");
        let sent = only(&seen, "/dynamic");
        let id = sent.header("x-id").unwrap();
        assert_eq!(id.len(), 36, "{scenario}: a $guid, not `{id}`");
        let n = sent.query.strip_prefix("n=").unwrap();
        assert!(n.parse::<u32>().is_ok(), "{scenario}: {}", sent.query);
        // The script saw the request before the engine ran; what it copied is
        // what went out (one draw per call, replayed when the request is rendered
        // again with what the script changed).
        assert_eq!(
            sent.header("x-seen"),
            Some(format!("{id} {n}").as_str()),
            "{scenario}"
        );
    }
}

#[test]
fn hostile_scripts_fail_with_a_clear_error_within_their_limits_and_send_nothing() {
    let (base, seen) = fixture_server();
    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        ("endless_loop", "request 'Endless loop'", None, "time limit"),
        ("deep_recursion", "request 'Deep recursion'", None, "stack"),
        ("huge_string", "request 'Huge string'", None, "memory"),
        (
            "require_fs",
            "request 'Require fs'",
            Some("Some(2)"),
            "require('fs') is not available",
        ),
        (
            "eval_large_program",
            "request 'Eval large program'",
            None,
            "memory",
        ),
        (
            "throws",
            "request 'Throws'",
            Some("Some(3)"),
            "TypeError: broken on purpose",
        ),
        (
            "syntax_error",
            "request 'Syntax error'",
            Some("Some(2)"),
            "SyntaxError",
        ),
        (
            "send_request",
            "request 'Send request'",
            None,
            "pm.sendRequest: a script may send at most 32 requests in 16 rounds",
        ),
    ];
    for (scenario, level, line, message) in cases {
        let started = Instant::now();
        let out = run(fixture_driver(), &base, &[scenario]);
        let elapsed = started.elapsed();
        let fields = &out[*scenario];
        assert_eq!(fields[0], "script", "{scenario}: {fields:?}");
        assert_eq!(fields[2], "prerequest", "{scenario}: {fields:?}");
        assert_eq!(fields[3], *level, "{scenario}: {fields:?}");
        if let Some(line) = line {
            assert_eq!(fields[4], *line, "{scenario}: {fields:?}");
        }
        assert!(
            fields[5].to_lowercase().contains(&message.to_lowercase()),
            "{scenario}: {fields:?}"
        );
        // Within the 3 s time limit, with room for a loaded machine.
        assert!(
            elapsed < Duration::from_secs(20),
            "{scenario} took {elapsed:?}"
        );
    }
    assert!(
        seen.lock().unwrap().iter().all(|r| r.path != "/never"),
        "a failed pre-request script sent its request"
    );
    // The `pm.sendRequest` flood went out for its 16 rounds, not one more.
    let floods = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.path == "/flood")
        .count();
    assert_eq!(floods, 16, "the rounds of pm.sendRequest were not bounded");
    // A test script that throws fails the call after the request went out.
    let out = run(fixture_driver(), &base, &["test_throws"]);
    assert_eq!(out["test_throws"][2], "test", "{out:?}");
    assert_eq!(out["test_throws"][4], "Some(2)", "{out:?}");
    assert_eq!(only(&seen, "/fine").method, "GET");
}

const BINANCE_DRIVER: &str = r#"
fn main() {
    let base = std::env::args().nth(1).unwrap();
    let client = binance::Client::builder()
        .base_url(base.clone())
        .var("prod_url", base)
        .var("api-key", "KEY-7")
        .var("api-secret", "s3cret")
        .build()
        .unwrap();
    let results = [
        ("test_connectivity", client.general().test_connectivity().send_blocking().map(drop)),
        ("account_information", client.account().account_information_user_data().send_blocking().map(drop)),
        ("all_orders", client.account().all_orders_user_data().send_blocking().map(drop)),
        ("new_order", client.trade().new_order_trade().send_blocking().map(drop)),
        ("cancel_order", client.trade().cancel_order_trade().send_blocking().map(drop)),
    ];
    for (name, result) in results {
        match result {
            Ok(()) => println!("{name}\tok"),
            Err(error) => println!("{name}\terror\t{error}"),
        }
    }
}
"#;

#[test]
fn binance_spot_signs_every_request_with_its_own_script_and_a_verifying_server_accepts_them() {
    let collection = repo_root().join("../shared/corpus/files/binance-spot.json");
    if !collection.exists() {
        eprintln!("skipped: {} is not there", collection.display());
        return;
    }
    let binary = build_driver(
        "binance",
        &[("binance", &collection)],
        "\"scripts\"",
        BINANCE_DRIVER,
    );
    let (base, seen) = serve(Arc::new(|request: &Received| {
        if !request.query.contains("signature=") {
            return (200, Vec::new(), "{}".to_string());
        }
        match verify_signature(&request.query, &request.body, "s3cret") {
            Ok(()) => (200, Vec::new(), "{}".to_string()),
            Err(why) => (401, Vec::new(), format!("{{\"msg\":{why:?}}}")),
        }
    }));
    let out = run(&binary, &base, &[]);
    for (name, fields) in &out {
        assert_eq!(fields, &["ok"], "{name}: {out:?}");
    }
    assert_eq!(out.len(), 5, "{out:?}");
    let seen = seen.lock().unwrap();
    let signed: Vec<&Received> = seen
        .iter()
        .filter(|r| r.query.contains("signature="))
        .collect();
    assert_eq!(signed.len(), 4, "{seen:?}");
    for request in seen.iter() {
        assert_eq!(request.header("x-mbx-apikey"), Some("KEY-7"), "{request:?}");
    }
}
