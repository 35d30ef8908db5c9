//! Collection variables: which become client configuration, which are secrets,
//! and the servers' default URLs.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use crate::collection::VariableDef;
use crate::diagnostics::Diagnostic;
use crate::ir::{Server, Template, TemplatePart, Variable, VariableUse};
use crate::names::{snake_ident, UniqueNames};

/// Words in a variable name that mark it as a credential.
const SECRET_WORDS: &[&str] = &[
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "pwd",
    "apikey",
    "credential",
    "credentials",
];

/// True when a variable's name says it holds a credential (`accessToken`,
/// `api_key`, `clientSecret`, `password`).
pub fn name_says_secret(name: &str) -> bool {
    name.to_snake_case()
        .split('_')
        .any(|word| SECRET_WORDS.contains(&word))
}

/// Records where variables are used while lowering.
#[derive(Debug, Default)]
pub struct Uses {
    by_name: BTreeMap<String, BTreeSet<VariableUse>>,
    order: Vec<String>,
}

impl Uses {
    /// Notes every variable in `template` as used in `place`.
    pub fn record(&mut self, template: &Template, place: VariableUse) {
        for name in template.vars() {
            self.record_name(name, place);
        }
    }

    /// Notes one variable as used in `place`.
    pub fn record_name(&mut self, name: &str, place: VariableUse) {
        let entry = self.by_name.entry(name.to_string()).or_insert_with(|| {
            self.order.push(name.to_string());
            BTreeSet::new()
        });
        entry.insert(place);
    }
}

/// The collection's value of a non-secret variable, for examples and defaults.
pub fn default_value<'a>(definitions: &'a [VariableDef], name: &str) -> Option<&'a str> {
    definitions
        .iter()
        .rev()
        .find(|v| v.key == name)
        .filter(|v| !is_secret(v))
        .map(|v| v.value.as_str())
}

fn is_secret(definition: &VariableDef) -> bool {
    definition.kind.as_deref() == Some("secret") || name_says_secret(&definition.key)
}

