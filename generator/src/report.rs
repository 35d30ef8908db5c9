//! What a generation run tells its user: per collection, the operations and
//! types made, the client configuration the generated code needs (secrets and
//! unresolved variables), and the diagnostics; and how to show diagnostics,
//! for people ([`render_diagnostic`], with an excerpt of the file) and for tools
//! ([`diagnostic_json`], one JSON object per diagnostic).

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use serde_json::{json, Value};

use crate::diagnostics::{Diagnostic, Severity};
use crate::generate::GeneratedApi;
use crate::ir::{AuthScheme, Credential, VariableUse};

/// The report of one generation run: see [`crate::GeneratedCrate::report`].
///
/// Its `Display` is the summary the CLI prints after `generate`: one block per
/// collection, then the warning and note counts by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// One entry per collection, in input order.
    pub apis: Vec<ApiReport>,
    /// Diagnostics about the run rather than one collection (for example a
    /// name override whose item id no collection has).
    pub diagnostics: Vec<Diagnostic>,
}

/// What became of one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiReport {
    /// Where the collection came from (its path or the name it was given).
    pub source: String,
    /// The collection's name (`info.name`).
    pub name: String,
    /// The module it became.
    pub module: String,
    /// Generated operations (request methods).
    pub operations: usize,
    /// Generated named types.
    pub types: usize,
    /// The generated client's default base URL, when the collection (or an
    /// environment) gives one.
    pub base_url: Option<String>,
    /// The credentials the generated client must be given, one per auth
    /// setter of its builder (`.access_token(..)`), for the auth the
    /// collection's requests use.
    pub credentials: Vec<RequiredCredential>,
    /// Variables the generated client must be given before requests that use
    /// them work: secrets, and variables without a value. Variables an auth
    /// setter covers are under [`ApiReport::credentials`] instead.
    pub configuration: Vec<RequiredVariable>,
    /// The collection's diagnostics, with line and column where the JSON path
    /// was found in the file.
    pub diagnostics: Vec<Diagnostic>,
}

/// A credential the generated client is given through a typed setter of its
/// builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredCredential {
    /// The builder call that sets it: `.access_token(..)`, `.basic_auth(.., ..)`.
    pub call: String,
    /// What it is, for people: `OAuth 2.0 access token`.
    pub what: String,
    /// The collection variables it stands for (`accessToken`), if any.
    pub variables: Vec<String>,
    /// True when the collection (or an environment) held a value, which was
    /// not copied into the generated code.
    pub value_withheld: bool,
    /// How many operations send it.
    pub operations: usize,
}

impl RequiredCredential {
    /// One line of the to-do list, without the call.
    fn describe(&self) -> String {
        let mut text = format!("the {}", self.what);
        if !self.variables.is_empty() {
            let names: Vec<String> = self
                .variables
                .iter()
                .map(|name| format!("`{{{{{name}}}}}`"))
                .collect();
            let _ = write!(text, " (the collection's {})", names.join(", "));
        }
        if self.value_withheld {
            text.push_str("; the collection's value was not copied");
        }
        let _ = write!(
            text,
            "; {} {} it, without auth until it is set",
            plural(self.operations, "operation"),
            if self.operations == 1 {
                "sends"
            } else {
                "send"
            }
        );
        text
    }
}

/// A variable the generated client has no default for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequiredVariable {
    /// The name as written in `{{...}}`.
    pub name: String,
    /// True for credentials: values of type `secret`, names that say token,
    /// key, secret or password, and variables used in auth. Their values never
    /// enter generated code.
    pub secret: bool,
    /// True when a value was given (in the collection, an environment or a
    /// `--var`) and left out because the variable is secret.
    pub value_withheld: bool,
    /// Where requests use it.
    pub used_in: Vec<VariableUse>,
}

