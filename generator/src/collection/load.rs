//! Bytes to [`Collection`], with errors that say what the document is instead.

use serde_json::Value;

use super::model::Collection;
use super::value::{member, string};
use crate::diagnostics::{Diagnostic, Error, Severity};
use crate::ir::FormatVersion;

/// Parses a Postman collection (v2.0 or v2.1, or v1 converted as Postman's
/// converter does, see [`super::v1`]) from bytes.
///
/// A UTF-8 byte-order mark is skipped. Invalid JSON gives an `invalid-json`
/// error with line and column; documents that are something else (an
/// environment, an OpenAPI file, a top-level array) get an error
/// that names what they are. A collection wrapped as `{"collection": {...}}`
/// (the Postman API's export shape) is unwrapped.
pub fn load(bytes: &[u8]) -> Result<Collection, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A plain v2 collection is read one item at a time, its top-level items
    // on the pool when the bytes allow (`split`); anything else, and every
    // error, goes the whole-document way below.
    let accepted = |doc: &Value| check_is_v2_collection(doc).ok().map(|()| format_of(doc));
    if let Some(collection) = super::split::read(bytes, accepted) {
        return Ok(collection);
    }
    if let Some(collection) = super::lazy::read(bytes, accepted) {
        return Ok(collection);
    }
    let doc: Value = serde_json::from_slice(bytes).map_err(|err| {
        let reason = strip_position(&err);
        let mut diagnostic = if reason.contains("recursion limit exceeded") {
            Diagnostic::error(
                "nesting-too-deep",
                "$",
                "the collection nests deeper than 128 JSON levels (about 60 folders inside each other), \
                 which the generator does not support",
            )
        } else {
            Diagnostic::error("invalid-json", "$", format!("the file is not valid JSON: {reason}"))
        };
        if err.line() > 0 {
            diagnostic.location = Some((err.line(), err.column()));
        }
        Error(Box::new(diagnostic))
    })?;
    let wrapped = member(&doc, "collection").is_some_and(|inner| inner.get("item").is_some())
        && doc.get("item").is_none();
    let mut doc = match doc {
        Value::Object(mut object) if wrapped => {
            object.swap_remove("collection").unwrap_or_default()
        }
        doc => doc,
    };
    if super::v1::is_v1(&doc) {
        // newman runs a v1 file after the same conversion.
        doc = super::v1::to_v2(&doc);
    }
    check_is_v2_collection(&doc)?;
    let format = format_of(&doc);
    Ok(Collection::read(&mut doc, format))
}

/// The format `info.schema` declares.
pub(super) fn format_of(doc: &Value) -> FormatVersion {
    match member(doc, "info").and_then(|info| string(info, "schema")) {
        Some(schema) if schema.contains("v2.1.0") => FormatVersion::V2_1,
        Some(schema) if schema.contains("v2.0.0") => FormatVersion::V2_0,
        _ => FormatVersion::Unknown,
    }
}

/// serde_json appends " at line L column C"; the diagnostic carries those separately.
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn check_is_v2_collection(doc: &Value) -> Result<(), Error> {
    let not_a_collection = |message: String| Err(Error::new("not-a-collection", "$", message));
    let Value::Object(object) = doc else {
        let kind = match doc {
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            _ => "null",
        };
        return not_a_collection(format!(
            "the document is {kind}, not a Postman collection (a JSON object with `info` and `item`)"
        ));
    };
    let truthy = |key: &str| member(doc, key).is_some_and(|v| v != &Value::Bool(false) && v != "");
    if truthy("name") && truthy("order") && truthy("requests") {
        return Err(Error(Box::new(Diagnostic {
            severity: Severity::Error,
            code: "v1-collection",
            message: "this is a Postman collection in the legacy v1 format, which is not supported; \
                      convert it to v2.1 first (re-export it from the Postman app, or run \
                      `npx postman-collection-transformer convert -i IN.json -o OUT.json -j 1.0.0 -p 2.1.0`)"
                .to_string(),
            path: "$".to_string(),
            location: None,
        })));
    }
    if object.contains_key("_postman_variable_scope")
        || (object.contains_key("values") && !object.contains_key("item"))
    {
        return not_a_collection(
            "this is a Postman environment (or globals) export, not a collection; pass it with --environment".to_string(),
        );
    }
    if object.contains_key("openapi") || object.contains_key("swagger") {
        return not_a_collection(
            "this is an OpenAPI/Swagger document, not a Postman collection; use an OpenAPI generator such as progenitor".to_string(),
        );
    }
    match object.get("item") {
        Some(Value::Array(_)) => Ok(()),
        Some(_) => Err(Error::new("invalid-shape", "$.item", "`item` must be an array of items and folders")),
        None => not_a_collection(
            "the document has no `item` array, so it is not a Postman v2 collection (expected `info` and `item`)".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_code(bytes: &[u8]) -> &'static str {
        match load(bytes) {
            Err(err) => err.diagnostic().code,
            Ok(_) => "ok",
        }
    }

    #[test]
    fn invalid_json_has_line_and_column() {
        let err = load(b"{\n  \"info\": {},\n  \"item\": [,]\n}").unwrap_err();
        assert_eq!(err.diagnostic().code, "invalid-json");
        assert_eq!(err.diagnostic().location, Some((3, 12)));
    }

    #[test]
    fn documents_that_are_not_collections_say_what_they_are() {
        assert_eq!(error_code(b"[]"), "not-a-collection");
        assert_eq!(
            error_code(br#"{"name":"x","order":["a"],"requests":[{}]}"#),
            "ok",
            "a v1 collection is converted"
        );
        assert_eq!(
            error_code(br#"{"name":"env","values":[],"_postman_variable_scope":"environment"}"#),
            "not-a-collection"
        );
        assert_eq!(error_code(br#"{"openapi":"3.0.0"}"#), "not-a-collection");
        assert_eq!(error_code(br#"{"info":{},"item":{}}"#), "invalid-shape");
        assert_eq!(
            error_code(b"{\"info\":{},\"item\":[]} trailing"),
            "invalid-json"
        );
    }

    #[test]
    fn bom_and_wrapper_are_accepted() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(br#"{"collection":{"info":{"name":"w","schema":"https://schema.getpostman.com/json/collection/v2.0.0/collection.json"},"item":[]}}"#);
        let collection = load(&bytes).unwrap();
        assert_eq!(collection.name, "w");
        assert_eq!(collection.format, FormatVersion::V2_0);
    }
}
