//! Streaming keeps memory flat: a 1 GiB download read with `send_streaming`
//! and a 1 GiB upload sent with `Upload::file`, each in a child process of
//! this test binary (so the figure is that transfer's alone), against a
//! server on 127.0.0.1 in the same child that writes and reads in 256 KiB
//! pieces. The child reports its peak resident set (`VmHWM` in
//! `/proc/self/status`); the parent asserts it stays far below 1 GiB and
//! prints it. Linux only (elsewhere the tests say they are skipped).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Command;

use generated_client::zoom;
use generated_client::Customize;
use generated_client::Upload;

const GIB: u64 = 1 << 30;
const PIECE: usize = 256 * 1024;
/// A buffered gibibyte would be 1024 MiB; allow the process's own baseline.
const CEILING_MIB: u64 = 128;

fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// Runs the ignored test `name` of this binary in a child; its report line.
fn run_child(name: &str) -> Option<(u64, u64)> {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc/self/status to read the peak resident set from");
        return None;
    }
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--ignored",
            "--exact",
            name,
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The harness prints `test name ... ` before the test's own output.
    let line = stdout
        .lines()
        .find_map(|line| line.find("REPORT ").map(|at| &line[at..]))
        .unwrap_or_else(|| panic!("no report: {stdout}"));
    let field = |key: &str| -> u64 {
        line.split(' ')
            .find_map(|pair| pair.strip_prefix(key))
            .and_then(|value| value.parse().ok())
            .unwrap_or_else(|| panic!("{key} in {line}"))
    };
    Some((field("bytes="), field("peak_rss_kib=")))
}

fn check(what: &str, name: &str) {
    let Some((bytes, peak_kib)) = run_child(name) else {
        return;
    };
    assert_eq!(bytes, GIB, "{what}: bytes transferred");
    eprintln!("{what}: 1 GiB, peak resident set {} MiB", peak_kib / 1024);
    assert!(
        peak_kib < CEILING_MIB * 1024,
        "{what}: peak resident set {peak_kib} KiB for 1 GiB"
    );
}

#[test]
fn a_1_gib_download_streams_in_flat_memory() {
    check("download", "child_download_1_gib");
}

#[test]
fn a_1_gib_upload_from_a_file_streams_in_flat_memory() {
    check("upload", "child_upload_1_gib");
}

/// Reads a request head (and discards a body of `Content-Length` bytes);
/// returns the body length.
fn read_request(stream: &mut std::net::TcpStream) -> u64 {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).expect("read") == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let length: u64 = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut buffer = vec![0u8; PIECE];
    let mut left = length;
    while left > 0 {
        let want = usize::try_from(left.min(PIECE as u64)).expect("fits");
        let read = stream.read(&mut buffer[..want]).expect("read body");
        assert!(read > 0, "body ended early");
        left -= read as u64;
    }
    length
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
#[ignore = "a child of a_1_gib_download_streams_in_flat_memory"]
fn child_download_1_gib() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        read_request(&mut stream);
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {GIB}\r\n\r\n"
        )
        .expect("head");
        let piece = vec![7u8; PIECE];
        for _ in 0..GIB / PIECE as u64 {
            stream.write_all(&piece).expect("body");
        }
    });
    let received = runtime().block_on(async {
        let client = zoom::Client::builder()
            .base_url(base)
            .build()
            .expect("client");
        let mut body = client
            .webinars()
            .registrants()
            .update_registrants_status("1")
            .raw_body("text/plain", "go")
            .send_streaming()
            .await
            .expect("stream");
        let mut received = 0u64;
        while let Some(chunk) = body.chunk().await.expect("chunk") {
            assert!(chunk.iter().all(|&b| b == 7));
            received += chunk.len() as u64;
        }
        received
    });
    server.join().expect("server");
    println!("REPORT bytes={received} peak_rss_kib={}", peak_rss_kib());
}

#[test]
#[ignore = "a child of a_1_gib_upload_from_a_file_streams_in_flat_memory"]
fn child_upload_1_gib() {
    // A sparse file: 1 GiB of zeros that takes no disk space.
    let path = std::env::temp_dir().join(format!("i17-gib-{}.bin", std::process::id()));
    std::fs::File::create(&path)
        .and_then(|file| file.set_len(GIB))
        .expect("sparse file");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("accept");
        let length = read_request(&mut stream);
        stream
            .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            .expect("response");
        length
    });
    runtime().block_on(async {
        let client = zoom::Client::builder()
            .base_url(base)
            .build()
            .expect("client");
        client
            .webinars()
            .registrants()
            .update_registrants_status("1")
            .upload_body(Upload::file(&path))
            .send()
            .await
            .expect("upload");
    });
    let received = server.join().expect("server");
    let _ = std::fs::remove_file(&path);
    println!("REPORT bytes={received} peak_rss_kib={}", peak_rss_kib());
}