impl RequiredVariable {
    /// The builder call that sets it: `.var("projectKey", ..)`, with
    /// `.base_url(..)` as the alternative for a variable of the base URL.
    pub fn call(&self) -> String {
        let call = format!(".var({:?}, ..)", self.name);
        if self.used_in.contains(&VariableUse::Server) {
            format!("{call} or .base_url(..)")
        } else {
            call
        }
    }

    /// What the generated client does without the variable, and how to set it.
    pub fn advice(&self) -> String {
        let call = self.call();
        if self.used_in.contains(&VariableUse::Auth) {
            format!("requests go without this credential until `{call}` sets it")
        } else {
            format!("requests using it fail with `Error::InvalidRequest` until `{call}` sets it")
        }
    }

    /// `` `{{apiKey}}`, a secret whose value was not copied, used in headers ``.
    fn describe(&self) -> String {
        let kind = match (self.secret, self.value_withheld) {
            (true, true) => "a secret whose value was not copied",
            (true, false) => "a secret",
            (false, _) => "no value",
        };
        let places: Vec<&str> = self.used_in.iter().map(|u| use_name(*u)).collect();
        format!(
            "`{{{{{}}}}}`, {kind}, used in {}",
            self.name,
            places.join(", ")
        )
    }

    /// What happens until it is set.
    fn consequence(&self) -> &'static str {
        if self.used_in.contains(&VariableUse::Auth) {
            "requests go without this credential until it is set"
        } else {
            "requests using it fail with `Error::InvalidRequest` until it is set"
        }
    }
}

impl Report {
    /// Builds the report of generated APIs.
    pub(crate) fn new(
        crate_name: &str,
        apis: &[GeneratedApi],
        diagnostics: Vec<Diagnostic>,
    ) -> Self {
        Report {
            crate_name: crate_name.to_string(),
            apis: apis.iter().map(ApiReport::new).collect(),
            diagnostics,
        }
    }

    /// Every diagnostic with the collection it is about (`None` for the run's own).
    pub fn all_diagnostics(&self) -> impl Iterator<Item = (Option<&ApiReport>, &Diagnostic)> {
        self.diagnostics.iter().map(|d| (None, d)).chain(
            self.apis
                .iter()
                .flat_map(|api| api.diagnostics.iter().map(move |d| (Some(api), d))),
        )
    }

    /// The diagnostics of at least warning severity.
    pub fn warnings(&self) -> impl Iterator<Item = (Option<&ApiReport>, &Diagnostic)> {
        self.all_diagnostics()
            .filter(|(_, d)| d.severity >= Severity::Warning)
    }

    /// How many diagnostics have exactly this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.all_diagnostics()
            .filter(|(_, d)| d.severity == severity)
            .count()
    }

    /// `2 warnings (unsupported-auth, url-userinfo), 3 notes (2 scripts-ignored, 1 unresolved-variable)`.
    pub fn counts_line(&self) -> String {
        let mut text = String::new();
        for (severity, noun) in [(Severity::Warning, "warning"), (Severity::Note, "note")] {
            let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, diagnostic) in self.all_diagnostics() {
                if diagnostic.severity == severity {
                    *codes.entry(diagnostic.code).or_default() += 1;
                }
            }
            let total: usize = codes.values().sum();
            if severity == Severity::Note && total == 0 {
                continue;
            }
            if !text.is_empty() {
                text.push_str(", ");
            }
            text.push_str(&plural(total, noun));
            if !codes.is_empty() {
                let parts: Vec<String> = codes
                    .iter()
                    .map(|(code, n)| {
                        if *n == 1 {
                            (*code).to_string()
                        } else {
                            format!("{n} {code}")
                        }
                    })
                    .collect();
                let _ = write!(text, " ({})", parts.join(", "));
            }
        }
        text
    }
}

