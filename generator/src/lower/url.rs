//! URLs: the server prefix, path parameters, and query parameters
//! (POSTMAN_FORMAT.md §4).

use crate::collection::{Item, QueryEntryValue, Url};
use crate::diagnostics::Diagnostic;
use crate::ir::{Param, PathSegment, QueryParam, QueryValue, Template};
use crate::names::{snake_ident, UniqueNames};

use super::body::is_required;

/// The server prefix of a URL as a template: `scheme://host:port`, or the host
/// alone when it is a variable without a scheme (the variable carries one).
/// A literal host without a scheme gets Postman's default, `http://`.
pub fn server_template(url: &Url) -> Template {
    let mut prefix = String::new();
    match &url.protocol {
        Some(protocol) => {
            prefix.push_str(protocol);
            prefix.push_str("://");
        }
        None if !url.host.is_empty() && !url.host.starts_with("{{") => prefix.push_str("http://"),
        None => {}
    }
    prefix.push_str(&url.host);
    if let Some(port) = &url.port {
        prefix.push(':');
        prefix.push_str(port);
    }
    Template::parse(&prefix)
}

/// Variables that are deployment constants: each has a value for the whole
/// collection and is a whole path segment of every request that has a URL,
/// in a collection of two or more requests (`/{{project-key}}/carts`). Such a segment is client configuration, like
/// the server, not an argument of every call. A variable some requests do
/// without (an id with an example value) stays a path parameter.
pub fn deployment_constants(items: &[Item], has_value: &dyn Fn(&str) -> bool) -> Vec<String> {
    fn walk<'a>(items: &'a [Item], urls: &mut Vec<&'a Url>) {
        for item in items {
            match item {
                Item::Folder(folder) => walk(&folder.items, urls),
                Item::Request(request) if !request.request.url.is_empty() => {
                    urls.push(&request.request.url);
                }
                Item::Request(_) => {}
            }
        }
    }
    let mut urls = Vec::new();
    walk(items, &mut urls);
    let segment_vars = |url: &Url| -> Vec<String> {
        url.path
            .iter()
            .filter_map(|segment| Template::parse(segment).as_single_var().map(str::to_string))
            .collect()
    };
    // One request is no evidence that a value is the same for every call.
    let Some((first, rest)) = urls.split_first().filter(|_| urls.len() >= 2) else {
        return Vec::new();
    };
    let mut constants: Vec<String> = segment_vars(first)
        .into_iter()
        .filter(|name| has_value(name))
        .collect();
    for url in rest {
        let vars = segment_vars(url);
        constants.retain(|name| vars.contains(name));
    }
    constants.dedup();
    constants
}

/// Path segments and their parameters. `:name` segments take their example from
/// `url.variable` (last definition wins, §4.4); a segment that is one
/// `{{variable}}` becomes a parameter whose example is the variable's value,
/// unless the variable is one of the collection's `constants`
/// ([`deployment_constants`]): then it stays a templated literal segment.
pub fn path(
    url: &Url,
    variable_value: &dyn Fn(&str) -> Option<String>,
    constants: &[String],
    names: &mut UniqueNames,
) -> (Vec<PathSegment>, Vec<Param>) {
    let mut segments = Vec::with_capacity(url.path.len());
    let mut params: Vec<Param> = Vec::new();
    for segment in &url.path {
        let (name, suffix, example, docs) = if let Some(rest) = segment.strip_prefix(':') {
            let (name, suffix) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
            if name.is_empty() {
                segments.push(PathSegment::Literal {
                    value: Template::parse(segment),
                });
                continue;
            }
            let definition = url.variables.iter().rev().find(|v| v.key == name);
            let example = definition
                .and_then(|d| d.value.clone())
                .map(|value| resolve(&value, variable_value));
            (
                name.to_string(),
                suffix.to_string(),
                example,
                definition.and_then(|d| d.description.clone()),
            )
        } else if let Some(var) = Template::parse(segment)
            .as_single_var()
            .filter(|var| !constants.iter().any(|c| c == var))
        {
            (var.to_string(), String::new(), variable_value(var), None)
        } else {
            segments.push(PathSegment::Literal {
                value: Template::parse(segment),
            });
            continue;
        };
        let index = match params.iter().position(|p| p.name == name) {
            Some(index) => index,
            None => {
                params.push(Param {
                    ident: names.claim(&snake_ident(&name, "param")),
                    name,
                    docs,
                    example,
                    required: true,
                });
                params.len() - 1
            }
        };
        segments.push(PathSegment::Param {
            param: index,
            suffix,
        });
    }
    (segments, params)
}

