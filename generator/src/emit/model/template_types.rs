//! The types of a template body's variable setters (issue #21, rule 1).
//!
//! A raw body with `{{variables}}` is sent as the collection's text with each
//! variable's value in place of `{{name}}`. Where a JSON body has the
//! variable outside quotes (`{"n": {{amount}}}`), the value is a JSON value,
//! and the variable's collection value says which: `5` makes the setter take
//! an `i64`, `2.5` an `f64`, `true` a `bool`, each sent as its JSON text. A
//! variable inside quotes, in a body that is not JSON, or without a value
//! that is one of those keeps a `String` setter, whose text goes in as is.

use crate::ir::{Api, Body, Operation, Primitive, TypeRef};

use super::{body_template_vars, Input, ValueType, Wire};

/// Gives the body-variable inputs of `op` the scalar type their position and
/// collection value show.
pub(super) fn refine(inputs: &mut [Input], op: &Operation, api: &Api) {
    let Some(Body::Raw {
        text,
        is_json: true,
        ..
    }) = &op.body
    else {
        return;
    };
    let text = text.to_postman_string();
    let vars = body_template_vars(op);
    for input in inputs.iter_mut() {
        let Wire::BodyVar(index) = input.wire else {
            continue;
        };
        let Some(var) = vars.get(index) else {
            continue;
        };
        if !outside_strings(&text, var) {
            continue;
        }
        let value = api
            .variables
            .iter()
            .find(|variable| variable.name == *var)
            .and_then(|variable| variable.default.as_deref());
        if let Some(primitive) = value.and_then(scalar) {
            input.value = ValueType::Scalar(TypeRef::Primitive(primitive));
        }
    }
}

/// The scalar a variable's value is as JSON: an integer, a number or a boolean.
fn scalar(value: &str) -> Option<Primitive> {
    match serde_json::from_str::<serde_json::Value>(value.trim()).ok()? {
        serde_json::Value::Number(number) if number.is_i64() => Some(Primitive::I64),
        serde_json::Value::Number(number) if number.is_f64() => Some(Primitive::F64),
        serde_json::Value::Bool(_) => Some(Primitive::Bool),
        _ => None,
    }
}

/// Whether every `{{var}}` of `text` stands outside JSON strings (at least one).
fn outside_strings(text: &str, var: &str) -> bool {
    let token = format!("{{{{{var}}}}}");
    let mut found = false;
    let mut in_string = false;
    let mut escaped = false;
    let mut index = 0;
    let bytes = text.as_bytes();
    while index < bytes.len() {
        let at_token = bytes[index..].starts_with(token.as_bytes());
        if at_token && !in_string {
            found = true;
            index += token.len();
            continue;
        }
        if at_token {
            return false;
        }
        match bytes[index] {
            b'\\' if in_string && !escaped => escaped = true,
            b'"' if !escaped => in_string = !in_string,
            _ => escaped = false,
        }
        if bytes[index] == b'"' {
            escaped = false;
        }
        index += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_outside_quotes_is_a_json_value_and_inside_quotes_text() {
        assert!(outside_strings(r#"{"n": {{n}}, "m": [{{n}}]}"#, "n"));
        assert!(!outside_strings(r#"{"n": {{n}}, "s": "x{{n}}"}"#, "n"));
        assert!(!outside_strings(r#"{"s": "a\"{{n}}"}"#, "n"));
        assert!(outside_strings(r#"{"s": "a\\", "n": {{n}}}"#, "n"));
        assert!(!outside_strings(r#"{"n": 1}"#, "n"));
        assert!(outside_strings(r#"{"é": "ü", "n": {{n}}}"#, "n"));
    }

    #[test]
    fn the_collection_value_picks_the_scalar() {
        assert_eq!(scalar("5"), Some(Primitive::I64));
        assert_eq!(scalar(" -2 "), Some(Primitive::I64));
        assert_eq!(scalar("2.5"), Some(Primitive::F64));
        assert_eq!(scalar("true"), Some(Primitive::Bool));
        assert_eq!(scalar("\"5\""), None);
        assert_eq!(scalar("{\"a\": 1}"), None);
        assert_eq!(scalar("abc"), None);
        assert_eq!(scalar("18446744073709551615"), None);
    }
}
