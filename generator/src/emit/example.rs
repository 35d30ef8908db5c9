//! Rust expressions for the collection's example values, for the `no_run`
//! examples in the docs. Each value is turned into an expression of its
//! input's type (`68423085`, `"text"`, `types::Action::Deny`, a struct
//! literal); when a value does not fit its type the example leaves it out.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Primitive, TypeKind, TypeRef};

use super::described_example;
use super::model::{Input, ValueType};
use super::rust::{format_file, ident};
use super::types::TypePaths;
use super::Interface;

/// How much of an example value an expression shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every element of every array: the value as the collection has it (the
    /// replay harness sends exactly that).
    Full,
    /// Only the first element of an array: enough to show its type in the
    /// docs, without repeating the same struct literal for every element.
    Abridged,
}

/// An expression for an input's example, as the setter's argument. The docs
/// (`Detail::Abridged`) show the example the input's description gives where
/// the collection has only filler or nothing (`described_example`); the
/// replay harness (`Detail::Full`) sends the collection's own value.
pub fn input_expr(input: &Input, paths: &TypePaths<'_>, detail: Detail) -> Option<TokenStream> {
    if detail == Detail::Abridged {
        if let Some(expr) = described_expr(input, paths, detail) {
            return Some(expr);
        }
    }
    collection_expr(input, paths, detail)
}

/// The description's example, when the collection's value is filler or
/// absent and the description's fits the input's type.
fn described_expr(input: &Input, paths: &TypePaths<'_>, detail: Detail) -> Option<TokenStream> {
    let described = Input {
        example: Some(described_value(input)?),
        ..input.clone()
    };
    collection_expr(&described, paths, detail)
}

/// The example the docs show for an input, as text: the description's
/// (see [`input_expr`]) or the collection's.
pub fn shown_text(input: &Input) -> Option<String> {
    described_value(input)
        .or_else(|| input.example.clone())
        .map(|value| match value {
            serde_json::Value::String(text) => text,
            other => other.to_string(),
        })
}

/// The description's example as a value of the input's kind, when it is
/// better than the collection's (`described_example::better_than`).
fn described_value(input: &Input) -> Option<serde_json::Value> {
    let collection_text = input.example.as_ref().map(|value| match value {
        serde_json::Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
        other => std::borrow::Cow::Owned(other.to_string()),
    });
    let best = described_example::better_than(collection_text.as_deref(), input.docs.as_deref())?;
    match &input.value {
        ValueType::String | ValueType::Enum(_) => Some(serde_json::Value::String(best)),
        _ => serde_json::from_str(&best).ok(),
    }
}

/// The collection's example as an expression.
fn collection_expr(input: &Input, paths: &TypePaths<'_>, detail: Detail) -> Option<TokenStream> {
    let value = input.example.as_ref()?;
    match &input.value {
        ValueType::String => Some(string_literal(value)),
        ValueType::Scalar(ty) | ValueType::Enum(ty) | ValueType::Json(ty) => {
            value_expr(ty, value, paths, true, detail)
        }
        ValueType::Files | ValueType::Bytes | ValueType::Pairs => None,
    }
}