/// A warning when the path has `.` or `..` segments (`%2e` counts as `.`):
/// newman sends them as written, while the client's URL parser (WHATWG, the
/// `url` crate under `reqwest`) removes them, and with them the segment
/// before a `..`; no setting of the HTTP library keeps them.
pub fn dot_segments(url: &Url, at: &str) -> Option<Diagnostic> {
    let dots: Vec<String> = url
        .path
        .iter()
        .filter(|segment| {
            let lower = segment.to_ascii_lowercase().replace("%2e", ".");
            lower == "." || lower == ".."
        })
        .map(|segment| format!("`{segment}`"))
        .collect();
    if dots.is_empty() {
        return None;
    }
    Some(Diagnostic::warning(
        "dot-segment",
        at,
        format!(
            "the path has the segments {}, which newman sends as written; the client's URL parser \
             removes them (and the segment before each `..`), so the server sees another path",
            dots.join(", ")
        ),
    ))
}

/// Replaces `{{var}}` in an example with the variable's value where known.
fn resolve(text: &str, variable_value: &dyn Fn(&str) -> Option<String>) -> String {
    let template = Template::parse(text);
    let mut out = String::new();
    for part in &template.parts {
        match part {
            crate::ir::TemplatePart::Literal(literal) => out.push_str(literal),
            crate::ir::TemplatePart::Var(name) => match variable_value(name) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            },
        }
    }
    out
}

/// Query parameters. A literal string value makes a method parameter (required
/// when described `(Required)`, optional otherwise, and always optional when
/// disabled); a value with `{{variables}}` is fixed client configuration; a null
/// or non-string value sends the key alone, as Postman does. A parameter's
/// example is the value the server decodes ([`decode_query_value`]), or with
/// `as_written` (`disableUrlEncoding`, where the client sends a caller's value
/// as written) the text as written.
pub fn query(url: &Url, as_written: bool, names: &mut UniqueNames) -> Vec<QueryParam> {
    url.query
        .iter()
        .map(|entry| {
            let required = !entry.disabled && is_required(entry.description.as_deref());
            let param = |example: Option<String>, names: &mut UniqueNames| Param {
                ident: names.claim(&snake_ident(
                    entry.key.as_deref().unwrap_or_default(),
                    "param",
                )),
                name: entry.key.clone().unwrap_or_default(),
                docs: entry.description.clone(),
                example,
                required,
            };
            let has_key = entry.key.as_deref().is_some_and(|k| !k.is_empty());
            let value = match &entry.value {
                QueryEntryValue::Text(text) => {
                    let template = Template::parse(text);
                    if !has_key || (!entry.disabled && template.vars().next().is_some()) {
                        QueryValue::Fixed { value: template }
                    } else {
                        QueryValue::Param {
                            param: param(
                                Some(if as_written {
                                    text.clone()
                                } else {
                                    decode_query_value(text)
                                }),
                                names,
                            ),
                        }
                    }
                }
                QueryEntryValue::Absent | QueryEntryValue::NotAString(_)
                    if entry.disabled && has_key =>
                {
                    QueryValue::Param {
                        param: param(None, names),
                    }
                }
                QueryEntryValue::Absent | QueryEntryValue::NotAString(_) => QueryValue::KeyOnly,
            };
            QueryParam {
                key: entry.key.clone(),
                value,
                docs: entry.description.clone(),
                required,
                disabled: entry.disabled,
            }
        })
        .collect()
}