impl Report {
    /// The report as one JSON object for tools: `type` (`"summary"`),
    /// `crate`, `warnings`, `notes`, and per collection its `module`, `source`,
    /// `operations`, `types`, `base_url`, `credentials` (`call`, `what`,
    /// `variables`, `value_withheld`, `operations`) and `configuration`
    /// (`name`, `secret`, `value_withheld`, `used_in`).
    pub fn to_json(&self) -> Value {
        let apis: Vec<Value> = self
            .apis
            .iter()
            .map(|api| {
                let configuration: Vec<Value> = api
                    .configuration
                    .iter()
                    .map(|var| {
                        json!({
                            "name": var.name,
                            "secret": var.secret,
                            "value_withheld": var.value_withheld,
                            "used_in": var.used_in,
                        })
                    })
                    .collect();
                let credentials: Vec<Value> = api
                    .credentials
                    .iter()
                    .map(|credential| {
                        json!({
                            "call": credential.call,
                            "what": credential.what,
                            "variables": credential.variables,
                            "value_withheld": credential.value_withheld,
                            "operations": credential.operations,
                        })
                    })
                    .collect();
                json!({
                    "module": api.module,
                    "source": api.source,
                    "name": api.name,
                    "operations": api.operations,
                    "types": api.types,
                    "base_url": api.base_url,
                    "credentials": credentials,
                    "configuration": configuration,
                })
            })
            .collect();
        json!({
            "type": "summary",
            "crate": self.crate_name,
            "warnings": self.count(Severity::Warning),
            "notes": self.count(Severity::Note),
            "apis": apis,
        })
    }
}

