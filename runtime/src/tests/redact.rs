//! Credential redaction (`runtime/redact.rs`).

use crate::runtime::redact::{redact_userinfo, Secrets, REDACTED};

#[test]
fn a_secret_containing_another_is_replaced_whole() {
    let secrets = Secrets::new(["abc", "abcdef"]);
    assert_eq!(
        secrets.redact("x=abcdef y=abc"),
        format!("x={REDACTED} y={REDACTED}")
    );
}

#[test]
fn the_spellings_are_the_same_longest_first_and_once_whatever_order_the_secrets_come_in() {
    // Spellings that contain one another (`a b` → `a%20b`, `a+b`) and
    // repeat across secrets (`a b` twice, `ab` inside `abc`).
    let values = ["ab", "a b", "abc", "a b", "c?d#e", "x", "abcdef"];
    let forward = Secrets::new(values);
    let backward = Secrets::new(values.iter().rev().copied());
    assert_eq!(format!("{forward:?}"), format!("{backward:?}"));
    let text = "p=abcdef q=a%20b r=a+b s=c%3Fd%23e t=abc u=x";
    let redacted = forward.redact(text);
    assert_eq!(
        redacted,
        format!("p={REDACTED} q={REDACTED} r={REDACTED} s={REDACTED} t={REDACTED} u={REDACTED}")
    );
    assert_eq!(backward.redact(text), redacted);
    // Each spelling once: the list of a secret given twice is the list of it given once.
    let once = Secrets::new(["a b"]);
    let twice = Secrets::new(["a b", "a b"]);
    assert_eq!(format!("{once:?}"), format!("{twice:?}"));
}

#[test]
fn empty_credentials_are_no_credentials() {
    let secrets = Secrets::new(["", ""]);
    assert!(secrets.is_empty());
    assert!(!secrets.appear_in(b"anything"));
    assert_eq!(secrets.redact("text"), "text");
}

#[test]
fn the_spellings_of_form_bodies_and_url_parsing_are_caught() {
    let secrets = Secrets::new(["p a/ss{1}"]);
    // A form body writes spaces as `+`; `Url` re-encodes path and query its own way.
    for spelling in ["p+a%2Fss%7B1%7D", "p%20a/ss%7B1%7D", "p%20a%2Fss%7B1%7D"] {
        assert!(secrets.appear_in(spelling.as_bytes()), "{spelling}");
        assert_eq!(
            secrets.redact(&format!("k={spelling}")),
            format!("k={REDACTED}"),
            "{spelling}"
        );
    }
    let url = reqwest::Url::parse("https://h/p%20a/ss%7B1%7D?q=p%20a/ss%7B1%7D").expect("url");
    let shown = secrets.redact_url(&url).expect("url").to_string();
    assert!(!shown.contains("ss"), "{shown}");
}

#[test]
fn userinfo_without_a_password_and_at_signs_outside_the_authority_are_handled() {
    assert_eq!(
        redact_userinfo("ftp://user@host/a@b"),
        format!("ftp://{REDACTED}@host/a@b")
    );
    assert_eq!(
        redact_userinfo("mail me@example.com"),
        "mail me@example.com"
    );
    assert_eq!(redact_userinfo("x://"), "x://");
}

/// A credential holding `#` or `?` is matched whole in every spelling, never
/// cut where a URL would end its path: `#` alone once made an empty form,
/// which panicked in `appear_in`.
#[test]
fn credentials_with_url_delimiters_match_whole_and_never_panic() {
    let secrets = Secrets::new(["#", "?x", "pa#ss"]);
    assert!(secrets.appear_in(b"token pa#ss"));
    assert!(secrets.appear_in(b"/v/pa%23ss"));
    assert!(secrets.appear_in(b"q=%3Fx"));
    assert!(!secrets.appear_in(b"page pass"), "a cut `pa` is no credential");
    assert_eq!(secrets.redact("a pa b"), "a pa b");
}
