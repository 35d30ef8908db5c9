//! What a caller can choose about the generated crate beyond its name and
//! version: package metadata ([`PackageMetadata`]), the request interface
//! ([`Interface`]) and extra derives on the generated types
//! ([`parse_derive`]); and the cheap checks of each, shared by the
//! [`Generator`](crate::Generator) builder, the settings file and
//! [`emit_crate`](super::emit_crate).

use std::fmt;
use std::str::FromStr;

/// The license a generated crate declares unless told otherwise.
pub const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

/// crates.io accepts at most this many keywords and categories.
pub const MAX_KEYWORDS: usize = 5;

/// crates.io's longest keyword.
const MAX_KEYWORD_LEN: usize = 20;

/// The `[package]` metadata of the generated `Cargo.toml` besides `name` and
/// `version` (`edition` and `rust-version` are fixed by the generator).
/// Absent optional fields are left out of the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageMetadata {
    /// An SPDX license expression; `None` for [`DEFAULT_LICENSE`].
    pub license: Option<String>,
    /// One sentence; `None` for "Typed client for *the API names*, generated from
    /// Postman collections".
    pub description: Option<String>,
    /// The source repository's URL.
    pub repository: Option<String>,
    /// The project's home page.
    pub homepage: Option<String>,
    /// Where the documentation is published (docs.rs is the default on crates.io).
    pub documentation: Option<String>,
    /// `Name <email>` entries.
    pub authors: Vec<String>,
    /// At most five crates.io keywords.
    pub keywords: Vec<String>,
    /// At most five crates.io category slugs (`api-bindings`, `web-programming::http-client`).
    pub categories: Vec<String>,
}

/// A [`PackageMetadata`] value that cannot go into a manifest: which field
/// (its `Cargo.toml` key) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError {
    /// The `Cargo.toml` key: `license`, `keywords`, ...
    pub key: &'static str,
    /// The value at fault (for lists, the entry; empty when the list is too long).
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl PackageMetadata {
    /// The license the manifest declares.
    pub fn license_or_default(&self) -> &str {
        self.license.as_deref().unwrap_or(DEFAULT_LICENSE)
    }

    /// Checks what is cheap to check and that crates.io (or Cargo) would
    /// refuse: an empty or non-SPDX-looking license, an empty description, a
    /// URL that is not `http(s)://`, an empty author, more than five keywords
    /// or categories, a keyword that is not 1–20 ASCII letters, digits, `-`
    /// and `_` starting with a letter, a category that is not a slug. Whether a
    /// category exists is left to crates.io.
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn validate(&self) -> Result<(), MetadataError> {
        let error = |key: &'static str, value: &str, message: String| {
            Err(MetadataError {
                key,
                value: value.to_string(),
                message,
            })
        };
        if let Some(license) = &self.license {
            if let Err(message) = check_license(license) {
                return error("license", license, message);
            }
        }
        if let Some(description) = &self.description {
            if description.trim().is_empty() {
                return error(
                    "description",
                    description,
                    "the description is empty".to_string(),
                );
            }
        }
        for (key, url) in [
            ("repository", &self.repository),
            ("homepage", &self.homepage),
            ("documentation", &self.documentation),
        ] {
            if let Some(url) = url {
                let scheme = url.starts_with("https://") || url.starts_with("http://");
                let has_host = url
                    .split_once("://")
                    .is_some_and(|(_, rest)| !rest.is_empty());
                if !scheme || !has_host || url.contains(char::is_whitespace) {
                    return error(
                        key,
                        url,
                        format!("{key} `{url}` is not an http(s) URL such as `https://github.com/owner/repo`"),
                    );
                }
            }
        }
        if let Some(author) = self
            .authors
            .iter()
            .find(|a| a.trim().is_empty() || a.contains(['\n', '\r']))
        {
            return error(
                "authors",
                author,
                format!("the author `{author}` is empty or spans lines"),
            );
        }
        if self.keywords.len() > MAX_KEYWORDS {
            return error(
                "keywords",
                "",
                format!(
                    "{} keywords are given; crates.io accepts at most {MAX_KEYWORDS}",
                    self.keywords.len()
                ),
            );
        }
        for keyword in &self.keywords {
            let valid = !keyword.is_empty()
                && keyword.len() <= MAX_KEYWORD_LEN
                && keyword.starts_with(|c: char| c.is_ascii_alphabetic())
                && keyword
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return error(
                    "keywords",
                    keyword,
                    format!(
                        "`{keyword}` is not a crates.io keyword: use at most {MAX_KEYWORD_LEN} ASCII letters, digits, `-` and `_`, starting with a letter"
                    ),
                );
            }
        }
        if self.categories.len() > MAX_KEYWORDS {
            return error(
                "categories",
                "",
                format!(
                    "{} categories are given; crates.io accepts at most {MAX_KEYWORDS}",
                    self.categories.len()
                ),
            );
        }
        for category in &self.categories {
            let valid = !category.is_empty()
                && category.split("::").all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                });
            if !valid {
                return error(
                    "categories",
                    category,
                    format!(
                        "`{category}` is not a crates.io category slug such as `api-bindings` or `web-programming::http-client`"
                    ),
                );
            }
        }
        Ok(())
    }
}