/// Builds the variable list: collection variables first (in their order), then
/// variables used without a definition (in first-use order). Postman's dynamic
/// `{{$name}}` variables are drawn by the client; an unknown `$name` is reported.
pub fn variables(
    definitions: &[VariableDef],
    uses: &Uses,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Variable> {
    let mut idents = UniqueNames::new();
    let mut out = Vec::new();
    let names = definitions.iter().map(|d| d.key.clone()).chain(
        uses.order
            .iter()
            .filter(|n| !definitions.iter().any(|d| &d.key == *n))
            .cloned(),
    );
    for name in names {
        let used_in: Vec<VariableUse> = uses
            .by_name
            .get(&name)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        // Postman's dynamic variables are drawn by the client; an unknown
        // `$name` is not one Postman knows, so it stays a variable to set.
        if name.starts_with('$') && !crate::dynamic_variables::is_known(&name) {
            diagnostics.push(Diagnostic::warning(
                "dynamic-variable",
                "",
                format!("`{{{{{name}}}}}` is not one of Postman's dynamic variables; the client fails the request unless it is set with `.var(\"{name}\", ..)`"),
            ));
        }
        let definition = definitions.iter().rev().find(|d| d.key == name);
        let secret = definition.is_some_and(is_secret)
            || name_says_secret(&name)
            || used_in.contains(&VariableUse::Auth);
        out.push(Variable {
            ident: idents.claim(&snake_ident(&name, "var")),
            default: definition.filter(|_| !secret).map(|d| d.value.clone()),
            secret,
            docs: definition.and_then(|d| d.description.clone()),
            used_in,
            name,
        });
    }
    out
}

/// Reports variables the requests use that have no value the client can default to.
pub fn report_unresolved(variables: &[Variable], diagnostics: &mut Vec<Diagnostic>) {
    for var in variables
        .iter()
        .filter(|v| v.default.is_none() && !v.used_in.is_empty() && !v.name.starts_with('$'))
    {
        let places: Vec<&str> = var.used_in.iter().map(|u| use_name(*u)).collect();
        let what = if var.secret {
            "a secret"
        } else {
            "a variable with no value in the collection"
        };
        diagnostics.push(Diagnostic::note(
            "unresolved-variable",
            "$.variable",
            format!(
                "`{{{{{}}}}}` ({}) is {what}: the client must be configured with it (used in {})",
                var.name,
                var.ident,
                places.join(", ")
            ),
        ));
    }
}

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

/// A server's URL with non-secret defaults substituted, when that gives an
/// absolute http(s) URL (`http://` is assumed when no scheme results, as Postman does).
pub fn default_url(template: &Template, variables: &[Variable]) -> Option<String> {
    let mut url = String::new();
    for part in &template.parts {
        match part {
            TemplatePart::Literal(text) => url.push_str(text),
            TemplatePart::Var(name) => {
                let var = variables.iter().find(|v| &v.name == name)?;
                let value = var.default.as_deref()?;
                // A value may itself hold variables; resolve one level, as far as known.
                for inner in &Template::parse(value).parts {
                    match inner {
                        TemplatePart::Literal(text) => url.push_str(text),
                        TemplatePart::Var(inner_name) => url.push_str(
                            variables
                                .iter()
                                .find(|v| &v.name == inner_name)?
                                .default
                                .as_deref()?,
                        ),
                    }
                }
            }
        }
    }
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let url = if url.contains("://") {
        url.to_string()
    } else {
        format!("http://{url}")
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', ':']).next().unwrap_or_default();
    (!host.is_empty() && !url.contains(char::is_whitespace))
        .then(|| url.trim_end_matches('/').to_string())
}

/// Names servers: `base_url` for the most used, then `<host words>_url`.
pub fn name_servers(servers: &mut [Server]) {
    let mut idents = UniqueNames::new();
    for (index, server) in servers.iter_mut().enumerate() {
        let wanted = if index == 0 {
            "base_url".to_string()
        } else {
            let words = server.url.to_postman_string().replace("://", " ");
            // `{{crate}}` gives `crate_`; with `_url` after it, the keyword
            // escape is not needed, and `crate__url` would draw a warning.
            let stem = snake_ident(&words, "server");
            format!("{}_url", stem.trim_end_matches('_'))
        };
        server.ident = idents.claim(&wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, default: Option<&str>) -> Variable {
        Variable {
            name: name.into(),
            ident: snake_ident(name, "v"),
            default: default.map(str::to_string),
            secret: false,
            docs: None,
            used_in: vec![],
        }
    }

    #[test]
    fn secret_names_are_recognised_by_word() {
        assert!(name_says_secret("accessToken"));
        assert!(name_says_secret("api_key"));
        assert!(name_says_secret("apikey"));
        assert!(name_says_secret("CLIENT_SECRET"));
        assert!(!name_says_secret("monkey"));
        assert!(!name_says_secret("baseUrl"));
    }

    #[test]
    fn default_urls_need_an_http_origin() {
        let vars = [
            var("baseUrl", Some("https://api.zoom.us/v2/")),
            var("slash", Some("/")),
            var("host", Some("example.com")),
        ];
        assert_eq!(
            default_url(&Template::parse("{{baseUrl}}"), &vars).as_deref(),
            Some("https://api.zoom.us/v2")
        );
        assert_eq!(default_url(&Template::parse("{{slash}}"), &vars), None);
        assert_eq!(
            default_url(&Template::parse("https://{{host}}"), &vars).as_deref(),
            Some("https://example.com")
        );
        assert_eq!(default_url(&Template::parse("{{missing}}"), &vars), None);
    }

    #[test]
    fn secrets_never_get_defaults() {
        let definitions = [
            VariableDef {
                key: "accessToken".into(),
                value: "abc".into(),
                kind: None,
                description: None,
            },
            VariableDef {
                key: "hidden".into(),
                value: "xyz".into(),
                kind: Some("secret".into()),
                description: None,
            },
            VariableDef {
                key: "user".into(),
                value: "u".into(),
                kind: None,
                description: None,
            },
        ];
        let mut uses = Uses::default();
        uses.record_name("user", VariableUse::Auth);
        let vars = variables(&definitions, &uses, &mut Vec::new());
        assert!(vars.iter().all(|v| v.secret && v.default.is_none()));
    }
}
