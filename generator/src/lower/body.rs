//! Request bodies: Postman's rules for which body is sent and with which
//! Content-Type (POSTMAN_FORMAT.md §7).

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;

use crate::collection::{BodyDef, FormParam, FormParamKind, Header};
use crate::ir::{Body, FormField, FormFieldKind, GraphQlVariables, Template};
use crate::names::{snake_ident, UniqueNames};

/// Methods whose body Postman drops unless `disableBodyPruning` is set.
const PRUNED_METHODS: &[&str] = &["GET", "HEAD", "COPY", "PURGE", "UNLOCK"];

/// The enabled Content-Type header the user set, if any (the last one wins, as
/// the HTTP client keeps the last spelling).
pub fn user_content_type(headers: &[Header]) -> Option<&str> {
    headers
        .iter()
        .rev()
        .find(|h| !h.disabled && h.key.eq_ignore_ascii_case("content-type"))
        .map(|h| h.value.as_str())
}

/// Inputs for lowering one body.
pub struct BodyContext<'a> {
    /// The request method (upper case).
    pub method: &'a str,
    /// Effective `protocolProfileBehavior.disableBodyPruning`.
    pub disable_pruning: bool,
    /// The request's headers.
    pub headers: &'a [Header],
    /// The bodies of saved examples' original requests (samples).
    pub samples: Vec<&'a BodyDef>,
    /// Form field names already made identifiers (`snake_ident`), kept
    /// across the requests of one lowering: large forms repeat their fields
    /// from request to request (Stripe's 5,434 have 2,242 names). `None`
    /// makes each one anew.
    pub field_idents: Option<&'a RefCell<HashMap<String, String>>>,
}

/// Lowers a body, or `None` when Postman would send none.
pub fn lower(body: &BodyDef, cx: &BodyContext<'_>, names: &mut UniqueNames) -> Option<Body> {
    if PRUNED_METHODS.contains(&cx.method) && !cx.disable_pruning {
        return None;
    }
    let user_type = user_content_type(cx.headers);
    match body {
        BodyDef::None => None,
        BodyDef::Raw { text, language } => {
            if text.is_empty() {
                return None;
            }
            let content_type = user_type
                .map(str::to_string)
                .unwrap_or_else(|| default_raw_content_type(language.as_deref()).to_string());
            let json_language = language.as_deref() == Some("json")
                || (language.is_none() && is_json_media_type(&content_type));
            let strip = |text: &str| {
                if json_language {
                    strip_json_comments(text)
                } else {
                    text.to_string()
                }
            };
            let text = strip(text);
            let is_json =
                (json_language || is_json_media_type(&content_type)) && parses_as_json(&text);
            let samples = cx
                .samples
                .iter()
                .filter_map(|sample| match sample {
                    BodyDef::Raw { text, .. } if !text.trim().is_empty() => Some(strip(text)),
                    _ => None,
                })
                .collect();
            Some(Body::Raw {
                text: Template::parse(&text),
                language: language.clone(),
                content_type,
                is_json,
                samples,
            })
        }
        BodyDef::UrlEncoded(params) => {
            // Disabled fields are the collection's optional fields (openapi-to-postman
            // disables every field that is not required): they stay, as setters.
            let all: Vec<&FormParam> = params.iter().collect();
            if all.is_empty() {
                return None;
            }
            let content_type = match user_type {
                Some(t)
                    if t.to_ascii_lowercase()
                        .starts_with("application/x-www-form-urlencoded") =>
                {
                    t.to_string()
                }
                _ => "application/x-www-form-urlencoded".to_string(),
            };
            let ordered = urlencoded_order(all);
            Some(Body::UrlEncoded {
                fields: form_fields(&ordered, cx, names),
                content_type,
                declared_content_type: user_type.map(str::to_string),
            })
        }
        BodyDef::FormData(params) => {
            let all: Vec<&FormParam> = params.iter().collect();
            if all.is_empty() {
                return None;
            }
            let boundary = user_type.and_then(|t| {
                let lower = t.to_ascii_lowercase();
                if !lower.starts_with("multipart/form-data") {
                    return None;
                }
                let at = lower.find("boundary=")?;
                Some(
                    t[at + "boundary=".len()..]
                        .trim()
                        .trim_matches('"')
                        .to_string(),
                )
                .filter(|b| !b.is_empty())
            });
            Some(Body::FormData {
                fields: form_fields(&all, cx, names),
                boundary,
                declared_content_type: user_type.map(str::to_string),
            })
        }
        BodyDef::File { src } => Some(Body::File {
            src: src.clone(),
            content_type: user_type.map(str::to_string),
        }),
        BodyDef::GraphQl {
            query,
            variables,
            operation_name,
        } => Some(Body::GraphQl {
            query: Template::parse(query),
            variables: match variables {
                Some(serde_json::Value::String(text)) if text.is_empty() => None,
                Some(serde_json::Value::String(text)) => {
                    Some(GraphQlVariables::Text(Template::parse(text)))
                }
                Some(value) => Some(GraphQlVariables::Json(value.clone())),
                None => None,
            },
            operation_name: operation_name.clone(),
        }),
    }
}