impl ApiReport {
    fn new(generated: &GeneratedApi) -> Self {
        let api = &generated.api;
        let credentials = required_credentials(generated);
        let covered: Vec<&str> = credentials
            .iter()
            .flat_map(|c| c.variables.iter().map(String::as_str))
            .collect();
        let configuration = api
            .variables
            .iter()
            .filter(|v| v.default.is_none() && !v.used_in.is_empty() && !v.name.starts_with('$'))
            .filter(|v| !covered.contains(&v.name.as_str()))
            .map(|v| RequiredVariable {
                name: v.name.clone(),
                secret: v.secret,
                value_withheld: generated.withheld_secrets.contains(&v.name),
                used_in: v.used_in.clone(),
            })
            .collect();
        ApiReport {
            source: generated.source.clone(),
            name: api.name.clone(),
            module: generated.module.clone(),
            operations: api.operations.len(),
            types: generated.types.defs.len(),
            base_url: api.servers.first().and_then(|s| s.default_url.clone()),
            credentials,
            configuration,
            diagnostics: api.diagnostics.clone(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for api in &self.apis {
            writeln!(
                f,
                "{}: {}, {} (from {})",
                api.module,
                plural(api.operations, "operation"),
                plural(api.types, "type"),
                api.source
            )?;
            match &api.base_url {
                Some(url) => writeln!(f, "  base URL: {url}")?,
                None if api.operations > 0 => writeln!(
                    f,
                    "  base URL: none known; set it with the client builder's `.base_url(..)`"
                )?,
                None => {}
            }
            if !api.credentials.is_empty() || !api.configuration.is_empty() {
                writeln!(f, "  needs configuration (on `Client::builder()`):")?;
                for credential in &api.credentials {
                    writeln!(f, "    {}: {}", credential.call, credential.describe())?;
                }
                for var in &api.configuration {
                    writeln!(
                        f,
                        "    {}: {}; {}",
                        var.call(),
                        var.describe(),
                        var.consequence()
                    )?;
                }
            }
        }
        write!(f, "{}", self.counts_line())
    }
}

/// The auth setters of the generated builder that requests need, in the
/// order the builder declares them (as `emit::client` names them: one per
/// kind, API keys numbered by header or query name after the first).
fn required_credentials(generated: &GeneratedApi) -> Vec<RequiredCredential> {
    let api = &generated.api;
    let mut found: Vec<RequiredCredential> = Vec::new();
    let mut api_keys: Vec<String> = Vec::new();
    for (index, scheme) in api.auth_schemes.iter().enumerate() {
        let operations = api
            .operations
            .iter()
            .filter(|op| op.auth.map(|id| id.index()) == Some(index))
            .count();
        let (call, what, credentials) = match scheme {
            AuthScheme::Bearer { token } => (
                ".bearer_token(..)".to_string(),
                "bearer token".to_string(),
                vec![token],
            ),
            AuthScheme::OAuth2 { token, .. } => (
                ".access_token(..)".to_string(),
                "OAuth 2.0 access token".to_string(),
                vec![token],
            ),
            AuthScheme::Basic { username, password } => (
                ".basic_auth(.., ..)".to_string(),
                "username and password".to_string(),
                vec![username, password],
            ),
            AuthScheme::ApiKey { name, value, .. } => {
                if !api_keys.contains(name) {
                    api_keys.push(name.clone());
                }
                let setter = if api_keys.first() == Some(name) {
                    "api_key".to_string()
                } else {
                    format!("api_key_{}", crate::names::snake_ident(name, "key"))
                };
                (
                    format!(".{setter}(..)"),
                    format!("API key `{name}`"),
                    vec![value],
                )
            }
            // Unsupported kinds have a warning of their own and no setter.
            _ => continue,
        };
        if operations == 0 {
            continue;
        }
        let variables: Vec<String> = credentials
            .iter()
            .filter_map(|c| match c {
                Credential::Variable(name) => Some(name.clone()),
                _ => None,
            })
            .collect();
        let value_withheld = credentials
            .iter()
            .any(|c| matches!(c, Credential::Supplied))
            || variables
                .iter()
                .any(|name| generated.withheld_secrets.contains(name));
        match found.iter_mut().find(|c| c.call == call) {
            Some(existing) => {
                existing.operations += operations;
                existing.value_withheld |= value_withheld;
                for name in variables {
                    if !existing.variables.contains(&name) {
                        existing.variables.push(name);
                    }
                }
            }
            None => found.push(RequiredCredential {
                call,
                what,
                variables,
                value_withheld,
                operations,
            }),
        }
    }
    found
}

/// The place a variable is used, for people.
fn use_name(place: VariableUse) -> &'static str {
    match place {
        VariableUse::Server => "base URL",
        VariableUse::Path => "path",
        VariableUse::Query => "query",
        VariableUse::Header => "headers",
        VariableUse::Body => "body",
        VariableUse::Auth => "auth",
    }
}

/// `1 file`, `2 files`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Lines shown before the marked line.
const CONTEXT_BEFORE: usize = 2;
/// Lines shown after the marked line.
const CONTEXT_AFTER: usize = 1;
/// A copy of `source` keeping only the lines an [`excerpt`] of one of
/// `lines` shows (every other line left empty, so line numbers hold): the
/// excerpts come out the same, and a generator run need not keep the whole
/// input in memory to render its diagnostics afterwards.
pub(crate) fn excerpt_lines_only(source: &[u8], lines: impl IntoIterator<Item = usize>) -> Vec<u8> {
    let mut wanted: Vec<(usize, usize)> = lines
        .into_iter()
        .filter(|&line| line > 0)
        .map(|line| {
            (
                line.saturating_sub(CONTEXT_BEFORE).max(1),
                line + CONTEXT_AFTER,
            )
        })
        .collect();
    wanted.sort_unstable();
    let bom = if source.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut kept = source[..bom].to_vec();
    let mut ranges = wanted.iter().peekable();
    // `excerpt` splits as `str::lines` does: at `\n`, dropping a `\r` before it.
    for (index, line) in source[bom..].split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        while ranges.next_if(|(_, last)| *last < number).is_some() {}
        if index > 0 {
            kept.push(b'\n');
        }
        match ranges.peek() {
            Some((first, _)) if *first <= number => kept.extend_from_slice(line),
            Some(_) => {}
            None => break,
        }
    }
    kept
}

/// Characters shown on each side of the marked column in a long line.
const HALF_WIDTH: usize = 50;