/// An SPDX expression as far as its shape goes: identifiers (letters,
/// digits, `.`, `-`, `+`) joined by `AND`, `OR`, `WITH` and parentheses.
fn check_license(license: &str) -> Result<(), String> {
    let spaced = license.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let valid = !tokens.is_empty()
        && tokens.iter().all(|token| {
            matches!(*token, "(" | ")" | "AND" | "OR" | "WITH")
                || token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
        });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{license}` is not an SPDX license expression such as `MIT OR Apache-2.0`"
        ))
    }
}

/// Which way of sending requests the generated crate offers by default.
///
/// The crate always has both Cargo features, `async` (`send().await` on every
/// request builder, on Tokio) and `blocking` (`send_blocking()`); the
/// interface picks its default features, and its docs and examples. With
/// neither feature enabled the crate does not compile (a `compile_error!`
/// says which features to enable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interface {
    /// `send().await` by default; `send_blocking()` with the `blocking` feature.
    #[default]
    Async,
    /// `send_blocking()` by default, with no async runtime to set up; `send().await` with the
    /// `async` feature.
    Blocking,
    /// Both by default.
    Both,
}

impl Interface {
    /// Every interface.
    pub const ALL: [Interface; 3] = [Interface::Async, Interface::Blocking, Interface::Both];

    /// `async`, `blocking` or `both`, as the settings file and `--interface` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Interface::Async => "async",
            Interface::Blocking => "blocking",
            Interface::Both => "both",
        }
    }

    /// Whether the `async` feature is on by default.
    pub fn default_async(self) -> bool {
        matches!(self, Interface::Async | Interface::Both)
    }

    /// Whether the `blocking` feature is on by default.
    pub fn default_blocking(self) -> bool {
        matches!(self, Interface::Blocking | Interface::Both)
    }
}

impl fmt::Display for Interface {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Interface {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Interface::ALL
            .into_iter()
            .find(|interface| interface.as_str() == text)
            .ok_or_else(|| {
                format!("`{text}` is not an interface: use `async`, `blocking` or `both`")
            })
    }
}

/// Parses an extra derive (`schemars::JsonSchema`, `Eq`) as a path without
/// generic arguments.
///
/// # Errors
///
/// The text is not such a path.
pub fn parse_derive(text: &str) -> Result<syn::Path, String> {
    let invalid =
        || format!("`{text}` is not a derive macro path such as `Eq` or `schemars::JsonSchema`");
    let path: syn::Path = syn::parse_str(text.trim()).map_err(|_| invalid())?;
    if path
        .segments
        .iter()
        .any(|segment| !segment.arguments.is_none())
    {
        return Err(invalid());
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(edit: impl FnOnce(&mut PackageMetadata)) -> Result<(), MetadataError> {
        let mut metadata = PackageMetadata::default();
        edit(&mut metadata);
        metadata.validate()
    }

    #[test]
    fn good_metadata_passes() {
        let metadata = PackageMetadata {
            license: Some("(MIT OR Apache-2.0) AND Unicode-DFS-2016".into()),
            description: Some("A client".into()),
            repository: Some("https://github.com/o/r".into()),
            homepage: Some("http://example.com".into()),
            documentation: Some("https://docs.rs/x".into()),
            authors: vec!["A <a@example.com>".into()],
            keywords: vec![
                "api".into(),
                "zoom".into(),
                "web_hooks".into(),
                "x-1".into(),
                "y".into(),
            ],
            categories: vec!["api-bindings".into(), "web-programming::http-client".into()],
        };
        assert_eq!(metadata.validate(), Ok(()));
        assert_eq!(PackageMetadata::default().validate(), Ok(()));
        assert_eq!(
            PackageMetadata::default().license_or_default(),
            DEFAULT_LICENSE
        );
    }

    #[test]
    fn bad_metadata_names_the_key() {
        let key = |edit: fn(&mut PackageMetadata)| with(edit).unwrap_err().key;
        assert_eq!(
            key(|m| m.license = Some("MIT/Apache-2.0".into())),
            "license"
        );
        assert_eq!(key(|m| m.license = Some(" ".into())), "license");
        assert_eq!(key(|m| m.description = Some("".into())), "description");
        assert_eq!(
            key(|m| m.repository = Some("github.com/o/r".into())),
            "repository"
        );
        assert_eq!(key(|m| m.homepage = Some("https://".into())), "homepage");
        assert_eq!(
            key(|m| m.documentation = Some("https://a b".into())),
            "documentation"
        );
        assert_eq!(key(|m| m.authors = vec![" ".into()]), "authors");
        assert_eq!(key(|m| m.keywords = vec!["a".into(); 6]), "keywords");
        for bad in ["", "1password", "has space", "twenty-one-characters", "ünï"] {
            let err = with(|m| m.keywords = vec![bad.into()]).unwrap_err();
            assert_eq!((err.key, err.value.as_str()), ("keywords", bad));
        }
        assert_eq!(
            key(|m| m.categories = vec!["API Bindings".into()]),
            "categories"
        );
        assert_eq!(key(|m| m.categories = vec!["a".into(); 6]), "categories");
        let err = with(|m| m.keywords = vec!["a".into(); 6]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "6 keywords are given; crates.io accepts at most 5"
        );
    }

    #[test]
    fn interfaces_round_trip_and_pick_default_features() {
        for interface in Interface::ALL {
            assert_eq!(interface.as_str().parse(), Ok(interface));
        }
        assert_eq!(Interface::default(), Interface::Async);
        assert!(Interface::Both.default_async() && Interface::Both.default_blocking());
        assert!(!Interface::Blocking.default_async());
        assert!("sync"
            .parse::<Interface>()
            .unwrap_err()
            .contains("`async`, `blocking` or `both`"));
    }

    #[test]
    fn derives_are_paths() {
        assert!(parse_derive("Eq").is_ok());
        assert!(parse_derive("schemars::JsonSchema").is_ok());
        assert!(parse_derive("::std::hash::Hash").is_ok());
        for bad in ["", "Eq, Hash", "Vec<u8>", "a-b", "#[derive(Eq)]", "1x"] {
            assert!(parse_derive(bad).is_err(), "{bad}");
        }
    }
}
