//! What a generation run tells its user: per collection, the operations and
//! types made, the client configuration the generated code needs (secrets and
//! unresolved variables), and the diagnostics. How one diagnostic is shown
//! (with an excerpt of the file, or as JSON) is `diagnostics::render`.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use serde_json::{json, Value};

pub use crate::diagnostics::render::{diagnostic_json, render_diagnostic};
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

#[cfg(test)]
mod tests {
    use super::*;

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