/// Postman's Content-Type for a raw body's language (§7.1).
fn default_raw_content_type(language: Option<&str>) -> &'static str {
    match language {
        Some("json") => "application/json",
        Some("javascript") => "application/javascript",
        Some("xml") => "application/xml",
        Some("html") => "text/html",
        _ => "text/plain",
    }
}

/// `application/json` or `application/<anything>+json`, parameters ignored.
pub fn is_json_media_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence
        .strip_prefix("application/")
        .is_some_and(|sub| sub == "json" || sub.ends_with("+json"))
}

/// True when the text is JSON once each `{{variable}}` is read as a value.
fn parses_as_json(text: &str) -> bool {
    let mut placeholder = String::with_capacity(text.len());
    for part in &Template::parse(text).parts {
        match part {
            crate::ir::TemplatePart::Literal(literal) => placeholder.push_str(literal),
            crate::ir::TemplatePart::Var(_) => placeholder.push('0'),
        }
    }
    serde_json::from_str::<serde_json::Value>(&placeholder).is_ok()
}

/// Removes `//` and `/* */` comments outside strings, as Postman does for JSON
/// bodies before sending (§7.1).
pub fn strip_json_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = '\0';
                for n in chars.by_ref() {
                    if previous == '*' && n == '/' {
                        break;
                    }
                    previous = n;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Postman collects urlencoded fields into a JavaScript object before encoding
/// (§7.2): keys that are array indices come first in numeric order, then the
/// other keys in first-occurrence order, each with all its values grouped.
fn urlencoded_order(params: Vec<&FormParam>) -> Vec<&FormParam> {
    let mut keys: Vec<&str> = Vec::new();
    for param in &params {
        if !keys.contains(&param.key.as_str()) {
            keys.push(&param.key);
        }
    }
    let index_key = |key: &str| -> Option<u32> {
        let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
        key.parse::<u32>()
            .ok()
            .filter(|n| canonical && *n < u32::MAX)
    };
    let mut indices: Vec<(u32, &str)> = keys
        .iter()
        .filter_map(|k| index_key(k).map(|n| (n, *k)))
        .collect();
    indices.sort_unstable();
    let ordered_keys = indices
        .into_iter()
        .map(|(_, k)| k)
        .chain(keys.iter().copied().filter(|k| index_key(k).is_none()));
    ordered_keys
        .flat_map(|key| params.iter().copied().filter(move |p| p.key == key))
        .collect()
}

fn form_fields(
    params: &[&FormParam],
    cx: &BodyContext<'_>,
    names: &mut UniqueNames,
) -> Vec<FormField> {
    let ident_of = |key: &str| match cx.field_idents {
        Some(idents) => idents
            .borrow_mut()
            .entry(key.to_string())
            .or_insert_with(|| snake_ident(key, "field"))
            .clone(),
        None => snake_ident(key, "field"),
    };
    let form_samples: Vec<&[FormParam]> = cx
        .samples
        .iter()
        .filter_map(|sample| match sample {
            BodyDef::UrlEncoded(fields) | BodyDef::FormData(fields) => Some(fields.as_slice()),
            _ => None,
        })
        .collect();
    let uses_disabling = params.iter().any(|p| p.disabled)
        || form_samples
            .iter()
            .flat_map(|f| f.iter())
            .any(|p| p.disabled);
    // Each sample's first field of each key, looked up by key: a form of
    // hundreds of fields (Stripe's) made the search field by field
    // quadratic.
    let by_key: Vec<HashMap<&str, &FormParam>> = form_samples
        .iter()
        .map(|fields| {
            let mut first = HashMap::with_capacity(fields.len());
            for field in fields.iter() {
                first.entry(field.key.as_str()).or_insert(field);
            }
            first
        })
        .collect();
    params
        .iter()
        .map(|param| {
            let in_samples: Vec<&FormParam> = by_key
                .iter()
                .filter_map(|fields| fields.get(param.key.as_str()).copied())
                .collect();
            // Where the collection marks optional fields by disabling them, a
            // field enabled in the request and in every saved example is
            // evidence that the server needs it, as much as `(Required)` is.
            // Where nothing is disabled (examples copied from the request),
            // being enabled says nothing.
            let enabled_in_every_example = uses_disabling
                && !form_samples.is_empty()
                && in_samples.len() == form_samples.len()
                && in_samples.iter().all(|f| !f.disabled);
            let sample_values = in_samples
                .iter()
                .filter_map(|field| match &field.kind {
                    FormParamKind::Text(Some(value)) => Some(value.clone()),
                    _ => None,
                })
                .collect();
            FormField {
                key: Template::parse(&param.key),
                ident: names.claim(&ident_of(&param.key)),
                kind: match &param.kind {
                    FormParamKind::Text(value) => FormFieldKind::Text {
                        value: value.as_deref().map(Template::parse),
                    },
                    FormParamKind::File(src) => FormFieldKind::File { src: src.clone() },
                },
                content_type: param.content_type.clone(),
                docs: param.description.clone(),
                required: !param.disabled
                    && (is_required(param.description.as_deref()) || enabled_in_every_example),
                disabled: param.disabled,
                samples: sample_values,
            }
        })
        .collect()
}

/// The openapi-to-postman convention: required parameters' descriptions start
/// with `(Required)`.
pub fn is_required(description: Option<&str>) -> bool {
    description.is_some_and(|d| d.trim_start().starts_with("(Required)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, value: &str) -> FormParam {
        FormParam {
            key: key.into(),
            kind: FormParamKind::Text(Some(value.into())),
            content_type: None,
            disabled: false,
            description: None,
        }
    }

    fn cx<'a>(method: &'a str, headers: &'a [Header]) -> BodyContext<'a> {
        BodyContext {
            method,
            disable_pruning: false,
            headers,
            samples: Vec::new(),
            field_idents: None,
        }
    }

    fn header(key: &str, value: &str, disabled: bool) -> Header {
        Header {
            key: key.into(),
            value: value.into(),
            disabled,
            description: None,
        }
    }

    #[test]
    fn ec38_urlencoded_groups_duplicates_and_puts_index_keys_first() {
        let params = [
            field("b", "1"),
            field("a", "2"),
            field("b", "3"),
            field("2", "x"),
            field("1", "y"),
            field("01", "z"),
        ];
        let ordered: Vec<_> = urlencoded_order(params.iter().collect())
            .iter()
            .map(|p| p.key.as_str())
            .collect();
        assert_eq!(ordered, ["1", "2", "b", "b", "a", "01"]);
    }

    #[test]
    fn ec33_ec34_raw_content_type_from_language_unless_an_enabled_header_says_otherwise() {
        let raw = |language: Option<&str>| BodyDef::Raw {
            text: "{}".into(),
            language: language.map(str::to_string),
        };
        let content_type = |body: Option<Body>| match body {
            Some(Body::Raw { content_type, .. }) => content_type,
            other => panic!("expected raw, got {other:?}"),
        };
        let mut names = UniqueNames::new();
        assert_eq!(
            content_type(lower(&raw(Some("json")), &cx("POST", &[]), &mut names)),
            "application/json"
        );
        assert_eq!(
            content_type(lower(&raw(Some("xml")), &cx("POST", &[]), &mut names)),
            "application/xml"
        );
        assert_eq!(
            content_type(lower(&raw(Some("graphql")), &cx("POST", &[]), &mut names)),
            "text/plain"
        );
        let headers = [header("Content-Type", "application/vnd.api+json", false)];
        assert_eq!(
            content_type(lower(&raw(Some("json")), &cx("POST", &headers), &mut names)),
            "application/vnd.api+json"
        );
        let disabled = [header("Content-Type", "text/csv", true)];
        assert_eq!(
            content_type(lower(&raw(None), &cx("POST", &disabled), &mut names)),
            "text/plain"
        );
    }

    #[test]
    fn ec35_json_comments_stripped_outside_strings() {
        assert_eq!(
            strip_json_comments("{\"u\": \"http://x\", // c\n\"a\": /* b */ 1}"),
            "{\"u\": \"http://x\", \n\"a\":  1}"
        );
        assert_eq!(
            strip_json_comments(r#"{"s": "a\"//b"}"#),
            r#"{"s": "a\"//b"}"#
        );
    }

    #[test]
    fn ec36_bodies_of_get_are_pruned_unless_disabled() {
        let raw = BodyDef::Raw {
            text: "x".into(),
            language: None,
        };
        let mut names = UniqueNames::new();
        assert_eq!(lower(&raw, &cx("GET", &[]), &mut names), None);
        assert!(lower(&raw, &cx("DELETE", &[]), &mut names).is_some());
        let keep = BodyContext {
            disable_pruning: true,
            ..cx("GET", &[])
        };
        assert!(lower(&raw, &keep, &mut names).is_some());
    }

    #[test]
    fn ec42_user_boundary_is_kept_and_ec39_urlencoded_content_type_rules() {
        let mut names = UniqueNames::new();
        let headers = [header(
            "Content-Type",
            "multipart/form-data; boundary=XyZ",
            false,
        )];
        match lower(
            &BodyDef::FormData(vec![field("a", "1")]),
            &cx("POST", &headers),
            &mut names,
        ) {
            Some(Body::FormData { boundary, .. }) => assert_eq!(boundary.as_deref(), Some("XyZ")),
            other => panic!("{other:?}"),
        }
        let headers = [header("Content-Type", "application/json", false)];
        match lower(
            &BodyDef::UrlEncoded(vec![field("a", "1")]),
            &cx("POST", &headers),
            &mut names,
        ) {
            Some(Body::UrlEncoded { content_type, .. }) => {
                assert_eq!(content_type, "application/x-www-form-urlencoded")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn disabled_form_fields_are_optional_and_kept() {
        let mut names = UniqueNames::new();
        let disabled = FormParam {
            disabled: true,
            description: Some("(Required) but disabled".into()),
            ..field("a", "1")
        };
        for body in [
            BodyDef::FormData(vec![disabled.clone()]),
            BodyDef::UrlEncoded(vec![disabled.clone()]),
        ] {
            match lower(&body, &cx("POST", &[]), &mut names) {
                Some(Body::FormData { fields, .. } | Body::UrlEncoded { fields, .. }) => {
                    assert_eq!(fields.len(), 1);
                    assert!(fields[0].disabled && !fields[0].required);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn enabled_in_every_example_makes_a_form_field_required() {
        let mut names = UniqueNames::new();
        let body = BodyDef::UrlEncoded(vec![field("always", "1"), field("sometimes", "2")]);
        let with_both = BodyDef::UrlEncoded(vec![field("always", "1"), field("sometimes", "2")]);
        let sometimes_off = BodyDef::UrlEncoded(vec![
            field("always", "3"),
            FormParam {
                disabled: true,
                ..field("sometimes", "2")
            },
        ]);
        let required = |samples: Vec<&BodyDef>, names: &mut UniqueNames| {
            let cx = BodyContext {
                samples,
                ..cx("POST", &[])
            };
            match lower(&body, &cx, names) {
                Some(Body::UrlEncoded { fields, .. }) => {
                    fields.iter().map(|f| f.required).collect::<Vec<_>>()
                }
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(
            required(vec![&with_both, &sometimes_off], &mut names),
            [true, false]
        );
        // No example: no evidence, so only `(Required)` would make it required.
        assert_eq!(required(Vec::new(), &mut names), [false, false]);
        // Nothing disabled anywhere (examples copied from the request): no evidence either.
        assert_eq!(required(vec![&with_both], &mut names), [false, false]);
    }

    #[test]
    fn empty_bodies_are_no_bodies() {
        let mut names = UniqueNames::new();
        assert_eq!(
            lower(&BodyDef::FormData(vec![]), &cx("POST", &[]), &mut names),
            None
        );
        assert_eq!(
            lower(
                &BodyDef::Raw {
                    text: String::new(),
                    language: None
                },
                &cx("POST", &[]),
                &mut names
            ),
            None
        );
    }
}
