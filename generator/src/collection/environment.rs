//! Postman environment exports: `{"name": .., "values": [{"key", "value", "type", "enabled"}]}`.

use serde_json::Value;

use super::model::VariableDef;
use super::value::{array, description, js_string, string, text};
use crate::diagnostics::{Diagnostic, Error};

/// A parsed environment: its name and its values as variable definitions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    /// The environment's name.
    pub name: String,
    /// Its values. `enabled: false` entries are kept: newman uses them anyway (EC55).
    pub values: Vec<VariableDef>,
}

/// Parses a Postman environment (or globals) export.
pub fn load_environment(bytes: &[u8]) -> Result<Environment, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes).map_err(|err| {
        let mut diagnostic = Diagnostic::error(
            "invalid-json",
            "$",
            format!("the environment file is not valid JSON: {err}"),
        );
        diagnostic.location = Some((err.line(), err.column()));
        Error(Box::new(diagnostic))
    })?;
    let doc = doc
        .get("environment")
        .filter(|e| e.get("values").is_some())
        .unwrap_or(&doc);
    if !doc.get("values").is_some_and(Value::is_array) {
        return Err(Error::new(
            "not-an-environment",
            "$.values",
            "the file is not a Postman environment export (expected an object with a `values` array)",
        ));
    }
    let mut values: Vec<VariableDef> = Vec::new();
    for entry in array(doc, "values") {
        let Some(key) = text(entry, "key") else {
            continue;
        };
        let value = entry.get("value").map(js_string).unwrap_or_default();
        values.retain(|v| v.key != key);
        values.push(VariableDef {
            key,
            value,
            kind: string(entry, "type"),
            description: description(entry, "description"),
        });
    }
    Ok(Environment {
        name: text(doc, "name").unwrap_or_default(),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_disabled_entries_and_secret_types() {
        let env = load_environment(
            br#"{"name":"prod","values":[{"key":"a","value":"env-a","enabled":false},{"key":"t","value":"x","type":"secret"},{"key":"n","value":5}]}"#,
        )
        .unwrap();
        let values: Vec<_> = env
            .values
            .iter()
            .map(|v| (v.key.as_str(), v.value.as_str(), v.kind.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("a", "env-a", None),
                ("t", "x", Some("secret")),
                ("n", "5", None)
            ]
        );
    }

    #[test]
    fn a_collection_is_not_an_environment() {
        let err = load_environment(br#"{"info":{},"item":[]}"#).unwrap_err();
        assert_eq!(err.diagnostic().code, "not-an-environment");
    }
}
