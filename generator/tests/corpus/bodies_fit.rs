//! Every JSON body a corpus collection holds fits the type inferred for it:
//! request bodies (and their saved `originalRequest` samples) and saved
//! response bodies, each checked against its type by the rules the emitted
//! serde derives apply (`types.rs`): `Option` fields may be absent or `null`,
//! lists that some samples leave out may be absent, other fields must be present, unknown keys are ignored, enums accept any
//! string (they have a catch-all), `i64` takes integers in range, `f64` any
//! number, `serde_json::Value` anything.
//!
//! A body with `{{variables}}` outside strings is a template, not JSON, and
//! is not an example of its type (the harness renders it at run time). An
//! OpenAPI converter's placeholder (`"<integer>"`) is an example of the type
//! it names and fits that type.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use postman_codegen::unstable::ir::{Body, Primitive, TypeKind, TypeRef, TypeTable};
use serde_json::Value;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        println!("notice: {} is absent; corpus test skipped", root.display());
        return None;
    }
    let mut files = Vec::new();
    for dir in ["files", "converted"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

/// The type an openapi-to-postman placeholder (`<long>`) stands for.
fn placeholder(text: &str) -> Option<Primitive> {
    Some(match text.strip_prefix('<')?.strip_suffix('>')? {
        "integer" | "long" => Primitive::I64,
        "number" | "float" | "double" => Primitive::F64,
        "boolean" => Primitive::Bool,
        "string" | "date" | "dateTime" | "date-time" | "byte" | "binary" | "password" | "uuid"
        | "uri" | "email" => Primitive::String,
        _ => return None,
    })
}

/// Why `value` does not deserialize into `ty`, with the JSON path.
fn misfit(value: &Value, ty: &TypeRef, table: &TypeTable, path: &str) -> Option<String> {
    let wrong = |expected: &str| Some(format!("{path}: expected {expected}, got {value}"));
    if let (Some(kind), TypeRef::Primitive(primitive)) = (value.as_str().and_then(placeholder), ty)
    {
        // An OpenAPI converter's placeholder is an example of a type, not a
        // value: it fits the type it names (the harness reports such requests
        // as their own class, `placeholder`).
        return (kind != *primitive && !(kind == Primitive::I64 && *primitive == Primitive::F64))
            .then(|| wrong("the placeholder's type"))
            .flatten();
    }
    match ty {
        TypeRef::Option(_) if value.is_null() => None,
        TypeRef::Option(inner) => misfit(value, inner, table, path),
        TypeRef::Primitive(Primitive::Value) => None,
        TypeRef::Primitive(Primitive::String) => {
            (!value.is_string()).then(|| wrong("a string")).flatten()
        }
        TypeRef::Primitive(Primitive::Bool) => {
            (!value.is_boolean()).then(|| wrong("a boolean")).flatten()
        }
        TypeRef::Primitive(Primitive::I64) => (value.as_i64().is_none())
            .then(|| wrong("an i64"))
            .flatten(),
        TypeRef::Primitive(Primitive::F64) => {
            (!value.is_number()).then(|| wrong("a number")).flatten()
        }
        TypeRef::Vec(inner) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| misfit(item, inner, table, &format!("{path}[{i}]"))),
            _ => wrong("an array"),
        },
        TypeRef::Map(inner) => match value {
            Value::Object(entries) => entries
                .iter()
                .find_map(|(key, item)| misfit(item, inner, table, &format!("{path}.{key}"))),
            _ => wrong("an object"),
        },
        TypeRef::Named(id) => match (&table.get(*id).kind, value) {
            (TypeKind::Enum { .. }, Value::String(_)) => None,
            (TypeKind::Enum { .. }, _) => wrong("a string (enum)"),
            (TypeKind::Struct { fields }, Value::Object(object)) => {
                fields.iter().find_map(|field| {
                    let at = format!("{path}.{}", field.name);
                    match object.get(&field.name) {
                        Some(item) => misfit(item, &field.ty, table, &at),
                        None if matches!(field.ty, TypeRef::Option(_)) => None,
                        // `#[serde(default)]`: a list some samples leave out.
                        None if matches!(field.ty, TypeRef::Vec(_)) && !field.required => None,
                        None => Some(format!("{at}: missing field")),
                    }
                })
            }
            (TypeKind::Struct { .. }, _) => wrong("an object"),
        },
    }
}

#[test]
fn every_example_body_of_the_corpus_fits_its_inferred_type() {
    let Some(files) = corpus_files() else { return };
    let (mut checked, mut misfits) = (0usize, Vec::new());
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let Ok(loaded) = postman_codegen::unstable::generate::load_and_infer(&bytes) else {
            continue;
        };
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (index, op) in loaded.api.operations.iter().enumerate() {
            let Some(op_types) = loaded.types.operations.get(index) else {
                continue;
            };
            let mut check = |value: &Value, ty: &TypeRef, what: &str| {
                checked += 1;
                if let Some(why) = misfit(value, ty, &loaded.types, "$") {
                    misfits.push(format!("{name}: {} ({what}): {why}", op.postman_name));
                }
            };
            if let (Some(Body::Raw { text, samples, .. }), Some(ty)) = (&op.body, &op_types.body) {
                let texts =
                    std::iter::once(text.to_postman_string()).chain(samples.iter().cloned());
                for text in texts {
                    if let Ok(value) = serde_json::from_str::<Value>(&text) {
                        check(&value, ty, "request body");
                    }
                }
            }
            for example in &op.responses {
                let (Some(code), Some(json)) = (example.code, &example.json) else {
                    continue;
                };
                if let Some(Some(ty)) = op_types.responses.get(&code) {
                    check(
                        json,
                        ty,
                        &format!("response {code} `{}`", example.name.replace('\n', " ")),
                    );
                }
            }
        }
    }
    println!(
        "{checked} example bodies checked, {} do not fit",
        misfits.len()
    );
    assert!(
        checked > 1000,
        "the corpus holds thousands of example bodies; saw {checked}"
    );
    assert!(
        misfits.is_empty(),
        "{} of {checked} example bodies do not fit their inferred type:\n{}",
        misfits.len(),
        misfits.join("\n")
    );
}
