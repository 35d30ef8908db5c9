//! The generated README's pre-request-script example is real code: for
//! binance-spot (from `../shared/corpus`, whose collection signs every
//! request with HMAC-SHA256 in a pre-request script), the README's
//! `before_send` example is compiled into a program together with the
//! generated crate, run against a loopback server, and the signature it put
//! on the wire is checked against an HMAC computed here.
//!
//! The crates build in `target/readme-hook-workspace` with the target
//! directory the interface test shares (`target/interface-target`). Skipped
//! with a notice when the corpus is not beside the repository.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::io::{Read, Write};
use std::net::TcpListener;

use hmac::{Hmac, Mac};
use postman_codegen::{Generator, Input, Interface};
use sha2::Sha256;

mod support {
    pub mod scratch_crate;
}

use support::scratch_crate::{cargo_offline_first, repo_root};

/// The README's code block under "Pre-request scripts".
fn hook_example(readme: &str) -> String {
    let section = &readme[readme.find("### Pre-request scripts").expect("section")..];
    let start = section.find("```rust,ignore\n").unwrap() + "```rust,ignore\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

/// Accepts one HTTP request, answers `200 {}` and returns its head.
fn serve_once(listener: TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).unwrap() == 0 {
                break;
            }
            head.push(byte[0]);
        }
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
            .unwrap();
        String::from_utf8(head).unwrap()
    })
}

#[test]
fn the_readme_hmac_hook_signs_binance_requests_on_the_wire() {
    let root = repo_root();
    let collection = root.join("../shared/corpus/files/binance-spot.json");
    if !collection.exists() {
        eprintln!("skipped: {} is not there", collection.display());
        return;
    }
    let generated = Generator::builder()
        .crate_name("binance")
        .interface(Interface::Blocking)
        .collection(Input::path(&collection))
        .build()
        .unwrap()
        .generate()
        .unwrap();
    let example = hook_example(&generated.files()["README.md"]);
    assert!(example.contains(".before_send("), "{example}");

    let workspace = root.join("target/readme-hook-workspace");
    let target = root.join("target/interface-target");
    generated.sync_to(workspace.join("binance"), true).unwrap();
    std::fs::create_dir_all(workspace.join("example/src")).unwrap();
    std::fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"binance\", \"example\"]\n",
    )
    .unwrap();
    std::fs::write(
        workspace.join("example/Cargo.toml"),
        "[package]\nname = \"example\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nbinance = { path = \"../binance\" }\nhmac = \"0.12\"\nsha2 = \"0.10\"\n",
    )
    .unwrap();
    // The README's code as it stands, with the base URL of the loopback server
    // and one signed request.
    let example = example.replace(
        "Client::builder()",
        "Client::builder()\n    .base_url(std::env::args().nth(1).unwrap())",
    );
    std::fs::write(
        workspace.join("example/src/main.rs"),
        format!(
            "fn main() -> Result<(), Box<dyn std::error::Error>> {{\n{example}\n\
             client.general().test_connectivity().send_blocking()?;\nOk(())\n}}\n"
        ),
    )
    .unwrap();
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = serve_once(listener);
    let output = cargo_offline_first(
        &workspace,
        &target,
        &[("API_SECRET", "s3cret")],
        &["run", "-q", "-p", "example", "--", &base],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let head = server.join().unwrap();
    let target_line = head.lines().next().unwrap();
    let path_and_query = target_line.split(' ').nth(1).unwrap();
    let (path, query) = path_and_query.split_once('?').unwrap();
    assert_eq!(path, "/api/v3/ping");
    let (signed, signature) = query.rsplit_once("&signature=").unwrap();
    assert!(signed.starts_with("timestamp="), "{query}");
    let mut mac = Hmac::<Sha256>::new_from_slice(b"s3cret").unwrap();
    mac.update(signed.as_bytes());
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(signature, expected);
}