/// A diagnostic for the terminal: its `Display`, the file it is about (if
/// given), and — when it has a location and the source is given — a few lines
/// of the source with a `^` under the column. Ends with a newline.
///
/// ```
/// use postman_codegen::report::render_diagnostic;
/// use postman_codegen::Diagnostic;
///
/// let mut diagnostic = Diagnostic::warning("empty-url", "$.item[0]", "request 'x' has no URL");
/// diagnostic.location = Some((3, 5));
/// let source = b"{\n  \"item\": [\n    {\"name\": \"x\"}\n  ]\n}\n";
/// assert_eq!(
///     render_diagnostic(&diagnostic, Some("x.json"), Some(source)),
///     "warning[empty-url]: request 'x' has no URL\n  \
///      --> $.item[0] (line 3, column 5)\n   \
///      = file: x.json\n  |\n\
///      1 | {\n\
///      2 |   \"item\": [\n\
///      3 |     {\"name\": \"x\"}\n  \
///      |     ^\n\
///      4 |   ]\n"
/// );
/// ```
pub fn render_diagnostic(
    diagnostic: &Diagnostic,
    file: Option<&str>,
    source: Option<&[u8]>,
) -> String {
    let mut out = diagnostic.to_string();
    if let Some(file) = file {
        let _ = write!(out, "\n   = file: {file}");
    }
    if let (Some((line, column)), Some(source)) = (diagnostic.location, source) {
        out.push_str(&excerpt(source, line, column));
    }
    out.push('\n');
    out
}

/// A diagnostic as one JSON object for tools (`--message-format json`):
/// `type` (`"diagnostic"`), `severity`, `code`, `message`, `path`, `line`,
/// `column` and `file` (`null` when unknown).
///
/// ```
/// use postman_codegen::report::diagnostic_json;
/// use postman_codegen::Diagnostic;
///
/// let diagnostic = Diagnostic::warning("empty-url", "$.item[0]", "no URL");
/// let json = diagnostic_json(&diagnostic, Some("x.json"));
/// assert_eq!(json["code"], "empty-url");
/// assert_eq!(json["severity"], "warning");
/// assert!(json["line"].is_null());
/// ```
pub fn diagnostic_json(diagnostic: &Diagnostic, file: Option<&str>) -> Value {
    let (line, column) = match diagnostic.location {
        Some((line, column)) => (Some(line), Some(column)),
        None => (None, None),
    };
    json!({
        "type": "diagnostic",
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "path": diagnostic.path,
        "line": line,
        "column": column,
        "file": file,
    })
}

/// Source lines around `line` (1-based) with a marker under `column` (1-based,
/// counted in bytes as serde_json does). Long lines are cut around the column.
fn excerpt(source: &[u8], line: usize, column: usize) -> String {
    let source = source.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(source);
    let text = String::from_utf8_lossy(source);
    let lines: Vec<&str> = text.lines().collect();
    if line == 0 || line > lines.len() + 1 {
        return String::new();
    }
    let first = line.saturating_sub(CONTEXT_BEFORE).max(1);
    let last = (line + CONTEXT_AFTER).min(lines.len());
    let width = last.max(line).to_string().len();
    let mut out = format!("\n{:width$} |", "");
    for number in first..=last.max(line) {
        let content = lines.get(number - 1).copied().unwrap_or("");
        let (shown, marker) = if number == line {
            window(content, column)
        } else {
            (window(content, 1).0, 0)
        };
        let _ = write!(out, "\n{number:>width$} | {shown}");
        if number == line {
            let _ = write!(out, "\n{:width$} | {}^", "", " ".repeat(marker));
        }
    }
    out
}