/// A query value from the collection as the server reads it: Postman sends
/// the text as written (an existing `%XX` escape and a `+` stay as they are),
/// and a server decodes `%XX` and reads `+` as a space (form decoding). The
/// parameter's example, shown in the docs and sent by the client's encoder
/// (which escapes `%` and `+` in a caller's value), is that decoded text, so
/// `scope=openid%20offline_access` is not escaped twice. Text whose escapes
/// do not decode to UTF-8 is kept as written.
pub fn decode_query_value(text: &str) -> String {
    if !text.contains(['%', '+']) {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |i: usize| bytes.get(i).and_then(|b| char::from(*b).to_digit(16));
        match bytes[index] {
            b'%' => match (hex(index + 1), hex(index + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    index += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::url::{parse_string, read};
    use serde_json::json;

    fn no_vars(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn servers_keep_variables_and_default_to_http() {
        assert_eq!(
            server_template(&parse_string("{{baseUrl}}/a")).to_postman_string(),
            "{{baseUrl}}"
        );
        assert_eq!(
            server_template(&parse_string("api.example.com:8080/a")).to_postman_string(),
            "http://api.example.com:8080"
        );
        assert_eq!(
            server_template(&parse_string("HTTPS://{{host}}/a")).to_postman_string(),
            "https://{{host}}"
        );
    }

    #[test]
    fn ec16_path_params_with_suffix_and_literal_colons() {
        let url = read(Some(
            &json!({"host": "h", "path": ["users", ":id", ":name.json", "a:b", ":"],
            "variable": [{"key": "id", "value": "42"}, {"key": "name", "value": "report"}]}),
        ));
        let (segments, params) = path(&url, &no_vars, &[], &mut UniqueNames::new());
        assert_eq!(
            params
                .iter()
                .map(|p| (p.name.as_str(), p.example.as_deref()))
                .collect::<Vec<_>>(),
            [("id", Some("42")), ("name", Some("report"))]
        );
        assert_eq!(
            segments[2],
            PathSegment::Param {
                param: 1,
                suffix: ".json".into()
            }
        );
        assert!(
            matches!(&segments[3], PathSegment::Literal { value } if value.as_literal().as_deref() == Some("a:b"))
        );
        assert!(matches!(&segments[4], PathSegment::Literal { .. }));
    }

    #[test]
    fn ec19_path_examples_resolve_collection_variables_and_var_segments_are_params() {
        let url = read(Some(
            &json!({"host": "h", "path": [":id", "{{orgId}}"], "variable": [{"key": "id", "value": "{{uid}}"}]}),
        ));
        let lookup = |name: &str| match name {
            "uid" => Some("u-9".to_string()),
            "orgId" => Some("o-1".to_string()),
            _ => None,
        };
        let (_, params) = path(&url, &lookup, &[], &mut UniqueNames::new());
        assert_eq!(params[0].example.as_deref(), Some("u-9"));
        assert_eq!(
            (
                params[1].name.as_str(),
                params[1].ident.as_str(),
                params[1].example.as_deref()
            ),
            ("orgId", "org_id", Some("o-1"))
        );
    }

    #[test]
    fn repeated_path_param_names_share_one_parameter() {
        let (segments, params) = path(
            &parse_string("http://h/:id/x/:id"),
            &no_vars,
            &[],
            &mut UniqueNames::new(),
        );
        assert_eq!(params.len(), 1);
        assert_eq!(
            segments[2],
            PathSegment::Param {
                param: 0,
                suffix: String::new()
            }
        );
    }

    #[test]
    fn ec10_query_values_become_params_fixed_or_key_only() {
        let url = read(Some(&json!({"host": "h", "query": [
            {"key": "a", "value": "1", "description": "(Required) A."}, {"key": "off", "value": "2", "disabled": true},
            {"key": "novalue", "value": null}, {"key": "num", "value": 5}, {"key": "v", "value": "{{v}}"},
            {"key": null, "value": "x"}, {"key": "a", "value": "again"}
        ]})));
        let query = query(&url, false, &mut UniqueNames::new());
        assert!(
            matches!(&query[0].value, QueryValue::Param { param } if param.required && param.example.as_deref() == Some("1"))
        );
        assert!(
            matches!(&query[1].value, QueryValue::Param { param } if !param.required)
                && query[1].disabled
        );
        assert_eq!(query[2].value, QueryValue::KeyOnly);
        assert_eq!(query[3].value, QueryValue::KeyOnly);
        assert!(
            matches!(&query[4].value, QueryValue::Fixed { value } if value.as_single_var() == Some("v"))
        );
        assert!(matches!(&query[5].value, QueryValue::Fixed { .. }));
        assert!(matches!(&query[6].value, QueryValue::Param { param } if param.ident == "a_2"));
    }

    #[test]
    fn query_examples_under_disable_url_encoding_are_the_text_as_written() {
        let url = read(Some(
            &json!({"host": "h", "query": [{"key": "at", "value": "1+2%2C3"}]}),
        ));
        let example = |as_written| match &query(&url, as_written, &mut UniqueNames::new())[0].value
        {
            QueryValue::Param { param } => param.example.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(example(true).as_deref(), Some("1+2%2C3"));
        assert_eq!(example(false).as_deref(), Some("1 2,3"));
    }

    #[test]
    fn query_examples_are_the_values_the_server_decodes() {
        assert_eq!(
            decode_query_value("openid%20offline_access"),
            "openid offline_access"
        );
        assert_eq!(decode_query_value("id_token+token"), "id_token token");
        assert_eq!(
            decode_query_value("https%3A%2F%2Fa.example"),
            "https://a.example"
        );
        assert_eq!(decode_query_value("caf%C3%A9 100%"), "café 100%");
        assert_eq!(decode_query_value("bad%FF"), "bad%FF");
    }
}