/// The text of a value as a string literal (numbers and booleans as written).
fn string_literal(value: &serde_json::Value) -> TokenStream {
    let text = match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    quote!(#text)
}

/// An expression of type `ty` for `value`; `top` when it is a setter's
/// argument (where `&str` is not accepted for `String` either way, so strings
/// are owned everywhere).
fn value_expr(
    ty: &TypeRef,
    value: &serde_json::Value,
    paths: &TypePaths<'_>,
    top: bool,
    detail: Detail,
) -> Option<TokenStream> {
    use serde_json::Value;
    match (ty, value) {
        // A field only ever seen as `null` is kept as JSON: `Some(Value::Null)`
        // sends the `null` the collection sends (`None` leaves the field out).
        (TypeRef::Option(inner), Value::Null)
            if !top && **inner == TypeRef::Primitive(Primitive::Value) =>
        {
            Some(quote!(Some(serde_json::Value::Null)))
        }
        (TypeRef::Option(inner), Value::Null) if !top => {
            let _ = inner;
            Some(quote!(None))
        }
        (TypeRef::Option(inner), value) if !top => {
            let inner = value_expr(inner, value, paths, false, detail)?;
            Some(quote!(Some(#inner)))
        }
        (TypeRef::Option(inner), value) => value_expr(inner, value, paths, top, detail),
        (TypeRef::Primitive(Primitive::String), Value::String(text)) => {
            Some(quote!(#text.to_string()))
        }
        (TypeRef::Primitive(Primitive::I64), Value::Number(number)) => number
            .as_i64()
            .map(|n| Literal::i64_unsuffixed(n).into_token_stream_with_sign(n < 0)),
        (TypeRef::Primitive(Primitive::F64), Value::Number(number)) => {
            number.as_f64().filter(|f| f.is_finite()).map(|f| {
                let literal = Literal::f64_unsuffixed(f.abs());
                if f < 0.0 {
                    quote!(-#literal)
                } else {
                    quote!(#literal)
                }
            })
        }
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(flag)) => Some(quote!(#flag)),
        (TypeRef::Primitive(Primitive::Value), value) => {
            let json = json_tokens(value);
            Some(quote!(serde_json::json!(#json)))
        }
        (TypeRef::Vec(inner), Value::Array(items)) => {
            let shown = match detail {
                Detail::Full => items.len(),
                Detail::Abridged => 1,
            };
            let items = items
                .iter()
                .take(shown)
                .map(|item| value_expr(inner, item, paths, false, detail))
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(Vec::from([#(#items),*])))
        }
        (TypeRef::Map(inner), Value::Object(entries)) => {
            let entries = entries
                .iter()
                .map(|(key, item)| {
                    let item = value_expr(inner, item, paths, false, detail)?;
                    Some(quote!((#key.to_string(), #item)))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(quote!(std::collections::BTreeMap::from([#(#entries),*])))
        }
        (TypeRef::Named(_), value) => named_expr(ty, value, paths, detail),
        _ => None,
    }
}

fn named_expr(
    ty: &TypeRef,
    value: &serde_json::Value,
    paths: &TypePaths<'_>,
    detail: Detail,
) -> Option<TokenStream> {
    let def = paths.def(ty)?;
    let name = ident(paths.name_of(ty)?);
    // Mark `types::` as used, and spell the path the same way.
    let path = paths.ty(ty);
    let _ = name;
    match (&def.kind, value) {
        (TypeKind::Enum { .. }, serde_json::Value::String(text)) => {
            let variant = enum_variant(def, text)?;
            Some(quote!(#path::#variant))
        }
        (TypeKind::Struct { fields }, serde_json::Value::Object(object)) => {
            let mut names = crate::names::UniqueNames::new();
            let mut missing_required = false;
            let inits: Vec<TokenStream> = fields
                .iter()
                .filter_map(|field| {
                    let field_ident = ident(&names.claim(&field.ident));
                    match object.get(&field.name) {
                        Some(item) => match value_expr(&field.ty, item, paths, false, detail) {
                            Some(expr) => Some(quote!(#field_ident: #expr)),
                            None if matches!(field.ty, TypeRef::Option(_)) => {
                                Some(quote!(#field_ident: None))
                            }
                            None => {
                                missing_required = true;
                                None
                            }
                        },
                        None if matches!(field.ty, TypeRef::Option(_)) => {
                            Some(quote!(#field_ident: None))
                        }
                        // A list some samples leave out: empty, and so left out on the wire.
                        None if matches!(field.ty, TypeRef::Vec(_)) && !field.required => {
                            Some(quote!(#field_ident: Vec::new()))
                        }
                        None => {
                            missing_required = true;
                            None
                        }
                    }
                })
                .collect();
            if missing_required {
                return None;
            }
            Some(quote!(#path { #(#inits),* }))
        }
        _ => None,
    }
}

/// The variant of a generated enum for a wire value (as `types.rs` names them).
fn enum_variant(def: &crate::ir::TypeDef, value: &str) -> Option<TokenStream> {
    let TypeKind::Enum { variants } = &def.kind else {
        return None;
    };
    match variants.iter().find(|variant| variant.value == value) {
        Some(variant) => {
            let name = ident(&variant.ident);
            Some(quote!(#name))
        }
        None => {
            let catch_all = ident(crate::ir::EnumVariant::CATCH_ALL);
            Some(quote!(#catch_all(#value.to_string())))
        }
    }
}

/// Tokens for `serde_json::json!` from a JSON value.
fn json_tokens(value: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    match value {
        Value::Null => quote!(null),
        Value::Bool(flag) => quote!(#flag),
        Value::Number(number) => match (number.as_i64(), number.as_f64()) {
            (Some(n), _) => Literal::i64_unsuffixed(n).into_token_stream_with_sign(n < 0),
            (None, Some(f)) if f.is_finite() => {
                let literal = Literal::f64_unsuffixed(f.abs());
                if f < 0.0 {
                    quote!(-#literal)
                } else {
                    quote!(#literal)
                }
            }
            _ => quote!(null),
        },
        Value::String(text) => quote!(#text),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(key, item)| {
                let item = json_tokens(item);
                quote!(#key: #item)
            });
            quote!({#(#entries),*})
        }
    }
}

/// An integer literal, with a leading `-` as a separate token.
trait SignedLiteral {
    fn into_token_stream_with_sign(self, negative: bool) -> TokenStream;
}

impl SignedLiteral for Literal {
    fn into_token_stream_with_sign(self, negative: bool) -> TokenStream {
        let text = self.to_string();
        match text.strip_prefix('-') {
            Some(digits) if negative => {
                let literal: TokenStream = digits.parse().unwrap_or_default();
                quote!(-#literal)
            }
            _ => quote!(#self),
        }
    }
}

/// A `no_run` doc example: `body` is the statements of a function taking
/// `params` (an async one unless the crate's interface is blocking); the
/// setup and the final `Ok(())` are hidden lines. Returns the Markdown code
/// block.
pub fn doc_example(
    interface: Interface,
    setup: &[TokenStream],
    params: TokenStream,
    body: TokenStream,
) -> Option<String> {
    let asyncness = (interface != Interface::Blocking).then(|| quote!(async));
    let tokens = quote! {
        #asyncness fn example(#params) -> Result<(), Box<dyn std::error::Error>> {
            #(#setup)*
            #body
            Ok(())
        }
    };
    let formatted = format_file("example.rs", tokens).ok()?;
    let code: Vec<&str> = formatted
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .collect();
    // The signature (however prettyplease wraps it) and the closing brace are hidden.
    let body_start = code
        .iter()
        .position(|line| !line.starts_with(' ') && line.ends_with('{'))?
        + 1;
    // Hidden lines are never rendered, so the signature goes on one line
    // however long: prettyplease wraps a long one after `(` and before `)`
    // with a trailing comma, which joining the trimmed lines undoes.
    let signature = code[..body_start]
        .iter()
        .map(|line| line.trim())
        .collect::<String>()
        .replace(",)", ")");
    let mut lines: Vec<String> = vec![format!("# {signature}")];
    for (index, line) in code.iter().enumerate().skip(body_start) {
        let hidden = index + 1 == code.len()
            // The function's own `Ok(())`, not one of a closure in the body.
            || *line == "    Ok(())"
            || line.trim_start().starts_with("use ");
        let line = line.strip_prefix("    ").unwrap_or(line);
        if hidden {
            lines.push(format!("# {line}"));
        } else {
            lines.push(line.to_string());
        }
    }
    Some(format!("```no_run\n{}\n```", lines.join("\n")))
}