/// The part of `line` to show and the marker's offset (in characters) in it.
/// Tabs become spaces so the marker lines up.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    // serde_json counts bytes; convert the byte column to a character index.
    let byte = column.saturating_sub(1).min(line.len());
    let index = line
        .char_indices()
        .take_while(|(offset, _)| *offset < byte)
        .count();
    let start = index.saturating_sub(HALF_WIDTH);
    let end = (index + HALF_WIDTH).min(chars.len());
    let mut shown = String::new();
    let mut marker = index - start;
    if start > 0 {
        shown.push_str("...");
        marker += 3;
    }
    shown.extend(&chars[start..end.max(start)]);
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_column() {
        let source = b"{\n  \"a\": 1,\n  \"b\": ,\n}\n";
        assert_eq!(
            excerpt(source, 3, 8),
            "\n  |\n1 | {\n2 |   \"a\": 1,\n3 |   \"b\": ,\n  |        ^\n4 | }"
        );
    }

    #[test]
    fn excerpts_of_the_kept_lines_are_unchanged() {
        let source: String = (1..=40)
            .map(|n| format!("  \"line{n}\": {},\r\n", "x".repeat(n)))
            .collect();
        let source = format!("\u{FEFF}{{\n{source}}}");
        let wanted = [1, 17, 30, 42, 43];
        let kept = excerpt_lines_only(source.as_bytes(), wanted);
        assert!(
            kept.len() < source.len() / 2,
            "{} of {}",
            kept.len(),
            source.len()
        );
        for line in wanted {
            for column in [1, 5, 40] {
                assert_eq!(
                    excerpt(&kept, line, column),
                    excerpt(source.as_bytes(), line, column),
                    "line {line} column {column}"
                );
            }
        }
        assert_eq!(excerpt_lines_only(b"", [3]), b"");
    }

    #[test]
    fn excerpt_cuts_long_lines_and_survives_odd_positions() {
        let long = format!("[{}x]", "1,".repeat(500));
        let shown = excerpt(long.as_bytes(), 1, 802);
        assert!(shown.contains("...1,1,"), "{shown}");
        let marker_line = shown.lines().last().unwrap_or_default();
        let text_line = shown.lines().nth(2).unwrap_or_default();
        let caret = marker_line.find('^').unwrap_or_default();
        assert_eq!(&text_line[caret..caret + 1], "1", "{shown}");
        assert_eq!(excerpt(b"", 5, 1), "");
        assert!(excerpt("é\u{1F980}x".as_bytes(), 1, 100).contains('^'));
        assert!(excerpt(b"abc", 2, 1).contains("2 | \n"), "EOF line");
    }

    #[test]
    fn counts_group_by_code() {
        let report = Report {
            crate_name: "c".into(),
            apis: vec![ApiReport {
                source: "a.json".into(),
                name: "A".into(),
                module: "a".into(),
                operations: 1,
                types: 0,
                base_url: None,
                credentials: vec![],
                configuration: vec![],
                diagnostics: vec![
                    Diagnostic::warning("unsupported-auth", "$", "m"),
                    Diagnostic::note("scripts-ignored", "$", "m"),
                    Diagnostic::note("scripts-ignored", "$", "m"),
                ],
            }],
            diagnostics: vec![Diagnostic::warning("unused-name-override", "", "m")],
        };
        assert_eq!(
            report.counts_line(),
            "2 warnings (unsupported-auth, unused-name-override), 2 notes (2 scripts-ignored)"
        );
        assert_eq!(report.count(Severity::Warning), 2);
        let empty = Report {
            apis: vec![],
            diagnostics: vec![],
            crate_name: "c".into(),
        };
        assert_eq!(empty.counts_line(), "0 warnings");
    }

    #[test]
    fn advice_depends_on_the_use() {
        let var = |used_in| RequiredVariable {
            name: "v".into(),
            secret: false,
            value_withheld: false,
            used_in,
        };
        assert!(var(vec![VariableUse::Auth])
            .advice()
            .contains("without this credential"));
        assert!(var(vec![VariableUse::Server])
            .advice()
            .contains(".base_url"));
        assert!(var(vec![VariableUse::Path])
            .advice()
            .contains(".var(\"v\", ..)"));
    }
}
