//! Diagnostics: errors that stop generation and warnings that do not, each
//! pointing at a place in the collection.

pub mod render;

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Informational: the output is complete, but the user may want to know.
    Note,
    /// The output is usable, but something in the collection was not fully honoured.
    Warning,
    /// No output can be produced.
    Error,
}

/// One message about the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable kebab-case code, e.g. `unsupported-auth`, for tools and tests.
    pub code: &'static str,
    /// A sentence for people.
    pub message: String,
    /// Where in the collection: a JSON path such as `$.item[0].item[2].request.url`.
    pub path: String,
    /// 1-based line and column in the source text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<(usize, usize)>,
}

impl Diagnostic {
    /// A warning at a JSON path.
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            path: path.into(),
            location: None,
        }
    }

    /// A note at a JSON path.
    pub fn note(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(code, path, message)
        }
    }

    /// An error at a JSON path.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            ..Diagnostic::warning(code, path, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        match self.location {
            Some((line, column)) => {
                write!(f, "\n  --> {} (line {line}, column {column})", self.path)
            }
            None if !self.path.is_empty() => write!(f, "\n  --> {}", self.path),
            None => Ok(()),
        }
    }
}

/// An error that stops the pipeline, carrying the diagnostic that explains it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Error(pub Box<Diagnostic>);

impl Error {
    /// An error at a JSON path.
    pub fn new(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error(Box::new(Diagnostic::error(code, path, message)))
    }

    /// The diagnostic.
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.0
    }
}

/// Builds JSON paths as lowering walks the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath(String);

impl Default for JsonPath {
    fn default() -> Self {
        JsonPath("$".to_string())
    }
}

impl JsonPath {
    /// `$`, the document root.
    pub fn root() -> Self {
        JsonPath::default()
    }

    /// This path with `.key` appended.
    pub fn key(&self, key: &str) -> Self {
        let simple = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if simple {
            JsonPath(format!("{}.{key}", self.0))
        } else {
            JsonPath(format!("{}[{}]", self.0, serde_json::Value::from(key)))
        }
    }

    /// This path with `[index]` appended.
    pub fn index(&self, index: usize) -> Self {
        JsonPath(format!("{}[{index}]", self.0))
    }

    /// The path text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<JsonPath> for String {
    fn from(path: JsonPath) -> String {
        path.0
    }
}

impl From<&JsonPath> for String {
    fn from(path: &JsonPath) -> String {
        path.0.clone()
    }
}
