//! Keeping credentials out of error messages, `Debug` output, `Referer`
//! headers and redirects to other origins.
//!
//! A value is a credential when the client was given it as one: a secret
//! variable, a credential slot, or a token from the token provider. Where it
//! ends up (header, query, path, body) does not matter: every place the
//! runtime shows or forwards text asks [`Secrets`] first.

use reqwest::Url;

use super::encode::{self, Set};

/// What replaces a credential in text the client shows.
pub(crate) const REDACTED: &str = "REDACTED";

/// The credentials of one request attempt, in every spelling they can take on
/// the wire (as given, and percent-encoded each way the runtime encodes).
#[derive(Debug, Default, Clone)]
pub(crate) struct Secrets {
    /// Longest first, so a secret that contains another is replaced whole.
    forms: Vec<String>,
}

impl Secrets {
    /// The credentials `values` (empty ones are ignored).
    pub(crate) fn new<'a>(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut secrets = Secrets::default();
        for value in values {
            secrets.add(value);
        }
        secrets
    }

    /// Adds the credential `value` in every spelling (an empty one is ignored).
    ///
    /// Not generic, and kept in order as it goes (no sort, no dedup pass):
    /// every generated crate compiles this, and a sort by a closure alone
    /// was about 4,600 of the runtime's LLVM IR lines in a debug build.
    pub(crate) fn add(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        self.insert(value.to_string());
        for set in [Set::PathLiteral, Set::PathValue, Set::QueryLiteral, Set::QueryValue, Set::Form] {
            self.insert(encode::encode(value, set));
        }
        // Form bodies write a space as `+`.
        self.insert(encode::encode(value, Set::Form).replace("%20", "+"));
        // `Url` re-encodes what it parses with its own sets. A `#` or `?`
        // would end the path or query there (a cut form would redact
        // text that is no credential, an empty one match everywhere), so
        // they go in escaped, as the encoders above write them.
        // (`&str` patterns here and elsewhere in the runtime: a `char` one
        // is another `replace` compiled into every generated crate.)
        let probe = value.replace("#", "%23").replace("?", "%3F");
        if let Ok(url) = Url::parse(&format!("http://h/{probe}?{probe}")) {
            self.insert(url.path()[1..].to_string());
            if let Some(query) = url.query() {
                self.insert(query.to_string());
            }
        }
    }

    /// Puts `form` in its place in `forms` (longest first, then in text
    /// order), unless it is empty or already there.
    fn insert(&mut self, form: String) {
        if form.is_empty() {
            return;
        }
        let place = self
            .forms
            .binary_search_by(|probe| form.len().cmp(&probe.len()).then_with(|| probe.as_str().cmp(&form)));
        if let Err(place) = place {
            self.forms.insert(place, form);
        }
    }

    /// Whether there is no credential at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whether `bytes` hold a credential in any spelling.
    pub(crate) fn appear_in(&self, bytes: &[u8]) -> bool {
        self.forms
            .iter()
            .any(|form| bytes.windows(form.len()).any(|window| window == form.as_bytes()))
    }

    /// `text` with every credential replaced by [`REDACTED`] and URL userinfo removed.
    pub(crate) fn redact(&self, text: &str) -> String {
        let mut text = redact_userinfo(text);
        for form in &self.forms {
            if text.contains(form.as_str()) {
                text = text.replace(form.as_str(), REDACTED);
            }
        }
        text
    }

    /// `url` without userinfo and with every credential replaced.
    pub(crate) fn redact_url(&self, url: &Url) -> Option<Url> {
        let mut url = url.clone();
        let _ = url.set_username("");
        let _ = url.set_password(None);
        Url::parse(&self.redact(url.as_str())).ok()
    }

    /// A transport error whose URL (shown by its `Display` and `Debug`) is redacted.
    pub(crate) fn transport(&self, error: reqwest::Error) -> reqwest::Error {
        let redacted = error.url().and_then(|url| self.redact_url(url));
        match redacted {
            Some(url) => error.with_url(url),
            None => error.without_url(),
        }
    }
}

/// `text` with the userinfo of every `scheme://user:password@` URL in it
/// replaced: base URLs given to the client may carry credentials.
pub(crate) fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let authority_start = start + 3;
        out.push_str(&rest[..authority_start]);
        let after = &rest[authority_start..];
        let authority_len = after.find(['/', '?', '#', ' ', '`', '\'', '"']).unwrap_or(after.len());
        match after[..authority_len].rfind('@') {
            Some(at) => {
                out.push_str(REDACTED);
                out.push_str(&after[at..authority_len]);
            }
            None => out.push_str(&after[..authority_len]),
        }
        rest = &after[authority_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_secret_is_redacted() {
        let secrets = Secrets::new(["s3cr&t value", "ab"]);
        let text = "q=s3cr%26t%20value&r=s3cr&t value&p=s3cr&t%20value&f=s3cr%26t+value&k=ab";
        let redacted = secrets.redact(text);
        assert!(!redacted.contains("s3cr") && !redacted.contains("=ab"), "{redacted}");
        assert!(secrets.appear_in(b"x s3cr%26t%20value y"));
        assert!(!secrets.appear_in(b"nothing here"));
    }

    #[test]
    fn userinfo_is_redacted_in_any_url_in_text() {
        assert_eq!(
            redact_userinfo("base URL `https://user:pw@host:1/p?x=@` and http://a@b"),
            "base URL `https://REDACTED@host:1/p?x=@` and http://REDACTED@b"
        );
        assert_eq!(redact_userinfo("no url"), "no url");
    }

    #[test]
    fn urls_lose_userinfo_and_secrets() {
        let secrets = Secrets::new(["KEY1"]);
        let url = Url::parse("http://u:p@h/botKEY1/x?api_key=KEY1&a=b").expect("url");
        let redacted = secrets.redact_url(&url).expect("redacted");
        assert_eq!(redacted.as_str(), "http://h/botREDACTED/x?api_key=REDACTED&a=b");
    }
}
