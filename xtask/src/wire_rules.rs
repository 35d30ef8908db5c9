//! The wire rules of issue #21, one test per rule, each asserting the bytes
//! the generated client puts on the wire.
//!
//! `fixtures/wire-rules.postman_collection.json` holds one folder per rule.
//! The replay harness (`cargo xtask replay`) sends every request of it once,
//! through a proxy on 127.0.0.1 that records each request and answers 204;
//! the tests read that capture. The expected bytes are what newman 6.2.2 sends
//! for the same collection (checked with `../shared/oracle/oracle.sh`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use crate::{project_root, replay};

/// One request as it arrived at the proxy.
#[derive(Debug, Clone)]
struct Captured {
    method: String,
    /// The absolute-form request target (`http://host/path?query`).
    target: String,
    /// Headers in wire order, names lower-cased.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Captured {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn item(&self) -> &str {
        self.header("x-harness-item").unwrap_or_default()
    }
}

/// The harness run over the fixture: what arrived, and what the harness said.
struct Replayed {
    requests: Vec<Captured>,
    stderr: String,
    success: bool,
}

impl Replayed {
    /// The request of item `path` (`Folder/Item`); panics when it never arrived.
    fn request(&self, path: &str) -> &Captured {
        self.requests
            .iter()
            .find(|r| r.item() == path)
            .unwrap_or_else(|| {
                panic!(
                    "{path} was not sent; harness said:\n{}\narrived: {:?}",
                    self.stderr,
                    self.requests.iter().map(Captured::item).collect::<Vec<_>>()
                )
            })
    }
}

fn fixture() -> PathBuf {
    project_root().join("xtask/fixtures/wire-rules.postman_collection.json")
}

/// Builds the harness once per test binary and replays the fixture through the proxy.
fn replayed() -> &'static Replayed {
    static RUN: OnceLock<Replayed> = OnceLock::new();
    RUN.get_or_init(|| {
        let harness = replay::build(&fixture()).unwrap_or_else(|err| panic!("{}", err.0));
        let (proxy, requests) = capture_proxy();
        let output = Command::new(&harness.binary)
            .env(
                "REPLAY_COLLECTION_DIR",
                project_root().join("xtask/fixtures"),
            )
            .arg(proxy)
            .arg("-")
            .output()
            .expect("the harness runs");
        let requests = requests.lock().unwrap().clone();
        Replayed {
            requests,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            success: output.status.success(),
        }
    })
}

/// A forward proxy on 127.0.0.1 that records every request and answers 204.
fn capture_proxy() -> (String, Arc<Mutex<Vec<Captured>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&requests);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let sink = Arc::clone(&sink);
            std::thread::spawn(move || serve(stream, &sink));
        }
    });
    (url, requests)
}

fn serve(stream: TcpStream, sink: &Mutex<Vec<Captured>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let method = parts.next().unwrap_or_default().to_string();
        let target = parts.next().unwrap_or_default().to_string();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
        }
        let mut captured = Captured {
            method,
            target,
            headers,
            body: Vec::new(),
        };
        if captured.header("transfer-encoding") == Some("chunked") {
            loop {
                let mut size = String::new();
                reader.read_line(&mut size).unwrap_or(0);
                let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                if reader.read_exact(&mut chunk).is_err() {
                    return;
                }
                if size == 0 {
                    break;
                }
                captured.body.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(length) = captured.header("content-length") {
            let mut body = vec![0; length.parse().unwrap_or(0)];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            captured.body = body;
        }
        sink.lock().unwrap().push(captured);
        if stream
            .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
            .is_err()
        {
            return;
        }
    }
}

/// Rule 1: a request the harness cannot build (its raw JSON body is not JSON
/// once rendered, and does not fit its type) is reported by name, and every
/// request after it is still sent.
#[test]
fn rule_1_an_unbuildable_request_is_reported_and_the_run_goes_on() {
    let run = replayed();
    assert!(!run.success, "a request was not sent: the run must fail");
    assert!(
        run.stderr
            .contains("not sent: rule 1/unbuildable body: the collection's value does not fit"),
        "{}",
        run.stderr
    );
    let after = run.request("rule 1/after the unbuildable one");
    assert_eq!(after.method, "GET");
    assert_eq!(after.target, "http://wire.example/after");
    let sent = run.requests.len();
    let total = run
        .stderr
        .lines()
        .find_map(|l| l.strip_suffix(" requests sent"))
        .expect("the harness prints a count");
    assert_eq!(total, format!("{sent} of {}", sent + 1));
}
