//! `.pages()` and `.items()` walk a real listing: the client generated from
//! zoom-api-baruamrinal (`../shared/corpus`), whose list replies carry
//! `next_page_token`, is compiled into a small program that lists
//! `GET /contacts` against a loopback server serving three pages, with the
//! async `pages()` stream and the blocking `items_blocking()` iterator. The
//! server checks each request's token; the program prints what it got.
//!
//! Builds in `target/pagination-workspace` with the shared
//! `target/interface-target`. Skipped with a notice without the corpus.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use postman_codegen::{Generator, Input, Interface};

mod support {
    pub mod scratch_crate;
}

use support::scratch_crate::{cargo_offline_first, repo_root};

/// The reply for a request target: three pages chained by `next_page_token`.
fn page_for(target: &str) -> String {
    let token = target
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("next_page_token="))
        .unwrap_or("");
    let (ids, next) = match token {
        "" => (["c1", "c2"], "t2"),
        "t2" => (["c3", "c4"], "t3"),
        "t3" => (["c5", "c6"], ""),
        other => panic!("unexpected token {other}"),
    };
    let contacts: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r#"{{"id":"{id}","email":"{id}@example.com","first_name":"F","last_name":"L","phone_numbers":[],"direct_numbers":[]}}"#
            )
        })
        .collect();
    format!(
        r#"{{"page_size":2,"next_page_token":"{next}","contacts":[{}]}}"#,
        contacts.join(",")
    )
}

/// Serves pages on keep-alive connections until the process ends; records request targets.
fn serve(listener: TcpListener, targets: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let targets = targets.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut writer = stream;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let target = line.split(' ').nth(1).unwrap_or_default().to_string();
                    // Skip the headers (GET requests have no body).
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                            break;
                        }
                    }
                    let body = page_for(&target);
                    targets.lock().unwrap().push(target);
                    let _ = write!(
                        writer,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                }
            });
        }
    });
}

const PROGRAM: &str = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = zoom_api::Client::builder()
        .base_url(std::env::args().nth(1).unwrap())
        .build()?;
    let mut pages = client.search_company_contacts().search_key("a").page_size("2").pages();
    while let Some(page) = pages.next_page().await {
        let page = page?;
        let ids: Vec<&str> = page.contacts.iter().map(|c| c.id.as_str()).collect();
        println!("PAGE {} next={:?}", ids.join(","), page.next_page_token);
    }
    let blocking = client.clone();
    let ids = std::thread::spawn(move || {
        blocking
            .search_company_contacts()
            .search_key("a")
            .page_size("2")
            .items_blocking()
            .map(|contact| contact.map(|c| c.id))
            .collect::<Result<Vec<_>, _>>()
    })
    .join()
    .unwrap()?;
    println!("ITEMS {}", ids.join(","));
    Ok(())
}
"#;

#[test]
fn pages_and_items_walk_a_three_page_zoom_listing() {
    let root = repo_root();
    let collection = root.join("../shared/corpus/files/zoom-api-baruamrinal.json");
    if !collection.exists() {
        eprintln!("skipped: {} is not there", collection.display());
        return;
    }
    let generated = Generator::builder()
        .crate_name("zoom-api")
        .interface(Interface::Both)
        .collection(Input::path(&collection))
        .build()
        .unwrap()
        .generate()
        .unwrap();
    let workspace = root.join("target/pagination-workspace");
    let target = root.join("target/interface-target");
    generated.sync_to(workspace.join("zoom-api"), true).unwrap();
    std::fs::create_dir_all(workspace.join("walk/src")).unwrap();
    std::fs::write(
        workspace.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"zoom-api\", \"walk\"]\n",
    )
    .unwrap();
    std::fs::write(
        workspace.join("walk/Cargo.toml"),
        "[package]\nname = \"walk\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n\
         zoom-api = { path = \"../zoom-api\" }\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    )
    .unwrap();
    std::fs::write(workspace.join("walk/src/main.rs"), PROGRAM).unwrap();
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let targets = Arc::new(Mutex::new(Vec::new()));
    serve(listener, targets.clone());
    let output = cargo_offline_first(
        &workspace,
        &target,
        &[],
        &["run", "-q", "-p", "walk", "--", &base],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "PAGE c1,c2 next=\"t2\"",
            "PAGE c3,c4 next=\"t3\"",
            "PAGE c5,c6 next=\"\"",
            "ITEMS c1,c2,c3,c4,c5,c6",
        ]
    );
    let walk = [
        "/contacts?search_key=a&page_size=2",
        "/contacts?search_key=a&page_size=2&next_page_token=t2",
        "/contacts?search_key=a&page_size=2&next_page_token=t3",
    ];
    let expected: Vec<&str> = walk.iter().chain(walk.iter()).copied().collect();
    assert_eq!(*targets.lock().unwrap(), expected);
}
